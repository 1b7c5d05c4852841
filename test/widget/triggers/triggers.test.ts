import { beforeEach, describe, expect, it, vi } from 'vitest';
import { inCooldown, inSample, parseTriggers, pathMatches, startCooldown } from '../../../widget/triggers/triggers.ts';

describe('trigger settings', () => {
  it('reads data- attribute strings and init values', () => {
    expect(
      parseTriggers({ openAfter: '20', openOnScroll: 50, openOnExit: '', match: '/pricing*, /docs/*', sample: '25', cooldown: 30 }),
    ).toEqual({
      openAfter: 20,
      openOnScroll: 50,
      openOnExit: true,
      match: ['/pricing*', '/docs/*'],
      sample: 25,
      cooldown: 30,
    });
    expect(parseTriggers({ openOnExit: 'false' })).toEqual({ openOnExit: false });
  });

  it('warns about and drops values out of range', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(parseTriggers({ openOnScroll: '150', sample: 'some', openAfter: '-1' })).toEqual({});
    expect(warn).toHaveBeenCalledTimes(3);
    warn.mockRestore();
  });
});

describe('targeting', () => {
  beforeEach(() => localStorage.clear());

  it('matches paths with * globs, every page when no pattern is set', () => {
    expect(pathMatches(['/pricing*'], '/pricing/teams')).toBe(true);
    expect(pathMatches(['/docs/*'], '/docs')).toBe(false);
    expect(pathMatches(['/a.b'], '/aXb')).toBe(false); // dots are literal
    expect(pathMatches(undefined, '/anything')).toBe(true);
  });

  it('decides a data-match glob against a long run of slashes at once, as destination filters do', () => {
    // `/*/*/*/*.html` as a backtracking regex took seconds on such a path, freezing the visitor's page.
    const started = performance.now();
    expect(pathMatches(['/*/*/*/*.html'], '/'.repeat(330))).toBe(false);
    expect(performance.now() - started).toBeLessThan(50);
    expect(pathMatches(['/*/*/*/*.html'], '/shoes/men/trail/42.html')).toBe(true);
    expect(pathMatches(['/Docs/*'], '/docs/start')).toBe(false);
  });

  it('keeps a visitor’s sampling draw, so they are asked consistently', () => {
    expect(inSample('p', 30, localStorage, () => 0.2)).toBe(true);
    expect(inSample('p', 30, localStorage, () => 0.9)).toBe(true); // the first draw (20) is kept
    localStorage.clear();
    expect(inSample('p', 30, localStorage, () => 0.5)).toBe(false);
    expect(inSample('p', undefined, localStorage)).toBe(true);
    expect(inSample('p', 0, localStorage, () => 0)).toBe(false);
  });

  it('does not ask again during the cooldown after an answer or a dismissal', () => {
    const now = Date.UTC(2026, 10, 23);
    startCooldown('p', 7, localStorage, now);
    expect(inCooldown('p', localStorage, now + 6 * 86_400_000)).toBe(true);
    expect(inCooldown('p', localStorage, now + 7 * 86_400_000 + 1)).toBe(false);
    expect(inCooldown('other', localStorage, now)).toBe(false);
    startCooldown('q', undefined, localStorage, now);
    expect(inCooldown('q', localStorage, now)).toBe(false);
  });
});
