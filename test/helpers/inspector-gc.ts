import { WebSocket } from 'undici';

/**
 * Full garbage collections in another Node process, through its inspector (the process started
 * with `--inspect=127.0.0.1:0`, whose output names the inspector's address). Memory compared after
 * a full collection is what the process holds; between collections its RSS saw-tooths by a
 * quarter or more, so two samples taken at different points of the tooth say nothing about growth.
 */
export async function connectInspector(output: string): Promise<{ collectGarbage(): Promise<void>; close(): void }> {
  const address = /Debugger listening on (ws:\/\/\S+)/.exec(output)?.[1];
  if (!address) throw new Error(`no inspector address in the output:\n${output}`);
  const socket = new WebSocket(address);
  await new Promise((resolve, reject) => {
    socket.addEventListener('open', resolve, { once: true });
    socket.addEventListener('error', reject, { once: true });
  });
  const pending = new Map<number, () => void>();
  socket.addEventListener('message', (event) => {
    const { id } = JSON.parse(String(event.data)) as { id?: number };
    if (id !== undefined) pending.get(id)?.();
  });
  let nextId = 0;
  return {
    collectGarbage: () =>
      new Promise<void>((resolve) => {
        const id = ++nextId;
        pending.set(id, resolve);
        socket.send(JSON.stringify({ id, method: 'HeapProfiler.collectGarbage' }));
      }),
    close: () => socket.close(),
  };
}
