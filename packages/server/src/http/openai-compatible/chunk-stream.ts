import type { Response } from 'express';
import { openServerSentEvents } from '../server-sent-events.js';

export interface ChunkStream {
  readonly started: boolean;
  send(data: unknown): void;
  /** `data: [DONE]`, as OpenAI ends a stream that completed. */
  sendDone(): void;
  end(): void;
}

/**
 * OpenAI's streaming shape: Server-Sent Events of `data:` lines only (no `event:` names, which
 * OpenAI clients would read as another protocol).
 */
export function openChunkStream(response: Response): ChunkStream {
  const events = openServerSentEvents(response);
  return {
    get started() {
      return events.started;
    },
    send(data: unknown) {
      events.write(`data: ${JSON.stringify(data)}`);
    },
    sendDone() {
      events.write('data: [DONE]');
    },
    end: () => events.end(),
  };
}
