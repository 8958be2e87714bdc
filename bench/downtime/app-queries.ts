/**
 * The application's queries, on the tables the change touches. Columns are named, never `*`, as
 * an application would (a `SELECT *` plan cached across the new column would break, not wait).
 */
export type QueryType = 'read' | 'update' | 'insert' | 'join';

export interface AppQuery {
  readonly type: QueryType;
  readonly sql: string;
  readonly params: readonly unknown[];
}

export const QUERY_TYPES: readonly QueryType[] = ['read', 'update', 'insert', 'join'];

/** Share of each query type in the mix. */
const QUERY_MIX: Readonly<Record<QueryType, number>> = { read: 0.45, update: 0.2, insert: 0.15, join: 0.2 };

const STATUSES = ['new', 'paid', 'shipped', 'done'] as const;
const REGIONS = ['eu', 'us', 'ap'] as const;

export interface QuerySpace {
  /** Orders 1..orders exist from the start; inserts add more. */
  readonly orders: number;
  readonly accounts: number;
}

export function appQuery(type: QueryType, space: QuerySpace, random: () => number = Math.random): AppQuery {
  const orderId = 1 + Math.floor(random() * space.orders);
  const accountId = 1 + Math.floor(random() * space.accounts);
  switch (type) {
    case 'read':
      return { type, sql: 'SELECT id, account_id, status, amount_cents, region, updated_at FROM orders WHERE id = $1', params: [orderId] };
    case 'update':
      return { type, sql: 'UPDATE orders SET status = $2, amount_cents = amount_cents + 1, updated_at = now() WHERE id = $1', params: [orderId, pick(STATUSES, random)] };
    case 'insert':
      return {
        type,
        sql: 'INSERT INTO orders (account_id, status, amount_cents, region, note) VALUES ($1, $2, $3, $4, $5) RETURNING id',
        params: [accountId, 'new', Math.floor(random() * 100_000), pick(REGIONS, random), `bench order ${orderId}`],
      };
    case 'join':
      return {
        type,
        sql: 'SELECT a.name, count(o.id) AS orders, sum(o.amount_cents) AS total FROM accounts a JOIN orders o ON o.account_id = a.id WHERE a.id = $1 GROUP BY a.name',
        params: [accountId],
      };
  }
}

/** A query type drawn by QUERY_MIX. */
export function pickQueryType(random: () => number = Math.random): QueryType {
  let r = random();
  for (const type of QUERY_TYPES) {
    r -= QUERY_MIX[type];
    if (r < 0) return type;
  }
  return 'read';
}

function pick<T>(values: readonly T[], random: () => number): T {
  return values[Math.floor(random() * values.length) % values.length] as T;
}
