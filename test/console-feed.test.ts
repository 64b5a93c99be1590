import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOperator } from './support/console.js';
import {
  appId,
  model,
  newSession,
  parley,
  publishableKey,
  startHandoffServer,
  stopHandoffServer,
} from './support/handoff.js';
import { connectSocket } from './support/socket-client.js';

/** The live operator feed (`/console`): summaries and escalations for every console, a watched session's turn live. */

interface Summary {
  session_id: string;
  escalated: boolean;
  last_message: { content: string } | null;
  assigned_to: { name: string } | null;
}

function nextEvent<T>(socket: Socket, event: string, accept: (payload: T) => boolean): Promise<T> {
  return new Promise((resolve) => {
    const listener = (payload: T) => {
      if (!accept(payload)) return;
      socket.off(event, listener);
      resolve(payload);
    };
    socket.on(event, listener);
  });
}

describe('the console feed', () => {
  beforeAll(startHandoffServer);
  const opened: Socket[] = [];
  afterAll(async () => {
    for (const socket of opened) socket.close();
    await stopHandoffServer();
  });
  const connectConsole = async () => {
    const socket = await connectSocket(`${parley.url}/console`, parley.adminKey);
    opened.push(socket);
    return socket;
  };

  it('streams a watched answer as the visitor sees it, and tells every console of an escalation', async () => {
    const first = await connectConsole();
    const second = await connectConsole();
    const sessionId = await newSession('Wanda');
    expect(await first.emitWithAck('watch', { app_id: appId, session_id: sessionId })).toEqual({ ok: true });
    const tokens: string[] = [];
    const done = new Promise<void>((resolve) => {
      first.on(
        'turn',
        ({ session_id, event }: { session_id: string; event: { type: string; content?: string } }) => {
          if (session_id !== sessionId) return;
          if (event.type === 'token') tokens.push(event.content ?? '');
          if (event.type === 'done') resolve();
        },
      );
    });
    const summary = nextEvent<Summary>(
      second,
      'session',
      (item) => item.session_id === sessionId && item.last_message?.content === 'Returns take five days.',
    );
    model().enqueue({ content: 'Returns take five days.' });
    const visitor = await connectSocket(parley.url, publishableKey);
    opened.push(visitor);
    const answer = await visitor.emitWithAck('execute', {
      app_id: appId,
      session_id: sessionId,
      message: 'How long do returns take?',
    });
    expect(answer.ok).toBe(true);
    await done;
    expect(tokens.join('')).toBe('Returns take five days.');
    expect(await summary).toMatchObject({ escalated: false, assigned_to: null });

    const escalations = [first, second].map((socket) =>
      nextEvent<{ session_id: string }>(socket, 'escalated', (event) => event.session_id === sessionId),
    );
    await visitor.emitWithAck('subscribe', { app_id: appId, session_id: sessionId });
    await visitor.emitWithAck('escalate', { app_id: appId, session_id: sessionId });
    expect(await Promise.all(escalations)).toHaveLength(2);

    const typingSeen = nextEvent<{ author: string }>(visitor, 'typing', () => true);
    const assigned = nextEvent<{ operator: { name: string } }>(second, 'assigned', () => true);
    await parley.request('POST', `/v1/apps/${appId}/sessions/${sessionId}/assign`, { name: 'Nora' });
    expect((await assigned).operator.name).toBe('Nora');
    await parley.request('POST', `/v1/apps/${appId}/sessions/${sessionId}/typing`, {});
    expect(await typingSeen).toEqual({ session_id: sessionId, author: 'Nora' });
    const reply = nextEvent<{ message: { content: string } }>(first, 'human_message', () => true);
    await parley.request('POST', `/v1/apps/${appId}/sessions/${sessionId}/messages`, {
      role: 'human_agent',
      content: 'Nora here, I will check.',
      author: 'Nora',
    });
    expect((await reply).message.content).toBe('Nora here, I will check.');
  });

  it('refuses a connection without a key (401) and with a publishable key (403)', async () => {
    await expect(connectSocket(`${parley.url}/console`, undefined)).rejects.toMatchObject({
      data: { code: 'authentication_error' },
    });
    await expect(connectSocket(`${parley.url}/console`, publishableKey)).rejects.toMatchObject({
      data: { code: 'permission_error' },
    });
    const socket = await connectConsole();
    const refused = await socket.emitWithAck('watch', {
      app_id: appId,
      session_id: 'sess_nothere000000000000',
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('lets a signed-in operator in by the session cookie, from the server origin only', async () => {
    const agent = await createOperator(parley, { role: 'agent' });
    const socket = await connectSocket(`${parley.url}/console`, undefined, {
      origin: parley.url,
      headers: { cookie: agent.cookie },
    });
    opened.push(socket);
    expect(socket.connected).toBe(true);
    await expect(
      connectSocket(`${parley.url}/console`, undefined, {
        origin: 'https://elsewhere.example',
        headers: { cookie: agent.cookie },
      }),
    ).rejects.toMatchObject({ data: { code: 'authentication_error' } });
  });
});
