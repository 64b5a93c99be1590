import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'vitest';
import { jsonCaller, sortedKeys } from './json-call.js';
import type { OpenAiTestServer } from './openai-server.js';
import { type ParleyHarness, startParleyHarness } from './parley-harness.js';

/** What the seed 004 suites share: the seed's shapes and example agent, one server per test file, and calls on it. */

export type JsonObject = Record<string, unknown>;

export const isoTimestamp = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
export const idOf = (prefix: string) => new RegExp(`^${prefix}_[A-Za-z0-9_-]{20}$`);

/**
 * The seed's fields of the agent object, plus `model`, `tools`, and the share page's `greeting` and
 * `starter_prompts` that Parley adds.
 */
export const agentKeys = [
  'created_at',
  'datastores',
  'description',
  'greeting',
  'id',
  'model',
  'name',
  'settings',
  // Additive (issue 14): the Slack channel where this agent's share-page escalations open a thread.
  'slack_support_channel',
  'starter_prompts',
  'system_prompt',
  'tools',
  'updated_at',
];
export const chatKeys = [
  'applied_definitions',
  'citations',
  'content',
  'conversation_id',
  'created_at',
  'id',
  'usage',
];

/** The seed's "Create Agent" example request body. */
export const researchAssistant = {
  name: 'Research Assistant',
  description: 'Helps answer research questions',
  system_prompt: 'You are a research assistant. Answer questions accurately and cite your sources.',
  settings: {
    temperature: 0.5,
    retrieval_count: 10,
  },
};

export let parley: ParleyHarness;
export let model: OpenAiTestServer;

export const call = jsonCaller(() => parley);

export function errorOf(body: JsonObject): JsonObject {
  expect(sortedKeys(body)).toEqual(['error']);
  const error = body.error as JsonObject;
  expect(sortedKeys(error)).toEqual(['code', 'details', 'message']);
  return error;
}

export async function createAgent(
  body: JsonObject = { name: 'Customer Support Agent' },
): Promise<JsonObject> {
  const created = await call('POST', '/v1/agents', body);
  expect(created.status).toBe(201);
  return created.body;
}

export function expectAgentShape(agent: JsonObject) {
  expect(sortedKeys(agent)).toEqual(agentKeys);
  expect(agent.id).toMatch(idOf('agt'));
  expect(typeof agent.name).toBe('string');
  expect(typeof agent.description).toBe('string');
  expect(typeof agent.system_prompt).toBe('string');
  expect(Array.isArray(agent.datastores)).toBe(true);
  expect(sortedKeys(agent.settings)).toEqual(['max_tokens', 'retrieval_count', 'temperature']);
  expect(agent.created_at).toMatch(isoTimestamp);
  expect(agent.updated_at).toMatch(isoTimestamp);
}

/** Waits until the clock is past the second of `timestamp`, so a later timestamp differs. */
export async function waitForNextSecond(timestamp: string): Promise<void> {
  const wait = Date.parse(timestamp) + 1_000 - Date.now();
  if (wait > 0) await sleep(wait + 5);
}

export async function chat(agentId: string, body: JsonObject, headers?: Record<string, string>) {
  return call('POST', `/v1/agents/${agentId}/chat`, body, headers);
}

/** Starts the server (a `beforeAll` of every file of the suite). */
export async function startSeedServer(): Promise<void> {
  parley = await startParleyHarness();
  if (!parley.modelServer) throw new Error('the harness should run with the local model server');
  model = parley.modelServer;
}

/** Stops it (an `afterAll`). */
export async function stopSeedServer(): Promise<void> {
  await parley.stop();
}
