import type { AcceptanceCase } from '../acceptance-case.js';

const parent = `CREATE TABLE events (id bigint NOT NULL, at date NOT NULL, payload jsonb) PARTITION BY RANGE (at);`;

export const partitionCases: AcceptanceCase[] = [
  {
    name: 'create a partitioned table with partitions',
    before: ``,
    after: `${parent}
      CREATE TABLE events_2026_01 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2026-02-01');
      CREATE TABLE events_2026_02 PARTITION OF events FOR VALUES FROM ('2026-02-01') TO ('2026-03-01');`,
    expectSql: [/PARTITION BY RANGE \(at\)/, /PARTITION OF events FOR VALUES FROM/],
  },
  {
    name: 'partition detached into a table of its own: its columns become its own, nothing is added',
    before: `${parent}
      CREATE TABLE events_2026_01 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2026-02-01');
      CREATE TABLE events_2026_02 PARTITION OF events FOR VALUES FROM ('2026-02-01') TO ('2026-03-01');`,
    after: `${parent}
      CREATE TABLE events_2026_01 (id bigint NOT NULL, at date NOT NULL, payload jsonb);
      CREATE TABLE events_2026_02 PARTITION OF events FOR VALUES FROM ('2026-02-01') TO ('2026-03-01');`,
    seed: `INSERT INTO events VALUES (1, '2026-01-05', NULL), (2, '2026-02-05', NULL);`,
    expectSql: [/DETACH PARTITION events_2026_01/],
    forbidSql: [/ADD COLUMN/],
  },
  {
    name: 'table of its own attached as a partition: its columns stay, nothing is dropped',
    before: `${parent}
      CREATE TABLE events_2026_01 (id bigint NOT NULL, at date NOT NULL, payload jsonb);
      CREATE TABLE events_2026_02 PARTITION OF events FOR VALUES FROM ('2026-02-01') TO ('2026-03-01');`,
    after: `${parent}
      CREATE TABLE events_2026_01 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2026-02-01');
      CREATE TABLE events_2026_02 PARTITION OF events FOR VALUES FROM ('2026-02-01') TO ('2026-03-01');`,
    seed: `INSERT INTO events_2026_01 VALUES (1, '2026-01-05', NULL); INSERT INTO events VALUES (2, '2026-02-05', NULL);`,
    // The bound is proved by a CHECK validated under SHARE UPDATE EXCLUSIVE, so the ATTACH does not
    // scan under ACCESS EXCLUSIVE; the proof is gone once attached (the second plan is empty).
    expectSql: [
      /ALTER TABLE events_2026_01 ADD CONSTRAINT events_2026_01_sf_bound CHECK \(at IS NOT NULL AND at >= '2026-01-01' AND at < '2026-02-01'\) NOT VALID/,
      /VALIDATE CONSTRAINT events_2026_01_sf_bound/,
      /ATTACH PARTITION events_2026_01/,
      /DROP CONSTRAINT events_2026_01_sf_bound/,
    ],
    forbidSql: [/DROP COLUMN/],
  },
  {
    name: 'table of its own attached to a LIST-partitioned parent, NULL in its list: the bound is proved first',
    before: `CREATE TABLE accounts (id bigint NOT NULL, region text) PARTITION BY LIST (region);
      CREATE TABLE accounts_eu PARTITION OF accounts FOR VALUES IN ('eu');
      CREATE TABLE accounts_rest (id bigint NOT NULL, region text);`,
    after: `CREATE TABLE accounts (id bigint NOT NULL, region text) PARTITION BY LIST (region);
      CREATE TABLE accounts_eu PARTITION OF accounts FOR VALUES IN ('eu');
      CREATE TABLE accounts_rest PARTITION OF accounts FOR VALUES IN (NULL, 'us', 'o''hare');`,
    seed: `INSERT INTO accounts_rest VALUES (1, NULL), (2, 'us'), (3, 'o''hare');`,
    expectSql: [/CHECK \(region IS NULL OR region = ANY \(ARRAY\['us', 'o''hare'\]\)\) NOT VALID/, /ATTACH PARTITION accounts_rest FOR VALUES IN \(NULL, 'us', 'o''hare'\)/],
  },
  {
    name: 'partition added to a parent that has an index',
    before: `${parent} CREATE INDEX events_at_idx ON events (at);
      CREATE TABLE events_2026_01 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2026-02-01');`,
    after: `${parent} CREATE INDEX events_at_idx ON events (at);
      CREATE TABLE events_2026_01 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2026-02-01');
      CREATE TABLE events_2026_02 PARTITION OF events FOR VALUES FROM ('2026-02-01') TO ('2026-03-01');`,
    expectSql: [/CREATE TABLE events_2026_02 PARTITION OF events/],
    forbidSql: [/CREATE INDEX .* ON events_2026_02/],
  },
  {
    name: 'index added on a partitioned table with existing partitions',
    before: `${parent}
      CREATE TABLE events_2026_01 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2026-02-01');`,
    after: `${parent}
      CREATE TABLE events_2026_01 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2026-02-01');
      CREATE INDEX events_payload_idx ON events USING gin (payload);`,
    seed: `INSERT INTO events VALUES (1, '2026-01-05', '{}');`,
    expectSql: [/events_payload_idx/],
  },
  {
    name: 'list partitioning with a default partition',
    before: ``,
    after: `CREATE TABLE accounts (id int NOT NULL, region text NOT NULL) PARTITION BY LIST (region);
      CREATE TABLE accounts_eu PARTITION OF accounts FOR VALUES IN ('eu');
      CREATE TABLE accounts_other PARTITION OF accounts DEFAULT;`,
    expectSql: [/FOR VALUES IN \('eu'\)/, /DEFAULT/],
  },
  {
    name: 'drop a partition',
    before: `${parent}
      CREATE TABLE events_2026_01 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2026-02-01');
      CREATE TABLE events_2026_02 PARTITION OF events FOR VALUES FROM ('2026-02-01') TO ('2026-03-01');`,
    after: `${parent}
      CREATE TABLE events_2026_02 PARTITION OF events FOR VALUES FROM ('2026-02-01') TO ('2026-03-01');`,
    expectSql: [/DROP TABLE events_2026_01/],
    expectHazards: ['data-loss'],
  },
  {
    name: 'a table that foreign keys reference becomes partitioned: they go before it is re-created and come back after',
    before: `CREATE TABLE accounts (id int PRIMARY KEY, name text); CREATE TABLE invoices (id int PRIMARY KEY, account_id int CONSTRAINT invoices_account_fk REFERENCES accounts (id));`,
    after: `CREATE TABLE accounts (id int PRIMARY KEY, name text) PARTITION BY HASH (id);
      CREATE TABLE accounts_p0 PARTITION OF accounts FOR VALUES WITH (MODULUS 2, REMAINDER 0);
      CREATE TABLE accounts_p1 PARTITION OF accounts FOR VALUES WITH (MODULUS 2, REMAINDER 1);
      CREATE TABLE invoices (id int PRIMARY KEY, account_id int CONSTRAINT invoices_account_fk REFERENCES accounts (id));`,
    expectOrder: [/DROP CONSTRAINT invoices_account_fk/, /DROP TABLE accounts/, /PARTITION BY HASH/, /ADD CONSTRAINT invoices_account_fk .* NOT VALID/, /VALIDATE CONSTRAINT invoices_account_fk/],
    expectHazards: ['data-loss'],
  },
  {
    name: "a partition's own DEFAULT, NOT NULL and column comment are made when it is created",
    before: `CREATE TABLE orders (id bigint NOT NULL, at date NOT NULL, status text DEFAULT 'new', note text) PARTITION BY RANGE (at);`,
    after: `CREATE TABLE orders (id bigint NOT NULL, at date NOT NULL, status text DEFAULT 'new', note text) PARTITION BY RANGE (at);
      CREATE TABLE orders_2025 PARTITION OF orders (status DEFAULT 'archived', note NOT NULL) FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
      CREATE TABLE orders_2026 PARTITION OF orders FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
      COMMENT ON COLUMN orders_2025.note IS 'required for closed years';`,
    expectOrder: [/CREATE TABLE orders_2025 PARTITION OF/, /ALTER TABLE orders_2025 ALTER COLUMN status SET DEFAULT 'archived'/],
    expectSql: [/ALTER TABLE orders_2025 ALTER COLUMN note SET NOT NULL/, /COMMENT ON COLUMN orders_2025\.note/],
    forbidSql: [/ALTER TABLE orders_2026/],
  },
  {
    name: "the parent's new DEFAULT passes down to every partition: one that keeps its own gets it back after",
    before: `CREATE TABLE orders (id bigint NOT NULL, at date NOT NULL, status text DEFAULT 'new') PARTITION BY RANGE (at);
      CREATE TABLE orders_2025 PARTITION OF orders (status DEFAULT 'archived') FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
      CREATE TABLE orders_2026 PARTITION OF orders FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
      CREATE TABLE orders_2027 PARTITION OF orders (status DEFAULT 'planned') FOR VALUES FROM ('2027-01-01') TO ('2028-01-01');`,
    after: `CREATE TABLE orders (id bigint NOT NULL, at date NOT NULL, status text DEFAULT 'fresh') PARTITION BY RANGE (at);
      CREATE TABLE orders_2025 PARTITION OF orders (status DEFAULT 'archived') FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
      CREATE TABLE orders_2026 PARTITION OF orders FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
      CREATE TABLE orders_2027 PARTITION OF orders FOR VALUES FROM ('2027-01-01') TO ('2028-01-01');`,
    expectOrder: [/ALTER TABLE orders ALTER COLUMN status SET DEFAULT 'fresh'/, /ALTER TABLE orders_2025 ALTER COLUMN status SET DEFAULT 'archived'/],
    // orders_2026 follows its parent, and so does orders_2027 now: PostgreSQL's passing down does both.
    forbidSql: [/ALTER TABLE orders_202[67]/],
  },
  {
    name: "a partition's own NOT NULL is dropped on one and added (proved by a CHECK first) on another with rows",
    before: `CREATE TABLE orders (id bigint NOT NULL, at date NOT NULL, note text) PARTITION BY RANGE (at);
      CREATE TABLE orders_2025 PARTITION OF orders (note NOT NULL) FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
      CREATE TABLE orders_2026 PARTITION OF orders FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');`,
    after: `CREATE TABLE orders (id bigint NOT NULL, at date NOT NULL, note text) PARTITION BY RANGE (at);
      CREATE TABLE orders_2025 PARTITION OF orders FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
      CREATE TABLE orders_2026 PARTITION OF orders (note NOT NULL) FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');`,
    seed: `INSERT INTO orders VALUES (1, '2025-03-01', 'a'), (2, '2026-03-01', 'b');`,
    expectSql: [/ALTER TABLE orders_2025 ALTER COLUMN note DROP NOT NULL/],
    expectOrder: [/ALTER TABLE orders_2026 ADD CONSTRAINT \S+ CHECK \(note IS NOT NULL\) NOT VALID/, /VALIDATE CONSTRAINT/, /ALTER TABLE orders_2026 ALTER COLUMN note SET NOT NULL/],
    forbidSql: [/ALTER TABLE orders ALTER/],
  },
  {
    name: "the parent's NOT NULL is dropped (passing down to every partition) while one partition keeps its own",
    before: `CREATE TABLE orders (id bigint NOT NULL, at date NOT NULL, note text NOT NULL) PARTITION BY RANGE (at);
      CREATE TABLE orders_2025 PARTITION OF orders FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
      CREATE TABLE orders_2026 PARTITION OF orders FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');`,
    after: `CREATE TABLE orders (id bigint NOT NULL, at date NOT NULL, note text) PARTITION BY RANGE (at);
      CREATE TABLE orders_2025 PARTITION OF orders (note NOT NULL) FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
      CREATE TABLE orders_2026 PARTITION OF orders FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');`,
    seed: `INSERT INTO orders VALUES (1, '2025-03-01', 'a'), (2, '2026-03-01', 'b');`,
    expectOrder: [/ALTER TABLE orders ALTER COLUMN note DROP NOT NULL/, /ALTER TABLE orders_2025 ALTER COLUMN note SET NOT NULL/],
    forbidSql: [/ALTER TABLE orders_2026/],
  },
  {
    name: "a column added to the parent, with a partition's own DEFAULT for it: set once the column has reached the partition",
    before: `CREATE TABLE orders (id bigint NOT NULL, at date NOT NULL) PARTITION BY RANGE (at);
      CREATE TABLE orders_2025 PARTITION OF orders FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');`,
    after: `CREATE TABLE orders (id bigint NOT NULL, at date NOT NULL, priority int DEFAULT 0) PARTITION BY RANGE (at);
      CREATE TABLE orders_2025 PARTITION OF orders (priority DEFAULT 5) FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');`,
    expectOrder: [/ALTER TABLE orders ADD COLUMN priority integer DEFAULT 0/, /ALTER TABLE orders_2025 ALTER COLUMN priority SET DEFAULT 5/],
  },
  {
    name: "a partition moved to a new bound keeps its own DEFAULT while the parent's changes",
    before: `CREATE TABLE orders (id bigint NOT NULL, at date NOT NULL, status text DEFAULT 'new') PARTITION BY RANGE (at);
      CREATE TABLE orders_2025 PARTITION OF orders (status DEFAULT 'archived') FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');`,
    after: `CREATE TABLE orders (id bigint NOT NULL, at date NOT NULL, status text DEFAULT 'fresh') PARTITION BY RANGE (at);
      CREATE TABLE orders_2025 PARTITION OF orders (status DEFAULT 'archived') FOR VALUES FROM ('2025-01-01') TO ('2027-01-01');`,
    seed: `INSERT INTO orders VALUES (1, '2025-03-01', DEFAULT);`,
    expectSql: [/DETACH PARTITION orders_2025/, /ATTACH PARTITION orders_2025/],
  },
  {
    name: "storage, compression, statistics and attribute options on a parent, its partitions old and new, and one partition's own",
    before: `CREATE TABLE docs (id int, at date NOT NULL, body text) PARTITION BY RANGE (at);
      CREATE TABLE docs_2024 PARTITION OF docs FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
      CREATE TABLE docs_2025 PARTITION OF docs FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');`,
    after: `CREATE TABLE docs (id int, at date NOT NULL, body text) PARTITION BY RANGE (at);
      CREATE TABLE docs_2024 PARTITION OF docs FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
      CREATE TABLE docs_2025 PARTITION OF docs FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
      ALTER TABLE docs ALTER COLUMN body SET STORAGE EXTERNAL, ALTER COLUMN body SET COMPRESSION pglz,
        ALTER COLUMN id SET STATISTICS 300, ALTER COLUMN id SET (n_distinct = -1);
      ALTER TABLE docs_2025 ALTER COLUMN id SET STATISTICS 50, ALTER COLUMN body SET STORAGE MAIN;
      CREATE TABLE docs_2026 PARTITION OF docs FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');`,
    expectOrder: [/ALTER TABLE docs ALTER COLUMN id SET STATISTICS 300/, /ALTER TABLE docs_2025 ALTER COLUMN id SET STATISTICS 50/],
    expectSql: [/ALTER TABLE docs_2025 ALTER COLUMN body SET STORAGE MAIN/],
  },
  {
    name: 'a column added to a parent with storage, compression, statistics and options, and a partition created after',
    before: `CREATE TABLE docs (id int, at date NOT NULL) PARTITION BY RANGE (at);
      CREATE TABLE docs_2024 PARTITION OF docs FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');`,
    after: `CREATE TABLE docs (id int, at date NOT NULL, body text COMPRESSION pglz) PARTITION BY RANGE (at);
      CREATE TABLE docs_2024 PARTITION OF docs FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
      ALTER TABLE docs ALTER COLUMN body SET STORAGE MAIN, ALTER COLUMN body SET STATISTICS 200, ALTER COLUMN body SET (n_distinct = -1);
      CREATE TABLE docs_2025 PARTITION OF docs FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');`,
    expectOrder: [/ALTER TABLE docs ADD COLUMN body text COMPRESSION pglz/, /ALTER TABLE docs ALTER COLUMN body SET STORAGE MAIN/, /CREATE TABLE docs_2025 PARTITION OF/],
  },
  {
    name: 'a parent column retyped: its partitions lose a custom storage and compression with it',
    before: `CREATE TABLE docs (id int, at date NOT NULL, body varchar(50) COMPRESSION pglz) PARTITION BY RANGE (at);
      CREATE TABLE docs_2024 PARTITION OF docs FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
      ALTER TABLE docs ALTER COLUMN body SET STORAGE EXTERNAL;
      ALTER TABLE docs_2024 ALTER COLUMN body SET COMPRESSION pglz;`,
    after: `CREATE TABLE docs (id int, at date NOT NULL, body text) PARTITION BY RANGE (at);
      CREATE TABLE docs_2024 PARTITION OF docs FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
      ALTER TABLE docs_2024 ALTER COLUMN body SET STATISTICS 10;`,
    expectOrder: [/ALTER TABLE docs ALTER COLUMN body TYPE text/, /ALTER TABLE docs_2024 ALTER COLUMN body SET STATISTICS 10/],
    forbidSql: [/ALTER TABLE docs_2024 ALTER COLUMN body SET (STORAGE|COMPRESSION)/],
  },
  {
    name: 'unique key added to a partition over an index it already has',
    before: `CREATE TABLE m (id int NOT NULL, at date NOT NULL) PARTITION BY RANGE (at);
      CREATE TABLE m1 PARTITION OF m FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
      CREATE UNIQUE INDEX m1_id_key ON m1 (id);`,
    after: `CREATE TABLE m (id int NOT NULL, at date NOT NULL) PARTITION BY RANGE (at);
      CREATE TABLE m1 PARTITION OF m FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
      ALTER TABLE m1 ADD CONSTRAINT m1_id_key UNIQUE (id);`,
  },
  {
    name: 'partitioned parent re-created under a new key while its partitions stay',
    before: `CREATE TABLE foobar (id int NOT NULL, kind text NOT NULL, region text NOT NULL) PARTITION BY LIST (kind);
      CREATE TABLE foobar_1 PARTITION OF foobar FOR VALUES IN ('a');`,
    after: `CREATE TABLE foobar (id int NOT NULL, kind text NOT NULL, region text NOT NULL) PARTITION BY LIST (region);
      CREATE TABLE foobar_1 PARTITION OF foobar FOR VALUES IN ('eu');`,
    seed: `INSERT INTO foobar VALUES (1, 'a', 'eu');`,
  },
  {
    name: 'partitioned parent re-created under a new key while its partition keeps its bound',
    before: `CREATE TABLE foobar (id int NOT NULL, kind text NOT NULL) PARTITION BY LIST (kind);
      CREATE TABLE foobar_1 PARTITION OF foobar FOR VALUES IN ('a');`,
    after: `CREATE TABLE foobar (id int NOT NULL, kind text NOT NULL) PARTITION BY LIST (lower(kind));
      CREATE TABLE foobar_1 PARTITION OF foobar FOR VALUES IN ('a');`,
    seed: `INSERT INTO foobar VALUES (1, 'a');`,
    expectOrder: [/ALTER TABLE foobar DETACH PARTITION foobar_1/, /DROP TABLE foobar$/, /ATTACH PARTITION foobar_1/],
  },
  {
    name: 'partitioned table with a unique constraint becomes a plain table, its old partition kept as a table of its own',
    before: `CREATE TABLE ev (id int NOT NULL, at date NOT NULL, CONSTRAINT ev_key UNIQUE (id, at)) PARTITION BY RANGE (at);
      CREATE TABLE ev_2024 PARTITION OF ev FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');`,
    after: `CREATE TABLE ev (id int NOT NULL, at date NOT NULL, CONSTRAINT ev_key UNIQUE (id, at));
      CREATE TABLE ev_2024 (id int NOT NULL, at date NOT NULL);`,
  },
  {
    name: "a foreign key's referenced table becomes partitioned with a new unique key, and the foreign key moves to it",
    before: `CREATE TABLE orders (id bigint CONSTRAINT orders_pkey PRIMARY KEY, created_at date NOT NULL, total int);
      CREATE TABLE order_items (id bigint PRIMARY KEY, order_id bigint NOT NULL, order_created_at date NOT NULL,
        CONSTRAINT order_items_order_fk FOREIGN KEY (order_id) REFERENCES orders (id));`,
    after: `CREATE TABLE orders (id bigint NOT NULL, created_at date NOT NULL, total int, CONSTRAINT orders_id_created_at_key UNIQUE (id, created_at)) PARTITION BY RANGE (created_at);
      CREATE TABLE orders_2025 PARTITION OF orders FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
      CREATE TABLE orders_2026 PARTITION OF orders FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
      CREATE TABLE order_items (id bigint PRIMARY KEY, order_id bigint NOT NULL, order_created_at date NOT NULL,
        CONSTRAINT order_items_order_fk FOREIGN KEY (order_id, order_created_at) REFERENCES orders (id, created_at));`,
    expectOrder: [/DROP CONSTRAINT order_items_order_fk/, /DROP TABLE orders/, /PARTITION BY RANGE \(created_at\)/, /ADD CONSTRAINT order_items_order_fk FOREIGN KEY \(order_id, order_created_at\)/],
    expectHazards: ['data-loss'],
  },
  {
    name: "a foreign key's referenced table becomes partitioned with a new unique index, and its primary key takes the partition key",
    before: `CREATE TABLE orders (id bigint CONSTRAINT orders_pkey PRIMARY KEY, created_at date NOT NULL);
      CREATE UNIQUE INDEX orders_id_idx ON orders (id);
      CREATE TABLE order_items (order_id bigint, order_created_at date, CONSTRAINT order_items_order_fk FOREIGN KEY (order_id) REFERENCES orders (id));`,
    after: `CREATE TABLE orders (id bigint NOT NULL, created_at date NOT NULL, CONSTRAINT orders_pkey PRIMARY KEY (id, created_at)) PARTITION BY RANGE (created_at);
      CREATE UNIQUE INDEX orders_id_idx ON orders (created_at, id);
      CREATE TABLE orders_2025 PARTITION OF orders FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
      CREATE TABLE order_items (order_id bigint, order_created_at date, CONSTRAINT order_items_order_fk FOREIGN KEY (order_created_at, order_id) REFERENCES orders (created_at, id));`,
    expectOrder: [/DROP CONSTRAINT order_items_order_fk/, /DROP TABLE orders/, /PARTITION BY RANGE \(created_at\)/, /ADD CONSTRAINT order_items_order_fk FOREIGN KEY \(order_created_at, order_id\)/],
  },
  {
    name: 'every column of a table that a foreign key references changes: the foreign key goes first and comes back on the new key',
    before: `CREATE TABLE plans (id int CONSTRAINT plans_pkey PRIMARY KEY, name text);
      CREATE TABLE subscriptions (id int PRIMARY KEY, plan int CONSTRAINT subscriptions_plan_fk REFERENCES plans (id));`,
    after: `CREATE TABLE plans (code text CONSTRAINT plans_pkey PRIMARY KEY, title varchar(40));
      CREATE TABLE subscriptions (id int PRIMARY KEY, plan text CONSTRAINT subscriptions_plan_fk REFERENCES plans (code));`,
    expectOrder: [/DROP CONSTRAINT subscriptions_plan_fk/, /ADD CONSTRAINT subscriptions_plan_fk FOREIGN KEY \(plan\) REFERENCES plans\(code\) NOT VALID/, /VALIDATE CONSTRAINT subscriptions_plan_fk/],
  },
  {
    name: 'every column of a table that a foreign key references is widened (integer to bigint): the foreign key stays through it',
    before: `CREATE TABLE plans (id int CONSTRAINT plans_pkey PRIMARY KEY, name varchar(20));
      CREATE TABLE subscriptions (id int PRIMARY KEY, plan int CONSTRAINT subscriptions_plan_fk REFERENCES plans (id));`,
    after: `CREATE TABLE plans (id bigint CONSTRAINT plans_pkey PRIMARY KEY, name text);
      CREATE TABLE subscriptions (id int PRIMARY KEY, plan bigint CONSTRAINT subscriptions_plan_fk REFERENCES plans (id));`,
    seed: `INSERT INTO plans SELECT g, 'p' || g FROM generate_series(1, 10) g; INSERT INTO subscriptions SELECT g, 1 + g % 10 FROM generate_series(1, 30) g;`,
    // integer and bigint compare with each other: PostgreSQL re-adds the foreign key in each ALTER TYPE.
    expectSql: [/ALTER TABLE plans ALTER COLUMN id TYPE bigint/],
    forbidSql: [/DROP CONSTRAINT/],
  },
  {
    name: 'every column of a table that a foreign key references is retyped to a type the old one does not compare with: the foreign key goes first',
    before: `CREATE TABLE plans (id int CONSTRAINT plans_pkey PRIMARY KEY, name varchar(20));
      CREATE TABLE subscriptions (id int PRIMARY KEY, plan int CONSTRAINT subscriptions_plan_fk REFERENCES plans (id));`,
    after: `CREATE TABLE plans (id text CONSTRAINT plans_pkey PRIMARY KEY, name text);
      CREATE TABLE subscriptions (id int PRIMARY KEY, plan text CONSTRAINT subscriptions_plan_fk REFERENCES plans (id));`,
    seed: `INSERT INTO plans SELECT g, 'p' || g FROM generate_series(1, 10) g; INSERT INTO subscriptions SELECT g, 1 + g % 10 FROM generate_series(1, 30) g;`,
    expectOrder: [/DROP CONSTRAINT subscriptions_plan_fk/, /ALTER COLUMN id TYPE text/, /ADD CONSTRAINT subscriptions_plan_fk .* NOT VALID/, /VALIDATE CONSTRAINT subscriptions_plan_fk/],
  },
  {
    name: "foreign key between two partitioned tables, both created: the per-partition clones are PostgreSQL's own",
    before: ``,
    after: `CREATE TABLE accounts (id int NOT NULL, region text NOT NULL, CONSTRAINT accounts_pkey PRIMARY KEY (id, region)) PARTITION BY LIST (region);
      CREATE TABLE accounts_eu PARTITION OF accounts FOR VALUES IN ('eu');
      CREATE TABLE accounts_us PARTITION OF accounts FOR VALUES IN ('us');
      CREATE TABLE events (account_id int NOT NULL, region text NOT NULL, at date NOT NULL,
        CONSTRAINT events_account_fk FOREIGN KEY (account_id, region) REFERENCES accounts (id, region)) PARTITION BY RANGE (at);
      CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
      CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');`,
    expectSql: [/ADD CONSTRAINT events_account_fk FOREIGN KEY \(account_id, region\) REFERENCES accounts/],
    forbidSql: [/ALTER TABLE events_202[56] ADD CONSTRAINT/],
  },
  {
    name: 'foreign key added between two existing partitioned tables, and partitions added on both sides',
    before: `CREATE TABLE accounts (id int NOT NULL, region text NOT NULL, CONSTRAINT accounts_pkey PRIMARY KEY (id, region)) PARTITION BY LIST (region);
      CREATE TABLE accounts_eu PARTITION OF accounts FOR VALUES IN ('eu');
      CREATE TABLE events (account_id int NOT NULL, region text NOT NULL, at date NOT NULL) PARTITION BY RANGE (at);
      CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');`,
    after: `CREATE TABLE accounts (id int NOT NULL, region text NOT NULL, CONSTRAINT accounts_pkey PRIMARY KEY (id, region)) PARTITION BY LIST (region);
      CREATE TABLE accounts_eu PARTITION OF accounts FOR VALUES IN ('eu');
      CREATE TABLE accounts_us PARTITION OF accounts FOR VALUES IN ('us');
      CREATE TABLE events (account_id int NOT NULL, region text NOT NULL, at date NOT NULL,
        CONSTRAINT events_account_fk FOREIGN KEY (account_id, region) REFERENCES accounts (id, region)) PARTITION BY RANGE (at);
      CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
      CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');`,
    seed: `INSERT INTO accounts SELECT g, 'eu' FROM generate_series(1, 10) g; INSERT INTO events SELECT 1 + g % 10, 'eu', date '2025-01-01' + g FROM generate_series(1, 50) g;`,
    expectSql: [/ADD CONSTRAINT events_account_fk FOREIGN KEY \(account_id, region\) REFERENCES accounts/],
    forbidSql: [/ALTER TABLE events_202[56] ADD CONSTRAINT/, /ALTER TABLE accounts_(eu|us) ADD CONSTRAINT/],
  },
  {
    name: 'foreign key between two partitioned tables dropped, a partition of each detached into a table of its own',
    before: `CREATE TABLE accounts (id int NOT NULL, region text NOT NULL, CONSTRAINT accounts_pkey PRIMARY KEY (id, region)) PARTITION BY LIST (region);
      CREATE TABLE accounts_eu PARTITION OF accounts FOR VALUES IN ('eu');
      CREATE TABLE accounts_us PARTITION OF accounts FOR VALUES IN ('us');
      CREATE TABLE events (account_id int NOT NULL, region text NOT NULL, at date NOT NULL,
        CONSTRAINT events_account_fk FOREIGN KEY (account_id, region) REFERENCES accounts (id, region)) PARTITION BY RANGE (at);
      CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
      CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');`,
    after: `CREATE TABLE accounts (id int NOT NULL, region text NOT NULL, CONSTRAINT accounts_pkey PRIMARY KEY (id, region)) PARTITION BY LIST (region);
      CREATE TABLE accounts_eu PARTITION OF accounts FOR VALUES IN ('eu');
      CREATE TABLE accounts_us (id int NOT NULL, region text NOT NULL, CONSTRAINT accounts_us_pkey PRIMARY KEY (id, region));
      CREATE TABLE events (account_id int NOT NULL, region text NOT NULL, at date NOT NULL) PARTITION BY RANGE (at);
      CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
      CREATE TABLE events_2026 (account_id int NOT NULL, region text NOT NULL, at date NOT NULL);`,
    seed: `INSERT INTO accounts VALUES (1, 'eu'), (2, 'us'); INSERT INTO events VALUES (1, 'eu', '2025-03-01'), (2, 'us', '2026-03-01');`,
    expectSql: [/ALTER TABLE events DROP CONSTRAINT events_account_fk/],
  },
  {
    name: 'tables of their own, one with the same foreign key and one without, attached to a partitioned table whose foreign key references a partitioned table',
    before: `CREATE TABLE accounts (id int NOT NULL, region text NOT NULL, CONSTRAINT accounts_pkey PRIMARY KEY (id, region)) PARTITION BY LIST (region);
      CREATE TABLE accounts_eu PARTITION OF accounts FOR VALUES IN ('eu');
      CREATE TABLE accounts_us PARTITION OF accounts FOR VALUES IN ('us');
      CREATE TABLE events (account_id int NOT NULL, region text NOT NULL, at date NOT NULL,
        CONSTRAINT events_account_fk FOREIGN KEY (account_id, region) REFERENCES accounts (id, region)) PARTITION BY RANGE (at);
      CREATE TABLE events_2025 (account_id int NOT NULL, region text NOT NULL, at date NOT NULL,
        CONSTRAINT events_account_fk FOREIGN KEY (account_id, region) REFERENCES accounts (id, region));
      CREATE TABLE events_2026 (account_id int NOT NULL, region text NOT NULL, at date NOT NULL);
      CREATE TABLE events_2027 (account_id int NOT NULL, region text NOT NULL, at date NOT NULL,
        CONSTRAINT events_2027_old_fk FOREIGN KEY (account_id, region) REFERENCES accounts (id, region));`,
    after: `CREATE TABLE accounts (id int NOT NULL, region text NOT NULL, CONSTRAINT accounts_pkey PRIMARY KEY (id, region)) PARTITION BY LIST (region);
      CREATE TABLE accounts_eu PARTITION OF accounts FOR VALUES IN ('eu');
      CREATE TABLE accounts_us PARTITION OF accounts FOR VALUES IN ('us');
      CREATE TABLE events (account_id int NOT NULL, region text NOT NULL, at date NOT NULL,
        CONSTRAINT events_account_fk FOREIGN KEY (account_id, region) REFERENCES accounts (id, region)) PARTITION BY RANGE (at);
      CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
      CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
      CREATE TABLE events_2027 PARTITION OF events FOR VALUES FROM ('2027-01-01') TO ('2028-01-01');`,
    seed: `INSERT INTO accounts VALUES (1, 'eu'), (2, 'us'); INSERT INTO events_2025 VALUES (1, 'eu', '2025-03-01'); INSERT INTO events_2026 VALUES (2, 'us', '2026-03-01');`,
    // ATTACH makes the copy of events_account_fk, or takes the one of the same name and definition;
    // one under another name would be taken with its name, so it goes first.
    expectSql: [/ATTACH PARTITION events_2025/, /ATTACH PARTITION events_2026/],
    expectOrder: [/ALTER TABLE events_2027 DROP CONSTRAINT events_2027_old_fk/, /ATTACH PARTITION events_2027/],
    forbidSql: [/events_account_fk/],
  },
  {
    name: 'a partition detached from a partitioned table with a foreign key to a partitioned table keeps the foreign key as its own',
    before: `CREATE TABLE accounts (id int NOT NULL, region text NOT NULL, CONSTRAINT accounts_pkey PRIMARY KEY (id, region)) PARTITION BY LIST (region);
      CREATE TABLE accounts_eu PARTITION OF accounts FOR VALUES IN ('eu');
      CREATE TABLE accounts_us PARTITION OF accounts FOR VALUES IN ('us');
      CREATE TABLE events (account_id int NOT NULL, region text NOT NULL, at date NOT NULL,
        CONSTRAINT events_account_fk FOREIGN KEY (account_id, region) REFERENCES accounts (id, region)) PARTITION BY RANGE (at);
      CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
      CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');`,
    after: `CREATE TABLE accounts (id int NOT NULL, region text NOT NULL, CONSTRAINT accounts_pkey PRIMARY KEY (id, region)) PARTITION BY LIST (region);
      CREATE TABLE accounts_eu PARTITION OF accounts FOR VALUES IN ('eu');
      CREATE TABLE accounts_us PARTITION OF accounts FOR VALUES IN ('us');
      CREATE TABLE events (account_id int NOT NULL, region text NOT NULL, at date NOT NULL,
        CONSTRAINT events_account_fk FOREIGN KEY (account_id, region) REFERENCES accounts (id, region)) PARTITION BY RANGE (at);
      CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
      CREATE TABLE events_2026 (account_id int NOT NULL, region text NOT NULL, at date NOT NULL,
        CONSTRAINT events_account_fk FOREIGN KEY (account_id, region) REFERENCES accounts (id, region));`,
    seed: `INSERT INTO accounts VALUES (1, 'eu'), (2, 'us'); INSERT INTO events VALUES (1, 'eu', '2025-03-01'), (2, 'us', '2026-03-01');`,
    expectSql: [/DETACH PARTITION events_2026/],
    forbidSql: [/(ADD|DROP) CONSTRAINT events_account_fk/],
  },
  {
    name: 'foreign key between two partitioned tables changes its actions: re-added on the parent only (NOT VALID where the server allows it)',
    before: `CREATE TABLE accounts (id int NOT NULL, region text NOT NULL, CONSTRAINT accounts_pkey PRIMARY KEY (id, region)) PARTITION BY LIST (region);
      CREATE TABLE accounts_eu PARTITION OF accounts FOR VALUES IN ('eu');
      CREATE TABLE accounts_us PARTITION OF accounts FOR VALUES IN ('us');
      CREATE TABLE events (account_id int NOT NULL, region text NOT NULL, at date NOT NULL,
        CONSTRAINT events_account_fk FOREIGN KEY (account_id, region) REFERENCES accounts (id, region)) PARTITION BY RANGE (at);
      CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');`,
    after: `CREATE TABLE accounts (id int NOT NULL, region text NOT NULL, CONSTRAINT accounts_pkey PRIMARY KEY (id, region)) PARTITION BY LIST (region);
      CREATE TABLE accounts_eu PARTITION OF accounts FOR VALUES IN ('eu');
      CREATE TABLE accounts_us PARTITION OF accounts FOR VALUES IN ('us');
      CREATE TABLE events (account_id int NOT NULL, region text NOT NULL, at date NOT NULL,
        CONSTRAINT events_account_fk FOREIGN KEY (account_id, region) REFERENCES accounts (id, region) ON DELETE CASCADE) PARTITION BY RANGE (at);
      CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');`,
    seed: `INSERT INTO accounts VALUES (1, 'eu'), (2, 'us'); INSERT INTO events VALUES (1, 'eu', '2025-03-01'), (2, 'us', '2025-04-01');`,
    expectSql: [/ALTER TABLE events ADD CONSTRAINT events_account_fk .*ON DELETE CASCADE/],
    forbidSql: [/ALTER TABLE events_2025/],
  },
  {
    name: 'a foreign key switched to another, new partitioned table with a unique index, the old referenced table dropped',
    before: `CREATE TABLE orders (id bigint CONSTRAINT orders_pkey PRIMARY KEY, created_at date NOT NULL);
      CREATE TABLE order_items (order_id bigint, order_created_at date, CONSTRAINT order_items_order_fk FOREIGN KEY (order_id) REFERENCES orders (id));`,
    after: `CREATE TABLE orders_by_day (id bigint NOT NULL, created_at date NOT NULL) PARTITION BY RANGE (created_at);
      CREATE UNIQUE INDEX orders_by_day_key ON orders_by_day (id, created_at);
      CREATE TABLE orders_by_day_2025 PARTITION OF orders_by_day FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
      CREATE TABLE order_items (order_id bigint, order_created_at date, CONSTRAINT order_items_order_fk FOREIGN KEY (order_id, order_created_at) REFERENCES orders_by_day (id, created_at));`,
  },
  {
    name: 'a foreign key into a partitioned table moves from its primary key to a new unique index, and the old key is dropped',
    before: `CREATE TABLE orders (id bigint NOT NULL, created_at date NOT NULL, CONSTRAINT orders_pkey PRIMARY KEY (id, created_at)) PARTITION BY RANGE (created_at);
      CREATE TABLE orders_2025 PARTITION OF orders FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
      CREATE TABLE order_items (order_id bigint, order_created_at date, CONSTRAINT order_items_order_fk FOREIGN KEY (order_id, order_created_at) REFERENCES orders (id, created_at));`,
    after: `CREATE TABLE orders (id bigint NOT NULL, created_at date NOT NULL, ref text NOT NULL) PARTITION BY RANGE (created_at);
      CREATE UNIQUE INDEX orders_ref_key ON orders (ref, created_at);
      CREATE TABLE orders_2025 PARTITION OF orders FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
      CREATE TABLE order_items (order_ref text, order_created_at date, CONSTRAINT order_items_order_fk FOREIGN KEY (order_ref, order_created_at) REFERENCES orders (ref, created_at));`,
  },
  {
    name: 'the unique key a foreign key into a partitioned table uses is replaced by a unique index over the same columns',
    before: `CREATE TABLE orders (id bigint NOT NULL, created_at date NOT NULL, CONSTRAINT orders_pkey PRIMARY KEY (id, created_at)) PARTITION BY RANGE (created_at);
      CREATE TABLE orders_2025 PARTITION OF orders FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
      CREATE TABLE order_items (order_id bigint, order_created_at date, CONSTRAINT order_items_order_fk FOREIGN KEY (order_id, order_created_at) REFERENCES orders (id, created_at));`,
    after: `CREATE TABLE orders (id bigint NOT NULL, created_at date NOT NULL) PARTITION BY RANGE (created_at);
      CREATE UNIQUE INDEX orders_id_created_at_idx ON orders (id, created_at);
      CREATE TABLE orders_2025 PARTITION OF orders FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
      CREATE TABLE order_items (order_id bigint, order_created_at date, CONSTRAINT order_items_order_fk FOREIGN KEY (order_id, order_created_at) REFERENCES orders (id, created_at));`,
    seed: `INSERT INTO orders VALUES (1, '2025-02-01'); INSERT INTO order_items VALUES (1, '2025-02-01');`,
  },
  {
    name: 'the unique index a foreign key uses is rebuilt with another definition',
    before: `CREATE TABLE orders (id bigint NOT NULL, total int); CREATE UNIQUE INDEX orders_id_idx ON orders (id);
      CREATE TABLE order_items (order_id bigint CONSTRAINT order_items_order_fk REFERENCES orders (id));`,
    after: `CREATE TABLE orders (id bigint NOT NULL, total int); CREATE UNIQUE INDEX orders_id_idx ON orders (id) INCLUDE (total);
      CREATE TABLE order_items (order_id bigint CONSTRAINT order_items_order_fk REFERENCES orders (id));`,
    seed: `INSERT INTO orders VALUES (1, 2); INSERT INTO order_items VALUES (1);`,
    // The foreign key would keep the old index from being dropped: it goes and comes back (NOT VALID) in that transaction.
    expectOrder: [
      /CREATE UNIQUE INDEX CONCURRENTLY orders_id_idx_sf_new/,
      /DROP CONSTRAINT order_items_order_fk/,
      /^DROP INDEX orders_id_idx$/,
      /RENAME TO orders_id_idx/,
      /ADD CONSTRAINT order_items_order_fk .* NOT VALID/,
      /VALIDATE CONSTRAINT order_items_order_fk/,
    ],
  },
  {
    name: 'the unique index a foreign key into a partitioned table uses is rebuilt with another definition',
    before: `CREATE TABLE orders (id bigint NOT NULL, created_at date NOT NULL, total int) PARTITION BY RANGE (created_at);
      CREATE UNIQUE INDEX orders_key ON orders (id, created_at);
      CREATE TABLE orders_2025 PARTITION OF orders FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
      CREATE TABLE order_items (order_id bigint, order_created_at date, CONSTRAINT order_items_order_fk FOREIGN KEY (order_id, order_created_at) REFERENCES orders (id, created_at));`,
    after: `CREATE TABLE orders (id bigint NOT NULL, created_at date NOT NULL, total int) PARTITION BY RANGE (created_at);
      CREATE UNIQUE INDEX orders_key ON orders (id, created_at) INCLUDE (total);
      CREATE TABLE orders_2025 PARTITION OF orders FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
      CREATE TABLE order_items (order_id bigint, order_created_at date, CONSTRAINT order_items_order_fk FOREIGN KEY (order_id, order_created_at) REFERENCES orders (id, created_at));`,
    seed: `INSERT INTO orders VALUES (1, '2025-02-01', 2); INSERT INTO order_items VALUES (1, '2025-02-01');`,
    expectOrder: [/ATTACH PARTITION orders_2025_\S+_sf_new/, /DROP CONSTRAINT order_items_order_fk/, /^DROP INDEX orders_key$/, /ADD CONSTRAINT order_items_order_fk .* NOT VALID/, /VALIDATE/],
  },
  {
    name: 'the unique index a foreign key into a partitioned table uses is replaced by a primary key over the same columns',
    before: `CREATE TABLE orders (id bigint NOT NULL, created_at date NOT NULL) PARTITION BY RANGE (created_at);
      CREATE UNIQUE INDEX orders_id_created_at_idx ON orders (id, created_at);
      CREATE TABLE orders_2025 PARTITION OF orders FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
      CREATE TABLE order_items (order_id bigint, order_created_at date, CONSTRAINT order_items_order_fk FOREIGN KEY (order_id, order_created_at) REFERENCES orders (id, created_at));`,
    after: `CREATE TABLE orders (id bigint NOT NULL, created_at date NOT NULL, CONSTRAINT orders_pkey PRIMARY KEY (id, created_at)) PARTITION BY RANGE (created_at);
      CREATE TABLE orders_2025 PARTITION OF orders FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
      CREATE TABLE order_items (order_id bigint, order_created_at date, CONSTRAINT order_items_order_fk FOREIGN KEY (order_id, order_created_at) REFERENCES orders (id, created_at));`,
    seed: `INSERT INTO orders VALUES (1, '2025-02-01'); INSERT INTO order_items VALUES (1, '2025-02-01');`,
    expectOrder: [/ADD CONSTRAINT orders_pkey PRIMARY KEY/, /DROP CONSTRAINT order_items_order_fk/, /^DROP INDEX orders_id_created_at_idx$/, /ADD CONSTRAINT order_items_order_fk .* NOT VALID/],
  },
  {
    name: 'a partitioned referenced table gets a new partition key and a new unique key, the foreign key moves to it',
    before: `CREATE TABLE orders (id bigint NOT NULL, created_at date NOT NULL, region text NOT NULL, CONSTRAINT orders_pkey PRIMARY KEY (id, created_at)) PARTITION BY RANGE (created_at);
      CREATE TABLE orders_2025 PARTITION OF orders FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
      CREATE TABLE order_items (order_id bigint, order_created_at date, order_region text, CONSTRAINT order_items_order_fk FOREIGN KEY (order_id, order_created_at) REFERENCES orders (id, created_at));`,
    after: `CREATE TABLE orders (id bigint NOT NULL, created_at date NOT NULL, region text NOT NULL, CONSTRAINT orders_pkey PRIMARY KEY (id, region)) PARTITION BY LIST (region);
      CREATE TABLE orders_eu PARTITION OF orders FOR VALUES IN ('eu');
      CREATE TABLE order_items (order_id bigint, order_created_at date, order_region text, CONSTRAINT order_items_order_fk FOREIGN KEY (order_id, order_region) REFERENCES orders (id, region));`,
  },
];
