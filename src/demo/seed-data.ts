import { quoteLiteral } from '../util/quote-ident.js';

const PLANS = ['free', 'free', 'team', 'enterprise'] as const;
const FIRST_NAMES = ['Ada', 'Grace', 'Linus', 'Barbara', 'Edsger', 'Margaret', 'Ken', 'Radia'] as const;

/** The tenant's plan, also its `tier` label in the tenant directory. */
export function planOf(index: number): (typeof PLANS)[number] {
  return PLANS[index % PLANS.length] ?? 'free';
}

/**
 * A handful of rows for one tenant, valid under v1 and v2 alike: every user has a display name (v2
 * makes it NOT NULL) and every plan is one v2's CHECK allows. Runs with search_path on the tenant's
 * schema, whose identity sequences are fresh, so ids start at 1.
 */
export function seedSql(index: number, name: string): string {
  const people = [0, 1, 2].map((n) => FIRST_NAMES[(index + n * 3) % FIRST_NAMES.length] ?? 'Ada');
  const users = people.map(
    (person, n) => `(1, ${quoteLiteral(`${person.toLowerCase()}.${n}@${name.replaceAll('_', '-')}.example`)}, ${quoteLiteral(person)}, ${n === 2 ? 'NULL' : "now() - interval '1 day'"})`,
  );
  return [
    `INSERT INTO accounts (name, plan) VALUES (${quoteLiteral(`Customer ${name}`)}, ${quoteLiteral(planOf(index))});`,
    `INSERT INTO users (account_id, email, display_name, last_seen_at) VALUES ${users.join(', ')};`,
    `INSERT INTO projects (account_id, name, archived) VALUES (1, 'Website', false), (1, 'Launch', ${index % 5 === 0});`,
    "INSERT INTO tasks (project_id, assignee_id, title, status, due_on) VALUES (1, 1, 'Draft copy', 'done', NULL), (1, 2, 'Review copy', 'doing', current_date + 3), (1, NULL, 'Publish', 'todo', current_date + 7), (2, 3, 'Plan launch', 'todo', NULL), (2, 1, 'Announce', 'todo', current_date + 14);",
  ].join('\n');
}
