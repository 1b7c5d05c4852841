import { Hono } from 'hono';
import type { AssetSource } from '../assets.ts';

const COMPRESSIBLE = /^(text\/|application\/json|image\/svg)/;

const DASHBOARD_PAGE = '/admin/index.html';
const PREVIEW_PAGE = '/admin/preview.html';

/**
 * The dashboard's own policy: its code, styles and API calls from this origin only, no inline
 * script or style, no plugins, never framed. The install page's preview loads the widget (also
 * from this origin) in a sandboxed frame, in an opaque origin of its own.
 */
const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "frame-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

/** Built files carry a content hash in their name (`panel.3f9a1c2b7e.js`, `index.B6x_kq2M.js`) and never change. */
const HASHED_NAME = /\.[\w-]{8,}\.[a-z]+$/;

/**
 * Serves the widget (`/widget.js`, `/widget/*`) and, when present, the demo site. Widget files
 * are loaded by other sites, so they carry CORS and cross-origin resource headers.
 */
export function assetRoutes({ assets, compress }: { assets: AssetSource; compress: boolean }) {
  const app = new Hono();
  // Files never change while the server runs: each is gzipped once, on first request.
  const gzipped = new Map<string, Promise<Uint8Array>>();
  const gzip = (path: string, body: Uint8Array) => {
    let cached = gzipped.get(path);
    if (!cached) {
      cached = new Response(new Blob([body as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream('gzip')))
        .arrayBuffer()
        .then((buffer) => new Uint8Array(buffer));
      gzipped.set(path, cached);
    }
    return cached;
  };

  app.get('*', async (c, next) => {
    let path = c.req.path.endsWith('/') ? `${c.req.path}index.html` : c.req.path;
    const isDashboard = path === '/admin' || path.startsWith('/admin/');
    // The dashboard routes in the browser: any of its paths without a file extension (a link from a
    // notification to /admin/projects/…/feedback/…) gets its page.
    if (isDashboard && !/\.[a-z0-9]+$/i.test(path)) path = DASHBOARD_PAGE;
    const asset = await assets.get(path);
    if (!asset) return next();
    if (path === DASHBOARD_PAGE || path === PREVIEW_PAGE) {
      // The preview is framed by the dashboard; the dashboard by nothing. The preview is
      // sandboxed as its frame is, however it is opened: never the dashboard's origin.
      const framing = path === PREVIEW_PAGE ? "'self'; sandbox allow-scripts allow-forms" : "'none'";
      c.header('Content-Security-Policy', `${DASHBOARD_CSP}; frame-ancestors ${framing}`);
      c.header('X-Frame-Options', path === PREVIEW_PAGE ? 'SAMEORIGIN' : 'DENY');
      c.header('Referrer-Policy', 'same-origin');
    }
    // The install page's preview frame is sandboxed into an opaque origin, so its module script
    // and stylesheet are CORS requests from `null`; these files are public to anyone anyway.
    if (path.startsWith('/admin/assets/')) c.header('Access-Control-Allow-Origin', '*');
    const isWidget = path === '/widget.js' || path.startsWith('/widget/');
    if (isWidget) {
      c.header('Access-Control-Allow-Origin', '*');
      c.header('Cross-Origin-Resource-Policy', 'cross-origin');
      // Lets the host page's performance tools see the widget's real transfer size and timing.
      c.header('Timing-Allow-Origin', '*');
    }
    // The loader's URL is fixed in every embed, so it is cached briefly: updates reach sites within minutes.
    c.header(
      'Cache-Control',
      HASHED_NAME.test(path) ? 'public, max-age=31536000, immutable' : isWidget ? 'public, max-age=300' : 'no-cache',
    );
    c.header('Content-Type', asset.contentType);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Vary', 'Accept-Encoding');
    if (compress && COMPRESSIBLE.test(asset.contentType) && /\bgzip\b/.test(c.req.header('accept-encoding') ?? '')) {
      c.header('Content-Encoding', 'gzip');
      return c.body((await gzip(path, asset.body)) as Uint8Array<ArrayBuffer>);
    }
    return c.body(asset.body as Uint8Array<ArrayBuffer>);
  });
  return app;
}
