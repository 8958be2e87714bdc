/**
 * A SaaS tenant schema of sixteen tables (enums, partial and expression indexes, a view, a trigger
 * function) and its next release, the shape issue 20 measured: an enum value added, two columns
 * added to users and one to webhooks, two type widenings, a view replaced, a new table with a
 * foreign key and an index, and a concurrent index on users.
 */

const TYPES = `
CREATE TYPE plan_tier AS ENUM ('free', 'pro', 'enterprise');
CREATE TYPE task_status AS ENUM ('todo', 'doing', 'done');
CREATE TYPE invoice_status AS ENUM ('draft', 'open', 'paid', 'void');
`;

const FUNCTIONS = `
CREATE FUNCTION touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END
$$;
`;

/** Tables whose shape the release leaves alone except where V2 says otherwise. */
const tables = (v2: boolean): string => `
CREATE TABLE accounts (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL,
  tier plan_tier NOT NULL DEFAULT 'free',
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE users (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id bigint NOT NULL REFERENCES accounts (id),
  email text NOT NULL,
  name text,
  deleted_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()${
    v2
      ? `,
  locale text,
  last_seen_at timestamptz`
      : ''
  }
);
CREATE UNIQUE INDEX users_email_lower_key ON users (lower(email));
CREATE INDEX users_account_active_idx ON users (account_id) WHERE deleted_at IS NULL;
CREATE TABLE teams (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id bigint NOT NULL REFERENCES accounts (id),
  name text NOT NULL
);
CREATE TABLE team_members (
  team_id bigint NOT NULL REFERENCES teams (id),
  user_id bigint NOT NULL REFERENCES users (id),
  role text NOT NULL DEFAULT 'member' CHECK (role IN ('member', 'admin')),
  PRIMARY KEY (team_id, user_id)
);
CREATE TABLE projects (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  team_id bigint NOT NULL REFERENCES teams (id),
  name varchar(${v2 ? 200 : 120}) NOT NULL,
  archived boolean NOT NULL DEFAULT false
);
CREATE INDEX projects_team_idx ON projects (team_id) WHERE NOT archived;
CREATE TABLE tasks (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  project_id bigint NOT NULL REFERENCES projects (id),
  assignee_id bigint REFERENCES users (id),
  title text NOT NULL,
  status task_status NOT NULL DEFAULT 'todo',
  due_on date,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX tasks_project_status_idx ON tasks (project_id, status);
CREATE INDEX tasks_open_due_idx ON tasks (due_on) WHERE status <> 'done';
CREATE TRIGGER tasks_touch BEFORE UPDATE ON tasks FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
CREATE TABLE comments (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  task_id bigint NOT NULL REFERENCES tasks (id),
  author_id bigint NOT NULL REFERENCES users (id),
  body text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX comments_task_idx ON comments (task_id, created_at);
CREATE TABLE labels (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id bigint NOT NULL REFERENCES accounts (id),
  name text NOT NULL,
  color text NOT NULL DEFAULT '#888888'
);
CREATE TABLE task_labels (
  task_id bigint NOT NULL REFERENCES tasks (id),
  label_id bigint NOT NULL REFERENCES labels (id),
  PRIMARY KEY (task_id, label_id)
);
CREATE TABLE invoices (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id bigint NOT NULL REFERENCES accounts (id),
  status invoice_status NOT NULL DEFAULT 'draft',
  issued_on date,
  total_cents bigint NOT NULL DEFAULT 0
);
CREATE INDEX invoices_open_idx ON invoices (account_id) WHERE status = 'open';
CREATE TABLE invoice_items (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  invoice_id bigint NOT NULL REFERENCES invoices (id),
  description text NOT NULL,
  quantity integer NOT NULL DEFAULT 1,
  unit_price numeric(${v2 ? 8 : 6},2) NOT NULL
);
CREATE TABLE payments (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  invoice_id bigint NOT NULL REFERENCES invoices (id),
  amount_cents bigint NOT NULL CHECK (amount_cents > 0),
  paid_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE webhooks (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id bigint NOT NULL REFERENCES accounts (id),
  url text NOT NULL,
  events text[] NOT NULL DEFAULT '{}',
  active boolean NOT NULL DEFAULT true${
    v2
      ? `,
  secret_rotated_at timestamptz`
      : ''
  }
);
CREATE TABLE webhook_deliveries (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  webhook_id bigint NOT NULL REFERENCES webhooks (id),
  status_code integer,
  delivered_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhook_deliveries_failed_idx ON webhook_deliveries (webhook_id, delivered_at) WHERE status_code >= 400;
CREATE TABLE api_keys (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id bigint NOT NULL REFERENCES accounts (id),
  prefix text NOT NULL UNIQUE,
  revoked_at timestamptz
);
CREATE TABLE audit_log (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id bigint NOT NULL REFERENCES accounts (id),
  action text NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_account_at_idx ON audit_log (account_id, at DESC);
`;

const VIEW_V1 = `
CREATE VIEW open_tasks AS
  SELECT t.id, t.project_id, t.title, t.due_on FROM tasks t WHERE t.status <> 'done';
`;

/** The replaced view: one column more (CREATE OR REPLACE VIEW may append columns). */
const VIEW_V2 = `
CREATE VIEW open_tasks AS
  SELECT t.id, t.project_id, t.title, t.due_on, t.assignee_id FROM tasks t WHERE t.status <> 'done';
`;

const RELEASE_ONLY = `
CREATE TABLE task_watchers (
  task_id bigint NOT NULL REFERENCES tasks (id),
  user_id bigint NOT NULL,
  since timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (task_id, user_id)
);
CREATE INDEX task_watchers_user_idx ON task_watchers (user_id);
CREATE INDEX users_last_seen_idx ON users (last_seen_at);
`;

export const SAAS_V1 = `${TYPES}${FUNCTIONS}${tables(false)}${VIEW_V1}`;

export const SAAS_V2 = `${TYPES.replace("'todo', 'doing', 'done'", "'todo', 'doing', 'done', 'blocked'")}${FUNCTIONS}${tables(true)}${VIEW_V2}${RELEASE_ONLY}`;

/** A few rows per table: the fixed cost per tenant is what this benchmark is about. */
export const SAAS_SEED = `
INSERT INTO accounts (name) VALUES ('acme');
INSERT INTO users (account_id, email) SELECT 1, 'u' || g || '@example.com' FROM generate_series(1, 20) g;
INSERT INTO teams (account_id, name) VALUES (1, 'core');
INSERT INTO team_members (team_id, user_id) SELECT 1, g FROM generate_series(1, 5) g;
INSERT INTO projects (team_id, name) VALUES (1, 'roadmap'), (1, 'ops');
INSERT INTO tasks (project_id, assignee_id, title) SELECT 1 + g % 2, 1 + g % 20, 'task ' || g FROM generate_series(1, 50) g;
INSERT INTO comments (task_id, author_id, body) SELECT 1 + g % 50, 1 + g % 20, 'ok' FROM generate_series(1, 50) g;
INSERT INTO invoices (account_id, status) VALUES (1, 'open'), (1, 'paid');
INSERT INTO invoice_items (invoice_id, description, unit_price) SELECT 1 + g % 2, 'seat', 12.50 FROM generate_series(1, 10) g;
INSERT INTO webhooks (account_id, url) VALUES (1, 'https://example.com/hook');
`;

/**
 * Back from V2 to V1 between rounds (cheaper than building the fleet again). An enum value cannot
 * be dropped: the type is rebuilt, the view that reads the column dropped around it.
 */
export const SAAS_REVERT = `
DROP VIEW open_tasks;
DROP TABLE task_watchers;
DROP INDEX users_last_seen_idx;
ALTER TABLE users DROP COLUMN locale, DROP COLUMN last_seen_at;
ALTER TABLE webhooks DROP COLUMN secret_rotated_at;
ALTER TABLE invoice_items ALTER COLUMN unit_price TYPE numeric(6,2);
ALTER TABLE projects ALTER COLUMN name TYPE varchar(120);
DROP INDEX tasks_open_due_idx, tasks_project_status_idx;
ALTER TABLE tasks ALTER COLUMN status DROP DEFAULT;
ALTER TYPE task_status RENAME TO task_status_v2;
CREATE TYPE task_status AS ENUM ('todo', 'doing', 'done');
ALTER TABLE tasks ALTER COLUMN status TYPE task_status USING status::text::task_status;
ALTER TABLE tasks ALTER COLUMN status SET DEFAULT 'todo';
DROP TYPE task_status_v2;
CREATE INDEX tasks_project_status_idx ON tasks (project_id, status);
CREATE INDEX tasks_open_due_idx ON tasks (due_on) WHERE status <> 'done';
${VIEW_V1}
`;
