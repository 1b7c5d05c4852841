import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { killNodeServer, logLines, startNodeServer, stopNodeServer, type RunningServer } from '../../helpers/node-server.ts';
import { feedbackBody } from '../../helpers/test-app.ts';

const VISITORS = 16;
const TOKEN_PATTERN = /\b(heed_[0-9a-f]{16}_[A-Za-z0-9_-]{43})\b/;

describe('the Node server’s shutdown and logs', () => {
  let dir: string;
  let server: RunningServer | undefined;
  afterEach(async () => {
    await killNodeServer(server);
    server = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  async function start(env: Record<string, string> = {}) {
    dir = mkdtempSync(join(tmpdir(), 'heed-shutdown-'));
    server = await startNodeServer({
      HEED_DB: join(dir, 'heed.db'),
      HEED_RATE_LIMIT_CLIENT: '1000000',
      HEED_RATE_LIMIT_PROJECT: '1000000',
      // Load shedding answers 503 on purpose; here any 5xx would be the shutdown's fault.
      HEED_MAX_EVENT_LOOP_DELAY_MS: '60000',
      ...env,
    });
    const token = TOKEN_PATTERN.exec(server.output)![1]!;
    const res = await fetch(`${server.origin}/v1/projects`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'Shop', allowedOrigins: ['https://shop.example'], antiSpam: { minSeconds: 0, turnstile: false } }),
    });
    expect(res.status).toBe(201);
    const { key } = (await res.json()) as { key: string };
    return { server, token, key };
  }

  it('on SIGTERM under load: every 201 is stored, no 5xx is answered, and it exits 0 once done', async () => {
    const { server, key } = await start({ HEED_SHUTDOWN_TIMEOUT: '10' });
    const answered: { id: string; status: number; at: number }[] = [];
    const refused: string[] = [];
    let sentSignal = false;
    const deadline = Date.now() + 30_000;
    const visitor = async () => {
      // Until the server stops taking connections (or 30 s): keep-alive connections, as browsers use.
      while (Date.now() < deadline) {
        const body = feedbackBody({ project: key });
        try {
          const res = await fetch(`${server.origin}/v1/feedback`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify(body),
          });
          answered.push({ id: body.id as string, status: res.status, at: Date.now() });
          await res.arrayBuffer();
        } catch (error) {
          refused.push(String((error as { cause?: { code?: string } }).cause?.code ?? error));
          if (sentSignal) return;
        }
      }
    };
    const exited = new Promise<number | null>((resolve) => server.child.once('exit', (code) => resolve(code)));
    const load = Promise.all(Array.from({ length: VISITORS }, visitor));
    while (answered.length < 300 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    server.child.kill('SIGTERM');
    sentSignal = true;
    const signalledAt = Date.now();
    await load;
    expect(await exited).toBe(0);
    expect(Date.now() - signalledAt).toBeLessThan(10_000);

    const created = answered.filter((a) => a.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(300);
    // Requests under way at the signal were finished and answered, not dropped.
    expect(created.filter((a) => a.at > signalledAt).length).toBeGreaterThan(0);
    expect(answered.filter((a) => a.status >= 500)).toEqual([]);
    expect(answered.filter((a) => a.status !== 201)).toEqual([]);
    // Every visitor ended on a refused (or reset) connection, not on an error answer.
    expect(refused.length).toBeGreaterThanOrEqual(VISITORS);

    const sqlite = new SqliteDatabase(join(dir, 'heed.db'), { readonly: true });
    const stored = new Set(sqlite.prepare('SELECT id FROM feedback').pluck().all() as string[]);
    sqlite.close();
    expect(created.filter((a) => !stored.has(a.id))).toEqual([]);

    const events = logLines(server).map((line) => line.msg);
    expect(events).toContain('shutting down: no new connections; finishing requests and jobs under way');
    expect(logLines(server).find((line) => line.msg === 'stopped: the database is closed')).toMatchObject({ inTime: true });
  }, 60_000);

  it('closes a request that does not finish once HEED_SHUTDOWN_TIMEOUT has passed, and still closes the database', async () => {
    const { server } = await start({ HEED_SHUTDOWN_TIMEOUT: '1' });
    const { port } = new URL(server.origin);
    // A body that never arrives in full: the request stays under way.
    const socket = connect(Number(port), '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.on('error', () => undefined);
    socket.write('POST /v1/feedback HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{"project":');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const started = Date.now();
    expect(await stopNodeServer(server)).toBe(0);
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(900);
    expect(took).toBeLessThan(5000);
    const lines = logLines(server);
    expect(lines.map((line) => line.msg)).toContain('shutdown timeout: closing the connections still open');
    expect(lines.find((line) => line.msg === 'stopped: the database is closed')).toMatchObject({ inTime: false });
    socket.destroy();
  }, 30_000);

  it('writes JSON lines on stdout when piped (start-up, migrations, listening, requests), the banner and its token only on stderr', async () => {
    const { server, token } = await start();
    await fetch(`${server.origin}/v1/projects/nope/config?secret=1`);
    expect(await stopNodeServer(server)).toBe(0);
    const lines = logLines(server); // throws if a line is not JSON
    for (const line of lines) {
      expect(line).toMatchObject({ level: expect.any(String), time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), msg: expect.any(String) });
    }
    const messages = lines.map((line) => line.msg);
    expect(messages.slice(0, 4)).toEqual(['starting', 'database opened', 'migrations applied', 'listening']);
    expect(lines.find((line) => line.msg === 'migrations applied')!.migrations).toContain('0001_initial.sql');
    expect(lines.find((line) => line.msg === 'request' && line.route === '/v1/projects/:key/config')).toMatchObject({
      method: 'GET',
      status: 404,
      requestId: expect.any(String),
    });
    expect(server.stdout).not.toContain(token);
    expect(server.stdout).not.toContain('secret=1');
    expect(server.stderr).toContain('Heed is listening on http://');
    expect(server.stderr).toContain(token);
  }, 30_000);

  it('writes the banner and readable lines on stdout with HEED_LOG_FORMAT=pretty, and only warnings at HEED_LOG_LEVEL=warn', async () => {
    const { server } = await start({ HEED_LOG_FORMAT: 'pretty', HEED_LOG_LEVEL: 'warn' });
    await fetch(`${server.origin}/v1/projects/nope/config`);
    expect(await stopNodeServer(server)).toBe(0);
    expect(server.stdout).toContain('Heed is listening on http://');
    expect(server.stdout).not.toMatch(/"msg":/);
    // At warn: no start-up, request or shutdown lines.
    expect(server.stdout).not.toContain('/v1/projects/:key/config');
    expect(server.stdout).not.toContain('shutting down');
  }, 30_000);
});
