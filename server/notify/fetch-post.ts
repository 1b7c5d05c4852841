import type { Post } from './delivery-worker.ts';

/**
 * With the runtime's own fetch: for runtimes that cannot reach private networks anyway (Workers).
 * On Node the entry passes a client that refuses private addresses (runtime/node-guarded-fetch.ts).
 */
export const fetchPost: Post = async ({ url, headers, body }) => {
  const response = await fetch(url, { method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.timeout(10_000) });
  await response.body?.cancel();
  return { status: response.status, retryAfter: response.headers.get('retry-after') };
};
