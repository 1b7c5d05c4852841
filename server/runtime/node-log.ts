import { writeSync } from 'node:fs';
import pino from 'pino';
import pretty from 'pino-pretty';
import type { Logger, LogLevel } from '../observability/logger.ts';

export type LogFormat = 'json' | 'pretty';

export interface NodeLog {
  log: Logger & { flush(): void };
  format: LogFormat;
  /**
   * Writes text for the person starting the server (the start-up banner, with a first start's
   * admin token), never as a log line: on stdout beside pretty lines; on stderr in JSON mode, so
   * stdout holds nothing but JSON lines and a collector parsing them never indexes the token.
   */
  say(text: string): void;
}

/**
 * The Node server's logger: pino (fast, well kept, with an error serializer), writing lines shaped
 * as Workers' (server/observability/logger.ts): `level` by name, ISO `time`, `msg`, no pid or
 * hostname. Written synchronously, so nothing is lost when the process exits right after a line
 * (shutdown, a fatal start-up error); pino-pretty runs in this thread for the same reason.
 * Pretty by default on a terminal, JSON when piped (a container, a service manager).
 */
export function createNodeLog({
  level,
  format = process.stdout.isTTY ? 'pretty' : 'json',
}: {
  level: LogLevel;
  format?: LogFormat | undefined;
}): NodeLog {
  const options: pino.LoggerOptions = { level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime };
  const logger =
    format === 'pretty'
      ? pino(options, pretty({ sync: true, destination: 1, translateTime: 'SYS:HH:MM:ss.l', singleLine: true }))
      : pino({ ...options, formatters: { level: (label) => ({ level: label }) } }, pino.destination({ dest: 1, sync: true }));
  const bannerFd = format === 'pretty' ? 1 : 2;
  return {
    log: logger,
    format,
    say: (text) => {
      writeSync(bannerFd, text.endsWith('\n') ? text : `${text}\n`);
    },
  };
}
