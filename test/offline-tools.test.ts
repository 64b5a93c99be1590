import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoOrder } from '../packages/server/src/demo/index.js';
import { type ParleyHarness, readEventStream, startParleyHarness } from './support/parley-harness.js';

describe("the offline model with the demo's get_order_status tool", () => {
  let parley: ParleyHarness;
  beforeAll(async () => {
    parley = await startParleyHarness({ model: 'offline' });
  });
  afterAll(async () => {
    await parley?.stop();
  });

  const execute = (message: string, stream: boolean) =>
    parley.request('POST', `/v1/apps/${parley.running.demo.appId}/execute${stream ? '/stream' : ''}`, {
      message,
    });

  it('looks up "Where is my order #12345?" and answers with the status the demo shop returns', async () => {
    const order = demoOrder('12345');
    const events = await readEventStream(await execute('Where is my order #12345?', true));
    const toolEvents = events.filter((event) => event.event === 'tool_call').map((event) => event.data);
    const started = toolEvents.findIndex(
      (event) => event.tool === 'get_order_status' && event.status === 'started',
    );
    const completed = toolEvents.findIndex(
      (event) => event.tool === 'get_order_status' && event.status === 'completed',
    );
    expect(started).toBeGreaterThanOrEqual(0);
    expect(completed).toBeGreaterThan(started);
    const text = events
      .filter((event) => event.event === 'token')
      .map((event) => event.data.content)
      .join('');
    expect(text).toContain(`Order ${order.order_id}`);
    expect(text).toContain(`status: ${order.status}`);
    expect(text).not.toContain('get_order_status');
    const done = events.at(-1)?.data as { tools_used: string[]; usage: { output_tokens: number } };
    expect(done.tools_used).toEqual(expect.arrayContaining(['get_order_status']));
    expect(done.usage.output_tokens).toBeGreaterThan(0);
  });

  it('does the same without streaming', async () => {
    const order = demoOrder('4242');
    const response = await execute('What is the status of order 4242?', false);
    expect(response.status).toBe(200);
    const answer = await response.json();
    expect(answer.tools_used).toEqual(expect.arrayContaining(['get_order_status']));
    expect(answer.response).toContain(`status: ${order.status}`);
  });

  it('does not call the tool without an order number', async () => {
    const events = await readEventStream(await execute('Where is my order?', true));
    expect(
      events.some((event) => event.event === 'tool_call' && event.data.tool === 'get_order_status'),
    ).toBe(false);
    expect(events.at(-1)?.data.tools_used).not.toContain('get_order_status');
  });

  it('still answers knowledge questions from the documents, without the tool', async () => {
    const events = await readEventStream(await execute('How long do I have to return a laptop?', true));
    expect(events.at(-1)?.data.tools_used).toEqual(['search_knowledge']);
    const text = events
      .filter((event) => event.event === 'token')
      .map((event) => event.data.content)
      .join('');
    expect(text).toMatch(/^Laptops can be returned within 45 days of delivery[^[\]]*\. \[\d+\]$/);
    const citations = events.filter((event) => event.event === 'citation').map((event) => event.data);
    expect(citations).toContainEqual(
      expect.objectContaining({ document_name: 'acme-return-policy.pdf', page_number: 3 }),
    );
  });
});
