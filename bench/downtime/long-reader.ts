import pg from 'pg';
import { quoteIdent } from '../../src/util/quote-ident.js';

export interface LongReaderOptions {
  readonly url: string;
  readonly schema: string;
  readonly holdMs: number;
  readonly gapMs: number;
  /** Stops by itself at this time (ms since epoch) at the latest. */
  readonly deadline: number;
}

/**
 * An application transaction that reads `orders` and then keeps the transaction open for holdMs,
 * holding ACCESS SHARE on the table: the classic trigger of a lock-queue pile-up, because an
 * ALTER TABLE queued behind it makes every later query on the table queue behind the ALTER.
 */
export class LongReader {
  private running = false;
  private loop: Promise<void> | null = null;
  private client: pg.Client | null = null;
  transactions = 0;
  failures = 0;

  constructor(private readonly options: LongReaderOptions) {}

  async start(): Promise<void> {
    const client = new pg.Client({ connectionString: this.options.url, application_name: 'sf-bench-reader', statement_timeout: this.options.holdMs + 30_000 });
    await client.connect();
    await client.query(`SET search_path TO ${quoteIdent(this.options.schema)}`);
    this.client = client;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    // The transaction in its hold finishes (at most holdMs): a closed socket would not end pg_sleep sooner.
    await this.loop;
    await this.client?.end().catch(() => undefined);
    this.client = null;
  }

  private async run(): Promise<void> {
    const client = this.client;
    if (!client) return;
    while (this.running && Date.now() < this.options.deadline) {
      try {
        await client.query('BEGIN');
        await client.query('SELECT count(*) FROM orders WHERE amount_cents < 1000');
        await client.query('SELECT pg_sleep($1::float8 / 1000)', [this.options.holdMs]);
        await client.query('COMMIT');
        this.transactions++;
      } catch {
        if (!this.running) return;
        this.failures++;
        await client.query('ROLLBACK').catch(() => undefined);
      }
      for (const until = Date.now() + this.options.gapMs; this.running && Date.now() < until;) await sleep(Math.min(50, until - Date.now()));
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
