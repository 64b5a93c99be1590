/**
 * PostgreSQL's text and jsonb cannot hold U+0000 (a client can send it: a path's `%00`, a message,
 * a metadata key). The store keeps U+FFFD in its place, in what it writes and in what it looks up,
 * so such a record is stored and found again instead of failing the request.
 */

const nul = '\u0000';

/** `text` with U+FFFD for each U+0000 (a query's parameter). */
export function withoutNul(text: string): string {
  return text.includes(nul) ? text.replaceAll(nul, '\ufffd') : text;
}

/** The JSON text of `value`, keys and values, with each U+0000 written as U+FFFD. */
export function jsonWithoutNul(value: unknown): string {
  const json = JSON.stringify(value);
  if (!json.includes('\\u0000')) return json;
  // An escaped backslash is passed over whole, so only a real `\u0000` escape is replaced.
  return json.replace(/\\\\|\\u0000/g, (match) => (match === '\\u0000' ? '\\ufffd' : match));
}
