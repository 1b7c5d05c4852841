import type { DigestStore } from '../store/forwarding.ts';
import type { ProjectStore } from '../store/store.ts';
import { latestPeriod } from './schedule.ts';

/**
 * Records, for every enabled project with a digest destination, the latest period that has
 * ended; recording queues its messages (a trigger) and happens once per period whatever restarts
 * or instances, so it is safe to run often. Returns how many periods were newly recorded.
 */
export async function scheduleDigests(store: DigestStore & ProjectStore, now: number): Promise<number> {
  let recorded = 0;
  for (const projectId of await store.projectsWithDigests()) {
    const project = await store.getProject(projectId);
    if (project?.enabled && (await store.recordDigestPeriod(projectId, latestPeriod(project.digest, now), now))) recorded += 1;
  }
  return recorded;
}
