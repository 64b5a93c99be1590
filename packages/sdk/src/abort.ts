import { ParleyApiError } from './errors.js';

/**
 * One request's cancellation: the caller's signal, the timeout and the SDK's own abort
 * (a stream left early) all end in one AbortController.
 */
export class RequestAbort {
  private readonly controller = new AbortController();
  private readonly callerSignal: AbortSignal | undefined;
  private readonly timeoutMs: number;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private timedOut = false;
  private readonly forwardCallerAbort = (): void => {
    this.controller.abort(this.callerSignal?.reason);
  };

  constructor(callerSignal: AbortSignal | undefined, timeoutMs: number) {
    this.callerSignal = callerSignal;
    this.timeoutMs = timeoutMs;
    if (callerSignal?.aborted) this.forwardCallerAbort();
    else callerSignal?.addEventListener('abort', this.forwardCallerAbort, { once: true });
    if (timeoutMs > 0) {
      this.timer = setTimeout(() => {
        this.timedOut = true;
        this.controller.abort();
      }, timeoutMs);
    }
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Stops the timeout (a stream's timeout covers only the wait for the answer's headers). */
  stopTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  abort(): void {
    this.controller.abort();
  }

  /** Call once the request is over. */
  dispose(): void {
    this.stopTimer();
    this.callerSignal?.removeEventListener('abort', this.forwardCallerAbort);
  }

  /**
   * What to throw for an error raised by `fetch` or by reading a body: the caller's abort
   * reason when the caller aborted, else a `ParleyApiError`.
   */
  translate(error: unknown): unknown {
    if (error instanceof ParleyApiError) return error;
    if (this.callerSignal?.aborted) return this.callerSignal.reason ?? error;
    if (this.timedOut) {
      return new ParleyApiError({
        code: 'timeout_error',
        status: 0,
        message: `No answer from the Parley server within ${this.timeoutMs} ms`,
        cause: error,
      });
    }
    return new ParleyApiError({
      code: 'connection_error',
      status: 0,
      message: `Could not reach the Parley server: ${describe(error)}`,
      cause: error,
    });
  }
}

/** "fetch failed (connect ECONNREFUSED 127.0.0.1:3000)" rather than just "fetch failed". */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
  return `${error.message}${cause}`;
}
