/** Shapes shared by every part of the API; the answers' own come from the contract. */

export type { Deleted, JsonObject, JsonValue, List } from '@parley/contract';

export interface ListParams {
  /** 1–100, the server's default is 20. */
  limit?: number;
  /** `next_cursor` of the previous page. */
  cursor?: string;
}

/** Options every call accepts. */
export interface RequestOptions {
  /** Aborting it cancels the request; the call then rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Overrides the client's `timeoutMs` for this call; 0 turns the timeout off. */
  timeoutMs?: number;
  /** Extra headers for this call. */
  headers?: Record<string, string>;
}
