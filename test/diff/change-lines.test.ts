import { describe, expect, it } from 'vitest';
import { renderChangesText } from '../../src/diff/change-lines.js';

describe('diff text summary', () => {
  it('prints one signed line per changed object', () => {
    const column = { name: 'email', type: 'text' };
    const text = renderChangesText([
      { kind: 'add-table', id: 'table:projects', table: { name: 'projects' }, deferredConstraints: [] },
      { kind: 'alter-column', id: 'column:users.email', table: 'users', from: column, to: column },
      { kind: 'drop-index', id: 'index:users_email_idx', index: { name: 'users_email_idx', table: 'users' }, replaced: false },
      { kind: 'add-constraint', id: 'constraint:users.users_email_key', table: 'users', constraint: { name: 'users_email_key' } },
      { kind: 'add-materialized-view', id: 'materialized view:stats', view: { name: 'stats' } },
      { kind: 'add-enum-values', id: 'type:mood', enum: 'mood', values: [] },
      { kind: 'set-comment', id: 'comment:table:users', target: { kind: 'table', name: 'users' }, comment: 'x' },
    ]);
    expect(text).toBe(
      ['+ table projects', '~ column users.email', '- index users_email_idx', '+ constraint users.users_email_key', '+ materialized view stats', '~ enum mood', '~ comment on table users', ''].join(
        '\n',
      ),
    );
    expect(renderChangesText([])).toBe('no changes\n');
  });
});
