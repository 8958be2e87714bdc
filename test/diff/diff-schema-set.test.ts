import { describe, expect, it } from 'vitest';
import { diffSchemaSet } from '../../src/diff/diff-schema-set.js';
import { renderChangesText } from '../../src/diff/change-lines.js';
import { planSchemaSet } from '../../src/plan/plan-schema-set.js';
import { renderPlanSql } from '../../src/plan/render-plan-sql.js';
import type { SchemaModel } from '../../src/schema/model.js';
import type { SchemaSet } from '../../src/schema/schema-set.js';
import { col, fk, model, pk, table } from './build-model.js';

const set = (...models: SchemaModel[]): SchemaSet => ({ primary: models[0]?.schema ?? 'app', scope: ['app', 'audit'], models: new Map(models.map((m) => [m.schema, m])) });

describe('diffSchemaSet', () => {
  it('reads a key that starts with a name of its own schema as its own, even when another schema has that name', () => {
    // app has a table named "audit"; app.logs references it. Nothing here is in schema audit.
    const current = set(model({ schema: 'app' }), model({ schema: 'audit' }));
    const logs = table('a_logs', [col('id'), col('audit_id')], { constraints: [pk('a_logs', ['id']), fk('logs_audit_fk', ['audit_id'], 'audit')] });
    const auditTable = table('audit', [col('id')], { constraints: [pk('audit', ['id'])] });
    const desired = set(model({ schema: 'app', tables: [logs, auditTable] }), model({ schema: 'audit' }));
    const ids = diffSchemaSet(current, desired).changes.map((c) => c.id);
    // The foreign key between two new tables is added after both, as in a one-schema diff, and not taken for schema audit's.
    expect(ids).toEqual(['add-table:app.a_logs', 'add-table:app.audit', 'add-constraint:app.a_logs.logs_audit_fk']);
  });

  it('orders a foreign key to another schema after that schema creates the table, whatever the names', () => {
    const accounts = table('accounts', [col('id'), col('plan_id')], { constraints: [pk('accounts', ['id']), fk('accounts_plan_fk', ['plan_id'], 'audit.plans')] });
    const plans = table('plans', [col('id')], { constraints: [pk('plans', ['id'])] });
    const current = set(model({ schema: 'app' }));
    const desired = set(model({ schema: 'app', tables: [accounts] }), model({ schema: 'audit', tables: [plans] }));
    const { changes } = diffSchemaSet(current, desired);
    expect(changes.map((c) => c.id)).toEqual(['add-schema:audit', 'add-table:audit.plans', 'add-table:app.accounts']);
    expect(renderChangesText(changes)).toBe('+ schema audit\n+ table audit.plans\n+ table app.accounts\n');
  });

  it('renders each step after the search_path of its schema, and a one-schema plan without any', () => {
    const plans = table('plans', [col('id')]);
    const { plan } = planSchemaSet(set(model({ schema: 'app' })), set(model({ schema: 'app', tables: [table('t', [col('a')])] }), model({ schema: 'audit', tables: [plans] })));
    expect(renderPlanSql(plan)).toBe(
      'SET search_path TO app;\n\nSET search_path TO audit;\nCREATE SCHEMA audit;\n\nSET search_path TO app;\nCREATE TABLE t (\n    a integer\n);\n\nSET search_path TO audit;\nCREATE TABLE plans (\n    id integer\n);\n',
    );
    expect(plan.steps.map((s) => s.schema)).toEqual(['audit', 'app', 'audit']);
  });
});
