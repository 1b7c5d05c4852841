import { defineConfig } from 'vitest/config';

/**
 * Shared settings for the widget builds (scripts/build-widget.mjs runs one build per entry,
 * since Vite cannot split an IIFE) and for the test suites.
 */
export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    // Class fields and ?? untranspiled: every browser of the last four years runs ES2022, and helpers cost bytes.
    target: 'es2022',
    emptyOutDir: false,
    minify: 'terser',
    terserOptions: { ecma: 2020, toplevel: true, compress: { passes: 3 } },
    reportCompressedSize: false,
  },
  test: {
    reporters: ['default', './test/helpers/summary-reporter.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'widget',
          environment: 'happy-dom',
          include: ['test/widget/**/*.test.{ts,tsx}'],
          setupFiles: ['test/helpers/widget-setup.ts'],
        },
      },
      {
        extends: true,
        test: { name: 'server', environment: 'node', include: ['test/server/**/*.test.ts', 'test/store/**/*.test.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          environment: 'node',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // One Chromium at a time: the machine has two cores.
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'reliability',
          environment: 'node',
          include: ['test/reliability/**/*.test.ts'],
          exclude: ['test/reliability/overload.test.ts'],
          testTimeout: 420_000,
          hookTimeout: 120_000,
          // After the rest, two files at a time (vitest's default here is one): the fuzzing keeps a
          // core busy while the crash runs mostly wait out leases.
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: {
          name: 'load',
          environment: 'node',
          include: ['test/reliability/overload.test.ts'],
          testTimeout: 240_000,
          hookTimeout: 120_000,
          // It measures the machine (a core for the server, one for the load): last, alone.
          fileParallelism: false,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
