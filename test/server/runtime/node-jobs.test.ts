import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Job, JobContext } from '../../../server/jobs/jobs.ts';
import { startJobs } from '../../../server/runtime/node-jobs.ts';

const T0 = 1_700_000_000_000;

describe('the Node driver of the jobs (timers)', () => {
  let stop: (() => void) | undefined;
  beforeEach(() => {
    vi.useFakeTimers({ now: T0 });
  });
  afterEach(() => {
    stop?.();
    stop = undefined;
    vi.useRealTimers();
  });

  it('never runs a job alongside itself: ticks during a slow run are skipped', async () => {
    const finishers: (() => void)[] = [];
    const run = vi.fn(() => new Promise<void>((resolve) => finishers.push(resolve)));
    stop = startJobs([{ name: 'delivery', every: 1000, run }], { logError: vi.fn() });
    await vi.advanceTimersByTimeAsync(5000);
    expect(run).toHaveBeenCalledTimes(1);
    finishers[0]!();
    await vi.advanceTimersByTimeAsync(1000);
    expect(run).toHaveBeenCalledTimes(2);
  });

  it('logs a failing job by name, keeps running it, and runs the others as if nothing happened', async () => {
    const logError = vi.fn();
    const failing = vi.fn(() => Promise.reject(new Error('database is locked')));
    const healthy = vi.fn(async () => {});
    stop = startJobs(
      [
        { name: 'digests', every: 1000, run: failing },
        { name: 'delivery', every: 1000, run: healthy },
      ],
      { logError },
    );
    await vi.advanceTimersByTimeAsync(3000);
    expect(failing).toHaveBeenCalledTimes(3);
    expect(healthy).toHaveBeenCalledTimes(3);
    expect(logError).toHaveBeenCalledTimes(3);
    expect(logError).toHaveBeenCalledWith('The digests job failed:', new Error('database is locked'));
  });

  it('runs the jobs that ask at start at once, the others after their first period, each at its own pace', async () => {
    const calls: string[] = [];
    const job = (name: string, every: number, runAtStart?: boolean): Job => ({
      name,
      every,
      ...(runAtStart ? { runAtStart } : {}),
      run: async ({ now }: JobContext) => {
        calls.push(`${name}+${now - T0}`);
      },
    });
    stop = startJobs([job('retention', 3000, true), job('delivery', 1000)], { now: Date.now, logError: vi.fn() });
    expect(calls).toEqual(['retention+0']);
    await vi.advanceTimersByTimeAsync(3000);
    expect(calls).toEqual(['retention+0', 'delivery+1000', 'delivery+2000', 'retention+3000', 'delivery+3000']);
  });

  it('stops every timer when told', async () => {
    const run = vi.fn(async () => {});
    stop = startJobs([{ name: 'delivery', every: 1000, run }], { logError: vi.fn() });
    await vi.advanceTimersByTimeAsync(2000);
    stop();
    await vi.advanceTimersByTimeAsync(5000);
    expect(run).toHaveBeenCalledTimes(2);
  });

  it('does not hold the process open', () => {
    const spy = vi.spyOn(globalThis, 'setInterval');
    stop = startJobs([{ name: 'delivery', every: 1000, run: async () => {} }], { logError: vi.fn() });
    expect((spy.mock.results[0]!.value as NodeJS.Timeout).hasRef()).toBe(false);
    spy.mockRestore();
  });
});
