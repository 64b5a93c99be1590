/**
 * PostgreSQL's text and jsonb cannot hold U+0000 nor a lone surrogate (a client can send either: a
 * path's `%00`, a JSON body's `"\\ud800"`, a metadata key). The store keeps U+FFFD in their place, in
 * what it writes and in what it looks up, so such a record is stored and found again instead of
 * failing the request.
 */

const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** `text` with U+FFFD for each U+0000 and each lone surrogate (a query's parameter). */
export function withoutNul(text: string): string {
  return text.replaceAll('\u0000', '\ufffd').replace(loneSurrogate, '\ufffd');
}

/**
 * The JSON text of `value`, keys and values, with each U+0000 and lone surrogate written as U+FFFD.
 * `JSON.stringify` escapes exactly those (a surrogate pair is written as the character itself).
 */
export function jsonWithoutNul(value: unknown): string {
  const json = JSON.stringify(value);
  if (!json.includes('\\u0000') && !json.includes('\\ud')) return json;
  // An escaped backslash is passed over whole, so only a real escape is replaced.
  return json.replace(/\\\\|\\u0000|\\ud[89a-f][0-9a-f]{2}/g, (match) =>
    match === '\\\\' ? match : '\\ufffd',
  );
}
