// Builds the widget as two IIFE files: the loader (dist/public/widget.js) and the lazily
// loaded panel (dist/public/widget/panel.<hash>.js), whose name the loader is built with; and
// one JSON file per language (dist/public/widget/locales/<lang>.<hash>.json) for the panel.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, renameSync, rmSync, mkdirSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { build } from 'vite';

const OUT = 'dist/public';
rmSync(OUT, { recursive: true, force: true });
mkdirSync(`${OUT}/widget/locales`, { recursive: true });

const contentHash = (bytes) => createHash('sha256').update(bytes).digest('hex').slice(0, 10);

// Locale files, minified and named by content so they can be cached for a year.
const locales = {};
for (const file of readdirSync('widget/i18n/locales').filter((name) => name.endsWith('.json'))) {
  const json = JSON.stringify(JSON.parse(readFileSync(`widget/i18n/locales/${file}`, 'utf8')));
  const language = file.replace(/\.json$/, '');
  locales[language] = `${language}.${contentHash(json)}.json`;
  writeFileSync(`${OUT}/widget/locales/${locales[language]}`, json);
}

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

const panelTmp = await buildEntry('widget/panel/index.tsx', `${OUT}/widget`, 'panel.js', {
  __HEED_LOCALES__: JSON.stringify(locales),
});
const panelFile = `panel.${contentHash(readFileSync(panelTmp))}.js`;
renameSync(panelTmp, `${OUT}/widget/${panelFile}`);

const loader = await buildEntry('widget/loader.ts', OUT, 'widget.js', {
  __HEED_PANEL_FILE__: JSON.stringify(panelFile),
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
  '--declaration', '--emitDeclarationOnly', '--allowImportingTsExtensions', '--rewriteRelativeImportExtensions',
  '--target', 'es2022', '--module', 'esnext', '--moduleResolution', 'bundler', '--lib', 'es2023,dom', '--skipLibCheck',
  '--outDir', 'dist/npm/types',
]);
// Declaration files keep the source's `.ts` specifiers; consumers resolve `.js` ones everywhere.
for (const file of readdirSync('dist/npm/types', { recursive: true }).filter((name) => String(name).endsWith('.d.ts'))) {
  const path = `dist/npm/types/${file}`;
  writeFileSync(path, readFileSync(path, 'utf8').replace(/(from '\.{1,2}\/[^']+)\.ts'/g, "$1.js'"));
}

for (const file of [loader, `${OUT}/widget/${panelFile}`, 'dist/npm/widget.js']) {
  const bytes = readFileSync(file);
  console.log(`${file}: ${bytes.length} B, ${gzipSync(bytes, { level: 9 }).length} B gzipped`);
}
