import { describe, expect, it } from 'vitest';
import { latestPeriod } from '../../../server/digest/schedule.ts';

const iso = (ms: number) => new Date(ms).toISOString();
const period = (schedule: Parameters<typeof latestPeriod>[0], now: string) => {
  const { from, to } = latestPeriod(schedule, Date.parse(now));
  return [iso(from), iso(to)];
};

describe('digest periods', () => {
  const daily = { frequency: 'daily' as const, hour: 9, weekday: 1, timeZone: 'Europe/Berlin' };

  it('ends a daily period at the hour in the project’s time zone: the last one that has passed', () => {
    // 09:00 in Berlin is 08:00 UTC in winter.
    expect(period(daily, '2026-11-25T08:30:00Z')).toEqual(['2026-11-24T08:00:00.000Z', '2026-11-25T08:00:00.000Z']);
    expect(period(daily, '2026-11-25T07:59:59Z')).toEqual(['2026-11-23T08:00:00.000Z', '2026-11-24T08:00:00.000Z']);
    expect(period(daily, '2026-11-25T08:00:00Z')).toEqual(['2026-11-24T08:00:00.000Z', '2026-11-25T08:00:00.000Z']);
  });

  it('keeps the wall-clock hour across a DST change (a 23-hour day)', () => {
    // Berlin moves to summer time on 2026-03-29: 09:00 is 08:00 UTC before, 07:00 UTC after.
    expect(period(daily, '2026-03-29T12:00:00Z')).toEqual(['2026-03-28T08:00:00.000Z', '2026-03-29T07:00:00.000Z']);
  });

  it('ends a weekly period on its weekday, across month and year ends', () => {
    const weekly = { frequency: 'weekly' as const, hour: 8, weekday: 1, timeZone: 'America/New_York' };
    // Monday 2026-11-23 08:00 in New York is 13:00 UTC.
    expect(period(weekly, '2026-11-25T10:00:00Z')).toEqual(['2026-11-16T13:00:00.000Z', '2026-11-23T13:00:00.000Z']);
    expect(period(weekly, '2026-11-23T12:59:00Z')).toEqual(['2026-11-09T13:00:00.000Z', '2026-11-16T13:00:00.000Z']);
    // Sunday digests: 2027-01-03 is a Sunday.
    expect(period({ ...weekly, weekday: 7 }, '2027-01-04T00:00:00Z')).toEqual(['2026-12-27T13:00:00.000Z', '2027-01-03T13:00:00.000Z']);
  });

  it('works in UTC and in zones east of it past midnight', () => {
    expect(period({ ...daily, timeZone: 'UTC', hour: 0 }, '2026-11-25T00:00:00Z')).toEqual([
      '2026-11-24T00:00:00.000Z',
      '2026-11-25T00:00:00.000Z',
    ]);
    // 06:00 in Tokyo (UTC+9) is 21:00 UTC the day before.
    expect(period({ ...daily, timeZone: 'Asia/Tokyo', hour: 6 }, '2026-11-25T22:00:00Z')).toEqual([
      '2026-11-24T21:00:00.000Z',
      '2026-11-25T21:00:00.000Z',
    ]);
  });
});
