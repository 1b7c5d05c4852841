import type { Project } from '../store/store.ts';

/**
 * Whether a browser on `origin` may submit to `project`. An empty list admits no browser
 * origin at all; `self` admits the origin the endpoint itself was reached on.
 */
export function isOriginAllowed(project: Project, origin: string, selfOrigin: string): boolean {
  return project.allowedOrigins.some((allowed) => (allowed === 'self' ? selfOrigin : allowed) === origin);
}
