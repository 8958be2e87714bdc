/**
 * Webhook deliveries already handled, so a redelivery (GitHub keeps its X-GitHub-Delivery id)
 * changes nothing. A delivery whose handling failed is forgotten, so redelivering it is a retry.
 * Bounded: the oldest ids are forgotten first; a redelivery older than that is still harmless,
 * since the comment it would write has the same bytes and is not edited.
 */
export class DeliveryLog {
  readonly #seen = new Set<string>();
  readonly #capacity: number;

  constructor(capacity = 1_000) {
    this.#capacity = capacity;
  }

  /** Forgets a delivery whose handling failed: its redelivery will run again. */
  forget(id: string): void {
    this.#seen.delete(id);
  }

  /** true the first time an id is given, false for every redelivery of it. */
  firstTime(id: string): boolean {
    if (this.#seen.has(id)) return false;
    this.#seen.add(id);
    if (this.#seen.size > this.#capacity) {
      const oldest = this.#seen.values().next().value;
      if (oldest !== undefined) this.#seen.delete(oldest);
    }
    return true;
  }
}
