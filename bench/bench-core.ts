import { withClient } from '../src/db/with-client.js';
import { introspectSchema } from '../src/schema/introspect/introspect-schema.js';
import { planMigration } from '../src/plan/plan-migration.js';
import { generateSchema } from './generate-schema.js';
import { measure, type Timing } from './measure.js';

export interface CoreBenchResult {
  readonly rows: readonly { readonly what: string; readonly ours: Timing; readonly baseline: Timing | null; readonly target: string }[];
  readonly planSteps: number;
}

/**
 * Introspection of a 16- and a 1,000-table schema, diff+plan of 1,000 tables, and the same
 * two-database comparison done by @pgkit/migra (the baseline) on the same databases in the same run.
 */
export async function benchCore(databaseUrl: (name: string) => Promise<string>): Promise<CoreBenchResult> {
  const { run: runMigra } = await import('@pgkit/migra');
  // pg-promise (under migra) warns on every repeated connection; the warning is noise here.
  const migra = async (...args: Parameters<typeof runMigra>): Promise<unknown> => {
    const warn = console.warn;
    console.warn = () => undefined;
    try {
      return await runMigra(...args);
    } finally {
      console.warn = warn;
    }
  };
  const smallFrom = await databaseUrl('bench_small_from');
  const smallTo = await databaseUrl('bench_small_to');
  const largeFrom = await databaseUrl('bench_large_from');
  const largeTo = await databaseUrl('bench_large_to');
  await withClient(smallFrom, (c) => c.query(generateSchema(16)));
  await withClient(smallTo, (c) => c.query(generateSchema(16, 'changed')));
  await withClient(largeFrom, (c) => c.query(generateSchema(1000)));
  await withClient(largeTo, (c) => c.query(generateSchema(1000, 'changed')));

  const rows: CoreBenchResult['rows'][number][] = [];
  const small = await withClient(smallFrom, (c) => measure(() => introspectSchema(c, 'public'), 50, 5));
  rows.push({ what: 'introspect 16 tables', ours: small, baseline: null, target: '< 15 ms' });
  const large = await withClient(largeFrom, (c) => measure(() => introspectSchema(c, 'public'), 7, 2));
  rows.push({ what: 'introspect 1,000 tables', ours: large, baseline: null, target: '< 1 s' });

  const current = await withClient(largeFrom, (c) => introspectSchema(c, 'public'));
  const desired = await withClient(largeTo, (c) => introspectSchema(c, 'public'));
  // Fresh copies each run, so no cached fingerprint makes a run look cheaper than the first one is.
  const copies = Array.from({ length: 25 }, () => [structuredClone(current), structuredClone(desired)] as const);
  let next = 0;
  const plan = await measure(
    () => {
      const [a, b] = copies[next++]!;
      return planMigration(a, b);
    },
    20,
    3,
  );
  const planSteps = planMigration(current, desired).plan.steps.length;
  rows.push({ what: 'diff + plan 1,000 tables (fingerprints included)', ours: plan, baseline: null, target: '< 100 ms' });

  // End to end as a user runs it: read both databases and compute the migration.
  const oursSmall = await measure(
    async () => {
      const [a, b] = await Promise.all([withClient(smallFrom, (c) => introspectSchema(c)), withClient(smallTo, (c) => introspectSchema(c))]);
      return planMigration(a, b);
    },
    10,
    2,
  );
  const migraSmall = await measure(() => migra(smallFrom, smallTo, { schema: 'public', unsafe: true }), 5, 1);
  rows.push({ what: 'compare two 16-table databases (connect, read both, plan)', ours: oursSmall, baseline: migraSmall, target: 'beat migra' });
  const oursLarge = await measure(
    async () => {
      const [a, b] = await Promise.all([withClient(largeFrom, (c) => introspectSchema(c)), withClient(largeTo, (c) => introspectSchema(c))]);
      return planMigration(a, b);
    },
    3,
    1,
  );
  const migraLarge = await measure(() => migra(largeFrom, largeTo, { schema: 'public', unsafe: true }), 3, 1);
  rows.push({ what: 'compare two 1,000-table databases (connect, read both, plan)', ours: oursLarge, baseline: migraLarge, target: 'beat migra' });
  return { rows, planSteps };
}
