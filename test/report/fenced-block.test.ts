import { describe, expect, it } from 'vitest';
import { fencedBlock } from '../../src/report/markdown.js';

// One code fence for the review comment and the preflight report (the preflight had its own copy,
// which kept trailing newlines, so its blocks could end in a blank line).
describe('fencedBlock', () => {
  it('ends at the last line of the content, without a blank line before the fence', () => {
    expect(fencedBlock('SELECT 1;\n\n', 'sql')).toBe('```sql\nSELECT 1;\n```');
  });

  it('uses a fence longer than any backtick run inside, so the content cannot close it', () => {
    expect(fencedBlock('a ``` b ```` c', 'text')).toBe('`````text\na ``` b ```` c\n`````');
    expect(fencedBlock('plain')).toBe('```\nplain\n```');
  });
});
