import { signWebhookRequest } from './sign-webhook.ts';
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

/** A fresh signing secret: 24 random bytes, in the `whsec_` form Standard Webhooks libraries read. */
export function createWebhookSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return `whsec_${btoa(String.fromCharCode(...bytes))}`;
}
