import { describe, expect, it } from 'vitest';
import { useFakeApi } from '../../test/support/fake-api.js';
import { formDataOf, replyJson, sendJson } from '../../test/support/fake-server.js';
import { ParleyApiError, paginate } from '../index.js';
import type { DatastoreDocument } from '../types/datastores.js';

const api = useFakeApi();

const datastore = {
  id: 'ds_1',
  name: 'Policies',
  description: 'Return and shipping rules',
  document_count: 0,
  created_at: '2024-01-15T14:30:00Z',
  updated_at: '2024-01-15T14:30:00Z',
};

function documentWith(status: DatastoreDocument['status'], changes: Partial<DatastoreDocument> = {}) {
  return {
    id: 'doc_1',
    datastore_id: 'ds_1',
    name: 'returns.md',
    content_type: 'text/markdown',
    size_bytes: 42,
    status,
    error: null,
    page_count: status === 'ready' ? 1 : null,
    chunk_count: status === 'ready' ? 1 : null,
    created_at: '2024-01-15T14:30:00Z',
    updated_at: '2024-01-15T14:30:00Z',
    ...changes,
  };
}

describe('datastores', () => {
  it('creates, gets, updates and deletes with the paths and bodies of the API', async () => {
    api.fake.answer(replyJson(datastore, 201));
    expect(
      await api.client.datastores.create({ name: 'Policies', description: 'Return and shipping rules' }),
    ).toEqual(datastore);
    expect(api.lastJson()).toEqual({ name: 'Policies', description: 'Return and shipping rules' });

    await api.client.datastores.create({ name: 'Bare' });
    expect(api.lastJson()).toEqual({ name: 'Bare' });

    api.fake.answer(replyJson(datastore));
    await api.client.datastores.get('ds_1');
    await api.client.datastores.update('ds_1', { description: 'Only returns' });
    expect(api.lastJson()).toEqual({ description: 'Only returns' });
    api.fake.answer(replyJson({ id: 'ds_1', deleted: true }));
    expect(await api.client.datastores.delete('ds_1')).toEqual({ id: 'ds_1', deleted: true });

    expect(api.calls()).toEqual([
      ['POST', '/v1/datastores'],
      ['POST', '/v1/datastores'],
      ['GET', '/v1/datastores/ds_1'],
      ['PATCH', '/v1/datastores/ds_1'],
      ['DELETE', '/v1/datastores/ds_1'],
    ]);
  });

  it('lists page by page with paginate', async () => {
    api.fake.answer((received, response) => {
      const second = received.url.includes('cursor=');
      sendJson(response, 200, {
        data: [{ ...datastore, id: second ? 'ds_2' : 'ds_1' }],
        has_more: !second,
        next_cursor: second ? null : 'ds_1',
      });
    });
    const ids: string[] = [];
    for await (const item of paginate((page) => api.client.datastores.list(page), { limit: 1 }))
      ids.push(item.id);
    expect(ids).toEqual(['ds_1', 'ds_2']);
    expect(api.calls()).toEqual([
      ['GET', '/v1/datastores?limit=1'],
      ['GET', '/v1/datastores?limit=1&cursor=ds_1'],
    ]);
  });

  it('rejects with ParleyApiError for an unknown datastore', async () => {
    api.fake.answer(
      replyJson({ error: { code: 'not_found', message: 'No datastore ds_x', details: { id: 'ds_x' } } }, 404),
    );
    const error = await api.client.datastores.get('ds_x').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ParleyApiError);
    expect(error).toMatchObject({ status: 404, code: 'not_found', details: { id: 'ds_x' } });
  });
});

describe('documents.upload', () => {
  const pdfBytes = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x00, 0xff, 0x80, 0x0a]);

  it('sends multipart/form-data with a `name` field and the bytes in a `file` part', async () => {
    api.fake.answer(replyJson(documentWith('processing', { name: 'policy.pdf' }), 201));
    const uploaded = await api.client.documents.upload('ds_1', {
      file: pdfBytes,
      name: 'policy.pdf',
      contentType: 'application/pdf',
    });
    expect(uploaded.status).toBe('processing');

    const received = api.last();
    expect([received.method, received.url]).toEqual(['POST', '/v1/datastores/ds_1/documents']);
    expect(received.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(received.headers['authorization']).toBe('Bearer sk_test_123');
    expect(received.headers['accept']).toBe('application/json');
    const form = await formDataOf(received);
    expect([...form.keys()]).toEqual(['name', 'file']);
    expect(form.get('name')).toBe('policy.pdf');
    const file = form.get('file');
    if (!(file instanceof Blob)) throw new Error('the file part should be a file');
    expect(file).toMatchObject({ name: 'policy.pdf', type: 'application/pdf' });
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(pdfBytes);
  });

  it("keeps a Blob's (or File's) own type, lets contentType override it, and sends untyped bytes as octet-stream", async () => {
    api.fake.answer(replyJson(documentWith('processing'), 201));
    const typedPart = async () => {
      const file = (await formDataOf(api.last())).get('file');
      if (!(file instanceof Blob)) throw new Error('the file part should be a file');
      return { type: file.type, text: await file.text() };
    };

    await api.client.documents.upload('ds_1', {
      file: new File(['# Returns'], 'ignored.md', { type: 'text/markdown' }),
      name: 'returns.md',
    });
    expect(await typedPart()).toEqual({ type: 'text/markdown', text: '# Returns' });
    expect((await formDataOf(api.last())).get('name')).toBe('returns.md');

    await api.client.documents.upload('ds_1', {
      file: new Blob(['<p>Hi</p>'], { type: 'text/plain' }),
      name: 'page.html',
      contentType: 'text/html',
    });
    expect(await typedPart()).toEqual({ type: 'text/html', text: '<p>Hi</p>' });

    await api.client.documents.upload('ds_1', { file: Buffer.from('plain words'), name: 'notes.txt' });
    expect(await typedPart()).toEqual({ type: 'application/octet-stream', text: 'plain words' });
  });

  it('sends call headers with the upload but never a JSON content type', async () => {
    api.fake.answer(replyJson(documentWith('processing'), 201));
    await api.client.documents.upload(
      'ds/1',
      { file: new Uint8Array([1]), name: 'a.txt' },
      { headers: { 'X-Call': 'upload' } },
    );
    expect(api.last().url).toBe('/v1/datastores/ds%2F1/documents');
    expect(api.last().headers['x-call']).toBe('upload');
    expect(api.last().headers['content-type']).not.toContain('json');
  });
});

describe('documents', () => {
  it('uploads text as JSON and lists, gets and deletes documents', async () => {
    api.fake.answer(replyJson(documentWith('processing'), 201));
    await api.client.documents.uploadText('ds_1', { name: 'returns.md', text: '# Returns\n45 days.' });
    expect(api.last().headers['content-type']).toBe('application/json');
    expect(api.lastJson()).toEqual({ name: 'returns.md', text: '# Returns\n45 days.' });

    api.fake.answer(replyJson({ data: [documentWith('ready')], has_more: false, next_cursor: null }));
    const page = await api.client.documents.list('ds_1', { limit: 5, cursor: 'doc_0' });
    expect(page.data[0]?.status).toBe('ready');
    api.fake.answer(replyJson(documentWith('ready')));
    await api.client.documents.get('ds_1', 'doc_1');
    api.fake.answer(replyJson({ id: 'doc_1', deleted: true }));
    await api.client.documents.delete('ds_1', 'doc_1');

    expect(api.calls()).toEqual([
      ['POST', '/v1/datastores/ds_1/documents'],
      ['GET', '/v1/datastores/ds_1/documents?limit=5&cursor=doc_0'],
      ['GET', '/v1/datastores/ds_1/documents/doc_1'],
      ['DELETE', '/v1/datastores/ds_1/documents/doc_1'],
    ]);
  });
});

describe('documents.waitUntilProcessed', () => {
  /** Answers `processing` `count` times, then `final`. */
  function processingThen(count: number, final: ReturnType<typeof documentWith>) {
    let polls = 0;
    api.fake.answer((_received, response) => {
      polls += 1;
      sendJson(response, 200, polls > count ? final : documentWith('processing'));
    });
  }

  it('polls the document until it is ready and answers it', async () => {
    processingThen(2, documentWith('ready', { page_count: 3, chunk_count: 7 }));
    const document = await api.client.documents.waitUntilProcessed('ds_1', 'doc_1', { intervalMs: 5 });
    expect(document).toMatchObject({ status: 'ready', page_count: 3, chunk_count: 7 });
    expect(api.calls()).toEqual(Array(3).fill(['GET', '/v1/datastores/ds_1/documents/doc_1']));
  });

  it('answers a failed document rather than throwing', async () => {
    processingThen(1, documentWith('failed', { error: 'The PDF could not be read' }));
    const document = await api.client.documents.waitUntilProcessed('ds_1', 'doc_1', {
      intervalMs: 5,
      headers: { 'X-Call': 'wait' },
    });
    expect(document).toMatchObject({ status: 'failed', error: 'The PDF could not be read' });
    expect(api.fake.received.every((received) => received.headers['x-call'] === 'wait')).toBe(true);
  });

  it('rejects with timeout_error when the document is still processing after timeoutMs', async () => {
    processingThen(Number.POSITIVE_INFINITY, documentWith('ready'));
    const error = await api.client.documents
      .waitUntilProcessed('ds_1', 'doc_1', { intervalMs: 10, timeoutMs: 80 })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ParleyApiError);
    expect(error).toMatchObject({ code: 'timeout_error', status: 0 });
    expect(api.fake.received.length).toBeGreaterThan(1);
    // And it stopped polling (a request cut by the deadline may still reach the server just after).
    const pause = () => new Promise((resolve) => setTimeout(resolve, 50));
    await pause();
    const polls = api.fake.received.length;
    await pause();
    expect(api.fake.received.length).toBe(polls);
  });

  it("rejects with the signal's reason when the caller aborts, and stops polling", async () => {
    processingThen(Number.POSITIVE_INFINITY, documentWith('ready'));
    const controller = new AbortController();
    const waiting = api.client.documents.waitUntilProcessed('ds_1', 'doc_1', {
      intervalMs: 10,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(new Error('user left')), 40);
    await expect(waiting).rejects.toThrow('user left');
    // A poll sent just before the abort may still reach the server afterwards; what must not
    // happen is a new poll every 10 ms after it, which would be about ten more in 100 ms.
    const polls = api.fake.received.length;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(api.fake.received.length - polls).toBeLessThanOrEqual(1);

    const aborted = AbortSignal.abort(new Error('already gone'));
    await expect(
      api.client.documents.waitUntilProcessed('ds_1', 'doc_1', { signal: aborted }),
    ).rejects.toThrow('already gone');
  });

  it('passes on an API error of a poll', async () => {
    api.fake.answer(replyJson({ error: { code: 'not_found', message: 'No document', details: {} } }, 404));
    await expect(api.client.documents.waitUntilProcessed('ds_1', 'doc_gone')).rejects.toMatchObject({
      code: 'not_found',
      status: 404,
    });
  });
});
