import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomToken } from '@parley/engine';
import { afterAll, describe, expect, it } from 'vitest';
import { testDatabase } from './support/database.js';
import { killed, type ServerProcess, startServerProcess } from './support/server-process.js';
import {
  createReceiver,
  type Delivery,
  freePort,
  type ListPage,
  type Receiver,
  type SessionSlot,
  type WebhookBody,
} from './support/webhook-outage.js';

/**
 * Acceptance: the receiver is down while 100 sessions start, escalate and end;
 * Parley is killed with `kill -9` and restarted in the middle; the receiver
 * comes back: every event arrives, each event id at least once, signatures
 * valid, and the per-session order holds.
 */

const sessionCount = 100;
const killAfterCompletedSessions = 50;
const workerCount = 6;
const subscribedEvents = ['session.started', 'session.ended', 'conversation.escalated'] as const;
type SubscribedEvent = (typeof subscribedEvents)[number];
const eventOrder: readonly SubscribedEvent[] = ['session.started', 'conversation.escalated', 'session.ended'];

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

describe('webhook delivery across a receiver outage and a kill -9', () => {
  const folders: string[] = [];
  const children: ChildProcess[] = [];
  let receiver: Receiver | undefined;
  // On the run's PostgreSQL when DATABASE_URL is set: both processes in one schema of their own.
  const database = testDatabase();

  afterAll(async () => {
    await receiver?.close();
    for (const child of children) await killed(child);
    for (const folder of folders) rmSync(folder, { recursive: true, force: true });
    await database.drop();
  });

  it('delivers every event, signed and in order per session, once the receiver is back', async () => {
    const startedAt = Date.now();
    const dataDirectory = mkdtempSync(path.join(tmpdir(), 'parley-webhooks-kill-'));
    folders.push(dataDirectory);
    const adminKey = `sk_whk_${randomToken(32)}`;
    const webhookSecret = `whsec_${randomToken(32)}`;
    const environment = {
      PORT: '0',
      PARLEY_DATA_DIR: dataDirectory,
      ...database.environment,
      PARLEY_ADMIN_KEY: adminKey,
      PARLEY_OFFLINE_TOKEN_DELAY_MS: '0',
      PARLEY_ALLOW_PRIVATE_URLS: '1',
      PARLEY_WEBHOOK_RETRY_BASE_MS: '100',
      PARLEY_WEBHOOK_RETRY_MAX_MS: '1000',
      OPENAI_API_KEY: '',
      OPENAI_BASE_URL: '',
      LOG_LEVEL: 'info',
    };
    const headers = { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' };

    receiver = createReceiver(await freePort(), webhookSecret);
    const activeReceiver = receiver;

    const first = await startServerProcess(environment);
    children.push(first.child);
    /** The server to talk to; replaced (before the kill) by the restarted one. */
    let current: Promise<ServerProcess> = Promise.resolve(first);

    const apps = (await (await fetch(`${first.url}/v1/apps`, { headers })).json()) as ListPage<{
      id: string;
    }>;
    const appId = apps.data[0]?.id;
    expect(appId, 'the demo app').toMatch(/^app_/);
    const created = await fetch(`${first.url}/v1/apps/${appId}/webhooks`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ url: activeReceiver.url, events: subscribedEvents, secret: webhookSecret }),
    });
    expect(created.status).toBe(201);
    const webhook = (await created.json()) as { id: string; secret: string };
    expect(webhook.secret).toBe(webhookSecret);

    // --- 100 sessions: create, escalate, end; kill -9 part way -----------------------------------
    let inFlight = 0;
    let inFlightAtKill = -1;
    let cutRequests = 0;
    let completedSessions = 0;
    let killTriggered = false;
    const unexpected: string[] = [];

    const killAndRestart = () => {
      killTriggered = true;
      inFlightAtKill = inFlight;
      current = (async () => {
        await killed(first.child);
        const second = await startServerProcess(environment);
        children.push(second.child);
        return second;
      })();
    };

    /** One API call, retried (bounded) when the kill cuts it; answers the status and the JSON body. */
    const call = async (
      method: string,
      pathname: string,
      body: unknown,
    ): Promise<{ status: number; body: unknown; cutBefore: boolean }> => {
      let cutBefore = false;
      for (let attempt = 0; attempt < 6; attempt += 1) {
        const server = await current;
        let answer: { status: number; text: string } | undefined;
        inFlight += 1;
        try {
          const response = await fetch(`${server.url}${pathname}`, {
            method,
            headers,
            ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
            signal: AbortSignal.timeout(10_000),
          });
          answer = { status: response.status, text: await response.text() };
        } catch {
          // Cut (by the kill): it may or may not have taken effect.
          cutRequests += 1;
          cutBefore = true;
        } finally {
          inFlight -= 1;
        }
        if (answer) return { status: answer.status, body: JSON.parse(answer.text) as unknown, cutBefore };
        if ((await current) === server) await sleep(200);
      }
      throw new Error(`${method} ${pathname} got no answer in 6 tries`);
    };

    const slots: SessionSlot[] = Array.from({ length: sessionCount }, (_, index) => ({
      index,
      userId: `user_${index}`,
      metadata: { userProfile: { name: `User ${index}` }, channel: 'web', slot: index },
      sessionId: null,
      createAnswered: false,
      escalateAnswered: false,
      end: null,
    }));

    const runSlot = async (slot: SessionSlot) => {
      const sessions = `/v1/apps/${appId}/sessions`;
      const create = await call('POST', sessions, { user_id: slot.userId, metadata: slot.metadata });
      if (create.status !== 201) {
        unexpected.push(`create ${slot.index}: ${create.status} ${JSON.stringify(create.body)}`);
        return;
      }
      slot.sessionId = (create.body as { session_id: string }).session_id;
      slot.createAnswered = true;

      const escalate = await call('POST', `${sessions}/${slot.sessionId}/escalate`, {});
      if (escalate.status !== 200) {
        unexpected.push(`escalate ${slot.index}: ${escalate.status} ${JSON.stringify(escalate.body)}`);
        return;
      }
      slot.escalateAnswered = true;

      const end = await call('DELETE', `${sessions}/${slot.sessionId}`, undefined);
      if (end.status === 200) slot.end = 'answered';
      else if (end.status === 404 && end.cutBefore) slot.end = 'cut-took-effect';
      else unexpected.push(`end ${slot.index}: ${end.status} ${JSON.stringify(end.body)}`);

      completedSessions += 1;
      if (!killTriggered && completedSessions >= killAfterCompletedSessions) killAndRestart();
    };

    let nextSlot = 0;
    const worker = async () => {
      while (nextSlot < slots.length) {
        const slot = slots[nextSlot];
        nextSlot += 1;
        if (slot) await runSlot(slot);
      }
    };
    await Promise.all(Array.from({ length: workerCount }, () => worker()));
    const second = await current;
    expect(unexpected).toEqual([]);
    expect(killTriggered).toBe(true);
    expect(first.child.signalCode).toBe('SIGKILL');
    expect(second).not.toBe(first);
    expect(inFlightAtKill, 'requests were in flight at the kill').toBeGreaterThan(0);

    const api = async <Body>(pathname: string): Promise<Body> => {
      const response = await fetch(`${second.url}${pathname}`, {
        headers,
        signal: AbortSignal.timeout(10_000),
      });
      expect(response.status, pathname).toBe(200);
      return (await response.json()) as Body;
    };
    const allDeliveries = async (): Promise<Delivery[]> => {
      const deliveries: Delivery[] = [];
      let cursor: string | null = null;
      for (let page = 0; page < 50; page += 1) {
        const query: string = cursor ? `limit=100&cursor=${encodeURIComponent(cursor)}` : 'limit=100';
        const listed: ListPage<Delivery> = await api<ListPage<Delivery>>(
          `/v1/apps/${appId}/webhooks/${webhook.id}/deliveries?${query}`,
        );
        deliveries.push(...listed.data);
        if (!listed.has_more || !listed.next_cursor) return deliveries;
        cursor = listed.next_cursor;
      }
      throw new Error('more than 50 pages of deliveries');
    };

    // --- Still down: the head of every session's queue (its session.started) has been refused ----------
    // Later events of a session wait, untried, behind its oldest undelivered one. A delivery the killed
    // process had claimed stays claimed until its lease runs out (the 10 s send timeout plus 10 s), so
    // the wait is bounded by that, not by a number of polls.
    let triedBeforeUp = false;
    const headsDeadline = Date.now() + 45_000;
    while (!triedBeforeUp && Date.now() < headsDeadline) {
      const heads = (await allDeliveries()).filter((delivery) => delivery.event === 'session.started');
      triedBeforeUp = heads.every((delivery) => delivery.attempts.length > 0);
      if (!triedBeforeUp) await sleep(100);
    }
    expect(triedBeforeUp, 'every session.started was tried while the receiver was down').toBe(true);
    expect(activeReceiver.arrivals).toHaveLength(0);

    // --- The receiver comes back; wait (bounded) for every owed event --------------------------------
    await activeReceiver.up();
    const receiverUpAt = Date.now();

    const owed: { sessionId: string; event: SubscribedEvent }[] = [];
    for (const slot of slots) {
      if (!slot.sessionId) continue;
      if (slot.createAnswered) owed.push({ sessionId: slot.sessionId, event: 'session.started' });
      if (slot.escalateAnswered) owed.push({ sessionId: slot.sessionId, event: 'conversation.escalated' });
      if (slot.end) owed.push({ sessionId: slot.sessionId, event: 'session.ended' });
    }
    const arrived = (sessionId: string, event: string) =>
      activeReceiver.arrivals.some((arrival) => arrival.sessionId === sessionId && arrival.event === event);

    let deliveries: Delivery[] = [];
    for (let poll = 0; poll < 150; poll += 1) {
      const missing = owed.filter((item) => !arrived(item.sessionId, item.event));
      if (missing.length === 0) {
        deliveries = await allDeliveries();
        if (deliveries.every((delivery) => delivery.status !== 'pending')) break;
      }
      await sleep(200);
    }
    const waitedMs = Date.now() - receiverUpAt;

    // --- Every owed event arrived, signed, once per (session, event), in order ----------------------
    expect(activeReceiver.failures, 'no bad signature').toEqual([]);
    const missing = owed.filter((item) => !arrived(item.sessionId, item.event));
    expect(missing, 'owed events that never arrived').toEqual([]);

    const knownSessions = new Map(slots.map((slot) => [slot.sessionId, slot]));
    const distinctIds = new Map<string, Set<string>>();
    const firstArrival = new Map<string, number>();
    activeReceiver.arrivals.forEach((arrival, position) => {
      expect(arrival.headerEvent).toBe(arrival.event);
      expect(arrival.eventId).toMatch(/^evt_/);
      expect(arrival.sessionId, `${arrival.eventId} names its session`).toMatch(/^sess_/);
      const key = `${arrival.sessionId} ${arrival.event}`;
      distinctIds.set(key, (distinctIds.get(key) ?? new Set()).add(arrival.eventId));
      if (!firstArrival.has(key)) firstArrival.set(key, position);
    });
    for (const [key, ids] of distinctIds) expect(ids.size, `one event id for ${key}`).toBe(1);

    const sessionsSeen = new Set(activeReceiver.arrivals.map((arrival) => arrival.sessionId ?? ''));
    let orphanSessions = 0;
    for (const sessionId of sessionsSeen) {
      const order = eventOrder
        .map((event) => firstArrival.get(`${sessionId} ${event}`))
        .filter((position): position is number => position !== undefined);
      expect(order, `events of ${sessionId} arrive started → escalated → ended`).toEqual(
        [...order].sort((left, right) => left - right),
      );
      if (!knownSessions.has(sessionId)) {
        // Left behind by a create cut by the kill: it only ever started.
        orphanSessions += 1;
        const events = activeReceiver.arrivals.filter((arrival) => arrival.sessionId === sessionId);
        expect(events.map((arrival) => arrival.event)).toEqual(events.map(() => 'session.started'));
      }
    }

    const firstBody = (sessionId: string, event: SubscribedEvent): WebhookBody => {
      const arrival = activeReceiver.arrivals.find(
        (candidate) => candidate.sessionId === sessionId && candidate.event === event,
      );
      if (!arrival) throw new Error(`no ${event} for ${sessionId}`);
      expect(arrival.body.event).toBe(event);
      expect(arrival.body.timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
      return arrival.body;
    };
    for (const slot of slots) {
      expect(
        slot.createAnswered && slot.escalateAnswered && slot.end !== null,
        `slot ${slot.index} done`,
      ).toBe(true);
      const sessionId = slot.sessionId as string;
      const started = firstBody(sessionId, 'session.started');
      expect(started.data).toMatchObject({
        session_id: sessionId,
        app_id: appId,
        user_id: slot.userId,
        metadata: slot.metadata,
      });
      const escalated = firstBody(sessionId, 'conversation.escalated');
      expect(escalated.data).toMatchObject({
        session_id: sessionId,
        reason: 'user_requested',
        context: { channel: 'web', user_id: slot.userId, metadata: slot.metadata },
      });
      const context = escalated.data.context as { recent_messages: unknown };
      expect(Array.isArray(context.recent_messages), 'recent_messages is an array').toBe(true);
      const ended = firstBody(sessionId, 'session.ended');
      expect(ended.data).toMatchObject({ session_id: sessionId, app_id: appId, reason: 'deleted' });
    }

    // --- The deliveries list: all delivered, each after refused attempts ---------------------------
    const arrivedIds = new Set(activeReceiver.arrivals.map((arrival) => arrival.eventId));
    expect(new Set(deliveries.map((delivery) => delivery.id))).toEqual(arrivedIds);
    let failedAttempts = 0;
    for (const delivery of deliveries) {
      expect(delivery.status, `${delivery.id} delivered`).toBe('delivered');
      const last = delivery.attempts.at(-1);
      expect(last?.status_code, `${delivery.id} last attempt`).toBe(200);
      expect(last?.error).toBeNull();
      const refused = delivery.attempts.slice(0, -1);
      if (delivery.event === 'session.started') {
        expect(refused.length, `${delivery.id} was refused before the receiver came up`).toBeGreaterThan(0);
      }
      for (const attempt of refused) {
        expect(attempt.status_code).toBeNull();
        expect(attempt.error).toEqual(expect.any(String));
      }
      failedAttempts += refused.length;
    }
    // The server's own record of the order: a session's next event is first tried only after the
    // attempt that delivered the one before it began.
    for (const slot of slots) {
      const ofSession = eventOrder.map((event) =>
        deliveries.find((delivery) => delivery.session_id === slot.sessionId && delivery.event === event),
      );
      for (let position = 1; position < ofSession.length; position += 1) {
        const before = ofSession[position - 1]?.attempts.at(-1)?.at ?? '';
        const after = ofSession[position]?.attempts[0]?.at ?? '';
        expect(
          Date.parse(after),
          `${slot.sessionId} ${eventOrder[position]} tried after`,
        ).toBeGreaterThanOrEqual(Date.parse(before));
      }
    }

    const cutEnds = slots.filter((slot) => slot.end === 'cut-took-effect').length;
    const duplicates = activeReceiver.arrivals.length - arrivedIds.size;
    console.log(
      `webhooks kill -9 test: ${sessionCount} sessions (${owed.length} owed events, ${cutRequests} requests cut ` +
        `by the kill with ${inFlightAtKill} in flight, ${cutEnds} cut ends took effect, ${orphanSessions} orphan ` +
        `sessions); ${deliveries.length} deliveries, ${activeReceiver.arrivals.length} arrivals ` +
        `(${duplicates} duplicates), ${failedAttempts} refused attempts, 0 bad signatures; all arrived ` +
        `${waitedMs} ms after the receiver came up; ${Date.now() - startedAt} ms in all`,
    );
    // About 40-60 s on a busy machine, either store: 300 calls, a kill -9, a restart, 300 deliveries.
  }, 180_000);
});
