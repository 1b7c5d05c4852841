/** Static files the app serves (the built widget, the demo site); each runtime supplies them its own way. */
export interface Asset {
  body: Uint8Array;
  contentType: string;
}

export interface AssetSource {
  get(path: string): Asset | null | Promise<Asset | null>;
}

const CONTENT_TYPES: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  mjs: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  html: 'text/html; charset=utf-8',
  json: 'application/json; charset=utf-8',
  map: 'application/json; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  ico: 'image/x-icon',
  txt: 'text/plain; charset=utf-8',
};

export function contentTypeFor(path: string): string {
  const extension = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  return CONTENT_TYPES[extension] ?? 'application/octet-stream';
}

/** An AssetSource over files already in memory, keyed by URL path (`/widget.js`). */
export function createMemoryAssets(files: Map<string, Uint8Array>): AssetSource {
  return {
    get(path) {
      const body = files.get(path);
      return body ? { body, contentType: contentTypeFor(path) } : null;
    },
  };
}
