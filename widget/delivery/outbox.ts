import type { FeedbackPayload } from '../../contract/submission.ts';
import { judge, retryDelay } from './retry.ts';
import type { DeliveryResult } from './send.ts';
import { warn } from '../warn.ts';

/** One submission waiting for a 2xx. Stored under its own key, so tabs never overwrite each other's. */
export interface OutboxEntry {
  endpoint: string;
  payload: FeedbackPayload;
  attempts: number;
  nextAttemptAt: number;
  createdAt: number;
}

export const OUTBOX_PREFIX = 'heed:outbox:';
/** Beyond this many waiting submissions, new ones are sent directly instead of queued. */
const MAX_ENTRIES = 50;
/** A submission still undelivered after a week is dropped: its endpoint is likely gone for good. */
const MAX_AGE_MS = 7 * 86_400_000;
/** When another tab holds the flush, look again after this long instead of spinning. */
const BUSY_RETRY_MS = 2000;

export interface OutboxDeps {
  storage: Storage;
  send: (endpoint: string, payload: FeedbackPayload) => Promise<DeliveryResult>;
  /** Runs `task` unless another tab is already flushing (Web Locks where available); false if it did not run. */
  exclusive?: (task: () => Promise<void>) => Promise<boolean>;
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
    return Object.keys(localStorage).some((key) => key.startsWith(OUTBOX_PREFIX));
  } catch {
    return false; // storage blocked (sandboxed frame, privacy settings): nothing can be waiting
  }
}

/** Web Locks keep two tabs from sending the same entries at once; the server's idempotency covers the rest. */
export async function exclusiveAcrossTabs(task: () => Promise<void>): Promise<boolean> {
  const { locks } = navigator;
  if (!locks) return task().then(() => true);
  return locks.request('heed-outbox', { ifAvailable: true }, async (lock) => {
    if (!lock) return false;
    await task();
    return true;
  });
}

function isEntry(value: unknown): value is OutboxEntry {
  const entry = value as OutboxEntry | null;
  return (
    typeof entry?.payload?.id === 'string' &&
    typeof entry.endpoint === 'string' &&
    [entry.attempts, entry.nextAttemptAt, entry.createdAt].every(Number.isFinite)
  );
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
      let entry: unknown;
      try {
        entry = JSON.parse(storage.getItem(key) ?? '');
      } catch {
        // handled below: unreadable like a wrong shape
      }
      // Unreadable, from an unknown version, or a week old: nothing more can be done with it.
      if (isEntry(entry) && now() - entry.createdAt < MAX_AGE_MS) found.push(entry);
      else storage.removeItem(key);
    }
    return found.sort((a, b) => a.nextAttemptAt - b.nextAttemptAt);
  }

  function schedule(delay?: number): void {
    clearTimeout(timer);
    const next = entries()[0];
    if (!next) return;
    // setTimeout overflows past ~24.8 days; a huge Retry-After is looked at again daily.
    const wait = Math.min(delay ?? Math.max(0, next.nextAttemptAt - now()), 86_400_000);
    timer = setTimeout(() => void outbox.flush(), wait);
  }

  async function attempt(entry: OutboxEntry): Promise<void> {
    const key = keyOf(entry.payload.id);
    // send() never rejects; a throwing storage (quota, privacy mode) only costs this attempt.
    const result = await send(entry.endpoint, entry.payload);
    const verdict = judge(result);
    if (verdict === 'retry') {
      const { retryAfterMs, ticket } = result.ok ? {} : result;
      const next = {
        ...entry,
        payload: { ...entry.payload, ticket: ticket ?? entry.payload.ticket },
        attempts: entry.attempts + 1,
        nextAttemptAt: now() + retryDelay(entry.attempts, retryAfterMs, random),
      };
      // Another tab may have delivered it meanwhile: only write back what is still there.
      if (storage.getItem(key) !== null) storage.setItem(key, JSON.stringify(next));
      return;
    }
    storage.removeItem(key);
    if (verdict === 'rejected') {
      warn(`Feedback ${entry.payload.id} was refused and will not be retried:`, result.ok ? '' : result.message);
      onRejected(entry.payload.id, result);
    }
  }

  const outbox: Outbox = {
    add(endpoint, payload) {
      try {
        if (entries().length >= MAX_ENTRIES) return false;
        const entry: OutboxEntry = { endpoint, payload, attempts: 0, nextAttemptAt: now(), createdAt: now() };
        storage.setItem(keyOf(payload.id), JSON.stringify(entry));
        return true;
      } catch {
        return false; // storage blocked or full
      }
    },

    // Never rejects: it runs from timers and events where a rejection would reach the host page.
    async flush() {
      try {
        const ran = await exclusive(async () => {
          for (const entry of entries()) {
            if (entry.nextAttemptAt > now()) break;
            await attempt(entry);
          }
        });
        schedule(ran ? undefined : BUSY_RETRY_MS);
      } catch (error) {
        warn('Could not send waiting feedback:', error);
      }
    },

    beacon() {
      if (typeof navigator.sendBeacon !== 'function') return;
      // Only what is due: an entry waiting out a Retry-After must not be resent early.
      for (const entry of entries().filter((e) => e.nextAttemptAt <= now())) {
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
