import type { HttpTool, HttpToolMethod, JsonObject, JsonValue } from '@parley/engine';

/** What goes out for one call of an HTTP tool. */
export interface ToolRequest {
  url: string;
  method: HttpToolMethod;
  /** JSON text, or null for GET (whose arguments are in the query string). */
  body: string | null;
}

/** `{name}` in a URL path, as the URL parser leaves it: percent-encoded braces. */
const placeholder = /%7B([A-Za-z0-9_-]{1,64})%7D/gi;

function pathValue(name: string, value: JsonValue | undefined): string {
  if (value === undefined) throw new Error(`the url needs the argument "${name}"`);
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean')
    throw new Error(`the argument "${name}" goes into the url and must be a string, number or boolean`);
  return encodeURIComponent(String(value));
}

/** `.` and `..` (also percent-encoded): the URL parser would take them as steps to other paths of the host. */
function isDotSegment(segment: string): boolean {
  return /^(\.|%2e){1,2}$/i.test(segment);
}

function queryValues(value: JsonValue): string[] {
  if (value === null) return [''];
  if (Array.isArray(value)) return value.flatMap(queryValues);
  if (typeof value === 'object') return [JSON.stringify(value)];
  return [String(value)];
}

/**
 * The request for one call: `{name}` placeholders in the URL's path are filled
 * from the arguments (URL-encoded) and left out of the rest; GET sends the rest
 * in the query string, the other methods as a JSON body. Throws when an
 * argument the path needs is missing or is not a plain value.
 */
export function buildToolRequest(tool: HttpTool, toolArguments: JsonObject): ToolRequest {
  const url = new URL(tool.url);
  const rest: JsonObject = { ...toolArguments };
  const pathname = url.pathname.replace(placeholder, (_match, name: string) => {
    const value = pathValue(name, toolArguments[name]);
    delete rest[name];
    return value;
  });
  if (pathname.split('/').some(isDotSegment))
    throw new Error('the arguments make a url path with "." or ".."');
  url.pathname = pathname;
  if (tool.method !== 'GET') return { url: url.href, method: tool.method, body: JSON.stringify(rest) };
  for (const [name, value] of Object.entries(rest)) {
    for (const text of queryValues(value)) url.searchParams.append(name, text);
  }
  return { url: url.href, method: tool.method, body: null };
}
