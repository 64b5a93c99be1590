/**
 * The console's one way to the server: the public API, with the console's session cookie. Unsafe
 * calls carry `X-Parley-Console: 1`, which a cross-site form cannot send (with SameSite=Strict
 * cookies and the server's origin check, the CSRF defence).
 */
export interface ApiErrorBody {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

/** A refusal from the server, in the contract's error shape. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

const consoleHeaders = { 'X-Parley-Console': '1' };

/** Fired on `window` when an API call answers 401: the session expired or was signed out elsewhere. */
export const sessionEndedEvent = 'console-session-ended';

/** The contract error an answer carries, as an `ApiError`. */
export async function errorOf(response: Response): Promise<ApiError> {
  const body = (await response.json().catch(() => null)) as { error?: ApiErrorBody } | null;
  const error = body?.error;
  if (error && typeof error.code === 'string')
    return new ApiError(response.status, error.code, error.message, error.details ?? {});
  return new ApiError(response.status, 'internal_error', `The server answered ${response.status}`);
}

/** Calls the API; answers the parsed JSON (undefined for 204), or throws an `ApiError`. */
export async function api<T>(method: Method, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  const headers: Record<string, string> = { ...consoleHeaders, Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      ...(signal ? { signal } : {}),
    });
  } catch (failure) {
    if (signal?.aborted) throw failure;
    throw new ApiError(0, 'unreachable', 'The server cannot be reached. Check your connection.');
  }
  if (!response.ok) {
    const failure = await errorOf(response);
    if (failure.status === 401 && !path.startsWith('/v1/console/'))
      window.dispatchEvent(new Event(sessionEndedEvent));
    throw failure;
  }
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/**
 * Sends a multipart form with upload progress (`fetch` cannot report it): `onProgress` gets the
 * fraction sent, 0 to 1. Answers the parsed JSON or throws an `ApiError`.
 */
export function apiUpload<T>(
  path: string,
  form: FormData,
  onProgress: (fraction: number) => void,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', path);
    request.withCredentials = true;
    request.setRequestHeader('X-Parley-Console', '1');
    request.setRequestHeader('Accept', 'application/json');
    request.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    });
    request.addEventListener('load', () => {
      let body: unknown = null;
      try {
        body = JSON.parse(request.responseText);
      } catch {
        body = null;
      }
      if (request.status >= 200 && request.status < 300) {
        onProgress(1);
        resolve(body as T);
        return;
      }
      const error = (body as { error?: ApiErrorBody } | null)?.error;
      reject(
        error && typeof error.code === 'string'
          ? new ApiError(request.status, error.code, error.message, error.details ?? {})
          : new ApiError(request.status, 'internal_error', `The server answered ${request.status}`),
      );
    });
    request.addEventListener('error', () =>
      reject(new ApiError(0, 'unreachable', 'The server cannot be reached. Check your connection.')),
    );
    request.send(form);
  });
}
