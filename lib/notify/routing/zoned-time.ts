// Wall-clock time in an IANA zone from Intl (Node has full ICU): the local date and time of an
// instant, the zone's UTC offset, and the instants where that offset changes (DST).

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** Local calendar fields; month 1-12, weekday 0 = Sunday (Go's time.Weekday). */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** Whether Intl knows this IANA zone name. */
export function isValidTimeZone(zone: string): boolean {
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}

const isUtc = (zone: string) => zone === 'UTC' || zone === 'Etc/UTC';

/** The zone's offset from UTC at an instant, in ms (wall clock minus UTC), to the second. */
export function offsetAt(zone: string, ms: number): number {
  if (isUtc(zone)) return 0;
  const seconds = Math.floor(ms / 1000) * 1000;
  const parts: Record<string, number> = {};
  for (const part of formatter(zone).formatToParts(seconds)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const wall = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour! % 24, parts.minute!, parts.second!);
  return wall - seconds;
}

/** The local date and time of an instant in a zone. */
export function wallClock(zone: string, ms: number): WallClock {
  const d = new Date(ms + offsetAt(zone, ms));
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    weekday: d.getUTCDay(),
  };
}

/** A local calendar date from a day number (days since 1970-01-01 in wall-clock terms). */
export function dateOfDayNumber(dayNumber: number): { year: number; month: number; day: number; weekday: number } {
  const d = new Date(dayNumber * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), weekday: d.getUTCDay() };
}

/** Days in a month of the proleptic Gregorian calendar (month 1-12). */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const SAMPLE_MS = 6 * HOUR_MS;

/**
 * The instants in [from, to) where the zone's offset changes, found by sampling every 6 hours and
 * bisecting to the second (tz transitions are never closer together than that).
 */
export function offsetTransitions(zone: string, from: number, to: number): number[] {
  if (isUtc(zone)) return [];
  const found: number[] = [];
  let left = from;
  let leftOffset = offsetAt(zone, left);
  while (left < to) {
    const right = Math.min(left + SAMPLE_MS, to);
    const rightOffset = offsetAt(zone, right);
    if (rightOffset !== leftOffset) {
      // Invariant: offset(lo) = leftOffset, offset(hi) != leftOffset; bisect on whole seconds.
      let lo = Math.floor(left / 1000);
      let hi = Math.ceil(right / 1000);
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (offsetAt(zone, mid * 1000) === leftOffset) lo = mid;
        else hi = mid;
      }
      if (hi * 1000 >= from && hi * 1000 < to) found.push(hi * 1000);
    }
    left = right;
    leftOffset = rightOffset;
  }
  return found;
}
