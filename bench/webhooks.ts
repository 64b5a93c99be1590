/**
 * Webhook dispatch with a dead receiver (issue 9, item 9). Parley in this
 * process with its default webhook settings (10 s timeout, 1 s first retry):
 *
 * 1. A healthy tenant's delivery behind N pending ones to a receiver that
 *    accepts and never answers: the time from creating its session to the
 *    healthy receiver getting `session.started`.
 * 2. The cost of a large backlog: 20,000 pending deliveries to a dead receiver
 *    (one that hangs, one that refuses connections), and the event-loop
 *    utilization of this process over 5 s after 5 s of running.
 *
 * Standalone: `pnpm bench:webhooks` (BENCH_WEBHOOK_BACKLOG to change the 20,000).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { type DeliveryRecord, newId, put, randomToken, toIso, type WebhookRecord } from '@parley/engine';
import { type RunningParley, readConfig, startParley } from '@parley/server';
import { LowdbStore } from '@parley/store-lowdb';
import { freePort, removeTemporaryFolder, temporaryFolder } from './processes.js';

const backlog = Number(process.env.BENCH_WEBHOOK_BACKLOG ?? 20_000);
const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

async function start(folder: string, adminKey: string): Promise<RunningParley> {
  return startParley(
    readConfig({
      PORT: '0',
      PARLEY_DATA_DIR: folder,
      PARLEY_ADMIN_KEY: adminKey,
      PARLEY_ALLOW_PRIVATE_URLS: '1',
      LOG_LEVEL: 'silent',
    }),
  );
}

async function api(
  running: RunningParley,
  adminKey: string,
  method: string,
  pathname: string,
  body?: unknown,
) {
  const response = await fetch(`${running.url}${pathname}`, {
    method,
    headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const answer = (await response.json()) as Record<string, unknown>;
  if (response.status >= 300)
    throw new Error(`${method} ${pathname}: ${response.status} ${JSON.stringify(answer)}`);
  return answer;
}

/** Seconds until a healthy tenant's event arrives, behind `pending` deliveries to a hanging receiver. */
async function healthyBehind(pending: number): Promise<number> {
  const folder = temporaryFolder('parley-bench-webhooks-');
  const adminKey = `sk_bench_${randomToken(32)}`;
  const hanging = createServer((request) => request.resume());
  let arrivedAt = 0;
  const healthy = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      arrivedAt ||= performance.now();
      response.end('ok');
    });
  });
  const running = await start(folder, adminKey);
  try {
    const [hangingUrl, healthyUrl] = [await listen(hanging), await listen(healthy)];
    const agent = await api(running, adminKey, 'POST', '/v1/agents', {
      name: 'Bench',
      system_prompt: 'Answer.',
    });
    const deadApp = await api(running, adminKey, 'POST', '/v1/apps', {
      name: 'Dead tenant',
      agents: [agent.id],
    });
    await api(running, adminKey, 'POST', `/v1/apps/${deadApp.id}/webhooks`, {
      url: hangingUrl,
      events: ['session.started'],
    });
    for (let index = 0; index < pending; index += 1)
      await api(running, adminKey, 'POST', `/v1/apps/${deadApp.id}/sessions`, {});
    await api(running, adminKey, 'POST', `/v1/apps/${running.demo.appId}/webhooks`, {
      url: healthyUrl,
      events: ['session.started'],
    });
    await sleep(500);
    const sentAt = performance.now();
    await api(running, adminKey, 'POST', `/v1/apps/${running.demo.appId}/sessions`, {});
    while (!arrivedAt) {
      if (performance.now() - sentAt > 240_000) return Number.POSITIVE_INFINITY;
      await sleep(5);
    }
    return (arrivedAt - sentAt) / 1000;
  } finally {
    await close(hanging);
    await close(healthy);
    await running.stop();
    removeTemporaryFolder(folder);
  }
}

/** Event-loop utilization over 5 s with `backlog` deliveries pending to a dead receiver. */
async function idleCost(kind: 'hanging' | 'refusing'): Promise<{ utilization: number; attempts: number }> {
  const folder = temporaryFolder('parley-bench-webhooks-');
  const adminKey = `sk_bench_${randomToken(32)}`;
  const hanging = createServer((request) => request.resume());
  const url = kind === 'hanging' ? await listen(hanging) : `http://127.0.0.1:${await freePort()}/hook`;
  const first = await start(folder, adminKey);
  const appId = first.demo.appId;
  await first.stop();
  const store = await LowdbStore.open({ directory: folder });
  const now = Date.now();
  const webhook: WebhookRecord = {
    id: newId('whk'),
    app_id: appId,
    url,
    events: ['session.started'],
    secret: `whsec_${randomToken(32)}`,
    created_at: toIso(now),
    updated_at: toIso(now),
  };
  await store.write([put('webhooks', webhook)]);
  for (let start = 0; start < backlog; start += 1000) {
    const batch = Array.from({ length: Math.min(1000, backlog - start) }, (): DeliveryRecord => {
      const id = newId('evt');
      const sessionId = newId('sess');
      return {
        id,
        webhook_id: webhook.id,
        app_id: appId,
        session_id: sessionId,
        order_key: `${webhook.id}:${sessionId}`,
        event: 'session.started',
        body: JSON.stringify({
          event: 'session.started',
          timestamp: toIso(now),
          data: { session_id: sessionId },
        }),
        status: 'pending',
        attempts: [],
        next_attempt_at: now,
        created_at: toIso(now),
      };
    });
    await store.write(batch.map((delivery) => put('deliveries', delivery)));
  }
  await store.close();
  const running = await start(folder, adminKey);
  try {
    await sleep(5_000);
    const before = performance.eventLoopUtilization();
    await sleep(5_000);
    const utilization = performance.eventLoopUtilization(before).utilization;
    const deliveries = await running.store.all('deliveries', { webhook_id: webhook.id });
    const attempts = deliveries.reduce((sum, delivery) => sum + delivery.attempts.length, 0);
    return { utilization, attempts };
  } finally {
    await close(hanging);
    await running.stop();
    removeTemporaryFolder(folder);
  }
}

async function main(): Promise<void> {
  const lines = ['| measure | result |', '|---|---:|'];
  for (const pending of [16, 80]) {
    const seconds = await healthyBehind(pending);
    lines.push(
      `| healthy tenant's delivery behind ${pending} to a hanging receiver | ${seconds.toFixed(2)} s |`,
    );
    process.stderr.write(`${lines.at(-1)}\n`);
  }
  for (const kind of ['hanging', 'refusing'] as const) {
    const { utilization, attempts } = await idleCost(kind);
    lines.push(
      `| event-loop utilization, ${backlog} pending to a ${kind} receiver (5–10 s after start; ${attempts} attempts by 10 s) | ${(utilization * 100).toFixed(1)} % |`,
    );
    process.stderr.write(`${lines.at(-1)}\n`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

await main();
