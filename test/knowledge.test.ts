import { Document, Packer, Paragraph } from 'docx';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ParleyHarness, readEventStream, startParleyHarness } from './support/parley-harness.js';

const fact = 'Laptops can be returned within 45 days of delivery.';

/** A five-page return policy where only page 3 states the laptop rule. */
async function returnPolicyPdf(): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const pages = [
    'Acme return policy. This document explains how returns work at Acme.',
    'Shipping: orders leave our warehouse within two business days.',
    `Electronics. ${fact} The laptop must include its charger.`,
    'Clothing can be exchanged for another size at any store.',
    'Contact: write to support@acme.example for anything else.',
  ];
  for (const text of pages) {
    const page = pdf.addPage([595, 842]);
    page.drawText(text, { x: 50, y: 780, size: 11, font });
  }
  return pdf.save();
}

async function upload(
  parley: ParleyHarness,
  datastoreId: string,
  name: string,
  bytes: Uint8Array,
  type: string,
) {
  const form = new FormData();
  form.append('file', new Blob([Buffer.from(bytes)], { type }), name);
  const response = await fetch(`${parley.url}/v1/datastores/${datastoreId}/documents`, {
    method: 'POST',
    headers: { authorization: `Bearer ${parley.adminKey}` },
    body: form,
  });
  expect(response.status, await response.clone().text()).toBe(201);
  return (await response.json()) as { id: string; status: string };
}

async function settled(parley: ParleyHarness, datastoreId: string, documentId: string) {
  await parley.running.engine.documents.settled();
  return (await parley.request('GET', `/v1/datastores/${datastoreId}/documents/${documentId}`)).json();
}

type Citation = {
  id: number;
  document_id: string;
  document_name: string;
  page_number: number;
  excerpt: string;
  score: number;
};

for (const model of ['offline', 'openai'] as const) {
  describe(`answers with page citations (${model} model)`, () => {
    let parley: ParleyHarness;
    let datastoreId: string;
    let agentId: string;
    let pdfId: string;
    const pageTexts: string[] = [];

    beforeAll(async () => {
      parley = await startParleyHarness({ model });
      datastoreId = (await (await parley.request('POST', '/v1/datastores', { name: 'Policies' })).json()).id;
      const agent = await (
        await parley.request('POST', '/v1/agents', { name: 'Returns', system_prompt: 'Be precise.' })
      ).json();
      agentId = agent.id;
      const connected = await parley.request('POST', `/v1/agents/${agentId}/datastores`, {
        datastore_id: datastoreId,
      });
      expect(connected.status).toBe(200);
      const pdf = await upload(
        parley,
        datastoreId,
        'return-policy.pdf',
        await returnPolicyPdf(),
        'application/pdf',
      );
      expect(pdf).toMatchObject({ status: 'processing', progress: 0 });
      pdfId = pdf.id;
      const ready = await settled(parley, datastoreId, pdfId);
      expect(ready).toMatchObject({ status: 'ready', progress: 1, page_count: 5, error: null });
      pageTexts.push(
        ...(await parley.running.store.all('chunks', { document_id: pdfId })).map(
          (chunk) => `${chunk.page_number}:${chunk.text}`,
        ),
      );
    });
    afterAll(async () => {
      await parley?.stop();
    });

    it('cites page 3 of the PDF with a verbatim excerpt of that page', async () => {
      if (model === 'openai')
        parley.modelServer?.enqueue({ content: `You have 45 days to return a laptop [1].` });
      const response = await parley.request('POST', `/v1/agents/${agentId}/chat`, {
        message: 'How long do I have to return a laptop?',
      });
      const answer = await response.json();
      expect(response.status).toBe(200);
      expect(answer.content).toContain(model === 'offline' ? fact : '45 days');
      expect(answer.citations).toHaveLength(1);
      const [citation] = answer.citations as Citation[];
      expect(citation).toMatchObject({
        id: 1,
        document_id: pdfId,
        document_name: 'return-policy.pdf',
        page_number: 3,
      });
      expect(citation?.excerpt).toContain('45 days');
      const pageThree = pageTexts
        .filter((text) => text.startsWith('3:'))
        .map((text) => text.slice(2))
        .join(' ');
      expect(pageThree.includes(citation?.excerpt ?? '-')).toBe(true);
      expect(citation?.score).toBeGreaterThan(0);
      expect(citation?.score).toBeLessThanOrEqual(1);
      if (model === 'openai') {
        const system = parley.modelServer?.requests.at(-1)?.body.messages?.[0];
        expect(system?.role).toBe('system');
        expect(String(system?.content)).toContain(`"return-policy.pdf", page 3`);
        expect(String(system?.content)).toContain(fact);
      }
    });

    it('streams search_knowledge as a tool call and one citation event per citation', async () => {
      if (model === 'openai') parley.modelServer?.enqueue({ content: 'Within 45 days [1].' });
      const session = await (
        await parley.request('POST', '/v1/apps', { name: 'Store', agents: [agentId] })
      ).json();
      const events = await readEventStream(
        await parley.request('POST', `/v1/apps/${session.id}/execute/stream`, {
          message: 'Can I return my laptop after a month?',
        }),
      );
      expect(events.filter((event) => event.event === 'tool_call').map((event) => event.data)).toEqual([
        { tool: 'search_knowledge', status: 'started' },
        { tool: 'search_knowledge', status: 'completed' },
      ]);
      const citations = events.filter((event) => event.event === 'citation').map((event) => event.data);
      expect(citations).toEqual([
        expect.objectContaining({ id: 1, page_number: 3, document_name: 'return-policy.pdf' }),
      ]);
      expect(events.at(-1)?.data).toMatchObject({ tools_used: ['search_knowledge'] });

      // A reloaded chat window shows the same sources: the history keeps them on the answer.
      const sessionId = events[0]?.data.session_id;
      const history = await (
        await parley.request('GET', `/v1/apps/${session.id}/sessions/${sessionId}/history`)
      ).json();
      expect(history.messages.map((message: { citations?: unknown }) => message.citations)).toEqual([
        undefined,
        citations,
      ]);
    });

    it('cites DOCX, HTML, Markdown and text uploads; a corrupt PDF fails alone', async () => {
      const docx = await Packer.toBuffer(
        new Document({
          sections: [{ children: [new Paragraph('Gift cards never expire and can be used online.')] }],
        }),
      );
      const uploads = [
        await upload(
          parley,
          datastoreId,
          'gift-cards.docx',
          new Uint8Array(docx),
          'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        ),
        await upload(
          parley,
          datastoreId,
          'corrupt.pdf',
          new TextEncoder().encode('%PDF-1.7\n1 0 obj << broken'),
          'application/pdf',
        ),
        await upload(
          parley,
          datastoreId,
          'warranty.html',
          new TextEncoder().encode(
            '<html><script>alert(1)</script><p>Every bicycle has a two year warranty.</p></html>',
          ),
          'text/html',
        ),
      ];
      const markdown = await (
        await parley.request('POST', `/v1/datastores/${datastoreId}/documents`, {
          name: 'shipping.md',
          text: '# Shipping\n\nExpress delivery to Iceland takes four days.',
        })
      ).json();
      const text = await (
        await parley.request('POST', `/v1/datastores/${datastoreId}/documents`, {
          name: 'pets.txt',
          text: 'Dogs are welcome in every Acme store.',
        })
      ).json();
      await parley.running.engine.documents.settled();
      const statuses = await Promise.all(
        [...uploads, markdown, text].map((document) => settled(parley, datastoreId, document.id)),
      );
      expect(statuses.map((document) => [document.name, document.status])).toEqual([
        ['gift-cards.docx', 'ready'],
        ['corrupt.pdf', 'failed'],
        ['warranty.html', 'ready'],
        ['shipping.md', 'ready'],
        ['pets.txt', 'ready'],
      ]);
      expect(statuses[1].error).toMatch(/PDF/);
      const questions: [string, string, string][] = [
        ['Do gift cards expire?', 'gift-cards.docx', 'Gift cards never expire'],
        ['What warranty does a bicycle have?', 'warranty.html', 'two year warranty'],
        [
          'How long does express delivery to Iceland take?',
          'shipping.md',
          'Express delivery to Iceland takes four days',
        ],
        ['Are dogs welcome in the store?', 'pets.txt', 'Dogs are welcome'],
      ];
      for (const [question, documentName, words] of questions) {
        if (model === 'openai') parley.modelServer?.enqueue({ content: `Here is what I found [1].` });
        const answer = await (
          await parley.request('POST', `/v1/agents/${agentId}/chat`, { message: question })
        ).json();
        expect(answer.citations[0], question).toMatchObject({ document_name: documentName, page_number: 1 });
        expect(answer.citations[0].excerpt).toContain(words);
        expect(answer.citations[0].excerpt).not.toContain('alert(1)');
      }
    });

    it('stops citing a deleted document at once, and says when nothing relevant is found', async () => {
      const removed = await parley.request('DELETE', `/v1/datastores/${datastoreId}/documents/${pdfId}`);
      expect(removed.status).toBe(200);
      if (model === 'openai') parley.modelServer?.enqueue({ content: 'I could not find that.' });
      const answer = await (
        await parley.request('POST', `/v1/agents/${agentId}/chat`, {
          message: 'How long do I have to return a laptop?',
        })
      ).json();
      expect(answer.citations.every((citation: Citation) => citation.document_id !== pdfId)).toBe(true);
      if (model === 'offline') {
        const nothing = await (
          await parley.request('POST', `/v1/agents/${agentId}/chat`, { message: 'Zebra quantum marmalade?' })
        ).json();
        expect(nothing.content).toMatch(/could not find anything/);
        expect(nothing.citations).toEqual([]);
      }
    });
  });
}
