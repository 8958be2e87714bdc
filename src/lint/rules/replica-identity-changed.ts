import type { ReplicaIdentity, Table } from '../../schema/model.js';
import type { LintRule, RuleViolation } from '../rule.js';
import { isExistingTable, stepsWithChanges } from './plan-facts.js';

/** The columns an identity sends as a row's old key, in words; null when it sends none. */
function identityColumns(identity: ReplicaIdentity, table: Table | undefined): string | null {
  if (identity === 'full') return 'every column';
  if (identity === 'nothing') return null;
  if (identity === 'default') {
    const pk = table?.constraints.find((c) => c.kind === 'primary key');
    return pk ? `the primary key (${pk.columns.join(', ')})` : null;
  }
  const columns = table?.indexes.find((i) => i.name === identity.index)?.columns ?? table?.constraints.find((c) => c.name === identity.index)?.columns ?? [];
  return `index ${identity.index} (${columns.join(', ')})`;
}

/** PostgreSQL's error for an UPDATE on such a table (verified on PostgreSQL 15, even at wal_level = replica). */
const noIdentityError = (table: string): string => `cannot update table "${table}" because it does not have a replica identity and publishes updates`;

/**
 * REPLICA IDENTITY decides what an UPDATE or DELETE logs as the old row for logical replication
 * and CDC. Changing it changes what every consumer receives from the next change on, and with no
 * identity (NOTHING, or DEFAULT on a table without a primary key) PostgreSQL refuses UPDATE and
 * DELETE on a table that a publication publishes them for. The lock is replica-identity-locks-table's.
 */
export const replicaIdentityChanged: LintRule = {
  id: 'replica-identity-changed',
  category: 'breaks-running-code',
  defaultSeverity: 'warning',
  why: 'The replica identity is the old row logical replication and CDC get for every UPDATE and DELETE: changing it changes what consumers receive, and without one UPDATE and DELETE fail on a published table.',
  fix: 'Check every publication and CDC connector that reads the table first: keep an identity (a primary key or a unique NOT NULL index) on published tables, and change it in step with the consumers that key rows on it.',
  check(context) {
    const out: RuleViolation[] = [];
    for (const { index, change } of stepsWithChanges(context)) {
      if (change?.kind !== 'set-replica-identity' || change.from === null || !isExistingTable(context, change.table)) continue;
      const name = change.table;
      const from = identityColumns(
        change.from,
        context.current.tables.find((t) => t.name === name),
      );
      const to = identityColumns(
        change.to,
        context.desired.tables.find((t) => t.name === name),
      );
      if (from === to) continue;
      const clause = typeof change.to === 'string' ? change.to.toUpperCase() : `USING INDEX ${change.to.index}`;
      let effect: string;
      if (to === null) {
        const why = change.to === 'default' ? `${name} has no primary key, so this leaves it without an identity` : `this leaves ${name} without an identity`;
        effect = `${why}: if ${name} is in a publication that publishes updates or deletes, every UPDATE and DELETE on ${name} fails from the moment it commits (${noIdentityError(name)}); otherwise logical replication and CDC get no old key for them`;
      } else if (change.to === 'full') {
        effect = `the old row logical replication and CDC get for each UPDATE and DELETE goes from ${from ?? 'nothing'} to every column: with wal_level = logical each one logs the whole old row (more WAL), consumers receive every old column, and before PostgreSQL 16 a subscriber whose table has no primary key or replica identity index finds each changed row by a sequential scan`;
      } else {
        effect = `the old key logical replication and CDC get for each UPDATE and DELETE changes from ${from ?? 'nothing'} to ${to}: consumers that identify rows by the old key receive another one`;
      }
      out.push({ object: name, message: `ALTER TABLE ${name} REPLICA IDENTITY ${clause}: ${effect}.`, step: index });
    }
    return out;
  },
};
