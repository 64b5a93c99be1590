import { type DocumentInput, DocumentParseError } from '@parley/engine';

export type DocumentFormat = 'pdf' | 'docx' | 'html' | 'markdown' | 'text';

interface FormatSpec {
  format: DocumentFormat;
  mediaTypes: string[];
  extensions: string[];
}

const formats: FormatSpec[] = [
  { format: 'pdf', mediaTypes: ['application/pdf'], extensions: ['.pdf'] },
  {
    format: 'docx',
    mediaTypes: ['application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    extensions: ['.docx'],
  },
  { format: 'html', mediaTypes: ['text/html', 'application/xhtml+xml'], extensions: ['.html', '.htm'] },
  { format: 'markdown', mediaTypes: ['text/markdown', 'text/x-markdown'], extensions: ['.md', '.markdown'] },
  { format: 'text', mediaTypes: ['text/plain'], extensions: ['.txt'] },
];

/** Media types that say nothing about the content: the extension decides instead. */
const genericMediaTypes = new Set([
  '',
  'application/octet-stream',
  'binary/octet-stream',
  'application/unknown',
]);

/** The media types and extensions Parley reads. */
export const supportedTypes: string[] = formats.flatMap((spec) => [...spec.mediaTypes, ...spec.extensions]);

const supportedExtensions = formats.flatMap((spec) => spec.extensions).join(', ');

/** `text/plain; charset=utf-8` → `text/plain`; generic types → null. */
function mediaTypeOf(contentType: string | null): string | null {
  const mediaType = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  return genericMediaTypes.has(mediaType) ? null : mediaType;
}

/** `Report.Final.PDF` → `.pdf`; no extension → null. */
export function extensionOf(name: string): string | null {
  const base = name.split(/[/\\]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  return dot > 0 && dot < base.length - 1 ? base.slice(dot).toLowerCase() : null;
}

/** The first bytes, one character each. */
function headOf(bytes: Uint8Array): string {
  return new TextDecoder('latin1').decode(bytes.subarray(0, 1024));
}

function containsAscii(bytes: Uint8Array, text: string): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(text, 0, 'latin1');
}

function isUtf8Text(bytes: Uint8Array): boolean {
  if (bytes.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** The format told by the bytes themselves, for files with neither a useful media type nor an extension. */
function sniff(bytes: Uint8Array): DocumentFormat | null {
  const head = headOf(bytes);
  // The PDF signature may follow some junk: readers look for it in the first kilobyte.
  if (head.includes('%PDF-')) return 'pdf';
  if (head.startsWith('PK\u0003\u0004')) return containsAscii(bytes, 'word/document.xml') ? 'docx' : null;
  if (!isUtf8Text(bytes)) return null;
  const start = head
    .replace(/^\u00ef\u00bb\u00bf/, '')
    .trimStart()
    .toLowerCase();
  return start.startsWith('<!doctype html') || start.startsWith('<html') ? 'html' : 'text';
}

function unsupported(what: string | null): DocumentParseError {
  const hint = what === '.doc' ? '; save it as .docx' : '';
  const type = what === null ? 'Unsupported file type' : `Unsupported file type: ${what}`;
  return new DocumentParseError(`${type} (supported: ${supportedExtensions})${hint}`);
}

/**
 * The format of a document: from its media type if that is specific, else from its name's extension,
 * else from its first bytes. Anything else is refused with the list of supported types.
 */
export function detectFormat(input: Pick<DocumentInput, 'bytes' | 'name' | 'contentType'>): DocumentFormat {
  const mediaType = mediaTypeOf(input.contentType);
  const byMediaType = formats.find((spec) => mediaType !== null && spec.mediaTypes.includes(mediaType));
  if (byMediaType) return byMediaType.format;
  const extension = extensionOf(input.name);
  const byExtension = formats.find((spec) => extension !== null && spec.extensions.includes(extension));
  if (byExtension) return byExtension.format;
  if (extension !== null || mediaType !== null) throw unsupported(extension ?? mediaType);
  const sniffed = sniff(input.bytes);
  if (sniffed) return sniffed;
  throw unsupported(null);
}
