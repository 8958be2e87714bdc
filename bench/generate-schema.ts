/**
 * A realistic generated schema: tables with mixed column types, defaults, a primary key, a unique
 * constraint, a check, a foreign key to the previous table, two indexes, plus enums and views.
 * `variant: 'changed'` alters about 10% of the tables (new column, new index, retyped column,
 * new check), so diff+plan has real work to do.
 */
export function generateSchema(tableCount: number, variant: 'base' | 'changed' = 'base'): string {
  const out: string[] = [`CREATE TYPE status AS ENUM ('new', 'active', 'suspended', 'closed');`];
  for (let i = 0; i < tableCount; i++) {
    const changed = variant === 'changed' && i % 10 === 3;
    const t = `t${String(i).padStart(4, '0')}`;
    const fk = i > 0 ? `,\n  parent_id bigint REFERENCES t${String(i - 1).padStart(4, '0')}(id)` : '';
    out.push(`CREATE TABLE ${t} (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code varchar(${changed ? 64 : 32}) NOT NULL UNIQUE,
  name text NOT NULL,
  status status NOT NULL DEFAULT 'new',
  amount numeric(12,2) CHECK (amount >= 0),
  payload jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz${fk}${changed ? ',\n  note text' : ''}
);`);
    out.push(`CREATE INDEX ${t}_created_idx ON ${t} (created_at DESC);`);
    out.push(`CREATE INDEX ${t}_name_idx ON ${t} (lower(name)) WHERE status <> 'closed';`);
    if (changed) out.push(`CREATE INDEX ${t}_status_idx ON ${t} (status);`);
    if (i % 25 === 0) out.push(`CREATE VIEW ${t}_active AS SELECT id, code, name FROM ${t} WHERE status = 'active';`);
    if (i % 50 === 0) out.push(`COMMENT ON TABLE ${t} IS 'generated table ${i}';`);
  }
  return out.join('\n');
}
