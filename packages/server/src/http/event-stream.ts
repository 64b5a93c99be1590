import type { TurnEvent } from '@parley/engine';
import type { Response } from 'express';
import { openServerSentEvents } from './server-sent-events.js';

export interface EventStream {
  readonly started: boolean;
  send(event: TurnEvent): void;
  end(): void;
}

/** A turn's events with the contract's names: `event: <type>` and the rest of the event as JSON data. */
export function openEventStream(response: Response): EventStream {
  const events = openServerSentEvents(response);
  return {
    get started() {
      return events.started;
    },
    send(event: TurnEvent) {
      const { type, ...data } = event;
      events.write(`event: ${type}\ndata: ${JSON.stringify(data)}`);
    },
    end: () => events.end(),
  };
}
