import { DocumentParseError } from '@parley/engine';

const binaryMessage = 'The file is not text: it holds binary data (is it the right file type?)';

function byteOrderMark(bytes: Uint8Array): { encoding: string; length: number } | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return null;
}

/** A decoder for a declared charset other than UTF-8 (e.g. `windows-1252`), or null for UTF-8 and unknown labels. */
function declaredDecoder(charset: string | null | undefined): TextDecoder | null {
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
export function decodeText(bytes: Uint8Array, charset?: string | null): string {
  const mark = byteOrderMark(bytes);
  const declared = mark ? null : declaredDecoder(charset);
  let text: string;
  try {
    const decoder = declared ?? new TextDecoder(mark?.encoding ?? 'utf-8', { fatal: true, ignoreBOM: true });
    text = decoder.decode(bytes.subarray(mark?.length ?? 0));
  } catch (error) {
    throw new DocumentParseError(binaryMessage, { cause: error });
  }
  if (text.includes('\u0000')) throw new DocumentParseError(binaryMessage);
  return text;
}

/** The `charset` parameter of a media type such as `text/plain; charset=windows-1252`. */
export function charsetOf(contentType: string | null): string | null {
  const match = contentType?.match(/;\s*charset\s*=\s*"?([^";\s]+)"?/i);
  return match?.[1] ?? null;
}
