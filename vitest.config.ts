import { defineConfig } from 'vitest/config';

// One embedded PostgreSQL per test run (globalSetup), one fresh database per test (test/support/pg.ts).
export default defineConfig({
  test: {
    globalSetup: ['test/support/global-setup.ts'],
    include: ['test/**/*.test.ts'],
    exclude: process.env.SCHEMAFLEET_SLOW_TESTS ? [] : ['test/**/*.slow.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Tests mostly wait on PostgreSQL (and on lock timeouts and health-gate pauses on purpose), not
    // on this process's CPU: vitest's default of one worker per core but one would run them one by
    // one on a 2-core machine (measured: 1,008 s serially, 450 s with 4 workers).
    maxWorkers: 4,
  },
});
