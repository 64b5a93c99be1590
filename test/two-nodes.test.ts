/**
 * Parley on two nodes (one PostgreSQL schema, one Redis prefix) behind a real nginx running
 * `deploy/nginx.conf`: what a user gets on many nodes is what one node gives. Requests go through
 * nginx (round-robin) or straight to node A or B where the test needs to know which node answers.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEventStream } from './support/parley-harness.js';
import { compiledServerArguments } from './support/server-process.js';
import { connectSocket } from './support/socket-client.js';
import { eventually, startTwoNodes, type Target, type TwoNodes } from './support/two-nodes.js';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver.js';

const origin = 'https://shop.example';

interface TurnEventData {
  request_id: string;
  seq: number;
  session_id?: string;
  content?: string;
  message_id?: string | null;
  error?: { code: string };
}

/** A visitor's widget connection to a node (or through nginx), recording every turn event. */
async function widget(cluster: TwoNodes, target: Target, key: string) {
  const socket = await connectSocket(cluster.urlOf(target), key, { origin });
  const events: { type: string; data: TurnEventData }[] = [];
  for (const type of ['start', 'token', 'done', 'error'])
    socket.on(type, (data: TurnEventData) => events.push({ type, data }));
  return { socket, events };
}

function answerOf(events: { type: string; data: TurnEventData }[], requestId: string): string {
  return events
    .filter((event) => event.type === 'token' && event.data.request_id === requestId)
    .map((event) => event.data.content)
    .join('');
}

describe('two nodes behind nginx', () => {
  let cluster: TwoNodes;
  let appId: string;
  let publishableKey: string;
  const sockets: Socket[] = [];

  const json = async (response: Response, status: number) => {
    const body = await response.json();
    expect(response.status, JSON.stringify(body)).toBe(status);
    return body;
  };
  const historyOf = async (target: Target, sessionId: string) =>
    json(await cluster.request(target, 'GET', `/v1/apps/${appId}/sessions/${sessionId}/history`), 200);
  /** A visitor's session: opened with the site's publishable key, which reaches only its own sessions. */
  const newSession = async (target: Target) =>
    (
      await json(
        await cluster.request(
          target,
          'POST',
          `/v1/apps/${appId}/sessions`,
          {},
          { authorization: `Bearer ${publishableKey}`, origin },
        ),
        201,
      )
    ).session_id as string;

  beforeAll(async () => {
    cluster = await startTwoNodes();
    const agent = await json(
      await cluster.request('nginx', 'POST', '/v1/agents', {
        name: 'Shop assistant',
        system_prompt: 'Answer from the help center.',
      }),
      201,
    );
    const app = await json(
      await cluster.request('nginx', 'POST', '/v1/apps', { name: 'Shop', agents: [agent.id] }),
      201,
    );
    appId = app.id;
    publishableKey = (
      await json(
        await cluster.request('nginx', 'POST', '/v1/keys', {
          name: 'site',
          kind: 'publishable',
          app_id: appId,
          allowed_origins: [origin],
        }),
        201,
      )
    ).key;
  }, 60_000);

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await cluster?.stop();
  }, 60_000);

  it('serves through nginx from both nodes, which share one store', async () => {
    const ready = await json(await cluster.request('nginx', 'GET', '/readyz'), 200);
    expect(ready).toMatchObject({ status: 'ready', redis: 'ready' });
    const made = await newSession('a');
    // What node A stored, node B and nginx read.
    expect((await historyOf('b', made)).session_id).toBe(made);
    for (let round = 0; round < 4; round += 1) await historyOf('nginx', made);
  });

  it('makes the admin key and the demo once when both nodes start at once on an empty database', async () => {
    const names = async (pathname: string) =>
      (await json(await cluster.request('nginx', 'GET', `${pathname}?limit=100`), 200)).data.map(
        (record: { name: string }) => record.name,
      );
    expect((await names('/v1/agents')).filter((name: string) => name === 'Parley Demo')).toHaveLength(1);
    expect((await names('/v1/apps')).filter((name: string) => name === 'Demo app')).toHaveLength(1);
    expect((await names('/v1/keys')).filter((name: string) => name === 'Admin')).toHaveLength(1);
  });

  it("delivers a person's reply posted through node B live to a widget connected to node A", async () => {
    const visitor = await widget(cluster, 'a', publishableKey);
    sockets.push(visitor.socket);
    const sessionId = await newSession('a');
    expect(await visitor.socket.emitWithAck('escalate', { app_id: appId, session_id: sessionId })).toEqual({
      ok: true,
    });
    const live = new Promise<{ session_id: string; message: { role: string; content: string } }>((resolve) =>
      visitor.socket.once('human_message', resolve),
    );
    const posted = await cluster.request('b', 'POST', `/v1/apps/${appId}/sessions/${sessionId}/messages`, {
      role: 'human_agent',
      content: 'Hi, Sam from support here.',
      author: 'Sam',
    });
    expect(posted.status).toBe(201);
    expect(await live).toMatchObject({
      session_id: sessionId,
      message: { role: 'human_agent', content: 'Hi, Sam from support here.' },
    });
  });

  it("sends a person's reply posted through node B to a notifications stream opened on node A (the closed widget)", async () => {
    const sessionId = await newSession('a');
    const escalated = await cluster.request(
      'a',
      'POST',
      `/v1/apps/${appId}/sessions/${sessionId}/escalate`,
      {},
      { authorization: `Bearer ${publishableKey}`, origin },
    );
    expect(escalated.status).toBe(200);
    const stream = await fetch(
      `${cluster.urlOf('a')}/v1/apps/${appId}/sessions/${sessionId}/notifications?key=${publishableKey}`,
      { headers: { origin } },
    );
    expect(stream.status).toBe(200);
    const posted = await cluster.request('b', 'POST', `/v1/apps/${appId}/sessions/${sessionId}/messages`, {
      role: 'human_agent',
      content: 'Your parcel left this morning.',
      author: 'Sam',
    });
    expect(posted.status).toBe(201);
    await cluster.request('b', 'POST', `/v1/apps/${appId}/sessions/${sessionId}/resolve`, {});
    const events = await readEventStream(stream);
    expect(events.map((event) => event.event)).toEqual(['following', 'human_message', 'resolved']);
    expect(events[1]?.data).toMatchObject({
      session_id: sessionId,
      message: { role: 'human_agent', content: 'Your parcel left this morning.', author: 'Sam' },
    });
  });

  it('answers a request_id once when it is sent again on the other node, after or while it is answered', async () => {
    const onA = await widget(cluster, 'a', publishableKey);
    const onB = await widget(cluster, 'b', publishableKey);
    sockets.push(onA.socket, onB.socket);
    const sessionId = await newSession('nginx');
    const payload = (requestId: string, message: string) => ({
      app_id: appId,
      session_id: sessionId,
      message,
      request_id: requestId,
    });

    // Sent again after it was answered: the other node replays the same answer.
    expect(
      await onA.socket.emitWithAck('execute', payload('reload-after-00000001', 'What is Parley?')),
    ).toEqual({
      ok: true,
    });
    expect(
      await onB.socket.emitWithAck('execute', payload('reload-after-00000001', 'What is Parley?')),
    ).toEqual({
      ok: true,
    });
    const first = answerOf(onA.events, 'reload-after-00000001');
    expect(first.length).toBeGreaterThan(0);
    expect(answerOf(onB.events, 'reload-after-00000001')).toBe(first);

    // Sent on both nodes at once (a reload while the answer is written): one answer, heard on both.
    const acknowledged = await Promise.all([
      onA.socket.emitWithAck('execute', payload('reload-during-00000002', 'Who are you?')),
      onB.socket.emitWithAck('execute', payload('reload-during-00000002', 'Who are you?')),
    ]);
    expect(acknowledged).toEqual([{ ok: true }, { ok: true }]);
    const second = answerOf(onA.events, 'reload-during-00000002');
    expect(second.length).toBeGreaterThan(0);
    expect(answerOf(onB.events, 'reload-during-00000002')).toBe(second);

    const history = await historyOf('nginx', sessionId);
    const asked = history.messages.filter((message: { role: string }) => message.role === 'user');
    const answered = history.messages.filter((message: { role: string }) => message.role === 'assistant');
    expect(asked.map((message: { content: string }) => message.content)).toEqual([
      'What is Parley?',
      'Who are you?',
    ]);
    expect(answered.map((message: { content: string }) => message.content)).toEqual([first, second]);
  });

  it('streams a widget answer over a WebSocket through nginx', async () => {
    const visitor = await widget(cluster, 'nginx', publishableKey);
    sockets.push(visitor.socket);
    expect(visitor.socket.io.engine.transport.name).toBe('websocket');
    expect(
      await visitor.socket.emitWithAck('execute', {
        app_id: appId,
        message: 'What is Parley?',
        request_id: 'through-nginx-00000001',
      }),
    ).toEqual({ ok: true });
    expect(visitor.events.map((event) => event.type)).toContain('done');
    expect(answerOf(visitor.events, 'through-nginx-00000001').length).toBeGreaterThan(0);
  });

  it('resumes on node B, token by token, the answer node A is still writing', async () => {
    const onA = await widget(cluster, 'a', publishableKey);
    const onB = await widget(cluster, 'b', publishableKey);
    sockets.push(onA.socket, onB.socket);
    const firstToken = new Promise<void>((resolve) => onA.socket.once('token', () => resolve()));
    const answered = onA.socket.emitWithAck('execute', {
      app_id: appId,
      message: 'What can you do for me?',
      request_id: 'resume-elsewhere-0001',
    });
    await firstToken;
    // The visitor's page reloads and its new connection lands on node B.
    const resumed = await onB.socket.emitWithAck('resume', {
      request_id: 'resume-elsewhere-0001',
      from_seq: 0,
    });
    expect(resumed).toMatchObject({ ok: true });
    expect(await answered).toEqual({ ok: true });
    await eventually(async () =>
      expect(
        onB.events.some(
          (event) => event.type === 'done' && event.data.request_id === 'resume-elsewhere-0001',
        ),
      ).toBe(true),
    );
    const written = answerOf(onA.events, 'resume-elsewhere-0001');
    expect(written.length).toBeGreaterThan(0);
    expect(answerOf(onB.events, 'resume-elsewhere-0001')).toBe(written);
    const seqs = onB.events
      .filter((event) => event.data.request_id === 'resume-elsewhere-0001')
      .map((event) => event.data.seq);
    expect(seqs).toEqual([...seqs].sort((left, right) => left - right));
    expect(new Set(seqs).size).toBe(seqs.length);
  });

  it("counts a key's plan limit on both nodes together", async () => {
    const limited = await json(
      await cluster.request('nginx', 'POST', '/v1/keys', {
        name: 'small',
        kind: 'secret',
        plan: 'enterprise',
        rate_limit: { per_minute: 4, per_day: 100 },
      }),
      201,
    );
    const statuses: number[] = [];
    for (const target of ['a', 'b', 'nginx', 'nginx', 'a'] as const)
      statuses.push(
        (
          await cluster.request(target, 'GET', '/v1/apps', undefined, {
            authorization: `Bearer ${limited.key}`,
          })
        ).status,
      );
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
  });

  it('counts failed authentications per client address forwarded by nginx, on both nodes together', async () => {
    const guess = (address: string) =>
      cluster.request('nginx', 'GET', '/v1/apps', undefined, {
        authorization: 'Bearer sk_wrong_guess',
        'x-forwarded-for': address,
      });
    // 20 a minute per address (PARLEY_AUTH_FAILURES_PER_MINUTE), whichever node nginx picks.
    for (let attempt = 0; attempt < 20; attempt += 1) expect((await guess('203.0.113.7')).status).toBe(401);
    const refused = await guess('203.0.113.7');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    // Another client behind the same nginx is not refused for it.
    expect((await guess('203.0.113.8')).status).toBe(401);
  });

  it('refuses on node B a key revoked on node A, over HTTP and the socket', async () => {
    const secret = await json(
      await cluster.request('a', 'POST', '/v1/keys', { name: 'ci', kind: 'secret' }),
      201,
    );
    const site = await json(
      await cluster.request('a', 'POST', '/v1/keys', {
        name: 'other site',
        kind: 'publishable',
        app_id: appId,
        allowed_origins: [origin],
      }),
      201,
    );
    const withSecret = { authorization: `Bearer ${secret.key}` };
    expect((await cluster.request('b', 'GET', '/v1/apps', undefined, withSecret)).status).toBe(200);
    const connected = await widget(cluster, 'b', site.key);
    sockets.push(connected.socket);
    const closed = new Promise((resolve) => connected.socket.once('disconnect', resolve));

    expect((await cluster.request('a', 'DELETE', `/v1/keys/${secret.id}`)).status).toBe(200);
    expect((await cluster.request('a', 'DELETE', `/v1/keys/${site.id}`)).status).toBe(200);

    const refused = await cluster.request('b', 'GET', '/v1/apps', undefined, withSecret);
    expect(refused.status).toBe(401);
    expect((await refused.json()).error.code).toBe('authentication_error');
    await expect(connectSocket(cluster.urlOf('b'), site.key, { origin })).rejects.toMatchObject({
      data: { code: 'authentication_error' },
    });
    // The socket opened on B before the revocation is refused at its next message.
    const next = await connected.socket
      .timeout(5_000)
      .emitWithAck('execute', { app_id: appId, message: 'Still there?' })
      .catch(() => 'closed');
    if (next !== 'closed') expect(next).toMatchObject({ ok: false, error: { code: 'authentication_error' } });
    else await closed;
  });

  it('answers two executes on one session through different nodes one after the other', async () => {
    const onA = await widget(cluster, 'a', publishableKey);
    const onB = await widget(cluster, 'b', publishableKey);
    sockets.push(onA.socket, onB.socket);
    const sessionId = await newSession('a');
    const acknowledged = await Promise.all([
      onA.socket.emitWithAck('execute', {
        app_id: appId,
        session_id: sessionId,
        message: 'What can you do?',
        request_id: 'together-a-000000001',
      }),
      onB.socket.emitWithAck('execute', {
        app_id: appId,
        session_id: sessionId,
        message: 'Who are you?',
        request_id: 'together-b-000000001',
      }),
    ]);
    expect(acknowledged).toEqual([{ ok: true }, { ok: true }]);
    const { messages } = await historyOf('nginx', sessionId);
    // Each question is followed by its own answer: never two questions, then two answers.
    expect(messages.map((message: { role: string }) => message.role)).toEqual([
      'user',
      'assistant',
      'user',
      'assistant',
    ]);
    const answers: Record<string, string> = {
      'What can you do?': answerOf(onA.events, 'together-a-000000001'),
      'Who are you?': answerOf(onB.events, 'together-b-000000001'),
    };
    expect(messages[1].content).toBe(answers[messages[0].content]);
    expect(messages[3].content).toBe(answers[messages[2].content]);
  });

  it('cites through node B a document uploaded through node A, and stops citing it everywhere once deleted', async () => {
    const datastore = await json(
      await cluster.request('a', 'POST', '/v1/datastores', { name: 'Policies' }),
      201,
    );
    const agent = await json(
      await cluster.request('a', 'POST', '/v1/agents', { name: 'Returns', system_prompt: 'Be precise.' }),
      201,
    );
    await json(
      await cluster.request('a', 'POST', `/v1/agents/${agent.id}/datastores`, { datastore_id: datastore.id }),
      200,
    );
    const fact = 'Telescopes can be returned within 60 days of delivery, unused and in their box.';
    const document = await json(
      await cluster.request('a', 'POST', `/v1/datastores/${datastore.id}/documents`, {
        name: 'telescopes.md',
        text: `# Telescope returns\n\n${fact}\n\n# Shipping\n\nTelescopes ship within two working days.`,
      }),
      201,
    );
    await eventually(async () => {
      const read = await json(
        await cluster.request('b', 'GET', `/v1/datastores/${datastore.id}/documents/${document.id}`),
        200,
      );
      expect(read.status).toBe('ready');
    });
    const ask = (target: Target) =>
      cluster
        .request(target, 'POST', `/v1/agents/${agent.id}/chat`, {
          message: 'How long do I have to return a telescope?',
        })
        .then((response) => json(response, 200));
    const onB = await ask('b');
    expect(onB.content).toContain('60 days');
    expect(onB.citations).toEqual([
      expect.objectContaining({ document_id: document.id, document_name: 'telescopes.md' }),
    ]);
    expect((await ask('a')).citations).toHaveLength(1);

    expect(
      (await cluster.request('b', 'DELETE', `/v1/datastores/${datastore.id}/documents/${document.id}`))
        .status,
    ).toBe(200);
    for (const target of ['a', 'b'] as const) {
      const after = await ask(target);
      expect(after.citations).toEqual([]);
      expect(after.content).not.toContain('60 days');
    }
  });

  it('leaves a document another node is reading alone when a node restarts, and fails it once that reader is gone', async () => {
    const datastore = await json(
      await cluster.request('b', 'POST', '/v1/datastores', { name: 'Manuals' }),
      201,
    );
    // A document node "C" is reading: stored `processing`, with C's reading lease (renewed as it reads).
    const now = new Date();
    const documentId = 'doc_read_by_another_node';
    await cluster.query('INSERT INTO documents (id, data) VALUES ($1, $2::jsonb)', [
      documentId,
      JSON.stringify({
        id: documentId,
        datastore_id: datastore.id,
        name: 'manual.pdf',
        content_type: 'application/pdf',
        size_bytes: 1000,
        status: 'processing',
        progress: 0.3,
        error: null,
        page_count: null,
        chunk_count: null,
        created_at: now.toISOString(),
        updated_at: now.toISOString(),
      }),
    ]);
    const lapses = new Date(Date.now() + 12_000).toISOString();
    await cluster.query('INSERT INTO leases (id, data) VALUES ($1, $2::jsonb)', [
      `ingestion:${documentId}`,
      JSON.stringify({ id: `ingestion:${documentId}`, holder: 'node-c', expires_at: lapses }),
    ]);
    const statusOn = async (target: Target) =>
      (
        await json(
          await cluster.request(target, 'GET', `/v1/datastores/${datastore.id}/documents/${documentId}`),
          200,
        )
      ).status;

    await cluster.restart('a');
    expect(await statusOn('a')).toBe('processing');
    // C dies: its lease is not renewed, and the restarted node fails the document once it lapses.
    await eventually(async () => expect(await statusOn('nginx')).toBe('failed'), 20_000);
  }, 30_000);

  describe('webhooks and the session lifecycle', () => {
    let receiver: WebhookReceiver;
    let lifecycleAppId: string;
    const secret = 'whsec_two_nodes_secret_0001';

    beforeAll(async () => {
      receiver = await startWebhookReceiver(secret);
      const agent = await json(
        await cluster.request('nginx', 'POST', '/v1/agents', { name: 'Short', system_prompt: 'Be brief.' }),
        201,
      );
      lifecycleAppId = (
        await json(
          await cluster.request('nginx', 'POST', '/v1/apps', {
            name: 'Short sessions',
            agents: [agent.id],
            session_ttl_seconds: 60,
          }),
          201,
        )
      ).id;
      await json(
        await cluster.request('nginx', 'POST', `/v1/apps/${lifecycleAppId}/webhooks`, {
          url: receiver.url,
          events: ['session.started', 'session.ended', 'conversation.escalated', 'message.created'],
          secret,
        }),
        201,
      );
    });
    afterAll(async () => {
      await receiver?.close();
    });

    const eventsOf = (sessionId: string, event: string) =>
      receiver.events.filter(
        (received) => received.event === event && received.data.session_id === sessionId,
      );

    it('delivers each webhook event once with both nodes running', async () => {
      const sessions: string[] = [];
      for (let index = 0; index < 6; index += 1) {
        const made = await json(
          await cluster.request('nginx', 'POST', `/v1/apps/${lifecycleAppId}/sessions`, {}),
          201,
        );
        sessions.push(made.session_id);
        await json(
          await cluster.request(
            'nginx',
            'POST',
            `/v1/apps/${lifecycleAppId}/sessions/${made.session_id}/escalate`,
            {},
          ),
          200,
        );
        await json(
          await cluster.request('nginx', 'POST', `/v1/apps/${lifecycleAppId}/execute`, {
            session_id: made.session_id,
            message: `Order ${index} is late`,
          }),
          200,
        );
      }
      await receiver.waitFor((events) =>
        sessions.every(
          (sessionId) =>
            events.some(
              (event) => event.event === 'message.created' && event.data.session_id === sessionId,
            ) &&
            events.some(
              (event) => event.event === 'conversation.escalated' && event.data.session_id === sessionId,
            ),
        ),
      );
      // A while for a second copy to arrive, were one sent (both nodes' dispatchers are idle by then).
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const ids = receiver.events.map((event) => event.eventId);
      expect(new Set(ids).size).toBe(ids.length);
      for (const sessionId of sessions) {
        expect(eventsOf(sessionId, 'session.started')).toHaveLength(1);
        expect(eventsOf(sessionId, 'conversation.escalated')).toHaveLength(1);
        expect(eventsOf(sessionId, 'message.created')).toHaveLength(1);
      }
      expect(receiver.rejected).toBe(0);
    });

    it('sends each waiting delivery once when a node restarts while the receiver fails', async () => {
      // A receiver that answers 500 until it is back.
      let back = false;
      const received: string[] = [];
      const failing = createServer((request, response) => {
        request.resume();
        request.on('end', () => {
          if (back) received.push(String(request.headers['x-parley-event-id']));
          response.statusCode = back ? 200 : 500;
          response.end();
        });
      });
      await new Promise<void>((resolve) => failing.listen(0, '127.0.0.1', resolve));
      try {
        const agent = await json(
          await cluster.request('nginx', 'POST', '/v1/agents', {
            name: 'Retries',
            system_prompt: 'Be brief.',
          }),
          201,
        );
        const app = await json(
          await cluster.request('nginx', 'POST', '/v1/apps', { name: 'Retries', agents: [agent.id] }),
          201,
        );
        const port = (failing.address() as AddressInfo).port;
        await json(
          await cluster.request('nginx', 'POST', `/v1/apps/${app.id}/webhooks`, {
            url: `http://127.0.0.1:${port}/hook`,
            events: ['session.started'],
          }),
          201,
        );
        for (let index = 0; index < 6; index += 1)
          await json(await cluster.request('nginx', 'POST', `/v1/apps/${app.id}/sessions`, {}), 201);
        // Node B starts again and reads every delivery still waiting, those node A is retrying too.
        await cluster.restart('b');
        back = true;
        await eventually(async () => expect(new Set(received).size).toBe(6), 20_000);
        await new Promise((resolve) => setTimeout(resolve, 1_500));
        expect(received).toHaveLength(6);
      } finally {
        failing.closeAllConnections();
        await new Promise((resolve) => failing.close(resolve));
      }
    }, 40_000);

    it('ends an expired session once, with one session.ended, whichever node sweeps it', async () => {
      // A session started on A and written on B: both nodes know when it expires.
      const sessionId = (
        await json(await cluster.request('a', 'POST', `/v1/apps/${lifecycleAppId}/sessions`, {}), 201)
      ).session_id as string;
      await json(
        await cluster.request('b', 'POST', `/v1/apps/${lifecycleAppId}/execute`, {
          session_id: sessionId,
          message: 'Hello',
        }),
        200,
      );
      // Its expiry brought forward in the store, then both nodes restarted one by one (they read
      // the expiry times of active sessions on their first sweep): both sweep it when it is due.
      const due = new Date(Date.now() + 4_000).toISOString();
      await cluster.query(
        `UPDATE sessions SET data = jsonb_set(data, '{expires_at}', to_jsonb($1::text)) WHERE id = $2`,
        [due, sessionId],
      );
      await cluster.restart('a');
      await cluster.restart('b');
      await receiver.waitFor(() => eventsOf(sessionId, 'session.ended').length > 0, 20_000);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(eventsOf(sessionId, 'session.ended')).toEqual([
        expect.objectContaining({
          data: expect.objectContaining({ session_id: sessionId, reason: 'expired' }),
        }),
      ]);
    });
  });

  it('restarts node A, then node B, under load: every question sent through nginx is answered and stored', async () => {
    const outcomes: { status: number; sessionId?: string; body: string }[] = [];
    let running = true;
    const visitor = async (index: number) => {
      let sessionId: string | undefined;
      for (let turn = 0; running; turn++) {
        const response = await cluster.request('nginx', 'POST', `/v1/apps/${appId}/execute`, {
          message: `Question ${turn} from visitor ${index}`,
          ...(sessionId ? { session_id: sessionId } : {}),
        });
        const body = await response.text();
        if (response.status === 200) sessionId = (JSON.parse(body) as { session_id: string }).session_id;
        outcomes.push({
          status: response.status,
          ...(sessionId ? { sessionId } : {}),
          body: body.slice(0, 300),
        });
      }
      return sessionId;
    };
    /** How many outcomes of each status (and the start of the body of those not 200). */
    const histogram = () => {
      const counts: Record<string, number> = {};
      for (const { status, body } of outcomes) {
        const kind = status === 200 ? '200' : `${status} ${body.slice(0, 120)}`;
        counts[kind] = (counts[kind] ?? 0) + 1;
      }
      return counts;
    };
    const answeredAtLeast = (count: number) =>
      eventually(
        async () =>
          expect(
            outcomes.filter((outcome) => outcome.status === 200).length,
            JSON.stringify(histogram()),
          ).toBeGreaterThanOrEqual(count),
        30_000,
      );
    const visitors = [0, 1, 2, 3].map(visitor);
    await answeredAtLeast(8);
    await cluster.restart('a');
    const afterA = outcomes.length;
    await answeredAtLeast(afterA + 8);
    await cluster.restart('b');
    const afterB = outcomes.length;
    await answeredAtLeast(afterB + 8);
    running = false;
    const sessions = await Promise.all(visitors);

    // No visitor saw an error: nginx sent each question to a node that answered it.
    expect(histogram()).toEqual({ '200': outcomes.length });
    // And every answer is stored: each visitor's session holds a question and an answer per turn.
    for (const sessionId of sessions) {
      const turns = outcomes.filter((outcome) => outcome.sessionId === sessionId).length;
      const { messages } = await historyOf('nginx', sessionId as string);
      expect(messages).toHaveLength(turns * 2);
    }
  }, 90_000);

  // Last: node A stays dead.
  it('loses no answered message when node A is killed mid-answer; the visitor resumes through nginx on node B', async () => {
    const onA = await widget(cluster, 'a', publishableKey);
    sockets.push(onA.socket);
    const sessionId = await newSession('a');
    const ask = (socket: Socket, message: string, requestId: string) =>
      socket.emitWithAck('execute', { app_id: appId, session_id: sessionId, message, request_id: requestId });
    expect(await ask(onA.socket, 'What is Parley?', 'before-kill-00000001')).toEqual({ ok: true });
    expect(await ask(onA.socket, 'Who are you?', 'before-kill-00000002')).toEqual({ ok: true });
    const answered = (await historyOf('a', sessionId)).messages;
    expect(answered).toHaveLength(4);

    const firstTokens = new Promise<void>((resolve) => {
      const heard = (data: TurnEventData) => {
        if (data.request_id !== 'killed-turn-00000003') return;
        onA.socket.off('token', heard);
        resolve();
      };
      onA.socket.on('token', heard);
    });
    void ask(onA.socket, 'What can you do for me?', 'killed-turn-00000003').catch(() => {});
    await firstTokens;
    await cluster.kill('a');
    const heardBeforeKill = answerOf(onA.events, 'killed-turn-00000003');
    expect(
      onA.events.some((event) => event.type === 'done' && event.data.request_id === 'killed-turn-00000003'),
    ).toBe(false);

    // The widget reconnects; nginx finds node A gone and hands the connection to node B.
    const back = await widget(cluster, 'nginx', publishableKey);
    sockets.push(back.socket);
    expect(
      await back.socket.emitWithAck('resume', { request_id: 'killed-turn-00000003', from_seq: 0 }),
    ).toMatchObject({
      ok: true,
      state: 'live',
    });
    // What node A had written before it died is shown again from the shared log, token by token.
    await eventually(async () =>
      expect(answerOf(back.events, 'killed-turn-00000003').startsWith(heardBeforeKill)).toBe(true),
    );

    // Every answered message is still there, on the surviving node.
    const after = (await historyOf('nginx', sessionId)).messages;
    expect(after.slice(0, 4)).toEqual(answered);
    // The conversation goes on through nginx (once the dead node's session lock lapses, within its lease).
    expect(await ask(back.socket, 'Thanks, and where is my order?', 'after-kill-000000004')).toEqual({
      ok: true,
    });
    const last = (await historyOf('nginx', sessionId)).messages;
    expect(last.at(-2)).toMatchObject({ role: 'user', content: 'Thanks, and where is my order?' });
    expect(last.at(-1)).toMatchObject({ role: 'assistant' });
    expect(answerOf(back.events, 'after-kill-000000004')).toBe(last.at(-1).content);
  }, 45_000);
});

describe('deploy/', () => {
  const deployFile = (name: string) =>
    readFileSync(path.join(import.meta.dirname, '../deploy', name), 'utf8');

  it('runs the nginx configuration this suite runs, and builds the image with the script CI runs', () => {
    expect(deployFile('compose.yaml')).toContain('./nginx.conf:/etc/nginx/conf.d/default.conf:ro');
    for (const node of ['parley-a:', 'parley-b:', 'postgres:', 'redis:', 'nginx:'])
      expect(deployFile('compose.yaml')).toContain(`\n  ${node}`);
    expect(deployFile('Dockerfile')).toContain('RUN CI=true deploy/build.sh');
    // The image runs the compiled server exactly as the processes of these tests do.
    expect(deployFile('Dockerfile')).toContain(
      `CMD ${JSON.stringify(['node', ...compiledServerArguments]).replaceAll('","', '", "')}`,
    );
    expect(readFileSync(path.join(import.meta.dirname, '../.ci/run'), 'utf8')).toContain(
      '\ndeploy/build.sh\n',
    );
  });
});
