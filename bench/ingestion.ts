/**
 * Ingestion speed: a 200-page PDF made with pdf-lib (about 1,800 characters a
 * page), parsed page by page, chunked and indexed, as an upload is. Reports
 * pages per second. Standalone: `pnpm bench:ingestion`.
 */
import { performance } from 'node:perf_hooks';
import type { ChunkRecord } from '@parley/engine';
import { chunkPages, createDocumentParser, LexicalIndex } from '@parley/knowledge';
import { PDFDocument, StandardFonts } from 'pdf-lib';

const pageCount = Number(process.env.BENCH_INGESTION_PAGES ?? 200);
const runs = 3;
const words =
  'return refund delivery parcel warranty laptop charger invoice payment account order tracking store exchange size policy customer support days business express standard'.split(
    ' ',
  );

async function makePdf(): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  let seed = 7;
  const next = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed;
  };
  for (let page = 1; page <= pageCount; page += 1) {
    const pdfPage = pdf.addPage([595, 842]);
    for (let line = 0; line < 30; line += 1) {
      const text = Array.from({ length: 10 }, () => words[next() % words.length]).join(' ');
      pdfPage.drawText(`${text}.`, { x: 40, y: 800 - line * 25, size: 10, font });
    }
  }
  return pdf.save();
}

const bytes = await makePdf();
const parser = createDocumentParser();
const timings: { parse: number; chunk: number; index: number; total: number }[] = [];
let chunkCount = 0;
for (let run = 0; run < runs; run += 1) {
  const started = performance.now();
  const parsed = await parser.parse({
    bytes: bytes.slice(),
    name: 'large.pdf',
    contentType: 'application/pdf',
  });
  const parsedAt = performance.now();
  const passages = chunkPages(parsed.pages);
  const chunkedAt = performance.now();
  const chunks: ChunkRecord[] = passages.map((passage, index) => ({
    ...passage,
    id: `doc_large:${index}`,
    datastore_id: 'ds_bench',
    document_id: 'doc_large',
    document_name: 'large.pdf',
  }));
  const index = LexicalIndex.rebuild([]);
  index.add(chunks);
  const indexedAt = performance.now();
  chunkCount = chunks.length;
  if (parsed.pages.length !== pageCount) throw new Error(`read ${parsed.pages.length} pages of ${pageCount}`);
  timings.push({
    parse: parsedAt - started,
    chunk: chunkedAt - parsedAt,
    index: indexedAt - chunkedAt,
    total: indexedAt - started,
  });
}
const best = timings.reduce((fastest, timing) => (timing.total < fastest.total ? timing : fastest));
const median = [...timings].sort((left, right) => left.total - right.total)[Math.floor(runs / 2)] ?? best;
process.stdout.write(
  [
    `Ingestion of a ${pageCount}-page PDF (${(bytes.byteLength / 1024).toFixed(0)} KiB, ${chunkCount} passages), median of ${runs} runs:`,
    '| step | ms |',
    '|---|---:|',
    `| parse (pdfjs-dist, page by page) | ${median.parse.toFixed(0)} |`,
    `| chunk | ${median.chunk.toFixed(0)} |`,
    `| index (MiniSearch) | ${median.index.toFixed(0)} |`,
    `| total | ${median.total.toFixed(0)} |`,
    `Pages per second: ${((pageCount / median.total) * 1000).toFixed(0)} (best run ${((pageCount / best.total) * 1000).toFixed(0)})`,
    '',
  ].join('\n'),
);
