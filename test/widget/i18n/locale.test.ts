import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EN } from '../../../widget/i18n/en.ts';
import { format, isRtl, mergeStrings, pickLanguage } from '../../../widget/i18n/locale.ts';

// A path, not a URL: happy-dom replaces the global URL class, which node:fs does not accept.
const DIR = join(import.meta.dirname, '../../../widget/i18n/locales');
const locales = readdirSync(DIR).filter((f) => f.endsWith('.json'));

describe('locales', () => {
  it('ships English and at least ten more languages', () => {
    expect(locales.map((f) => f.replace('.json', '')).sort()).toEqual(['ar', 'de', 'es', 'fr', 'he', 'it', 'ja', 'nl', 'pt', 'zh']);
  });

  it.each(locales)('%s has every text English has, in the same shape, translated', (file) => {
    const strings = JSON.parse(readFileSync(join(DIR, file), 'utf8')) as Record<string, unknown>;
    expect(Object.keys(strings).sort()).toEqual(Object.keys(EN).sort());
    for (const [key, english] of Object.entries(EN)) {
      const value = strings[key];
      if (Array.isArray(english)) expect(value, key).toHaveLength(english.length);
      else expect(typeof value, key).toBe('string');
    }
    expect(strings.notSent).toContain('{reason}');
    expect(strings.title).not.toBe(EN.title);
    expect(strings.thanks).not.toBe(EN.thanks);
  });
});

describe('choosing the language', () => {
  const available = ['de', 'fr', 'ar', 'he', 'pt'];

  it('takes the first candidate it has texts for, by language part', () => {
    expect(pickLanguage([undefined, 'pt-BR', 'de'], available)).toBe('pt');
    expect(pickLanguage(['sv-SE', 'fr_CA'], available)).toBe('fr');
  });

  it('stops at English when English comes first, and falls back to it', () => {
    expect(pickLanguage(['en-GB', 'de'], available)).toBe('en');
    expect(pickLanguage(['sv', 'fi'], available)).toBe('en');
  });

  it('knows which languages are written right to left', () => {
    expect(isRtl('ar')).toBe(true);
    expect(isRtl('he')).toBe(true);
    expect(isRtl('de')).toBe(false);
  });
});

describe('texts', () => {
  it('fills placeholders', () => {
    expect(format(EN.notSent, { reason: 'Offline.' })).toBe('Your feedback was not sent. Offline.');
  });

  it('keeps English for whatever a file lacks or gets wrong', () => {
    const merged = mergeStrings({ title: 'Titel', stars: ['only one'], thanks: 42 });
    expect(merged.title).toBe('Titel');
    expect(merged.stars).toEqual(EN.stars);
    expect(merged.thanks).toBe(EN.thanks);
    expect(mergeStrings(null)).toEqual(EN);
  });
});
