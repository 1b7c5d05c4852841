import fc from 'fast-check';

/**
 * Page URLs and globs where a sloppy translation of a glob would show: case, the wildcards of
 * LIKE (`%`, `_`, `\`) and of SQLite's GLOB (`?`, `[`, `]`), non-ASCII text, and URLs of 2,048
 * characters against the globs that made a backtracking regex take seconds.
 */
export const PAGE_GLOB_URLS: readonly string[] = [
  'https://a.example/docs/x_y',
  'https://a.example/Docs/X_Y',
  'https://A.EXAMPLE/DOCS/X_Y',
  'https://a.example/docs/xzy',
  'https://a.example/100%/sale%',
  'https://a.example/100/sale',
  'https://a.example/path\\to',
  'https://a.example/pathto',
  'https://a.example/q?x=[1]',
  'https://a.example/qax=1',
  'https://a.example/star*page',
  'https://a.example/é/ünïcode/😀',
  'https://a.example/É/ÜNÏCODE/😀',
  'https://shop.example/a/b/c/d.html',
  `https://shop.example/${'/'.repeat(2027)}`,
  `https://shop.example/${'a/'.repeat(1013)}b`,
];

const HAND_WRITTEN = [
  '*',
  'https://a.example/docs/x_y',
  'https://a.example/docs/x?y',
  '*x_y',
  '*X_Y',
  'https://A.EXAMPLE/*',
  'HTTPS://*',
  '*/docs/*',
  'https://a.example/100%*',
  '*%',
  '*sale%',
  '*path\\to',
  '*path\\*',
  '*\\*',
  '*q?x=[1]',
  '*[1]',
  '*[*]*',
  '*?*',
  '*]',
  '*star*page',
  '*é*😀',
  '*É*',
  'https://shop.example/*/*/*/*.html',
  `https://shop.example/${'*/'.repeat(500)}*.html`,
  `*${'a/'.repeat(600)}c`,
  `*${'/'.repeat(1000)}x*`,
  `${'*a'.repeat(1000)}*`,
  `${'*a/'.repeat(682)}b`,
];

/** Globs cut from the URLs: some spans become `*`, some letters change case; a fixed seed, so every run and backend sees the same. */
const CUT_FROM_URLS = fc.sample(
  fc
    .tuple(fc.constantFrom(...PAGE_GLOB_URLS.slice(0, 14)), fc.array(fc.tuple(fc.nat(), fc.nat(6), fc.boolean()), { maxLength: 4 }))
    .map(([url, cuts]) =>
      cuts.reduce((glob, [at, length, flipCase]) => {
        const start = at % (glob.length + 1);
        const span = flipCase ? glob.slice(start, start + length).toUpperCase() : '*';
        return glob.slice(0, start) + span + glob.slice(start + length);
      }, url),
    ),
  { seed: 17, numRuns: 40 },
);

export const PAGE_GLOBS: readonly string[] = [...HAND_WRITTEN, ...CUT_FROM_URLS];
