import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres, type EmbeddedServer } from '../../src/schema/scratch/embedded-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of the server the tests create their databases on. */
    adminUrl: string;
  }
}

let server: EmbeddedServer | undefined;

// One PostgreSQL per test run: the server named by SCHEMAFLEET_TEST_DATABASE_URL, or an embedded one.
export async function setup(project: TestProject): Promise<void> {
  const external = process.env.SCHEMAFLEET_TEST_DATABASE_URL;
  if (external) {
    project.provide('adminUrl', external);
    return;
  }
  server = await startEmbeddedPostgres();
  project.provide('adminUrl', server.url);
}

export async function teardown(): Promise<void> {
  await server?.stop();
}
