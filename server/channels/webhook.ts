import { Webhook } from 'standardwebhooks';
import type { Digest } from '../digest/digest.ts';
import type { FeedbackNotification, OutgoingRequest } from '../notify/notification.ts';
import type { Addressee, Channel } from './channel.ts';
import { urlTarget } from './targets.ts';

export interface WebhookTarget {
  url: string;
  /** `whsec_` and base64, as `createWebhookSecret` makes. */
  secret: string;
  /** When this attempt is signed: receivers reject a `webhook-timestamp` more than minutes off. */
  now: Date;
}

/**
 * A JSON body as a request signed as Standard Webhooks says: `webhook-id` is the event id (stable
 * across retries, so receivers deduplicate on it), `webhook-timestamp` and the signature are of this
 * attempt. Throws on an empty or malformed secret: an unsigned request would be worse than a failed one.
 */
export function signWebhookRequest(eventId: string, body: string, { url, secret, now }: WebhookTarget): OutgoingRequest {
  return {
    url,
    headers: {
      'content-type': 'application/json',
      'webhook-id': eventId,
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
      'webhook-signature': new Webhook(secret).sign(eventId, now, body),
    },
    body,
  };
}

/**
 * A request signed as Standard Webhooks says, so receivers can verify it with any of its libraries.
 * The body is the same on every retry (its `timestamp` is when the feedback arrived, which the
 * spec calls when the event occurred); only the signing time and signature change.
 */
export function buildWebhookRequest(n: FeedbackNotification, target: WebhookTarget): OutgoingRequest {
  const occurred = new Date(n.feedback.createdAt).toISOString();
  const body = JSON.stringify({
    type: n.type,
    timestamp: occurred,
    data: { project: n.project, feedback: { ...n.feedback, createdAt: occurred }, itemUrl: n.itemUrl },
  });
  return signWebhookRequest(n.eventId, body, target);
}

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

/** A fresh signing secret: 24 random bytes, in the `whsec_` form Standard Webhooks libraries read. */
export function createWebhookSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return `whsec_${btoa(String.fromCharCode(...bytes))}`;
}

/** A destination's signing target for this attempt; a missing secret fails the signing, as it should. */
const signing = (to: Addressee, now: number): WebhookTarget => ({ url: to.target, secret: to.secret ?? '', now: new Date(now) });

/** Webhooks signed per Standard Webhooks, with a secret made for each destination. */
export const webhook: Channel = {
  kind: 'webhook',
  transport: 'http',
  target: urlTarget,
  createSecret: createWebhookSecret,
  item: (notification, to, now) => buildWebhookRequest(notification, signing(to, now)),
  digest: (digest, to, now) => buildDigestWebhookRequest(digest, signing(to, now)),
};
