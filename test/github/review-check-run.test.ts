import { describe, expect, it } from 'vitest';
import type { GitHubClient } from '../../src/github/github-client.js';
import type { SchemaReview } from '../../src/github/compute-review.js';
import { createReviewCheckRun, reviewConclusion } from '../../src/github/review-check-run.js';
import { resolveBotLogin } from '../../src/github/upsert-review-comment.js';
import type { Finding } from '../../src/lint/rule.js';

function finding(i: number, severity: Finding['severity'] = 'warning'): Finding {
  return {
    rule: 'index-build',
    severity,
    category: 'performance',
    object: `idx_${i}`,
    message: `m${i}`,
    fix: 'f',
    location: { file: 'db/schema.sql', line: i + 1 },
    docs: 'https://x.test/index-build.md',
    step: null,
  };
}

function review(findings: Finding[]): SchemaReview {
  return {
    changed: true,
    configPath: 'schemafleet.yml',
    schemaPath: 'db/schema.sql',
    schemaName: 'public',
    baseMissing: false,
    changes: [],
    plan: null,
    findings,
    problems: [],
    headSha: 'h'.repeat(40),
    baseSha: 'b'.repeat(40),
    desiredModel: null,
  };
}

function recordingClient(calls: { method: string; params: any }[], getAuthenticated?: () => Promise<never>): GitHubClient {
  const record = (method: string) => async (params: any) => {
    calls.push({ method, params });
    return { data: { id: 7, html_url: 'https://github.com/acme/shop/runs/7' } };
  };
  return {
    rest: {
      checks: { create: record('create'), update: record('update') },
      users: { getAuthenticated: getAuthenticated ?? (async () => ({ data: { login: 'me' } })) },
    },
  } as unknown as GitHubClient;
}

describe('review check run', () => {
  it('sends 50 annotations with the create and the rest in further updates', async () => {
    const calls: { method: string; params: any }[] = [];
    await createReviewCheckRun(review(Array.from({ length: 120 }, (_, i) => finding(i))), { octokit: recordingClient(calls), owner: 'acme', repo: 'shop' });
    expect(calls.map((c) => c.method)).toEqual(['create', 'update', 'update']);
    expect(calls.map((c) => c.params.output.annotations.length)).toEqual([50, 50, 20]);
    expect(calls[1]!.params.check_run_id).toBe(7);
    expect(calls[0]!.params).toMatchObject({ name: 'schemafleet review', head_sha: 'h'.repeat(40), status: 'completed', conclusion: 'neutral' });
  });

  it('puts the whole plan, as one script, in the output text', async () => {
    const calls: { method: string; params: any }[] = [];
    const steps = Array.from({ length: 400 }, (_, i) => ({
      sql: `CREATE INDEX CONCURRENTLY wide_c${i}_idx ON wide USING btree (c${i})`,
      transactional: false,
      lock: 'SHARE UPDATE EXCLUSIVE' as const,
      table: 'wide',
      hazards: [{ kind: 'index-build' as const, message: '' }],
      group: null,
      timeoutMs: 1,
      changeId: 'x',
      onNewObject: false,
    }));
    await createReviewCheckRun(
      { ...review([]), plan: { schema: 'public', steps, currentFingerprint: 'a', desiredFingerprint: 'b' } },
      { octokit: recordingClient(calls), owner: 'acme', repo: 'shop' },
    );
    const output = calls[0]!.params.output as { summary: string; text: string };
    expect(output.summary).toContain('Summary form: the 400 steps');
    expect(output.text).toContain('CREATE INDEX CONCURRENTLY wide_c399_idx ON wide USING btree (c399);');
    expect(output.text.length).toBeLessThanOrEqual(65_535);
  });

  it('fails on error findings and succeeds with none', () => {
    expect(reviewConclusion(review([finding(1, 'error')]))).toBe('failure');
    expect(reviewConclusion(review([]))).toBe('success');
  });
});

describe('resolveBotLogin', () => {
  it('says it does not know when the token cannot read /user (workflow and installation tokens post as different bots)', async () => {
    const denied = async (): Promise<never> => {
      throw Object.assign(new Error('Resource not accessible by integration'), { status: 403 });
    };
    expect(await resolveBotLogin(recordingClient([], denied))).toBeNull();
    expect(await resolveBotLogin(recordingClient([]))).toBe('me');
  });
});
