import type { Logger } from '../observability/logger.ts';
import type { MetricsRecorder } from '../observability/metrics.ts';
import type { Job } from './jobs.ts';

export interface ObservedJobs {
  /** The same jobs, each run timed, counted and logged (debug: delivery runs every second). */
  jobs: Job[];
  /** From now on no run starts, and runs under way are told (their `signal`) to take no more work. */
  stop(): void;
  /** Resolves once no run is under way. */
  idle(): Promise<void>;
}

/**
 * Wraps the job list for a runtime that must know what is running: a shutdown stops new runs,
 * tells a running delivery to finish its batch, and waits for the runs under way before the
 * database closes. Failures are rethrown for the driver's `runJob` to log with the job's name.
 */
export function observeJobs(
  jobs: readonly Job[],
  { log, metrics, clock = () => performance.now() }: { log: Logger; metrics: Pick<MetricsRecorder, 'jobRun'>; clock?: () => number },
): ObservedJobs {
  const stopping = new AbortController();
  const running = new Set<Promise<void>>();
  const wrapped = jobs.map((job): Job => ({
    ...job,
    run: (ctx) => {
      if (stopping.signal.aborted) return Promise.resolve();
      const started = clock();
      const run = job.run({ ...ctx, signal: stopping.signal }).then(
        () => {
          const seconds = (clock() - started) / 1000;
          metrics.jobRun(job.name, 'ok', seconds);
          log.debug({ job: job.name, durationMs: Math.round(seconds * 1000) }, 'job ran');
        },
        (error: unknown) => {
          metrics.jobRun(job.name, 'failed', (clock() - started) / 1000);
          throw error;
        },
      );
      const tracked = run.catch(() => undefined);
      running.add(tracked);
      void tracked.finally(() => running.delete(tracked));
      return run;
    },
  }));
  return {
    jobs: wrapped,
    stop: () => stopping.abort(),
    async idle() {
      while (running.size > 0) await Promise.all(running);
    },
  };
}
