import { Webhook } from 'standardwebhooks';
import type { FeedbackNotification, OutgoingRequest } from './notification.ts';

export interface WebhookTarget {
  url: string;
  /** `whsec_` and base64, as `createWebhookSecret` makes. */
  secret: string;
  /** When this attempt is signed: receivers reject a `webhook-timestamp` more than minutes off. */
  now: Date;
}

/**
 * A request signed as Standard Webhooks says, so receivers can verify it with any of its libraries.
 * The body is the same on every retry (its `timestamp` is when the feedback arrived, which the
 * spec calls when the event occurred); only the signing time and signature change. Throws on an
 * empty or malformed secret: an unsigned request would be worse than a failed one.
 */
export function buildWebhookRequest(n: FeedbackNotification, { url, secret, now }: WebhookTarget): OutgoingRequest {
  const occurred = new Date(n.feedback.createdAt).toISOString();
  const body = JSON.stringify({
    type: n.type,
    timestamp: occurred,
    data: { project: n.project, feedback: { ...n.feedback, createdAt: occurred }, itemUrl: n.itemUrl },
  });
  return {
    url,
    headers: {
      'content-type': 'application/json',
      'webhook-id': n.eventId,
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
      'webhook-signature': new Webhook(secret).sign(n.eventId, now, body),
    },
    body,
  };
}

/** A fresh signing secret: 24 random bytes, in the `whsec_` form Standard Webhooks libraries read. */
export function createWebhookSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return `whsec_${btoa(String.fromCharCode(...bytes))}`;
}
