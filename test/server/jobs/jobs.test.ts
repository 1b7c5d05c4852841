import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createJobs, runJob, type Job } from '../../../server/jobs/jobs.ts';
import { createDeliveryWorker } from '../../../server/notify/delivery-worker.ts';
import type { OutgoingRequest } from '../../../server/notify/notification.ts';
import type { Project } from '../../../server/store/store.ts';
import { addProject, createTempSqliteStore, newFeedback } from '../../helpers/test-app.ts';

const T0 = 1_700_000_000_000;
const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

describe('the background jobs, defined once', () => {
  let temp: ReturnType<typeof createTempSqliteStore>;
  let project: Project;
  let clock: number;
  const sent: OutgoingRequest[] = [];
  const log = vi.fn();
  let jobs: Job[];
  beforeEach(async () => {
    temp = createTempSqliteStore();
    project = await addProject(temp.store);
    clock = T0;
    sent.length = 0;
    log.mockReset();
    const post = async (request: OutgoingRequest) => {
      sent.push(request);
      return { status: 200, retryAfter: null };
    };
    const deliveries = createDeliveryWorker({ store: temp.store, post, now: () => clock, random: () => 0.5 });
    jobs = createJobs({ store: temp.store, deliveries, log });
  });
  afterEach(() => temp.cleanup());

  const job = (name: string) => jobs.find((j) => j.name === name)!;
  const webhook = (events: ('feedback.created' | 'digest')[]) =>
    temp.store.createDestination(
      {
        id: 'hook',
        projectId: project.id,
        kind: 'webhook',
        name: 'CRM',
        target: 'https://hooks.example/in',
        secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
        events,
        filter: {},
      },
      T0 - DAY,
    );

  it('lists each kind of background work once, with its period and whether it also runs at start', () => {
    expect(jobs.map(({ name, every, runAtStart }) => ({ name, every, runAtStart: runAtStart ?? false }))).toEqual([
      { name: 'search indexing', every: 5000, runAtStart: false },
      { name: 'digests', every: MINUTE, runAtStart: true },
      { name: 'delivery', every: 1000, runAtStart: false },
      { name: 'retention', every: HOUR, runAtStart: true },
      { name: 'rate-limit cleanup', every: HOUR, runAtStart: true },
    ]);
  });

  it('search indexing brings the comment index up to date', async () => {
    for (const comment of ['Checkout broke', 'Lovely colours']) await temp.store.insertFeedback(newFeedback(project.id, { comment }));
    await job('search indexing').run({ now: T0 });
    expect(await temp.store.indexComments(10)).toBe(0); // nothing left to index
  });

  it('digests queue the period that ended before the run’s time, once', async () => {
    const hook = await webhook(['digest']);
    const now = T0 + 12 * HOUR; // after 09:00 UTC the next morning
    await job('digests').run({ now });
    await job('digests').run({ now: now + MINUTE });
    expect(await temp.store.listMessages(hook.id, 10)).toEqual([expect.objectContaining({ event: 'digest', status: 'pending' })]);
  });

  it('delivery sends what the outbox holds', async () => {
    await webhook(['feedback.created']);
    const item = newFeedback(project.id, { comment: 'Checkout broke' });
    await temp.store.insertFeedback(item);
    await job('delivery').run({ now: T0 });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ url: 'https://hooks.example/in' });
    expect(sent[0]!.body).toContain(item.id);
  });

  it('retention deletes feedback past the project’s period as of the run’s time, and says so', async () => {
    await temp.store.updateProject('pk_shop', { retentionDays: 30 });
    const old = newFeedback(project.id);
    const recent = newFeedback(project.id, { createdAt: T0 + 20 * DAY });
    for (const item of [old, recent]) await temp.store.insertFeedback(item);
    await job('retention').run({ now: T0 + 31 * DAY });
    expect((await temp.store.listFeedback(project.id, { limit: 10 })).items.map((item) => item.id)).toEqual([recent.id]);
    expect(log).toHaveBeenCalledWith('Retention deleted old feedback:', { pk_shop: 1 });
    log.mockReset();
    await job('retention').run({ now: T0 + 32 * DAY });
    expect(log).not.toHaveBeenCalled();
  });

  it('rate-limit cleanup forgets counts whose window started over 70 minutes before the run', async () => {
    await temp.store.countRequest('client:old', T0);
    await temp.store.countRequest('client:recent', T0 + 10 * MINUTE);
    await job('rate-limit cleanup').run({ now: T0 + 71 * MINUTE });
    expect(await temp.store.countRequest('client:old', T0)).toBe(1); // counted afresh
    expect(await temp.store.countRequest('client:recent', T0 + 10 * MINUTE)).toBe(2);
  });
});

describe('runJob', () => {
  it('reports a failure with the job’s name instead of throwing', async () => {
    const logError = vi.fn();
    const error = new Error('database is locked');
    await expect(
      runJob({ name: 'digests', every: MINUTE, run: () => Promise.reject(error) }, { now: T0 }, logError),
    ).resolves.toBeUndefined();
    expect(logError).toHaveBeenCalledWith('The digests job failed:', error);
  });

  it('passes the run’s time to the job', async () => {
    const run = vi.fn(async () => {});
    await runJob({ name: 'x', every: MINUTE, run }, { now: T0 }, vi.fn());
    expect(run).toHaveBeenCalledWith({ now: T0 });
  });
});
