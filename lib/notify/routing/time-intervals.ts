// Whether a time interval holds at an instant (Alertmanager's TimeInterval.ContainsTime, read in
// the interval's zone) and when that next changes, exactly, across DST transitions.

import {
  DAY_MS,
  HOUR_MS,
  MINUTE_MS,
  dateOfDayNumber,
  daysInMonth,
  offsetAt,
  offsetTransitions,
  wallClock,
} from './zoned-time';
import type { InclusiveRange, TimeInterval } from './time-interval-schema';

export {
  namedTimeIntervalSchema,
  parseTimeInterval,
  timeIntervalInputSchema,
  timeIntervalSchema,
} from './time-interval-schema';
export type { InclusiveRange, NamedTimeInterval, TimeInterval, TimeIntervalInput, TimeRange } from './time-interval-schema';

type LocalDate = { year: number; month: number; day: number; weekday: number };

const inRanges = (ranges: readonly InclusiveRange[], value: number) => ranges.some((r) => value >= r.begin && value <= r.end);

/** Whether the date fields (days of month, months, weekdays, years) hold on a local date. */
function dateMatches(interval: TimeInterval, date: LocalDate): boolean {
  if (interval.daysOfMonth) {
    const length = daysInMonth(date.year, date.month);
    const hit = interval.daysOfMonth.some((r) => {
      // Negative days count from the end of the month (-1 = last day). The length comes from the
      // calendar: Alertmanager derives it from elapsed hours, which is one short in a month that
      // loses an hour to DST, so there "-1" means the 30th of March in Europe/Berlin.
      const begin = r.begin < 0 ? length + r.begin + 1 : r.begin;
      const end = r.end < 0 ? length + r.end + 1 : r.end;
      if (begin > length) return false;
      return date.day >= begin && date.day <= end;
    });
    if (!hit) return false;
  }
  if (interval.months && !inRanges(interval.months, date.month)) return false;
  if (interval.weekdays && !inRanges(interval.weekdays, date.weekday)) return false;
  if (interval.years && !inRanges(interval.years, date.year)) return false;
  return true;
}

function minuteMatches(interval: TimeInterval, minuteOfDay: number): boolean {
  return !interval.times || interval.times.some((t) => minuteOfDay >= t.startMinute && minuteOfDay < t.endMinute);
}

function containsInstant(interval: TimeInterval, ms: number): boolean {
  const local = wallClock(interval.location, ms);
  return minuteMatches(interval, local.hour * 60 + local.minute) && dateMatches(interval, local);
}

const asList = (interval: TimeInterval | readonly TimeInterval[]): readonly TimeInterval[] =>
  Array.isArray(interval) ? interval : [interval as TimeInterval];

/**
 * Whether the interval holds at `at` (for a list: any of them, as a named time interval). Seconds
 * are ignored like in Alertmanager: 09:00-17:00 holds from 09:00:00 to 16:59:59.999 local time.
 */
export function isActive(interval: TimeInterval | readonly TimeInterval[], at: Date): boolean {
  const ms = at.getTime();
  return asList(interval).some((i) => containsInstant(i, ms));
}

/** Whether the `times` of an interval cover the whole day. */
function coversWholeDay(interval: TimeInterval): boolean {
  if (!interval.times) return true;
  let reached = 0;
  for (const t of [...interval.times].sort((a, b) => a.startMinute - b.startMinute)) {
    if (t.startMinute > reached) return false;
    reached = Math.max(reached, t.endMinute);
  }
  return reached >= 1440;
}

// Real offsets lie within -12h..+14h; a 15h margin finds every local date a UTC day can touch.
const OFFSET_MARGIN_MS = 15 * HOUR_MS;
// Every weekday/date combination recurs within the 400-year Gregorian cycle.
const HORIZON_MS = 400 * 366 * DAY_MS;

/** Whether the date fields hold on a day number, remembered for the scan of one nextChange call. */
type DateMemo = Map<number, boolean>;

function dateMatchesDay(interval: TimeInterval, day: number, memo: DateMemo): boolean {
  let hit = memo.get(day);
  if (hit === undefined) {
    hit = dateMatches(interval, dateOfDayNumber(day));
    memo.set(day, hit);
    memo.delete(day - 8);
  }
  return hit;
}

/** Whether an interval certainly cannot change state during [from, to) (it is off, or on all day, on every local date touched). */
function constantDuring(interval: TimeInterval, wholeDay: boolean, from: number, to: number, memo: DateMemo): boolean {
  const first = Math.floor((from - OFFSET_MARGIN_MS) / DAY_MS);
  const last = Math.floor((to + OFFSET_MARGIN_MS) / DAY_MS);
  let allOff = true;
  let allOn = wholeDay;
  for (let day = first; day <= last; day++) {
    if (dateMatchesDay(interval, day, memo)) allOff = false;
    else allOn = false;
  }
  return allOff || allOn;
}

/** Instants in [from, to) where the interval may change state: local minute thresholds and DST jumps. */
function candidateInstants(interval: TimeInterval, from: number, to: number): number[] {
  const thresholds = new Set<number>([0]);
  for (const t of interval.times ?? []) {
    thresholds.add(t.startMinute % 1440);
    thresholds.add(t.endMinute % 1440);
  }
  const zone = interval.location;
  const cuts = [from, ...offsetTransitions(zone, from, to), to];
  const out: number[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const start = cuts[i]!;
    const end = cuts[i + 1]!;
    out.push(start);
    // Within a piece the offset is constant, so local time runs evenly from start+offset.
    const offset = offsetAt(zone, start);
    const wallStart = start + offset;
    const wallEnd = end + offset;
    for (let day = Math.floor(wallStart / DAY_MS); day <= Math.floor((wallEnd - 1) / DAY_MS); day++) {
      for (const minute of thresholds) {
        const wall = day * DAY_MS + minute * MINUTE_MS;
        if (wall >= wallStart && wall < wallEnd) out.push(wall - offset);
      }
    }
  }
  return out;
}

/** True when no interval can hold in any year from `year` on. */
function neverAgain(intervals: readonly TimeInterval[], year: number): boolean {
  return intervals.every((i) => i.years !== undefined && i.years.every((r) => r.end < year));
}

/**
 * The first instant after `after` at which isActive(interval, ·) differs from isActive(interval,
 * after): when an active window closes or an inactive one opens. Null when that never happens.
 * Exact to the millisecond, including DST days (a window inside a skipped hour never opens; one in
 * a repeated hour opens twice).
 */
export function nextChange(interval: TimeInterval | readonly TimeInterval[], after: Date): Date | null {
  const intervals = asList(interval);
  const start = after.getTime();
  const initial = isActive(intervals, after);
  if (intervals.length === 0) return null;
  if (!initial && neverAgain(intervals, new Date(start - OFFSET_MARGIN_MS).getUTCFullYear())) return null;
  // An interval without any field holds always: nothing ever changes.
  if (initial && intervals.some((i) => !i.times && !i.weekdays && !i.daysOfMonth && !i.months && !i.years)) return null;
  const memos = intervals.map((): DateMemo => new Map());
  const wholeDay = intervals.map(coversWholeDay);
  for (let from = start; from < start + HORIZON_MS; from += DAY_MS) {
    const to = from + DAY_MS;
    const changing = intervals.filter((interval, i) => !constantDuring(interval, wholeDay[i]!, from, to, memos[i]!));
    if (changing.length === 0) continue;
    const candidates = changing
      .flatMap((i) => candidateInstants(i, from, to))
      .filter((ms) => ms > start)
      .sort((a, b) => a - b);
    for (const ms of candidates) {
      if (isActive(intervals, new Date(ms)) !== initial) return new Date(ms);
    }
  }
  return null;
}
