import type { FeedbackStore, ProjectStore } from '../store/store.ts';

const DAY_MS = 86_400_000;

/** Deletes, in every project with a retention period, the feedback older than it; returns how many per project key. */
export async function applyRetention(store: ProjectStore & FeedbackStore, now: number): Promise<Record<string, number>> {
  const deleted: Record<string, number> = {};
  for (const project of await store.listProjects()) {
    if (project.retentionDays === null) continue;
    const count = await store.deleteFeedbackWhere(project.id, { to: now - project.retentionDays * DAY_MS });
    if (count > 0) deleted[project.key] = count;
  }
  return deleted;
}
