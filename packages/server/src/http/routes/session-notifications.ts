import * as schemas from '@parley/contract/schemas';
import { type Engine, requireAppAccess, type SessionEvent } from '@parley/engine';
import type { Request } from 'express';
import { bearerCredential } from '../../edge/authentication.js';
import { openServerSentEvents } from '../server-sent-events.js';
import { alreadyAnswered, defineRoute } from './define-route.js';

type StoredMessage = { id: string; role: string; content: string; timestamp: string; author?: string | null };

const notificationsDescription =
  'Server-Sent Events: `following {session_id, last_message_id}` first (the newest message so far, also the ' +
  "stream's `id:`; give it as `after` when opening the stream again, on the next page), then " +
  '`human_message {session_id, message: {id, role, content, timestamp, author}}` for each message a person writes ' +
  '(its `id:` is the message id, so a reconnecting `EventSource` sends it back as `Last-Event-ID` and misses nothing), ' +
  'and `resolved {session_id}` when the session is handed back to the bot, or at once when it is not escalated; the ' +
  'stream ends after `resolved` and the client should not reconnect.';

/** The key the request authenticated with, to check again before each event (a key deleted since ends the stream). */
function credentialOf(request: Request): string {
  return bearerCredential(request.get('authorization')) ?? String(request.query.key ?? '');
}

/** A person's messages after `after` (a message id) in the history; none when the id is not in it. */
function writtenAfter(messages: StoredMessage[], after: string | undefined): StoredMessage[] {
  const index = after ? messages.findIndex((message) => message.id === after) : -1;
  return index < 0 ? [] : messages.slice(index + 1).filter((message) => message.role === 'human_agent');
}

/** The key still stands (a console operator's cookie, not a key, is not checked again here). */
function stillAllowed(engine: Engine, credential: string): Promise<boolean> {
  if (credential === '') return Promise.resolve(true);
  return engine.authenticate(credential).then(
    () => true,
    () => false,
  );
}

/**
 * The smallest live channel a visitor needs while the chat is closed: the widget's loader opens it
 * (an `EventSource`) only while the stored session is escalated, to show an unread badge and a preview
 * without loading the chat. The events come from the engine's bus, so a reply posted on any node arrives.
 */
export const sessionNotificationRoutes = [
  defineRoute({
    method: 'get',
    path: '/v1/apps/:app_id/sessions/:session_id/notifications',
    operationId: 'streamSessionNotifications',
    summary: "Follow a session's replies from people as Server-Sent Events",
    description:
      "What the widget's loader listens to while the chat is closed and the session is escalated. A publishable key " +
      'reaches only the sessions it opened, from its allowed origins. A browser `EventSource` cannot send ' +
      '`Authorization`: it gives the publishable key as `?key=` instead. With `after` (or `Last-Event-ID`), the ' +
      "person's messages written since that message are sent first. Events: " +
      notificationsDescription.replace(/^Server-Sent Events: /, ''),
    tag: 'Handoff',
    access: 'app',
    credentialInQuery: true,
    params: schemas.sessionPath,
    query: schemas.sessionNotificationsQuery,
    streams: 'always',
    streamDescription: notificationsDescription,
    handle: async ({ engine, services, params, query, principal, request, response, signal }) => {
      requireAppAccess(principal, params.app_id);
      const sessionId = params.session_id;
      const credential = credentialOf(request);
      // Followed before the history is read, so that nothing written in between is lost.
      const heard: SessionEvent[] = [];
      let deliver = (event: SessionEvent) => void heard.push(event);
      const unsubscribe = engine.sessions.follow(sessionId, (event) => deliver(event));
      const history = await engine.sessions.history(params.app_id, sessionId, principal).catch((error) => {
        unsubscribe();
        throw error;
      });
      const events = openServerSentEvents(response);
      const sent = new Set<string>();
      const sendMessage = (message: StoredMessage) => {
        if (sent.has(message.id)) return;
        sent.add(message.id);
        const { id, role, content, timestamp, author } = message;
        const data = {
          session_id: sessionId,
          message: { id, role, content, timestamp, author: author ?? null },
        };
        events.write(`id: ${id}\nevent: human_message\ndata: ${JSON.stringify(data)}`);
      };
      let forgetStop = () => {};
      const finish = () => {
        unsubscribe();
        forgetStop();
        events.end();
      };
      const resolve = () => {
        events.write(`event: resolved\ndata: ${JSON.stringify({ session_id: sessionId })}`);
        finish();
      };
      // The node stops: the stream ends (its EventSource reconnects, with Last-Event-ID, to another node).
      forgetStop = services.whenStopping(finish);
      signal.addEventListener('abort', finish, { once: true });
      if (signal.aborted) finish();
      // What the client missed. A reconnect's `Last-Event-ID` is newer than the `after` its URL was opened with.
      const replay = () => {
        for (const message of writtenAfter(history.messages, request.get('last-event-id') ?? query.after))
          sendMessage(message);
      };
      // In order, each once the credential still stands (checked again as the widget's socket does).
      let previous = Promise.resolve();
      deliver = (event) => {
        previous = previous.then(async () => {
          if (!(await stillAllowed(engine, credential))) finish();
          else if (event.type === 'resolved') resolve();
          else if (event.type === 'message' && event.message.role === 'human_agent')
            sendMessage(event.message);
        });
      };
      if (!history.escalated) {
        replay();
        resolve();
      } else {
        // Where the client stands: the newest message so far, its id also the stream's, so that a
        // reconnect (Last-Event-ID) or the next page (`after`) gets what is written from now on.
        const last = history.messages.at(-1)?.id ?? null;
        const data = JSON.stringify({ session_id: sessionId, last_message_id: last });
        events.write(`${last ? `id: ${last}\n` : ''}event: following\ndata: ${data}`);
        replay();
        for (const event of heard) deliver(event);
      }
      return alreadyAnswered;
    },
  }),
];
