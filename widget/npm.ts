/**
 * The widget as an ES module, the package `heed-widget` (scripts/build-widget-package.mjs), for
 * sites that bundle their code:
 *
 *   import { load, open, identify } from 'heed-widget';
 *   load({ project: 'pk_…', endpoint: 'https://feedback.example.com' });
 *   identify({ id: user.id, email: user.email });
 *
 * It adds the endpoint's own widget.js (so the widget always matches the server it talks to) and
 * queues calls until that has loaded, exactly like the snippet in the README. Importing it does
 * nothing by itself (the package declares `sideEffects: false`), and nothing touches `document`
 * until a function is called, so it can be imported where pages render on a server.
 */
import type { HeedEvent, HeedFunction, HeedSubmission, HeedSubmitResult, HeedUser, OpenOptions } from './api.ts';
import type { InitOptions } from './config.ts';
import type { HeedEventMap, HeedGlobal, HeedListener, HeedMetadata } from './npm-global.ts';
import { createUuid } from './uuid.ts';

export type {
  HeedEvent,
  HeedEventMap,
  HeedGlobal,
  HeedListener,
  HeedMetadata,
  HeedSubmission,
  HeedSubmitResult,
  HeedUser,
  InitOptions,
  OpenOptions,
};

export interface LoadOptions extends InitOptions {
  project: string;
  /** Where the Heed server runs (`https://feedback.example.com`). */
  endpoint: string;
  /**
   * Subresource Integrity for widget.js (`sha384-…`, from the server's /widget/integrity.json):
   * the browser runs it only if it is that exact file. Pin it and a server upgrade stops the
   * widget until the value is updated (see the package's README).
   */
  integrity?: string;
}

/** `window.Heed`, or the queue that stands in for it until widget.js has loaded. */
function heed(): HeedFunction {
  window.Heed ??= function queue() {
    // The snippet's format: the loader replays these `arguments` objects in order.
    // eslint-disable-next-line prefer-rest-params -- the loader replays `arguments` objects, as the script-tag snippet queues them
    ((window.Heed as HeedFunction).q ??= []).push(arguments);
  } as HeedFunction;
  return window.Heed;
}

/**
 * Adds the widget to the page. Calls while it is on the page do nothing (a component mounted
 * twice, React's strict mode); after `destroy()` it adds the widget again.
 */
export function load({ project, endpoint, integrity, ...options }: LoadOptions): void {
  const previous = document.querySelector('script[data-heed-loader]');
  // `destroy()` removes window.Heed; until then the widget (or its queue) is in place.
  if (previous && window.Heed) return;
  previous?.remove();
  heed()('init', options);
  const script = document.createElement('script');
  script.src = `${endpoint.replace(/\/+$/, '')}/widget.js`;
  script.async = true;
  if (integrity) {
    script.integrity = integrity;
    // Integrity of a script from another origin needs a CORS request (the server allows any origin).
    script.crossOrigin = 'anonymous';
  }
  script.dataset.project = project;
  script.dataset.heedLoader = '';
  document.head.append(script);
}

/** Opens the form; `element` gets focus back when it closes (by default, what had focus). */
export const open = (options?: OpenOptions, element?: Element): void => void heed()('open', options, element);
export const close = (): void => void heed()('close');
/** Shows or hides the launcher button (not the form). */
export const show = (): void => void heed()('show');
export const hide = (): void => void heed()('hide');
export const identify = (user: HeedUser): void => void heed()('identify', user);
export const setMetadata = (metadata: HeedMetadata): void => void heed()('setMetadata', metadata);

/**
 * Calls `listener` on each `event`; returns the function that removes it, which works at once,
 * even before widget.js has loaded (an effect's cleanup may run that early).
 */
export function on<K extends HeedEvent>(event: K, listener: HeedListener<K>): () => void {
  let listening = true;
  const off = heed()('on', event, (detail: HeedEventMap[K]) => listening && listener(detail)) as (() => void) | undefined;
  return () => {
    listening = false;
    off?.();
  };
}

/**
 * Sends feedback from the site's own form through the widget's outbox: kept across reloads and
 * offline periods, retried, stored exactly once (pass your own `id` to retry safely yourself).
 * Resolves when it is delivered or safely queued, or refused with the server's reason; a queued
 * one refused later is announced to `on('error')`. Works before widget.js has loaded (`load()`
 * first), like every call here.
 */
export function submit(submission: HeedSubmission): Promise<HeedSubmitResult> {
  const id = submission.id ?? createUuid();
  return new Promise((resolve) => {
    const settle = (result: HeedSubmitResult) => {
      stopDelivered();
      stopRefused();
      resolve(result);
    };
    const stopDelivered = on('submit', (detail) => detail.id === id && settle({ ok: true, id, queued: detail.queued }));
    const stopRefused = on(
      'error',
      (detail) => detail.id === id && settle({ ok: false, id, message: detail.message, fields: detail.fields }),
    );
    heed()('submit', { ...submission, id });
  });
}

/** Removes the widget and its listeners from the page; `load()` adds it again. */
export const destroy = (): void => void heed()('destroy');
