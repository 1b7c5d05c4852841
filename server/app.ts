import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AssetSource } from './assets.ts';
import { ApiError } from './errors.ts';
import { createProjectLookup } from './projects/project-lookup.ts';
import { adminFeedbackRoutes } from './routes/admin-feedback.ts';
import { assetRoutes } from './routes/assets.ts';
import { feedbackRoutes } from './routes/feedback.ts';
import { widgetConfigRoutes } from './routes/widget-config.ts';
import type { Store } from './store/store.ts';

export interface AppConfig {
  /** Largest accepted feedback body, counted as it streams. */
  bodyLimitBytes: number;
  /** How long a project (and its enabled flag) is cached on the ingest path. */
  projectCacheTtlMs: number;
  /** Origin of the public URL (`https://feedback.example.com`), if a proxy stands in front. */
  publicOrigin?: string;
}

export const DEFAULT_APP_CONFIG: AppConfig = {
  bodyLimitBytes: 32 * 1024,
  projectCacheTtlMs: 30_000,
};

export interface AppDeps {
  store: Store;
  config?: Partial<AppConfig>;
  /** Built widget and demo files; without them only the API is served. */
  assets?: AssetSource;
  now?: () => number;
  logError?: (error: unknown) => void;
}

/** The whole HTTP API as a runtime-independent Hono app; runtime entries only add a server around `app.fetch`. */
export function createApp({ store, config, assets, now = Date.now, logError = console.error }: AppDeps) {
  const settings = { ...DEFAULT_APP_CONFIG, ...config };
  const findProject = createProjectLookup(store, settings.projectCacheTtlMs, now);
  const app = new Hono();

  app.onError((error, c) => {
    if (error instanceof ApiError) return c.json(error.body(), error.status);
    if (error instanceof HTTPException) {
      return c.json({ error: { code: 'http_error', message: error.message || 'Request failed.' } }, error.status);
    }
    logError(error);
    return c.json({ error: { code: 'internal_error', message: 'Something went wrong on the server.' } }, 500);
  });
  app.notFound((c) => c.json({ error: { code: 'not_found', message: `Nothing is served at ${c.req.path}.` } }, 404));

  app.route(
    '/v1',
    feedbackRoutes({ store, findProject, now, bodyLimitBytes: settings.bodyLimitBytes, publicOrigin: settings.publicOrigin }),
  );
  app.route('/v1', widgetConfigRoutes({ findProject }));
  app.route('/v1', adminFeedbackRoutes({ store }));
  if (assets) app.route('/', assetRoutes({ assets }));

  return app;
}

export type App = ReturnType<typeof createApp>;
