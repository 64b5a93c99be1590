import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An activity the bot sent, as the connector service stored it (after any update). */
export interface ServiceActivity {
  /** The id the service gave it. */
  id: string;
  conversationId: string;
  /** The activity it answered (`POST …/activities/:activityId`), if any. */
  replyTo: string | null;
  type: string;
  text?: string;
  textFormat?: string;
  attachments?: { contentType: string; content: Record<string, unknown> }[];
  entities?: Record<string, unknown>[];
  from?: { id: string; name?: string };
  [key: string]: unknown;
}

/** One call the bot made to the connector service, in arrival order. */
export interface ServiceCall {
  method: string;
  path: string;
  conversationId: string;
  /** The activity id in the path (a reply's target, an update's subject). */
  activityId: string | null;
  authorization: string | undefined;
  body: Record<string, unknown>;
}

export interface BotFrameworkService {
  /** The `serviceUrl` to put in activities, ending with `/`. */
  url: string;
  calls: ServiceCall[];
  /** The activities of a conversation, oldest first, each as last updated. */
  activities(conversationId: string): ServiceActivity[];
  /** Waits until `predicate` holds (bounded); returns its last result. */
  waitFor<T>(predicate: () => T | undefined | null | false, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}

const activityPath = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?\/?$/;

/**
 * A local stand-in for the Bot Framework connector service (the `serviceUrl` of an
 * activity): it answers the calls a bot makes to reply to, send to and update activities
 * as the real service does (`{ id }`), and records them.
 */
export async function startBotFrameworkService(): Promise<BotFrameworkService> {
  const calls: ServiceCall[] = [];
  const stored: ServiceActivity[] = [];
  let counter = 0;

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://service');
      const match = activityPath.exec(url.pathname);
      if (!match) {
        answer(response, 404, { error: { code: 'NotFound', message: `No route ${url.pathname}` } });
        return;
      }
      const conversationId = decodeURIComponent(match[1] ?? '');
      const activityId = match[2] ? decodeURIComponent(match[2]) : null;
      let body: Record<string, unknown> = {};
      try {
        body = chunks.length > 0 ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof body) : {};
      } catch {
        answer(response, 400, { error: { code: 'BadArgument', message: 'Invalid JSON' } });
        return;
      }
      calls.push({
        method: request.method ?? 'GET',
        path: url.pathname,
        conversationId,
        activityId,
        authorization: request.headers.authorization,
        body,
      });
      if (request.method === 'POST') {
        const id = `bot-activity-${++counter}`;
        stored.push({ ...(body as object), id, conversationId, replyTo: activityId } as ServiceActivity);
        answer(response, 200, { id });
        return;
      }
      const index = stored.findIndex(
        (activity) => activity.id === activityId && activity.conversationId === conversationId,
      );
      if (index === -1) {
        answer(response, 404, { error: { code: 'ActivityNotFound', message: 'Unknown activity' } });
        return;
      }
      const existing = stored[index] as ServiceActivity;
      if (request.method === 'PUT') {
        stored[index] = {
          ...(body as object),
          id: existing.id,
          conversationId,
          replyTo: existing.replyTo,
        } as ServiceActivity;
        answer(response, 200, { id: existing.id });
      } else if (request.method === 'DELETE') {
        stored.splice(index, 1);
        answer(response, 200, {});
      } else answer(response, 405, { error: { code: 'MethodNotAllowed', message: 'Method not allowed' } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/`,
    calls,
    activities: (conversationId) => stored.filter((activity) => activity.conversationId === conversationId),
    async waitFor(predicate, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const result = predicate();
        if (result) return result;
        if (Date.now() > deadline) throw new Error(`timed out; the service saw ${JSON.stringify(calls)}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function answer(response: ServerResponse, status: number, body: unknown): void {
  response.statusCode = status;
  response.setHeader('content-type', 'application/json; charset=utf-8');
  response.end(JSON.stringify(body));
}
