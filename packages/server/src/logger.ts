import { ParleyError } from '@parley/engine';
import { pino } from 'pino';

export type Logger = pino.Logger;

export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'parley' } });
}

/**
 * A background task's failure (a sweep, the webhook outbox, a socket turn's record). While the
 * database or Redis is away (503 `unavailable`) it is a warning with the reason, as for requests:
 * expected, and the task is tried again once it is back. Anything else is an error, with its stack.
 */
export function logFailure(logger: Logger, error: unknown, message: string, fields: object = {}): void {
  if (error instanceof ParleyError && error.code === 'unavailable') {
    logger.warn({ ...fields, reason: error.message }, `${message}: a dependency is unavailable`);
    return;
  }
  logger.error({ ...fields, err: error }, message);
}
