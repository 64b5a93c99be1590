import { ApiError, errorOf, sessionEndedEvent } from './api.js';

/** One Server-Sent Event of a turn: its name (`token`, `citation`, `done`, …) and its JSON data. */
export interface StreamEvent {
  event: string;
  data: Record<string, unknown>;
}

function parseBlock(block: string): StreamEvent | null {
  let event = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith('event:')) event = line.slice(6).trim();
    else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
  }
  if (data.length === 0) return null;
  try {
    return { event, data: JSON.parse(data.join('\n')) as Record<string, unknown> };
  } catch {
    return null;
  }
}

/**
 * POSTs to a streaming endpoint of the public API (e.g. `POST /v1/agents/:id/chat` with
 * `stream: true`) with the console's session, and calls `onEvent` for each event as it arrives.
 * A refusal before the stream begins throws an `ApiError`, as `api()` does. Loaded only by the pages
 * that stream, so the shell stays small.
 */
export async function apiEventStream(
  path: string,
  body: unknown,
  onEvent: (event: StreamEvent) => void,
  signal?: AbortSignal,
): Promise<void> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: 'POST',
      headers: { 'X-Parley-Console': '1', Accept: 'text/event-stream', 'Content-Type': 'application/json' },
      credentials: 'same-origin',
      body: JSON.stringify(body),
      ...(signal ? { signal } : {}),
    });
  } catch (failure) {
    if (signal?.aborted) throw failure;
    throw new ApiError(0, 'unreachable', 'The server cannot be reached. Check your connection.');
  }
  if (!response.ok || !response.body) {
    const failure = await errorOf(response);
    if (failure.status === 401) window.dispatchEvent(new Event(sessionEndedEvent));
    throw failure;
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffered += value.replace(/\r\n/g, '\n');
    let end = buffered.indexOf('\n\n');
    while (end !== -1) {
      const parsed = parseBlock(buffered.slice(0, end));
      buffered = buffered.slice(end + 2);
      if (parsed) onEvent(parsed);
      end = buffered.indexOf('\n\n');
    }
  }
  const last = parseBlock(buffered);
  if (last) onEvent(last);
}
