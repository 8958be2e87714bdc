/** Why a statement of a schema file is refused, worded for its author (statement-rules.ts, allowed-statements.ts). */
export const reasons = {
  data: 'a schema file declares structure only; data changes belong in a data migration, not in the desired state',
  drop: 'a schema file is the desired state; to remove an object, delete the statement that creates it',
  privileges: 'default privileges are not managed by schemafleet yet; grant on the objects themselves',
  roles: 'roles belong to the whole server, not to a schema',
  ownership: 'ownership is not managed by schemafleet; objects are owned by the role that applies them',
  ownerOfServerObject: 'only the owner of a schema object may be written (and is ignored); this object is not part of a schema',
  tablespace: 'tablespaces are specific to one server; leave them out of the schema',
  temporary: 'temporary objects disappear at the end of the session and are not part of a schema',
  runsCode: 'it runs code and declares nothing; write the objects it would create as statements',
  maintenance: 'it is a maintenance command and declares nothing',
  transaction: 'schemafleet applies statements one by one; transaction control does not belong in a schema file',
  identity: 'it would change the role the statements run as',
  database: 'databases are outside the schema',
  foreign: 'foreign data wrappers reach other servers and are not supported',
  replication: 'replication is configured outside the schema',
  unsupported: 'this kind of statement is not supported in a schema file',
  notModelled: 'schemafleet does not manage this yet: tenants would never get it, and a rollout would report them at the schema all the same',
} as const;

export function notModelled(clause: string): string {
  return `${clause}: ${reasons.notModelled}`;
}
