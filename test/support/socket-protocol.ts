import type { Socket } from 'socket.io-client';
import { expect } from 'vitest';
import { type ModelGate, startModelGate } from './model-gate.js';
import { type ParleyHarness, startParleyHarness } from './parley-harness.js';
import { connectSocket } from './socket-client.js';

/**
 * What the Socket.IO protocol tests share: listening to a socket, and one server per test file (behind
 * a model gate) with an agent, an app and its publishable key, and the calls and sockets on it.
 */

export interface Heard {
  type: string;
  data: Record<string, unknown>;
}

export type Acknowledgement = {
  ok: boolean;
  error?: { code: string; message: string; details: Record<string, unknown> };
  [field: string]: unknown;
};

export const turnEventTypes = ['start', 'token', 'tool_call', 'citation', 'done', 'error'];
export const shopOrigin = 'https://shop.example';

/** Writes down the turn events a socket hears; `next` waits for one (already heard or still to come). */
export function listenTo(socket: Socket) {
  const heard: Heard[] = [];
  const waiting: { matches: (event: Heard) => boolean; resolve: (event: Heard) => void }[] = [];
  for (const type of turnEventTypes) {
    socket.on(type, (data: Record<string, unknown>) => {
      const event = { type, data };
      heard.push(event);
      for (const waiter of [...waiting]) {
        if (!waiter.matches(event)) continue;
        waiting.splice(waiting.indexOf(waiter), 1);
        waiter.resolve(event);
      }
    });
  }
  return {
    heard,
    of: (requestId: string) => heard.filter((event) => event.data.request_id === requestId),
    next(matches: (event: Heard) => boolean): Promise<Heard> {
      const already = heard.find(matches);
      if (already) return Promise.resolve(already);
      return new Promise((resolve) => waiting.push({ matches, resolve }));
    },
  };
}

export const tokensOf = (events: Heard[]) =>
  events
    .filter((event) => event.type === 'token')
    .map((event) => event.data.content)
    .join('');

export const seqsOf = (events: Heard[]) => events.map((event) => event.data.seq);

export const upTo = (count: number) => Array.from({ length: count }, (_, index) => index);

export let parley: ParleyHarness;
export let gate: ModelGate;
export let appId: string;
export let agentId: string;
export let appKey: string;
export const sockets: Socket[] = [];

export const completions = () =>
  (parley.modelServer?.requests ?? []).filter((request) => request.path === '/v1/chat/completions').length;

export async function post<T = Record<string, unknown>>(pathname: string, body: unknown): Promise<T> {
  const response = await parley.request('POST', pathname, body);
  expect(response.status, await response.clone().text()).toBeLessThan(300);
  return (await response.json()) as T;
}

export async function get<T = Record<string, unknown>>(pathname: string): Promise<T> {
  const response = await parley.request('GET', pathname);
  expect(response.status).toBe(200);
  return (await response.json()) as T;
}

export async function publishableKey(binding: { app_id?: string; agent_id?: string }, extra = {}) {
  const created = await post<{ key: string; id: string }>('/v1/keys', {
    name: 'site',
    kind: 'publishable',
    allowed_origins: [shopOrigin],
    ...binding,
    ...extra,
  });
  return created.key;
}

export async function open(key: string, origin = shopOrigin) {
  const socket = await connectSocket(parley.url, key, { origin });
  sockets.push(socket);
  return socket;
}

export const history = (sessionId: string) =>
  get<{ messages: { id: string; role: string; content: string; status?: string; feedback?: unknown }[] }>(
    `/v1/apps/${appId}/sessions/${sessionId}/history`,
  );

/** Starts the model gate and the server, with an agent, an app and its publishable key (a `beforeAll`). */
export async function startSocketServer(): Promise<void> {
  gate = await startModelGate();
  parley = await startParleyHarness({ environment: { OPENAI_BASE_URL: gate.url } });
  gate.forwardTo(parley.modelServer?.url ?? '');
  const agent = await post<{ id: string }>('/v1/agents', {
    name: 'Socket Helper',
    system_prompt: 'You help visitors.',
  });
  agentId = agent.id;
  const app = await post<{ id: string }>('/v1/apps', {
    name: 'Socket Shop',
    agents: [agentId],
    greeting: 'Hello {{memory.sessionMeta.metadata.userProfile.name}}! Ask me anything.{{ not.a.path }}',
    starter_prompts: ['Where is my order?', 'Can I return a gift?'],
  });
  appId = app.id;
  appKey = await publishableKey({ app_id: appId });
}

/** Closes the sockets opened, the server and the gate (an `afterAll`). */
export async function stopSocketServer(): Promise<void> {
  for (const socket of sockets) socket.close();
  await parley.stop();
  await gate.close();
}
