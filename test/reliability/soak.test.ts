import { describe, expect, it } from 'vitest';
import { runSoak } from '../../bench/soak.ts';

// The 30-minute run is `npm run bench:soak` (figures in docs/reliability.md); this is its short form.
describe('two minutes of mixed traffic', () => {
  it('ends with memory and p99 latency within 10% of where they started, and no failed request', async () => {
    const report = await runSoak(2);
    console.log(`soak figures ${JSON.stringify(report)}`);
    expect(report.failures).toBe(0);
    expect(report.start.requests).toBeGreaterThan(1000);
    expect(report.rssGrowth).toBeLessThanOrEqual(0.1);
    expect(report.p99Growth).toBeLessThanOrEqual(0.1);
  }, 200_000);
});
