import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendRaw, type RawFraming } from '../../helpers/raw-http.ts';
import { createTestApp, feedbackBody } from '../../helpers/test-app.ts';

/** Posts `body` over a real socket, chunked or with a Content-Length as `framing` says; returns the status and body. */
async function post(port: number, body: string, framing: RawFraming): Promise<{ status: number; body: string }> {
  const res = await sendRaw(port, {
    method: 'POST',
    path: '/v1/feedback',
    headers: { 'Content-Type': 'application/json' },
    body: Buffer.from(body),
    framing,
  });
  return { status: res?.status ?? 0, body: res?.body.toString() ?? '' };
}

describe('body limit on a real socket', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let server: ServerType;
  let port: number;

  beforeAll(async () => {
    t = await createTestApp();
    server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((resolve) => server.once('listening', resolve));
    port = (server.address() as AddressInfo).port;
  });
  const isStored = async (id: string) => (await t.store.listFeedback(t.project.id, { limit: 100 })).items.some((item) => item.id === id);

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await t.cleanup();
  });

  it('rejects a chunked 40 KiB body (no Content-Length) with 413 and stores nothing', async () => {
    const body = feedbackBody({ comment: 'c'.repeat(3000) });
    const json = JSON.stringify(body);
    const padded = json + ' '.repeat(40 * 1024 - json.length);
    const res = await post(port, padded, { kind: 'chunked', chunkSize: 4096 });
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toMatchObject({ error: { code: 'payload_too_large' } });
    expect(await isStored(body.id as string)).toBe(false);
  });

  it('accepts a chunked body under the limit', async () => {
    const json = JSON.stringify(feedbackBody());
    const res = await post(port, json, { kind: 'chunked', chunkSize: 64 });
    expect(res.status).toBe(201);
  });

  it('rejects a 40 KiB body declared by Content-Length with 413 before reading it', async () => {
    const body = feedbackBody();
    const json = JSON.stringify(body);
    const padded = json + ' '.repeat(40 * 1024 - json.length);
    const res = await post(port, padded, { kind: 'length' });
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toMatchObject({ error: { code: 'payload_too_large' } });
    expect(await isStored(body.id as string)).toBe(false);
  });

  it('rejects a chunked admin body over 256 KiB with 413 once the token is accepted, and changes nothing', async () => {
    const huge = JSON.stringify({ name: 'x'.repeat(300 * 1024) });
    const res = await sendRaw(port, {
      method: 'PATCH',
      path: `/v1/projects/${t.project.key}`,
      headers: { Authorization: `Bearer ${t.adminToken}`, 'Content-Type': 'application/json' },
      body: Buffer.from(huge),
      framing: { kind: 'chunked', chunkSize: 16 * 1024 },
    });
    expect(res?.status).toBe(413);
    expect(JSON.parse(res!.body.toString())).toMatchObject({ error: { code: 'payload_too_large' } });
    expect((await t.store.getProjectByKey(t.project.key, Date.now()))?.name).toBe(t.project.name);
  });

  it('accepts a body of exactly 32 KiB declared by Content-Length', async () => {
    const json = JSON.stringify(feedbackBody());
    const padded = json + ' '.repeat(32 * 1024 - json.length);
    const res = await post(port, padded, { kind: 'length' });
    expect(res.status).toBe(201);
  });
});
