/**
 * The pull-request review end to end (computeReview: config and schema read through a GitHub
 * client, both schemas loaded on scratch databases within the review's time budget, diffed,
 * planned, linted) for a 16-table change, on a given server (a service-container dev-url); and
 * what a fork's review adds: starting and stopping an embedded PostgreSQL of its own.
 */
import { createHash } from 'node:crypto';
import { computeReview } from '../src/github/compute-review.js';
import type { GitHubClient } from '../src/github/github-client.js';
import { openScratchServer } from '../src/schema/scratch/scratch-server.js';
import { generateSchema } from './generate-schema.js';
import { measure, type Timing } from './measure.js';

export interface ReviewBenchResult {
  readonly review: Timing;
  readonly sandboxStart: Timing;
  readonly changes: number;
  readonly steps: number;
}

const BASE = 'b'.repeat(40);
const HEAD = 'c'.repeat(40);

/** The contents API over in-memory commits, answering at once: the benchmark measures our part. */
function commitsClient(files: Record<string, Record<string, string>>): GitHubClient {
  const notFound = (): never => {
    throw Object.assign(new Error('Not Found'), { status: 404 });
  };
  const unused = async (): Promise<never> => {
    throw new Error('not used by computeReview');
  };
  return {
    rest: {
      repos: {
        get: unused,
        async getContent({ path, ref }: { path: string; ref?: string }) {
          const text = files[ref ?? '']?.[path];
          if (text === undefined) return notFound();
          const sha = createHash('sha1').update(text).digest('hex');
          return { data: { type: 'file', path, sha, content: Buffer.from(text).toString('base64'), encoding: 'base64', size: text.length } };
        },
        async compareCommits() {
          return { data: { merge_base_commit: { sha: BASE } } };
        },
      },
      git: { getBlob: unused },
      issues: { listComments: unused, createComment: unused, updateComment: unused, deleteComment: unused },
      pulls: { listFiles: unused },
      checks: { create: unused, update: unused },
      users: { getAuthenticated: unused },
    },
  } as unknown as GitHubClient;
}

export async function benchReview(devUrl: string): Promise<ReviewBenchResult> {
  const config = 'schema: db/schema.sql\ntenants:\n  list:\n    - id: t1\n      url: postgres://app:pw@127.0.0.1:1/t1\n';
  const octokit = commitsClient({
    [BASE]: { 'schemafleet.yml': config, 'db/schema.sql': generateSchema(16) },
    [HEAD]: { 'schemafleet.yml': config, 'db/schema.sql': generateSchema(16, 'changed') },
  });
  const run = () => computeReview({ octokit, owner: 'acme', repo: 'shop', baseSha: BASE, headSha: HEAD, devUrl });
  const once = await run();
  if (!once || once.problems.length > 0) throw new Error(`the review benchmark's schema does not load: ${once?.problems.map((p) => p.message).join('\n')}`);
  const review = await measure(run, 7, 1);
  const sandboxStart = await measure(async () => (await openScratchServer()).close(), 3, 0);
  return { review, sandboxStart, changes: once.changes.length, steps: once.plan?.steps.length ?? 0 };
}
