// PDFs for the reading worker: pdf.js reads page by page, and each page's text items are joined into
// its text here, so only finished text (within the text limit) goes back to the server's thread.
import { count, normalizePageText, Refusal, refuseLongText, requireText } from './text.mjs';

/** A vertical gap this many times the font height between two lines marks a new paragraph. */
const paragraphGap = 1.6;

const damagedMessage = 'The PDF could not be read: it is damaged or not a PDF';

/**
 * Joins a page's text items: a line break wherever pdf.js marks the end of a line, a blank line where
 * the next line starts well below (or above, as in a new column) the previous one.
 */
export function pageText(items) {
  const parts = [];
  let lineBreakPending = false;
  let previousBaseline = null;
  let previousHeight = 0;
  for (const item of items) {
    if (!('str' in item)) continue;
    if (item.str !== '') {
      const baseline = Number(item.transform[5]);
      if (lineBreakPending) {
        const gap = previousBaseline === null ? 0 : previousBaseline - baseline;
        const height = Math.max(previousHeight, item.height, 1);
        parts.push(gap > height * paragraphGap || gap < -height ? '\n\n' : '\n');
        lineBreakPending = false;
      }
      parts.push(item.str);
      previousBaseline = baseline;
      previousHeight = item.height;
    }
    if (item.hasEOL) lineBreakPending = true;
  }
  return parts.join('');
}

/**
 * A page's text items, streamed from pdf.js: the reading stops as soon as their text passes
 * `budget` characters, so a page with a huge content stream is refused without being read whole.
 */
async function pageItems(page, budget, maxTextCharacters) {
  const reader = page.streamTextContent().getReader();
  const items = [];
  let characters = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return items;
    for (const item of value.items) {
      items.push(item);
      characters += item.str?.length ?? 0;
    }
    if (characters > budget) {
      // Not awaited: pdf.js may never settle a cancelled stream, and the worker is ended after the refusal.
      reader.cancel().catch(() => undefined);
      refuseLongText(Number.POSITIVE_INFINITY, maxTextCharacters);
    }
  }
}

/** A PDF: one page of text per PDF page, in order. `onProgress` hears the fraction of pages read. */
export async function readPdf(bytes, limits, pdfjsDirectory, onProgress) {
  const { getDocument, VerbosityLevel } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const loadingTask = getDocument({
    data: bytes,
    useSystemFonts: false,
    disableFontFace: true,
    isEvalSupported: false,
    standardFontDataUrl: `${pdfjsDirectory}/standard_fonts/`,
    cMapUrl: `${pdfjsDirectory}/cmaps/`,
    cMapPacked: true,
    verbosity: VerbosityLevel.ERRORS,
  });
  // No `destroy()` when reading fails: pdf.js may then never settle it (a cancelled text stream), and
  // the worker, ended by the server once it has the answer, takes all of pdf.js's memory with it.
  let document;
  try {
    document = await loadingTask.promise;
  } catch (error) {
    throw new Refusal(
      error?.name === 'PasswordException' ? 'The PDF could not be read: it is encrypted' : damagedMessage,
    );
  }
  if (document.numPages > limits.maxPages) {
    throw new Refusal(
      `The PDF has too many pages: ${count(document.numPages)} (Parley reads at most ${count(limits.maxPages)})`,
    );
  }
  const pages = [];
  let characters = 0;
  const step = Math.max(1, Math.floor(document.numPages / 20));
  for (let pageNumber = 1; pageNumber <= document.numPages; pageNumber += 1) {
    let text;
    try {
      const page = await document.getPage(pageNumber);
      const items = await pageItems(page, limits.maxTextCharacters - characters, limits.maxTextCharacters);
      text = normalizePageText(pageText(items));
      page.cleanup();
    } catch (error) {
      throw error instanceof Refusal ? error : new Refusal(damagedMessage);
    }
    characters += text.length;
    refuseLongText(characters, limits.maxTextCharacters);
    pages.push(text);
    if (pageNumber % step === 0 || pageNumber === document.numPages) {
      onProgress(pageNumber / document.numPages);
    }
  }
  await loadingTask.destroy().catch(() => undefined);
  return requireText(pages, 'the PDF has no text layer; scanned PDFs need OCR, which Parley does not do');
}
