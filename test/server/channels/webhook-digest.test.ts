import { Webhook } from 'standardwebhooks';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildDigestWebhookRequest } from '../../../server/channels/webhook.ts';
import { PERIOD_END, digest, emptyDigest } from '../notify/digest-fixture.ts';

const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
/** The digest is sent a little after its period ends. */
const now = new Date(PERIOD_END + 4_000);
const target = { url: 'https://hooks.example/heed', secret, now };
const request = (...args: Parameters<typeof digest>) => buildDigestWebhookRequest(digest(...args), target);

describe('buildDigestWebhookRequest', () => {
  // The receiver checks `webhook-timestamp` against its own clock.
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(now);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('posts JSON to the destination with the Standard Webhooks headers, the digest event id as webhook-id', () => {
    const r = request();
    expect(r.url).toBe('https://hooks.example/heed');
    expect(r.headers).toEqual({
      'content-type': 'application/json',
      'webhook-id': 'msg_digest_9b1e',
      'webhook-timestamp': String(Math.floor((PERIOD_END + 4_000) / 1000)),
      'webhook-signature': expect.stringMatching(/^v1,[A-Za-z0-9+/]+=*$/),
    });
  });

  it('verifies with the standardwebhooks library, which returns the digest with ISO times', () => {
    const r = request();
    expect(new Webhook(secret).verify(r.body, r.headers)).toEqual({
      type: 'digest',
      timestamp: '2026-11-24T08:00:00.000Z',
      data: {
        project: { key: 'pk_shop', name: 'Shop' },
        period: { from: '2026-11-23T08:00:00.000Z', to: '2026-11-24T08:00:00.000Z', frequency: 'daily', timeZone: 'Europe/Berlin' },
        count: 48,
        previousCount: 42,
        withComment: 18,
        ratings: digest().ratings,
        pages: digest().pages,
        lowest: [
          {
            id: 'fb_01',
            rating: { kind: 'stars', value: 1 },
            comment: 'The checkout button does nothing on my phone.',
            followUp: null,
            page: 'https://shop.example/checkout?step=2',
            pageVerified: true,
            createdAt: '2026-11-23T19:42:05.000Z',
          },
          {
            id: 'fb_02',
            rating: { kind: 'nps', value: 3 },
            comment: 'Shipping costs only show up at the very end.',
            followUp: null,
            page: 'https://shop.example/shipping',
            pageVerified: true,
            createdAt: '2026-11-24T06:03:00.000Z',
          },
        ],
        themes: digest().themes,
        sentiment: -0.1,
        summary: 'Checkout complaints doubled; most mention the pay button on mobile.',
        dashboardUrl: 'https://heed.example/admin/projects/pk_shop/insights',
      },
    });
  });

  it('sends the same body and id on a retry', () => {
    const first = request();
    const later = new Date(now.getTime() + 120_000);
    const retry = buildDigestWebhookRequest(digest(), { ...target, now: later });
    expect(retry.body).toBe(first.body);
    expect(retry.headers['webhook-id']).toBe(first.headers['webhook-id']);
  });

  it('passes hostile text through as JSON data, unchanged', () => {
    const comment = '<script>alert(1)</script> @everyone <!channel> "quoted"\r\n';
    const followUp = { question: comment, answer: comment };
    const r = request({
      lowest: [{ ...digest().lowest[0]!, comment, followUp }],
      summary: comment,
      themes: [{ phrase: comment, count: 1, sentiment: 0 }],
    });
    const { data } = JSON.parse(r.body) as {
      data: { lowest: { comment: string; followUp: unknown }[]; summary: string; themes: { phrase: string }[] };
    };
    expect([data.lowest[0]!.comment, data.summary, data.themes[0]!.phrase]).toEqual([comment, comment, comment]);
    expect(data.lowest[0]!.followUp).toEqual(followUp);
  });

  it('carries a lowest-rated item’s follow-up as data, with a null comment where the visitor wrote only the answer', () => {
    const followUp = { question: 'What went wrong?', answer: 'The pay button is greyed out.' };
    const r = request({ lowest: [{ ...digest().lowest[0]!, comment: null, followUp }] });
    expect((JSON.parse(r.body) as { data: { lowest: unknown[] } }).data.lowest[0]).toMatchObject({ comment: null, followUp });
  });

  it('sends an empty period as a digest with zero counts', () => {
    const r = buildDigestWebhookRequest(emptyDigest(), target);
    expect(new Webhook(secret).verify(r.body, r.headers)).toMatchObject({
      type: 'digest',
      data: { count: 0, previousCount: 3, ratings: [], lowest: [], sentiment: null, summary: null },
    });
  });
});
