import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ParleyHarness, readEventStream, startParleyHarness } from './support/parley-harness.js';

describe("the demo's get_order_status tool", () => {
  let parley: ParleyHarness;
  beforeAll(async () => {
    parley = await startParleyHarness();
  });
  afterAll(async () => {
    await parley?.stop();
  });

  it('calls the demo shop order API on this server, without opening private addresses to other tools', async () => {
    const model = parley.modelServer;
    if (!model) throw new Error('needs the model server');
    const agent = await (await parley.request('GET', `/v1/agents/${parley.running.demo.agentId}`)).json();
    expect(agent.tools.map((tool: { name: string }) => tool.name)).toEqual(['get_order_status']);
    expect(agent.tools[0].url).toBe(`${parley.url}/demo/api/orders/{order_id}`);

    model.enqueue(
      { toolCalls: [{ name: 'get_order_status', arguments: '{"order_id":"12345"}' }] },
      { content: 'Your order 12345 is on its way.' },
    );
    const events = await readEventStream(
      await parley.request('POST', `/v1/apps/${parley.running.demo.appId}/execute/stream`, {
        message: 'Where is my order #12345?',
      }),
    );
    const toolEvents = events.filter((event) => event.event === 'tool_call').map((event) => event.data);
    expect(toolEvents).toContainEqual({ tool: 'get_order_status', status: 'completed' });
    expect(events.at(-1)?.data.tools_used).toEqual(expect.arrayContaining(['get_order_status']));
    const toolResult = model.requests.at(-1)?.body.messages?.find((message) => message.role === 'tool');
    expect(JSON.parse(String(toolResult?.content))).toMatchObject({ order_id: '12345', status: 'shipped' });

    const refused = await parley.request('POST', '/v1/agents', {
      name: 'Sneaky',
      tools: [
        {
          type: 'http',
          name: 'peek',
          description: 'x',
          parameters: { type: 'object', properties: {} },
          url: `${parley.url}/v1/keys`,
          method: 'GET',
        },
      ],
    });
    expect(refused.status).toBe(400);
  });
});
