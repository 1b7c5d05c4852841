import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createMemoryAssets } from '../../../server/assets.ts';
import { createTestApp } from '../../helpers/test-app.ts';

const files = new Map<string, Uint8Array>([
  ['/widget.js', new TextEncoder().encode('/* loader */')],
  ['/widget/panel.0123456789.js', new TextEncoder().encode('/* panel */')],
  ['/index.html', new TextEncoder().encode('<!doctype html><title>demo</title>')],
]);

describe('static files', () => {
  it('serves /widget.js as JavaScript, briefly cached and loadable from any site', async () => {
    const t = await createTestApp({ assets: createMemoryAssets(files) });
    const res = await t.app.request('/widget.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(await res.text()).toBe('/* loader */');
    await t.cleanup();
  });

  it('caches content-hashed chunks for a year as immutable', async () => {
    const t = await createTestApp({ assets: createMemoryAssets(files) });
    const res = await t.app.request('/widget/panel.0123456789.js');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    await t.cleanup();
  });

  it('serves the demo index at / and answers unknown paths with a JSON 404', async () => {
    const t = await createTestApp({ assets: createMemoryAssets(files) });
    const index = await t.app.request('/');
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(index.headers.get('access-control-allow-origin')).toBeNull();
    const missing = await t.app.request('/nope.js');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: 'not_found' } });
    await t.cleanup();
  });

  it('sends text files gzipped to clients that accept it, identical once unzipped', async () => {
    const t = await createTestApp({ assets: createMemoryAssets(files) });
    const zipped = await t.app.request('/widget.js', { headers: { 'Accept-Encoding': 'gzip, br' } });
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    expect(zipped.headers.get('vary')).toContain('Accept-Encoding');
    expect(gunzipSync(Buffer.from(await zipped.arrayBuffer())).toString()).toBe('/* loader */');
    const plain = await t.app.request('/widget.js');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(await plain.text()).toBe('/* loader */');
    await t.cleanup();
  });
});
