import { ModelProviderError } from '@parley/engine';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type OpenAiTestServer, startOpenAiTestServer } from '../../../test/support/openai-server.js';
import { testEmbedding } from '../../../test/support/test-embeddings.js';
import { OpenAiEmbeddingModel } from './openai-embedding-model.js';

let server: OpenAiTestServer;
let model: OpenAiEmbeddingModel;

beforeAll(async () => {
  server = await startOpenAiTestServer();
  model = new OpenAiEmbeddingModel({ baseUrl: server.url, apiKey: 'sk-test', model: 'embed-test' });
});

afterAll(async () => {
  await server.close();
});

beforeEach(() => {
  server.failEmbeddings(null);
  server.requests.length = 0;
});

describe('OpenAiEmbeddingModel', () => {
  it('is named after its model', () => {
    expect(model.name).toBe('openai:embed-test');
  });

  it('embeds texts in order, asking for floats', async () => {
    const vectors = await model.embed(['Laptops can be refunded.', 'Shipping takes two days.']);
    expect(vectors).toHaveLength(2);
    expect(vectors[0]?.[0]).toBeCloseTo(testEmbedding('Laptops can be refunded.')[0] ?? 0, 6);
    expect(vectors[1]).toHaveLength(64);
    expect(server.requests[0]).toMatchObject({
      method: 'POST',
      path: '/v1/embeddings',
      body: { model: 'embed-test', input: ['Laptops can be refunded.', 'Shipping takes two days.'] },
    });
    expect(server.requests[0]?.body.encoding_format).toBe('float');
  });

  it('sends at most 64 texts per request', async () => {
    const texts = Array.from({ length: 130 }, (_, index) => `Passage number ${index}`);
    const vectors = await model.embed(texts);
    expect(vectors).toHaveLength(130);
    expect(server.embeddingInputs().map((inputs) => inputs.length)).toEqual([64, 64, 2]);
    const expected = testEmbedding('Passage number 129');
    for (const [index, value] of expected.entries()) expect(vectors[129]?.[index]).toBeCloseTo(value, 6);
  });

  it('turns provider errors into ModelProviderError', async () => {
    server.failEmbeddings({ status: 429, message: 'Slow down' });
    const failure = await model.embed(['anything']).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ModelProviderError);
    expect((failure as ModelProviderError).message).toContain('Slow down');
    expect((failure as ModelProviderError).providerStatus).toBe(429);
  });

  it('reports an unreachable provider as ModelProviderError', async () => {
    const closed = await startOpenAiTestServer();
    await closed.close();
    const unreachable = new OpenAiEmbeddingModel({ baseUrl: closed.url, model: 'embed-test' });
    await expect(unreachable.embed(['anything'])).rejects.toBeInstanceOf(ModelProviderError);
  });
});
