import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ParleyHarness, readEventStream, startParleyHarness } from './support/parley-harness.js';

const shippingMarkdown = [
  '# Shipping guide',
  '',
  '## Standard delivery',
  '',
  'Standard parcels arrive within five working days anywhere in the country.',
  '',
  '## Express delivery',
  '',
  'Express parcels to Iceland arrive the next morning before ten.',
].join('\n');

const warrantyHtml = `<html><body>
  <h1>Warranty</h1>
  <h2>Bicycles</h2><p>Every bicycle frame carries a lifetime guarantee.</p>
  <h2>Scooters &amp; <em>skates</em></h2><p>Electric scooters carry a warranty of eighteen months.</p>
</body></html>`;

async function onePagePdf(text: string): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  pdf.addPage([595, 842]).drawText(text, { x: 50, y: 780, size: 11, font });
  return pdf.save();
}

describe('citations name the section of Markdown and HTML documents', () => {
  let parley: ParleyHarness;
  let datastoreId: string;
  let agentId: string;

  async function upload(name: string, bytes: Uint8Array, type: string): Promise<string> {
    const form = new FormData();
    form.append('file', new Blob([Buffer.from(bytes)], { type }), name);
    const response = await fetch(`${parley.url}/v1/datastores/${datastoreId}/documents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${parley.adminKey}` },
      body: form,
    });
    expect(response.status, await response.clone().text()).toBe(201);
    return ((await response.json()) as { id: string }).id;
  }

  async function ask(message: string) {
    const response = await parley.request('POST', `/v1/agents/${agentId}/chat`, { message });
    expect(response.status).toBe(200);
    return (await response.json()) as { citations: Record<string, unknown>[] };
  }

  beforeAll(async () => {
    parley = await startParleyHarness({ model: 'offline' });
    datastoreId = (await (await parley.request('POST', '/v1/datastores', { name: 'Help' })).json()).id;
    agentId = (
      await (await parley.request('POST', '/v1/agents', { name: 'Help', system_prompt: 'Help.' })).json()
    ).id;
    await parley.request('POST', `/v1/agents/${agentId}/datastores`, { datastore_id: datastoreId });
    await upload('shipping.md', new TextEncoder().encode(shippingMarkdown), 'text/markdown');
    await upload('warranty.html', new TextEncoder().encode(warrantyHtml), 'text/html');
    await upload(
      'returns.pdf',
      await onePagePdf('Sofas can be returned within ninety days.'),
      'application/pdf',
    );
    await parley.running.engine.documents.settled();
  });
  afterAll(async () => {
    await parley?.stop();
  });

  it('cites a Markdown passage with the ## heading it sits under, on page 1', async () => {
    const answer = await ask('When do express parcels to Iceland arrive?');
    expect(answer.citations[0]).toMatchObject({
      document_name: 'shipping.md',
      page_number: 1,
      section: 'Express delivery',
    });
    expect(answer.citations[0]?.excerpt).toContain('next morning');
  });

  it('cites an HTML passage with its <h2> as plain text', async () => {
    const answer = await ask('How long is the warranty of electric scooters?');
    expect(answer.citations[0]).toMatchObject({
      document_name: 'warranty.html',
      page_number: 1,
      section: 'Scooters & skates',
    });
  });

  it('cites a PDF without a section, and its stored passages have none', async () => {
    const answer = await ask('Can sofas be returned?');
    expect(answer.citations[0]).toMatchObject({ document_name: 'returns.pdf', page_number: 1 });
    expect(answer.citations[0]).not.toHaveProperty('section');
    const chunks = await parley.running.store.all('chunks', { datastore_id: datastoreId });
    const pdfChunks = chunks.filter((chunk) => chunk.document_name === 'returns.pdf');
    expect(pdfChunks.length).toBeGreaterThan(0);
    expect(pdfChunks.every((chunk) => !('section' in chunk))).toBe(true);
    expect(chunks.find((chunk) => String(chunk.text).includes('Iceland'))?.section).toBe('Express delivery');
  });

  it('streams the section on the citation event and keeps it in the history', async () => {
    const session = await (
      await parley.request('POST', '/v1/apps', { name: 'Shop', agents: [agentId] })
    ).json();
    const events = await readEventStream(
      await parley.request('POST', `/v1/apps/${session.id}/execute/stream`, {
        message: 'When do express parcels to Iceland arrive?',
      }),
    );
    const citations = events.filter((event) => event.event === 'citation').map((event) => event.data);
    expect(citations[0]).toMatchObject({ document_name: 'shipping.md', section: 'Express delivery' });
    const sessionId = events[0]?.data.session_id;
    const history = await (
      await parley.request('GET', `/v1/apps/${session.id}/sessions/${sessionId}/history`)
    ).json();
    expect(history.messages[1].citations).toEqual(citations);
  });
});
