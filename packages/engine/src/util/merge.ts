import type { JsonObject, JsonValue } from '../types.js';

const forbiddenKeys = new Set(['__proto__', 'prototype', 'constructor']);

function isPlainObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Deep-merges `patch` into `base` and returns a new object. Objects merge key by
 * key; anything else (arrays included) replaces. `null` stores null. Keys that
 * could reach an object's prototype are dropped.
 */
export function mergeMetadata(base: JsonObject, patch: JsonObject): JsonObject {
  const result: JsonObject = {};
  for (const [key, value] of Object.entries(base)) {
    if (!forbiddenKeys.has(key)) result[key] = value;
  }
  for (const [key, value] of Object.entries(patch)) {
    if (forbiddenKeys.has(key)) continue;
    const current = result[key];
    result[key] =
      isPlainObject(current) && isPlainObject(value) ? mergeMetadata(current, value) : sanitize(value);
  }
  return result;
}

function sanitize(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(sanitize);
  if (isPlainObject(value)) return mergeMetadata({}, value);
  return value;
}
