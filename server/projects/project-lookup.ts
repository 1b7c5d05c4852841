import { projectNotFound } from '../errors.ts';
import { hasControlCharacters } from '../schemas/text.ts';
import type { Project, ProjectStore } from '../store/store.ts';

export type ProjectLookup = (key: string) => Promise<Project | null>;

/**
 * Caches projects by public key for `ttlMs`, so the hot ingest path does not read the projects
 * table on every request; a disabled or changed project takes effect within the TTL.
 */
export function createProjectLookup(store: ProjectStore, ttlMs: number, now: () => number): ProjectLookup {
  const cache = new Map<string, { project: Project | null; expires: number }>();
  return async (key) => {
    // Names no project, and Postgres could not even be asked (NUL is a 500 there): as unknown, on every backend.
    if (hasControlCharacters(key)) return null;
    const hit = cache.get(key);
    if (hit && hit.expires > now()) return hit.project;
    const project = await store.getProjectByKey(key, now());
    // Bounded: unknown keys are cached too (a flood of random keys must not grow memory forever).
    if (cache.size >= 10_000) cache.clear();
    cache.set(key, { project, expires: now() + ttlMs });
    return project;
  };
}

/** The enabled project with this key, for the widget's routes: to them a disabled project is unknown. */
export async function findEnabledProject(findProject: ProjectLookup, key: string): Promise<Project> {
  const project = await findProject(key);
  if (!project?.enabled) throw projectNotFound(true);
  return project;
}
