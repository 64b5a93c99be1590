import { io, type Socket } from 'socket.io-client';

export interface ConnectSocketOptions {
  /** Sent as the `origin` header, as a browser on that site would. */
  origin?: string;
  /** Further handshake headers (e.g. `x-forwarded-for`). */
  headers?: Record<string, string>;
}

/**
 * Opens a Socket.IO connection over WebSocket only, with its own manager and
 * no reconnection: resolves once connected, rejects (after closing) with the
 * connect error. With `key` undefined the handshake carries no key at all.
 */
export function connectSocket(
  url: string,
  key: string | undefined,
  options: ConnectSocketOptions = {},
): Promise<Socket> {
  const { origin, headers } = options;
  const socket = io(url, {
    auth: key === undefined ? {} : { key },
    transports: ['websocket'],
    extraHeaders: { ...(origin ? { origin } : {}), ...headers },
    reconnection: false,
    forceNew: true,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
}
