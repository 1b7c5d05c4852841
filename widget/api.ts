/** The widget's public API: `Heed('open')`, `Heed.open()`, and the types for TypeScript users. */
import type { RatingKind } from '../contract/rating-kinds.ts';
import type { FollowUp } from '../contract/submission.ts';
import { warn } from './warn.ts';

export type HeedEvent = 'open' | 'close' | 'submit' | 'error';

export interface HeedUser {
  id?: string;
  email?: string;
  name?: string;
}

/** What code on the page has told the widget about the visitor; sent with each submission. */
export interface Session {
  user: HeedUser;
  metadata: Record<string, string | number | boolean>;
  /** From `open({ metadata })`, for submissions made from that opening. */
  opening: Record<string, string | number | boolean>;
}

/** What one opening of the form starts with. */
export interface OpenOptions {
  /** Picks this category (one of the project's) in advance: "Report a bug" → `Bug`. */
  category?: string;
  /** Sent with submissions made from this opening, over `setMetadata`'s. */
  metadata?: Record<string, string | number | boolean>;
}

/** Feedback from a site's own form (`Heed('submit', …)`): a rating, a comment, or both. */
export interface HeedSubmission {
  /** On the project's rating kind (`4` of 5 stars), or with its kind (`{ kind: 'nps', value: 9 }`). */
  rating?: number | { kind: RatingKind; value: number };
  comment?: string;
  /** One of the project's categories. */
  category?: string;
  email?: string;
  followUp?: FollowUp;
  /** Sent with this submission, over `setMetadata`'s. */
  metadata?: Record<string, string | number | boolean>;
  /** A UUID of your own: the same id sent again is stored once (retry freely). */
  id?: string;
}

/** Delivered, or `queued` in the browser to go when it can (retried across reloads); or refused, with the server's reason. */
export type HeedSubmitResult =
  | { ok: true; id: string; queued: boolean }
  /** `fields`: the paths the server found invalid (`rating.value`, `email`), if any. */
  | { ok: false; id: string; message: string; fields: string[] };

export interface HeedApi {
  /** `element` gets focus back when the form closes (by default, what had focus). */
  open(options?: OpenOptions, element?: Element): void;
  close(): void;
  /** Shows or hides the launcher button (not the form). */
  show(): void;
  hide(): void;
  /** Sends feedback collected by the site's own UI through the widget's outbox, with the same events. */
  submit(submission: HeedSubmission): Promise<HeedSubmitResult>;
  identify(user: HeedUser): void;
  setMetadata(metadata: Record<string, string | number | boolean>): void;
  /** Returns a function that removes the listener. */
  on(event: HeedEvent, listener: (detail: unknown) => void): () => void;
  /** Removes the widget and its listeners from the page. */
  destroy(): void;
}

/** `Heed(command, ...args)` as well as `Heed.command(...args)`. */
export type HeedFunction = ((command: 'init' | keyof HeedApi, ...args: unknown[]) => unknown) & Partial<HeedApi> & { q?: IArguments[] };

declare global {
  interface Window {
    Heed?: HeedFunction;
  }
}

/** Listeners for the API's `on`, also announced as `heed:<event>` DOM events on window. */
export function createEmitter() {
  const listeners = new Map<HeedEvent, Set<(detail: unknown) => void>>();
  return {
    on(event: HeedEvent, listener: (detail: unknown) => void): () => void {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set.add(listener));
      return () => set.delete(listener);
    },
    off(event: HeedEvent, listener: (detail: unknown) => void): void {
      listeners.get(event)?.delete(listener);
    },
    emit(event: HeedEvent, detail: unknown = {}): void {
      for (const listener of listeners.get(event) ?? []) {
        try {
          listener(detail);
        } catch (error) {
          warn(`An "${event}" listener threw:`, error);
        }
      }
      dispatchEvent(new CustomEvent(`heed:${event}`, { detail }));
    },
    clear: () => listeners.clear(),
  };
}
