import type { TurnEvent } from '@parley/engine';
import type { Response } from 'express';

export interface EventStream {
  readonly started: boolean;
  send(event: TurnEvent): void;
  end(): void;
}

const heartbeatMilliseconds = 15_000;

/**
 * Server-Sent Events with the contract's names: `event: <type>` and the rest of
 * the event as JSON data. Headers go out with the first event, so a failure
 * before it can still be an ordinary JSON error.
 */
export function openEventStream(response: Response): EventStream {
  let started = false;
  let heartbeat: NodeJS.Timeout | undefined;
  const begin = (): void => {
    started = true;
    response.status(200);
    response.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    response.setHeader('Cache-Control', 'no-cache, no-transform');
    response.setHeader('Connection', 'keep-alive');
    response.setHeader('X-Accel-Buffering', 'no');
    response.flushHeaders();
    heartbeat = setInterval(() => response.write(': keep-alive\n\n'), heartbeatMilliseconds);
    heartbeat.unref();
  };
  return {
    get started() {
      return started;
    },
    send(event: TurnEvent) {
      if (response.writableEnded || response.destroyed) return;
      if (!started) begin();
      const { type, ...data } = event;
      response.write(`event: ${type}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    end() {
      clearInterval(heartbeat);
      if (!response.writableEnded) response.end();
    },
  };
}
