/**
 * Issue 12's fault tests: Parley on two nodes behind a real nginx (`deploy/nginx.conf`), on a
 * PostgreSQL and a Redis of this test's own, which it restarts while visitors keep asking through
 * nginx (widget sockets and HTTP executes). What a visitor sees: an answer, or 503 `unavailable`
 * with `Retry-After` in the contract's error shape, never a hang or a 500; afterwards every answered
 * question is stored once, both nodes answer, live delivery between nodes works, no node crashed.
 * The machine's shared PostgreSQL and Redis are never touched.
 */

import type { Readable } from 'node:stream';
import { freePort, TestRedisServer } from '@parley/coordination-redis/testing';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVisitors, type Visitors } from './support/fault-load.js';
import { type PrivatePostgres, startPrivatePostgres } from './support/private-postgres.js';
import { connectSocket } from './support/socket-client.js';
import { eventually, startTwoNodes, type TwoNodes } from './support/two-nodes.js';

const origin = 'https://shop.example';
/** How long a visitor may wait for any answer, outage or not (the 503s come within Redis's and the pool's timeouts). */
const answerBoundMs = 8_000;
/** Reports each line of `stream` that is an error log (pino level 50 and up) or not a log line at all (a crash's trace). */
function collectErrors(stream: Readable | null, report: (line: string) => void): void {
  let partial = '';
  stream?.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      if (line.trim() === '') continue;
      try {
        const entry = JSON.parse(line) as { level: number; msg?: string; err?: { message?: string } };
        if (entry.level >= 50) report(`${entry.msg} (${entry.err?.message ?? ''})`);
      } catch {
        report(line);
      }
    }
  });
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('two nodes behind nginx while Redis or PostgreSQL restarts under load', () => {
  let postgres: PrivatePostgres;
  let redis: TestRedisServer;
  let cluster: TwoNodes;
  let appId: string;
  let publishableKey: string;
  /** An app whose visitors wait at most 2 s for a person (then a sweep tells them nobody is free). */
  let shortWaitAppId: string;
  const sockets: Socket[] = [];
  /** What either node logged as an error, or wrote that is not a log line. */
  const errorsLogged: string[] = [];

  const json = async (response: Response, status: number) => {
    const body = await response.json();
    expect(response.status, JSON.stringify(body)).toBe(status);
    return body;
  };

  beforeAll(async () => {
    [postgres, redis] = await Promise.all([
      startPrivatePostgres(),
      freePort().then(async (port) => {
        const server = new TestRedisServer(port);
        await server.start();
        return server;
      }),
    ]);
    cluster = await startTwoNodes({
      databaseUrl: postgres.url,
      redisUrl: redis.url,
      // Every visitor comes from 127.0.0.1: the per-address limit of public keys would refuse the load.
      environment: { PARLEY_IP_LIMIT_PER_MINUTE: '100000' },
    });
    for (const node of [cluster.a, cluster.b])
      for (const stream of [node.process.child.stdout, node.process.child.stderr])
        collectErrors(stream, (line) => errorsLogged.push(`${node.name}: ${line}`));
    const agent = await json(
      await cluster.request('nginx', 'POST', '/v1/agents', { name: 'Shop', system_prompt: 'Help.' }),
      201,
    );
    appId = (
      await json(
        await cluster.request('nginx', 'POST', '/v1/apps', { name: 'Shop', agents: [agent.id] }),
        201,
      )
    ).id;
    shortWaitAppId = (
      await json(
        await cluster.request('nginx', 'POST', '/v1/apps', {
          name: 'Short wait',
          agents: [agent.id],
          handoff_timeout_seconds: 2,
        }),
        201,
      )
    ).id;
    publishableKey = (
      await json(
        await cluster.request('nginx', 'POST', '/v1/keys', {
          name: 'site',
          kind: 'publishable',
          plan: 'pro',
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
    await redis?.stop();
    await postgres?.remove();
  }, 60_000);

  /** Both node processes still run (neither crashed nor exited), and neither logged an error. */
  const bothAlive = () => {
    expect(errorsLogged).toEqual([]);
    for (const node of [cluster.a, cluster.b])
      expect({
        node: node.name,
        exitCode: node.process.child.exitCode,
        signal: node.process.child.signalCode,
      }).toEqual({ node: node.name, exitCode: null, signal: null });
  };

  /**
   * A visitor's widget on node A following its escalated session (from before the outage): each
   * `expectLiveReply` posts a person's reply through node B until one is heard live on that socket.
   */
  async function widgetFollowingOnA() {
    const socket = await connectSocket(cluster.urlOf('a'), publishableKey, { origin });
    sockets.push(socket);
    const sessionId = (
      await json(
        await cluster.request(
          'a',
          'POST',
          `/v1/apps/${appId}/sessions`,
          {},
          { authorization: `Bearer ${publishableKey}`, origin },
        ),
        201,
      )
    ).session_id as string;
    expect(await socket.emitWithAck('escalate', { app_id: appId, session_id: sessionId })).toEqual({
      ok: true,
    });
    const heard: string[] = [];
    socket.on('human_message', (data: { message: { content: string } }) => heard.push(data.message.content));
    return {
      /** A reply posted while a subscription is not back yet is stored, not heard: posted again until one is. */
      async expectLiveReply(label: string) {
        const before = heard.length;
        let sent = 0;
        await eventually(async () => {
          const posted = await cluster.request(
            'b',
            'POST',
            `/v1/apps/${appId}/sessions/${sessionId}/messages`,
            {
              role: 'human_agent',
              content: `Sam here, ${label} ${sent++}`,
              author: 'Sam',
            },
          );
          expect(posted.status).toBe(201);
          await new Promise((resolve) => setTimeout(resolve, 250));
          expect(heard.length).toBeGreaterThan(before);
        }, 20_000);
        expect(heard.at(-1)).toMatch(`Sam here, ${label}`);
      },
    };
  }

  /** After an outage: both nodes ready and answering new questions. */
  async function recovered(): Promise<void> {
    for (const target of ['a', 'b'] as const)
      await eventually(async () => {
        const ready = await cluster.request(target, 'GET', '/readyz');
        expect(ready.status, await ready.text()).toBe(200);
      }, 20_000);
    for (const target of ['a', 'b'] as const) {
      const answered = await json(
        await cluster.request(target, 'POST', `/v1/apps/${appId}/execute`, {
          message: `After, on ${target}`,
        }),
        200,
      );
      expect(answered.response.length).toBeGreaterThan(0);
    }
  }

  /** What the visitors saw: only answers and 503s in the contract's shape, in time; each answer stored once. */
  async function checkWhatVisitorsSaw(visitors: Visitors): Promise<void> {
    const outcomes = visitors.outcomes;
    const summary = visitors.summary();
    for (const outcome of outcomes) {
      expect(outcome.durationMs, JSON.stringify(summary)).toBeLessThan(answerBoundMs);
      if (outcome.answered) continue;
      expect(outcome.status, JSON.stringify(outcome)).toBe(503);
      expect(outcome.error, JSON.stringify(outcome)).toMatchObject({
        code: 'unavailable',
        message: expect.any(String),
        details: { retry_after_seconds: expect.any(Number) },
      });
      if (outcome.via === 'http')
        expect(Number(outcome.retryAfter), JSON.stringify(outcome)).toBeGreaterThan(0);
    }
    for (const [sessionId, asked] of visitors.questionsBySession()) {
      const { messages } = await json(
        await cluster.request('nginx', 'GET', `/v1/apps/${appId}/sessions/${sessionId}/history`),
        200,
      );
      const stored = (messages as { role: string; content: string }[])
        .filter((message) => message.role === 'user')
        .map((message) => message.content);
      for (const { message, answered } of asked) {
        const times = stored.filter((content) => content === message).length;
        if (answered) expect(times, `${message} in ${sessionId}`).toBe(1);
        else expect(times, `${message} in ${sessionId}`).toBeLessThanOrEqual(1);
      }
    }
  }

  async function underLoad(outage: () => Promise<void>): Promise<Visitors> {
    const follower = await widgetFollowingOnA();
    await follower.expectLiveReply('before');
    const visitors = await startVisitors({ cluster, appId, publishableKey, origin, boundMs: answerBoundMs });
    sockets.push(...visitors.sockets);
    await visitors.answeredAtLeast(6);
    await outage();
    const afterOutage = visitors.answeredCount();
    await visitors.answeredAtLeast(afterOutage + 6);
    await visitors.stop();
    bothAlive();
    await checkWhatVisitorsSaw(visitors);
    await recovered();
    // The widget connected before the outage hears a person's reply through the other node again.
    await follower.expectLiveReply('after');
    bothAlive();
    return visitors;
  }

  /** Those who asked while it was down were told so (503), or the outage went unnoticed and the test proves nothing. */
  const refusedSome = (visitors: Visitors) =>
    expect(
      visitors.outcomes.filter((outcome) => outcome.status === 503).length,
      JSON.stringify(visitors.summary()),
    ).toBeGreaterThan(0);

  it('restarts Redis mid-load: visitors get answers or 503 with Retry-After, nothing is lost, and it recovers by itself', async () => {
    const visitors = await underLoad(async () => {
      await redis.stop();
      await pause(3_000);
      await redis.start();
    });
    refusedSome(visitors);
  }, 60_000);

  it('answers 503 within the bound while Redis is frozen (every call has a timeout), and recovers when it thaws', async () => {
    await underLoad(async () => {
      redis.pause();
      // Asked straight at node A (nginx would try node B too): refused once Redis's command timeout is up.
      const started = Date.now();
      const refused = await cluster.request('a', 'POST', `/v1/apps/${appId}/execute`, { message: 'Frozen?' });
      expect(Date.now() - started).toBeLessThan(answerBoundMs / 2);
      expect(refused.status).toBe(503);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await refused.json()).error).toMatchObject({ code: 'unavailable' });
      // A burst from one address meanwhile (an integration's server, or many visitors behind one
      // NAT): every request is refused, none is a failed authentication, so none counts as one later.
      const burst = await Promise.all(
        Array.from({ length: 30 }, () => cluster.request('a', 'GET', '/v1/apps')),
      );
      expect(burst.map((response) => response.status)).toEqual(burst.map(() => 503));
      redis.resume();
    });
  }, 60_000);

  it('restarts PostgreSQL mid-load: visitors get answers or 503 with Retry-After, nothing is lost, and it recovers by itself', async () => {
    const visitors = await underLoad(async () => {
      // A visitor asks for a person just before: the handoff sweep reads the store while it is down.
      const { session_id: waiting } = await json(
        await cluster.request('a', 'POST', `/v1/apps/${shortWaitAppId}/sessions`, {}),
        201,
      );
      await json(
        await cluster.request('a', 'POST', `/v1/apps/${shortWaitAppId}/sessions/${waiting}/escalate`, {}),
        200,
      );
      await postgres.stop();
      await pause(3_000);
      await postgres.start();
    });
    refusedSome(visitors);
  }, 60_000);
});
