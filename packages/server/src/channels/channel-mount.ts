import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * An HTTP endpoint of a chat connector. It gets the raw request (a platform's
 * signature covers the exact bytes), mounted ahead of Parley's own body parsing.
 */
export interface ChannelEndpoint {
  method: 'GET' | 'POST';
  path: string;
  handle(request: IncomingMessage, response: ServerResponse): void | Promise<void>;
}

/** A connector as the server runs it: its endpoints, and what it starts and stops with the server. */
export interface ChannelMount {
  endpoints: ChannelEndpoint[];
  /** Called once the server listens (Socket Mode connects, the bridge follows sessions). */
  start(): Promise<void>;
  stop(): Promise<void>;
}
