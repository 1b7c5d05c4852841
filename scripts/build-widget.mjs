// Builds the widget as IIFE files: the loader (dist/public/widget.js) and the bundles it loads
// when needed, the form (widget/panel.<hash>.js) and the triggers (widget/triggers.<hash>.js),
// whose names the loader is built with; and one JSON file per language
// (widget/locales/<lang>.<hash>.json) for the form. Fails when a file is over its size budget.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, renameSync, rmSync, mkdirSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { build } from 'vite';

const OUT = 'dist/public';
rmSync(OUT, { recursive: true, force: true });
mkdirSync(`${OUT}/widget/locales`, { recursive: true });

const contentHash = (bytes) => createHash('sha256').update(bytes).digest('hex').slice(0, 10);

// Locale files, minified and named by one hash of them all (the form carries one hash, not one
// per language), so they can be cached for a year.
const languages = readdirSync('widget/i18n/locales')
  .filter((name) => name.endsWith('.json'))
  .map((name) => name.replace(/\.json$/, ''))
  .sort();
const localeJson = Object.fromEntries(
  languages.map((language) => [language, JSON.stringify(JSON.parse(readFileSync(`widget/i18n/locales/${language}.json`, 'utf8')))]),
);
const localesHash = contentHash(JSON.stringify(localeJson));
for (const language of languages) writeFileSync(`${OUT}/widget/locales/${language}.${localesHash}.json`, localeJson[language]);

async function buildEntry(entry, outDir, fileName, define = {}) {
  await build({
    configFile: 'vite.config.ts',
    logLevel: 'warn',
    define,
    build: {
      outDir,
      copyPublicDir: false,
      lib: { entry, formats: ['iife'], name: 'HeedBundle', fileName: () => fileName },
    },
  });
  return `${outDir}/${fileName}`;
}

/** Builds a bundle the loader fetches, named by its content; returns that name. */
async function buildLazy(entry, name, define = {}) {
  const tmp = await buildEntry(entry, `${OUT}/widget`, `${name}.js`, define);
  const file = `${name}.${contentHash(readFileSync(tmp))}.js`;
  renameSync(tmp, `${OUT}/widget/${file}`);
  return file;
}
const turnstileFile = await buildLazy('widget/turnstile/index.ts', 'turnstile');
const panelFile = await buildLazy('widget/panel/index.ts', 'panel', {
  __HEED_LANGUAGES__: JSON.stringify(languages),
  __HEED_LOCALES_HASH__: JSON.stringify(localesHash),
  __HEED_TURNSTILE_FILE__: JSON.stringify(turnstileFile),
});
const triggersFile = await buildLazy('widget/triggers/index.ts', 'triggers');
const loader = await buildEntry('widget/loader.ts', OUT, 'widget.js', {
  __HEED_PANEL_FILE__: JSON.stringify(panelFile),
  __HEED_TRIGGERS_FILE__: JSON.stringify(triggersFile),
});

// The npm entry (`import { load } from 'heed/widget'`): a small ES module plus its types.
await build({
  configFile: 'vite.config.ts',
  logLevel: 'warn',
  build: { outDir: 'dist/npm', emptyOutDir: true, lib: { entry: 'widget/npm.ts', formats: ['es'], fileName: () => 'widget.js' } },
});
execFileSync(process.execPath, [
  'node_modules/typescript/bin/tsc',
  '--ignoreConfig',
  'widget/npm.ts',
  '--declaration',
  '--emitDeclarationOnly',
  '--allowImportingTsExtensions',
  '--rewriteRelativeImportExtensions',
  '--target',
  'es2022',
  '--module',
  'esnext',
  '--moduleResolution',
  'bundler',
  '--lib',
  'es2023,dom',
  '--skipLibCheck',
  '--outDir',
  'dist/npm/types',
]);
// Declaration files keep the source's `.ts` specifiers; consumers resolve `.js` ones everywhere.
for (const file of readdirSync('dist/npm/types', { recursive: true }).filter((name) => String(name).endsWith('.d.ts'))) {
  const path = `dist/npm/types/${file}`;
  writeFileSync(path, readFileSync(path, 'utf8').replace(/(from '\.{1,2}\/[^']+)\.ts'/g, "$1.js'"));
}

const gzipped = (file) => gzipSync(readFileSync(file), { level: 9 }).length;
const sizes = Object.fromEntries(
  [loader, `${OUT}/widget/${panelFile}`, `${OUT}/widget/${triggersFile}`, `${OUT}/widget/${turnstileFile}`, 'dist/npm/widget.js'].map(
    (file) => [file, gzipped(file)],
  ),
);
for (const [file, size] of Object.entries(sizes)) console.log(`${file}: ${readFileSync(file).length} B, ${size} B gzipped`);

// Issue 3's budgets: what loads before any interaction, and everything a submission with the
// default (built-in English) locale needs; triggers, Turnstile and other languages load only where used.
const budgets = [
  { what: 'loader (before any interaction)', size: sizes[loader], budget: 2048 },
  { what: 'loader + form (a full submission)', size: sizes[loader] + sizes[`${OUT}/widget/${panelFile}`], budget: 10240 },
];
for (const { what, size, budget } of budgets) console.log(`${what}: ${size} B gzipped; budget ${budget} B (${budget - size} B to spare)`);
const over = budgets.filter(({ size, budget }) => size > budget);
if (over.length) {
  console.error(
    `Widget size over budget: ${over.map(({ what, size, budget }) => `${what} by ${size - budget} B`).join(', ')}. Make it smaller.`,
  );
  process.exit(1);
}
