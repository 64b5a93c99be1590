import { type CollectionName, indexedFields } from '@parley/engine';

/** Every collection: one table each, named as the collection. */
export const collectionNames = Object.keys(indexedFields) as CollectionName[];

const known = new Set<string>(collectionNames);

/** The table of `collection`, refused unless it is a collection (names never come from input unchecked). */
export function tableOf(collection: string): string {
  if (!known.has(collection)) throw new Error(`Unknown collection ${collection}`);
  return `"${collection}"`;
}

/** Schema names we create and set on connections: plain lower-case identifiers. */
export function checkSchemaName(schema: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema))
    throw new Error(`The schema name "${schema}" must be lower-case letters, digits and _ (at most 63)`);
  return schema;
}

export interface Condition {
  /** `data->>'field' = $n AND …`, or `true`. */
  sql: string;
  values: string[];
}

/**
 * The SQL condition of a `where` on indexed fields, with its values as parameters from `$first`.
 * The expression is the one the indexes are built on (`data->>'field'`), so the planner uses them.
 */
export function conditionOf(collection: CollectionName, where: object | undefined, first = 1): Condition {
  const fields: readonly string[] = indexedFields[collection];
  const parts: string[] = [];
  const values: string[] = [];
  for (const [field, value] of Object.entries(where ?? {})) {
    if (value === undefined) continue;
    if (!fields.includes(field)) throw new Error(`${collection}.${field} is not indexed`);
    values.push(String(value));
    parts.push(`data->>'${field}' = $${first + values.length - 1}`);
  }
  return { sql: parts.length > 0 ? parts.join(' AND ') : 'true', values };
}
