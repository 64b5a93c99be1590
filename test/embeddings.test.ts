import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ParleyHarness, startParleyHarness } from './support/parley-harness.js';

const passage = 'Laptops can be refunded within 45 days.';
const question = 'Can I get my money back for a notebook computer?';
const noMatch = 'No passage of the knowledge base matches this question';

interface Setup {
  datastoreId: string;
  agentId: string;
  documentIds: Record<string, string>;
}

async function addText(parley: ParleyHarness, datastoreId: string, name: string, text: string) {
  const response = await parley.request('POST', `/v1/datastores/${datastoreId}/documents`, { name, text });
  expect(response.status, await response.clone().text()).toBe(201);
  const { id } = (await response.json()) as { id: string };
  await parley.running.engine.documents.settled();
  const document = await (
    await parley.request('GET', `/v1/datastores/${datastoreId}/documents/${id}`)
  ).json();
  expect(document.status).toBe('ready');
  return id;
}

/** A datastore with a refund policy and a pets note, connected to a new agent. */
async function setUp(parley: ParleyHarness): Promise<Setup> {
  const datastoreId = (await (await parley.request('POST', '/v1/datastores', { name: 'Policies' })).json())
    .id;
  const agentId = (
    await (
      await parley.request('POST', '/v1/agents', { name: 'Refunds', system_prompt: 'Be precise.' })
    ).json()
  ).id;
  await parley.request('POST', `/v1/agents/${agentId}/datastores`, { datastore_id: datastoreId });
  return {
    datastoreId,
    agentId,
    documentIds: {
      refunds: await addText(parley, datastoreId, 'refunds.txt', passage),
      pets: await addText(parley, datastoreId, 'pets.txt', 'Dogs are welcome in every Acme store.'),
    },
  };
}

/** Asks the agent with a scripted model reply; returns the answer and the system message the model saw. */
async function ask(parley: ParleyHarness, agentId: string, message: string, reply: string) {
  parley.modelServer?.enqueue({ content: reply });
  const response = await parley.request('POST', `/v1/agents/${agentId}/chat`, { message });
  expect(response.status).toBe(200);
  const answer = await response.json();
  const completions = parley.modelServer?.requests.filter(
    (request) => request.path === '/v1/chat/completions',
  );
  const system = completions?.at(-1)?.body.messages?.[0];
  return { answer, system: system?.role === 'system' ? String(system.content) : '' };
}

describe('hybrid retrieval with embeddings', () => {
  let hybrid: ParleyHarness;
  let lexical: ParleyHarness;
  let hybridSetup: Setup;
  let lexicalSetup: Setup;

  beforeAll(async () => {
    hybrid = await startParleyHarness({ environment: { PARLEY_EMBEDDINGS_MODEL: 'test-embeddings' } });
    lexical = await startParleyHarness();
    hybridSetup = await setUp(hybrid);
    lexicalSetup = await setUp(lexical);
  });
  afterAll(async () => {
    await hybrid?.stop();
    await lexical?.stop();
  });

  it('embeds passages at ingestion and stores each vector with its passage', async () => {
    const inputs = hybrid.modelServer?.embeddingInputs().flat() ?? [];
    expect(inputs).toContain(passage);
    const embeddingRequest = hybrid.modelServer?.requests.find(
      (request) => request.path === '/v1/embeddings',
    );
    expect(embeddingRequest?.body.model).toBe('test-embeddings');
    const chunks = await hybrid.running.store.all('chunks', {
      document_id: hybridSetup.documentIds.refunds,
    });
    expect(chunks.map((chunk) => chunk.text)).toEqual([passage]);
    expect(chunks[0]?.embedding).toHaveLength(64);
    expect(chunks[0]?.embedding_model).toBe('openai:test-embeddings');
    expect(lexical.modelServer?.embeddingInputs()).toEqual([]);
  });

  it('answers a question sharing no word with the passage, citing it, only with embeddings', async () => {
    const { answer, system } = await ask(hybrid, hybridSetup.agentId, question, 'Yes, within 45 days [1].');
    expect(answer.citations).toEqual([
      expect.objectContaining({ id: 1, document_name: 'refunds.txt', page_number: 1 }),
    ]);
    expect(answer.citations[0].score).toBeGreaterThan(0);
    expect(answer.citations[0].score).toBeLessThanOrEqual(1);
    expect(system).toContain(passage);
    expect(system).not.toContain('Dogs are welcome');
    expect(hybrid.modelServer?.embeddingInputs().at(-1)).toEqual([question]);

    const withoutEmbeddings = await ask(lexical, lexicalSetup.agentId, question, 'Yes [1].');
    expect(withoutEmbeddings.answer.citations).toEqual([]);
    expect(withoutEmbeddings.system).toContain(noMatch);
    expect(withoutEmbeddings.system).not.toContain(passage);
  });

  it('still finds lexical matches, with the fused score in 0–1', async () => {
    const { answer } = await ask(hybrid, hybridSetup.agentId, 'Are dogs welcome in the store?', 'Yes [1].');
    expect(answer.citations[0]).toMatchObject({ document_name: 'pets.txt' });
    expect(answer.citations[0].score).toBeGreaterThan(0);
    expect(answer.citations[0].score).toBeLessThanOrEqual(1);
  });

  it('keeps a document whose embedding failed, found lexically; a failed question embedding falls back', async () => {
    hybrid.modelServer?.failEmbeddings({ status: 500, message: 'Embeddings are down' });
    try {
      const id = await addText(
        hybrid,
        hybridSetup.datastoreId,
        'warranty.txt',
        'Every bicycle has a two year warranty.',
      );
      const [chunk] = await hybrid.running.store.all('chunks', { document_id: id });
      expect(chunk?.embedding).toBeUndefined();
      const { answer } = await ask(
        hybrid,
        hybridSetup.agentId,
        'What warranty does a bicycle have?',
        'Two years [1].',
      );
      expect(answer.citations[0]).toMatchObject({ document_name: 'warranty.txt' });
    } finally {
      hybrid.modelServer?.failEmbeddings(null);
    }
  });

  it('keeps working after a restart without embedding stored passages again', async () => {
    const before = hybrid.modelServer?.embeddingInputs().length ?? 0;
    await hybrid.restart();
    const { answer } = await ask(hybrid, hybridSetup.agentId, question, 'Yes, within 45 days [1].');
    expect(answer.citations[0]).toMatchObject({ document_name: 'refunds.txt' });
    expect(hybrid.modelServer?.embeddingInputs().slice(before)).toEqual([[question]]);
  });

  it('stops finding a deleted document by meaning at once', async () => {
    const { datastoreId, documentIds, agentId } = hybridSetup;
    const removed = await hybrid.request(
      'DELETE',
      `/v1/datastores/${datastoreId}/documents/${documentIds.refunds}`,
    );
    expect(removed.status).toBe(200);
    const { answer, system } = await ask(hybrid, agentId, question, 'Yes [1].');
    expect(answer.citations).toEqual([]);
    expect(system).toContain(noMatch);
  });
});
