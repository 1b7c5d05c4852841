import type { FeedbackNotification } from '../../../server/notify/notification.ts';

/** 2024-03-01 14:05:09 UTC */
export const CREATED_AT = Date.UTC(2024, 2, 1, 14, 5, 9);

type Page = FeedbackNotification['feedback']['page'];
type Overrides = Partial<Omit<FeedbackNotification, 'feedback'>> & {
  feedback?: Partial<Omit<FeedbackNotification['feedback'], 'page'>> & { page?: Partial<Page> };
};

/** A realistic notification; tests override only what they are about. */
export function notification(overrides: Overrides = {}): FeedbackNotification {
  const { feedback, ...rest } = overrides;
  return {
    eventId: 'msg_2f1c9a',
    type: 'feedback.created',
    project: { key: 'pk_shop', name: 'Shop' },
    itemUrl: 'https://heed.example/admin/projects/pk_shop/feedback/7d3c',
    ...rest,
    feedback: {
      id: '7d3c2a10-8c1e-4f53-9a51-1f1f3c0f7a10',
      createdAt: CREATED_AT,
      rating: { kind: 'stars', value: 2 },
      comment: 'The checkout button does nothing on my phone.',
      followUp: null,
      category: 'bug',
      email: 'ada@example.com',
      context: { locale: 'en-GB', viewport: { width: 390, height: 844 }, userAgent: 'Mozilla/5.0' },
      metadata: { plan: 'pro' },
      status: 'new',
      tags: [],
      ...feedback,
      // A page on the project's origins unless a test says otherwise.
      page: { url: 'https://shop.example/checkout?step=2', referrer: null, title: 'Checkout', verified: true, ...feedback?.page },
    },
  };
}
