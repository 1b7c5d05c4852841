import { Hono } from 'hono';
import { fromBase64Url } from '../encoding.ts';
import { ApiError, invalidInput } from '../errors.ts';
import { readJsonBody } from '../http/read-json.ts';
import { limitBody } from '../middleware/body-limit.ts';
import { FeedbackInputSchema } from '../schemas/feedback.ts';
import { servedWidgetConfig } from '../projects/served-widget-config.ts';
import { WidgetConfigSchema } from '../schemas/project.ts';

/**
 * The dashboard's live preview of the real widget with a config not saved yet: the preview page
 * points the widget's endpoint at `/preview/<config>`, where the config (base64url JSON, checked
 * like a saved one) is served as the project's and a submission is answered but never stored.
 */
export function widgetPreviewRoutes({ bodyLimitBytes }: { bodyLimitBytes: number }) {
  const app = new Hono();
  // The preview frame is sandboxed into an opaque origin (`null`), so its calls here are
  // cross-origin. Nothing here is stored or secret: any origin may call, without credentials.
  app.use('/preview/*', async (c, next) => {
    await next();
    c.header('Access-Control-Allow-Origin', '*');
  });
  const configOf = (encoded: string) => {
    let raw: unknown;
    try {
      raw = JSON.parse(new TextDecoder().decode(fromBase64Url(encoded)));
    } catch {
      throw new ApiError('invalid_payload', 'The preview config is not base64url JSON.');
    }
    const parsed = WidgetConfigSchema.safeParse(raw);
    if (!parsed.success) throw invalidInput(parsed.error, 'widget config');
    return parsed.data;
  };

  app.get('/preview/:config/v1/projects/:key/config', (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json({ project: c.req.param('key'), ...servedWidgetConfig(configOf(c.req.param('config'))) });
  });
  app.post('/preview/:config/v1/feedback', limitBody(bodyLimitBytes), async (c) => {
    configOf(c.req.param('config'));
    const parsed = FeedbackInputSchema.safeParse(await readJsonBody(c));
    if (!parsed.success) throw invalidInput(parsed.error, 'feedback');
    return c.json({ id: parsed.data.id }, 201);
  });
  return app;
}
