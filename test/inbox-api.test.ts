import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleRequest, createOperator } from './support/console.js';
import {
  appId,
  eventsOf,
  model,
  newSession,
  parley,
  publishableKey,
  receiver,
  startHandoffServer,
  stopHandoffServer,
} from './support/handoff.js';

/** The inbox API: listing sessions with filters and search, taking over, typing, replying and handing back. */

interface InboxItem {
  session_id: string;
  channel: string;
  visitor: { name: string | null; user_id: string | null };
  last_message: { role: string; content: string; author: string | null } | null;
  escalated: boolean;
  assigned_to: { id: string; name: string } | null;
  status: string;
}

async function list(query: string, path = `/v1/apps/${appId}/sessions`) {
  const response = await parley.request('GET', `${path}?${query}`);
  expect(response.status).toBe(200);
  return (await response.json()) as { data: InboxItem[]; has_more: boolean; next_cursor: string | null };
}

const ids = (page: { data: InboxItem[] }) => page.data.map((item) => item.session_id);

async function ask(sessionId: string, message: string) {
  const answer = await parley.request(
    'POST',
    `/v1/apps/${appId}/execute`,
    { message, session_id: sessionId },
    { authorization: `Bearer ${publishableKey}` },
  );
  expect(answer.status).toBe(200);
  return answer.json();
}

describe('the inbox API', () => {
  beforeAll(startHandoffServer);
  afterAll(stopHandoffServer);

  it('lists sessions newest activity first, a page at a time, with the visitor and the last message', async () => {
    const first = await newSession('Olga');
    const second = await newSession('Pavel');
    const third = await newSession('Quinn');
    model().enqueue({ content: 'Your parcel ships tomorrow.' });
    await ask(first, 'Where is my parcel?');
    const page = await list('limit=2');
    expect(ids(page)).toEqual([first, third]);
    expect(page.has_more).toBe(true);
    expect(page.data[0]).toMatchObject({
      channel: 'widget',
      visitor: { name: 'Olga', user_id: 'user_Olga' },
      last_message: { role: 'assistant', content: 'Your parcel ships tomorrow.' },
      escalated: false,
      assigned_to: null,
      status: 'active',
    });
    const next = await list(`limit=2&cursor=${page.next_cursor}`);
    expect(ids(next)[0]).toBe(second);
    const everyApp = await list('limit=100', '/v1/inbox/sessions');
    expect(ids(everyApp).slice(0, 3)).toEqual([first, third, second]);
  });

  it('finds sessions by the visitor, the metadata and the words of their messages', async () => {
    const sessionId = await newSession('Rasmus');
    model().enqueue({ content: 'Let me look at the invoice.' });
    await ask(sessionId, 'My invoice shows the wrong VAT number');
    expect(ids(await list('q=rasmus'))).toEqual([sessionId]);
    expect(ids(await list('q=wrong%20VAT'))).toEqual([sessionId]);
    expect(ids(await list('q=nobody-says-this'))).toEqual([]);
    const refused = await parley.request('GET', `/v1/apps/${appId}/sessions?status=maybe`);
    expect(refused.status).toBe(400);
  });

  it('takes a session over, keeps the model quiet, and after hand-back the model reads the reply', async () => {
    const sessionId = await newSession('Sven');
    model().enqueue({ content: 'Hello Sven, how can I help?' });
    await ask(sessionId, 'Hi there');
    const taken = await parley.request('POST', `/v1/apps/${appId}/sessions/${sessionId}/assign`, {
      name: 'Maria',
    });
    expect(taken.status).toBe(200);
    expect(await taken.json()).toMatchObject({ escalated: true, assigned_to: { name: 'Maria' } });
    await receiver.waitFor(() => eventsOf(sessionId, 'conversation.escalated').length === 1);
    expect(eventsOf(sessionId, 'conversation.escalated')[0]?.data).toMatchObject({ reason: 'operator' });
    expect(ids(await list('status=mine'))).toContain(sessionId);
    expect(ids(await list('status=needs_person'))).not.toContain(sessionId);
    const typing = await parley.request('POST', `/v1/apps/${appId}/sessions/${sessionId}/typing`, {});
    expect(await typing.json()).toEqual({ session_id: sessionId, author: 'Maria' });

    const requestsBefore = model().requests.length;
    const quiet = await ask(sessionId, 'Are you a person?');
    expect(quiet).toMatchObject({ response: '', escalated: true });
    expect(model().requests.length).toBe(requestsBefore);

    const reply = await parley.request('POST', `/v1/apps/${appId}/sessions/${sessionId}/messages`, {
      role: 'human_agent',
      content: 'Yes, Maria here: your refund code is R-2291.',
      author: 'Maria',
    });
    expect(reply.status).toBe(201);
    const resolved = await parley.request('POST', `/v1/apps/${appId}/sessions/${sessionId}/resolve`, {});
    expect(await resolved.json()).toEqual({ session_id: sessionId, escalated: false });
    model().enqueue({ content: 'The code R-2291 works at checkout.' });
    await ask(sessionId, 'Where do I use the code?');
    const sent = model().requests.at(-1)?.body.messages ?? [];
    expect(sent.some((message) => String(message.content).includes('R-2291'))).toBe(true);

    const transcript = await (await parley.request('GET', `/v1/apps/${appId}/sessions/${sessionId}`)).json();
    expect(transcript.session).toMatchObject({ escalated: false, assigned_to: null });
    expect(transcript.messages.map((message: { role: string }) => message.role)).toEqual([
      'user',
      'assistant',
      'user',
      'human_agent',
      'user',
      'assistant',
    ]);
  });

  it('lists escalated sessions nobody took as needing a person, and ended ones apart', async () => {
    const waiting = await newSession('Tove');
    await parley.request(
      'POST',
      `/v1/apps/${appId}/sessions/${waiting}/escalate`,
      {},
      { authorization: `Bearer ${publishableKey}` },
    );
    const ended = await newSession('Ulla');
    await parley.request('DELETE', `/v1/apps/${appId}/sessions/${ended}`);
    expect(ids(await list('status=needs_person'))).toContain(waiting);
    expect(ids(await list('status=ended'))).toEqual([ended]);
    expect(ids(await list('status=all'))).not.toContain(ended);
    expect(ids(await list('escalated=true'))).toContain(waiting);
    expect(ids(await list('channel=slack'))).toEqual([]);
  });

  it('refuses without a key (401), with a publishable key (403), and a bad cursor (400)', async () => {
    const anonymous = await fetch(`${parley.url}/v1/inbox/sessions`);
    expect(anonymous.status).toBe(401);
    for (const path of [`/v1/apps/${appId}/sessions`, '/v1/inbox/sessions']) {
      const widget = await parley.request('GET', path, undefined, {
        authorization: `Bearer ${publishableKey}`,
      });
      expect(widget.status).toBe(403);
      expect((await widget.json()).error.code).toBe('permission_error');
    }
    const sessionId = await newSession('Vera');
    const assign = await parley.request(
      'POST',
      `/v1/apps/${appId}/sessions/${sessionId}/assign`,
      {},
      { authorization: `Bearer ${publishableKey}` },
    );
    expect(assign.status).toBe(403);
    const nameless = await parley.request('POST', `/v1/apps/${appId}/sessions/${sessionId}/assign`, {});
    expect(nameless.status).toBe(400);
    const badCursor = await parley.request('GET', `/v1/apps/${appId}/sessions?cursor=nonsense`);
    expect(badCursor.status).toBe(400);
    const unknownApp = await parley.request('GET', '/v1/apps/app_unknown0000000000000/sessions');
    expect(unknownApp.status).toBe(404);
  });

  it('opens the inbox to a support agent (their name signs replies) and nothing else (403)', async () => {
    const agent = await createOperator(parley, { role: 'agent', name: 'Ines Support' });
    const call = (method: string, path: string, body?: unknown) =>
      consoleRequest(parley.url, agent.cookie, method, path, body);
    const sessionId = await newSession('Walt');
    expect((await call('GET', '/v1/inbox/sessions?status=all')).status).toBe(200);
    const taken = await call('POST', `/v1/apps/${appId}/sessions/${sessionId}/assign`, {
      name: 'Someone else',
    });
    expect(await taken.json()).toMatchObject({ assigned_to: { id: agent.id, name: 'Ines Support' } });
    const mine = await (await call('GET', '/v1/inbox/sessions?status=mine')).json();
    expect(mine.data.map((item: InboxItem) => item.session_id)).toEqual([sessionId]);
    const reply = await call('POST', `/v1/apps/${appId}/sessions/${sessionId}/messages`, {
      role: 'human_agent',
      content: 'Ines here.',
      author: 'Not Ines',
    });
    expect(await reply.json()).toMatchObject({ author: 'Ines Support' });
    expect((await call('POST', `/v1/apps/${appId}/sessions/${sessionId}/resolve`, {})).status).toBe(200);
    for (const path of ['/v1/keys', '/v1/agents', `/v1/apps/${appId}/webhooks`])
      expect((await call('GET', path)).status).toBe(403);
    const signedOut = await consoleRequest(
      parley.url,
      'parley_console=cs_nothing',
      'GET',
      '/v1/inbox/sessions',
    );
    expect(signedOut.status).toBe(401);
  });
});
