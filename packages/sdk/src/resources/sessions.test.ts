import { describe, expect, it } from 'vitest';
import { useFakeApi } from '../../test/support/fake-api.js';
import { replyJson } from '../../test/support/fake-server.js';
import { ParleyApiError } from '../index.js';

const api = useFakeApi();
const session = { appId: 'app_1', sessionId: 'sess_1' };

describe('handoff', () => {
  it('escalates with an empty JSON body', async () => {
    const escalation = {
      session_id: 'sess_1',
      escalated: true,
      escalated_at: '2024-01-15T14:30:00Z',
      message: 'A person will answer here shortly.',
    };
    api.fake.answer(replyJson(escalation));
    expect(await api.client.sessions.escalate(session)).toEqual(escalation);
    expect([api.last().method, api.last().url]).toEqual(['POST', '/v1/apps/app_1/sessions/sess_1/escalate']);
    expect(api.last().headers['content-type']).toBe('application/json');
    expect(api.lastJson()).toEqual({});
  });

  it("posts a person's message with role human_agent", async () => {
    const message = {
      session_id: 'sess_1',
      id: 'msg_1',
      role: 'human_agent',
      content: 'Hi, I am Dana from support.',
      timestamp: '2024-01-15T14:30:00Z',
      author: 'Dana',
    };
    api.fake.answer(replyJson(message, 201));
    expect(
      await api.client.sessions.postHumanMessage({
        ...session,
        content: 'Hi, I am Dana from support.',
        author: 'Dana',
      }),
    ).toEqual(message);
    expect([api.last().method, api.last().url]).toEqual(['POST', '/v1/apps/app_1/sessions/sess_1/messages']);
    expect(api.lastJson()).toEqual({
      role: 'human_agent',
      content: 'Hi, I am Dana from support.',
      author: 'Dana',
    });

    await api.client.sessions.postHumanMessage({ ...session, content: 'Anonymous answer' });
    expect(api.lastJson()).toEqual({ role: 'human_agent', content: 'Anonymous answer' });
  });

  it('resolves with an empty JSON body', async () => {
    api.fake.answer(replyJson({ session_id: 'sess_1', escalated: false }));
    expect(await api.client.sessions.resolve(session)).toEqual({ session_id: 'sess_1', escalated: false });
    expect([api.last().method, api.last().url]).toEqual(['POST', '/v1/apps/app_1/sessions/sess_1/resolve']);
    expect(api.lastJson()).toEqual({});
  });

  it('rates an answer, with or without a comment', async () => {
    const feedback = {
      message_id: 'msg_9',
      session_id: 'sess_1',
      rating: 'up',
      comment: 'Spot on',
      at: '2024-01-15T14:30:00Z',
    };
    api.fake.answer(replyJson(feedback));
    expect(
      await api.client.sessions.rate({ ...session, messageId: 'msg_9', rating: 'up', comment: 'Spot on' }),
    ).toEqual(feedback);
    expect([api.last().method, api.last().url]).toEqual([
      'POST',
      '/v1/apps/app_1/sessions/sess_1/messages/msg_9/feedback',
    ]);
    expect(api.lastJson()).toEqual({ rating: 'up', comment: 'Spot on' });

    await api.client.sessions.rate({
      appId: 'app 1',
      sessionId: 'sess/1',
      messageId: 'msg?9',
      rating: 'down',
    });
    expect(api.last().url).toBe('/v1/apps/app%201/sessions/sess%2F1/messages/msg%3F9/feedback');
    expect(api.lastJson()).toEqual({ rating: 'down' });
  });

  it('rejects with ParleyApiError when a publishable key may not answer as a person', async () => {
    api.fake.answer(
      replyJson({ error: { code: 'permission_error', message: 'Needs a secret key', details: {} } }, 403),
    );
    const error = await api.client.sessions
      .postHumanMessage({ ...session, content: 'Hello' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ParleyApiError);
    expect(error).toMatchObject({ status: 403, code: 'permission_error' });
  });

  it('lists the inbox with its filters, and takes a session over by name', async () => {
    api.fake.answer(replyJson({ data: [], has_more: false, next_cursor: null }));
    await api.client.sessions.list('app_1', {
      status: 'needs_person',
      escalated: true,
      q: 'refund',
      limit: 5,
    });
    const url = new URL(api.last().url, 'http://fake');
    expect([api.last().method, url.pathname]).toEqual(['GET', '/v1/apps/app_1/sessions']);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      status: 'needs_person',
      escalated: 'true',
      q: 'refund',
      limit: '5',
    });
    const assignment = {
      session_id: 'sess_1',
      escalated: true,
      escalated_at: '2024-01-15T14:30:00Z',
      assigned_to: { id: 'key_1', name: 'Dana' },
    };
    api.fake.answer(replyJson(assignment));
    expect(await api.client.sessions.assign({ ...session, name: 'Dana' })).toEqual(assignment);
    expect([api.last().method, api.last().url]).toEqual(['POST', '/v1/apps/app_1/sessions/sess_1/assign']);
    expect(api.lastJson()).toEqual({ name: 'Dana' });
  });

  it("hands an agent's conversation (the share page) to a person and back, under the conversation's path", async () => {
    const base = '/v1/agents/agt_1/conversations/conv_1';
    const escalation = {
      conversation_id: 'conv_1',
      escalated: true,
      escalated_at: '2024-01-15T14:30:00Z',
      message: 'A person will answer here shortly.',
    };
    api.fake.answer(replyJson(escalation));
    expect(await api.client.conversations.escalate('agt_1', 'conv_1')).toEqual(escalation);
    expect([api.last().method, api.last().url, api.lastJson()]).toEqual(['POST', `${base}/escalate`, {}]);
    api.fake.answer(
      replyJson({
        conversation_id: 'conv_1',
        escalated: true,
        escalated_at: null,
        assigned_to: { id: 'key_1', name: 'Dana' },
      }),
    );
    await api.client.conversations.assign('agt_1', 'conv_1', { name: 'Dana' });
    expect([api.last().url, api.lastJson()]).toEqual([`${base}/assign`, { name: 'Dana' }]);
    api.fake.answer(replyJson({ conversation_id: 'conv_1', author: 'Dana' }));
    await api.client.conversations.typing('agt_1', 'conv_1');
    expect([api.last().url, api.lastJson()]).toEqual([`${base}/typing`, {}]);
    api.fake.answer(replyJson({ conversation_id: 'conv_1', id: 'msg_1' }, 201));
    await api.client.conversations.postHumanMessage('agt_1', 'conv_1', { content: 'Hi', author: 'Dana' });
    expect([api.last().url, api.lastJson()]).toEqual([
      `${base}/messages`,
      { role: 'human_agent', content: 'Hi', author: 'Dana' },
    ]);
    api.fake.answer(replyJson({ session: {}, messages: [] }));
    await api.client.conversations.inbox('agt_1', 'conv_1');
    expect([api.last().method, api.last().url]).toEqual(['GET', `${base}/inbox`]);
    api.fake.answer(replyJson({ conversation_id: 'conv_1', escalated: false }));
    expect(await api.client.conversations.resolve('agt_1', 'conv_1')).toEqual({
      conversation_id: 'conv_1',
      escalated: false,
    });
    expect([api.last().url, api.lastJson()]).toEqual([`${base}/resolve`, {}]);
  });
});
