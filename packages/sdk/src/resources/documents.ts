import { ParleyApiError } from '../errors.js';
import { type HttpClient, pathOf } from '../http.js';
import type { Deleted, List, ListParams, RequestOptions } from '../types/common.js';
import type {
  DatastoreDocument,
  DocumentUploadParams,
  TextDocumentParams,
  WaitOptions,
} from '../types/datastores.js';

export const defaultPollIntervalMs = 1_000;
export const defaultProcessingTimeoutMs = 300_000;

export interface DocumentsResource {
  /**
   * `POST /v1/datastores/:id/documents` as `multipart/form-data` (`file` and `name`). Answers with
   * `status: 'processing'`; see `waitUntilProcessed`.
   */
  upload(
    datastoreId: string,
    params: DocumentUploadParams,
    options?: RequestOptions,
  ): Promise<DatastoreDocument>;
  /** `POST /v1/datastores/:id/documents` with JSON `{name, text}`. */
  uploadText(
    datastoreId: string,
    params: TextDocumentParams,
    options?: RequestOptions,
  ): Promise<DatastoreDocument>;
  /** `GET /v1/datastores/:id/documents` */
  list(datastoreId: string, params?: ListParams, options?: RequestOptions): Promise<List<DatastoreDocument>>;
  /** `GET /v1/datastores/:id/documents/:document_id` */
  get(datastoreId: string, documentId: string, options?: RequestOptions): Promise<DatastoreDocument>;
  /** `DELETE /v1/datastores/:id/documents/:document_id`: answers stop citing it at once. */
  delete(datastoreId: string, documentId: string, options?: RequestOptions): Promise<Deleted>;
  /**
   * Polls `get` every `intervalMs` until the document is no longer `processing`, and answers it:
   * `ready`, or `failed` with `error` (not thrown). After `timeoutMs` rejects with `timeout_error`.
   */
  waitUntilProcessed(
    datastoreId: string,
    documentId: string,
    options?: WaitOptions,
  ): Promise<DatastoreDocument>;
}

/** The upload as a Blob of the right type; a Uint8Array is copied (Blob parts must own their buffer). */
function toBlob(params: DocumentUploadParams): Blob {
  const { file, contentType } = params;
  if (file instanceof Blob) {
    return contentType === undefined || contentType === file.type
      ? file
      : new Blob([file], { type: contentType });
  }
  return new Blob([new Uint8Array(file)], contentType === undefined ? {} : { type: contentType });
}

function uploadForm(params: DocumentUploadParams): FormData {
  const form = new FormData();
  form.append('name', params.name);
  form.append('file', toBlob(params), params.name);
  return form;
}

/** Resolves after `milliseconds`, or rejects with the signal's reason once it aborts. */
function sleep(milliseconds: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, milliseconds);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

export function createDocumentsResource(http: HttpClient): DocumentsResource {
  const get: DocumentsResource['get'] = (datastoreId, documentId, options) =>
    http.request({
      ...options,
      method: 'GET',
      path: pathOf`/datastores/${datastoreId}/documents/${documentId}`,
    });

  return {
    upload: (datastoreId, params, options) =>
      http.request({
        ...options,
        method: 'POST',
        path: pathOf`/datastores/${datastoreId}/documents`,
        form: uploadForm(params),
      }),
    uploadText: (datastoreId, params, options) =>
      http.request({
        ...options,
        method: 'POST',
        path: pathOf`/datastores/${datastoreId}/documents`,
        body: { name: params.name, text: params.text },
      }),
    list: (datastoreId, params = {}, options) =>
      http.request({
        ...options,
        method: 'GET',
        path: pathOf`/datastores/${datastoreId}/documents`,
        query: { limit: params.limit, cursor: params.cursor },
      }),
    get,
    delete: (datastoreId, documentId, options) =>
      http.request({
        ...options,
        method: 'DELETE',
        path: pathOf`/datastores/${datastoreId}/documents/${documentId}`,
      }),
    waitUntilProcessed: async (datastoreId, documentId, options = {}) => {
      const {
        intervalMs = defaultPollIntervalMs,
        timeoutMs = defaultProcessingTimeoutMs,
        signal,
        headers,
      } = options;
      // One signal for the whole wait: the caller's abort, or the deadline with a timeout_error as reason
      // (a request aborted this way rejects with the reason, so both end the wait the same way).
      const wait = new AbortController();
      const forwardAbort = (): void => wait.abort(signal?.reason);
      if (signal?.aborted) forwardAbort();
      else signal?.addEventListener('abort', forwardAbort, { once: true });
      const deadline =
        timeoutMs > 0
          ? setTimeout(() => {
              wait.abort(
                new ParleyApiError({
                  code: 'timeout_error',
                  status: 0,
                  message: `Document ${documentId} was still processing after ${timeoutMs} ms`,
                }),
              );
            }, timeoutMs)
          : undefined;
      try {
        while (true) {
          const document = await get(datastoreId, documentId, { signal: wait.signal, headers });
          if (document.status !== 'processing') return document;
          await sleep(intervalMs, wait.signal);
        }
      } finally {
        clearTimeout(deadline);
        signal?.removeEventListener('abort', forwardAbort);
      }
    },
  };
}
