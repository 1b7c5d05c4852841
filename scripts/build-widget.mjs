// Builds the widget as IIFE files: the loader (dist/public/widget.js) and the bundles it loads
// when needed, the form (widget/panel.<hash>.js) and the triggers (widget/triggers.<hash>.js),
// whose names the loader is built with; and one JSON file per language
// (widget/locales/<lang>.<hash>.json) for the form; and widget/integrity.json, the Subresource
// Integrity value of each (docs/widget-package.md). Fails when a file is over its size budget.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, renameSync, rmSync, mkdirSync, writeFileSync } from 'node:fs';
import { sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';

const OUT = 'dist/public';
rmSync(OUT, { recursive: true, force: true });
mkdirSync(`${OUT}/widget/locales`, { recursive: true });

const contentHash = (bytes) => createHash('sha256').update(bytes).digest('hex').slice(0, 8);

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
const panelFile = await buildLazy('widget/panel/index.tsx', 'panel', {
  __HEED_LANGUAGES__: JSON.stringify(languages),
  __HEED_LOCALES_HASH__: JSON.stringify(localesHash),
  __HEED_TURNSTILE_FILE__: JSON.stringify(turnstileFile),
});
const triggersFile = await buildLazy('widget/triggers/index.ts', 'triggers');
const loader = await buildEntry('widget/loader.ts', OUT, 'widget.js', {
  __HEED_PANEL_FILE__: JSON.stringify(panelFile),
  __HEED_TRIGGERS_FILE__: JSON.stringify(triggersFile),
});

// `integrity` values (sha384, as browsers check them) of every file a page may load, by URL path:
// a site pins /widget.js's in its script tag; the others are named by content and never change.
const served = readdirSync(OUT, { recursive: true })
  .map(String)
  .filter((name) => /\.(js|json)$/.test(name))
  .sort();
const sri = (file) => `sha384-${createHash('sha384').update(readFileSync(file)).digest('base64')}`;
const integrity = Object.fromEntries(served.map((name) => [`/${name.split(sep).join('/')}`, sri(`${OUT}/${name}`)]));
writeFileSync(`${OUT}/widget/integrity.json`, `${JSON.stringify(integrity, null, 2)}\n`);
console.log(`/widget.js integrity: ${integrity['/widget.js']}`);

const gzipped = (file) => gzipSync(readFileSync(file), { level: 9 }).length;
const sizes = Object.fromEntries(
  [loader, `${OUT}/widget/${panelFile}`, `${OUT}/widget/${triggersFile}`, `${OUT}/widget/${turnstileFile}`].map((file) => [
    file,
    gzipped(file),
  ]),
);
for (const [file, size] of Object.entries(sizes)) console.log(`${file}: ${readFileSync(file).length} B, ${size} B gzipped`);

// Issue 3's budgets: what loads before any interaction, and everything a submission with the
// default (built-in English) locale needs; triggers, Turnstile and other languages load only where used.
const budgets = [
  { what: 'loader (before any interaction)', size: sizes[loader], budget: 2048 },
  { what: 'loader + form (a full submission)', size: sizes[loader] + sizes[`${OUT}/widget/${panelFile}`], budget: 16384 },
];
for (const { what, size, budget } of budgets) console.log(`${what}: ${size} B gzipped; budget ${budget} B (${budget - size} B to spare)`);
const over = budgets.filter(({ size, budget }) => size > budget);
if (over.length) {
  console.error(
    `Widget size over budget: ${over.map(({ what, size, budget }) => `${what} by ${size - budget} B`).join(', ')}. Make it smaller.`,
  );
  process.exit(1);
}
