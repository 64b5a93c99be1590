import { expect } from 'vitest';
import type { ChatCompletionRequestMessage, OpenAiTestServer } from './openai-server.js';
import { type ParleyHarness, readEventStream } from './parley-harness.js';

/** What the HTTP tool tests share: the order tool, agents made with tools, streamed chats, and what the model was given. */

export type StreamEvent = { event: string; data: Record<string, unknown> };

export const apiKey = 'shop-api-key-0123456789';

export const orderParameters = {
  type: 'object',
  properties: { order_id: { type: 'string', pattern: '^[0-9]+$', description: 'The order number' } },
  required: ['order_id'],
  additionalProperties: false,
};

export function orderTool(baseUrl: string, name = 'get_order_status') {
  return {
    type: 'http',
    name,
    description: 'Looks up the status of an order by its number',
    parameters: orderParameters,
    url: `${baseUrl}/orders/{order_id}`,
    method: 'GET',
    headers: { 'X-Api-Key': apiKey },
  };
}

export function modelOf(parley: ParleyHarness): OpenAiTestServer {
  if (!parley.modelServer) throw new Error('needs the model server');
  return parley.modelServer;
}

export function toolCallEvents(events: StreamEvent[]) {
  return events.filter((event) => event.event === 'tool_call').map((event) => event.data);
}

export function tokensOf(events: StreamEvent[]): string {
  return events
    .filter((event) => event.event === 'token')
    .map((event) => event.data.content)
    .join('');
}

/** The `tool` messages the model was given in a request. */
export function toolMessages(model: OpenAiTestServer, index: number): ChatCompletionRequestMessage[] {
  return (model.requests[index]?.body.messages ?? []).filter((message) => message.role === 'tool');
}

export async function createAgent(parley: ParleyHarness, tools: unknown[]): Promise<string> {
  const response = await parley.request('POST', '/v1/agents', { name: 'Shop helper', tools });
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

export async function chatStream(
  parley: ParleyHarness,
  agentId: string,
  message: string,
): Promise<StreamEvent[]> {
  const response = await parley.request('POST', `/v1/agents/${agentId}/chat`, { message, stream: true });
  expect(response.status).toBe(200);
  return readEventStream(response);
}
