/**
 * One review per pull request at a time, newest head wins. Webhooks for the same pull request
 * (opened, a quick series of pushes, a re-run) are run one after another; a job whose head is no
 * longer the newest seen for its pull request by the time its turn comes is dropped unrun. The
 * job itself asks `isNewest` again before it writes, since a push can land while it computes.
 */
export type QueueOutcome = 'ran' | 'superseded';

export class PullRequestQueue {
  readonly #tails = new Map<string, Promise<unknown>>();
  readonly #newest = new Map<string, string>();

  /** Whether `headSha` is the newest head seen for the pull request. */
  isNewest(key: string, headSha: string): boolean {
    return this.#newest.get(key) === headSha;
  }

  async run(key: string, headSha: string, job: () => Promise<void>): Promise<QueueOutcome> {
    this.#newest.set(key, headSha);
    const previous = this.#tails.get(key) ?? Promise.resolve();
    const mine = previous
      .catch(() => undefined)
      .then(async (): Promise<QueueOutcome> => {
        if (!this.isNewest(key, headSha)) return 'superseded';
        await job();
        return 'ran';
      });
    this.#tails.set(key, mine);
    try {
      return await mine;
    } finally {
      // The last job of a pull request forgets it, so the maps hold only pull requests in flight.
      if (this.#tails.get(key) === mine) {
        this.#tails.delete(key);
        this.#newest.delete(key);
      }
    }
  }
}
