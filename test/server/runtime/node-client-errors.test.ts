import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killNodeServer, startNodeServer, type RunningServer } from '../../helpers/node-server.ts';
import { sendRawBytes, type RawResponse } from '../../helpers/raw-http.ts';

/** What a client reads: status, and the API's `{ error: { code, message } }`. */
function refusal(res: RawResponse | null) {
  expect(res).not.toBeNull();
  expect(res!.headers['content-type']).toBe('application/json');
  const { error } = JSON.parse(res!.body.toString('utf8')) as { error: { code: string; message: string } };
  expect(error.message.length).toBeGreaterThan(0);
  return { status: res!.status, code: error.code };
}

describe('requests Node itself refuses, on the real Node server', () => {
  const dir = mkdtempSync(join(tmpdir(), 'heed-refusals-'));
  let server: RunningServer;
  let port: number;
  beforeAll(async () => {
    server = await startNodeServer({ HEED_DB: join(dir, 'heed.db') });
    port = Number(new URL(server.origin).port);
  }, 60_000);
  afterAll(async () => {
    await killNodeServer(server);
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers bytes that are not HTTP with 400 malformed_request in the API shape', async () => {
    expect(refusal(await sendRawBytes(port, Buffer.from('HELLO THERE\r\n\r\n')))).toEqual({ status: 400, code: 'malformed_request' });
    expect(refusal(await sendRawBytes(port, Buffer.from('POST /v1/feedback HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n')))).toEqual({
      status: 400,
      code: 'malformed_request',
    });
  });

  it('answers a request head over 16 KiB with 431 headers_too_large', async () => {
    const head = `GET /v1/projects HTTP/1.1\r\nHost: x\r\nX-Padding: ${'a'.repeat(20_000)}\r\n\r\n`;
    expect(refusal(await sendRawBytes(port, Buffer.from(head)))).toEqual({ status: 431, code: 'headers_too_large' });
  });

  it('answers a body cut short by a half-close in the API shape, and keeps serving', async () => {
    const head = 'POST /v1/feedback HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 500\r\n\r\n{"project":"demo"';
    const { status, code } = refusal(await sendRawBytes(port, Buffer.from(head), { how: 'half-close', afterMs: 20 }));
    expect(status).toBe(400);
    // Node's parser or the app, whichever notices first.
    expect(['malformed_request', 'incomplete_body']).toContain(code);
    expect((await fetch(`${server.origin}/openapi.json`)).status).toBe(200);
    expect(server.output).not.toMatch(/error/i);
  });
});
