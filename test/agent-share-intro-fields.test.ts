/**
 * Issue 13 (7): an agent's `greeting` and `starter_prompts`, what its share page shows before the
 * first message: they round-trip through create, get and update, agents made without them read as
 * null and [], and bad values get 400 in the contract's error shape.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ParleyHarness, startParleyHarness } from './support/parley-harness.js';

interface ErrorBody {
  error: { code: string; message: string; details: { field?: string } };
}

describe("an agent's greeting and starter prompts", () => {
  let parley: ParleyHarness;

  beforeAll(async () => {
    parley = await startParleyHarness({ model: 'offline' });
  });
  afterAll(async () => {
    await parley?.stop();
  });

  it('are null and [] when not given, and round-trip through create, get and update', async () => {
    const plain = await (await parley.request('POST', '/v1/agents', { name: 'Plain' })).json();
    expect(plain.greeting).toBeNull();
    expect(plain.starter_prompts).toEqual([]);

    const prompts = ['How do I return shoes?', 'Where is my order?'];
    const created = await parley.request('POST', '/v1/agents', {
      name: 'Returns',
      greeting: 'Hello! Ask me about **returns**.',
      starter_prompts: prompts,
    });
    expect(created.status).toBe(201);
    const agent = await created.json();
    expect(agent.greeting).toBe('Hello! Ask me about **returns**.');
    expect(agent.starter_prompts).toEqual(prompts);

    const read = await (await parley.request('GET', `/v1/agents/${agent.id}`)).json();
    expect(read.greeting).toBe('Hello! Ask me about **returns**.');
    expect(read.starter_prompts).toEqual(prompts);

    // Only the fields given change: a new name keeps the greeting and prompts.
    const renamed = await (await parley.request('PATCH', `/v1/agents/${agent.id}`, { name: 'Desk' })).json();
    expect(renamed.greeting).toBe('Hello! Ask me about **returns**.');
    expect(renamed.starter_prompts).toEqual(prompts);

    const longest = 'x'.repeat(2_000);
    const six = Array.from({ length: 6 }, (_, index) => `${index}`.padEnd(200, '?'));
    const updated = await parley.request('PATCH', `/v1/agents/${agent.id}`, {
      greeting: longest,
      starter_prompts: six,
    });
    expect(updated.status).toBe(200);
    const atLimits = await updated.json();
    expect(atLimits.greeting).toBe(longest);
    expect(atLimits.starter_prompts).toEqual(six);

    const cleared = await (
      await parley.request('PATCH', `/v1/agents/${agent.id}`, { greeting: null, starter_prompts: [] })
    ).json();
    expect(cleared.greeting).toBeNull();
    expect(cleared.starter_prompts).toEqual([]);
    const after = await (await parley.request('GET', `/v1/agents/${agent.id}`)).json();
    expect(after.greeting).toBeNull();
    expect(after.starter_prompts).toEqual([]);
  });

  it('refuses bad values with 400 invalid_request naming the field, on create and update', async () => {
    const agent = await (await parley.request('POST', '/v1/agents', { name: 'Checked' })).json();
    const cases: [Record<string, unknown>, string][] = [
      [{ greeting: 'x'.repeat(2_001) }, 'greeting'],
      [{ greeting: 42 }, 'greeting'],
      [{ starter_prompts: Array.from({ length: 7 }, (_, index) => `Question ${index}`) }, 'starter_prompts'],
      [{ starter_prompts: ['fine', 'y'.repeat(201)] }, 'starter_prompts.1'],
      [{ starter_prompts: ['fine', 7] }, 'starter_prompts.1'],
      [{ starter_prompts: [''] }, 'starter_prompts.0'],
      [{ starter_prompts: 'not a list' }, 'starter_prompts'],
    ];
    for (const [fields, field] of cases) {
      for (const [method, pathname, body] of [
        ['POST', '/v1/agents', { name: 'Bad', ...fields }],
        ['PATCH', `/v1/agents/${agent.id}`, fields],
      ] as const) {
        const answer = await parley.request(method, pathname, body);
        expect(answer.status, `${method} ${JSON.stringify(fields).slice(0, 80)}`).toBe(400);
        const { error } = (await answer.json()) as ErrorBody;
        expect(error.code).toBe('invalid_request');
        expect(typeof error.message).toBe('string');
        expect(error.details.field).toBe(field);
      }
    }
    const unchanged = await (await parley.request('GET', `/v1/agents/${agent.id}`)).json();
    expect(unchanged.greeting).toBeNull();
    expect(unchanged.starter_prompts).toEqual([]);
  });
});
