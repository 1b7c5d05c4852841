/**
 * Progress for a person on stderr, never on stdout (which may be the export's file). On a
 * terminal one line is redrawn at most ten times a second; elsewhere (a log, a pipe) a line is
 * printed at most every `quietMs`, so a long run leaves a bounded trail.
 */
export function createProgress({ stream = process.stderr, quietMs = 2000 }: { stream?: NodeJS.WriteStream; quietMs?: number } = {}) {
  const tty = stream.isTTY === true;
  const interval = tty ? 100 : quietMs;
  let last = -Infinity;
  let drawn = false;
  return {
    update(text: string): void {
      const now = performance.now();
      if (now - last < interval) return;
      last = now;
      drawn = tty;
      stream.write(tty ? `\r\x1b[K${text}` : `${text}\n`);
    },
    /** The closing line, always printed (it ends the redrawn line on a terminal). */
    done(text: string): void {
      stream.write(drawn ? `\r\x1b[K${text}\n` : `${text}\n`);
      drawn = false;
    },
  };
}
