import type { FeedbackPayload } from '../../server/schemas/feedback.ts';
import { judge, retryDelay } from './retry.ts';
import type { DeliveryResult } from './send.ts';

/** One submission waiting for a 2xx. Stored under its own key, so tabs never overwrite each other's. */
export interface OutboxEntry {
  endpoint: string;
  payload: FeedbackPayload;
  attempts: number;
  nextAttemptAt: number;
}

export const OUTBOX_PREFIX = 'heed:outbox:';
/** Beyond this many waiting submissions, new ones are sent directly instead of queued. */
const MAX_ENTRIES = 50;

export interface OutboxDeps {
  storage: Storage;
  send: (endpoint: string, payload: FeedbackPayload) => Promise<DeliveryResult>;
  /** Runs `task` unless another tab is already flushing (Web Locks where available). */
  exclusive?: (task: () => Promise<void>) => Promise<void>;
  now?: () => number;
  random?: () => number;
  /** Called once for a submission the server refused for good (a 4xx that retrying cannot fix). */
  onRejected?: (id: string, result: DeliveryResult) => void;
}

export interface Outbox {
  /** Stores the submission before any attempt; false if it cannot be stored (no storage, quota, full). */
  add(endpoint: string, payload: FeedbackPayload): boolean;
  /** Sends every due submission once; schedules the next try for those that must wait. */
  flush(): Promise<void>;
  /** Hands every waiting submission to sendBeacon, for a page that is going away. */
  beacon(): void;
  has(id: string): boolean;
}

/** Whether this origin's storage holds undelivered feedback; false where storage is blocked. */
export function hasWaitingFeedback(): boolean {
  try {
    for (let i = 0; i < localStorage.length; i += 1) if (localStorage.key(i)?.startsWith(OUTBOX_PREFIX)) return true;
  } catch {
    // Storage blocked (sandboxed frame, privacy settings): nothing can be waiting.
  }
  return false;
}

/** Web Locks keep two tabs from sending the same entries at once; the server's idempotency covers the rest. */
export function exclusiveAcrossTabs(task: () => Promise<void>): Promise<void> {
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  if (!locks) return task();
  return locks.request('heed-outbox', { ifAvailable: true }, (lock) => (lock ? task() : undefined));
}

export function createOutbox({
  storage,
  send,
  exclusive = exclusiveAcrossTabs,
  now = Date.now,
  random = Math.random,
  onRejected = () => {},
}: OutboxDeps): Outbox {
  let timer: ReturnType<typeof setTimeout> | undefined;

  const keyOf = (id: string) => OUTBOX_PREFIX + id;

  function entries(): OutboxEntry[] {
    const found: OutboxEntry[] = [];
    for (let i = 0; i < storage.length; i += 1) {
      const key = storage.key(i);
      if (!key?.startsWith(OUTBOX_PREFIX)) continue;
      try {
        found.push(JSON.parse(storage.getItem(key) ?? '') as OutboxEntry);
      } catch {
        storage.removeItem(key); // unreadable: nothing can be delivered from it
      }
    }
    return found.sort((a, b) => a.nextAttemptAt - b.nextAttemptAt);
  }

  function schedule(): void {
    clearTimeout(timer);
    const next = entries()[0];
    if (next) timer = setTimeout(() => void outbox.flush(), Math.max(0, next.nextAttemptAt - now()));
  }

  async function attempt(entry: OutboxEntry): Promise<void> {
    const key = keyOf(entry.payload.id);
    const result = await send(entry.endpoint, entry.payload);
    const verdict = judge(result);
    if (verdict === 'retry') {
      const retryAfterMs = result.ok ? undefined : result.retryAfterMs;
      const next = { ...entry, attempts: entry.attempts + 1, nextAttemptAt: now() + retryDelay(entry.attempts, retryAfterMs, random) };
      // Another tab may have delivered it meanwhile: only write back what is still there.
      if (storage.getItem(key) !== null) storage.setItem(key, JSON.stringify(next));
      return;
    }
    storage.removeItem(key);
    if (verdict === 'rejected') {
      console.warn(`[heed] Feedback ${entry.payload.id} was refused and will not be retried:`, result.ok ? '' : result.message);
      onRejected(entry.payload.id, result);
    }
  }

  const outbox: Outbox = {
    add(endpoint, payload) {
      try {
        if (entries().length >= MAX_ENTRIES) return false;
        const entry: OutboxEntry = { endpoint, payload, attempts: 0, nextAttemptAt: now() };
        storage.setItem(keyOf(payload.id), JSON.stringify(entry));
        return true;
      } catch {
        return false; // storage blocked or full
      }
    },

    async flush() {
      await exclusive(async () => {
        for (const entry of entries()) {
          if (entry.nextAttemptAt > now()) break;
          await attempt(entry);
        }
      });
      schedule();
    },

    beacon() {
      if (typeof navigator.sendBeacon !== 'function') return;
      for (const entry of entries()) {
        // A Blob of type text/plain keeps the beacon a CORS-safelisted request.
        const body = new Blob([JSON.stringify(entry.payload)], { type: 'text/plain;charset=UTF-8' });
        navigator.sendBeacon(`${entry.endpoint}/v1/feedback`, body);
      }
    },

    has(id) {
      return storage.getItem(keyOf(id)) !== null;
    },
  };
  return outbox;
}
