import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ParleyHarness, startParleyHarness } from './support/parley-harness.js';

describe('document uploads', () => {
  let parley: ParleyHarness;
  let datastoreId: string;

  beforeAll(async () => {
    parley = await startParleyHarness({
      model: 'offline',
      environment: { PARLEY_UPLOAD_LIMIT_BYTES: '2048' },
    });
    datastoreId = (await (await parley.request('POST', '/v1/datastores', { name: 'Limits' })).json()).id;
  });
  afterAll(async () => {
    await parley?.stop();
  });

  async function send(form: FormData) {
    const response = await fetch(`${parley.url}/v1/datastores/${datastoreId}/documents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${parley.adminKey}` },
      body: form,
    });
    return { status: response.status, body: await response.json() };
  }

  it('answers 413 for a file over the limit and stores nothing', async () => {
    const form = new FormData();
    form.append('file', new Blob(['x'.repeat(5_000)], { type: 'text/plain' }), 'big.txt');
    const answer = await send(form);
    expect(answer.status).toBe(413);
    expect(answer.body.error).toMatchObject({
      code: 'payload_too_large',
      details: { field: 'file', limit_bytes: 2048 },
    });
    const listed = await (await parley.request('GET', `/v1/datastores/${datastoreId}/documents`)).json();
    expect(listed.data).toEqual([]);
  });

  it('answers 400 for a missing or empty file part', async () => {
    const without = new FormData();
    without.append('name', 'nothing.txt');
    expect(await send(without)).toMatchObject({
      status: 400,
      body: { error: { details: { field: 'file' } } },
    });
    const empty = new FormData();
    empty.append('file', new Blob([]), 'empty.txt');
    expect(await send(empty)).toMatchObject({ status: 400, body: { error: { details: { field: 'file' } } } });
  });

  it('accepts an unsupported type, then ends it failed with the supported types named', async () => {
    const form = new FormData();
    form.append('file', new Blob(['a,b'], { type: 'application/vnd.ms-excel' }), 'prices.xlsx');
    const answer = await send(form);
    expect(answer.status).toBe(201);
    await parley.running.engine.documents.settled();
    const document = await (
      await parley.request('GET', `/v1/datastores/${datastoreId}/documents/${answer.body.id}`)
    ).json();
    expect(document).toMatchObject({ status: 'failed', progress: 0 });
    expect(document.error).toMatch(/Unsupported file type: \.xlsx \(supported: .*\.pdf/);
  });
});
