import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ParleyHarness, startParleyHarness } from './support/parley-harness.js';

describe('definitions', () => {
  let parley: ParleyHarness;
  beforeAll(async () => {
    parley = await startParleyHarness();
  });
  afterAll(async () => {
    await parley?.stop();
  });

  it('gives a definition the question names to the model and lists it in applied_definitions', async () => {
    const agent = await (await parley.request('POST', '/v1/agents', { name: 'Legal' })).json();
    const other = await (await parley.request('POST', '/v1/agents', { name: 'Other' })).json();
    const created = await parley.request('POST', '/v1/definitions', {
      name: 'High-risk contract',
      type: 'rule',
      content: 'Any contract above 1 million euros needs two signatures.',
      aliases: ['big deal'],
      agent_ids: [agent.id],
    });
    expect(created.status).toBe(201);
    const definition = await created.json();
    expect(definition.id).toMatch(/^def_[A-Za-z0-9_-]{16,}$/);
    await parley.request('POST', '/v1/definitions', {
      name: 'SLA',
      type: 'term',
      content: 'Service level agreement.',
    });

    parley.modelServer?.enqueue({ content: 'Two signatures are needed.' });
    const answer = await (
      await parley.request('POST', `/v1/agents/${agent.id}/chat`, {
        message: 'What applies to high-risk contracts?',
      })
    ).json();
    expect(answer.applied_definitions).toEqual([
      { id: definition.id, name: 'High-risk contract', type: 'rule' },
    ]);
    const system = String(parley.modelServer?.requests.at(-1)?.body.messages?.[0]?.content);
    expect(system).toContain('Any contract above 1 million euros needs two signatures.');
    expect(system).not.toContain('Service level agreement');

    parley.modelServer?.enqueue({ content: 'ok' });
    const byAlias = await (
      await parley.request('POST', `/v1/agents/${agent.id}/chat`, {
        message: 'Is this a big deal? And the SLA?',
      })
    ).json();
    expect(byAlias.applied_definitions.map((item: { name: string }) => item.name)).toEqual([
      'High-risk contract',
      'SLA',
    ]);

    parley.modelServer?.enqueue({ content: 'ok' });
    const byMeaning = await (
      await parley.request('POST', `/v1/agents/${agent.id}/chat`, {
        message: 'How many signatures does a contract above 1 million euros need?',
      })
    ).json();
    expect(byMeaning.applied_definitions.map((item: { name: string }) => item.name)).toEqual([
      'High-risk contract',
    ]);

    parley.modelServer?.enqueue({ content: 'ok' });
    const elsewhere = await (
      await parley.request('POST', `/v1/agents/${other.id}/chat`, {
        message: 'What about high-risk contracts?',
      })
    ).json();
    expect(elsewhere.applied_definitions).toEqual([]);

    const listed = await (await parley.request('GET', '/v1/definitions?limit=1')).json();
    expect(listed).toMatchObject({ has_more: true, next_cursor: expect.any(String) });
    const patched = await (
      await parley.request('PATCH', `/v1/definitions/${definition.id}`, { content: 'Three signatures.' })
    ).json();
    expect(patched.content).toBe('Three signatures.');
    expect(await (await parley.request('DELETE', `/v1/definitions/${definition.id}`)).json()).toEqual({
      id: definition.id,
      deleted: true,
    });
    expect((await parley.request('GET', `/v1/definitions/${definition.id}`)).status).toBe(404);
    const unknownAgent = await parley.request('POST', '/v1/definitions', {
      name: 'x',
      type: 'term',
      content: 'y',
      agent_ids: ['agt_nobody'],
    });
    expect(unknownAgent.status).toBe(404);
  });
});
