import { createHash } from 'node:crypto';
import type { SchemaModel } from './model.js';

// Models are immutable, and the fleet fingerprints the same desired model for every tenant.
const fingerprints = new WeakMap<SchemaModel, string>();

/**
 * sha256 (hex) of the model's content. `schema` and `serverVersion` say where the model was read,
 * not what it holds, so two tenants on the same schema share a fingerprint.
 *
 * Plain JSON.stringify is canonical here because every model comes from one producer
 * (introspectSchema, or a JSON round trip of its output, which keeps key order): objects are built
 * with a fixed key order and arrays are sorted. A key-sorting walk would cost 4× as much, and this
 * runs once per tenant.
 */
export function fingerprintModel(model: SchemaModel): string {
  const cached = fingerprints.get(model);
  if (cached) return cached;
  const { schema: _schema, serverVersion: _serverVersion, ...content } = model;
  const fingerprint = createHash('sha256').update(JSON.stringify(content)).digest('hex');
  fingerprints.set(model, fingerprint);
  return fingerprint;
}

/**
 * The model as read from another schema with the same content (a schema tenant planned from a model
 * read on another tenant with the same catalog digest): only `schema` differs, so the fingerprint
 * is carried over instead of computed again.
 */
export function withSchema(model: SchemaModel, schema: string): SchemaModel {
  if (model.schema === schema) return model;
  const renamed = { ...model, schema };
  const cached = fingerprints.get(model);
  if (cached) fingerprints.set(renamed, cached);
  return renamed;
}
