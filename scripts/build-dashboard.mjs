// Builds the dashboard (dashboard/, Preact) into dist/admin, served by the server at /admin.
import { build } from 'vite';

await build({
  configFile: false,
  root: 'dashboard',
  base: '/admin/',
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: '../dist/admin',
    emptyOutDir: true,
    target: 'es2022',
    // No inline assets: the dashboard's Content-Security-Policy allows files from its origin only.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    rollupOptions: {
      input: { index: 'dashboard/index.html', preview: 'dashboard/preview.html' },
      output: {
        entryFileNames: 'assets/[name].[hash].js',
        chunkFileNames: 'assets/[name].[hash].js',
        assetFileNames: 'assets/[name].[hash][extname]',
      },
    },
  },
});
console.log('dist/admin: the dashboard');
