import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ParleyHarness, readEventStream, startParleyHarness } from './support/parley-harness.js';

describe('harness smoke', () => {
  let parley: ParleyHarness;
  beforeAll(async () => {
    parley = await startParleyHarness();
  });
  afterAll(async () => {
    await parley.stop();
  });

  it('answers execute through the real openai SDK and the local model server', async () => {
    parley.modelServer?.enqueue({ content: 'I found your order #12345.' });
    const response = await parley.request('POST', `/v1/apps/${parley.running.demo.appId}/execute`, {
      message: 'Order?',
    });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.response).toBe('I found your order #12345.');
    parley.modelServer?.enqueue({ content: 'Streamed answer here.' });
    const stream = await parley.request('POST', `/v1/apps/${parley.running.demo.appId}/execute/stream`, {
      message: 'Stream it',
      session_id: body.session_id,
    });
    const events = await readEventStream(stream);
    // The demo agent has a knowledge base: search_knowledge runs before the model.
    expect(events.map((event) => event.event)).toEqual([
      'start',
      'tool_call',
      'tool_call',
      'token',
      'token',
      'token',
      'done',
    ]);
  });
});
