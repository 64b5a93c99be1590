import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { io, type Socket } from 'socket.io-client';
import type { Acknowledgement, ErrorObject } from '../conversation/protocol.js';
import type { Transport } from '../conversation/transport.js';

export type ConnectionStatus = 'idle' | 'connecting' | 'online' | 'offline' | 'refused';

/** Said once per page to the site's owner: the origin to add to the key, or a user hash that does not verify. */
let originWarned = false;

export interface ConnectionTarget {
  /** The Parley server's base URL (the socket lives at `<base>socket.io/`). */
  server: string;
  /** A publishable key or a share token. */
  credential: string;
}

export interface ConnectionListener {
  online(): void;
  offline(): void;
  event(type: string, data: unknown): void;
}

/**
 * The socket to the Parley server while the host is in the page: Socket.IO
 * with reconnection and backoff, a refused handshake (bad key, origin not
 * allowed) kept as `refused`, and every server event passed on. Messages are acknowledged; a request while offline fails at once
 * (the chat session keeps it queued).
 */
export class ConnectionController implements ReactiveController, Transport {
  status: ConnectionStatus = 'idle';
  /** Why the server refused the handshake (`refused`): its error, as the contract shapes it. */
  refusal: ErrorObject | null = null;
  #socket: Socket | null = null;

  readonly #host: ReactiveControllerHost;
  readonly #target: () => ConnectionTarget | null;
  readonly #listener: ConnectionListener;

  constructor(
    host: ReactiveControllerHost,
    target: () => ConnectionTarget | null,
    listener: ConnectionListener,
  ) {
    this.#host = host;
    this.#target = target;
    this.#listener = listener;
    host.addController(this);
  }

  get online(): boolean {
    return this.status === 'online';
  }

  hostConnected(): void {
    this.open();
    window.addEventListener('online', this.#onBrowserOnline);
    window.addEventListener('offline', this.#onBrowserOffline);
  }

  hostDisconnected(): void {
    window.removeEventListener('online', this.#onBrowserOnline);
    window.removeEventListener('offline', this.#onBrowserOffline);
    this.#close();
    this.#setStatus('idle');
  }

  /** Connect (again): after a refusal, or when the target changed. */
  open(): void {
    const target = this.#target();
    this.#close();
    if (!target) return;
    const base = new URL(target.server, document.baseURI);
    const socket = io(base.origin, {
      path: `${base.pathname.replace(/\/?$/, '/')}socket.io`,
      auth: { key: target.credential },
      transports: ['websocket', 'polling'],
      reconnectionDelay: 1000,
      reconnectionDelayMax: 15_000,
      randomizationFactor: 0.5,
    });
    this.#socket = socket;
    this.#setStatus('connecting');
    socket.on('connect', () => {
      this.#setStatus('online');
      this.#listener.online();
    });
    socket.on('disconnect', (reason) => {
      if (this.#socket !== socket) return;
      this.#setStatus('offline');
      this.#listener.offline();
      // The server closed this socket (a restart, a deploy): come back like after a network loss.
      if (reason === 'io server disconnect') socket.connect();
    });
    socket.on('connect_error', (error: Error & { data?: ErrorObject }) => {
      if (socket.active) {
        this.#setStatus('offline');
        return;
      }
      // The server refused the handshake: retrying on its own would not help.
      this.refuse(error.data ?? null);
    });
    socket.onAny((type: string, data: unknown) => this.#listener.event(type, data));
  }

  request<Answer extends object>(
    event: string,
    payload: object,
    timeoutMs?: number,
  ): Promise<Acknowledgement<Answer>> {
    const socket = this.#socket;
    if (!socket?.connected)
      return Promise.resolve({ ok: false, error: { code: 'offline', message: 'Not connected' } });
    return new Promise((resolve) => {
      if (timeoutMs === undefined) {
        socket.emit(event, payload, resolve);
        return;
      }
      socket
        .timeout(timeoutMs)
        .emit(event, payload, (error: Error | null, answer: Acknowledgement<Answer>) => {
          resolve(
            error ? { ok: false, error: { code: 'timeout', message: 'No answer from the server' } } : answer,
          );
        });
    });
  }

  /** Refused (the handshake, or a user hash that does not verify): closed, and the site's owner told why. */
  refuse(refusal: ErrorObject | null): void {
    this.#close();
    this.refusal = refusal;
    if (refusal?.code === 'permission_error') warnSiteOwner(refusal);
    this.#setStatus('refused');
  }

  #close(): void {
    const socket = this.#socket;
    this.#socket = null;
    socket?.disconnect();
  }

  /** The browser says the network is back: try now rather than after the backoff. */
  readonly #onBrowserOnline = () => {
    const socket = this.#socket;
    if (socket && !socket.connected && socket.active) socket.disconnect().connect();
    this.#host.requestUpdate();
  };

  /** The visitor's network is gone (not the server): the banner says which. */
  readonly #onBrowserOffline = () => this.#host.requestUpdate();

  #setStatus(status: ConnectionStatus): void {
    if (this.status === status) return;
    this.status = status;
    this.#host.requestUpdate();
  }
}

/**
 * The key may not be used from this page's origin, or `data-user-hash` does not verify: the site's
 * owner learns which origin to allow, or that the hash needs the app's identity secret.
 */
function warnSiteOwner(refusal: ErrorObject): void {
  if (originWarned) return;
  originWarned = true;
  const details = refusal.details ?? {};
  if (details.reason === 'identity_unverified') {
    console.warn(
      `Parley: the user hash does not verify for user id ${details.user_id}; compute it with the app's identity secret.`,
    );
    return;
  }
  const origin = typeof details.origin === 'string' ? details.origin : location.origin;
  console.warn(
    `Parley: the chat is not available on this site: the key in data-key does not allow the origin ${origin}. ` +
      `Add "${origin}" to the key's allowed origins (allowed_origins: a key made with it in the console or with POST /v1/keys).`,
  );
}
