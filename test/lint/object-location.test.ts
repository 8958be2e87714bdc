import { describe, expect, it } from 'vitest';
import { locateObject, statementsDefining } from '../../src/lint/object-location.js';
import { statementsOf } from './schema-statements.js';

// Two schemas with a table, a column, an index and a trigger of the same names: in a plan of
// several schemas the lookup must find the one of the finding's schema.
const TWO_SCHEMAS = [
  'CREATE SCHEMA app;', //                                                  1
  'CREATE SCHEMA audit;', //                                                2
  'CREATE TABLE app.users (id bigint PRIMARY KEY, email text);', //         3
  'CREATE TABLE audit.users (', //                                          4
  '  id bigint PRIMARY KEY,', //                                            5
  '  email text,', //                                                       6
  '  score integer CHECK (score >= 0)', //                                  7
  ');', //                                                                  8
  'SET search_path TO audit;', //                                           9
  'CREATE INDEX users_email ON users (email);', //                          10
  'SET search_path TO app, audit;', //                                      11
  'CREATE INDEX users_email ON users (email);', //                          12
  "SELECT pg_catalog.set_config('search_path', 'audit', false);", //         13
  "COMMENT ON TABLE users IS 'who changed what';", //                       14
].join('\n');

describe('locateObject in a file of several schemas', () => {
  it("finds the object in the finding's schema: qualified names, columns inside CREATE TABLE, SET search_path and set_config", async () => {
    const { file, statements } = await statementsOf(TWO_SCHEMAS, 'app', ['audit']);
    const line = (object: string, schema?: string): number | null => locateObject(object, statements, schema)?.line ?? null;
    expect(locateObject('users', statements, 'audit')).toEqual({ file, line: 4 });
    expect(line('users', 'app')).toBe(3);
    expect(line('users.email', 'audit')).toBe(6);
    expect(line('users.email', 'app')).toBe(3);
    // A column dropped from audit.users points at audit's table, not app's.
    expect(line('users.nickname', 'audit')).toBe(4);
    expect(line('users.users_score_check', 'audit')).toBe(7);
    expect(line('users_email', 'audit')).toBe(10);
    expect(line('users_email', 'app')).toBe(12);
    expect(line('orders', 'audit')).toBeNull();
  });

  it('counts for inline ignores only the statements of the schema', async () => {
    const { statements } = await statementsOf(TWO_SCHEMAS, 'app', ['audit']);
    const lines = (object: string, schema?: string): number[] => statementsDefining(object, statements, schema).map((s) => s.location.line);
    expect(lines('users', 'audit')).toEqual([4, 14]);
    expect(lines('users', 'app')).toEqual([3]);
    expect(lines('users.nickname', 'audit')).toEqual([4, 14]);
  });

  it('without a schema (a plan of one schema) looks up by name alone, as before', async () => {
    const { statements } = await statementsOf(TWO_SCHEMAS, 'app', ['audit']);
    expect(locateObject('users', statements)?.line).toBe(3);
    expect(locateObject('users_email', statements)?.line).toBe(10);
    expect(statementsDefining('users', statements).map((s) => s.location.line)).toEqual([3, 4, 14]);
  });
});
