import { readFile, writeFile } from 'node:fs/promises';
import { allRules } from '../src/lint/rules/index.js';
import { RULE_COUNT_MARKERS, ruleCountText, rulesIndexMarkdown } from './rules-index-markdown.js';

const target = new URL('../docs/rules/README.md', import.meta.url);
await writeFile(target, rulesIndexMarkdown(allRules));
// The README's rule count, between its markers: one count, generated, wherever it is shown.
const readme = new URL('../README.md', import.meta.url);
const [open, close] = RULE_COUNT_MARKERS;
const text = await readFile(readme, 'utf8');
const start = text.indexOf(open);
const end = text.indexOf(close);
if (start < 0 || end < start) throw new Error(`README.md has no ${open}…${close} markers`);
await writeFile(readme, `${text.slice(0, start + open.length)}${ruleCountText(allRules)}${text.slice(end)}`);
process.stdout.write(`wrote docs/rules/README.md and the README's count: ${ruleCountText(allRules)}\n`);
