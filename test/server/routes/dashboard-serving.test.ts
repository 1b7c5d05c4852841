import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryAssets } from '../../../server/assets.ts';
import { toBase64Url } from '../../../server/encoding.ts';
import { createTestApp, feedbackBody } from '../../helpers/test-app.ts';

const text = (body: string) => new TextEncoder().encode(body);
const files = new Map<string, Uint8Array>([
  ['/admin/index.html', text('<!doctype html><title>Heed</title>')],
  ['/admin/preview.html', text('<!doctype html><title>Preview</title>')],
  ['/admin/assets/index.B6x_kq2M.js', text('/* app */')],
]);

describe('the dashboard’s files', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  afterEach(() => t.cleanup());

  it('serves its page for /admin and any of its routes, under a strict policy that nothing may frame', async () => {
    t = await createTestApp({ assets: createMemoryAssets(files) });
    for (const path of ['/admin', '/admin/', '/admin/projects/pk_shop/feedback/0190a000-0000-7000-8000-000000000000']) {
      const res = await t.app.request(path);
      expect(res.status, path).toBe(200);
      expect(await res.text()).toContain('<title>Heed</title>');
      const csp = res.headers.get('content-security-policy')!;
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('cache-control')).toBe('no-cache');
    }
  });

  it('lets only the dashboard frame the widget preview, and caches hashed files for a year', async () => {
    t = await createTestApp({ assets: createMemoryAssets(files) });
    const preview = await t.app.request('/admin/preview.html');
    expect(preview.headers.get('content-security-policy')).toContain("frame-ancestors 'self'");
    expect(preview.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    const script = await t.app.request('/admin/assets/index.B6x_kq2M.js');
    expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await t.app.request('/admin/assets/missing.js')).status).toBe(404);
  });

  it('sandboxes the widget preview into an origin of its own however it is opened, and lets that opaque origin load its files', async () => {
    t = await createTestApp({ assets: createMemoryAssets(files) });
    const preview = await t.app.request('/admin/preview.html');
    expect(preview.headers.get('content-security-policy')).toMatch(/; sandbox allow-scripts allow-forms$/);
    // The sandboxed frame's origin is `null`: its module script is a CORS request.
    const script = await t.app.request('/admin/assets/index.B6x_kq2M.js', { headers: { Origin: 'null' } });
    expect(script.headers.get('access-control-allow-origin')).toBe('*');
    const config = await t.app.request(`/preview/${toBase64Url(text('{}'))}/v1/projects/pk_shop/config`, { headers: { Origin: 'null' } });
    expect(config.headers.get('access-control-allow-origin')).toBe('*');
  });
});

describe('the widget preview endpoint', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  afterEach(() => t.cleanup());
  const encode = (config: unknown) => toBase64Url(text(JSON.stringify(config)));

  it('serves a design not saved yet as the project’s config, checked like a saved one', async () => {
    t = await createTestApp();
    const res = await t.app.request(
      `/preview/${encode({ ratingKind: 'nps', texts: { title: 'Ünïcode <b>ok</b>' } })}/v1/projects/pk_shop/config`,
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      project: 'pk_shop',
      ratingKind: 'nps',
      texts: { title: 'Ünïcode <b>ok</b>' },
      email: 'optional',
    });
    const bad = await t.app.request(`/preview/${encode({ ratingKind: 'sliders', theme: { accent: 'red' } })}/v1/projects/pk_shop/config`);
    expect(bad.status).toBe(400);
    const { error } = (await bad.json()) as { error: { code: string; issues: { path: string }[] } };
    expect(error.code).toBe('invalid_payload');
    expect(error.issues.map((issue) => issue.path)).toEqual(expect.arrayContaining(['ratingKind', 'theme.accent']));
    expect((await t.app.request('/preview/%25%25/v1/projects/pk_shop/config')).status).toBe(400);
  });

  it('answers a preview submission like the real endpoint but stores nothing', async () => {
    t = await createTestApp();
    const body = feedbackBody();
    const res = await t.app.request(`/preview/${encode({})}/v1/feedback`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ id: body.id });
    const invalid = await t.app.request(`/preview/${encode({})}/v1/feedback`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain' },
      body: '{"rating":7}',
    });
    expect(invalid.status).toBe(400);
    expect((await t.store.listFeedback(t.project.id, { limit: 10 })).items).toEqual([]);
  });
});
