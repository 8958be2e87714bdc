import type { HazardKind } from '../../../src/plan/step.js';

/**
 * A pair of several-schema database states. Both SQL texts are complete schema files: they create
 * their schemas (`CREATE SCHEMA app; CREATE SCHEMA audit;`) and qualify every name, as
 * `pg_dump --schema-only` of such a database does. The runner builds them on two databases,
 * plans before → after over `schemas`, applies, and demands the target's catalog and an empty replan.
 */
export interface MultiSchemaCase {
  readonly name: string;
  /** The scope: the first is the primary schema (unqualified names, the session's search_path). */
  readonly schemas: readonly [string, ...string[]];
  readonly before: string;
  readonly after: string;
  readonly seed?: string;
  /** Steps matching these patterns (against `schema: sql`) appear in this order. */
  readonly expectOrder?: readonly RegExp[];
  readonly expectHazards?: readonly HazardKind[];
  /**
   * false when `after` is not meant as a schema file (migra's fixtures grant to the role that owns
   * the objects, which a file loaded as another role cannot mean): then only pg_dump of the target
   * is loaded as one. Default true.
   */
  readonly afterIsSchemaFile?: boolean;
}
