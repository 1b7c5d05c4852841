import type { Store } from '../store/store.ts';

const DAY_MS = 86_400_000;

/** Rate-limit windows are at most an hour long (form tickets, a client's unmetered share); older counts are kept a little, then dropped. */
const REQUEST_COUNTS_KEPT_MS = 70 * 60_000;

/**
 * Deletes, in every project with a retention period, the feedback older than it; returns how many
 * per project key. Also drops old rate-limit counts (hashed client ids among them).
 */
export async function applyRetention(store: Store, now: number): Promise<Record<string, number>> {
  await store.forgetRequestCounts(now - REQUEST_COUNTS_KEPT_MS);
  const deleted: Record<string, number> = {};
  for (const project of await store.listProjects()) {
    if (project.retentionDays === null) continue;
    const count = await store.deleteFeedbackWhere(project.id, { to: now - project.retentionDays * DAY_MS });
    if (count > 0) deleted[project.key] = count;
  }
  return deleted;
}
