import type { DigestSchedule } from '../schemas/project.ts';

/** The wall-clock date and time of `instant` in `timeZone`. */
function wallClock(instant: number, timeZone: string) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(instant);
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((part) => part.type === type)!.value);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') };
}

/**
 * The instant a wall-clock time (whole hour; `day` may overflow, as in Date.UTC) has in
 * `timeZone`. Twice round, so an offset change between the guess and the answer (DST) is taken
 * into account; a time skipped by a DST jump maps to the hour after it.
 */
export function zonedInstant(year: number, month: number, day: number, hour: number, timeZone: string): number {
  const target = Date.UTC(year, month - 1, day, hour);
  let guess = target;
  for (let round = 0; round < 2; round += 1) {
    const seen = wallClock(guess, timeZone);
    const offset = Date.UTC(seen.year, seen.month - 1, seen.day, seen.hour, seen.minute, seen.second) - guess;
    guess = target - offset;
  }
  return guess;
}

/**
 * The latest period that has ended by `now`: a day (or week) of the project's wall clock, ending
 * at `hour` (on `weekday`). Days are calendar days, so one with a DST change is 23 or 25 hours.
 */
export function latestPeriod(schedule: DigestSchedule, now: number): { from: number; to: number } {
  const { year, month, day } = wallClock(now, schedule.timeZone);
  const length = schedule.frequency === 'daily' ? 1 : 7;
  // 1 = Monday … 7 = Sunday, like the schedule's weekday.
  const weekday = ((new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7) + 1;
  let endDay = schedule.frequency === 'daily' ? day : day - ((weekday - schedule.weekday + 7) % 7);
  if (zonedInstant(year, month, endDay, schedule.hour, schedule.timeZone) > now) endDay -= length;
  const to = zonedInstant(year, month, endDay, schedule.hour, schedule.timeZone);
  const from = zonedInstant(year, month, endDay - length, schedule.hour, schedule.timeZone);
  return { from, to };
}
