import crypto from 'node:crypto';
import http from 'node:http';
import net from 'node:net';

/** The webhook outage acceptance test's receiver (a plain node:http server verifying with the seed's code), and the API's shapes it reads. */

// ---------------------------------------------------------------------------
// The receiver: a plain node:http server verifying with the seed's code

export interface WebhookBody {
  event: string;
  timestamp: string;
  data: Record<string, unknown>;
}

export interface Arrival {
  eventId: string;
  event: string;
  headerEvent: string | undefined;
  sessionId: string | null;
  body: WebhookBody;
}

export interface Receiver {
  url: string;
  arrivals: Arrival[];
  /** Why a request was refused (a bad signature or body). */
  failures: string[];
  up(): Promise<void>;
  close(): Promise<void>;
}

/** A port that is free now: listen on 0, note the port, close. */
export async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = probe.address() as net.AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

export function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Not listening until `up()`: until then Parley's deliveries to its URL are refused. */
export function createReceiver(port: number, webhookSecret: string): Receiver {
  const arrivals: Arrival[] = [];
  const failures: string[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const rawBody = Buffer.concat(chunks);
      // The seed's verification code, with the header name changed.
      const signature = request.headers['x-parley-signature'];
      const expected = crypto.createHmac('sha256', webhookSecret).update(rawBody).digest('hex');
      if (signature !== expected) {
        failures.push(`bad signature for ${headerValue(request.headers['x-parley-event-id'])}`);
        response.writeHead(401).end();
        return;
      }
      let body: WebhookBody;
      try {
        body = JSON.parse(rawBody.toString('utf8')) as WebhookBody;
      } catch {
        failures.push(`body is not JSON: ${rawBody.toString('utf8').slice(0, 200)}`);
        response.writeHead(400).end();
        return;
      }
      const sessionId = body.data?.session_id;
      arrivals.push({
        eventId: headerValue(request.headers['x-parley-event-id']) ?? '',
        event: body.event,
        headerEvent: headerValue(request.headers['x-parley-event']),
        sessionId: typeof sessionId === 'string' ? sessionId : null,
        body,
      });
      response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  return {
    url: `http://127.0.0.1:${port}/parley-hooks`,
    arrivals,
    failures,
    up: () =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', () => resolve());
      }),
    close: () =>
      new Promise((resolve) => {
        if (!server.listening) return resolve();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// ---------------------------------------------------------------------------
// What the API answers

export interface DeliveryAttempt {
  at: string;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
}

export interface Delivery {
  id: string;
  event: string;
  session_id: string | null;
  status: 'pending' | 'delivered' | 'failed';
  attempts: DeliveryAttempt[];
}

export interface ListPage<Item> {
  data: Item[];
  has_more: boolean;
  next_cursor: string | null;
}

export interface SessionMetadata {
  userProfile: { name: string };
  channel: string;
  [key: string]: unknown;
}

/** One of the 100 sessions, and which of its changes were answered (and so are owed an event). */
export interface SessionSlot {
  index: number;
  userId: string;
  metadata: SessionMetadata;
  /** The session of the answered create (a cut create may leave an unknown one behind). */
  sessionId: string | null;
  createAnswered: boolean;
  escalateAnswered: boolean;
  /** `answered`: 200; `cut-took-effect`: a cut DELETE ended it (the retry answered 404). */
  end: 'answered' | 'cut-took-effect' | null;
}
