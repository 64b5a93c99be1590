import type { TurnOptions } from '@parley/engine';
import { toParleyError } from '../../edge/error-mapping.js';
import { openEventStream } from '../event-stream.js';
import { alreadyAnswered, type RouteInput } from './define-route.js';

/**
 * Runs a turn as an event stream. Until the `start` event nothing is sent, so
 * an early failure (unknown session, say) is an ordinary JSON error; after it, a
 * failure becomes an `error` event and the stream ends.
 */
export async function answerAsEventStream(
  input: RouteInput<unknown, unknown, unknown>,
  run: (options: TurnOptions) => Promise<unknown>,
): Promise<typeof alreadyAnswered> {
  const stream = openEventStream(input.response);
  try {
    await run({ stream: true, signal: input.signal, onEvent: (event) => stream.send(event) });
  } catch (error) {
    if (!stream.started) throw error;
    if (!input.signal.aborted) {
      const failure = toParleyError(error);
      stream.send({ type: 'error', error: { code: failure.code, message: failure.message } });
    }
  }
  if (stream.started) stream.end();
  return alreadyAnswered;
}
