/** Shapes shared by every part of the API. */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** Every list answers with one page of `data` and a cursor to the next page. */
export interface List<T> {
  data: T[];
  has_more: boolean;
  next_cursor: string | null;
}

export interface ListParams {
  /** 1–100, the server's default is 20. */
  limit?: number;
  /** `next_cursor` of the previous page. */
  cursor?: string;
}

/** What a `DELETE` of a resource answers. */
export interface Deleted {
  id: string;
  deleted: true;
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
