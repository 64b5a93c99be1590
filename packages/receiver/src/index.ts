import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * How the server reads an endpoint's body before `handle`. `raw`: the exact bytes, read
 * within the server's body limit (a platform's signature covers them); over the limit the
 * server answers 413 with `Connection: close` itself and `handle` is not called. `none`: a
 * `GET` (an install page, an OAuth redirect), handed on with an empty body.
 */
export type EndpointBody = 'raw' | 'none';

/** An HTTP endpoint of a platform connector, mounted ahead of the server's own body parsing. */
export interface PlatformEndpoint {
  method: 'POST' | 'GET';
  path: string;
  body: EndpointBody;
  handle(request: IncomingMessage, response: ServerResponse, body: Buffer): void | Promise<void>;
}

/**
 * What a platform connector (Slack, Teams) shows the server: its endpoints, and what it
 * starts once the server listens (Socket Mode connects) and stops with it (work under way
 * is waited for). The server only mounts the endpoints and calls `start` and `stop`.
 */
export interface PlatformReceiver {
  endpoints: PlatformEndpoint[];
  start(): Promise<void>;
  stop(): Promise<void>;
}
