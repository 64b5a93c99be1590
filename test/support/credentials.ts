import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { type ParleyHarness, startParleyHarness } from './parley-harness.js';

/**
 * What the credential tests share: the key and error shapes, reading a data folder, the rate-limit
 * headers, and the server of the API key tests (one per test file) with an app, an agent in it and
 * one outside it.
 */

export interface KeyView {
  id: string;
  name: string;
  kind: 'secret' | 'publishable';
  plan: 'free' | 'pro' | 'enterprise';
  masked: string;
  app_id: string | null;
  agent_id: string | null;
  allowed_origins: string[];
  rate_limit: { per_minute: number; per_day: number };
  created_at: string;
}

export interface CreatedKey extends KeyView {
  key: string;
}

export interface ErrorBody {
  error: { code: string; message: string; details: Record<string, unknown> };
}

export async function json<T>(response: Response, status: number): Promise<T> {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  return JSON.parse(text) as T;
}

export async function expectError(
  response: Response,
  status: number,
  code: string,
): Promise<ErrorBody['error']> {
  const body = await json<ErrorBody>(response, status);
  expect(Object.keys(body)).toEqual(['error']);
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe('string');
  expect(typeof body.error.details).toBe('object');
  return body.error;
}

export function bearer(key: string): Record<string, string> {
  return { authorization: `Bearer ${key}` };
}

/** Every file under a folder, as text. */
export function readAllFiles(folder: string): { file: string; text: string }[] {
  return readdirSync(folder).flatMap((name) => {
    const file = path.join(folder, name);
    if (statSync(file).isDirectory()) return readAllFiles(file);
    return [{ file, text: readFileSync(file, 'latin1') }];
  });
}

export function rateLimitHeaders(response: Response) {
  return {
    limit: response.headers.get('x-ratelimit-limit'),
    remaining: response.headers.get('x-ratelimit-remaining'),
    reset: response.headers.get('x-ratelimit-reset'),
  };
}

export let parley: ParleyHarness;
export let agentInApp = '';
export let agentOutside = '';
export let appId = '';

/** Starts the server with an app, an agent in it and one outside it (a `beforeAll`). */
export async function startKeyedServer(): Promise<void> {
  parley = await startParleyHarness();
  agentInApp = (
    await json<{ id: string }>(await parley.request('POST', '/v1/agents', { name: 'In the app' }), 201)
  ).id;
  agentOutside = (
    await json<{ id: string }>(await parley.request('POST', '/v1/agents', { name: 'Outside' }), 201)
  ).id;
  appId = (
    await json<{ id: string }>(
      await parley.request('POST', '/v1/apps', {
        name: 'Keyed app',
        agents: [agentInApp],
        routing: 'first',
      }),
      201,
    )
  ).id;
}

/** Stops it (an `afterAll`). */
export async function stopKeyedServer(): Promise<void> {
  await parley?.stop();
}
