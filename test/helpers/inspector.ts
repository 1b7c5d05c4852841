import { WebSocket } from 'undici';

export interface InspectedProcess {
  /** A full garbage collection in that process. */
  collectGarbage(): Promise<void>;
  /** Its V8 heap in use, in MB (what JavaScript holds; the rest of RSS is native: SQLite, buffers, code). */
  heapUsedMb(): Promise<number>;
  close(): void;
}

/**
 * Another Node process, through its inspector (the process started with `--inspect=127.0.0.1:0`,
 * whose output names the inspector's address). Memory compared after a full collection is what
 * the process holds; between collections its RSS saw-tooths by a quarter or more, so two samples
 * taken at different points of the tooth say nothing about growth.
 */
export async function connectInspector(output: string): Promise<InspectedProcess> {
  const address = /Debugger listening on (ws:\/\/\S+)/.exec(output)?.[1];
  if (!address) throw new Error(`no inspector address in the output:\n${output}`);
  const socket = new WebSocket(address);
  await new Promise((resolve, reject) => {
    socket.addEventListener('open', resolve, { once: true });
    socket.addEventListener('error', reject, { once: true });
  });
  const pending = new Map<number, (result: unknown) => void>();
  socket.addEventListener('message', (event) => {
    const { id, result } = JSON.parse(String(event.data)) as { id?: number; result?: unknown };
    if (id === undefined) return;
    pending.get(id)?.(result);
    pending.delete(id);
  });
  let nextId = 0;
  const call = (method: string, params: object = {}) =>
    new Promise<unknown>((resolve) => {
      const id = ++nextId;
      pending.set(id, resolve);
      socket.send(JSON.stringify({ id, method, params }));
    });
  return {
    collectGarbage: async () => void (await call('HeapProfiler.collectGarbage')),
    heapUsedMb: async () => {
      const { usedSize } = (await call('Runtime.getHeapUsage')) as { usedSize: number };
      return usedSize / 1024 / 1024;
    },
    close: () => socket.close(),
  };
}
