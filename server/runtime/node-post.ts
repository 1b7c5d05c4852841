import { UndeliverableError, type Post } from '../notify/delivery-worker.ts';
import { BlockedDestinationError, createGuardedFetch, type GuardedFetchOptions } from './node-guarded-fetch.ts';

/** Forwarding's HTTP client on Node: private, loopback and link-local addresses refused when connecting, unless allowed. */
export function createNodePost(options: GuardedFetchOptions): Post & { close(): Promise<void> } {
  const send = createGuardedFetch(options);
  const post = async ({ url, headers, body }: Parameters<Post>[0]) => {
    try {
      const response = await send(url, { method: 'POST', headers, body });
      return { status: response.status, retryAfter: response.headers.get('retry-after') };
    } catch (error) {
      if (error instanceof BlockedDestinationError) throw new UndeliverableError(error.message);
      throw error;
    }
  };
  return Object.assign(post, { close: () => send.close() });
}
