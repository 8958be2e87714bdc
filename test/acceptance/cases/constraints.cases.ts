import type { AcceptanceCase } from '../acceptance-case.js';

export const constraintCases: AcceptanceCase[] = [
  {
    name: 'add a check constraint on an existing table: NOT VALID then VALIDATE',
    before: `CREATE TABLE t (id int PRIMARY KEY, qty int);`,
    after: `CREATE TABLE t (id int PRIMARY KEY, qty int CONSTRAINT qty_positive CHECK (qty > 0));`,
    seed: `INSERT INTO t SELECT g, g FROM generate_series(1, 100) g;`,
    expectSql: [/ADD CONSTRAINT qty_positive CHECK \(\(?qty > 0\)?\) NOT VALID/, /VALIDATE CONSTRAINT qty_positive/],
  },
  {
    name: 'add a foreign key on existing tables: NOT VALID then VALIDATE',
    before: `CREATE TABLE customers (id int PRIMARY KEY); CREATE TABLE orders (id int PRIMARY KEY, customer_id int);`,
    after: `CREATE TABLE customers (id int PRIMARY KEY); CREATE TABLE orders (id int PRIMARY KEY, customer_id int CONSTRAINT orders_customer_fk REFERENCES customers(id) ON DELETE SET NULL);`,
    seed: `INSERT INTO customers VALUES (1), (2); INSERT INTO orders VALUES (1, 1), (2, 2), (3, NULL);`,
    expectSql: [/FOREIGN KEY \(customer_id\) REFERENCES customers\(id\) ON DELETE SET NULL NOT VALID/, /VALIDATE CONSTRAINT orders_customer_fk/],
  },
  {
    name: 'add a unique constraint through a concurrently built index',
    before: `CREATE TABLE users (id int PRIMARY KEY, email text);`,
    after: `CREATE TABLE users (id int PRIMARY KEY, email text CONSTRAINT users_email_key UNIQUE);`,
    seed: `INSERT INTO users SELECT g, 'u' || g FROM generate_series(1, 100) g;`,
    expectSql: [/CREATE UNIQUE INDEX CONCURRENTLY/, /UNIQUE USING INDEX/],
    expectNonTransactional: [/CREATE UNIQUE INDEX CONCURRENTLY/],
  },
  {
    name: 'add a primary key to a table that had none',
    before: `CREATE TABLE t (id int, name text);`,
    after: `CREATE TABLE t (id int PRIMARY KEY, name text);`,
    seed: `INSERT INTO t SELECT g, 'n' FROM generate_series(1, 50) g;`,
    expectSql: [/CREATE UNIQUE INDEX CONCURRENTLY/, /PRIMARY KEY USING INDEX/],
  },
  {
    name: 'primary key change to a composite key',
    before: `CREATE TABLE memberships (org_id int NOT NULL, user_id int NOT NULL, id int CONSTRAINT memberships_pkey PRIMARY KEY);`,
    after: `CREATE TABLE memberships (org_id int NOT NULL, user_id int NOT NULL, id int NOT NULL, CONSTRAINT memberships_pkey PRIMARY KEY (org_id, user_id));`,
    seed: `INSERT INTO memberships SELECT g % 7, g, g FROM generate_series(1, 60) g;`,
    expectSql: [/PRIMARY KEY/],
  },
  {
    name: 'primary key replaced under another name: new index built before the old key goes',
    before: `CREATE TABLE accounts (id int NOT NULL, tenant int NOT NULL, CONSTRAINT accounts_old_pk PRIMARY KEY (id));`,
    after: `CREATE TABLE accounts (id int NOT NULL, tenant int NOT NULL, CONSTRAINT accounts_pkey PRIMARY KEY (tenant, id));`,
    seed: `INSERT INTO accounts SELECT g, g % 3 FROM generate_series(1, 30) g;`,
    expectOrder: [/CREATE UNIQUE INDEX CONCURRENTLY/, /DROP CONSTRAINT accounts_old_pk/, /PRIMARY KEY USING INDEX/],
  },
  {
    name: 'primary key that foreign keys reference becomes composite: they are carried over to the new unique key in the swap',
    before: `CREATE TABLE orgs (id int NOT NULL, region int NOT NULL, CONSTRAINT orgs_pkey PRIMARY KEY (id));
             CREATE TABLE users (id int PRIMARY KEY, org_id int CONSTRAINT users_org_fk REFERENCES orgs (id));
             CREATE TABLE orgs_audit (org_id int CONSTRAINT orgs_audit_org_fk REFERENCES orgs (id) ON DELETE CASCADE);`,
    after: `CREATE TABLE orgs (id int NOT NULL, region int NOT NULL, CONSTRAINT orgs_pkey PRIMARY KEY (region, id), CONSTRAINT orgs_id_key UNIQUE (id));
            CREATE TABLE users (id int PRIMARY KEY, org_id int CONSTRAINT users_org_fk REFERENCES orgs (id));
            CREATE TABLE orgs_audit (org_id int CONSTRAINT orgs_audit_org_fk REFERENCES orgs (id) ON DELETE CASCADE);`,
    seed: `INSERT INTO orgs SELECT g, g % 4 FROM generate_series(1, 40) g; INSERT INTO users SELECT g, 1 + g % 40 FROM generate_series(1, 80) g;
           INSERT INTO orgs_audit SELECT 1 + g % 40 FROM generate_series(1, 20) g;`,
    // The new unique key first; then one transaction drops the foreign keys and the old key, attaches
    // the new one and adds them back NOT VALID; validation after it commits.
    expectOrder: [
      /ADD CONSTRAINT orgs_id_key UNIQUE USING INDEX/,
      /CREATE UNIQUE INDEX CONCURRENTLY orgs_pkey_sf_new/,
      /DROP CONSTRAINT orgs_audit_org_fk/,
      /DROP CONSTRAINT users_org_fk/,
      /DROP CONSTRAINT orgs_pkey/,
      /PRIMARY KEY USING INDEX orgs_pkey_sf_new/,
      /ADD CONSTRAINT orgs_audit_org_fk .*ON DELETE CASCADE NOT VALID/,
      /ADD CONSTRAINT users_org_fk .* NOT VALID/,
      /VALIDATE CONSTRAINT orgs_audit_org_fk/,
      /VALIDATE CONSTRAINT users_org_fk/,
    ],
  },
  {
    name: 'primary key renamed while a self-referencing foreign key uses it',
    before: `CREATE TABLE nodes (id int CONSTRAINT nodes_old_pk PRIMARY KEY, parent int CONSTRAINT nodes_parent_fk REFERENCES nodes (id));`,
    after: `CREATE TABLE nodes (id int CONSTRAINT nodes_pkey PRIMARY KEY, parent int CONSTRAINT nodes_parent_fk REFERENCES nodes (id));`,
    seed: `INSERT INTO nodes VALUES (1, NULL); INSERT INTO nodes SELECT g, 1 FROM generate_series(2, 30) g;`,
    // Only the name changes: renamed in place, with its index; the foreign key never lets go of it.
    expectSql: [/ALTER TABLE nodes RENAME CONSTRAINT nodes_old_pk TO nodes_pkey/],
    forbidSql: [/DROP CONSTRAINT/, /CREATE UNIQUE INDEX/, /USING INDEX/],
  },
  {
    name: 'unique, check and exclusion constraints renamed, a comment on one: renamed in place, the comment kept as the schema says',
    before: `CREATE TABLE users (id int PRIMARY KEY, email text CONSTRAINT users_email_uq UNIQUE, age int CONSTRAINT age_positive CHECK (age > 0), during tstzrange, CONSTRAINT no_overlap EXCLUDE USING gist (during WITH &&));
      COMMENT ON CONSTRAINT age_positive ON users IS 'ages start at 1';
      CREATE TABLE invites (email text CONSTRAINT invites_email_fk REFERENCES users (email));`,
    after: `CREATE TABLE users (id int PRIMARY KEY, email text CONSTRAINT users_email_key UNIQUE, age int CONSTRAINT users_age_check CHECK (age > 0), during tstzrange, CONSTRAINT users_during_excl EXCLUDE USING gist (during WITH &&));
      COMMENT ON CONSTRAINT users_age_check ON users IS 'ages start at 1';
      CREATE TABLE invites (email text CONSTRAINT invites_email_fk REFERENCES users (email));`,
    seed: `INSERT INTO users VALUES (1, 'a', 30, '[2026-01-01,2026-02-01)'), (2, 'b', 40, NULL); INSERT INTO invites VALUES ('a');`,
    expectSql: [/RENAME CONSTRAINT users_email_uq TO users_email_key/, /RENAME CONSTRAINT age_positive TO users_age_check/, /RENAME CONSTRAINT no_overlap TO users_during_excl/],
    forbidSql: [/DROP CONSTRAINT/, /ADD CONSTRAINT/, /CREATE UNIQUE INDEX/, /VALIDATE/, /COMMENT ON/],
  },
  {
    name: 'unique constraint a foreign key references replaced by a unique index: the index is built before the constraint goes',
    before: `CREATE TABLE users (id int PRIMARY KEY, email text CONSTRAINT users_email_key UNIQUE); CREATE TABLE invites (email text CONSTRAINT invites_email_fk REFERENCES users (email));`,
    after: `CREATE TABLE users (id int PRIMARY KEY, email text); CREATE UNIQUE INDEX users_email_idx ON users (email); CREATE TABLE invites (email text CONSTRAINT invites_email_fk REFERENCES users (email));`,
    seed: `INSERT INTO users SELECT g, 'u' || g FROM generate_series(1, 20) g; INSERT INTO invites SELECT 'u' || g FROM generate_series(1, 10) g;`,
    expectOrder: [/CREATE UNIQUE INDEX CONCURRENTLY users_email_idx/, /DROP CONSTRAINT invites_email_fk/, /DROP CONSTRAINT users_email_key/, /ADD CONSTRAINT invites_email_fk .* NOT VALID/],
  },
  {
    name: 'foreign key that changes its own actions while the key it references is replaced',
    before: `CREATE TABLE orgs (id int CONSTRAINT orgs_old_pk PRIMARY KEY, name text); CREATE TABLE users (id int PRIMARY KEY, org_id int CONSTRAINT users_org_fk REFERENCES orgs (id));`,
    after: `CREATE TABLE orgs (id int, name text, CONSTRAINT orgs_pkey PRIMARY KEY (id) INCLUDE (name)); CREATE TABLE users (id int PRIMARY KEY, org_id int CONSTRAINT users_org_fk REFERENCES orgs (id) ON DELETE CASCADE);`,
    seed: `INSERT INTO orgs SELECT g FROM generate_series(1, 20) g; INSERT INTO users SELECT g, 1 + g % 20 FROM generate_series(1, 40) g;`,
    expectOrder: [/DROP CONSTRAINT users_org_fk/, /DROP CONSTRAINT orgs_old_pk/, /PRIMARY KEY USING INDEX/, /ADD CONSTRAINT users_org_fk .*ON DELETE CASCADE/],
  },
  {
    name: 'primary key becomes composite and the foreign key that referenced it moves to the new key',
    before: `CREATE TABLE orgs (id int NOT NULL, region int NOT NULL, CONSTRAINT orgs_pkey PRIMARY KEY (id));
             CREATE TABLE users (id int PRIMARY KEY, org_region int NOT NULL, org_id int CONSTRAINT users_org_fk REFERENCES orgs (id));`,
    after: `CREATE TABLE orgs (id int NOT NULL, region int NOT NULL, CONSTRAINT orgs_pkey PRIMARY KEY (region, id));
            CREATE TABLE users (id int PRIMARY KEY, org_region int NOT NULL, org_id int, CONSTRAINT users_org_fk FOREIGN KEY (org_region, org_id) REFERENCES orgs (region, id));`,
    seed: `INSERT INTO orgs SELECT g, g % 4 FROM generate_series(1, 40) g; INSERT INTO users SELECT g, (1 + g % 40) % 4, 1 + g % 40 FROM generate_series(1, 80) g;`,
    expectOrder: [/DROP CONSTRAINT users_org_fk/, /DROP CONSTRAINT orgs_pkey/, /PRIMARY KEY USING INDEX/, /ADD CONSTRAINT users_org_fk FOREIGN KEY \(org_region, org_id\)/],
  },
  {
    name: "primary key that a partitioned table's foreign key references becomes composite",
    before: `CREATE TABLE orgs (id int NOT NULL, region int NOT NULL, CONSTRAINT orgs_pkey PRIMARY KEY (id));
             CREATE TABLE events (org_id int CONSTRAINT events_org_fk REFERENCES orgs (id), at date NOT NULL) PARTITION BY RANGE (at);
             CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
             CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
             COMMENT ON CONSTRAINT events_org_fk ON events IS 'every event belongs to an org';`,
    after: `CREATE TABLE orgs (id int NOT NULL, region int NOT NULL, CONSTRAINT orgs_pkey PRIMARY KEY (region, id), CONSTRAINT orgs_id_key UNIQUE (id));
            CREATE TABLE events (org_id int CONSTRAINT events_org_fk REFERENCES orgs (id), at date NOT NULL) PARTITION BY RANGE (at);
            CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
            CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
            COMMENT ON CONSTRAINT events_org_fk ON events IS 'every event belongs to an org';`,
    seed: `INSERT INTO orgs SELECT g, g % 4 FROM generate_series(1, 40) g; INSERT INTO events SELECT 1 + g % 40, date '2025-06-01' + g * 3 FROM generate_series(1, 100) g;`,
    expectOrder: [/ADD CONSTRAINT orgs_id_key UNIQUE USING INDEX/, /DROP CONSTRAINT events_org_fk/, /DROP CONSTRAINT orgs_pkey/, /PRIMARY KEY USING INDEX/, /ADD CONSTRAINT events_org_fk/],
  },
  {
    name: 'drop a check and a foreign key',
    before: `CREATE TABLE a (id int PRIMARY KEY); CREATE TABLE b (a_id int CONSTRAINT b_a_fk REFERENCES a(id), n int CONSTRAINT n_pos CHECK (n > 0));`,
    after: `CREATE TABLE a (id int PRIMARY KEY); CREATE TABLE b (a_id int, n int);`,
    expectSql: [/DROP CONSTRAINT b_a_fk/, /DROP CONSTRAINT n_pos/],
  },
  {
    name: 'change foreign key actions and deferrability',
    before: `CREATE TABLE a (id int PRIMARY KEY); CREATE TABLE b (a_id int CONSTRAINT b_a_fk REFERENCES a(id));`,
    after: `CREATE TABLE a (id int PRIMARY KEY); CREATE TABLE b (a_id int CONSTRAINT b_a_fk REFERENCES a(id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED);`,
    expectSql: [/ON DELETE CASCADE/],
  },
  {
    name: 'unique nulls not distinct',
    before: `CREATE TABLE t (a int, b int);`,
    after: `CREATE TABLE t (a int, b int, CONSTRAINT t_a_b_key UNIQUE NULLS NOT DISTINCT (a, b));`,
    expectSql: [/NULLS NOT DISTINCT/],
  },
  {
    name: 'exclusion constraint',
    before: `CREATE TABLE bookings (room int, during tsrange);`,
    after: `CREATE TABLE bookings (room int, during tsrange, CONSTRAINT no_overlap EXCLUDE USING gist (during WITH &&));`,
    expectSql: [/EXCLUDE USING gist/],
    expectHazards: ['blocking-lock'],
  },
  {
    name: 'constraint that was NOT VALID becomes validated',
    before: `CREATE TABLE t (n int); ALTER TABLE t ADD CONSTRAINT n_pos CHECK (n > 0) NOT VALID;`,
    after: `CREATE TABLE t (n int, CONSTRAINT n_pos CHECK (n > 0));`,
    expectSql: [/VALIDATE CONSTRAINT n_pos/],
    forbidSql: [/DROP CONSTRAINT n_pos/],
  },
  {
    name: 'check expression changed',
    before: `CREATE TABLE t (n int CONSTRAINT n_range CHECK (n > 0));`,
    after: `CREATE TABLE t (n int CONSTRAINT n_range CHECK (n > 0 AND n < 100));`,
    expectSql: [/DROP CONSTRAINT n_range/, /NOT VALID/, /VALIDATE CONSTRAINT n_range/],
  },
  {
    name: 'new unique column added to existing table',
    before: `CREATE TABLE t (id int PRIMARY KEY);`,
    after: `CREATE TABLE t (id int PRIMARY KEY, slug text CONSTRAINT t_slug_key UNIQUE);`,
    expectSql: [/ADD COLUMN slug/, /UNIQUE/],
  },
  {
    name: 'validated check and foreign key made NOT VALID: dropped and added NOT VALID, without a scan',
    before: `CREATE TABLE p (id int PRIMARY KEY);
      CREATE TABLE c (id int, p_id int, CONSTRAINT c_pos CHECK (id > 0), CONSTRAINT c_p_fk FOREIGN KEY (p_id) REFERENCES p (id));`,
    after: `CREATE TABLE p (id int PRIMARY KEY);
      CREATE TABLE c (id int, p_id int);
      ALTER TABLE c ADD CONSTRAINT c_pos CHECK (id > 0) NOT VALID;
      ALTER TABLE c ADD CONSTRAINT c_p_fk FOREIGN KEY (p_id) REFERENCES p (id) NOT VALID;`,
    seed: `INSERT INTO p VALUES (1); INSERT INTO c VALUES (1, 1);`,
    expectSql: [/ADD CONSTRAINT c_pos CHECK \(\(id > 0\)\) NOT VALID/, /ADD CONSTRAINT c_p_fk FOREIGN KEY \(p_id\) REFERENCES p\(id\) NOT VALID/],
    forbidSql: [/VALIDATE CONSTRAINT/],
  },
  {
    name: 'new table with NOT VALID constraints: CREATE TABLE would ignore NOT VALID, so they are added after it',
    before: `CREATE TABLE p (id int PRIMARY KEY);`,
    after: `CREATE TABLE p (id int PRIMARY KEY);
      CREATE TABLE c (id int, p_id int);
      ALTER TABLE c ADD CONSTRAINT c_pos CHECK (id > 0) NOT VALID;
      ALTER TABLE c ADD CONSTRAINT c_p_fk FOREIGN KEY (p_id) REFERENCES p (id) NOT VALID;`,
    expectOrder: [/CREATE TABLE c/, /ADD CONSTRAINT c_p_fk .* NOT VALID/, /ADD CONSTRAINT c_pos .* NOT VALID/],
  },
];
