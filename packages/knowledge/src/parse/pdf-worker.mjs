// Reads a PDF with pdf.js in a worker thread, so pdf.js's memory goes away with
// the worker and a long PDF never holds the server's event loop. Plain
// JavaScript on purpose: it runs the same under tsx, vitest and plain Node.
import { parentPort, workerData } from 'node:worker_threads';

const { bytes, maxPages, pdfjsDirectory } = workerData;

async function read() {
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
  try {
    const document = await loadingTask.promise;
    if (document.numPages > maxPages) return { tooManyPages: document.numPages };
    const pages = [];
    const step = Math.max(1, Math.floor(document.numPages / 20));
    for (let pageNumber = 1; pageNumber <= document.numPages; pageNumber += 1) {
      const page = await document.getPage(pageNumber);
      const content = await page.getTextContent();
      pages.push(
        content.items
          .filter((item) => 'str' in item)
          .map((item) => ({ str: item.str, hasEOL: item.hasEOL, transform: item.transform, height: item.height })),
      );
      page.cleanup();
      if (pageNumber % step === 0 || pageNumber === document.numPages) {
        parentPort.postMessage({ progress: pageNumber / document.numPages });
      }
    }
    return { pages };
  } finally {
    await loadingTask.destroy().catch(() => undefined);
  }
}

read().then(
  (result) => parentPort.postMessage(result),
  (error) => parentPort.postMessage({ failure: { name: error?.name ?? 'Error', message: String(error?.message ?? error) } }),
);
