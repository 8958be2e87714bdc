import { readLiveSchema } from '../../apply/read-live-schema.js';
import type { Tenant } from '../../fleet/tenant.js';
import { planMigration } from '../../plan/plan-migration.js';
import { renderPlanSql } from '../../plan/render-plan-sql.js';
import type { SchemaModel } from '../../schema/model.js';
import type { PlanGroup } from './plan-groups.js';

/** Groups shown with their SQL; past these, the fingerprint and counts say enough. */
const MAX_GROUPS_WITH_SQL = 10;

/**
 * The SQL each group's plan runs, read from one example tenant per group (every tenant of a group
 * is in the same live state, so it plans the same way). A tenant that cannot be read leaves its
 * group without SQL: the preflight itself already succeeded or failed on its own.
 */
export async function withPlanSql(groups: readonly PlanGroup[], tenants: ReadonlyMap<string, Tenant>, desired: SchemaModel): Promise<PlanGroup[]> {
  const out: PlanGroup[] = [];
  for (const [index, group] of groups.entries()) {
    const example = group.examples[0];
    const tenant = example === undefined ? undefined : tenants.get(example);
    if (index >= MAX_GROUPS_WITH_SQL || group.steps === 0 || !tenant) {
      out.push(group);
      continue;
    }
    try {
      const current = await readLiveSchema(tenant.url, tenant.schema, { lockTimeoutMs: 2_000 });
      out.push({ ...group, sql: renderPlanSql(planMigration(current, desired).plan) });
    } catch {
      out.push(group);
    }
  }
  return out;
}
