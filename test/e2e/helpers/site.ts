import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SitePage {
  body: string;
  headers?: Record<string, string>;
}

/**
 * A stand-in for a customer's website on its own loopback origin (http://localhost:PORT, while
 * Heed runs on 127.0.0.1): `pages` maps a path to what it serves.
 */
export async function startSite(pages: (path: string) => SitePage | undefined) {
  const server = createServer((req, res) => {
    const page = pages(req.url ?? '/');
    if (!page) return void res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', ...page.headers }).end(page.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://localhost:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export function pageWithWidget(heedOrigin: string, projectKey: string, head = ''): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Shop</title>${head}</head>
<body><h1>Shop</h1><p>A page that embeds Heed.</p>
<script src="${heedOrigin}/widget.js" data-project="${projectKey}" async></script></body></html>`;
}
