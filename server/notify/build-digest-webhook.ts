import type { Digest } from '../digest/digest.ts';
import type { WebhookTarget } from './build-webhook.ts';
import type { OutgoingRequest } from './notification.ts';
import { signWebhookRequest } from './sign-webhook.ts';

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * A digest as a Standard Webhooks request, signed like the instant ones. The body is the same on
 * every retry: its `timestamp` is when the period ended (when the event occurred) and every time in
 * it is ISO 8601; text is passed through as data, unescaped, for the receiver to render.
 */
export function buildDigestWebhookRequest(d: Digest, target: WebhookTarget): OutgoingRequest {
  const body = JSON.stringify({
    type: d.type,
    timestamp: iso(d.period.to),
    data: {
      project: d.project,
      period: { from: iso(d.period.from), to: iso(d.period.to), frequency: d.period.frequency, timeZone: d.period.timeZone },
      count: d.count,
      previousCount: d.previousCount,
      withComment: d.withComment,
      ratings: d.ratings,
      pages: d.pages,
      lowest: d.lowest.map((c) => ({ ...c, createdAt: iso(c.createdAt) })),
      themes: d.themes,
      sentiment: d.sentiment,
      summary: d.summary,
      dashboardUrl: d.dashboardUrl,
    },
  });
  return signWebhookRequest(d.eventId, body, target);
}
