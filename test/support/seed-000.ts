import { expect } from 'vitest';
import { jsonCaller } from './json-call.js';
import type { OpenAiTestServer } from './openai-server.js';
import { type ParleyHarness, startParleyHarness } from './parley-harness.js';

/** What the seed 000 suites share: the seed's patterns and examples, one server per test file with an agent and an app, and calls on it. */

export type JsonObject = Record<string, unknown>;

export const isoTimestamp = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
export const idOf = (prefix: string) => new RegExp(`^${prefix}_[A-Za-z0-9_-]{20}$`);
export const sessionIdPattern = idOf('sess');
export const traceIdPattern = idOf('trace');
export const agentIdPattern = idOf('agt');
export const appIdPattern = idOf('app');

/** The seed's "Session Metadata" example, exactly as printed. */
export const seedSessionMeta = {
  metadata: {
    userProfile: {
      name: 'John',
      tier: 'premium',
      preferences: {
        language: 'en',
        notifications: true,
      },
    },
  },
};

export const executeKeys = ['agent', 'agent_id', 'response', 'session_id', 'tools_used', 'trace_id', 'usage'];

export let parley: ParleyHarness;
export let model: OpenAiTestServer;
export let appId: string;
export let agentId: string;

export const call = jsonCaller(() => parley);

export async function createSession(targetAppId = appId, body: JsonObject = {}): Promise<string> {
  const created = await call('POST', `/v1/apps/${targetAppId}/sessions`, body);
  expect(created.status).toBe(201);
  return created.body.session_id as string;
}

export async function createAgentAndApp(
  agentBody: JsonObject,
  appBody: JsonObject = {},
): Promise<{ agentId: string; appId: string }> {
  const agent = await call('POST', '/v1/agents', agentBody);
  expect(agent.status).toBe(201);
  const app = await call('POST', '/v1/apps', {
    name: `App of ${agentBody.name}`,
    agents: [agent.body.id],
    ...appBody,
  });
  expect(app.status).toBe(201);
  return { agentId: agent.body.id as string, appId: app.body.id as string };
}

export function lastModelRequestMessages() {
  return model.requests.at(-1)?.body.messages ?? [];
}

export function sessionNotFound(sessionId: string) {
  return { error: { code: 'not_found', message: 'Session not found', details: { session_id: sessionId } } };
}

/** Starts the server (a `beforeAll` of every file of the suite). */
export async function startSeedServer(): Promise<void> {
  parley = await startParleyHarness();
  if (!parley.modelServer) throw new Error('the harness should run with the local model server');
  model = parley.modelServer;
  const created = await createAgentAndApp({ name: 'support_agent', system_prompt: 'You help customers.' });
  agentId = created.agentId;
  appId = created.appId;
  expect(agentId).toMatch(agentIdPattern);
  expect(appId).toMatch(appIdPattern);
}

/** Stops it (an `afterAll`). */
export async function stopSeedServer(): Promise<void> {
  await parley.stop();
}
