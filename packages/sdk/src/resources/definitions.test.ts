import { describe, expect, it } from 'vitest';
import { useFakeApi } from '../../test/support/fake-api.js';
import { replyJson } from '../../test/support/fake-server.js';
import { paginate } from '../index.js';

const api = useFakeApi();

const definition = {
  id: 'def_1',
  name: 'VIP',
  type: 'term',
  content: 'A customer with more than ten orders.',
  aliases: ['very important customer'],
  agent_ids: ['agt_1'],
  created_at: '2024-01-15T14:30:00Z',
  updated_at: '2024-01-15T14:30:00Z',
};

describe('definitions', () => {
  it('sends agentIds as agent_ids and leaves out what is not given', async () => {
    api.fake.answer(replyJson(definition, 201));
    const created = await api.client.definitions.create({
      name: 'VIP',
      type: 'term',
      content: 'A customer with more than ten orders.',
      aliases: ['very important customer'],
      agentIds: ['agt_1'],
    });
    expect(created).toEqual(definition);
    expect(api.lastJson()).toEqual({
      name: 'VIP',
      type: 'term',
      content: 'A customer with more than ten orders.',
      aliases: ['very important customer'],
      agent_ids: ['agt_1'],
    });

    await api.client.definitions.create({ name: 'Refunds', type: 'rule', content: 'Refund within 5 days.' });
    expect(api.lastJson()).toEqual({ name: 'Refunds', type: 'rule', content: 'Refund within 5 days.' });

    await api.client.definitions.update('def_1', { agentIds: [], content: 'Ten orders or more.' });
    expect(api.lastJson()).toEqual({ content: 'Ten orders or more.', agent_ids: [] });
  });

  it('uses the paths of the API', async () => {
    api.fake.answer(replyJson({ data: [definition], has_more: false, next_cursor: null }));
    const names: string[] = [];
    for await (const item of paginate((page) => api.client.definitions.list(page))) names.push(item.name);
    expect(names).toEqual(['VIP']);
    api.fake.answer(replyJson(definition));
    await api.client.definitions.get('def_1');
    await api.client.definitions.update('def_1', { name: 'V.I.P.' });
    api.fake.answer(replyJson({ id: 'def_1', deleted: true }));
    expect(await api.client.definitions.delete('def_1')).toEqual({ id: 'def_1', deleted: true });
    expect(api.calls()).toEqual([
      ['GET', '/v1/definitions'],
      ['GET', '/v1/definitions/def_1'],
      ['PATCH', '/v1/definitions/def_1'],
      ['DELETE', '/v1/definitions/def_1'],
    ]);
  });
});
