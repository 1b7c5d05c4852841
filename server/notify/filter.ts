import { globMatches } from '../../contract/glob.ts';
import type { NotificationFilter } from '../store/forwarding.ts';
import type { FeedbackRecord } from '../store/store.ts';

/** Whether an instant notification goes out for this feedback: every condition given must hold. */
export function matchesFilter(
  filter: NotificationFilter,
  feedback: Pick<FeedbackRecord, 'rating' | 'comment' | 'category' | 'page'>,
): boolean {
  const value = feedback.rating?.value;
  if (filter.ratingAtMost !== undefined && (value === undefined || value > filter.ratingAtMost)) return false;
  if (filter.ratingAtLeast !== undefined && (value === undefined || value < filter.ratingAtLeast)) return false;
  if (filter.hasComment !== undefined && (feedback.comment !== null) !== filter.hasComment) return false;
  if (filter.category !== undefined && feedback.category !== filter.category) return false;
  if (filter.page !== undefined && !globMatches(filter.page, feedback.page.url)) return false;
  return true;
}
