import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { globMatches } from '../../contract/glob.ts';

/** The glob's meaning, spelled out as dynamic programming over (glob prefix, text prefix): slow, obviously right. */
function reference(glob: string, text: string): boolean {
  let row = Array.from({ length: text.length + 1 }, (_, j) => j === 0);
  for (let i = 0; i < glob.length; i++) {
    const next = [glob[i] === '*' && row[0]!];
    for (let j = 1; j <= text.length; j++) next[j] = glob[i] === '*' ? row[j]! || next[j - 1]! : row[j - 1]! && glob[i] === text[j - 1];
    row = next;
  }
  return row[text.length]!;
}

const SITE = 'https://shop.example/';
const MAX_URL = 2048;
/** Characters that mean something to a regex, LIKE or GLOB, with case pairs, `/` and a character outside the BMP. */
const CHARS = ['a', 'b', 'A', '/', '.', 'h', 't', 'm', 'l', '%', '_', '\\', '?', '[', ']', '(', '+', '$', '^', 'é', '😀'];
const char = fc.constantFrom(...CHARS);
const text = (maxLength: number) => fc.string({ unit: char, maxLength });
const url = text(MAX_URL - SITE.length).map((tail) => (SITE + tail).slice(0, MAX_URL));
const glob = fc.array(fc.oneof(fc.constant('*'), text(12)), { maxLength: 400 }).map((parts) => parts.join('').slice(0, MAX_URL));

/** Inputs built to make a matcher retry: many stars over many slashes, near-miss suffixes, long parts over repetitive text. */
const adversarial = fc.oneof(
  // The reported attack and its relatives: stars between slashes against a run of slashes.
  fc
    .tuple(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 0, max: MAX_URL - SITE.length }), fc.constantFrom('.html', '', 'x'))
    .map(([stars, slashes, end]) => ({
      glob: `${SITE}${'*/'.repeat(stars)}*${end}`.slice(0, MAX_URL),
      url: SITE + '/'.repeat(slashes),
    })),
  // Near misses: the URL repeats what the glob's parts ask for, but its end differs by one character.
  fc
    .tuple(
      text(6).filter((part) => part.length > 0),
      fc.integer({ min: 1, max: 300 }),
      text(8),
    )
    .map(([part, stars, end]) => ({
      glob: `${SITE}${`*${part}`.repeat(stars)}*${end}!`.slice(0, MAX_URL),
      url: (SITE + part.repeat(MAX_URL)).slice(0, MAX_URL - end.length - 1) + end + '?',
    })),
  // One long part that almost occurs everywhere: `aaa…ab` in `aaa…a`.
  fc.tuple(fc.integer({ min: 1, max: MAX_URL - 3 }), fc.boolean()).map(([length, anchored]) => ({
    glob: `${anchored ? '' : '*'}${'a'.repeat(length)}b*`,
    url: 'a'.repeat(MAX_URL),
  })),
  // Many one-character parts: `*a*a*a…*b` against `aaa…a`.
  fc.integer({ min: 1, max: 1000 }).map((stars) => ({ glob: `${'*a'.repeat(stars)}*b`, url: 'a'.repeat(MAX_URL) })),
);

/** The matcher's time on one input: the fastest of three runs, so a garbage collection or a busy core does not count as the input's cost. */
function timeOf(g: string, u: string): number {
  let best = Infinity;
  for (let run = 0; run < 3; run++) {
    const started = performance.now();
    globMatches(g, u);
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

describe('globMatches', () => {
  it('reads `*` as any run of characters and everything else, case included, as itself', () => {
    expect(globMatches('https://shop.example/docs/*', 'https://shop.example/docs/')).toBe(true);
    expect(globMatches('https://shop.example/docs/*', 'https://shop.example/docs/a/b?c=d')).toBe(true);
    expect(globMatches('https://shop.example/docs/*', 'https://shop.example/Docs/a')).toBe(false);
    expect(globMatches('*/pricing', 'https://shop.example/pricing')).toBe(true);
    expect(globMatches('*/pricing', 'https://shop.example/pricing/teams')).toBe(false);
    expect(globMatches('/a.b', '/aXb')).toBe(false);
    expect(globMatches('/a_b%', '/aXbY')).toBe(false);
    expect(globMatches('/a?b[c]', '/a?b[c]')).toBe(true);
    expect(globMatches('ab*ba', 'aba')).toBe(false); // the prefix and the suffix may not share a character
    expect(globMatches('**', '')).toBe(true);
    expect(globMatches('', '')).toBe(true);
    expect(globMatches('', 'a')).toBe(false);
  });

  it('answers as the reference matcher on short globs and texts', () => {
    const short = fc.string({ unit: fc.constantFrom('a', 'b', 'A', '/', '*', '%', '_', '😀'), maxLength: 10 });
    // Texts made from the glob (its stars filled in) match far more often than random ones.
    const filled = short.chain((g) =>
      fc
        .tuple(fc.constant(g), fc.array(text(4), { minLength: g.split('*').length, maxLength: g.split('*').length }))
        .map(([g2, fills]) => ({
          glob: g2,
          text: g2.split('*').reduce((done, part, i) => done + fills[i - 1]! + part),
        })),
    );
    fc.assert(
      fc.property(short, text(14), (g, t) => globMatches(g, t) === reference(g, t)),
      { numRuns: 5000 },
    );
    fc.assert(
      fc.property(filled, ({ glob: g, text: t }) => globMatches(g, t) && reference(g, t)),
      { numRuns: 2000 },
    );
  });

  it('answers any glob against any URL of up to 2,048 characters in under 1 ms, hostile ones included', () => {
    for (let i = 0; i < 200; i++) globMatches(`${'*a'.repeat(i)}*b`, 'a'.repeat(i * 4)); // compiled before timing
    let slowest = { ms: 0, glob: '', url: '' };
    let count = 0;
    const record = (g: string, u: string) => {
      const ms = timeOf(g, u);
      count += 1;
      if (ms > slowest.ms) slowest = { ms, glob: g, url: u };
    };
    fc.assert(fc.property(glob, url, record), { numRuns: 500 });
    fc.assert(
      fc.property(adversarial, ({ glob: g, url: u }) => record(g, u)),
      { numRuns: 1000 },
    );
    // The reported attack, exactly.
    record('https://shop.example/*/*/*/*.html', SITE + '/'.repeat(330));
    expect(slowest.ms, `slowest: ${slowest.glob.slice(0, 80)} against ${slowest.url.slice(0, 80)}`).toBeLessThan(1);
    console.log(`glob matcher: slowest of ${count} matches ${(slowest.ms * 1000).toFixed(0)} µs`);
  });
});
