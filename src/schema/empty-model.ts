import type { SchemaModel } from './model.js';

/** A model of `schema` with nothing in it: the other side of a schema that is created or dropped (privileges not managed). */
export function emptySchemaModel(schema: string, serverVersion: number): SchemaModel {
  return {
    schema,
    serverVersion,
    comment: null,
    extensions: [],
    collations: [],
    enums: [],
    domains: [],
    compositeTypes: [],
    sequences: [],
    tables: [],
    views: [],
    materializedViews: [],
    routines: [],
    privileges: null,
    unsupported: [],
  };
}

/** A model with nothing in it but the schema name and server of `model`: what a plan from nothing starts with (no privileges granted yet). */
export function emptyModelLike(model: SchemaModel): SchemaModel {
  return { ...emptySchemaModel(model.schema, model.serverVersion), privileges: [] };
}
