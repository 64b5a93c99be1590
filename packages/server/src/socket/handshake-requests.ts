import { type IncomingMessage, ServerResponse } from 'node:http';
import type { Server } from 'socket.io';

/** What engine.io answers a WebSocket upgrade with (its `WebSocketResponse`): it holds the request. */
interface UpgradeResponse {
  req: IncomingMessage | null;
}

/** What engine.io keeps of a connection: the request that opened it. */
interface EngineConnection {
  request: IncomingMessage;
}

/**
 * What a socket goes on reading from the request that opened it: what Socket.IO copies into each
 * namespace's `socket.handshake` (headers, url, query, whether it came over TLS) and the peer's
 * address, from which `proxy-addr` finds the visitor behind a trusted proxy. Everything else of the
 * `IncomingMessage` (raw headers, stream state, listeners) is let go.
 */
export function handshakeRequest(request: IncomingMessage): IncomingMessage {
  const peer = {
    remoteAddress: request.socket.remoteAddress,
    encrypted: 'encrypted' in request.socket && request.socket.encrypted === true,
  };
  const kept = {
    headers: request.headers,
    url: request.url,
    _query: (request as IncomingMessage & { _query?: unknown })._query,
    socket: peer,
    connection: peer,
  };
  // Shaped as the parts of an IncomingMessage that Socket.IO and proxy-addr read, and no more.
  return kept as unknown as IncomingMessage;
}

/**
 * Lets go of each connection's HTTP request once its handshake is answered: by default a socket
 * keeps the whole `IncomingMessage` for its lifetime, about 1 KB each of 10,000 idle widget sockets
 * (docs/benchmarks.md, "10,000 idle widget sockets"). Socket.IO's advice (`rawSocket.request =
 * null`) is not enough over WebSocket: engine.io's upgrade response keeps the request too, from a
 * `close` listener on the TCP socket, so that reference is dropped once the upgrade's headers are
 * written. The socket keeps what `handshakeRequest` keeps, so every namespace opened on the
 * connection later (the console's `/console` next to the widget's `/`) still sees its headers,
 * origin, cookie and address.
 */
export function releaseHandshakeRequests(io: Server): void {
  const upgradeResponses = new WeakMap<IncomingMessage, UpgradeResponse>();
  io.engine.use((request: IncomingMessage, response: unknown, next: () => void) => {
    if (!(response instanceof ServerResponse)) upgradeResponses.set(request, response as UpgradeResponse);
    next();
  });
  // Emitted as the upgrade's answer is written; engine.io reads nothing of the request after it.
  io.engine.on('headers', (_headers: unknown, request: IncomingMessage) => {
    const response = upgradeResponses.get(request);
    if (response) response.req = null;
  });
  io.engine.on('connection', (connection: EngineConnection) => {
    connection.request = handshakeRequest(connection.request);
  });
}
