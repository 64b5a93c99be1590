import type { Acknowledgement, ErrorObject } from './protocol.js';

/** The socket as the chat session needs it (the connection controller, or a fake in tests). */
export interface Transport {
  readonly online: boolean;
  request<Answer extends object>(
    event: string,
    payload: object,
    timeoutMs?: number,
  ): Promise<Acknowledgement<Answer>>;
  /** The server refused this page (a user hash that does not verify): closed, and said so. */
  refuse(error: ErrorObject): void;
}

/** How long a request that is not a turn waits for its acknowledgement. */
export const replyTimeoutMs = 8000;
