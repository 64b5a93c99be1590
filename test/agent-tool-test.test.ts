/**
 * `POST /v1/agents/:id/tools/test` (the console's Test button): calls an HTTP tool once with sample
 * arguments through the same path as a turn — arguments checked against `parameters`, the server's
 * guarded runner — so loopback is refused unless allowed, masked header values are the stored ones,
 * and a failure answers what the model would read. Nothing is stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ParleyHarness, startParleyHarness } from './support/parley-harness.js';
import { apiKey, createAgent, orderTool } from './support/tool-agents.js';
import { startToolServer, type ToolServer } from './support/tool-server.js';

let parley: ParleyHarness;
let tools: ToolServer;

beforeAll(async () => {
  parley = await startParleyHarness({ model: 'offline' });
  tools = await startToolServer();
});
afterAll(async () => {
  await parley?.stop();
  await tools?.close();
});

function testTool(agentId: string, tool: unknown, toolArguments: unknown) {
  return parley.request('POST', `/v1/agents/${agentId}/tools/test`, { tool, arguments: toolArguments });
}

describe('testing an HTTP tool', () => {
  it('refuses a loopback URL while private addresses are not allowed, and calls nothing', async () => {
    const agentId = await createAgent(parley, []);
    const response = await testTool(agentId, orderTool(tools.url), { order_id: '12345' });
    expect(response.status).toBe(400);
    expect((await response.json()).error).toMatchObject({
      code: 'invalid_request',
      details: { field: 'tool.url' },
    });
    expect(tools.requests).toHaveLength(0);
  });

  it('calls the tool with the stored header behind a masked value, and says what failed', async () => {
    await parley.restart({ PARLEY_ALLOW_PRIVATE_URLS: '1' });
    const agentId = await createAgent(parley, [orderTool(tools.url)]);
    const agent = await (await parley.request('GET', `/v1/agents/${agentId}`)).json();
    const shown = agent.tools[0];
    expect(shown.headers['X-Api-Key']).not.toBe(apiKey);

    // The tool as the console read it back (header masked), with an unsaved change to its URL's path.
    const edited = { ...shown, url: `${tools.url}/orders/{order_id}?source=test` };
    const response = await testTool(agentId, edited, { order_id: '12345' });
    expect(response.status).toBe(200);
    const result = await response.json();
    expect(result).toMatchObject({ ok: true, status: 200, error: null });
    expect(JSON.parse(result.body)).toMatchObject({ order_id: '12345', status: 'shipped' });
    expect(tools.requests.at(-1)).toMatchObject({ path: '/orders/12345', query: { source: 'test' } });
    expect(tools.requests.at(-1)?.headers['x-api-key']).toBe(apiKey);

    // Arguments that do not fit the schema are not sent.
    const before = tools.requests.length;
    const invalid = await (await testTool(agentId, shown, { order_id: 'abc' })).json();
    expect(invalid).toMatchObject({ ok: false, status: null });
    expect(invalid.error).toMatch(/^invalid arguments: \/order_id must match pattern/);
    expect(tools.requests).toHaveLength(before);

    // A failing tool: its status and body.
    const broken = await (
      await testTool(agentId, { ...shown, url: `${tools.url}/broken`, parameters: { type: 'object' } }, {})
    ).json();
    expect(broken).toMatchObject({ ok: false, status: 500, body: 'the order system is down' });

    // A masked value with nothing stored behind it is refused, naming the field.
    const unknownHeader = await testTool(
      agentId,
      { ...shown, name: 'another_tool', headers: { 'X-Api-Key': '…6789' } },
      { order_id: '1' },
    );
    expect(unknownHeader.status).toBe(400);
    expect((await unknownHeader.json()).error.details).toMatchObject({ field: 'tool.headers.X-Api-Key' });

    // Nothing was saved.
    const after = await (await parley.request('GET', `/v1/agents/${agentId}`)).json();
    expect(after.tools).toEqual(agent.tools);
  });

  it('answers 404 for an unknown agent', async () => {
    const response = await testTool('agt_unknown0000000000', orderTool(tools.url), { order_id: '1' });
    expect(response.status).toBe(404);
  });
});
