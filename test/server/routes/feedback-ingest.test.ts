import SqliteDatabase from 'better-sqlite3';
import { existsSync, readFileSync } from 'node:fs';
import { RATING_KIND_TABLE, RATING_KINDS } from '../../../contract/rating-kinds.ts';
import { FOLLOW_UP_ANSWER_MAX_LENGTH, FOLLOW_UP_QUESTION_MAX_LENGTH } from '../../../contract/submission.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addProject, createTestApp, feedbackBody, SITE_ORIGIN } from '../../helpers/test-app.ts';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;

describe('POST /v1/feedback', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(async () => {
    await t.cleanup();
  });

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    t.app.request('/v1/feedback', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  const stored = async () => (await t.store.listFeedback(t.project.id, { limit: 100 })).items;

  it('stores valid feedback and answers 201 with its id', async () => {
    const body = feedbackBody({ email: 'ada@example.com', metadata: { plan: 'pro', seats: 3 } });
    const res = await post(body);
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ id: body.id });
    const [item] = await stored();
    expect(item).toMatchObject({
      id: body.id,
      createdAt: 1_700_000_000_000,
      rating: { kind: 'stars', value: 4 },
      comment: body.comment,
      email: 'ada@example.com',
      page: { url: 'https://shop.example/checkout', title: 'Checkout', referrer: null },
      context: { locale: 'en-US', viewport: { width: 1280, height: 800 }, userAgent: 'test' },
      metadata: { plan: 'pro', seats: 3 },
    });
  });

  it('answers a replay of the same id with 200 and the same id, storing one row', async () => {
    const body = feedbackBody();
    expect((await post(body)).status).toBe(201);
    const replay = await post({ ...body, comment: 'sent again by a retry' });
    expect(replay.status).toBe(200);
    expect(await replay.json()).toEqual({ id: body.id });
    expect(await stored()).toHaveLength(1);
    expect((await stored())[0]!.comment).toBe(body.comment);
  });

  it('accepts a text/plain body carrying JSON (sendBeacon and preflight-free fetch)', async () => {
    const res = await post(feedbackBody(), { 'Content-Type': 'text/plain;charset=UTF-8' });
    expect(res.status).toBe(201);
  });

  it.each(RATING_KINDS.map((kind) => [kind, RATING_KIND_TABLE[kind].range] as const))(
    'accepts %s ratings at both ends of %o and refuses one step beyond',
    async (kind, { min, max }) => {
      expect((await post(feedbackBody({ rating: { kind, value: min } }))).status).toBe(201);
      expect((await post(feedbackBody({ rating: { kind, value: max } }))).status).toBe(201);
      expect((await post(feedbackBody({ rating: { kind, value: min - 1 } }))).status).toBe(400);
      expect((await post(feedbackBody({ rating: { kind, value: max + 1 } }))).status).toBe(400);
      expect(await stored()).toHaveLength(2);
    },
  );

  it('treats the same id in upper case as a replay', async () => {
    const body = feedbackBody();
    expect((await post(body)).status).toBe(201);
    const upper = await post({ ...body, id: String(body.id).toUpperCase() });
    expect(upper.status).toBe(200);
    expect(await upper.json()).toEqual({ id: body.id });
    expect(await stored()).toHaveLength(1);
  });

  it('answers 201 only once the row is committed: another connection already sees it', async () => {
    const body = feedbackBody();
    expect((await post(body)).status).toBe(201);
    const reader = new SqliteDatabase(t.dbPath, { readonly: true });
    expect(reader.prepare('SELECT comment FROM feedback WHERE id = ?').pluck().get(body.id)).toBe(body.comment);
    reader.close();
  });

  it('accepts a comment without a rating and a rating without a comment', async () => {
    const { rating: _r, ...commentOnly } = feedbackBody();
    const { comment: _c, ...ratingOnly } = feedbackBody();
    expect((await post(commentOnly)).status).toBe(201);
    expect((await post(ratingOnly)).status).toBe(201);
  });

  it.each([
    ['a stars value of 6', { rating: { kind: 'stars', value: 6 } }, 'rating.value'],
    ['a fractional rating', { rating: { kind: 'csat', value: 2.5 } }, 'rating.value'],
    ['an unknown rating kind', { rating: { kind: 'hearts', value: 3 } }, 'rating.kind'],
    ['thumbs of 2', { rating: { kind: 'thumbs', value: 2 } }, 'rating.value'],
    ['an id that is not a UUID', { id: '42' }, 'id'],
    ['a javascript: page URL', { page: { url: 'javascript:alert(1)' } }, 'page.url'],
    ['a bad email', { email: 'not-an-email' }, 'email'],
    ['a comment over 4000 characters', { comment: 'x'.repeat(4001) }, 'comment'],
    ['a metadata key with spaces', { metadata: { 'my key': 1 } }, 'metadata.my key'],
    ['a nested metadata value', { metadata: { user: { id: 1 } } }, 'metadata.user'],
    ['missing context', { context: undefined }, 'context'],
    ['a locale that is not a language tag', { context: { locale: '<script>', viewport: { width: 1, height: 1 } } }, 'context.locale'],
    [
      `a follow-up answer over ${FOLLOW_UP_ANSWER_MAX_LENGTH} characters`,
      { followUp: { question: 'What went wrong?', answer: 'x'.repeat(FOLLOW_UP_ANSWER_MAX_LENGTH + 1) } },
      'followUp.answer',
    ],
    [
      `a follow-up question over ${FOLLOW_UP_QUESTION_MAX_LENGTH} characters`,
      { followUp: { question: 'x'.repeat(FOLLOW_UP_QUESTION_MAX_LENGTH + 1), answer: 'Slow' } },
      'followUp.question',
    ],
    ['a follow-up answer without its question', { followUp: { question: ' ', answer: 'Slow' } }, 'followUp.question'],
    ['a follow-up answer that is not text', { followUp: { question: 'Why?', answer: 5 } }, 'followUp.answer'],
    ['a follow-up that is not an object', { followUp: 'Slow' }, 'followUp'],
  ])('rejects %s with 400 naming the field', async (_name, overrides, path) => {
    const res = await post(feedbackBody(overrides));
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string; issues: { path: string; message: string }[] } };
    expect(body.error.code).toBe('invalid_payload');
    expect(body.error.message).toMatch(/not valid/);
    expect(body.error.issues.map((i) => i.path)).toContain(path);
    expect(body.error.issues.every((i) => i.message.length > 0)).toBe(true);
    expect(await stored()).toEqual([]);
  });

  it('stores a follow-up question and answer cleaned like a comment, at their limits', async () => {
    const followUp = {
      question: `  What went wrong?\r\n${'q'.repeat(FOLLOW_UP_QUESTION_MAX_LENGTH - 17)}`,
      answer: `\u0007${'a'.repeat(FOLLOW_UP_ANSWER_MAX_LENGTH)}  `,
    };
    expect((await post(feedbackBody({ rating: { kind: 'stars', value: 1 }, followUp }))).status).toBe(201);
    expect((await stored())[0]!.followUp).toEqual({
      question: `What went wrong?\n${'q'.repeat(FOLLOW_UP_QUESTION_MAX_LENGTH - 17)}`,
      answer: 'a'.repeat(FOLLOW_UP_ANSWER_MAX_LENGTH),
    });
  });

  it('stores no follow-up when its answer is empty or blank, as an empty comment counts as absent', async () => {
    for (const answer of ['', '  \n\t', '\u0000']) {
      expect((await post(feedbackBody({ followUp: { question: 'What went wrong?', answer } }))).status).toBe(201);
    }
    const items = await stored();
    expect(items).toHaveLength(3);
    expect(items.map((i) => i.followUp)).toEqual([null, null, null]);
  });

  it('does not count a follow-up answer alone as feedback: a rating or a comment must come with it', async () => {
    const { rating: _r, comment: _c, ...neither } = feedbackBody();
    const res = await post({ ...neither, followUp: { question: 'What went wrong?', answer: 'Slow' } });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { issues: { path: string; message: string }[] } };
    expect(body.error.issues).toEqual([{ path: 'rating', message: 'Give a rating, a comment, or both.' }]);
  });

  it('drops a __proto__ metadata key instead of storing it or polluting prototypes', async () => {
    const body = `{"__proto__": {"polluted": true}, "plan": "pro"}`;
    const raw = JSON.stringify(feedbackBody()).replace(/}$/, `, "metadata": ${body}}`);
    expect((await post(raw)).status).toBe(201);
    expect((await stored())[0]!.metadata).toEqual({ plan: 'pro' });
  });

  it('rejects feedback with neither a rating nor a comment', async () => {
    const { rating: _r, comment: _c, ...empty } = feedbackBody();
    const res = await post({ ...empty, comment: '   ' });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { issues: { path: string; message: string }[] } };
    expect(body.error.issues).toEqual([{ path: 'rating', message: 'Give a rating, a comment, or both.' }]);
  });

  it('rejects a body that is not JSON with 400 invalid_json', async () => {
    const res = await post('{"project": "pk_shop",');
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_json');
  });

  it.each(['application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml'])(
    'rejects Content-Type %s with 415',
    async (type) => {
      const res = await post(feedbackBody(), { 'Content-Type': type });
      expect(res.status).toBe(415);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unsupported_media_type');
      expect(await stored()).toEqual([]);
    },
  );

  it('rejects a missing Content-Type with 415', async () => {
    // A byte body gets no implicit Content-Type (a string body would get text/plain).
    const body = new TextEncoder().encode(JSON.stringify(feedbackBody()));
    const res = await t.app.request('/v1/feedback', { method: 'POST', body });
    expect(res.status).toBe(415);
  });

  it('rejects a body over 32 KiB with 413 and stores nothing', async () => {
    const body = JSON.stringify(feedbackBody({ metadata: { big: 'x'.repeat(400) } })) + ' '.repeat(33 * 1024);
    const res = await post(body);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('payload_too_large');
    expect(await stored()).toEqual([]);
  });

  it.each([
    ['declared by Content-Length', { 'Content-Length': '4000' }],
    ['chunked', {}],
  ])('answers a body cut off mid-way (%s) with 400 incomplete_body, logging no server error', async (_framing, headers) => {
    const logged: unknown[] = [];
    const cut = await createTestApp({ logError: (error) => logged.push(error) });
    // What the Node adapter hands the app when the client goes away mid-body: a stream that errors.
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"project":"pk_shop",'));
        controller.error(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }));
      },
    });
    const init = { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body, duplex: 'half' };
    const res = await cut.app.request('/v1/feedback', init as RequestInit);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('incomplete_body');
    expect(logged).toEqual([]);
    await cut.cleanup();
  });

  it('answers 404 for an unknown project key and for a disabled project', async () => {
    await addProject(t.store, { key: 'pk_off', enabled: false });
    for (const project of ['pk_nope', 'pk_off']) {
      const res = await post(feedbackBody({ project }));
      expect(res.status).toBe(404);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('project_not_found');
    }
  });

  describe('browser origins', () => {
    it('accepts an allowed origin and lets it read the answer', async () => {
      const res = await post(feedbackBody(), { Origin: SITE_ORIGIN });
      expect(res.status).toBe(201);
      expect(res.headers.get('access-control-allow-origin')).toBe(SITE_ORIGIN);
      expect(res.headers.get('vary')).toContain('Origin');
    });

    it('refuses another origin with 403 origin_not_allowed and stores nothing', async () => {
      const res = await post(feedbackBody(), { Origin: 'https://evil.example' });
      expect(res.status).toBe(403);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('origin_not_allowed');
      expect(await stored()).toEqual([]);
    });

    it('refuses every browser origin when the allowed list is empty, but accepts server-to-server calls', async () => {
      await addProject(t.store, { key: 'pk_server_only', allowedOrigins: [] });
      const fromBrowser = await post(feedbackBody({ project: 'pk_server_only' }), { Origin: SITE_ORIGIN });
      expect(fromBrowser.status).toBe(403);
      const fromServer = await post(feedbackBody({ project: 'pk_server_only' }));
      expect(fromServer.status).toBe(201);
    });

    it('treats "self" as the origin the endpoint is served from', async () => {
      await addProject(t.store, { key: 'pk_self', allowedOrigins: ['self'] });
      const same = await t.app.request('http://heed.local:8787/v1/feedback', {
        method: 'POST',
        headers: { 'Content-Type': 'text/plain', Origin: 'http://heed.local:8787' },
        body: JSON.stringify(feedbackBody({ project: 'pk_self', page: { url: 'http://heed.local:8787/demo/' } })),
      });
      expect(same.status).toBe(201);
      const other = await t.app.request('http://heed.local:8787/v1/feedback', {
        method: 'POST',
        headers: { 'Content-Type': 'text/plain', Origin: 'http://heed.local:9999' },
        body: JSON.stringify(feedbackBody({ project: 'pk_self' })),
      });
      expect(other.status).toBe(403);
    });

    it('treats "self" as the public URL’s origin too, behind a proxy', async () => {
      const proxied = await createTestApp({ config: { publicOrigin: 'https://feedback.example.com' } });
      await addProject(proxied.store, { key: 'pk_self', allowedOrigins: ['self'] });
      const res = await proxied.app.request('http://10.0.0.5:8787/v1/feedback', {
        method: 'POST',
        headers: { 'Content-Type': 'text/plain', Origin: 'https://feedback.example.com' },
        body: JSON.stringify(feedbackBody({ project: 'pk_self', page: { url: 'https://feedback.example.com/demo/' } })),
      });
      expect(res.status).toBe(201);
      await proxied.cleanup();
    });

    // Finding 2 of issue 17: a script on an allowed site posted a page elsewhere with a phishing
    // title, which the channels then linked.
    it('refuses a browser submission whose page is on another origin with 400 page_origin_mismatch naming page.url, and stores nothing', async () => {
      const phishing = feedbackBody({
        page: { url: 'https://evil.example/verify?ws=shop', title: 'URGENT: your workspace will be suspended – verify here' },
      });
      const res = await post(phishing, { Origin: SITE_ORIGIN });
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({
        error: {
          code: 'page_origin_mismatch',
          message: 'A browser on https://shop.example can only send feedback about its own pages.',
          issues: [{ path: 'page.url', message: 'Must be a page on https://shop.example.' }],
          requestId: expect.any(String),
        },
      });
      expect(res.headers.get('access-control-allow-origin')).toBe(SITE_ORIGIN);
      expect(await stored()).toEqual([]);
    });

    it('refuses a page on another port or scheme of the same host, and compares origins, not spellings', async () => {
      for (const url of ['https://shop.example:8443/checkout', 'http://shop.example/checkout', 'https://sub.shop.example/checkout']) {
        expect((await post(feedbackBody({ page: { url } }), { Origin: SITE_ORIGIN })).status, url).toBe(400);
      }
      const spelledOtherwise = await post(feedbackBody({ page: { url: 'HTTPS://Shop.Example:443/checkout' } }), { Origin: SITE_ORIGIN });
      expect(spelledOtherwise.status).toBe(201);
    });

    it('keeps the page a server-to-server submission (no Origin) names: the channels show it as unverified', async () => {
      const res = await post(feedbackBody({ page: { url: 'https://evil.example/verify', title: 'Verify here' } }));
      expect(res.status).toBe(201);
      expect((await stored())[0]!.page).toMatchObject({ url: 'https://evil.example/verify', title: 'Verify here' });
    });

    it('answers a CORS preflight so JSON requests from browsers can be sent', async () => {
      const res = await t.app.request('/v1/feedback', {
        method: 'OPTIONS',
        headers: { Origin: SITE_ORIGIN, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
      });
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBe(SITE_ORIGIN);
      expect(res.headers.get('access-control-allow-headers')).toMatch(/content-type/i);
    });

    it('lets the calling page read error bodies so the widget can explain them', async () => {
      const res = await post(feedbackBody({ rating: { kind: 'stars', value: 0 } }), { Origin: SITE_ORIGIN });
      expect(res.status).toBe(400);
      expect(res.headers.get('access-control-allow-origin')).toBe(SITE_ORIGIN);
      expect(res.headers.get('access-control-expose-headers')).toBe('Retry-After, Heed-Form-Ticket');
    });
  });

  it('never stores the visitor IP address', async () => {
    const ip = '203.0.113.77';
    const res = await post(feedbackBody(), { 'X-Forwarded-For': ip, 'X-Real-IP': ip, 'CF-Connecting-IP': ip });
    expect(res.status).toBe(201);
    // Read the database files themselves, not just what the API returns.
    const bytes = ['', '-wal'].map((suffix) => (existsSync(t.dbPath + suffix) ? readFileSync(t.dbPath + suffix).toString('latin1') : ''));
    expect(bytes.join('')).toContain(String((await stored())[0]!.id));
    expect(bytes.join('')).not.toContain(ip);
  });
});
