// Text helpers for the reading worker (plain JavaScript: see read-document.mjs).

/** A document Parley will not read: its message is shown to the user as the document's `error`. */
export class Refusal extends Error {
  name = 'Refusal';
}

const binaryMessage = 'The file is not text: it holds binary data (is it the right file type?)';

function byteOrderMark(bytes) {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return null;
}

/** A decoder for a declared charset other than UTF-8 (e.g. `windows-1252`), or null for UTF-8 and unknown labels. */
function declaredDecoder(charset) {
  if (!charset) return null;
  try {
    const decoder = new TextDecoder(charset.trim().toLowerCase());
    return decoder.encoding === 'utf-8' ? null : decoder;
  } catch {
    return null;
  }
}

/**
 * Decodes text: by its byte-order mark if it has one, else by a declared charset, else strictly as
 * UTF-8. NUL characters, and bytes that are not valid UTF-8, mean binary data: refused.
 */
export function decodeText(bytes, charset) {
  const mark = byteOrderMark(bytes);
  const declared = mark ? null : declaredDecoder(charset);
  let text;
  try {
    const decoder = declared ?? new TextDecoder(mark?.encoding ?? 'utf-8', { fatal: true, ignoreBOM: true });
    text = decoder.decode(bytes.subarray(mark?.length ?? 0));
  } catch {
    throw new Refusal(binaryMessage);
  }
  if (text.includes('\u0000')) throw new Refusal(binaryMessage);
  return text;
}

/** The `charset` parameter of a media type such as `text/plain; charset=windows-1252`. */
export function charsetOf(contentType) {
  const match = contentType?.match(/;\s*charset\s*=\s*"?([^";\s]+)"?/i);
  return match?.[1] ?? null;
}

/** Turns CRLF, lone CR and the Unicode line and paragraph separators into `\n`. */
export function normalizeLineEndings(text) {
  return text.replace(/\r\n?|[\u2028\u2029]/g, '\n');
}

/**
 * Tidies extracted text: one space for any run of spaces or tabs, no spaces at line ends,
 * at most one blank line between paragraphs, control characters dropped.
 */
export function normalizePageText(text) {
  return normalizeLineEndings(text)
    // biome-ignore lint/suspicious/noControlCharactersInRegex: extracted text carries stray control characters
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    .replace(/[^\S\n]+/g, ' ')
    .replace(/ ?\n ?/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Refuses a document whose pages hold nothing but whitespace. */
export function requireText(pages, reason) {
  if (pages.every((page) => page.trim() === '')) {
    throw new Refusal(reason ? `The document has no text: ${reason}` : 'The document has no text');
  }
  return pages;
}

/** `12345678` → `12.3 MB`. */
export function megabytes(bytes) {
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

/** `1234567` → `1,234,567`. */
export function count(value) {
  return value.toLocaleString('en-US');
}

/** Refuses text longer than the limit, before anything else is done with it. */
export function refuseLongText(length, maxTextCharacters) {
  if (length > maxTextCharacters) {
    throw new Refusal(
      `The document has too much text: more than ${count(maxTextCharacters)} characters (Parley reads at most ${count(maxTextCharacters)}; split it into smaller documents)`,
    );
  }
}
