import type { Response } from 'express';

export interface ChunkStream {
  readonly started: boolean;
  send(data: unknown): void;
  /** `data: [DONE]`, as OpenAI ends a stream that completed. */
  sendDone(): void;
  end(): void;
}

const heartbeatMilliseconds = 15_000;

/**
 * OpenAI's streaming shape: Server-Sent Events of `data:` lines only (no `event:` names, which
 * OpenAI clients would read as another protocol). Headers go out with the first chunk, so a failure
 * before it is still an ordinary JSON error. Comments keep idle proxies from closing the stream.
 */
export function openChunkStream(response: Response): ChunkStream {
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
  const write = (line: string): void => {
    if (response.writableEnded || response.destroyed) return;
    if (!started) begin();
    response.write(`data: ${line}\n\n`);
  };
  return {
    get started() {
      return started;
    },
    send(data: unknown) {
      write(JSON.stringify(data));
    },
    sendDone() {
      write('[DONE]');
    },
    end() {
      clearInterval(heartbeat);
      if (!response.writableEnded) response.end();
    },
  };
}
