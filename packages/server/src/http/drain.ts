import { ParleyError } from '@parley/engine';
import type { NextFunction, Request, Response } from 'express';

/**
 * A node's stop, drained: once `begin` is called (SIGTERM), every new HTTP request is answered
 * 503 `unavailable` with `Retry-After: 1` and `Connection: close` before anything is done for
 * it — a load balancer passes it to another node (nginx: `proxy_next_upstream http_503`), and a
 * client retries — while the requests already in flight run to their end. `idle` resolves once
 * none is left. The listener stays open meanwhile, so no request is refused by a closed port or
 * cut off half way, which a client could not tell from a lost answer.
 */
export class Drain {
  #draining = false;
  #inFlight = 0;
  #waiting: (() => void)[] = [];
  #onBegin = new Set<() => void>();

  get draining(): boolean {
    return this.#draining;
  }

  begin(): void {
    this.#draining = true;
    for (const listener of this.#onBegin) listener();
  }

  /**
   * Calls `listener` when the stop begins (at once if it has), for answers that would never end on
   * their own (a session's notifications stream: its client reconnects, to another node); the
   * returned function forgets it.
   */
  onBegin(listener: () => void): () => void {
    if (this.#draining) {
      listener();
      return () => {};
    }
    this.#onBegin.add(listener);
    return () => this.#onBegin.delete(listener);
  }

  /** Resolves once no request counted by `middleware` is in flight. */
  idle(): Promise<void> {
    if (this.#inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  /** First in the app: refuses new requests while draining, and counts the others until they end. */
  middleware = (_request: Request, response: Response, next: NextFunction): void => {
    if (this.#draining) {
      const failure = new ParleyError('unavailable', 'This server is stopping; send the request again', {
        retry_after_seconds: 1,
      });
      response.setHeader('Retry-After', '1');
      response.setHeader('Connection', 'close');
      response.status(failure.status).json(failure.toJSON());
      return;
    }
    this.#inFlight += 1;
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      this.#inFlight -= 1;
      if (this.#inFlight === 0) for (const resolve of this.#waiting.splice(0)) resolve();
    };
    response.once('finish', end);
    response.once('close', end);
    next();
  };
}
