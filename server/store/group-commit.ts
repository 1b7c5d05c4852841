/**
 * Group commit: writes that arrive while a commit is under way are committed together in the
 * next one, so concurrent requests share one transaction (and one fsync) instead of paying one
 * each. At most one commit is in flight. Every caller still waits for its own write to be durable.
 */
// Feature-detected, not assumed: Node's setImmediate lets pending I/O in first; Workers lack it (setTimeout).
// eslint-disable-next-line no-restricted-globals
const nextMacrotask = (run: () => void) => (typeof setImmediate === 'function' ? setImmediate(run) : setTimeout(run, 0));

interface Waiting<T, R> {
  item: T;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

/**
 * `commitBatch` answers each item in order; an Error in place of a result fails that item alone.
 */
export function createGroupCommit<T, R>(commitBatch: (items: T[]) => Promise<(R | Error)[]>): (item: T) => Promise<R> {
  let waiting: Waiting<T, R>[] = [];
  let busy = false;

  /** Commits a batch; answers nothing yet, so the next batch can be started first. */
  async function commit(batch: Waiting<T, R>[]): Promise<(R | Error)[]> {
    try {
      return await commitBatch(batch.map((w) => w.item));
    } catch (error) {
      if (batch.length === 1) return [error instanceof Error ? error : new Error(String(error))];
      // One bad row must not fail its neighbours: retry each on its own.
      const results: (R | Error)[] = [];
      for (const w of batch) results.push(...(await commit([w])));
      return results;
    }
  }

  async function run(batch: Waiting<T, R>[]): Promise<void> {
    const results = await commit(batch);
    // Start the writes that queued up meanwhile before answering these: the database works
    // on the next batch while this thread writes the responses.
    busy = false;
    if (waiting.length > 0) start();
    batch.forEach((w, i) => {
      const result = results[i] as R | Error;
      if (result instanceof Error) w.reject(result);
      else w.resolve(result);
    });
  }

  function start(): void {
    busy = true;
    const batch = waiting;
    waiting = [];
    void run(batch);
  }

  return (item) =>
    new Promise<R>((resolve, reject) => {
      waiting.push({ item, resolve, reject });
      if (busy || waiting.length > 1) return;
      // Idle: wait one turn of the event loop so requests already read from their sockets join in.
      busy = true;
      nextMacrotask(start);
    });
}
