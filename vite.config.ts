import { defineConfig } from 'vitest/config';
import LongestFirstSequencer from './test/helpers/longest-first-sequencer.ts';

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
    cssMinify: 'esbuild',
    terserOptions: { ecma: 2020, toplevel: true, compress: { passes: 3 } },
    reportCompressedSize: false,
  },
  test: {
    reporters: ['default', './test/helpers/summary-reporter.ts'],
    // Groups run one after another (vitest's sequence.groupOrder): first the widget, server and
    // reliability files, three at a time, the longest first (the crash runs mostly wait, so a third
    // file keeps both cores busy; vitest's default on two cores is one at a time); then the overload
    // and soak tests alone, as they measure the machine; then the browser files, two at a time; then
    // the quick start alone.
    sequence: { sequencer: LongestFirstSequencer },
    projects: [
      {
        extends: true,
        test: {
          name: 'widget',
          environment: 'happy-dom',
          include: ['test/widget/**/*.test.{ts,tsx}'],
          setupFiles: ['test/helpers/widget-setup.ts'],
          maxWorkers: 3,
        },
      },
      {
        extends: true,
        test: {
          name: 'server',
          environment: 'node',
          include: ['test/server/**/*.test.ts', 'test/contract/**/*.test.ts'],
          // These share the cores with the crash servers and the fuzzing: vitest's 10 s for setup
          // (starting PGlite) and 5 s per test (120 concurrent inserts through workerd's D1, 2.8 s
          // alone) each ran out once in CI.
          hookTimeout: 30_000,
          testTimeout: 30_000,
          maxWorkers: 3,
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          environment: 'node',
          include: ['test/e2e/**/*.test.ts'],
          exclude: ['test/e2e/quick-start.test.ts', 'test/e2e/production-install.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Two Chromiums at a time: most of a browser test waits (for timers, answers, retries).
          maxWorkers: 2,
          sequence: { groupOrder: 2 },
        },
      },
      {
        extends: true,
        test: {
          // `npm start` rebuilds dist/, which the other browser files serve: last, alone.
          name: 'quick-start',
          environment: 'node',
          include: ['test/e2e/quick-start.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          maxWorkers: 1,
          sequence: { groupOrder: 3 },
        },
      },
      {
        extends: true,
        test: {
          name: 'reliability',
          environment: 'node',
          // The production install copies dist/ (built before vitest; only the quick start, last, rebuilds it) and
          // spends most of its time compiling better-sqlite3: CPU work that fits beside the first group's waits.
          include: ['test/reliability/**/*.test.ts', 'test/e2e/production-install.test.ts'],
          exclude: ['test/reliability/overload.test.ts', 'test/reliability/soak.test.ts'],
          testTimeout: 420_000,
          hookTimeout: 120_000,
          maxWorkers: 3,
        },
      },
      {
        extends: true,
        test: {
          name: 'load',
          environment: 'node',
          include: ['test/reliability/overload.test.ts', 'test/reliability/soak.test.ts'],
          testTimeout: 240_000,
          hookTimeout: 120_000,
          // They measure the machine (a core for the server, one for the load): one at a time, alone.
          fileParallelism: false,
          maxWorkers: 1,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
