import { DocumentParseError } from '@parley/engine';
import mammoth from 'mammoth';
import { requireText } from './no-text.js';
import { normalizePageText } from './normalize-text.js';

/** The signature of an OLE compound file: an old binary `.doc`, or a password-protected `.docx`. */
const compoundFileSignature = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

function isCompoundFile(bytes: Uint8Array): boolean {
  return compoundFileSignature.every((byte, index) => bytes[index] === byte);
}

/** A Word document (.docx): one page of its text, a blank line between paragraphs. */
export async function parseDocx(bytes: Uint8Array): Promise<string[]> {
  if (isCompoundFile(bytes)) {
    throw new DocumentParseError(
      'The Word document could not be read: it is encrypted, or in the old .doc format (save it as .docx)',
    );
  }
  let text: string;
  try {
    const result = await mammoth.extractRawText({
      buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    });
    text = result.value;
  } catch (error) {
    throw new DocumentParseError('The Word document could not be read: it is damaged or not a .docx file', {
      cause: error,
    });
  }
  return requireText([normalizePageText(text)]);
}
