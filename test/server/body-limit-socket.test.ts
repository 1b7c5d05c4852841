import { serve, type ServerType } from '@hono/node-server';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, feedbackBody } from '../helpers/test-app.ts';

/**
 * Sends `chunks` over a real socket, chunked (no Content-Length) unless `contentLength` is
 * given, and returns the status and body.
 */
function post(port: number, chunks: string[], contentLength?: number): Promise<{ status: number; body: string }> {
  const framing = contentLength === undefined ? { 'Transfer-Encoding': 'chunked' } : { 'Content-Length': String(contentLength) };
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path: '/v1/feedback', method: 'POST', headers: { 'Content-Type': 'application/json', ...framing } },
      (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    // The server may answer 413 and close before every chunk is written.
    req.on('error', reject);
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
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
  const isStored = async (id: string) =>
    (await t.store.listFeedback(t.project.id, { limit: 100 })).items.some((item) => item.id === id);

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await t.cleanup();
  });

  it('rejects a chunked 40 KiB body (no Content-Length) with 413 and stores nothing', async () => {
    const body = feedbackBody({ comment: 'c'.repeat(3000) });
    const json = JSON.stringify(body);
    const padded = json + ' '.repeat(40 * 1024 - json.length);
    const chunks = padded.match(/[\s\S]{1,4096}/g)!;
    const res = await post(port, chunks);
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toMatchObject({ error: { code: 'payload_too_large' } });
    expect(await isStored(body.id as string)).toBe(false);
  });

  it('accepts a chunked body under the limit', async () => {
    const json = JSON.stringify(feedbackBody());
    const res = await post(port, json.match(/[\s\S]{1,64}/g)!);
    expect(res.status).toBe(201);
  });

  it('rejects a 40 KiB body declared by Content-Length with 413 before reading it', async () => {
    const body = feedbackBody();
    const json = JSON.stringify(body);
    const padded = json + ' '.repeat(40 * 1024 - json.length);
    const res = await post(port, [padded], Buffer.byteLength(padded));
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toMatchObject({ error: { code: 'payload_too_large' } });
    expect(await isStored(body.id as string)).toBe(false);
  });

  it('accepts a body of exactly 32 KiB declared by Content-Length', async () => {
    const json = JSON.stringify(feedbackBody());
    const padded = json + ' '.repeat(32 * 1024 - json.length);
    const res = await post(port, [padded], Buffer.byteLength(padded));
    expect(res.status).toBe(201);
  });
});
