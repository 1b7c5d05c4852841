import { createOutbox, OUTBOX_PREFIX, type Outbox } from './outbox.ts';
import { sendFeedback, type DeliveryResult } from './send.ts';

/** Where storage is blocked every submission is one direct attempt, its result shown as it is. */
const NO_OUTBOX: Outbox = { add: () => false, flush: async () => {}, beacon: () => {}, has: () => false };

/**
 * The page's outbox, wired to the page: it tries again when the connection comes back and when
 * another tab queued something, hands what waits to sendBeacon when the page goes away, and sends
 * what an earlier page left at once. `stop` removes those listeners (the widget was destroyed).
 */
export function startPageOutbox(onRejected: (id: string, result: DeliveryResult) => void): {
  outbox: Outbox;
  /** Settles when what an earlier page left has had its attempt: a submission's own first attempt waits for it, or the cross-tab lock would still be held and it would only be queued. */
  ready: Promise<void>;
  stop: () => void;
} {
  let storage: Storage;
  try {
    storage = localStorage;
  } catch {
    // Sandboxed frames, privacy settings.
    return { outbox: NO_OUTBOX, ready: Promise.resolve(), stop: () => {} };
  }
  const outbox = createOutbox({ storage, send: sendFeedback, onRejected });
  const flush = () => void outbox.flush();
  // Another tab queued something (it may be offline while this one is not): try it from here too.
  const onStorage = (event: StorageEvent) => event.key?.startsWith(OUTBOX_PREFIX) && event.newValue && flush();
  // Leaving: the next page load sends it again if needed (the server answers a replay with 200 and stores nothing twice).
  const onHide = () => outbox.beacon();
  addEventListener('online', flush);
  addEventListener('storage', onStorage);
  addEventListener('pagehide', onHide);
  const ready = outbox.flush();
  return {
    outbox,
    ready,
    stop: () => {
      removeEventListener('online', flush);
      removeEventListener('storage', onStorage);
      removeEventListener('pagehide', onHide);
    },
  };
}
