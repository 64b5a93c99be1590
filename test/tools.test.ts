import { maxModelCallsPerTurn, toolLimitNotice } from '@parley/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ParleyHarness, readEventStream, startParleyHarness } from './support/parley-harness.js';
import {
  apiKey,
  chatStream,
  createAgent,
  modelOf,
  orderParameters,
  orderTool,
  tokensOf,
  toolCallEvents,
  toolMessages,
} from './support/tool-agents.js';
import { startToolServer, type ToolServer } from './support/tool-server.js';

describe('HTTP tools, with private addresses allowed', () => {
  let parley: ParleyHarness;
  let tools: ToolServer;

  beforeAll(async () => {
    parley = await startParleyHarness({
      environment: { PARLEY_ALLOW_PRIVATE_URLS: '1', PARLEY_TOOL_TIMEOUT_MS: '500' },
    });
    tools = await startToolServer();
  });
  afterAll(async () => {
    await parley?.stop();
    await tools?.close();
  });

  it('calls get_order_status with schema-valid arguments, streams the call and feeds the result back', async () => {
    const model = modelOf(parley);
    const agentId = await createAgent(parley, [orderTool(tools.url)]);
    const app = await (
      await parley.request('POST', '/v1/apps', { name: 'Shop', agents: [agentId], routing: 'first' })
    ).json();
    model.enqueue(
      {
        content: 'Let me check.',
        toolCalls: [{ id: 'call_order', name: 'get_order_status', arguments: '{"order_id":"12345"}' }],
        usage: { prompt_tokens: 40, completion_tokens: 9 },
      },
      {
        content: 'Your order 12345 has shipped with DHL.',
        usage: { prompt_tokens: 70, completion_tokens: 8 },
      },
    );
    const requestsBefore = model.requests.length;
    const toolRequestsBefore = tools.requests.length;

    const response = await parley.request('POST', `/v1/apps/${app.id}/execute/stream`, {
      message: 'Where is my order 12345?',
    });
    const events = await readEventStream(response);

    expect(tools.requests.slice(toolRequestsBefore)).toEqual([
      expect.objectContaining({ method: 'GET', path: '/orders/12345', query: {}, body: '' }),
    ]);
    expect(tools.requests.at(-1)?.headers['x-api-key']).toBe(apiKey);
    expect(toolCallEvents(events)).toEqual([
      { tool: 'get_order_status', status: 'started' },
      { tool: 'get_order_status', status: 'completed' },
    ]);
    const order = events.map((event) => event.event);
    expect(order.indexOf('tool_call')).toBeGreaterThan(order.indexOf('token'));
    expect(order.at(-1)).toBe('done');

    expect(model.requests.length - requestsBefore).toBe(2);
    const first = model.requests[requestsBefore]?.body;
    const offered = (first?.tools ?? []) as { function: { name: string; parameters: unknown } }[];
    expect(offered.map((tool) => tool.function.name)).toEqual(['get_order_status', 'escalate_to_human']);
    expect(offered[0]?.function.parameters).toEqual(orderParameters);
    const second = model.requests[requestsBefore + 1]?.body.messages ?? [];
    expect(second.at(-2)).toMatchObject({
      role: 'assistant',
      content: 'Let me check.',
      tool_calls: [
        {
          id: 'call_order',
          type: 'function',
          function: { name: 'get_order_status', arguments: '{"order_id":"12345"}' },
        },
      ],
    });
    expect(second.at(-1)?.role).toBe('tool');
    expect(second.at(-1)?.tool_call_id).toBe('call_order');
    expect(JSON.parse(String(second.at(-1)?.content))).toEqual({
      order_id: '12345',
      status: 'shipped',
      carrier: 'DHL',
    });

    const done = events.at(-1)?.data ?? {};
    expect(done.tools_used).toEqual(['get_order_status']);
    expect(done.usage).toEqual({ input_tokens: 110, output_tokens: 17 });
    const answer = 'Let me check.\n\nYour order 12345 has shipped with DHL.';
    expect(tokensOf(events)).toBe(answer);
    const history = await (
      await parley.request('GET', `/v1/apps/${app.id}/sessions/${done.session_id}/history`)
    ).json();
    expect(history.messages.at(-1).content).toBe(answer);
  });

  it('runs tools without streaming too, and answers an unknown tool name without calling anything', async () => {
    const model = modelOf(parley);
    const agentId = await createAgent(parley, [orderTool(tools.url)]);
    const app = await (
      await parley.request('POST', '/v1/apps', { name: 'Shop 2', agents: [agentId], routing: 'first' })
    ).json();
    model.enqueue(
      {
        toolCalls: [
          { name: 'get_order_status', arguments: '{"order_id":"9"}' },
          { name: 'delete_everything', arguments: '{}' },
        ],
      },
      { content: 'Order 9 has shipped.' },
    );
    const requestsBefore = model.requests.length;
    const toolRequestsBefore = tools.requests.length;

    const response = await parley.request('POST', `/v1/apps/${app.id}/execute`, { message: 'Order 9?' });
    const body = await response.json();

    expect(body).toMatchObject({ response: 'Order 9 has shipped.', tools_used: ['get_order_status'] });
    expect(tools.requests.slice(toolRequestsBefore).map((request) => request.path)).toEqual(['/orders/9']);
    expect(toolMessages(model, requestsBefore + 1).map((message) => message.content)).toEqual([
      expect.stringContaining('"status":"shipped"'),
      'Error: the tool failed: there is no tool named "delete_everything"',
    ]);
  });

  it('tells the model when its arguments do not fit the schema, and calls nothing', async () => {
    const model = modelOf(parley);
    const agentId = await createAgent(parley, [orderTool(tools.url)]);
    model.enqueue(
      { toolCalls: [{ name: 'get_order_status', arguments: '{"order_id":12345}' }] },
      { content: 'Which order number do you mean?' },
    );
    const requestsBefore = model.requests.length;
    const toolRequestsBefore = tools.requests.length;

    const events = await chatStream(parley, agentId, 'Where is order 12345?');

    expect(tools.requests.length).toBe(toolRequestsBefore);
    expect(toolCallEvents(events)).toEqual([
      { tool: 'get_order_status', status: 'started' },
      { tool: 'get_order_status', status: 'failed' },
    ]);
    const [result] = toolMessages(model, requestsBefore + 1);
    expect(result?.content).toContain('invalid arguments: /order_id must be string');
    expect(events.at(-1)?.data.tools_used).toEqual(['get_order_status']);
    expect(tokensOf(events)).toBe('Which order number do you mean?');
  });

  it('sends POST arguments as JSON, and fails a tool that does not answer in time', async () => {
    const model = modelOf(parley);
    const agentId = await createAgent(parley, [
      {
        type: 'http',
        name: 'slow_lookup',
        description: 'A slow search',
        parameters: { type: 'object', properties: { query: { type: 'string' } } },
        url: `${tools.url}/hang`,
      },
    ]);
    model.enqueue(
      { toolCalls: [{ name: 'slow_lookup', arguments: '{"query":"blue shoes"}' }] },
      { content: 'I could not check that right now.' },
    );
    const requestsBefore = model.requests.length;

    // The tool never answers: the turn ends all the same, once the tool's time is up.
    const events = await chatStream(parley, agentId, 'Any blue shoes?');

    expect(tools.requests.at(-1)).toMatchObject({
      method: 'POST',
      path: '/hang',
      body: '{"query":"blue shoes"}',
    });
    expect(tools.requests.at(-1)?.headers['content-type']).toBe('application/json');
    expect(toolCallEvents(events)).toEqual([
      { tool: 'slow_lookup', status: 'started' },
      { tool: 'slow_lookup', status: 'failed' },
    ]);
    expect(toolMessages(model, requestsBefore + 1)[0]?.content).toContain('timed out after 500 ms');
    expect(tokensOf(events)).toBe('I could not check that right now.');
  });

  it('gives the status and body of a non-2xx answer to the model', async () => {
    const model = modelOf(parley);
    const agentId = await createAgent(parley, [
      { ...orderTool(tools.url, 'check_stock'), url: `${tools.url}/broken`, parameters: { type: 'object' } },
    ]);
    model.enqueue(
      { toolCalls: [{ name: 'check_stock', arguments: '{}' }] },
      { content: 'The shop is down.' },
    );
    const requestsBefore = model.requests.length;

    const events = await chatStream(parley, agentId, 'In stock?');

    expect(toolCallEvents(events).at(-1)).toEqual({ tool: 'check_stock', status: 'failed' });
    expect(toolMessages(model, requestsBefore + 1)[0]?.content).toBe(
      'Error: the tool failed: HTTP 500\nThe tool answered: the order system is down',
    );
  });

  it(`stops after ${maxModelCallsPerTurn} model calls when the model keeps calling tools`, async () => {
    const model = modelOf(parley);
    const agentId = await createAgent(parley, [orderTool(tools.url)]);
    for (let call = 0; call < maxModelCallsPerTurn; call += 1) {
      model.enqueue({ toolCalls: [{ name: 'get_order_status', arguments: `{"order_id":"${call}"}` }] });
    }
    const requestsBefore = model.requests.length;
    const toolRequestsBefore = tools.requests.length;

    const events = await chatStream(parley, agentId, 'Check every order');
    // Anything more would have got the server's default echo.
    await new Promise((resolve) => setTimeout(resolve, 50));

    expect(model.requests.length - requestsBefore).toBe(maxModelCallsPerTurn);
    expect(model.requests.at(-1)?.body.tool_choice).toBe('none');
    expect(model.requests.at(-2)?.body.tool_choice).toBeUndefined();
    expect(tools.requests.length - toolRequestsBefore).toBe(maxModelCallsPerTurn - 1);
    expect(toolMessages(model, model.requests.length - 1)).toHaveLength(maxModelCallsPerTurn - 1);
    expect(toolCallEvents(events).filter((event) => event.status === 'completed')).toHaveLength(
      maxModelCallsPerTurn - 1,
    );
    expect(tokensOf(events)).toBe(toolLimitNotice);
    expect(events.at(-1)?.event).toBe('done');
  });

  it('shows header values masked, and keeps the stored value when the masked one is sent back', async () => {
    const model = modelOf(parley);
    const agentId = await createAgent(parley, [orderTool(tools.url)]);

    const read = await (await parley.request('GET', `/v1/agents/${agentId}`)).json();
    expect(read.tools).toEqual([{ ...orderTool(tools.url), headers: { 'X-Api-Key': '…6789' } }]);
    expect(JSON.stringify(read)).not.toContain(apiKey);

    const patched = await parley.request('PATCH', `/v1/agents/${agentId}`, {
      tools: [{ ...read.tools[0], description: 'Order status by number' }],
    });
    expect(patched.status).toBe(200);
    expect((await patched.json()).tools[0]).toMatchObject({
      description: 'Order status by number',
      headers: { 'X-Api-Key': '…6789' },
    });
    model.enqueue(
      { toolCalls: [{ name: 'get_order_status', arguments: '{"order_id":"777"}' }] },
      { content: 'Shipped.' },
    );
    await chatStream(parley, agentId, 'Order 777?');
    expect(tools.requests.at(-1)).toMatchObject({ path: '/orders/777' });
    expect(tools.requests.at(-1)?.headers['x-api-key']).toBe(apiKey);
  });

  it('refuses malformed tools, naming the field', async () => {
    const cases: [unknown, string][] = [
      [[orderTool(tools.url), orderTool(tools.url)], 'tools.1.name'],
      [[orderTool(tools.url, 'escalate_to_human')], 'tools.0.name'],
      [[orderTool(tools.url, 'bad name!')], 'tools.0.name'],
      [
        [{ ...orderTool(tools.url), parameters: { type: 'object', properties: { a: { type: 'nope' } } } }],
        'tools.0.parameters',
      ],
      [[{ ...orderTool(tools.url), parameters: { type: 'string' } }], 'tools.0.parameters'],
      [[{ ...orderTool(tools.url), url: 'ftp://example.com/x' }], 'tools.0.url'],
      [[{ ...orderTool(tools.url), method: 'TRACE' }], 'tools.0.method'],
      [
        [{ ...orderTool(tools.url), headers: { 'X-Api-Key': 'a\r\nX-Evil: 1' } }],
        'tools.0.headers.X-Api-Key',
      ],
      [[{ ...orderTool(tools.url), description: '' }], 'tools.0.description'],
      [[{ ...orderTool(tools.url), headers: { 'X-Api-Key': '…6789' } }], 'tools.0.headers.X-Api-Key'],
      [[{ ...orderTool(tools.url), headers: { Host: 'internal' } }], 'tools.0.headers.Host'],
    ];
    for (const [toolList, field] of cases) {
      const response = await parley.request('POST', '/v1/agents', { name: 'Broken', tools: toolList });
      expect(response.status, field).toBe(400);
      expect((await response.json()).error.details.field).toBe(field);
    }
  });
});

describe('HTTP tools, without private addresses allowed', () => {
  let parley: ParleyHarness;
  let tools: ToolServer;

  beforeAll(async () => {
    parley = await startParleyHarness();
    tools = await startToolServer();
  });
  afterAll(async () => {
    await parley?.stop();
    await tools?.close();
  });

  it('refuses a tool aimed at a loopback address or localhost when the agent is created or changed', async () => {
    for (const url of [
      `${tools.url}/orders/{order_id}`,
      `http://localhost:${tools.port}/x`,
      'http://[::1]/x',
    ]) {
      const created = await parley.request('POST', '/v1/agents', {
        name: 'Sneaky',
        tools: [{ ...orderTool(tools.url), url }],
      });
      expect(created.status).toBe(400);
      const { error } = await created.json();
      expect(error.details.field).toBe('tools.0.url');
      expect(error.message).toContain('private address');
    }
    const agentId = await createAgent(parley, [orderTool('https://shop.example.com')]);
    const patched = await parley.request('PATCH', `/v1/agents/${agentId}`, {
      tools: [orderTool('https://shop.example.com'), orderTool(`http://127.0.0.1:${tools.port}`, 'other')],
    });
    expect(patched.status).toBe(400);
    expect((await patched.json()).error.details.field).toBe('tools.1.url');
  });

  it('fails a call whose host resolves to loopback, says why, and still answers', async () => {
    // Stored while the operator allowed private addresses; the permission is then taken back.
    await parley.restart({ PARLEY_ALLOW_PRIVATE_URLS: '1' });
    const agentId = await createAgent(parley, [
      orderTool(`http://localhost:${tools.port}`),
      orderTool(tools.url, 'get_order_status_literal'),
    ]);
    await parley.restart({ PARLEY_ALLOW_PRIVATE_URLS: '' });
    const model = modelOf(parley);
    model.enqueue(
      {
        toolCalls: [
          { name: 'get_order_status', arguments: '{"order_id":"12345"}' },
          { name: 'get_order_status_literal', arguments: '{"order_id":"12345"}' },
        ],
      },
      { content: 'Sorry, I could not check your order right now.' },
    );
    const requestsBefore = model.requests.length;

    const events = await chatStream(parley, agentId, 'Where is order 12345?');

    expect(tools.requests).toHaveLength(0);
    expect(toolCallEvents(events)).toEqual([
      { tool: 'get_order_status', status: 'started' },
      { tool: 'get_order_status', status: 'failed' },
      { tool: 'get_order_status_literal', status: 'started' },
      { tool: 'get_order_status_literal', status: 'failed' },
    ]);
    const results = toolMessages(model, requestsBefore + 1).map((message) => message.content);
    expect(results).toEqual([
      'Error: the tool failed: refused: localhost resolves to a private address',
      'Error: the tool failed: refused: 127.0.0.1 is a private address',
    ]);
    expect(tokensOf(events)).toBe('Sorry, I could not check your order right now.');
    expect(events.at(-1)?.data.tools_used).toEqual(['get_order_status', 'get_order_status_literal']);
  });
});
