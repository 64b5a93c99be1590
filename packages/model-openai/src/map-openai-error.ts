import { ModelProviderError } from '@parley/engine';
import { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai';

/**
 * Turns what the openai SDK threw into the engine's `ModelProviderError`.
 * When the caller's own signal aborted, the abort passes through unwrapped: the SDK reports it as
 * `APIUserAbortError` (or ends a stream silently), so the signal's reason (an `AbortError` unless the
 * caller chose another) is what gets thrown, as `fetch` does.
 */
export function mapOpenAiError(error: unknown, signal?: AbortSignal): unknown {
  if (signal?.aborted) return signal.reason ?? error;
  if (error instanceof ModelProviderError) return error;
  if (error instanceof APIConnectionTimeoutError) {
    return new ModelProviderError('The model provider did not answer in time', null, { cause: error });
  }
  if (error instanceof APIConnectionError) {
    return new ModelProviderError(`Could not reach the model provider: ${describe(error)}`, null, {
      cause: error,
    });
  }
  if (error instanceof APIError) {
    return new ModelProviderError(`The model provider failed: ${error.message}`, error.status ?? null, {
      cause: error,
    });
  }
  return new ModelProviderError(`The model provider connection failed: ${describe(error)}`, null, {
    cause: error,
  });
}

/** The message with its cause's, e.g. `terminated (other side closed)`. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? error.cause.message : null;
  return cause ? `${error.message} (${cause})` : error.message;
}
