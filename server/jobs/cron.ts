import { runJob, type Job } from './jobs.ts';

/**
 * Whether a job is due in the cron run scheduled at `at`, crons coming every `cronEveryMs`: when
 * one of its period's boundaries (multiples of `every` from the epoch) falls in the time since the
 * previous run. So a job of a period up to the cron's runs every time, an hourly one in minute 0 (UTC),
 * a daily one at midnight.
 */
export function isDueAtCron(job: Pick<Job, 'every'>, at: number, cronEveryMs: number): boolean {
  return Math.floor(at / job.every) > Math.floor((at - cronEveryMs) / job.every);
}

/**
 * One cron run: the jobs due at `at`, one after another in the list's order (digests queue what
 * delivery then sends), each failure logged and the rest run all the same.
 */
export async function runDueJobs(
  jobs: readonly Job[],
  { at, cronEveryMs, logError }: { at: number; cronEveryMs: number; logError: (message: string, error: unknown) => void },
): Promise<void> {
  for (const job of jobs) if (isDueAtCron(job, at, cronEveryMs)) await runJob(job, { now: at }, logError);
}
