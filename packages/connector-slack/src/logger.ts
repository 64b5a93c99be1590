import { type Logger, LogLevel } from '@slack/bolt';

/** What the connector logs through: the server's logger, or none. */
export interface SlackLogger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const silentLogger: SlackLogger = { debug() {}, info() {}, warn() {}, error() {} };

/** Bolt's and the Web API client's logger, writing to ours. */
export function toBoltLogger(logger: SlackLogger): Logger {
  let level: LogLevel = LogLevel.DEBUG;
  const line = (parts: unknown[]) =>
    parts
      .map((part) =>
        part instanceof Error ? part.message : typeof part === 'string' ? part : JSON.stringify(part),
      )
      .join(' ');
  return {
    debug: (...parts: unknown[]) => logger.debug(line(parts)),
    info: (...parts: unknown[]) => logger.info(line(parts)),
    warn: (...parts: unknown[]) => logger.warn(line(parts)),
    error: (...parts: unknown[]) => logger.error(line(parts)),
    setLevel: (next: LogLevel) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
