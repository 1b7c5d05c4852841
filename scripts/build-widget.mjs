// Builds the widget as two IIFE files: the loader (dist/public/widget.js) and the lazily
// loaded panel (dist/public/widget/panel.<hash>.js), whose name the loader is built with.
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, rmSync, mkdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';

const OUT = 'dist/public';
rmSync(OUT, { recursive: true, force: true });
mkdirSync(`${OUT}/widget`, { recursive: true });

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

const panelTmp = await buildEntry('widget/panel/index.tsx', `${OUT}/widget`, 'panel.js');
const hash = createHash('sha256').update(readFileSync(panelTmp)).digest('hex').slice(0, 10);
const panelFile = `panel.${hash}.js`;
renameSync(panelTmp, `${OUT}/widget/${panelFile}`);

const loader = await buildEntry('widget/loader.ts', OUT, 'widget.js', {
  __HEED_PANEL_FILE__: JSON.stringify(panelFile),
});

for (const file of [loader, `${OUT}/widget/${panelFile}`]) {
  const bytes = readFileSync(file);
  console.log(`${file}: ${bytes.length} B, ${gzipSync(bytes, { level: 9 }).length} B gzipped`);
}
