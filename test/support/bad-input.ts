import { type ErrorCode, errorStatus } from '@parley/contract/errors';
import { expect, vi } from 'vitest';
import { type ParleyHarness, startParleyHarness } from './parley-harness.js';

/**
 * What the bad-input tests share: the contract's client error codes, the exact error shape they
 * check, and one server per test file with things made before any bad request (`kept`), whose
 * JSON text (`snapshot`) must come out of the bad requests unchanged.
 */

export const statusOfCode = errorStatus;

/** The codes bad input gets: the contract's 4xx ones. */
export type ClientErrorCode = Exclude<ErrorCode, 'internal_error' | 'upstream_error'>;

export interface ErrorBody {
  code: string;
  message: string;
  details: Record<string, unknown>;
}

/** Asserts the status, the JSON content type and the exact error shape; returns the error. */
export async function expectError(response: Response, code: ClientErrorCode): Promise<ErrorBody> {
  const text = await response.text();
  expect(response.status, text).toBe(statusOfCode[code]);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  const body = JSON.parse(text) as { error: ErrorBody };
  expect(Object.keys(body)).toEqual(['error']);
  expect(Object.keys(body.error).sort()).toEqual(['code', 'details', 'message']);
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe('string');
  expect(body.error.message.length).toBeGreaterThan(0);
  expect(typeof body.error.details).toBe('object');
  expect(body.error.details).not.toBeNull();
  expect(Array.isArray(body.error.details)).toBe(false);
  expect(text).not.toMatch(/<html|at \w+ \(|node_modules/i);
  return body.error;
}

export async function json<T = Record<string, unknown>>(response: Response, status: number): Promise<T> {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  return JSON.parse(text) as T;
}

export function bearer(key: string): Record<string, string> {
  return { authorization: `Bearer ${key}` };
}

export let parley: ParleyHarness;
/** Made before any bad request, checked unchanged at the end. */
export const kept = {
  appId: '',
  agentId: '',
  otherAgentId: '',
  sessionId: '',
  conversationId: '',
  publishableKey: '',
  shareToken: '',
  before: {} as Record<string, string>,
};

/** The JSON text of everything that must survive the bad requests. */
export async function snapshot(): Promise<Record<string, string>> {
  const paths = {
    app: `/v1/apps/${kept.appId}`,
    agent: `/v1/agents/${kept.agentId}`,
    history: `/v1/apps/${kept.appId}/sessions/${kept.sessionId}/history`,
    conversation: `/v1/agents/${kept.agentId}/conversations/${kept.conversationId}`,
    demoApp: `/v1/apps/${parley.running.demo.appId}`,
  };
  const entries = await Promise.all(
    Object.entries(paths).map(async ([name, pathname]) => {
      const response = await parley.request('GET', pathname);
      return [name, JSON.stringify(await json(response, 200))] as const;
    }),
  );
  return Object.fromEntries(entries);
}

/** Starts the server and makes the things kept (a `beforeAll`). */
export async function startWithKeptThings(): Promise<void> {
  parley = await startParleyHarness();
  const agent = await json<{ id: string }>(
    await parley.request('POST', '/v1/agents', { name: 'Keeper', system_prompt: 'You keep things.' }),
    201,
  );
  const otherAgent = await json<{ id: string }>(
    await parley.request('POST', '/v1/agents', { name: 'Other' }),
    201,
  );
  const app = await json<{ id: string }>(
    await parley.request('POST', '/v1/apps', { name: 'Keeper app', agents: [agent.id], routing: 'first' }),
    201,
  );
  const key = await json<{ key: string }>(
    await parley.request('POST', '/v1/keys', {
      name: 'Shop widget',
      kind: 'publishable',
      plan: 'pro',
      app_id: app.id,
      allowed_origins: ['https://shop.example'],
    }),
    201,
  );
  // Opened by the site's widget key, which may read and continue only the sessions it opened.
  parley.modelServer?.enqueue({ content: 'Stored answer one.' });
  const executed = await json<{ session_id: string }>(
    await parley.request(
      'POST',
      `/v1/apps/${app.id}/execute`,
      { message: 'Remember me', metadata: { plan: 'gold' } },
      { authorization: `Bearer ${key.key}` },
    ),
    200,
  );
  parley.modelServer?.enqueue({ content: 'Conversation answer.' });
  const chatted = await json<{ conversation_id: string }>(
    await parley.request('POST', `/v1/agents/${agent.id}/chat`, { message: 'Hello agent' }),
    200,
  );
  const share = await json<{ token: string }>(
    await parley.request('POST', `/v1/agents/${agent.id}/share`, { expires_in: 1 }),
    200,
  );
  Object.assign(kept, {
    appId: app.id,
    agentId: agent.id,
    otherAgentId: otherAgent.id,
    sessionId: executed.session_id,
    conversationId: chatted.conversation_id,
    publishableKey: key.key,
    shareToken: share.token,
  });
  kept.before = await snapshot();
}

/** Stops the server (an `afterAll`). */
export async function stopServer(): Promise<void> {
  vi.useRealTimers();
  await parley?.stop();
}
