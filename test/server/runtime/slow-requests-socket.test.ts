import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killNodeServer, startNodeServer, type RunningServer } from '../../helpers/node-server.ts';

/** Short timeouts, so that a test sees them end a request; the defaults are 30 s and 10 s. */
const REQUEST_TIMEOUT_MS = 3000;
const HEADERS_TIMEOUT_MS = 1000;
/** An answer that needs no body arrives well within this, even on a loaded machine. */
const AT_ONCE_MS = 1000;

interface Stalled {
  status: number | null;
  code: string | null;
  /** When the first byte of an answer arrived, and when the server closed the connection (null: neither within `giveUpMs`). */
  answeredAfterMs: number | null;
  closedAfterMs: number | null;
}

/**
 * Sends `head` and then `body` as a slow client would: the bytes are sent and the client waits,
 * never sending the rest, never closing (keep-alive, no `Connection: close`). Gives up after `giveUpMs`.
 */
function sendAndStall(port: number, head: string, body: Uint8Array, giveUpMs: number): Promise<Stalled> {
  return new Promise((resolve) => {
    const started = performance.now();
    const socket = connect(port, '127.0.0.1');
    const received: Buffer[] = [];
    let answeredAfterMs: number | null = null;
    let closedAfterMs: number | null = null;
    const finish = () => {
      clearTimeout(giveUp);
      socket.destroy();
      const text = Buffer.concat(received).toString('latin1');
      const status = /^HTTP\/1\.1 (\d{3})/.exec(text)?.[1];
      const code = /"code":"(\w+)"/.exec(text)?.[1];
      resolve({ status: status ? Number(status) : null, code: code ?? null, answeredAfterMs, closedAfterMs });
    };
    const giveUp = setTimeout(finish, giveUpMs);
    socket.on('data', (data: Buffer) => {
      answeredAfterMs ??= performance.now() - started;
      received.push(data);
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      closedAfterMs = performance.now() - started;
      finish();
    });
    socket.write(Buffer.concat([Buffer.from(head), body]));
  });
}

const KIB = new Uint8Array(1024).fill(0x20);
/** A chunked body's first 1 KiB chunk (whitespace, valid JSON so far), with no chunk after it. */
const FIRST_CHUNK = Buffer.concat([Buffer.from('400\r\n'), KIB, Buffer.from('\r\n')]);

function head(method: string, path: string, headers: Record<string, string>): string {
  return [`${method} ${path} HTTP/1.1`, 'Host: 127.0.0.1', ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), '', ''].join('\r\n');
}

describe('slow and unauthenticated requests, on the real Node server', () => {
  const dir = mkdtempSync(join(tmpdir(), 'heed-slow-'));
  let server: RunningServer;
  let port: number;
  let adminToken: string;
  let readToken: string;
  /** Every admin operation, as `METHOD /path` with its parameters filled in, and its scope, from /openapi.json. */
  let adminRoutes: { route: string; scope: string }[];

  beforeAll(async () => {
    server = await startNodeServer({
      HEED_DB: join(dir, 'heed.db'),
      HEED_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
      HEED_HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS),
    });
    port = Number(new URL(server.origin).port);
    adminToken = /Admin token[^\n]*\n\s*(heed_\S+)/.exec(server.output)![1]!;
    const created = await fetch(`${server.origin}/v1/tokens`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ scope: 'read' }),
    });
    readToken = ((await created.json()) as { token: string }).token;
    const doc = (await (await fetch(`${server.origin}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { security?: { bearer: string[] }[] }>>;
    };
    adminRoutes = Object.entries(doc.paths).flatMap(([path, operations]) =>
      Object.entries(operations)
        .filter(([, operation]) => operation.security)
        .map(([method, operation]) => ({
          route: `${method.toUpperCase()} ${path.replace(/\{\w+\}/g, 'pk_missing')}`,
          scope: operation.security![0]!.bearer[0]!,
        })),
    );
  }, 60_000);

  afterAll(async () => {
    await killNodeServer(server);
    rmSync(dir, { recursive: true, force: true });
  });

  describe('an admin request is refused before its body is read', () => {
    it('finds every admin route family in /openapi.json to try', () => {
      for (const family of ['/v1/tokens', '/v1/projects', '/feedback', '/destinations', '/stats', '/themes']) {
        expect(
          adminRoutes.some(({ route }) => route.includes(family)),
          family,
        ).toBe(true);
      }
      expect(adminRoutes.length).toBeGreaterThanOrEqual(20);
    });

    const cases = [
      { name: 'without a token', token: () => undefined, routes: () => adminRoutes },
      {
        name: 'with a token below the route’s scope',
        token: () => readToken,
        routes: () => adminRoutes.filter(({ scope }) => scope !== 'read'),
      },
    ];
    for (const { name, token, routes } of cases) {
      it(`answers a chunked body that stalls after 1 KiB ${name} with 401 at once, and closes the connection, on every admin route`, async () => {
        const late: string[] = [];
        for (const { route } of routes()) {
          const [method, path] = route.split(' ') as [string, string];
          const headers = {
            'Content-Type': 'application/json',
            'Transfer-Encoding': 'chunked',
            ...(token() ? { Authorization: `Bearer ${token()}` } : {}),
          };
          const res = await sendAndStall(port, head(method, path, headers), FIRST_CHUNK, AT_ONCE_MS * 2);
          if (res.status !== 401 || res.code !== 'unauthorized' || res.closedAfterMs === null || res.closedAfterMs > AT_ONCE_MS) {
            const after = (ms: number | null) => (ms === null ? '-' : `${ms.toFixed(0)} ms`);
            late.push(
              `${route}: ${res.status ?? 'no answer'} after ${after(res.answeredAfterMs)}, closed after ${after(res.closedAfterMs)}`,
            );
          }
        }
        expect(late).toEqual([]);
      }, 120_000);
    }

    it('answers a Content-Length body that stalls after 1 KiB without a token with 401 at once', async () => {
      const res = await sendAndStall(
        port,
        head('POST', '/v1/tokens', { 'Content-Type': 'application/json', 'Content-Length': '4096' }),
        KIB,
        AT_ONCE_MS * 2,
      );
      expect(res).toMatchObject({ status: 401, code: 'unauthorized' });
      expect(res.closedAfterMs).toBeLessThan(AT_ONCE_MS);
    });
  });

  describe('the server’s timeouts end a request that does not arrive', () => {
    const cases: { name: string; bytes: () => readonly [head: string, body: Uint8Array]; within: readonly [from: number, to: number] }[] = [
      {
        name: 'a chunked feedback body that stalls after 1 KiB',
        bytes: () => [head('POST', '/v1/feedback', { 'Content-Type': 'text/plain', 'Transfer-Encoding': 'chunked' }), FIRST_CHUNK] as const,
        within: [REQUEST_TIMEOUT_MS, REQUEST_TIMEOUT_MS + 3000],
      },
      {
        name: 'a feedback body that stops short of its Content-Length',
        bytes: () => [head('POST', '/v1/feedback', { 'Content-Type': 'text/plain', 'Content-Length': '4096' }), KIB] as const,
        within: [REQUEST_TIMEOUT_MS, REQUEST_TIMEOUT_MS + 3000],
      },
      {
        name: 'a chunked admin body with a valid token that stalls after 1 KiB',
        bytes: () => {
          const headers = { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' };
          return [head('POST', '/v1/projects', headers), FIRST_CHUNK] as const;
        },
        within: [REQUEST_TIMEOUT_MS, REQUEST_TIMEOUT_MS + 3000],
      },
      {
        name: 'a request head that stops before its blank line',
        bytes: () => ['GET /v1/projects/pk_missing/config HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: 1\r\n', new Uint8Array(0)] as const,
        within: [HEADERS_TIMEOUT_MS, REQUEST_TIMEOUT_MS],
      },
    ];

    it.concurrent.for(cases)(
      'answers $name with 408 request_timeout and closes the connection',
      { timeout: 20_000 },
      async ({ bytes, within }, { expect }) => {
        const [requestHead, body] = bytes();
        const res = await sendAndStall(port, requestHead, body, REQUEST_TIMEOUT_MS + 5000);
        expect(res).toMatchObject({ status: 408, code: 'request_timeout' });
        expect(res.answeredAfterMs).toBeGreaterThanOrEqual(within[0] - 50);
        expect(res.answeredAfterMs).toBeLessThan(within[1]);
        expect(res.closedAfterMs).not.toBeNull();
      },
    );

    it('keeps serving afterwards, with nothing logged as an error', async () => {
      expect((await fetch(`${server.origin}/openapi.json`)).status).toBe(200);
      expect(server.output).not.toMatch(/error/i);
    });
  });
});
