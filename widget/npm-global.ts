/**
 * The types of `window.Heed` as a page calls it (`Heed('open')`, `Heed('on', 'submit', fn)`), for
 * sites that add widget.js with a script tag and write TypeScript: the package `heed-widget`
 * ships them as `heed-widget/global`, which declares `window.Heed` with this type.
 *
 * Types only: nothing here runs. The loader's own, looser type of `window.Heed` is `HeedFunction`
 * in api.ts.
 */
import type { HeedEvent, HeedSubmission, HeedSubmitResult, HeedUser, OpenOptions } from './api.ts';
import type { InitOptions } from './config.ts';

/** What `setMetadata` and `open({ metadata })` take: text up to 500 characters, numbers, booleans. */
export type HeedMetadata = Record<string, string | number | boolean>;

/** What each event's listener is given (also the `detail` of the `heed:<event>` DOM event on window). */
export interface HeedEventMap extends Record<HeedEvent, unknown> {
  open: Record<string, never>;
  close: Record<string, never>;
  /** Delivered, or safely `queued` in the outbox (it goes when it can): the submission's id. */
  submit: { id: string; queued: boolean };
  /** The server refused the submission for good (or, without storage, sending it failed); `fields` as in HeedSubmitResult. */
  error: { id: string; message: string; fields: string[] };
}

export type HeedListener<K extends HeedEvent> = (detail: HeedEventMap[K]) => void;

/**
 * `window.Heed`: the snippet's queue until widget.js has loaded, then the widget itself, which
 * also has each command as a method (`Heed.open()`).
 */
export interface HeedGlobal {
  /** Configures the widget; only before widget.js has loaded (through the queue snippet). */
  (command: 'init', options: InitOptions): void;
  /** Opens the form; `element` gets focus back when it closes (by default, what had focus). */
  (command: 'open', options?: OpenOptions, element?: Element): void;
  /** `close` closes the form; `show` and `hide` the launcher button; `destroy` removes the widget and `window.Heed`. */
  (command: 'close' | 'show' | 'hide' | 'destroy'): void;
  /** Sent with each submission: `email` when the visitor types none, `id` and `name` as `userId`, `userName`. */
  (command: 'identify', user: HeedUser): void;
  /** Merged into each submission's metadata. */
  (command: 'setMetadata', metadata: HeedMetadata): void;
  /**
   * Sends feedback from the site's own form through the widget's outbox (kept across reloads and
   * offline periods, sent exactly once), with the same events. The promise (once widget.js has
   * loaded; the queue snippet returns undefined) settles when it is delivered, queued or refused.
   */
  (command: 'submit', submission: HeedSubmission): Promise<HeedSubmitResult> | undefined;
  /**
   * Calls `listener` on each event. Returns the function that removes it, or `undefined` from the
   * queue snippet, which only records calls (the ES module's `on` always returns one).
   */
  <K extends HeedEvent>(command: 'on', event: K, listener: HeedListener<K>): (() => void) | undefined;

  /** The snippet's queued calls, replayed by widget.js. */
  q?: IArguments[];

  // The methods exist once widget.js has loaded.
  open?(options?: OpenOptions, element?: Element): void;
  close?(): void;
  show?(): void;
  hide?(): void;
  destroy?(): void;
  identify?(user: HeedUser): void;
  setMetadata?(metadata: HeedMetadata): void;
  submit?(submission: HeedSubmission): Promise<HeedSubmitResult>;
  on?<K extends HeedEvent>(event: K, listener: HeedListener<K>): () => void;
}
