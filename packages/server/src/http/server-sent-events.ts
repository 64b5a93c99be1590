import type { Response } from 'express';

/** The frames of one Server-Sent Events answer, written as they come. */
export interface ServerSentEvents {
  /** True once the headers went out (with the first frame). */
  readonly started: boolean;
  /** Writes one frame (its lines, without the blank line that ends it); nothing once the client left. */
  write(frame: string): void;
  end(): void;
}

const heartbeatMilliseconds = 15_000;

/**
 * A Server-Sent Events answer. Headers go out with the first frame, so a failure before it can
 * still be an ordinary JSON error; a comment every 15 s keeps idle proxies from closing it.
 */
export function openServerSentEvents(response: Response): ServerSentEvents {
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
    write(frame: string) {
      if (response.writableEnded || response.destroyed) return;
      if (!started) begin();
      response.write(`${frame}\n\n`);
    },
    end() {
      clearInterval(heartbeat);
      if (!response.writableEnded) response.end();
    },
  };
}
