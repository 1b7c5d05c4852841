import type { Fetcher } from '@cloudflare/workers-types';
import { contentTypeFor, type AssetSource } from '../assets.ts';

/**
 * The files of wrangler.toml's [assets] (the built widget and dashboard, and the demo site), read
 * through the ASSETS binding. The app serves them, as on Node (same headers, the demo only while
 * HEED_DEMO is on), so the Worker runs first for every path.
 */
export function createWorkersAssets(assets: Fetcher, { demo }: { demo: boolean }): AssetSource {
  return {
    async get(path) {
      const isDemo = !(path === '/widget.js' || path.startsWith('/widget/') || path.startsWith('/admin/'));
      if (isDemo && !demo) return null;
      const response = await assets.fetch(`https://assets.invalid${path}`);
      if (!response.ok) {
        await response.body?.cancel();
        return null;
      }
      return { body: new Uint8Array(await response.arrayBuffer()), contentType: contentTypeFor(path) };
    },
  };
}
