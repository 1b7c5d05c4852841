import type { Project } from '../store/store.ts';

/**
 * Whether a browser on `origin` may submit to `project`. An empty list admits no browser
 * origin at all; `self` admits the endpoint's own origins (as reached, and its public URL).
 */
export function isOriginAllowed(project: Project, origin: string, selfOrigins: string[]): boolean {
  return project.allowedOrigins.some((allowed) => (allowed === 'self' ? selfOrigins.includes(origin) : allowed === origin));
}
