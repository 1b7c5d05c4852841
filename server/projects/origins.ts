import type { Project } from '../store/store.ts';

/**
 * Whether a browser on `origin` may submit to `project`. An empty list admits no browser
 * origin at all; `self` admits the endpoint's own origins (as reached, and its public URL).
 */
export function isOriginAllowed(project: Pick<Project, 'allowedOrigins'>, origin: string, selfOrigins: string[]): boolean {
  return project.allowedOrigins.some((allowed) => (allowed === 'self' ? selfOrigins.includes(origin) : allowed === origin));
}

/**
 * Whether a feedback item's page is on one of the project's allowed origins: the one rule every
 * notification, digest and the dashboard use before they link a page. Anyone with the public key
 * can send any URL and title from a script (no Origin header), so a page elsewhere is shown as
 * unverified text. A project with no origins verifies nothing: no browser may submit to it, so
 * every page it holds came from a script. `self` counts the server's own origins as the caller
 * knows them (`selfOrigins`).
 */
export function isVerifiedPage(project: Pick<Project, 'allowedOrigins'>, url: string, selfOrigins: string[]): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return false;
  return isOriginAllowed(project, parsed.origin, selfOrigins);
}

/** The origins of the server's own URLs (its public URL, the URL a request reached), skipping unknown ones. */
export function originsOf(...urls: (string | undefined)[]): string[] {
  return urls.flatMap((url) => {
    if (!url) return [];
    try {
      return [new URL(url).origin];
    } catch {
      return [];
    }
  });
}
