import { Webhook } from 'standardwebhooks';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createWebhookSecret, signWebhookRequest } from '../../../server/channels/webhook.ts';

const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const now = new Date(Date.UTC(2026, 10, 24, 8, 0, 4));
const target = { url: 'https://hooks.example/heed', secret, now };
const body = JSON.stringify({ type: 'feedback.created', data: { count: 48 } });

/** Signing as both webhook builders (instant and digest) use it. */
describe('signWebhookRequest', () => {
  // The receiver checks `webhook-timestamp` against its own clock.
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(now);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('posts the body as JSON with the Standard Webhooks headers, the event id as webhook-id', () => {
    const r = signWebhookRequest('msg_1', body, target);
    expect(r).toEqual({
      url: 'https://hooks.example/heed',
      headers: {
        'content-type': 'application/json',
        'webhook-id': 'msg_1',
        'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
        'webhook-signature': expect.stringMatching(/^v1,[A-Za-z0-9+/]+=*$/),
      },
      body,
    });
    expect(new Webhook(secret).verify(r.body, r.headers)).toEqual(JSON.parse(body));
  });

  it('fails verification for a tampered body, another secret or another message id', () => {
    const r = signWebhookRequest('msg_1', body, target);
    expect(() => new Webhook(secret).verify(r.body.replace('48', '480'), r.headers)).toThrow('No matching signature found');
    expect(() => new Webhook(createWebhookSecret()).verify(r.body, r.headers)).toThrow();
    expect(() => new Webhook(secret).verify(r.body, { ...r.headers, 'webhook-id': 'msg_other' })).toThrow();
  });

  it('signs a retry at its own time, and the receiver accepts it then', () => {
    const later = new Date(now.getTime() + 120_000);
    const first = signWebhookRequest('msg_1', body, target);
    const retry = signWebhookRequest('msg_1', body, { ...target, now: later });
    expect(retry.headers['webhook-timestamp']).not.toBe(first.headers['webhook-timestamp']);
    vi.setSystemTime(later);
    expect(() => new Webhook(secret).verify(retry.body, retry.headers)).not.toThrow();
  });

  it('refuses to send unsigned when the secret is missing', () => {
    expect(() => signWebhookRequest('msg_1', body, { ...target, secret: '' })).toThrow();
  });
});
