/**
 * Group commit: writes that arrive while the event loop is busy are committed together, so
 * concurrent requests share one transaction (and one fsync) instead of paying one each.
 * Every caller still waits for its own write to be durable.
 */
type Schedule = (run: () => void) => void;

const nextMacrotask: Schedule = (run) =>
  typeof setImmediate === 'function' ? setImmediate(run) : setTimeout(run, 0);

interface Waiting<T, R> {
  item: T;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

export function createGroupCommit<T, R>(
  commitBatch: (items: T[]) => Promise<R[]>,
  schedule: Schedule = nextMacrotask,
): (item: T) => Promise<R> {
  let waiting: Waiting<T, R>[] = [];

  async function commit(batch: Waiting<T, R>[]): Promise<void> {
    try {
      const results = await commitBatch(batch.map((w) => w.item));
      batch.forEach((w, i) => w.resolve(results[i] as R));
    } catch (error) {
      if (batch.length === 1) return batch[0]!.reject(error);
      // One bad row must not fail its neighbours: retry each on its own.
      for (const w of batch) await commit([w]);
    }
  }

  function flush(): void {
    const batch = waiting;
    waiting = [];
    void commit(batch);
  }

  return (item) =>
    new Promise<R>((resolve, reject) => {
      waiting.push({ item, resolve, reject });
      if (waiting.length === 1) schedule(flush);
    });
}
