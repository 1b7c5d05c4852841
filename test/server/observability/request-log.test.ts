import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../../server/app.ts';
import { createJsonLineLogger, type LogLevel } from '../../../server/observability/logger.ts';
import type { Store } from '../../../server/store/store.ts';
import { addProject, createTempSqliteStore, feedbackBody } from '../../helpers/test-app.ts';

const REQUEST_LINE_KEYS = ['durationMs', 'level', 'method', 'msg', 'requestId', 'route', 'status', 'time'];

describe('request logs and request ids', () => {
  let temp: ReturnType<typeof createTempSqliteStore> | undefined;
  afterEach(async () => {
    await temp?.cleanup().catch(() => undefined);
    temp = undefined;
  });

  /** The app with a JSON-line logger (Workers' lines, the shape the Node runtime's pino writes) into an array. */
  async function build(level: LogLevel = 'info', wrap: (store: Store) => Store = (store) => store) {
    temp = createTempSqliteStore();
    await addProject(temp.store);
    const store = wrap(temp.store);
    const lines: string[] = [];
    const log = createJsonLineLogger({ level, write: (line) => lines.push(line), now: () => 1_700_000_000_000 });
    const app = createApp({ store, log, clientAddress: () => '198.51.100.23' });
    const parsed = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    return { app, lines, parsed };
  }

  it('writes one JSON line per request: time, request id, method, route pattern, status, duration, and nothing else', async () => {
    const { app, lines, parsed } = await build();
    const body = feedbackBody({ email: 'visitor@example.com', comment: 'a private remark' });
    const res = await app.request('/v1/feedback?utm_source=newsletter&token=querysecret', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: 'Bearer heed_secretish', 'X-Forwarded-For': '198.51.100.23' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(201);
    expect(lines).toHaveLength(1);
    const [line] = parsed();
    expect(Object.keys(line!).sort()).toEqual(REQUEST_LINE_KEYS);
    expect(line).toMatchObject({
      level: 'info',
      time: '2023-11-14T22:13:20.000Z',
      msg: 'request',
      requestId: res.headers.get('x-request-id'),
      method: 'POST',
      route: '/v1/feedback',
      status: 201,
    });
    expect(line!.durationMs).toBeTypeOf('number');
    for (const secret of [
      'utm_source',
      'querysecret',
      'heed_secretish',
      '198.51.100.23',
      'visitor@example.com',
      'a private remark',
      body.id as string,
    ]) {
      expect(lines[0]).not.toContain(secret);
    }
  });

  it('names the route pattern, not the path with its project key', async () => {
    const { app, parsed } = await build();
    await app.request('/v1/projects/pk_shop/feedback');
    await app.request('/v1/projects/pk_shop/config');
    expect(parsed().map((line) => [line.route, line.status, line.code])).toEqual([
      ['/v1/projects/:key/feedback', 401, 'unauthorized'],
      ['/v1/projects/:key/config', 200, undefined],
    ]);
  });

  it('echoes the request id in X-Request-Id and in the error body, and logs it', async () => {
    const { app, parsed } = await build();
    const res = await app.request('/v1/projects/pk_nope/config');
    expect(res.status).toBe(404);
    const id = res.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(((await res.json()) as { error: { requestId: string } }).error.requestId).toBe(id);
    expect(parsed()[0]!.requestId).toBe(id);
  });

  it('keeps a caller’s well-formed X-Request-Id (a proxy’s), and replaces one that could forge a log line', async () => {
    const { app } = await build();
    const kept = await app.request('/healthz', { headers: { 'X-Request-Id': 'lb-7f3a_9c=' } });
    expect(kept.headers.get('x-request-id')).toBe('lb-7f3a_9c=');
    for (const forged of ['a b', 'id"}{"level":"error', 'x'.repeat(129)]) {
      const res = await app.request('/healthz', { headers: { 'X-Request-Id': forged } });
      expect(res.headers.get('x-request-id')).not.toBe(forged);
      expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('logs a server fault with its stack and the request id, answering 500 with only the id', async () => {
    // The store as it is, but for one read that fails as a failing disk would.
    const { app, parsed } = await build('info', (store) => ({
      ...store,
      getProjectByKey: () => Promise.reject(new Error('disk I/O error at page 7')),
    }));
    const res = await app.request('/v1/projects/pk_shop/config');
    expect(res.status).toBe(500);
    const body = (await res.json()) as { error: { code: string; message: string; requestId: string } };
    expect(body.error).toEqual({
      code: 'internal_error',
      message: 'Something went wrong on the server.',
      requestId: res.headers.get('x-request-id'),
    });
    const [fault, request] = parsed();
    expect(fault).toMatchObject({
      level: 'error',
      msg: 'unexpected error',
      requestId: body.error.requestId,
      err: { type: 'Error', message: 'disk I/O error at page 7' },
    });
    expect((fault!.err as { stack: string }).stack).toContain('disk I/O error');
    expect(request).toMatchObject({ level: 'warn', msg: 'request', status: 500, requestId: body.error.requestId, code: 'internal_error' });
  });

  it('writes probe requests at debug: at the default level /healthz and /readyz leave no line', async () => {
    const quiet = await build('info');
    await quiet.app.request('/healthz');
    await quiet.app.request('/readyz');
    expect(quiet.lines).toEqual([]);
    await temp!.cleanup();
    const verbose = await build('debug');
    await verbose.app.request('/healthz');
    expect(verbose.parsed()).toMatchObject([{ level: 'debug', route: '/healthz', status: 200 }]);
  });

  it('follows the level: at warn, answered requests leave no line', async () => {
    const { app, lines } = await build('warn');
    await app.request('/v1/projects/pk_shop/config');
    await app.request('/nothing-here');
    expect(lines).toEqual([]);
  });
});
