import { scheduleDigests } from '../digest/scheduler.ts';
import type { DeliveryWorker } from '../notify/delivery-worker.ts';
import type { DigestStore } from '../store/forwarding.ts';
import type { FeedbackStore, ProjectStore, RequestCountStore } from '../store/store.ts';
import { applyRetention } from './retention.ts';

/** What a run is told by its driver. */
export interface JobContext {
  /** The time the run is for (epoch ms): the clock on Node, the cron's scheduled time on Workers. */
  now: number;
  /** Fires when the process is shutting down: a job that loops (delivery) finishes the step under way and takes no more. */
  signal?: AbortSignal;
}

/** Background work, defined once; each runtime drives the list (runtime/node-jobs.ts, and the cron in runtime/workers.ts). */
export interface Job {
  /** Names it in logs. */
  name: string;
  /** Its period (ms). Periods count from the epoch in UTC, so on a cron an hourly job runs in minute 0. */
  every: number;
  /** Also run as a process starts (Node), not one period later; Workers have no start and run it when due. */
  runAtStart?: boolean;
  run(ctx: JobContext): Promise<void>;
}

export interface JobDeps {
  /** Search indexing and retention (feedback), digests (projects and periods), rate-limit cleanup (request counts). */
  store: FeedbackStore & ProjectStore & DigestStore & RequestCountStore;
  deliveries: Pick<DeliveryWorker, 'drain'>;
  /** Where a job reports what it did (retention's deletions). */
  log?: (message: string, details: unknown) => void;
  /** Hears how many digest periods each digests run recorded (each queues its messages): metrics and a log line. */
  onDigestsQueued?: (count: number) => void;
}

const SECOND_MS = 1000;
const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

/** Messages claimed at once and sent side by side: a process killed mid-round leaves at most this many to be retried after the lease. */
const DELIVERY_BATCH = 32;
/**
 * How long one delivery round keeps taking batches. On a one-minute cron, 45 s plus one batch's
 * 10 s timeouts ends before the next run; on Node, where the job runs every second, a backlog
 * simply carries on in the next round.
 */
const DELIVERY_BUDGET_MS = 45_000;
/** Comments indexed per step: one write transaction, the size of the steps a search takes to catch up (store/kysely/kysely-store.ts). */
const INDEX_BATCH = 2000;
/** Rate-limit windows are at most an hour long (form tickets, a client's unmetered share); older counts are kept a little, then dropped. */
const REQUEST_COUNTS_KEPT_MS = 70 * MINUTE_MS;

/** Every background job, in the order a cron run takes them (digests queue messages before delivery sends them). */
export function createJobs({ store, deliveries, log = console.log, onDigestsQueued = () => {} }: JobDeps): Job[] {
  return [
    {
      // Index what arrived in small steps, so a search has little to catch up on.
      name: 'search indexing',
      every: 5 * SECOND_MS,
      run: async () => {
        await store.indexComments(INDEX_BATCH);
      },
    },
    {
      // Recording the periods that ended (each once, whatever restarts or instances) queues their messages.
      name: 'digests',
      every: MINUTE_MS,
      runAtStart: true,
      run: async ({ now }) => {
        onDigestsQueued(await scheduleDigests(store, now));
      },
    },
    {
      // Notifications go out within a second of being queued (on Workers, right after ingest: the app's nudge).
      name: 'delivery',
      every: SECOND_MS,
      run: async ({ signal }) => {
        // Wall time, as `drain` measures its budget, whatever clock the run is for.
        await deliveries.drain(DELIVERY_BATCH, Date.now() + DELIVERY_BUDGET_MS, signal);
      },
    },
    {
      name: 'retention',
      every: HOUR_MS,
      runAtStart: true,
      run: async ({ now }) => {
        const deleted = await applyRetention(store, now);
        if (Object.keys(deleted).length > 0) log('Retention deleted old feedback:', deleted);
      },
    },
    {
      // The counts hold hashed client ids among others: kept no longer than a limit needs them.
      name: 'rate-limit cleanup',
      every: HOUR_MS,
      runAtStart: true,
      run: ({ now }) => store.forgetRequestCounts(now - REQUEST_COUNTS_KEPT_MS),
    },
  ];
}

/** Runs a job, reporting a failure with its name instead of throwing: one job's failure never stops another. */
export async function runJob(job: Job, ctx: JobContext, logError: (message: string, error: unknown) => void): Promise<void> {
  try {
    await job.run(ctx);
  } catch (error) {
    logError(`The ${job.name} job failed:`, error);
  }
}
