import { createUuid } from '../uuid.ts';
import { buildPayload, readPageEnvironment, type Answers, type PageEnvironment } from './payload.ts';
import type { DeliveryResult } from './send.ts';
import type { FeedbackPayload } from '../../server/schemas/feedback.ts';

/**
 * One feedback form's submissions. Every attempt of the same form carries the same id, so a retry
 * after a lost response is stored once; the id changes only after a send succeeded.
 */
export function createSubmitter(
  project: string,
  send: (payload: FeedbackPayload) => Promise<DeliveryResult>,
  page: () => PageEnvironment = readPageEnvironment,
): (answers: Answers) => Promise<DeliveryResult> {
  let id = createUuid();
  return async (answers) => {
    const result = await send(buildPayload(project, id, answers, page()));
    if (result.ok) id = createUuid();
    return result;
  };
}
