import { EN, type Strings } from './en.ts';
import { warn } from '../warn.ts';

const RTL = new Set(['ar', 'he', 'fa', 'ur']);

/**
 * The first candidate (a full tag or its language part) we have strings for, else `en`.
 * Candidates come best first: the site's choice, the page's lang, the browser's languages.
 */
export function pickLanguage(candidates: (string | undefined)[], available: string[]): string {
  for (const candidate of candidates) {
    const language = candidate?.trim().toLowerCase().split(/[-_]/)[0];
    if (language === 'en') return 'en';
    if (language && available.includes(language)) return language;
  }
  return 'en';
}

export const isRtl = (language: string): boolean => RTL.has(language);

/** Fills `{name}` placeholders. */
export function format(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => String(values[name] ?? whole));
}

/** A locale file's strings over English, so a missing or malformed entry never leaves a hole. */
export function mergeStrings(loaded: unknown): Strings {
  const strings: Strings = { ...EN };
  for (const key of Object.keys(EN) as (keyof Strings)[]) {
    const value = (loaded as Record<string, unknown> | null | undefined)?.[key];
    const expected = EN[key];
    if (Array.isArray(expected) ? Array.isArray(value) && value.length === expected.length : typeof value === 'string') {
      (strings as Record<string, unknown>)[key] = value;
    }
  }
  return strings;
}

/** Strings for `language`, fetched from `url`; English when that fails (the form must still open). */
export async function loadStrings(language: string, url: string): Promise<Strings> {
  if (language === 'en') return EN;
  try {
    const response = await fetch(url, { credentials: 'omit' });
    if (response.ok) return mergeStrings(await response.json());
  } catch {
    // Offline or blocked: English below.
  }
  warn(`Could not load the "${language}" texts; showing English.`);
  return EN;
}
