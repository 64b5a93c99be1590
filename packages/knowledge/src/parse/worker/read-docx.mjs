// Word documents (.docx) for the reading worker: the zip's central directory is checked before
// anything is inflated, so a zip bomb is refused for the price of reading a few hundred bytes.
import mammoth from 'mammoth';
import { megabytes, normalizePageText, Refusal, requireText } from './text.mjs';

/** The signature of an OLE compound file: an old binary `.doc`, or a password-protected `.docx`. */
const compoundFileSignature = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

const damagedMessage = 'The Word document could not be read: it is damaged or not a .docx file';

const endOfDirectorySignature = 0x06054b50;
const directoryEntrySignature = 0x02014b50;

/** The parts mammoth parses: XML (and relationships, which are XML too). Images and embedded files are never inflated for text. */
function isMarkup(name) {
  return /\.(xml|rels)$/i.test(name);
}

/**
 * How many bytes the document's XML parts unzip to, added up from the sizes the zip's central
 * directory declares (a ZIP64 size counts as unbounded). The worker's memory limit guards against a
 * zip that lies about its sizes.
 */
export function unzippedMarkupBytes(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const earliest = Math.max(0, bytes.length - 22 - 0xffff);
  let end = -1;
  for (let offset = bytes.length - 22; offset >= earliest; offset -= 1) {
    if (view.getUint32(offset, true) === endOfDirectorySignature) {
      end = offset;
      break;
    }
  }
  if (end < 0) throw new Refusal(damagedMessage);
  const entries = view.getUint16(end + 10, true);
  let offset = view.getUint32(end + 16, true);
  let total = 0;
  for (let entry = 0; entry < entries; entry += 1) {
    if (offset + 46 > bytes.length || view.getUint32(offset, true) !== directoryEntrySignature) {
      throw new Refusal(damagedMessage);
    }
    const size = view.getUint32(offset + 24, true);
    const nameLength = view.getUint16(offset + 28, true);
    const extraLength = view.getUint16(offset + 30, true);
    const commentLength = view.getUint16(offset + 32, true);
    const name = new TextDecoder().decode(bytes.subarray(offset + 46, offset + 46 + nameLength));
    if (isMarkup(name)) total += size === 0xffffffff ? Number.POSITIVE_INFINITY : size;
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return total;
}

/** A Word document: one page of its text, a blank line between paragraphs. */
export async function readDocx(bytes, limits) {
  if (compoundFileSignature.every((byte, index) => bytes[index] === byte)) {
    throw new Refusal(
      'The Word document could not be read: it is encrypted, or in the old .doc format (save it as .docx)',
    );
  }
  const unzipped = unzippedMarkupBytes(bytes);
  if (unzipped > limits.maxUnzippedBytes) {
    const size = Number.isFinite(unzipped) ? megabytes(unzipped) : 'more than 4 GB';
    throw new Refusal(
      `The Word document is too large: it unzips to ${size} of text and markup (Parley reads at most ${megabytes(limits.maxUnzippedBytes)})`,
    );
  }
  let text;
  try {
    const result = await mammoth.extractRawText({
      buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    });
    text = result.value;
  } catch {
    throw new Refusal(damagedMessage);
  }
  return requireText([normalizePageText(text)]);
}
