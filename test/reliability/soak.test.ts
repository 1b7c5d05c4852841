import { describe, expect, it } from 'vitest';
import { runSoak } from '../../bench/soak.ts';

// The 30-minute run is `npm run bench:soak` (figures in docs/reliability.md); this is its short form.
describe('two minutes of mixed traffic: submissions, inbox pages, stats and exports', () => {
  it('ends holding no more memory than it started with (within 10%), as fast at p99 (within 10%), and fails no request', async () => {
    const report = await runSoak(2);
    // The trace too (twelve 10 s slices): where a failing run went slow, and whether the machine did.
    console.log(`soak figures ${JSON.stringify(report)}`);
    expect(report.failuresByStatus).toEqual({});
    // The mix at its rate: 67 requests a second, so 2,000 in each half-minute window.
    expect(report.start.requests).toBeGreaterThan(1800);
    expect(report.end.requests).toBeGreaterThan(1800);
    expect(report.rssGrowth).toBeLessThanOrEqual(0.1);
    expect(report.p99Growth).toBeLessThanOrEqual(0.1);
  }, 260_000);
});
