/**
 * Hostile and very large documents, built in memory, for the ingestion tests and bench/hostile-ingestion.ts:
 * a DOCX zip bomb written by hand, deeply nested HTML, and PDFs with huge content streams.
 */
import { crc32, deflateRawSync, deflateSync } from 'node:zlib';

interface ZipEntry {
  name: string;
  data: Buffer;
}

/** A zip file (deflate, no data descriptors) with a correct central directory. */
export function zipFile(entries: ZipEntry[]): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const compressed = deflateRawSync(entry.data, { level: 9 });
    const checksum = crc32(entry.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(0, 10);
    local.writeUInt32LE(checksum, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(entry.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(0, 12);
    central.writeUInt32LE(checksum, 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(entry.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, compressed);
    centrals.push(central, name);
    offset += local.length + name.length + compressed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, directory, end]));
}

const wordNamespace = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';

/** A minimal .docx whose document.xml is the given paragraphs' XML, repeated `times` times. */
export function wordZip(paragraphXml: string, times: number): Uint8Array {
  const contentTypes =
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>';
  const relationships =
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>';
  const document = Buffer.concat([
    Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="${wordNamespace}"><w:body>`),
    Buffer.from(paragraphXml.repeat(times)),
    Buffer.from('</w:body></w:document>'),
  ]);
  return zipFile([
    { name: '[Content_Types].xml', data: Buffer.from(contentTypes) },
    { name: '_rels/.rels', data: Buffer.from(relationships) },
    { name: 'word/document.xml', data: document },
  ]);
}

/** A DOCX zip bomb: a few tens of kilobytes whose document.xml inflates to about `megabytes` MB. */
export function docxBomb(megabytes: number): Uint8Array {
  const paragraph = '<w:p><w:r><w:t>a</w:t></w:r></w:p>';
  return wordZip(paragraph, Math.ceil((megabytes * 1_000_000) / paragraph.length));
}

/** `depth` nested `<div>`s around one sentence. */
export function nestedHtml(depth: number): Uint8Array {
  return new TextEncoder().encode(
    `<!doctype html><html><body>${'<div>'.repeat(depth)}Deep text.${'</div>'.repeat(depth)}</body></html>`,
  );
}

/**
 * A hand-made PDF whose pages each hold one Flate-compressed content stream of `linesPerPage` text
 * lines (one pdf.js text item each), in Helvetica: `line(page, index)` gives each line's text.
 */
export function textHeavyPdf(
  pageCount: number,
  linesPerPage: number,
  line: (page: number, index: number) => string,
): Uint8Array {
  const objects: (string | Buffer)[] = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '', // the page tree, filled in below
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
  ];
  const kids: number[] = [];
  for (let page = 1; page <= pageCount; page += 1) {
    const lines: string[] = ['BT /F1 8 Tf'];
    // pdf.js leaves out text outside the page: the lines go down the page and start again at the top.
    for (let index = 0; index < linesPerPage; index += 1)
      lines.push(`1 0 0 1 20 ${820 - (index % 80) * 10} Tm (${line(page, index)}) Tj`);
    lines.push('ET');
    const content = deflateSync(Buffer.from(lines.join('\n'), 'latin1'), { level: 9 });
    objects.push(
      Buffer.concat([
        Buffer.from(`<< /Length ${content.length} /Filter /FlateDecode >>\nstream\n`, 'latin1'),
        content,
        Buffer.from('\nendstream', 'latin1'),
      ]),
    );
    const contentNumber = objects.length;
    objects.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents ${contentNumber} 0 R >>`,
    );
    kids.push(objects.length);
  }
  objects[1] = `<< /Type /Pages /Kids [${kids.map((kid) => `${kid} 0 R`).join(' ')}] /Count ${pageCount} >>`;
  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n', 'latin1')];
  let length = parts[0]!.length;
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(length);
    const part = Buffer.concat([
      Buffer.from(`${index + 1} 0 obj\n`, 'latin1'),
      typeof object === 'string' ? Buffer.from(object, 'latin1') : object,
      Buffer.from('\nendobj\n', 'latin1'),
    ]);
    parts.push(part);
    length += part.length;
  });
  let trailer = `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) trailer += `${String(offset).padStart(10, '0')} 00000 n \n`;
  trailer += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${length}\n%%EOF\n`;
  parts.push(Buffer.from(trailer, 'latin1'));
  return new Uint8Array(Buffer.concat(parts));
}

const vocabulary =
  'return refund delivery parcel warranty laptop charger invoice payment account order tracking store exchange size policy customer support days business express standard'.split(
    ' ',
  );

/** A line of ordinary words, different for every page and line (so the index has real work to do). */
export function wordsLine(page: number, index: number): string {
  let seed = page * 7919 + index * 104_729;
  const words: string[] = [];
  for (let word = 0; word < 9; word += 1) {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    words.push(vocabulary[seed % vocabulary.length]!);
  }
  return `${words.join(' ')} ${page}x${index}.`;
}
