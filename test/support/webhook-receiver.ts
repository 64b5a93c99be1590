import crypto from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';
import type { ParleyHarness } from './parley-harness.js';

export interface ReceivedEvent {
  eventId: string;
  event: string;
  timestamp: string;
  data: Record<string, unknown>;
}

export interface WebhookReceiver {
  url: string;
  events: ReceivedEvent[];
  /** Requests refused because the signature did not match. */
  rejected: number;
  /** Waits until `predicate` holds for the received events (bounded). */
  waitFor(predicate: (events: ReceivedEvent[]) => boolean, timeoutMs?: number): Promise<ReceivedEvent[]>;
  close(): Promise<void>;
}

/**
 * A helpdesk's receiver, verifying each delivery with the seed document's own
 * code (HMAC-SHA256 of the raw body, hex, compared with the signature header).
 */
export async function startWebhookReceiver(webhookSecret: string): Promise<WebhookReceiver> {
  const receiver = { events: [] as ReceivedEvent[], rejected: 0 };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      // The seed's verification code, with the header name changed:
      const signature = req.headers['x-parley-signature'];
      const expected = crypto.createHmac('sha256', webhookSecret).update(body).digest('hex');
      if (signature !== expected) {
        receiver.rejected += 1;
        res.statusCode = 401;
        res.end('Invalid signature');
        return;
      }
      const payload = JSON.parse(body.toString('utf8'));
      receiver.events.push({
        eventId: String(req.headers['x-parley-event-id']),
        event: payload.event,
        timestamp: payload.timestamp,
        data: payload.data,
      });
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks/parley`,
    get events() {
      return receiver.events;
    },
    get rejected() {
      return receiver.rejected;
    },
    async waitFor(predicate, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(receiver.events)) {
        if (Date.now() > deadline)
          throw new Error(
            `timed out; received ${JSON.stringify(receiver.events.map((event) => event.event))}`,
          );
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return receiver.events;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Starts a receiver and subscribes it to `events` of app `appId` (POST
 * /v1/apps/:id/webhooks, expecting 201), signed with `secret`. The receiver
 * listens on 127.0.0.1: Parley only delivers there when it was started with
 * PARLEY_ALLOW_PRIVATE_URLS=1.
 */
export async function startAppWebhookReceiver(
  parley: ParleyHarness,
  appId: string,
  secret: string,
  events: string[] = ['conversation.escalated'],
): Promise<WebhookReceiver> {
  const receiver = await startWebhookReceiver(secret);
  const created = await parley.request('POST', `/v1/apps/${appId}/webhooks`, {
    url: receiver.url,
    events,
    secret,
  });
  if (created.status !== 201) await receiver.close();
  expect(created.status).toBe(201);
  return receiver;
}
