import type { FeedbackRecord } from '../store/store.ts';

/** One instant notification: a piece of feedback, as every destination kind renders it. */
export interface FeedbackNotification {
  /** Stable per message, across retries: receivers deduplicate on it (`webhook-id`, say). */
  eventId: string;
  type: 'feedback.created';
  project: { key: string; name: string };
  /** The item; `page.verified` says whether its page is on one of the project's allowed origins (`isVerifiedPage`). */
  feedback: Omit<FeedbackRecord, 'projectId' | 'page'> & { page: FeedbackRecord['page'] & { verified: boolean } };
  /** The item in the dashboard, when the server knows its public URL. */
  itemUrl: string | null;
}

/** An HTTP request a destination is sent, built by a pure function and sent by the delivery worker. */
export interface OutgoingRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** An email a destination is sent (nodemailer's fields). */
export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
}
