/**
 * The widget as an ES module, for sites that `npm i heed` and bundle their code:
 *
 *   import { load, open, identify } from 'heed/widget';
 *   load({ project: 'pk_…', endpoint: 'https://feedback.example.com' });
 *   identify({ id: user.id, email: user.email });
 *
 * It adds the endpoint's own widget.js (so the widget always matches the server it talks to) and
 * queues calls until that has loaded, exactly like the snippet in the README.
 */
import type { HeedEvent, HeedFunction, HeedUser, OpenOptions } from './api.ts';
import type { InitOptions } from './config.ts';

export type { HeedEvent, HeedUser, InitOptions, OpenOptions };

export interface LoadOptions extends InitOptions {
  project: string;
  /** Where the Heed server runs (`https://feedback.example.com`). */
  endpoint: string;
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

/** Adds the widget to the page once; later calls do nothing. */
export function load({ project, endpoint, ...options }: LoadOptions): void {
  if (document.querySelector('script[data-heed-loader]')) return;
  heed()('init', options);
  const script = document.createElement('script');
  script.src = `${endpoint.replace(/\/+$/, '')}/widget.js`;
  script.async = true;
  script.dataset.project = project;
  script.dataset.heedLoader = '';
  document.head.append(script);
}

/** Opens the form; `element` gets focus back when it closes (by default, what had focus). */
export const open = (options?: OpenOptions, element?: Element): void => void heed()('open', options, element);
export const close = (): void => void heed()('close');
export const show = (): void => void heed()('show');
export const hide = (): void => void heed()('hide');
export const identify = (user: HeedUser): void => void heed()('identify', user);
export const setMetadata = (metadata: Record<string, string | number | boolean>): void => void heed()('setMetadata', metadata);
/** Returns a function that removes the listener (once widget.js has loaded; before, a no-op). */
export const on = (event: HeedEvent, listener: (detail: unknown) => void): (() => void) =>
  (heed()('on', event, listener) as (() => void) | undefined) ?? (() => {});
export const destroy = (): void => void heed()('destroy');
