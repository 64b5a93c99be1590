/**
 * Hostile and very large uploads, read by a real server process while probe requests keep asking it
 * something cheap: the server must keep answering while the document is read (probes answered with
 * the document still `processing`), end the document `failed` with a clear reason (bombs) or `ready`
 * (big but legitimate), stay up, and still read and cite a normal document. How long the probes
 * wait is measured by `pnpm bench:hostile-ingestion`, not here (the test machine is shared).
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomToken } from '@parley/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from './support/database.js';
import { docxBomb, nestedHtml, textHeavyPdf, wordsLine } from './support/hostile-documents.js';
import { startParleyHarness } from './support/parley-harness.js';
import { killed, startServerProcess } from './support/server-process.js';

const docxType = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

describe('hostile uploads do not stall or crash the server', { timeout: 180_000 }, () => {
  let child: ChildProcess;
  let url: string;
  let datastoreId: string;
  let agentId: string;
  const adminKey = `sk_test_${randomToken(32)}`;
  const dataDirectory = mkdtempSync(path.join(tmpdir(), 'parley-hostile-'));
  const database = testDatabase();
  const headers = { authorization: `Bearer ${adminKey}` };

  beforeAll(async () => {
    const server = await startServerProcess({
      PORT: '0',
      PARLEY_DATA_DIR: dataDirectory,
      ...database.environment,
      PARLEY_ADMIN_KEY: adminKey,
      PARLEY_OFFLINE_TOKEN_DELAY_MS: '0',
      OPENAI_API_KEY: '',
      OPENAI_BASE_URL: '',
      LOG_LEVEL: 'info',
    });
    child = server.child;
    url = server.url;
    const json = { ...headers, 'content-type': 'application/json' };
    datastoreId = (
      await (
        await fetch(`${url}/v1/datastores`, {
          method: 'POST',
          headers: json,
          body: JSON.stringify({ name: 'Hostile' }),
        })
      ).json()
    ).id;
    agentId = (
      await (
        await fetch(`${url}/v1/agents`, {
          method: 'POST',
          headers: json,
          body: JSON.stringify({ name: 'Reader', system_prompt: 'Answer from the documents.' }),
        })
      ).json()
    ).id;
    await fetch(`${url}/v1/agents/${agentId}/datastores`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ datastore_id: datastoreId }),
    });
  });
  afterAll(async () => {
    if (child) await killed(child);
    rmSync(dataDirectory, { recursive: true, force: true });
    await database.drop();
  });

  /** Uploads the document: its id, and its status in the upload's answer. */
  async function upload(name: string, bytes: Uint8Array, type: string) {
    const form = new FormData();
    form.append('file', new Blob([Buffer.from(bytes)], { type }), name);
    const response = await fetch(`${url}/v1/datastores/${datastoreId}/documents`, {
      method: 'POST',
      headers,
      body: form,
    });
    expect(response.status, await response.clone().text()).toBe(201);
    return (await response.json()) as { id: string; status: string };
  }

  /**
   * Uploads the document, then asks for it over and over (a cheap authenticated GET, one always in
   * flight) until it is no longer `processing`: the document as it ended, how many probes were
   * answered while it was still being read, and the reading progress those answers showed. A read
   * that held the server's thread would be over before the probes sent during it were answered.
   */
  async function ingestWhileProbing(name: string, bytes: Uint8Array, type: string) {
    const uploaded = await upload(name, bytes, type);
    // The upload is answered before the reading ends: before the fix, reading could start before it was sent.
    expect(uploaded.status).toBe('processing');
    let answeredWhileProcessing = 0;
    const progressShown = new Set<number>();
    const deadline = Date.now() + 120_000;
    for (;;) {
      const response = await fetch(`${url}/v1/datastores/${datastoreId}/documents/${uploaded.id}`, {
        headers,
        signal: AbortSignal.timeout(60_000),
      });
      expect(response.status).toBe(200);
      const document = (await response.json()) as { status: string; error: string | null; progress: number };
      if (document.status !== 'processing') return { document, answeredWhileProcessing, progressShown };
      answeredWhileProcessing += 1;
      progressShown.add(document.progress);
      if (Date.now() > deadline) throw new Error(`${name} still processing after 120 s`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  it('refuses a DOCX zip bomb (40 MB of XML in a ~120 KB file) cheaply, with the reason', async () => {
    const { document, answeredWhileProcessing } = await ingestWhileProbing(
      'bomb.docx',
      docxBomb(40),
      docxType,
    );
    expect(document).toMatchObject({ status: 'failed' });
    // Refused from the zip's directory, before anything is inflated (inflating it held the server over 60 s).
    expect(document.error).toMatch(/^The Word document is too large: it unzips to 40\.\d MB/);
    expect(answeredWhileProcessing).toBeGreaterThanOrEqual(1);
  });

  it('refuses HTML nested 160,000 elements deep, with the reason', async () => {
    const { document, answeredWhileProcessing } = await ingestWhileProbing(
      'deep.html',
      nestedHtml(160_000),
      'text/html',
    );
    expect(document).toMatchObject({ status: 'failed' });
    // Refused by its depth, before it is parsed (parsing it held the server over 180 s).
    expect(document.error).toMatch(/^The HTML document is nested too deeply: more than 512 elements/);
    expect(answeredWhileProcessing).toBeGreaterThanOrEqual(1);
  });

  it('reads a PDF with 4 million characters in huge content streams, answering all the while', async () => {
    const pdf = textHeavyPdf(20, 3000, wordsLine);
    const { document, answeredWhileProcessing, progressShown } = await ingestWhileProbing(
      'huge.pdf',
      pdf,
      'application/pdf',
    );
    expect(document).toMatchObject({ status: 'ready', page_count: 20, error: null });
    // Answered all along the read: probes saw it part-way, at three stages at least (of 20 pages).
    expect(answeredWhileProcessing).toBeGreaterThanOrEqual(3);
    expect(
      [...progressShown].filter((progress) => progress > 0 && progress < 1).length,
    ).toBeGreaterThanOrEqual(3);
  });

  it('is still up afterwards: a normal document is read and cited', async () => {
    const { document } = await ingestWhileProbing(
      'gift-cards.txt',
      new TextEncoder().encode('Gift cards never expire and can be used online.'),
      'text/plain',
    );
    expect(document).toMatchObject({ status: 'ready' });
    const answer = await (
      await fetch(`${url}/v1/agents/${agentId}/chat`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ message: 'Do gift cards expire?' }),
      })
    ).json();
    expect(answer.citations[0]).toMatchObject({ document_name: 'gift-cards.txt', page_number: 1 });
    expect(answer.citations[0].excerpt).toContain('Gift cards never expire');
  });
});

describe('ingestion limits from the environment', () => {
  it('applies PARLEY_INGEST_MAX_TEXT_CHARACTERS and PARLEY_INGEST_MAX_HTML_DEPTH to uploads', async () => {
    const parley = await startParleyHarness({
      model: 'offline',
      environment: { PARLEY_INGEST_MAX_TEXT_CHARACTERS: '100', PARLEY_INGEST_MAX_HTML_DEPTH: '20' },
    });
    try {
      const datastore = await (await parley.request('POST', '/v1/datastores', { name: 'Small' })).json();
      const upload = async (name: string, text: string) =>
        (
          await (
            await parley.request('POST', `/v1/datastores/${datastore.id}/documents`, { name, text })
          ).json()
        ).id as string;
      const long = await upload('long.txt', 'word '.repeat(40));
      const deep = await upload('deep.html', `${'<div>'.repeat(21)}Deep.${'</div>'.repeat(21)}`);
      const fine = await upload('fine.html', `${'<div>'.repeat(20)}Fine.${'</div>'.repeat(20)}`);
      await parley.running.engine.documents.settled();
      const read = async (id: string) =>
        (await parley.request('GET', `/v1/datastores/${datastore.id}/documents/${id}`)).json();
      expect(await read(long)).toMatchObject({
        status: 'failed',
        error: expect.stringMatching(/^The document has too much text: more than 100 characters/),
      });
      expect(await read(deep)).toMatchObject({
        status: 'failed',
        error: expect.stringMatching(/^The HTML document is nested too deeply: more than 20 elements/),
      });
      expect(await read(fine)).toMatchObject({ status: 'ready', error: null });
    } finally {
      await parley.stop();
    }
  });
});
