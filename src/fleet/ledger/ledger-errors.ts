import { ExitCode, SchemafleetError } from '../../errors.js';

// Not a RefusedError subclass only because its `name` is a literal type; the exit code is the same.
/**
 * Two rollouts for one fleet never interleave: a different desired schema while another rollout is
 * still running or paused is refused, naming the rollout in the way.
 */
export class RolloutConflictError extends SchemafleetError {
  override readonly name = 'RolloutConflictError';
  constructor(
    readonly activeRolloutId: string,
    readonly activeSchemaHash: string,
    readonly activeState: string,
    readonly requestedSchemaHash: string,
  ) {
    super(
      `rollout ${activeRolloutId} (schema ${activeSchemaHash.slice(0, 12)}) is still ${activeState}; refusing to start another rollout (schema ${requestedSchemaHash.slice(0, 12)}) on the same fleet`,
      ExitCode.refused,
      `let it finish, or abort it first: schemafleet abort --rollout ${activeRolloutId}`,
    );
  }
}

/** The ledger tables were created by a newer schemafleet than this one. */
export class LedgerVersionError extends SchemafleetError {
  override readonly name = 'LedgerVersionError';
  constructor(found: number, supported: number) {
    super(`the ledger schema is version ${found}, this schemafleet understands up to ${supported}`, ExitCode.refused, 'upgrade schemafleet');
  }
}
