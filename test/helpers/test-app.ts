import type SqliteDatabase from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { createApp, type App, type AppDeps } from '../../server/app.ts';
import { issueAdminToken } from '../../server/auth/tokens.ts';
import { createDeliveryWorker, type Post, type SendEmail } from '../../server/notify/delivery-worker.ts';
import { fetchPost } from '../../server/notify/fetch-post.ts';
import { createClient } from '../../server/client.ts';
import { WidgetConfigSchema } from '../../server/schemas/project.ts';
import { createSqliteStore, openSqliteDatabase } from '../../server/store/sqlite/open-sqlite-store.ts';
import type { NewDestination } from '../../server/store/forwarding.ts';
import type { NewFeedback, Project, Store } from '../../server/store/store.ts';

export const SITE_ORIGIN = 'https://shop.example';

/** A temp-file SQLite database, removed by `cleanup`; `sqlite` is the store's own connection (for `total_changes()`). */
export function createTempSqliteStore(): { store: Store; sqlite: SqliteDatabase.Database; path: string; cleanup: () => Promise<void> } {
  const dir = mkdtempSync(join(tmpdir(), 'heed-test-'));
  const path = join(dir, 'heed.db');
  const sqlite = openSqliteDatabase(path);
  const store = createSqliteStore(sqlite);
  return {
    store,
    sqlite,
    path,
    cleanup: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** One item as the ingest path stores it: no rating, comment or email, on the shop's home page, unless `overrides` say so. */
export function newFeedback(projectId: string, overrides: Partial<NewFeedback> = {}): NewFeedback {
  return {
    id: crypto.randomUUID(),
    projectId,
    createdAt: 1_700_000_000_000,
    rating: null,
    comment: null,
    followUp: null,
    category: null,
    email: null,
    page: { url: 'https://shop.example/', referrer: null, title: null },
    context: { locale: 'en', viewport: { width: 1, height: 1 }, userAgent: null },
    metadata: null,
    ...overrides,
  };
}

export async function addProject(store: Store, overrides: Partial<Project> = {}, now = 1_700_000_000_000): Promise<Project> {
  return store.createProject(
    {
      id: crypto.randomUUID(),
      key: 'pk_shop',
      name: 'Shop',
      allowedOrigins: [SITE_ORIGIN],
      widgetConfig: WidgetConfigSchema.parse({ ratingKind: 'stars' }),
      enabled: true,
      // Tests post as an API client without the widget would; test/server/abuse/spam-checks.test.ts covers the default.
      antiSpam: { minSeconds: 0, turnstile: false },
      ...overrides,
    },
    now,
  );
}

/** A signed webhook destination (id `hook`) on a project: each stored item then queues one outbox message. */
export function addWebhookDestination(store: Store, projectId: string, overrides: Partial<NewDestination> = {}, now = 1_700_000_000_000) {
  return store.createDestination(
    {
      id: 'hook',
      projectId,
      kind: 'webhook',
      name: 'CRM',
      target: 'https://hooks.example/heed',
      secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      events: ['feedback.created'],
      filter: {},
      ...overrides,
    },
    now,
  );
}

/** The typed client over `app.request` (no port), sending `token` as its bearer token. */
export function createTestClient(app: App, token: string) {
  return createClient('http://localhost', { fetch: app.request, headers: { Authorization: `Bearer ${token}` } });
}

/** Asserts an answer's status, narrowing it to that status's typed body. */
export function expectStatus<R extends { status: number }, S extends R['status']>(
  res: R,
  status: S,
): asserts res is Extract<R, { status: S }> {
  expect(res.status).toBe(status);
}

/**
 * The app over a real temp-file store, a fixed clock, one project, an admin token and a typed client using it.
 * Forwarding goes over `post` (plain fetch by default) and `sendEmail`.
 */
export async function createTestApp(
  deps: Partial<AppDeps> = {},
  { sendEmail, post = fetchPost }: { sendEmail?: SendEmail; post?: Post } = {},
) {
  const temp = createTempSqliteStore();
  let clock = 1_700_000_000_000;
  const now = () => clock;
  const project = await addProject(temp.store);
  // Jitter fixed at its middle; plain fetch reaches loopback receivers (allowed here).
  const deliveries = createDeliveryWorker({ store: temp.store, post, sendEmail, now, random: () => 0.5 });
  const app = createApp({ store: temp.store, now, logError: () => {}, deliveries, ...deps });
  const adminToken = (await issueAdminToken(temp.store, { scope: 'admin', now: clock })).token;
  return {
    app,
    store: temp.store,
    sqlite: temp.sqlite,
    dbPath: temp.path,
    project,
    adminToken,
    deliveries,
    client: createTestClient(app, adminToken),
    /** Posts a valid submission (`feedbackBody(overrides)`) and expects it stored; answers the body sent. */
    submit: async (overrides: Record<string, unknown> = {}) => {
      const body = feedbackBody(overrides);
      const res = await app.request('/v1/feedback', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(res.status).toBe(201);
      return body;
    },
    advanceClock: (ms: number) => {
      clock += ms;
    },
    cleanup: temp.cleanup,
  };
}

let counter = 0;

/** A valid feedback body; every call gets a fresh id unless one is given. */
export function feedbackBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  counter += 1;
  return {
    project: 'pk_shop',
    id: crypto.randomUUID(),
    rating: { kind: 'stars', value: 4 },
    comment: `Checkout was quick (${counter})`,
    page: { url: 'https://shop.example/checkout', title: 'Checkout' },
    context: { locale: 'en-US', viewport: { width: 1280, height: 800 }, userAgent: 'test' },
    ...overrides,
  };
}
