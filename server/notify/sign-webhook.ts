import { Webhook } from 'standardwebhooks';
import type { WebhookTarget } from './build-webhook.ts';
import type { OutgoingRequest } from './notification.ts';

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
