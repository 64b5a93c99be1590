import { randomUUID } from 'node:crypto';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ParleyHarness, startParleyHarness } from './support/parley-harness.js';
import { connectSocket } from './support/socket-client.js';

/** `feedback` on the answers of an agent's conversation (the share page's thumbs), docs/socket-protocol.md. */

interface StoredMessage {
  id: string;
  role: string;
  content: string;
  feedback?: { rating: string; comment: string | null; at: string };
}

interface Conversation {
  id: string;
  agent_id: string;
  messages: StoredMessage[];
}

const shopOrigin = 'https://shop.example';

describe('Socket.IO feedback on agent conversations', () => {
  let parley: ParleyHarness;
  const sockets: Socket[] = [];

  async function call<T = Record<string, unknown>>(method: string, pathname: string, body?: unknown) {
    const response = await parley.request(method, pathname, body);
    expect(response.status, await response.clone().text()).toBeLessThan(300);
    return (await response.json()) as T;
  }

  async function open(key: string, origin?: string) {
    const socket = await connectSocket(parley.url, key, { origin });
    sockets.push(socket);
    return socket;
  }

  async function newAgent(name: string) {
    return (await call<{ id: string }>('POST', '/v1/agents', { name, system_prompt: 'You help.' })).id;
  }

  async function shareToken(agentId: string, options: Record<string, unknown> = {}) {
    return (await call<{ token: string }>('POST', `/v1/agents/${agentId}/share`, options)).token;
  }

  /** One question over the socket; the conversation id and the stored answer's id, from `done`. */
  async function ask(socket: Socket, agentId: string, message: string, conversationId?: string) {
    let done: Record<string, unknown> | undefined;
    const onDone = (data: Record<string, unknown>) => {
      done = data;
    };
    socket.on('done', onDone);
    const acknowledgement = await socket.emitWithAck('chat', {
      agent_id: agentId,
      message,
      request_id: randomUUID(),
      ...(conversationId ? { conversation_id: conversationId } : {}),
    });
    socket.off('done', onDone);
    expect(acknowledgement).toEqual({ ok: true });
    expect(done?.message_id).toMatch(/^msg_/);
    return { conversationId: done?.conversation_id as string, messageId: done?.message_id as string };
  }

  const readOverHttp = (agentId: string, conversationId: string) =>
    call<Conversation>('GET', `/v1/agents/${agentId}/conversations/${conversationId}`);

  beforeAll(async () => {
    parley = await startParleyHarness({ model: 'offline' });
  });

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await parley?.stop();
  });

  it('lets a share token rate an answer of its conversation: stored, shown in the conversation read, replaced by a second rating', async () => {
    const agentId = await newAgent('Rated desk');
    const socket = await open(await shareToken(agentId));
    const { conversationId, messageId } = await ask(socket, agentId, 'Can I return shoes?');

    const rated = await socket.emitWithAck('feedback', {
      agent_id: agentId,
      conversation_id: conversationId,
      message_id: messageId,
      rating: 'up',
      comment: 'Clear answer',
    });
    expect(rated).toEqual({
      ok: true,
      feedback: {
        message_id: messageId,
        conversation_id: conversationId,
        rating: 'up',
        comment: 'Clear answer',
        at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/),
      },
    });

    // Over the socket (a reloaded share page) and over HTTP, the answer carries its rating; the question none.
    const read = await socket.emitWithAck('conversation', {
      agent_id: agentId,
      conversation_id: conversationId,
    });
    expect(read.ok).toBe(true);
    const [question, answer] = (read.conversation as Conversation).messages;
    expect(question?.role).toBe('user');
    expect(question).not.toHaveProperty('feedback');
    expect(answer).toMatchObject({ id: messageId, role: 'assistant' });
    expect(answer?.feedback).toEqual({ rating: 'up', comment: 'Clear answer', at: rated.feedback.at });
    expect(read.conversation).toEqual(await readOverHttp(agentId, conversationId));

    const again = await socket.emitWithAck('feedback', {
      agent_id: agentId,
      conversation_id: conversationId,
      message_id: messageId,
      rating: 'down',
    });
    expect(again).toMatchObject({ ok: true, feedback: { rating: 'down', comment: null } });
    const after = await readOverHttp(agentId, conversationId);
    expect(after.messages[1]?.feedback).toMatchObject({ rating: 'down', comment: null });
    expect(after.messages.filter((message) => message.feedback)).toHaveLength(1);
  });

  it("answers not_found for another agent's conversation or answer, and for a question", async () => {
    const agentId = await newAgent('Own desk');
    const otherId = await newAgent('Other desk');
    const socket = await open(await shareToken(agentId));
    const own = await ask(socket, agentId, 'Hello?');
    const other = await ask(await open(await shareToken(otherId)), otherId, 'Hello there?');

    const rate = (payload: Record<string, unknown>) =>
      socket.emitWithAck('feedback', { agent_id: agentId, rating: 'up', ...payload });

    // Another agent's conversation, named as this agent's.
    expect(await rate({ conversation_id: other.conversationId, message_id: other.messageId })).toEqual({
      ok: false,
      error: {
        code: 'not_found',
        message: expect.any(String),
        details: { conversation_id: other.conversationId },
      },
    });
    // An answer of another conversation, in this one.
    expect(await rate({ conversation_id: own.conversationId, message_id: other.messageId })).toMatchObject({
      ok: false,
      error: { code: 'not_found', details: { message_id: other.messageId } },
    });
    // The user's own message is no answer.
    const conversation = await readOverHttp(agentId, own.conversationId);
    const questionId = conversation.messages.find((message) => message.role === 'user')?.id;
    expect(await rate({ conversation_id: own.conversationId, message_id: questionId })).toMatchObject({
      ok: false,
      error: { code: 'not_found', details: { message_id: questionId } },
    });
    expect(
      await rate({ conversation_id: own.conversationId, message_id: 'msg_doesnotexist1234' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'not_found', details: { message_id: 'msg_doesnotexist1234' } },
    });
    // The other agent itself is out of this token's reach.
    expect(
      await socket.emitWithAck('feedback', {
        agent_id: otherId,
        conversation_id: other.conversationId,
        message_id: other.messageId,
        rating: 'up',
      }),
    ).toMatchObject({ ok: false, error: { code: 'permission_error', details: { agent_id: otherId } } });

    // Nothing was stored by any of these.
    for (const [agent, conversationId] of [
      [agentId, own.conversationId],
      [otherId, other.conversationId],
    ] as const) {
      const read = await readOverHttp(agent, conversationId);
      expect(read.messages.some((message) => message.feedback)).toBe(false);
    }
  });

  it('answers a bad rating or a wrong field with invalid_request naming the field', async () => {
    const agentId = await newAgent('Strict desk');
    const socket = await open(await shareToken(agentId));
    const { conversationId, messageId } = await ask(socket, agentId, 'Hi');
    const base = { agent_id: agentId, conversation_id: conversationId, message_id: messageId };
    for (const [payload, field] of [
      [{ ...base, rating: 'meh' }, 'rating'],
      [{ ...base }, 'rating'],
      [{ ...base, rating: 5 }, 'rating'],
      [{ ...base, rating: 'up', comment: 'x'.repeat(2_001) }, 'comment'],
      [{ ...base, rating: 'up', session_id: 'sess_mixedupforms1' }, 'session_id'],
      [{ agent_id: agentId, message_id: messageId, rating: 'up' }, 'conversation_id'],
      [{ ...base, message_id: 42, rating: 'up' }, 'message_id'],
    ] as const) {
      expect(
        await socket.emitWithAck('feedback', payload),
        JSON.stringify(payload).slice(0, 120),
      ).toMatchObject({ ok: false, error: { code: 'invalid_request', details: { field } } });
    }
    const read = await readOverHttp(agentId, conversationId);
    expect(read.messages.some((message) => message.feedback)).toBe(false);
  });

  it('lets every credential that may chat with the agent rate answers of the conversations it opened; secret keys all', async () => {
    const agentId = await newAgent('Keyed desk');
    const app = await call<{ id: string }>('POST', '/v1/apps', { name: 'Keyed shop', agents: [agentId] });
    const keyFor = async (binding: Record<string, string>) =>
      (
        await call<{ key: string }>('POST', '/v1/keys', {
          name: 'site',
          kind: 'publishable',
          allowed_origins: [shopOrigin],
          ...binding,
        })
      ).key;
    const shareSocket = await open(await shareToken(agentId));
    const { conversationId, messageId } = await ask(shareSocket, agentId, 'Hi');
    const credentials: [string, Socket][] = [
      ['agent key', await open(await keyFor({ agent_id: agentId }), shopOrigin)],
      ['app key', await open(await keyFor({ app_id: app.id }), shopOrigin)],
      ['secret key', await open(parley.adminKey)],
    ];
    for (const [name, socket] of credentials) {
      // Each rates an answer of a conversation it opened itself.
      const own = await ask(socket, agentId, `Hi from the ${name}`);
      const ratedOwn = await socket.emitWithAck('feedback', {
        agent_id: agentId,
        conversation_id: own.conversationId,
        message_id: own.messageId,
        rating: 'up',
      });
      expect(ratedOwn, name).toMatchObject({ ok: true, feedback: { message_id: own.messageId } });
      // The share link's conversation: only a secret key reaches a conversation another credential opened.
      const rated = await socket.emitWithAck('feedback', {
        agent_id: agentId,
        conversation_id: conversationId,
        message_id: messageId,
        rating: 'up',
        comment: name,
      });
      if (name === 'secret key') {
        expect(rated, name).toMatchObject({ ok: true, feedback: { message_id: messageId, comment: name } });
      } else {
        expect(rated, name).toMatchObject({
          ok: false,
          error: { code: 'not_found', details: { conversation_id: conversationId } },
        });
        expect(
          await socket.emitWithAck('conversation', { agent_id: agentId, conversation_id: conversationId }),
          name,
        ).toMatchObject({ ok: false, error: { code: 'not_found' } });
      }
    }
    const read = await readOverHttp(agentId, conversationId);
    expect(read.messages[1]?.feedback?.comment).toBe('secret key');

    // A publishable key of an app that does not hold the agent may not.
    const elsewhere = await call<{ id: string }>('POST', '/v1/apps', {
      name: 'Elsewhere',
      agents: [await newAgent('Elsewhere desk')],
    });
    const stranger = await open(await keyFor({ app_id: elsewhere.id }), shopOrigin);
    expect(
      await stranger.emitWithAck('feedback', {
        agent_id: agentId,
        conversation_id: conversationId,
        message_id: messageId,
        rating: 'down',
      }),
    ).toMatchObject({ ok: false, error: { code: 'permission_error' } });
    // The session form is still checked against the app, as before.
    expect(
      await shareSocket.emitWithAck('feedback', {
        app_id: app.id,
        session_id: 'sess_notmineatall1',
        message_id: messageId,
        rating: 'up',
      }),
    ).toMatchObject({ ok: false, error: { code: 'permission_error' } });
  });
});
