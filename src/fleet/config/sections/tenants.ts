import { z } from 'zod';
import type { Tenant } from '../../tenant.js';
import { type Env, describe, fail, labelValue, schemaNameField, text, urlField } from './fields.js';

// The `tenants:` section: where the fleet's tenants come from (exactly one source).

/** The resolved section: list and file tenants are read when the config is loaded. */
export type TenantsConfig =
  | { readonly kind: 'list'; readonly tenants: readonly Tenant[] }
  /** `path` is absolute; the file is read (and validated) when the config is loaded. */
  | { readonly kind: 'file'; readonly path: string; readonly tenants: readonly Tenant[] }
  /** `url` has its environment variables expanded; never print it without redactUrl. */
  | { readonly kind: 'query'; readonly url: string; readonly sql: string }
  | { readonly kind: 'schemas'; readonly url: string; readonly match: string };

export const TENANT_ID_MAX_LENGTH = 200;

/** One `{ id, url, schema?, labels? }` entry, in tenants.list or a tenants file. */
export function tenantEntrySchema(env: Env) {
  return z
    .object({
      id: text('a tenant id', { max: TENANT_ID_MAX_LENGTH }),
      url: urlField(env, 'postgres'),
      schema: schemaNameField().optional(),
      labels: z
        .record(z.string(), z.unknown())
        .optional()
        .transform((labels, ctx) => {
          const out: Record<string, string> = {};
          for (const [key, value] of Object.entries(labels ?? {})) {
            const textValue = labelValue(value);
            if (textValue === null) fail(ctx, `expected a text value, got ${describe(value)}`, [key]);
            else out[key] = textValue;
          }
          return out;
        }),
    })
    .strict();
}

const TENANT_SOURCE_KINDS = ['list', 'file', 'query', 'schemas'] as const;

export function tenantsSchema(env: Env) {
  return z
    .object({
      list: z.array(tenantEntrySchema(env), { error: (issue) => (issue.code === 'invalid_type' ? 'expected a list of { id, url } entries' : undefined) }).optional(),
      file: text('a path to a JSON or YAML file of tenants').optional(),
      query: z
        .object({ url: urlField(env, 'postgres'), sql: text('an SQL query returning id and url or database columns') })
        .strict()
        .optional(),
      schemas: z
        .object({ url: urlField(env, 'postgres'), match: text("a LIKE pattern such as 'tenant_%'") })
        .strict()
        .optional(),
    })
    .strict()
    .superRefine((tenants, ctx) => {
      const present = TENANT_SOURCE_KINDS.filter((kind) => tenants[kind] !== undefined);
      if (present.length !== 1) {
        ctx.addIssue({
          code: 'custom',
          message: present.length === 0 ? 'expected exactly one of list, file, query, schemas' : `expected exactly one of list, file, query, schemas, got ${present.join(' and ')}`,
        });
      }
    });
}
