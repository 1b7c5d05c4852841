import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WidgetConfigSchema } from '../../../server/schemas/project.ts';
import { addProject, createTestApp } from '../../helpers/test-app.ts';

describe('GET /v1/projects/:key/config', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(async () => {
    await t.cleanup();
  });

  it('serves the public widget config, cacheable by the browser and readable from any origin', async () => {
    await addProject(t.store, {
      key: 'pk_nps',
      widgetConfig: WidgetConfigSchema.parse({
        ratingKind: 'nps',
        texts: { title: 'Quick question' },
        theme: { accent: '#0f766e', mode: 'dark' },
        categories: ['Bug', 'Idea'],
        email: 'required',
        followUp: { low: { atMost: 6, question: 'What should we fix first?' } },
      }),
    });
    const res = await t.app.request('/v1/projects/pk_nps/config', { headers: { Origin: 'https://anywhere.example' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('cache-control')).toMatch(/^private, max-age=\d+/);
    expect(await res.json()).toEqual({
      project: 'pk_nps',
      ratingKind: 'nps',
      texts: { title: 'Quick question' },
      // White reads on this dark teal (5.5:1); near-black would not (3.2:1).
      theme: { accent: '#0f766e', onAccent: '#ffffff', mode: 'dark' },
      categories: ['Bug', 'Idea'],
      email: 'required',
      followUp: { low: { atMost: 6, question: 'What should we fix first?' } },
    });
  });

  it('gives a light accent near-black text, and no text colour without an accent', async () => {
    await addProject(t.store, { key: 'pk_light', widgetConfig: WidgetConfigSchema.parse({ theme: { accent: '#fde047' } }) });
    expect((await (await t.app.request('/v1/projects/pk_light/config')).json()).theme).toEqual({
      accent: '#fde047',
      onAccent: '#111827',
      mode: 'auto',
    });
    expect((await (await t.app.request('/v1/projects/pk_shop/config')).json()).theme).toEqual({ mode: 'auto' });
  });

  it('does not reveal allowed origins or internal ids', async () => {
    const text = await (await t.app.request('/v1/projects/pk_shop/config')).text();
    expect(text).not.toContain('shop.example');
    expect(text).not.toContain(t.project.id);
  });

  it('answers 404 for unknown and disabled projects', async () => {
    await addProject(t.store, { key: 'pk_off', enabled: false });
    expect((await t.app.request('/v1/projects/pk_nope/config')).status).toBe(404);
    expect((await t.app.request('/v1/projects/pk_off/config')).status).toBe(404);
  });
});
