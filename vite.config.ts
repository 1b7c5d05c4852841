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
    // Groups run one after another (vitest's sequence.groupOrder): first the widget, server and
    // reliability files, two at a time (vitest's default on two cores is one at a time); then the
    // overload test alone, as it measures the machine; then the browser files, one Chromium at a time.
    projects: [
      {
        extends: true,
        test: {
          name: 'widget',
          environment: 'happy-dom',
          include: ['test/widget/**/*.test.{ts,tsx}'],
          setupFiles: ['test/helpers/widget-setup.ts'],
          maxWorkers: 2,
        },
      },
      {
        extends: true,
        test: { name: 'server', environment: 'node', include: ['test/server/**/*.test.ts', 'test/store/**/*.test.ts'], maxWorkers: 2 },
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
          maxWorkers: 1,
          sequence: { groupOrder: 2 },
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
          // The crash runs mostly wait out leases while the fuzzing keeps a core busy.
          maxWorkers: 2,
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
          // It measures the machine (a core for the server, one for the load): alone.
          fileParallelism: false,
          maxWorkers: 1,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
