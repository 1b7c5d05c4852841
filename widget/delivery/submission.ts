import { isAcceptableMetadata, METADATA_MAX_KEYS, METADATA_VALUE_MAX_LENGTH, type FeedbackPayload } from '../../contract/submission.ts';
import type { HeedEvent, Session } from '../api.ts';
import { createUuid } from '../uuid.ts';
import type { Outbox } from './outbox.ts';
import { buildPayload, readPageEnvironment, type Answers, type PageEnvironment } from './payload.ts';
import type { DeliveryResult } from './send.ts';
import { warn } from '../warn.ts';

/** How long the form waits for the first attempt before it thanks the visitor for a queued submission. */
export const FIRST_ATTEMPT_WAIT_MS = 1500;

export interface SubmitterDeps {
  project: string;
  endpoint: string;
  /** What the page said about the visitor (Heed.identify, Heed.setMetadata), read per submission. */
  session: Session;
  outbox: Outbox;
  /** Refusals the outbox reported, by submission id (filled by the outbox's onRejected). */
  refusals: Map<string, DeliveryResult>;
  /** Used only when the outbox cannot store (blocked storage): one direct attempt. */
  send: (endpoint: string, payload: FeedbackPayload) => Promise<DeliveryResult>;
  page?: () => PageEnvironment;
  /** The first submission's id; by default a new one (a headless submit may bring its own, for its retries). */
  id?: string | undefined;
  /**
   * How long to wait for the first attempt before answering "queued". The form waits briefly (the
   * visitor is looking at it); a site's own form (`Heed('submit')`) waits for the attempt's end
   * (bounded by the request's 15 s timeout), so its promise says what happened.
   */
  firstAttemptWaitMs?: number;
  emit?: (event: HeedEvent, detail: unknown) => void;
}

/**
 * One feedback form's submissions. Each goes into the outbox before its first attempt, so it
 * survives a lost connection, a closed tab or a reload; the form waits briefly for that first
 * attempt so a refusal the visitor can fix (an email the server rejects) is shown at once.
 * Every attempt of one form carries the same id, so nothing is stored twice.
 */
export function createSubmitter({
  project,
  endpoint,
  session,
  outbox,
  refusals,
  send,
  page = readPageEnvironment,
  id = createUuid(),
  firstAttemptWaitMs = FIRST_ATTEMPT_WAIT_MS,
  emit = () => {},
}: SubmitterDeps) {
  return async (answers: Answers): Promise<DeliveryResult> => {
    const { user, metadata, opening } = session;
    const payload = buildPayload(
      project,
      id,
      { ...answers, email: answers.email ?? user.email },
      page(),
      acceptableMetadata({
        ...metadata,
        ...opening,
        ...(user.id ? { userId: user.id } : {}),
        ...(user.name ? { userName: user.name } : {}),
      }),
    );
    let result: DeliveryResult;
    if (outbox.add(endpoint, payload)) {
      // setTimeout would run an infinite wait at once.
      const patience = firstAttemptWaitMs < Infinity ? [new Promise((resolve) => setTimeout(resolve, firstAttemptWaitMs))] : [];
      await Promise.race([outbox.flush(), ...patience]);
      // Still in the outbox: kept for later delivery, and the visitor is told so. A refusal is
      // announced to `error` listeners by the outbox, which also hears of later ones.
      result = refusals.get(payload.id) ?? { ok: true, queued: outbox.has(payload.id) };
      refusals.delete(payload.id);
    } else {
      result = await send(endpoint, payload);
      if (!result.ok) emit('error', { id: payload.id, message: result.message, fields: result.fields });
    }
    // Delivered or safely queued: the next form is a new submission.
    if (result.ok) {
      id = createUuid();
      emit('submit', { id: payload.id, queued: !!result.queued });
    }
    return result;
  };
}

/**
 * The metadata the server accepts (it refuses the whole submission otherwise): at most 30 keys
 * of letters, digits and _ . : -, values up to 500 characters. The rest is dropped with a warning.
 */
export function acceptableMetadata(metadata: Session['metadata']): Session['metadata'] {
  const kept: Session['metadata'] = {};
  for (const [key, value] of Object.entries(metadata)) {
    if (isAcceptableMetadata(key, value) && Object.keys(kept).length < METADATA_MAX_KEYS) kept[key] = value;
    else {
      const rule = `values text (≤ ${METADATA_VALUE_MAX_LENGTH}), number or boolean, ${METADATA_MAX_KEYS} at most`;
      warn(`Metadata "${key}" left out: keys are 1–64 of A-Z a-z 0-9 _ . : -, ${rule}.`);
    }
  }
  return kept;
}
