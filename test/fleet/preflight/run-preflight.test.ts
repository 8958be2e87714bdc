import { describe, expect, it } from 'vitest';
import { runPreflight } from '../../../src/fleet/preflight/index.js';
import type { PreflightReport } from '../../../src/fleet/preflight/index.js';
import type { Tenant, TenantSource } from '../../../src/fleet/tenant.js';
import { renderPreflightJson, renderPreflightMarkdown, renderPreflightText } from '../../../src/report/preflight/index.js';
import { createTestDatabase } from '../../support/pg.js';
import { BAD_DATA, CLEAN_DATA, V1, V2, fleetFingerprint, loadV2, schemaTenant, setUpSchema, type BadKind } from './preflight-fixture.js';

function pagedSource(tenants: readonly Tenant[]): TenantSource {
  return {
    description: `test list (${tenants.length})`,
    async *pages(size: number) {
      for (let i = 0; i < tenants.length; i += size) yield tenants.slice(i, i + size);
    },
  };
}

const HOSTILE_SCHEMA = 'Tenant "quoted" ü space';

/** ~12 schema tenants in one database (one per kind of bad data, clean ones, a drifted one, one already at v2) plus 2 database tenants. */
async function mixedFleet() {
  const db = await createTestDatabase('sf_preflight');
  const tenants: Tenant[] = [];
  const kinds = Object.keys(BAD_DATA) as BadKind[];
  for (const kind of kinds) {
    const schema = kind === 'hostile' ? HOSTILE_SCHEMA : `t_${kind}`;
    await setUpSchema(db, schema, `${V1}${CLEAN_DATA}${BAD_DATA[kind]}`);
    tenants.push(schemaTenant(db, schema));
  }
  for (const name of ['t_clean_a', 't_clean_b']) {
    await setUpSchema(db, name, `${V1}${CLEAN_DATA}`);
    tenants.push(schemaTenant(db, name));
  }
  await setUpSchema(db, 't_drift', `${V1}CREATE INDEX orders_ref_idx ON orders (ref);${CLEAN_DATA}`);
  tenants.push(schemaTenant(db, 't_drift'));
  await setUpSchema(db, 't_v2', V2);
  tenants.push(schemaTenant(db, 't_v2'));

  const dbClean = await createTestDatabase('sf_preflight_db');
  await dbClean.exec(`${V1}${CLEAN_DATA}`);
  tenants.push({ id: 'db-clean', url: dbClean.url, schema: 'public', labels: {} });
  const dbOrphan = await createTestDatabase('sf_preflight_db');
  await dbOrphan.exec(`${V1}${CLEAN_DATA}${BAD_DATA.orphans}`);
  tenants.push({ id: 'db-orphans', url: dbOrphan.url, schema: 'public', labels: {} });
  return { db, tenants, dbClean, dbOrphan };
}

function problemsOf(report: PreflightReport, tenantId: string) {
  return report.dataProblems.filter((p) => p.tenantId === tenantId);
}

describe('runPreflight', () => {
  it('groups tenants by live state, runs each data check where the data is bad and nowhere else, and writes nothing', async () => {
    const { db, tenants, dbClean, dbOrphan } = await mixedFleet();
    const unreachable: Tenant = { id: 'gone', url: 'postgres://sf:pw-s3cret-xyz@127.0.0.1:1/nowhere', schema: 'public', labels: {} };
    const desired = await loadV2();
    const before = await Promise.all([fleetFingerprint(db.url), fleetFingerprint(dbClean.url), fleetFingerprint(dbOrphan.url)]);

    const report = await runPreflight({ desired, source: pagedSource([...tenants, unreachable]), concurrency: 3, pageSize: 4, sampleSize: 20 });

    // Nothing written: no relation, file node or row changed anywhere; no ledger schema appeared.
    expect(await Promise.all([fleetFingerprint(db.url), fleetFingerprint(dbClean.url), fleetFingerprint(dbOrphan.url)])).toEqual(before);
    expect(await db.query("SELECT 1 FROM pg_namespace WHERE nspname = 'schemafleet'")).toEqual([]);

    expect(report.tenants).toBe(tenants.length + 1);
    // v1 tenants (schemas and databases alike) share one state; the drifted one and the v2 one are their own.
    const v1 = report.groups[0];
    expect(v1?.largest).toBe(true);
    expect(v1?.tenantCount).toBe(tenants.length - 2);
    expect(v1?.tenants).toContain('db-clean');
    expect(v1?.tenants).toContain(HOSTILE_SCHEMA);
    expect(v1?.upToDate).toBe(false);
    expect(v1?.changes.length).toBeGreaterThan(0);
    expect(v1?.steps.length).toBeGreaterThan(0);
    const drift = report.groups.find((g) => g.tenants.includes('t_drift'));
    expect(drift?.tenantCount).toBe(1);
    expect(drift?.drift).toEqual(['+ index orders_ref_idx']);
    const upToDate = report.groups.find((g) => g.upToDate);
    expect(upToDate?.tenants).toEqual(['t_v2']);
    expect(upToDate?.steps).toEqual([]);
    expect(report.groups).toHaveLength(3);

    // Each check fires on its tenant …
    expect(problemsOf(report, 't_nulls')).toEqual([
      { tenantId: 't_nulls', check: 'nulls', object: 'customers.email', count: 1, message: 'tenant t_nulls: 1 row of customers.email is NULL (SET NOT NULL on customers.email would fail)' },
    ]);
    expect(problemsOf(report, 't_duplicates-nulls-not-distinct').map((p) => [p.check, p.object, p.count])).toEqual([['duplicates', 'customers.code', 1]]);
    expect(problemsOf(report, 't_duplicates').map((p) => [p.check, p.object, p.count])).toEqual([['duplicates', 'orders.ref', 1]]);
    expect(problemsOf(report, 't_orphans')).toEqual([
      {
        tenantId: 't_orphans',
        check: 'orphans',
        object: 'orders.customer_id',
        count: 2,
        message: 'tenant t_orphans: 2 rows of orders.customer_id have no match in customers.id (foreign key orders_customer_fk)',
      },
    ]);
    expect(problemsOf(report, 'db-orphans').map((p) => [p.check, p.count])).toEqual([['orphans', 2]]);
    expect(problemsOf(report, 't_check').map((p) => [p.check, p.object, p.count])).toEqual([['check-violations', 'orders.orders_qty_positive', 1]]);
    expect(problemsOf(report, 't_check')[0]?.message).toMatch(/^tenant t_check: 1 row of orders violates CHECK \(.*qty > 0.*\) \(constraint orders_qty_positive\)$/);
    expect(problemsOf(report, 't_too-long').map((p) => [p.check, p.object, p.count])).toEqual([['type-change', 'customers.name', 1]]);
    expect(problemsOf(report, 't_too-long')[0]?.message).toContain('longer than 10 characters');
    expect(problemsOf(report, 't_enum').map((p) => [p.check, p.object, p.count])).toEqual([['enum-values', 'orders.status', 1]]);
    expect(problemsOf(report, 't_enum')[0]?.message).toContain("value 'meh' that enum mood no longer has");
    expect(problemsOf(report, 't_not-null-column').map((p) => [p.check, p.object])).toEqual([['not-null-column', 'audit.actor']]);
    // … hostile names are quoted, in the schema and in the table and columns.
    expect(problemsOf(report, HOSTILE_SCHEMA).map((p) => [p.check, p.object, p.count])).toEqual([
      ['check-violations', 'we"ird tbl ü.we"ird check', 1],
      ['nulls', 'we"ird tbl ü.we"ird col', 1],
      ['orphans', 'we"ird tbl ü.ref col', 1],
    ]);
    // … and stays quiet on clean tenants (NULLs in a plain unique key, NULL foreign keys and NULLs a CHECK lets through included).
    for (const clean of ['t_clean_a', 't_clean_b', 'db-clean', 't_drift', 't_v2']) expect(problemsOf(report, clean)).toEqual([]);
    expect(report.skippedChecks).toEqual([]);

    // The unreachable tenant is named, without its password, and nothing crashed.
    expect(report.unreachable).toHaveLength(1);
    expect(report.unreachable[0]?.tenantId).toBe('gone');
    expect(report.unreachable[0]?.message).toMatch(/cannot connect to postgres:\/\/sf:\*\*\*@127\.0\.0\.1:1\/nowhere/);
    const rendered = [renderPreflightText(report), renderPreflightJson(report), renderPreflightMarkdown(report)].join('\n');
    expect(rendered).not.toContain('pw-s3cret-xyz');

    expect(report.verdict.ok).toBe(false);
    expect(renderPreflightText(report)).toMatch(/\nfail: 16 tenants, 3 live states, 1 up to date; up to \d+ would fail \(\d+ data problems, .*1 unreachable\)\n$/);
    const json = JSON.parse(renderPreflightJson(report)) as {
      groups: { fingerprint: string; tenants: string[]; tenantCount: number; upToDate: boolean; steps: string[]; findings: unknown[] }[];
      dataProblems: unknown[];
      unreachable: unknown[];
    };
    expect(Object.keys(json)).toEqual(['tenants', 'groups', 'dataProblems', 'unreachable', 'skippedChecks', 'verdict']);
    expect(json.groups[0]).toMatchObject({ tenantCount: tenants.length - 2, upToDate: false });
    expect(renderPreflightMarkdown(report)).toContain('### Data that would make the rollout fail');
  });

  it('a clean fleet passes, keeps a sample of ids with the full count, and reports plan lint findings per group', async () => {
    const db = await createTestDatabase('sf_preflight');
    const tenants: Tenant[] = [];
    for (let i = 0; i < 6; i++) {
      const schema = `s${i}`;
      await setUpSchema(db, schema, `${V1}${CLEAN_DATA}`);
      tenants.push(schemaTenant(db, schema));
    }
    const desired = await loadV2();
    const report = await runPreflight({ desired, source: pagedSource(tenants), concurrency: 2, sampleSize: 2, lint: { rules: {}, ignore: [] } });
    expect(report.groups).toHaveLength(1);
    expect(report.groups[0]?.tenants).toEqual(['s0', 's1']);
    expect(report.groups[0]?.tenantCount).toBe(6);
    expect(report.dataProblems).toEqual([]);
    expect(report.unreachable).toEqual([]);
    expect(report.groups[0]?.checks.length).toBeGreaterThan(5);
    expect(report.groups[0]?.findings.length).toBeGreaterThan(0);
    const errors = report.groups[0]?.findings.filter((f) => f.severity === 'error') ?? [];
    expect(report.verdict.ok).toBe(errors.length === 0 && report.groups[0]?.refusal === null);
    expect(renderPreflightText(report)).toContain('tenants: s0, s1, … 4 more');
  });
});
