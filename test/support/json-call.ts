import type { JsonObject } from '@parley/engine';
import { expect } from 'vitest';
import type { ParleyHarness } from './parley-harness.js';

export function sortedKeys(value: unknown): string[] {
  return Object.keys(value as JsonObject).sort();
}

/** The body of a JSON answer, after checking that it is JSON. */
export async function readJson(response: Response): Promise<JsonObject> {
  expect(response.headers.get('content-type') ?? '').toMatch(/^application\/json/);
  return (await response.json()) as JsonObject;
}

export interface JsonAnswer {
  status: number;
  body: JsonObject;
  headers: Headers;
}

/** A request to the harness's server (admin key unless the headers say otherwise), answered as JSON. */
export function jsonCaller(harness: () => ParleyHarness) {
  return async function call(
    method: string,
    pathname: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<JsonAnswer> {
    const response = await harness().request(method, pathname, body, headers);
    return { status: response.status, body: await readJson(response), headers: response.headers };
  };
}
