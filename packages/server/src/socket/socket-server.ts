import { type Engine, unavailable } from '@parley/engine';
import proxyAddress from 'proxy-addr';
import type { Server, Socket } from 'socket.io';
import { authenticateSocketCredential } from '../edge/authentication.js';
import { errorObjectOf } from '../edge/error-mapping.js';
import { ConnectionLimit } from '../edge/rate-limits/connection-limit.js';
import type { CounterFactory } from '../edge/rate-limits/counters.js';
import type { FailedAuthenticationThrottle } from '../edge/rate-limits/failed-authentication.js';
import type { RateLimiter } from '../edge/rate-limits/plan-limit.js';
import type { Drain } from '../http/drain.js';
import type { Logger } from '../logger.js';
import { SocketConnection } from './connection.js';
import { socketHandlers } from './handlers/index.js';
import { SocketTurnRunner } from './turn-runner.js';

interface SocketData {
  credential: string;
}

export interface WidgetSocketOptions {
  /** Express's compiled `trust proxy`: the visitor's address behind a reverse proxy, as over HTTP. */
  trustProxy?: (address: string, hop: number) => boolean;
  /** New connections one client IP may open per minute. */
  connectionsPerMinute?: number;
  /** Failed handshakes count with the failed HTTP authentications of the same client IP. */
  authThrottle?: FailedAuthenticationThrottle;
  /** What the connection limit counts with (memory by default; Redis shares it between nodes). */
  counters?: CounterFactory;
  /** While the node stops, new connections are refused `unavailable` (the client connects elsewhere). */
  drain?: Drain;
}

export interface WidgetSocket {
  /** Resolves once no socket turn is running (a stopping node lets them finish first). */
  idle(): Promise<void>;
  /** Aborts the socket turns still running and waits for them (on the server's stop). */
  close(): Promise<void>;
}

/**
 * The widget's Socket.IO server (docs/socket-protocol.md): authenticated by a publishable
 * key or share token in the handshake (`auth: {key}`), checked again on every message
 * (`connection.ts`); each message has its handler in `handlers/`. `execute` and `chat` run
 * turns that outlive the socket and are kept in the engine's live-turn registry, so a client
 * resumes an answer after a reconnect and a message sent twice is answered once.
 */
export function attachWidgetSocket(
  io: Server,
  engine: Engine,
  limiter: RateLimiter,
  logger: Logger,
  options: WidgetSocketOptions = {},
): WidgetSocket {
  const runner = new SocketTurnRunner(logger);
  const trustProxy = options.trustProxy ?? (() => false);
  const clientIp = (socket: Socket) => proxyAddress(socket.request, trustProxy);
  const connections = new ConnectionLimit(options.connectionsPerMinute, options.counters);
  // Shared by every connection: an idle socket holds as little of its own as it can.
  const handlers = new Map(Object.entries(socketHandlers));
  const services = { engine, limiter, runner, logger };

  io.use(async (socket, next) => {
    try {
      if (options.drain?.draining) throw unavailable('This server (it is stopping)', undefined, 1);
      const address = clientIp(socket);
      await connections.admit(address);
      const credential: unknown = socket.handshake.auth?.key;
      await authenticateSocketCredential(credential, socket.handshake.headers.origin, {
        engine,
        throttle: options.authThrottle,
        clientIp: address,
      });
      (socket.data as SocketData).credential = credential as string;
      next();
    } catch (error) {
      const failure = errorObjectOf(error);
      next(Object.assign(new Error(failure.message), { data: failure }));
    }
  });

  io.on('connection', (socket) => {
    const { credential } = socket.data as SocketData;
    new SocketConnection(socket, credential, clientIp(socket), services, handlers);
  });

  return { idle: () => runner.idle(), close: () => runner.close() };
}
