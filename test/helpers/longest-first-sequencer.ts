import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The longest files of each group, longest first (seconds measured on the 2-core machine). A clean
 * checkout has no duration cache, and vitest then starts the largest files first: the fuzzing
 * files, three lines each, started last and left a core idle at the end of their group.
 */
const LONGEST = [
  // The widget, server and reliability group, three at a time.
  'test/reliability/hostile-input-part-2.test.ts', // 215 alone, 390 beside the rest
  'test/reliability/hostile-input-part-1.test.ts', // 200 alone, 360 beside the rest
  'test/reliability/crash.test.ts', // 150, mostly waiting for restarts and retries
  'test/e2e/production-install.test.ts', // 100, mostly compiling better-sqlite3
  'test/server/store/d1.test.ts', // 40
  'test/reliability/migrations.test.ts', // 30
  'test/server/runtime/workers.test.ts', // 20
  'test/server/store/postgres.test.ts', // 20
  'test/server/runtime/postgres-instances.test.ts', // 12
  'test/server/notify/forwarding-crash.test.ts', // 11
  // The browser group, two at a time.
  'test/e2e/widget-resilience.test.ts', // 64
  'test/e2e/accessibility.test.ts', // 51
  'test/e2e/dashboard.test.ts', // 44
  'test/e2e/dashboard-xss.test.ts', // 35
  'test/e2e/widget-api.test.ts', // 25
  'test/e2e/triggers.test.ts', // 21
];

/** Vitest's order (group by group), with the known long files first within their group. */
export default class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (spec: TestSpecification) => {
      const index = LONGEST.indexOf(relative(spec.project.config.root, spec.moduleId));
      return index === -1 ? LONGEST.length : index;
    };
    const group = (spec: TestSpecification) => spec.project.config.sequence.groupOrder;
    // Array.prototype.sort is stable: files of equal rank keep vitest's order.
    return sorted.sort((a, b) => group(a) - group(b) || rank(a) - rank(b));
  }
}
