import type { Engine, SessionEvent } from '@parley/engine';
import proxyAddress from 'proxy-addr';
import type { Server, Socket } from 'socket.io';
import { authenticateConsoleCookie } from '../edge/console-cookie.js';
import { errorObjectOf } from '../edge/error-mapping.js';
import type { FailedAuthenticationThrottle } from '../edge/rate-limits/failed-authentication.js';
import type { Logger } from '../logger.js';
import { authenticateConsoleSocket, type ConsoleCredentials } from './console-authentication.js';
import { ConsoleConnection } from './console-connection.js';

export interface ConsoleSocketOptions extends ConsoleCredentials {
  trustProxy?: (address: string, hop: number) => boolean;
  authThrottle?: FailedAuthenticationThrottle;
}

/** Every connected console is in this room: session summaries and escalations go to all of them. */
const everyConsole = 'consoles';

/**
 * The live operator feed: the Socket.IO namespace `/console` on the widget's server
 * (docs/socket-protocol.md). A console hears `session` (a session's summary, as the inbox lists it,
 * whenever it changes), `escalated`, `assigned` and `resolved` for every session of every app, and
 * for the sessions it `watch`es their turns as they happen (`turn`), a person's messages
 * (`human_message`) and `typing`. Everything comes from the engine's bus; nothing is polled.
 */
export function attachConsoleSocket(
  io: Server,
  engine: Engine,
  logger: Logger,
  options: ConsoleSocketOptions = {},
): { close(): void } {
  const namespace = io.of('/console');
  const credentials: ConsoleCredentials = {
    cookie: options.cookie ?? ((cookieHeader) => authenticateConsoleCookie(engine, cookieHeader)),
  };
  const trustProxy = options.trustProxy ?? (() => false);
  const check = (socket: Socket) => ({
    engine,
    throttle: options.authThrottle,
    clientIp: proxyAddress(socket.request, trustProxy),
  });

  namespace.use(async (socket, next) => {
    try {
      await authenticateConsoleSocket(socket, credentials, check(socket));
      next();
    } catch (error) {
      const failure = errorObjectOf(error);
      next(Object.assign(new Error(failure.message), { data: failure }));
    }
  });

  namespace.on('connection', (socket) => {
    socket.join(everyConsole);
    // Checked again without the throttle: a credential that stood a moment ago is not a guess.
    new ConsoleConnection(socket, engine, logger, () =>
      authenticateConsoleSocket(socket, credentials, { engine }),
    );
  });

  const stopChanges = engine.inbox.followChanges(({ session_id: sessionId }) => {
    if (namespace.sockets.size === 0) return;
    engine.inbox.summary(sessionId).then(
      (summary) => {
        if (summary) namespace.to(everyConsole).emit('session', summary);
      },
      (error: unknown) => logger.error({ err: error }, 'console session summary failed'),
    );
  });
  const stopSessions = engine.inbox.followSessions((event: SessionEvent) => {
    if (namespace.sockets.size === 0) return;
    if (event.type === 'escalated')
      engine.inbox.summary(event.session_id).then(
        (session) =>
          namespace
            .to(everyConsole)
            .emit('escalated', { session_id: event.session_id, reason: event.reason, session }),
        (error: unknown) => logger.error({ err: error }, 'console escalation failed'),
      );
    else if (event.type === 'assigned')
      namespace.to(everyConsole).emit('assigned', { session_id: event.session_id, operator: event.operator });
    else if (event.type === 'resolved')
      namespace.to(everyConsole).emit('resolved', { session_id: event.session_id });
  });

  return {
    close() {
      stopChanges();
      stopSessions();
      namespace.disconnectSockets(true);
    },
  };
}
