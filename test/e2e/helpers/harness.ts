import { afterAll, beforeAll } from 'vitest';
import type { Browser } from 'playwright-core';
import type { AppConfig } from '../../../server/app.ts';
import type { Project, TokenScope } from '../../../server/store/store.ts';
import { launchChromium } from './browser.ts';
import { startHeedServer } from './heed-server.ts';
import { startSite, type SitePage } from './site.ts';

export interface Harness {
  browser: Browser;
  heed: Awaited<ReturnType<typeof startHeedServer>>;
  site: Awaited<ReturnType<typeof startSite>>;
  close(): Promise<void>;
}

/**
 * Chromium, a customer's site (`pages` renders each path; it gets Heed's origin once known) and
 * Heed serving the built widget with one project that accepts the site's origin.
 */
async function startHarness(
  project: Partial<Project> & { key: string },
  pages: (path: string, heedOrigin: string) => SitePage | undefined,
  { config, tokenScope }: HeedOptions = {},
): Promise<Harness> {
  const browser = await launchChromium();
  let heedOrigin = '';
  const site = await startSite((path) => pages(path, heedOrigin));
  const heed = await startHeedServer({ ...project, allowedOrigins: [site.origin] }, config, tokenScope);
  heedOrigin = heed.origin;
  return {
    browser,
    heed,
    site,
    async close() {
      await browser.close();
      await site.close();
      await heed.close();
    },
  };
}

/** Heed's app settings, and the scope of the admin token it issues. */
export interface HeedOptions {
  config?: Partial<AppConfig>;
  tokenScope?: TokenScope;
}

/** Starts a harness before the file's tests and stops it after; its fields fill in at start. */
export function useHarness(
  project: Partial<Project> & { key: string },
  pages: (path: string, heedOrigin: string) => SitePage | undefined,
  options?: HeedOptions,
): Harness {
  const harness = {} as Harness;
  beforeAll(async () => {
    Object.assign(harness, await startHarness(project, pages, options));
  });
  afterAll(() => harness.close?.());
  return harness;
}

export type PagesHarness = Harness & { pages: Map<string, string> };

/** useHarness whose site serves what the test puts in `pages` (path → body; `.js` paths as JavaScript). */
export function usePagesHarness(project: Partial<Project> & { key: string }, options?: HeedOptions): PagesHarness {
  const pages = new Map<string, string>();
  const harness = useHarness(
    project,
    (path) => {
      const body = pages.get(path.split('?')[0]!);
      if (body === undefined) return undefined;
      return path.endsWith('.js') ? { body, headers: { 'Content-Type': 'text/javascript' } } : { body };
    },
    options,
  );
  return Object.assign(harness, { pages });
}
