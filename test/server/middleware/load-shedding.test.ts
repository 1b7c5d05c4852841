import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, feedbackBody } from '../../helpers/test-app.ts';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;

const post = (t: TestApp, body = feedbackBody()) =>
  t.app.request('/v1/feedback', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
const stored = (t: TestApp) => t.sqlite.prepare('SELECT count(*) FROM feedback').pluck().get();

describe('load shedding on ingest', () => {
  let t: TestApp;
  afterEach(() => t.cleanup());

  it('refuses submissions past the in-flight bound with 503 and Retry-After, and takes them again after', async () => {
    t = await createTestApp({ config: { maxIngestInFlight: 2 } });
    const answers = await Promise.all(Array.from({ length: 5 }, () => post(t)));
    expect(answers.map((res) => res.status).sort()).toEqual([201, 201, 503, 503, 503]);
    const refused = answers.find((res) => res.status === 503)!;
    expect(Number(refused.headers.get('Retry-After'))).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers.get('Retry-After'))).toBeLessThanOrEqual(5);
    expect(await refused.json()).toMatchObject({ error: { code: 'overloaded', message: expect.stringMatching(/busy/) } });
    expect(stored(t)).toBe(2);
    expect((await post(t)).status).toBe(201);
  });

  it('refuses every submission while the runtime says it is saturated, and stores none of them', async () => {
    let busy = true;
    t = await createTestApp({ busy: () => busy });
    const refused = await post(t);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('Retry-After')).toMatch(/^[1-5]$/);
    expect(stored(t)).toBe(0);
    busy = false;
    expect((await post(t)).status).toBe(201);
  });
});
