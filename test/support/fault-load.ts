/**
 * Visitors that keep asking through nginx while a test breaks something: some over HTTP
 * (`POST /v1/apps/{id}/execute`, admin key), some over a widget socket (`execute`, publishable key),
 * each in a session of its own with a distinct question per turn, recording what each one saw and
 * how long it waited. A visitor never waits longer than the bound: a request still unanswered then is
 * given up and recorded as a hang.
 */
import type { Socket } from 'socket.io-client';
import { expect } from 'vitest';
import { connectSocket } from './socket-client.js';
import { eventually, type TwoNodes } from './two-nodes.js';

export interface ErrorObject {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

export interface Outcome {
  via: 'http' | 'socket';
  sessionId: string;
  message: string;
  answered: boolean;
  /** The HTTP status (a socket's `unavailable` counts as 503); 0 when the visitor gave up waiting. */
  status: number;
  error?: ErrorObject;
  retryAfter?: string | null;
  durationMs: number;
}

export interface Visitors {
  outcomes: Outcome[];
  sockets: Socket[];
  answeredCount(): number;
  answeredAtLeast(count: number, timeoutMs?: number): Promise<void>;
  /** Each session's questions, and whether each was answered. */
  questionsBySession(): Map<string, { message: string; answered: boolean }[]>;
  /** How many outcomes of each kind (for failure messages). */
  summary(): Record<string, number>;
  stop(): Promise<void>;
}

export interface VisitorOptions {
  cluster: TwoNodes;
  appId: string;
  publishableKey: string;
  origin: string;
  boundMs: number;
  httpVisitors?: number;
  socketVisitors?: number;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function statusOf(error: ErrorObject | undefined): number {
  if (!error) return 0;
  const statuses: Record<string, number> = { unavailable: 503, rate_limited: 429, internal_error: 500 };
  return statuses[error.code] ?? 400;
}

export async function startVisitors(options: VisitorOptions): Promise<Visitors> {
  const { cluster, appId, publishableKey, origin, boundMs } = options;
  const outcomes: Outcome[] = [];
  const sockets: Socket[] = [];
  let running = true;
  const widgetHeaders = { authorization: `Bearer ${publishableKey}`, origin };
  const newSession = async (headers: Record<string, string> = {}) => {
    const response = await cluster.request('nginx', 'POST', `/v1/apps/${appId}/sessions`, {}, headers);
    const body = await response.json();
    expect(response.status, JSON.stringify(body)).toBe(201);
    return body.session_id as string;
  };

  const httpVisitor = async (index: number) => {
    const sessionId = await newSession();
    for (let turn = 0; running; turn++) {
      const message = `HTTP visitor ${index}, question ${turn}`;
      const started = Date.now();
      const outcome: Outcome = { via: 'http', sessionId, message, answered: false, status: 0, durationMs: 0 };
      try {
        const response = await fetch(`${cluster.nginxUrl}/v1/apps/${appId}/execute`, {
          method: 'POST',
          headers: { authorization: `Bearer ${cluster.adminKey}`, 'content-type': 'application/json' },
          body: JSON.stringify({ session_id: sessionId, message }),
          signal: AbortSignal.timeout(boundMs),
        });
        const text = await response.text();
        outcome.status = response.status;
        outcome.retryAfter = response.headers.get('retry-after');
        const body = JSON.parse(text);
        if (response.status === 200) outcome.answered = typeof body.response === 'string';
        else outcome.error = body.error;
      } catch (error) {
        outcome.error = { code: 'no_answer', message: String(error) };
      }
      outcome.durationMs = Date.now() - started;
      outcomes.push(outcome);
      if (!outcome.answered) await pause(200);
    }
  };

  const socketVisitor = async (index: number) => {
    const sessionId = await newSession(widgetHeaders);
    let socket: Socket | null = null;
    for (let turn = 0; running; turn++) {
      const message = `Widget visitor ${index}, question ${turn}`;
      const started = Date.now();
      const outcome: Outcome = {
        via: 'socket',
        sessionId,
        message,
        answered: false,
        status: 0,
        durationMs: 0,
      };
      try {
        if (!socket?.connected) {
          socket?.close();
          socket = await connectSocket(cluster.nginxUrl, publishableKey, { origin });
          sockets.push(socket);
        }
        const acknowledgement = (await socket.timeout(boundMs).emitWithAck('execute', {
          app_id: appId,
          session_id: sessionId,
          message,
          request_id: `fault-${index}-${turn}-${Date.now()}`,
        })) as { ok: boolean; error?: ErrorObject };
        outcome.answered = acknowledgement.ok === true;
        if (!acknowledgement.ok) {
          outcome.error = acknowledgement.error;
          outcome.status = statusOf(acknowledgement.error);
        } else outcome.status = 200;
      } catch (error) {
        outcome.error = { code: 'no_answer', message: String(error) };
      }
      outcome.durationMs = Date.now() - started;
      outcomes.push(outcome);
      if (!outcome.answered) await pause(200);
    }
    socket?.close();
  };

  const everyVisitor = [
    ...Array.from({ length: options.httpVisitors ?? 3 }, (_, index) => httpVisitor(index)),
    ...Array.from({ length: options.socketVisitors ?? 2 }, (_, index) => socketVisitor(index)),
  ];
  const answeredCount = () => outcomes.filter((outcome) => outcome.answered).length;
  const summary = () => {
    const counts: Record<string, number> = {};
    for (const outcome of outcomes) {
      const kind = outcome.answered
        ? `${outcome.via} answered`
        : `${outcome.via} ${outcome.status} ${outcome.error?.code}: ${outcome.error?.message?.slice(0, 100)}`;
      counts[kind] = (counts[kind] ?? 0) + 1;
    }
    return counts;
  };
  return {
    outcomes,
    sockets,
    answeredCount,
    summary,
    answeredAtLeast: (count, timeoutMs = 30_000) =>
      eventually(
        async () => expect(answeredCount(), JSON.stringify(summary())).toBeGreaterThanOrEqual(count),
        timeoutMs,
      ),
    questionsBySession() {
      const bySession = new Map<string, { message: string; answered: boolean }[]>();
      for (const { sessionId, message, answered } of outcomes) {
        const list = bySession.get(sessionId) ?? [];
        list.push({ message, answered });
        bySession.set(sessionId, list);
      }
      return bySession;
    },
    async stop() {
      running = false;
      await Promise.all(everyVisitor);
    },
  };
}
