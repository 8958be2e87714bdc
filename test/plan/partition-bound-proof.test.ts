import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { partitionBoundProof } from '../../src/plan/partition-bound-proof.js';
import { createTestDatabase } from '../support/pg.js';

describe('partitionBoundProof (the CHECK that spares ATTACH PARTITION its scan)', () => {
  it('writes one-column RANGE and LIST bounds the way PostgreSQL writes the partition constraint', () => {
    expect(partitionBoundProof('RANGE (at)', "FOR VALUES FROM ('2026-01-01') TO ('2026-02-01')")).toBe("at IS NOT NULL AND at >= '2026-01-01' AND at < '2026-02-01'");
    expect(partitionBoundProof('RANGE (n)', 'FOR VALUES FROM (MINVALUE) TO (10)')).toBe('n IS NOT NULL AND n < 10');
    expect(partitionBoundProof('RANGE (n)', "FOR VALUES FROM ('-5') TO (MAXVALUE)")).toBe("n IS NOT NULL AND n >= '-5'");
    expect(partitionBoundProof('LIST ("Region")', "FOR VALUES IN ('eu', 'it''s, (odd)')")).toBe(`"Region" IS NOT NULL AND "Region" = ANY (ARRAY['eu', 'it''s, (odd)'])`);
    expect(partitionBoundProof('LIST (r)', "FOR VALUES IN ('eu')")).toBe("r IS NOT NULL AND r = 'eu'");
    expect(partitionBoundProof('LIST (r)', "FOR VALUES IN (NULL, 'eu')")).toBe("r IS NULL OR r = 'eu'");
    expect(partitionBoundProof('LIST (r)', 'FOR VALUES IN (NULL)')).toBe('r IS NULL');
  });

  it('gives up (the attach keeps its scan) on what it cannot write exactly', () => {
    for (const [key, bound] of [
      ['RANGE (a, b)', "FOR VALUES FROM (1, 'x') TO (2, 'y')"],
      ['RANGE (lower(name))', "FOR VALUES FROM ('a') TO ('m')"],
      ['RANGE (name COLLATE "C")', "FOR VALUES FROM ('a') TO ('m')"],
      ['HASH (id)', 'FOR VALUES WITH (modulus 4, remainder 0)'],
      ['LIST (r)', 'DEFAULT'],
      ['LIST (r)', "FOR VALUES IN (E'a\\\\b')"],
      ['LIST (r)', "FOR VALUES IN ('unclosed)"],
      [null, "FOR VALUES IN ('eu')"],
    ] as const) {
      expect(partitionBoundProof(key, bound), `${key} ${bound}`).toBeNull();
    }
  });

  it('is accepted by PostgreSQL as proof: ATTACH PARTITION skips its scan', { timeout: 60_000 }, async () => {
    const db = await createTestDatabase('sf_bound_proof');
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const notices: string[] = [];
    client.on('notice', (notice) => void notices.push(notice.message ?? ''));
    try {
      const cases = [
        { key: 'RANGE (at)', type: 'date', bound: "FOR VALUES FROM ('2026-01-01') TO ('2026-02-01')", row: "'2026-01-05'" },
        { key: 'RANGE (at)', type: 'timestamptz', bound: "FOR VALUES FROM (MINVALUE) TO ('2026-02-01 00:00:00+00')", row: "'2025-12-31 23:00:00+00'" },
        { key: 'RANGE (n)', type: 'bigint', bound: "FOR VALUES FROM ('-5') TO (MAXVALUE)", row: '7' },
        { key: 'LIST (r)', type: 'text', bound: "FOR VALUES IN ('eu', 'us')", row: "'us'" },
        { key: 'LIST (r)', type: 'varchar(8)', bound: "FOR VALUES IN ('eu')", row: "'eu'" },
        { key: 'LIST (r)', type: 'int', bound: 'FOR VALUES IN (NULL, 3, 4)', row: 'NULL' },
      ];
      for (const [i, c] of cases.entries()) {
        const column = c.key.slice(c.key.indexOf('(') + 1, -1);
        await client.query(`CREATE TABLE p${i} (${column} ${c.type}, note text) PARTITION BY ${c.key}; CREATE TABLE t${i} (${column} ${c.type}, note text); INSERT INTO t${i} VALUES (${c.row}, 'x')`);
        // The bound as PostgreSQL prints it, which is what the plan gets from introspection.
        await client.query(`CREATE TABLE probe${i} PARTITION OF p${i} ${c.bound}`);
        const printed = (await client.query<{ bound: string }>(`SELECT pg_catalog.pg_get_expr(relpartbound, oid) AS bound FROM pg_class WHERE relname = 'probe${i}'`)).rows[0]!.bound;
        await client.query(`DROP TABLE probe${i}`);
        const proof = partitionBoundProof(c.key, printed);
        expect(proof, printed).not.toBeNull();
        await client.query(`ALTER TABLE t${i} ADD CONSTRAINT t${i}_sf_bound CHECK (${proof}) NOT VALID; ALTER TABLE t${i} VALIDATE CONSTRAINT t${i}_sf_bound`);
        notices.length = 0;
        await client.query(`SET client_min_messages = debug1; ALTER TABLE p${i} ATTACH PARTITION t${i} ${printed}; RESET client_min_messages`);
        expect(
          notices.some((message) => message.includes('is implied by existing constraints')),
          `${c.key} ${printed}: ${notices.join(' | ')}`,
        ).toBe(true);
      }
    } finally {
      await client.end();
    }
  });
});
