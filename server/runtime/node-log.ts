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

const MAX_PENDING_BYTES = 16 * 1024 * 1024;

function jsonDestination() {
  const destination = pino.destination({ dest: 1, sync: false, maxLength: MAX_PENDING_BYTES });
  process.once('exit', () => {
    try {
      destination.flushSync();
    } catch {
      // Nothing more can be done for the last lines of an exiting process whose stdout is gone.
    }
  });
  return destination;
}

/**
 * The Node server's logger: pino (fast, well kept, with an error serializer), writing lines shaped
 * as Workers' (server/observability/logger.ts): `level` by name, ISO `time`, `msg`, no pid or
 * hostname. Pretty by default on a terminal, JSON when piped (a container, a service manager).
 *
 * JSON lines are written asynchronously (sonic-boom off the event loop), never synchronously: a
 * line per request written synchronously to a pipe whose reader lags (a log shipper, a busy
 * parent process) blocked the event loop under a flood, and requests timed out behind their log
 * lines (test/reliability/overload.test.ts). Lines waiting are bounded (past MAX_PENDING_BYTES they
 * are dropped, not held), and flushed synchronously when the process exits, so a shutdown's or a
 * fatal start-up error's last lines are not lost. Pretty lines, for a person at a terminal, stay
 * synchronous.
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
      : pino({ ...options, formatters: { level: (label) => ({ level: label }) } }, jsonDestination());
  const bannerFd = format === 'pretty' ? 1 : 2;
  return {
    log: logger,
    format,
    say: (text) => {
      writeSync(bannerFd, text.endsWith('\n') ? text : `${text}\n`);
    },
  };
}
