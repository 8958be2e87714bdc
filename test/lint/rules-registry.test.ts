import { readdir, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { engineRules } from '../../src/lint/engine-rules.js';
import { RULE_CATEGORIES, SEVERITIES } from '../../src/lint/rule.js';
import { allRules } from '../../src/lint/rules/index.js';
import { RULE_COUNT_MARKERS, ruleCountText, rulesIndexMarkdown } from '../../scripts/rules-index-markdown.js';

const docs = new URL('../../docs/rules/', import.meta.url);

describe('the rule registry', () => {
  it('gives every rule a unique kebab-case id, a category, a severity, and a why and fix of one line', () => {
    const ids = [...allRules, ...engineRules].map((r) => r.id);
    expect(new Set(ids).size, 'ids are unique (engine ids included)').toBe(ids.length);
    for (const rule of allRules) {
      expect(rule.id, rule.id).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
      expect(RULE_CATEGORIES, `${rule.id}.category`).toContain(rule.category);
      expect(SEVERITIES, `${rule.id}.defaultSeverity`).toContain(rule.defaultSeverity);
      expect(rule.why.trim(), `${rule.id}.why`).not.toBe('');
      expect(rule.fix.trim(), `${rule.id}.fix`).not.toBe('');
      expect(rule.why, `${rule.id}.why is one line`).not.toContain('\n');
      expect(rule.fix, `${rule.id}.fix is one line`).not.toContain('\n');
      expect(typeof rule.check, `${rule.id}.check`).toBe('function');
    }
  });

  it('keeps the registry sorted by id', () => {
    const ids = allRules.map((r) => r.id);
    expect(ids).toEqual([...ids].sort());
  });

  it('has a docs page for every rule and a rule for every docs page', async () => {
    const pages = (await readdir(docs))
      .filter((f) => f.endsWith('.md') && f !== 'README.md')
      .map((f) => f.slice(0, -3))
      .sort();
    const ids = [...allRules, ...engineRules].map((r) => r.id).sort();
    expect(
      ids.filter((id) => !pages.includes(id)),
      'rules without docs/rules/<id>.md',
    ).toEqual([]);
    expect(
      pages.filter((page) => !ids.includes(page)),
      'docs pages without a rule',
    ).toEqual([]);
  });

  it('docs/rules/README.md is up to date (regenerate with `npx tsx scripts/rules-index.ts`)', async () => {
    expect(await readFile(new URL('README.md', docs), 'utf8')).toBe(rulesIndexMarkdown(allRules));
  });

  it("README.md's rule count is the generated one (it said 49 while the index said 50 and docs/rules held 53 pages)", async () => {
    const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
    const [open, close] = RULE_COUNT_MARKERS;
    expect(readme).toContain(`${open}${ruleCountText(allRules)}${close}`);
    const pages = (await readdir(docs)).filter((f) => f.endsWith('.md') && f !== 'README.md');
    expect(ruleCountText(allRules)).toMatch(new RegExp(`^${pages.length} rules`));
  });
});
