import { writeFile } from 'node:fs/promises';
import { allRules } from '../src/lint/rules/index.js';
import { rulesIndexMarkdown } from '../src/lint/rules-index-markdown.js';

const target = new URL('../docs/rules/README.md', import.meta.url);
await writeFile(target, rulesIndexMarkdown(allRules));
process.stdout.write(`wrote docs/rules/README.md (${allRules.length} rules)\n`);
