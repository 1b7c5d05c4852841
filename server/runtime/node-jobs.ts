import { runJob, type Job } from '../jobs/jobs.ts';

/**
 * Drives the jobs with this process's timers: each on its own interval (which never holds the
 * process open), at start too where it asks, and never alongside itself (a tick while the last
 * run goes on is skipped). Returns a function that stops them.
 */
export function startJobs(
  jobs: readonly Job[],
  { now = Date.now, logError = console.error }: { now?: () => number; logError?: (message: string, error: unknown) => void } = {},
): () => void {
  const timers = jobs.map((job) => {
    let running = false;
    const tick = () => {
      if (running) return;
      running = true;
      void runJob(job, { now: now() }, logError).finally(() => (running = false));
    };
    if (job.runAtStart) tick();
    return setInterval(tick, job.every).unref();
  });
  return () => timers.forEach(clearInterval);
}
