import { hc, type ClientRequestOptions } from 'hono/client';
import type { App } from './app.ts';

/**
 * The admin API as typed calls: `client.v1.projects[':key'].$get({ param: { key } })`, with each
 * route's input checked and its JSON answers typed by status. Computed once here, so editors need
 * not infer the whole app at each use.
 */
export type Client = ReturnType<typeof hc<App>>;

/** A client for the server at `baseUrl`; `options.headers` carries the admin token, `options.fetch` can be `app.request` in tests. */
export function createClient(baseUrl: string, options?: ClientRequestOptions): Client {
  return hc<App>(baseUrl, options);
}
