import { type LiveTurnRecorder, ParleyError, type TurnOptions, type TurnOutcome } from '@parley/engine';
import { toParleyError } from '../edge/error-mapping.js';
import { type Logger, logFailure } from '../logger.js';

export type RunTurn = (options: TurnOptions) => Promise<unknown>;

/**
 * Runs the socket's turns apart from the sockets that asked for them: a client
 * that goes away does not cut its answer short, which is recorded (with its
 * events) for whoever attaches. Only the server's stop aborts a turn.
 */
export class SocketTurnRunner {
  private readonly running = new Map<AbortController, Promise<void>>();

  constructor(private readonly logger: Logger) {}

  /** Runs a turn into its recorder. */
  run(recorder: LiveTurnRecorder, turn: RunTurn): void {
    const controller = new AbortController();
    const task = this.drive(recorder, turn, controller.signal)
      .catch((error: unknown) => logFailure(this.logger, error, 'socket turn could not be recorded'))
      .finally(() => this.running.delete(controller));
    this.running.set(controller, task);
  }

  private async drive(recorder: LiveTurnRecorder, turn: RunTurn, signal: AbortSignal): Promise<void> {
    let outcome: TurnOutcome = { ok: true };
    try {
      await turn({ stream: true, signal, onEvent: (event) => recorder.record(event) });
    } catch (error) {
      const failure = signal.aborted ? toParleyError(signal.reason) : toParleyError(error);
      if (failure.code === 'internal_error' && !signal.aborted) {
        this.logger.error({ err: error }, 'socket turn failed');
      }
      outcome = { ok: false, error: failure.toJSON().error };
      recorder.record({ type: 'error', error: { code: failure.code, message: failure.message } });
    } finally {
      recorder.finish(outcome);
    }
  }

  /** Resolves once no turn is running (those started meanwhile included). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running.values()]);
  }

  /** Aborts the turns still running (their answers are stored as far as they got) and waits for them. */
  async close(): Promise<void> {
    const stopping = new ParleyError('internal_error', 'The server stopped before the answer was complete');
    for (const controller of this.running.keys()) controller.abort(stopping);
    await Promise.allSettled(this.running.values());
  }
}
