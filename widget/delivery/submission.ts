import type { FeedbackPayload } from '../../server/schemas/feedback.ts';
import { createUuid } from '../uuid.ts';
import type { Outbox } from './outbox.ts';
import { buildPayload, readPageEnvironment, type Answers, type PageEnvironment } from './payload.ts';
import type { DeliveryResult } from './send.ts';

/** How long the form waits for the first attempt before it thanks the visitor for a queued submission. */
export const FIRST_ATTEMPT_WAIT_MS = 1500;

export interface SubmitterDeps {
  project: string;
  endpoint: string;
  outbox: Outbox;
  /** Refusals the outbox reported, by submission id (filled by the outbox's onRejected). */
  refusals: Map<string, DeliveryResult>;
  /** Used only when the outbox cannot store (blocked storage): one direct attempt. */
  send: (endpoint: string, payload: FeedbackPayload) => Promise<DeliveryResult>;
  page?: () => PageEnvironment;
}

/**
 * One feedback form's submissions. Each goes into the outbox before its first attempt, so it
 * survives a lost connection, a closed tab or a reload; the form waits briefly for that first
 * attempt so a refusal the visitor can fix (an email the server rejects) is shown at once.
 * Every attempt of one form carries the same id, so nothing is stored twice.
 */
export function createSubmitter({ project, endpoint, outbox, refusals, send, page = readPageEnvironment }: SubmitterDeps) {
  let id = createUuid();
  return async (answers: Answers): Promise<DeliveryResult> => {
    const payload = buildPayload(project, id, answers, page());
    let result: DeliveryResult = { ok: true };
    if (outbox.add(endpoint, payload)) {
      await Promise.race([outbox.flush(), new Promise((resolve) => setTimeout(resolve, FIRST_ATTEMPT_WAIT_MS))]);
      result = refusals.get(payload.id) ?? result;
      refusals.delete(payload.id);
    } else {
      result = await send(endpoint, payload);
    }
    // Delivered or safely queued: the next form is a new submission.
    if (result.ok) id = createUuid();
    return result;
  };
}
