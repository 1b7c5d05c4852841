/**
 * The core's logger: pino's calling shape (fields, then the message), so the Node runtime passes a
 * pino logger as it is and Workers a JSON-line logger writing the same lines. One call, one line.
 * Fields never carry secrets, query strings, bodies or client addresses.
 */
export interface Logger {
  debug(fields: LogFields, message: string): void;
  info(fields: LogFields, message: string): void;
  warn(fields: LogFields, message: string): void;
  error(fields: LogFields, message: string): void;
}

export type LogFields = Record<string, unknown>;

/** pino's level names, lowest first; `silent` logs nothing. HEED_LOG_LEVEL takes one. */
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Logs nothing: the default where no runtime gave a logger (tests, benchmarks). */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

type Method = keyof Logger;

/**
 * JSON lines shaped as the Node runtime's pino lines (`level` by name, `time` in ISO 8601, `msg`,
 * then the fields; an `err` field as pino's serializer writes it), for runtimes without pino
 * (Workers, whose Logs index a JSON line's fields). `write` gets each line and its level.
 */
export function createJsonLineLogger({
  level = 'info',
  write,
  now = Date.now,
}: {
  level?: LogLevel;
  write: (line: string, level: Method) => void;
  now?: () => number;
}): Logger {
  const threshold = LOG_LEVELS.indexOf(level);
  const method =
    (name: Method) =>
    (fields: LogFields, message: string): void => {
      if (LOG_LEVELS.indexOf(name) < threshold) return;
      write(lineOf({ level: name, time: new Date(now()).toISOString(), msg: message, ...serialiseFields(fields) }), name);
    };
  return { debug: method('debug'), info: method('info'), warn: method('warn'), error: method('error') };
}

/** An error as pino's standard serializer writes it (type, message, stack), so both runtimes' lines read alike. */
export function serialiseError(error: unknown): { type: string; message: string; stack?: string } {
  if (error instanceof Error) return { type: error.name, message: error.message, ...(error.stack ? { stack: error.stack } : {}) };
  return { type: typeof error, message: String(error) };
}

function serialiseFields(fields: LogFields): LogFields {
  return 'err' in fields ? { ...fields, err: serialiseError(fields.err) } : fields;
}

function lineOf(entry: LogFields): string {
  try {
    return JSON.stringify(entry, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));
  } catch {
    // A field that cannot be written (a cycle): the line still says what happened.
    return JSON.stringify({ level: entry.level, time: entry.time, msg: entry.msg });
  }
}
