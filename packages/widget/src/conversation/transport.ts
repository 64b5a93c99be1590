import type { Acknowledgement } from './protocol.js';

/** The socket as the chat session needs it (the connection controller, or a fake in tests). */
export interface Transport {
  readonly online: boolean;
  request<Answer extends object>(
    event: string,
    payload: object,
    timeoutMs?: number,
  ): Promise<Acknowledgement<Answer>>;
}

/** How long a request that is not a turn waits for its acknowledgement. */
export const replyTimeoutMs = 8000;
