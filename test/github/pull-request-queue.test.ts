import { describe, expect, it } from 'vitest';
import { PullRequestQueue } from '../../src/github/pull-request-queue.js';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = (): void => undefined;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('PullRequestQueue', () => {
  it('runs the jobs of one pull request one after another, and drops a queued older head', async () => {
    const queue = new PullRequestQueue();
    const log: string[] = [];
    const gate = deferred();
    const first = queue.run('acme/shop#17', 'a', async () => {
      log.push('a start');
      await gate.promise;
      log.push('a end');
    });
    await Promise.resolve();
    await Promise.resolve();
    const second = queue.run('acme/shop#17', 'b', async () => void log.push('b'));
    const third = queue.run('acme/shop#17', 'c', async () => void log.push('c'));
    // While a runs, b and c wait; c is the newest head, so b is dropped unrun.
    expect(queue.isNewest('acme/shop#17', 'a')).toBe(false);
    gate.resolve();
    expect(await Promise.all([first, second, third])).toEqual(['ran', 'superseded', 'ran']);
    expect(log).toEqual(['a start', 'a end', 'c']);
  });

  it('runs different pull requests side by side', async () => {
    const queue = new PullRequestQueue();
    const gate = deferred();
    const log: string[] = [];
    const slow = queue.run('acme/shop#1', 'a', async () => {
      await gate.promise;
      log.push('1');
    });
    await queue.run('acme/shop#2', 'b', async () => void log.push('2'));
    gate.resolve();
    await slow;
    expect(log).toEqual(['2', '1']);
  });

  it('keeps going after a job fails, and forgets a pull request once its jobs are done', async () => {
    const queue = new PullRequestQueue();
    await expect(queue.run('acme/shop#3', 'a', async () => Promise.reject(new Error('GitHub is down')))).rejects.toThrow('GitHub is down');
    expect(await queue.run('acme/shop#3', 'b', async () => undefined)).toBe('ran');
    expect(queue.isNewest('acme/shop#3', 'b')).toBe(false);
  });
});
