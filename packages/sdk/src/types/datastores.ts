import type { RequestOptions } from './common.js';

export type { Datastore, DatastoreDocument, DocumentStatus } from '@parley/contract';

export interface DatastoreCreateParams {
  /** 1–100 characters. */
  name: string;
  /** At most 1000 characters. */
  description?: string;
  /** Visitors may open cited documents' original files (kept only while true); default false. */
  public?: boolean;
}

/** Only the fields present are changed. */
export type DatastoreUpdateParams = Partial<DatastoreCreateParams>;

export interface DocumentUploadParams {
  /** The document's bytes: PDF, DOCX, HTML, Markdown or plain text (a `File` is a `Blob`). */
  file: Blob | Uint8Array;
  /** 1–200 characters, e.g. `return-policy.pdf`; without `contentType` the extension says the format. */
  name: string;
  /** e.g. `application/pdf`; default: the Blob's own type. */
  contentType?: string;
}

export interface TextDocumentParams {
  /** 1–200 characters, e.g. `returns.md`; the extension says the format (`.md`, `.html`, else plain text). */
  name: string;
  /** 1–1,000,000 characters. */
  text: string;
}

/** `waitUntilProcessed`: `timeoutMs` bounds the whole wait, not one request. */
export interface WaitOptions extends RequestOptions {
  /** Milliseconds between two polls, default 1000. */
  intervalMs?: number;
  /** Give up after this many milliseconds (`timeout_error`), default 300000; 0: wait as long as it takes. */
  timeoutMs?: number;
}
