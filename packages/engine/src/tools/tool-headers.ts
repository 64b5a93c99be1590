import { invalidRequest } from '../errors.js';
import type { JsonObject, JsonValue } from '../types.js';

/** `…abcd`: enough to recognise a header value, useless to use it; short values show nothing. */
export function maskHeaderValue(value: string): string {
  return value.length > 8 ? `…${value.slice(-4)}` : '…';
}

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function mapHeaders(tool: JsonObject, change: (name: string, value: string) => string): JsonObject {
  if (!isObject(tool.headers)) return tool;
  const headers: JsonObject = {};
  for (const [name, value] of Object.entries(tool.headers)) {
    headers[name] = typeof value === 'string' ? change(name, value) : value;
  }
  return { ...tool, headers };
}

/** The tools as answers show them: header values masked. */
export function presentTools(tools: JsonObject[]): JsonObject[] {
  return tools.map((tool) => mapHeaders(tool, (_name, value) => maskHeaderValue(value)));
}

/**
 * Tools sent back as they were read (with masked header values) keep the stored
 * values: a header whose new value is the mask of the old one is left unchanged.
 * A masked value with no stored value behind it is refused, naming the field.
 */
export function keepMaskedHeaders(next: JsonObject[], previous: JsonObject[]): JsonObject[] {
  return next.map((tool, index) => {
    const before = previous.find((candidate) => candidate.name === tool.name);
    const storedHeaders = before && isObject(before.headers) ? before.headers : {};
    return mapHeaders(tool, (name, value) => {
      if (!value.startsWith('…')) return value;
      const stored = storedHeaders[name];
      if (typeof stored === 'string' && value === maskHeaderValue(stored)) return stored;
      throw invalidRequest(
        `tools.${index}.headers.${name}`,
        'is a masked value with no stored value behind it; send the value itself',
      );
    });
  });
}
