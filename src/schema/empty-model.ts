import type { SchemaModel } from './model.js';

/** A model with nothing in it but the schema name and server of `model`: what a plan from nothing starts with. */
export function emptyModelLike(model: SchemaModel): SchemaModel {
  return {
    ...model,
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
    privileges: [],
    unsupported: [],
  };
}
