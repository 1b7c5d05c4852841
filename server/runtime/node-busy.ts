import { monitorEventLoopDelay } from 'node:perf_hooks';

/**
 * Whether this process is saturated: the event loop's mean delay over the last window is above
 * `thresholdMs`. A loop that has fallen behind answers every request late, so new work is better
 * refused (load shedding) than queued. The probe's timer never holds the process open.
 */
export function createEventLoopBusyProbe(thresholdMs: number, windowMs = 250): () => boolean {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  let busy = false;
  setInterval(() => {
    busy = delay.mean / 1e6 > thresholdMs;
    delay.reset();
  }, windowMs).unref();
  return () => busy;
}
