import { type EventSourceMessage, EventSourceParserStream } from 'eventsource-parser/stream';
import type { RequestAbort } from './abort.js';
import { ParleyApiError } from './errors.js';
import type { HttpClient, HttpRequest } from './http.js';
import type { EventStream, StreamEvent, StreamEventType } from './types/stream.js';

const streamEventTypes: ReadonlySet<string> = new Set<StreamEventType>([
  'start',
  'token',
  'tool_call',
  'citation',
  'done',
  'error',
]);

function isStreamEventType(name: string | undefined): name is StreamEventType {
  return name !== undefined && streamEventTypes.has(name);
}

function invalidEvent(message: string, status: number): ParleyApiError {
  return new ParleyApiError({ code: 'invalid_response', status, message });
}

/**
 * One SSE message as a `StreamEvent`: the event name is its `type`, the JSON data the rest.
 * Events of other names (and unnamed ones) are skipped, so the server may add new ones.
 */
export function toStreamEvent(message: EventSourceMessage, status = 200): StreamEvent | undefined {
  if (!isStreamEventType(message.event)) return undefined;
  let data: unknown;
  try {
    data = message.data === '' ? {} : JSON.parse(message.data);
  } catch {
    throw invalidEvent(
      `The "${message.event}" event's data is not JSON: ${message.data.slice(0, 200)}`,
      status,
    );
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw invalidEvent(`The "${message.event}" event's data is not a JSON object`, status);
  }
  return { ...data, type: message.event } as StreamEvent;
}

function isTerminal(event: StreamEvent): boolean {
  return event.type === 'done' || event.type === 'error';
}

function notAnEventStream(response: Response, contentType: string, text: string): ParleyApiError {
  const got = contentType || 'no content type';
  return invalidEvent(`Expected text/event-stream, got ${got}: ${text.slice(0, 200)}`, response.status);
}

/**
 * Reads the events of an opened stream until `done` or `error`. Leaving early (`break`,
 * `return()`, a thrown error) aborts the request, which closes the connection.
 */
export async function* readEventStream(response: Response, abort: RequestAbort): EventStream {
  let finished = false;
  let reader: ReadableStreamDefaultReader<EventSourceMessage> | undefined;
  try {
    const contentType = response.headers.get('content-type') ?? '';
    if (!contentType.includes('text/event-stream') || !response.body) {
      throw notAnEventStream(response, contentType, await response.text().catch(() => ''));
    }
    reader = response.body
      .pipeThrough(new TextDecoderStream())
      .pipeThrough(new EventSourceParserStream())
      .getReader();
    while (true) {
      const chunk = await reader.read().catch((error: unknown) => {
        throw abort.translate(error);
      });
      if (chunk.done) break;
      const event = toStreamEvent(chunk.value, response.status);
      if (event === undefined) continue;
      finished = isTerminal(event);
      yield event;
      if (finished) return;
    }
    throw new ParleyApiError({
      code: 'connection_error',
      status: 0,
      message: 'The event stream ended before its "done" or "error" event',
    });
  } finally {
    if (!finished) abort.abort();
    reader?.cancel().catch(() => undefined);
    abort.dispose();
  }
}

/** Opens the stream on the first `next()`: a non-2xx answer rejects there with `ParleyApiError`. */
export async function* openEventStream(http: HttpClient, request: HttpRequest): EventStream {
  const { response, abort } = await http.openStream(request);
  yield* readEventStream(response, abort);
}
