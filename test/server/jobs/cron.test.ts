import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isDueAtCron, runDueJobs } from '../../../server/jobs/cron.ts';
import { createJobs, type Job } from '../../../server/jobs/jobs.ts';
import { createDeliveryWorker } from '../../../server/notify/delivery-worker.ts';
import type { OutgoingRequest } from '../../../server/notify/notification.ts';
import { addProject, createTempSqliteStore, newFeedback } from '../../helpers/test-app.ts';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
/** 2023-11-15T10:00:00Z, a cron run on the hour. */
const ON_THE_HOUR = Date.UTC(2023, 10, 15, 10);

/** The cron's scheduled times over `minutes` minutes from `from`, one a minute. */
const cronTimes = (from: number, minutes: number) => Array.from({ length: minutes }, (_, i) => from + i * MINUTE);

describe('isDueAtCron (a cron every minute)', () => {
  it('runs a job of a period up to a minute at every cron', () => {
    for (const every of [1000, 5000, MINUTE]) {
      expect(cronTimes(ON_THE_HOUR, 120).every((at) => isDueAtCron({ every }, at, MINUTE))).toBe(true);
    }
  });

  it('runs an hourly job in minute 0 (UTC) only', () => {
    const due = cronTimes(ON_THE_HOUR - 30 * MINUTE, 24 * 60).filter((at) => isDueAtCron({ every: HOUR }, at, MINUTE));
    expect(due).toHaveLength(24);
    expect(due.every((at) => new Date(at).getUTCMinutes() === 0)).toBe(true);
  });

  it('runs a daily job once a day, at midnight UTC', () => {
    const due = cronTimes(ON_THE_HOUR, 3 * 24 * 60).filter((at) => isDueAtCron({ every: DAY }, at, MINUTE));
    expect(due.map((at) => new Date(at).toISOString())).toEqual([
      '2023-11-16T00:00:00.000Z',
      '2023-11-17T00:00:00.000Z',
      '2023-11-18T00:00:00.000Z',
    ]);
  });

  it('counts each period once when the trigger comes late in its minute', () => {
    const late = cronTimes(ON_THE_HOUR + 42_500, 6 * 60).filter((at) => isDueAtCron({ every: HOUR }, at, MINUTE));
    expect(late).toHaveLength(6);
  });

  it('runs a 90 s job twice every three minutes: its period on average', () => {
    expect(cronTimes(ON_THE_HOUR, 3 * 60).filter((at) => isDueAtCron({ every: 90_000 }, at, MINUTE))).toHaveLength(120);
  });
});

describe('runDueJobs', () => {
  const job = (name: string, every: number, calls: string[], fail = false): Job => ({
    name,
    every,
    run: async ({ now }) => {
      calls.push(`${name}@${new Date(now).toISOString().slice(11, 16)}`);
      if (fail) throw new Error(`${name} broke`);
    },
  });

  it('runs the jobs due at the scheduled time in the list’s order, with that time, and skips the others', async () => {
    const calls: string[] = [];
    const jobs = [job('a', 1000, calls), job('hourly', HOUR, calls), job('b', MINUTE, calls)];
    await runDueJobs(jobs, { at: ON_THE_HOUR, cronEveryMs: MINUTE, logError: vi.fn() });
    await runDueJobs(jobs, { at: ON_THE_HOUR + 7 * MINUTE, cronEveryMs: MINUTE, logError: vi.fn() });
    expect(calls).toEqual(['a@10:00', 'hourly@10:00', 'b@10:00', 'a@10:07', 'b@10:07']);
  });

  it('logs a failing job by name and still runs the ones after it', async () => {
    const calls: string[] = [];
    const logError = vi.fn();
    await runDueJobs([job('a', MINUTE, calls, true), job('b', MINUTE, calls)], { at: ON_THE_HOUR, cronEveryMs: MINUTE, logError });
    expect(calls).toEqual(['a@10:00', 'b@10:00']);
    expect(logError).toHaveBeenCalledWith('The a job failed:', new Error('a broke'));
  });
});

describe('a cron run over the real job list', () => {
  let temp: ReturnType<typeof createTempSqliteStore>;
  beforeEach(() => {
    temp = createTempSqliteStore();
  });
  afterEach(() => temp.cleanup());

  it('queues the digest that is due and sends it in the same run', async () => {
    const project = await addProject(temp.store, {}, ON_THE_HOUR - 3 * DAY);
    await temp.store.createDestination(
      {
        id: 'hook',
        projectId: project.id,
        kind: 'webhook',
        name: 'BI',
        target: 'https://hooks.example/in',
        secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
        events: ['digest'],
        filter: {},
      },
      ON_THE_HOUR - 3 * DAY,
    );
    await temp.store.insertFeedback(newFeedback(project.id, { createdAt: ON_THE_HOUR - 5 * HOUR, rating: { kind: 'stars', value: 4 } }));
    const sent: OutgoingRequest[] = [];
    const post = async (request: OutgoingRequest) => {
      sent.push(request);
      return { status: 204, retryAfter: null };
    };
    const deliveries = createDeliveryWorker({ store: temp.store, post, now: () => ON_THE_HOUR });
    const logError = vi.fn();
    await runDueJobs(createJobs({ store: temp.store, deliveries, log: vi.fn() }), { at: ON_THE_HOUR, cronEveryMs: MINUTE, logError });
    expect(logError).not.toHaveBeenCalled();
    expect(sent.map((request) => (JSON.parse(request.body) as { type: string }).type)).toEqual(['digest']);
  });
});
