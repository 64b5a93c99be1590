/** Writes packages/server/src/demo/knowledge/acme-return-policy.pdf: a real four-page PDF for the demo's knowledge base. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';

const pages: string[][] = [
  [
    'Acme return policy',
    'This policy explains how to return or exchange what you bought from the Acme demo shop.',
    'It applies to orders placed online and in our stores.',
  ],
  [
    'General returns',
    'Most items can be returned within 30 days of delivery for a full refund.',
    'Items must be unused and in their original packaging.',
    'Refunds reach your original payment method within 5 business days.',
  ],
  [
    'Electronics',
    'Laptops can be returned within 45 days of delivery, with their charger and accessories.',
    'Phones and tablets can be returned within 14 days if the seal is unbroken.',
    'Opened software and gift cards cannot be returned.',
  ],
  [
    'How to return',
    'Start a return from your order page, print the free label and drop the parcel at any post office.',
    'For help, ask the assistant or write to support@acme.example.',
  ],
];

const pdf = await PDFDocument.create();
pdf.setTitle('Acme return policy');
const font = await pdf.embedFont(StandardFonts.Helvetica);
const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
for (const [heading, ...lines] of pages) {
  const page = pdf.addPage([595, 842]);
  page.drawText(heading ?? '', { x: 56, y: 770, size: 18, font: bold });
  for (const [index, line] of lines.entries())
    page.drawText(line, { x: 56, y: 730 - index * 22, size: 11, font });
}
const target = path.resolve(
  import.meta.dirname,
  '../packages/server/src/demo/knowledge/acme-return-policy.pdf',
);
writeFileSync(target, await pdf.save({ useObjectStreams: false }));
process.stdout.write(`wrote ${target}\n`);
