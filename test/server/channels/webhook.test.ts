import { Webhook } from 'standardwebhooks';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildWebhookRequest, createWebhookSecret } from '../../../server/channels/webhook.ts';
import { CREATED_AT, notification } from '../notify/notification-fixture.ts';

const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const now = new Date(CREATED_AT + 2_500);
const request = () => buildWebhookRequest(notification(), { url: 'https://hooks.example/heed', secret, now });

describe('buildWebhookRequest', () => {
  // The receiver checks `webhook-timestamp` against its own clock.
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(now);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('verifies with the standardwebhooks library, which returns the event', () => {
    const r = request();
    expect(new Webhook(secret).verify(r.body, r.headers)).toEqual({
      type: 'feedback.created',
      timestamp: '2024-03-01T14:05:09.000Z',
      data: {
        project: { key: 'pk_shop', name: 'Shop' },
        feedback: {
          id: '7d3c2a10-8c1e-4f53-9a51-1f1f3c0f7a10',
          createdAt: '2024-03-01T14:05:09.000Z',
          rating: { kind: 'stars', value: 2 },
          comment: 'The checkout button does nothing on my phone.',
          followUp: null,
          category: 'bug',
          email: 'ada@example.com',
          page: { url: 'https://shop.example/checkout?step=2', referrer: null, title: 'Checkout', verified: true },
          context: { locale: 'en-GB', viewport: { width: 390, height: 844 }, userAgent: 'Mozilla/5.0' },
          metadata: { plan: 'pro' },
          status: 'new',
          tags: [],
        },
        itemUrl: 'https://heed.example/admin/projects/pk_shop/feedback/7d3c',
      },
    });
  });

  it('sends the same body and id on a retry', () => {
    const first = request();
    const later = new Date(now.getTime() + 30_000);
    const retry = buildWebhookRequest(notification(), { url: 'https://hooks.example/heed', secret, now: later });
    expect(retry.body).toBe(first.body);
    expect([first.headers['webhook-id'], retry.headers['webhook-id']]).toEqual(['msg_2f1c9a', 'msg_2f1c9a']);
  });

  it('passes hostile text through as JSON data, unchanged', () => {
    const comment = '<script>alert(1)</script> @everyone <!channel> "quoted"\r\n';
    const followUp = { question: `Why?\r\n${comment}`, answer: comment };
    const r = buildWebhookRequest(notification({ feedback: { comment, followUp } }), { url: 'https://hooks.example/heed', secret, now });
    const { feedback } = (JSON.parse(r.body) as { data: { feedback: { comment: string; followUp: unknown } } }).data;
    expect(feedback.comment).toBe(comment);
    expect(feedback.followUp).toEqual(followUp);
  });

  it('carries the follow-up question and answer as data beside the comment', () => {
    const followUp = { question: 'What went wrong?', answer: 'The pay button is greyed out.' };
    const r = buildWebhookRequest(notification({ feedback: { followUp } }), { url: 'https://hooks.example/heed', secret, now });
    const event = new Webhook(secret).verify(r.body, r.headers) as { data: { feedback: Record<string, unknown> } };
    expect(event.data.feedback).toMatchObject({ comment: 'The checkout button does nothing on my phone.', followUp });
  });
});

describe('createWebhookSecret', () => {
  it('makes a whsec_ secret of 24 random bytes that the library accepts', () => {
    const secret = createWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(atob(secret.slice('whsec_'.length))).toHaveLength(24);
    expect(() => new Webhook(secret)).not.toThrow();
  });

  it('makes a different secret each time', () => {
    expect(new Set(Array.from({ length: 20 }, createWebhookSecret)).size).toBe(20);
  });
});
