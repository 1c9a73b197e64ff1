// Alertmanager's time_intervals entries (timeinterval/timeinterval.go): the written form, its
// validation (with Alertmanager's messages) and the parsed form that isActive/nextChange use.

import { z } from 'zod';
import { isValidTimeZone } from './zoned-time';

/** Minutes of the local day, end exclusive: 09:00-17:00 is {540, 1020}; 24:00 is 1440. */
export interface TimeRange {
  startMinute: number;
  endMinute: number;
}

/** Inclusive range; weekdays 0 = Sunday, months 1-12, days of month may count from the end (-1 = last). */
export interface InclusiveRange {
  begin: number;
  end: number;
}

/** One parsed time interval: every field that is set must hold; unset fields hold always. */
export interface TimeInterval {
  times?: TimeRange[];
  weekdays?: InclusiveRange[];
  daysOfMonth?: InclusiveRange[];
  months?: InclusiveRange[];
  years?: InclusiveRange[];
  /** IANA zone the fields are read in; UTC by default. */
  location: string;
}

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const VALID_TIME = /^((([01][0-9])|(2[0-3])):[0-5][0-9])$|(^24:00$)/;
const INTEGER = /^[+-]?\d+$/;

/** A bad entry; reported as a zod issue at its path. */
class IntervalSyntaxError extends Error {}

function parseTime(text: string): number {
  if (!VALID_TIME.test(text)) throw new IntervalSyntaxError(`couldn't parse timestamp ${text}, invalid format`);
  const [hours, minutes] = text.split(':').map(Number);
  return hours! * 60 + minutes!;
}

function parseTimeRange(input: string | { start_time?: string; end_time?: string; startTime?: string; endTime?: string }): TimeRange {
  let start: string | undefined;
  let end: string | undefined;
  if (typeof input === 'string') {
    const match = /^\s*([^-\s]+)\s*-\s*([^-\s]+)\s*$/.exec(input);
    if (!match) throw new IntervalSyntaxError(`couldn't parse time range ${input}, expected HH:MM-HH:MM`);
    [start, end] = [match[1], match[2]];
  } else {
    start = input.start_time ?? input.startTime;
    end = input.end_time ?? input.endTime;
  }
  if (!start || !end) throw new IntervalSyntaxError('both start and end times must be provided');
  const startMinute = parseTime(start);
  const endMinute = parseTime(end);
  if (startMinute >= endMinute) throw new IntervalSyntaxError('start time cannot be equal or greater than end time');
  return { startMinute, endMinute };
}

/** stringableRangeFromString: "a" or "a:b", lower-cased, members mapped by `member`. */
function parseRange(input: string | number, member: (text: string) => number): InclusiveRange {
  const text = String(input).toLowerCase().trim();
  if (text.includes(':')) {
    const parts = text.split(':');
    if (parts.length !== 2) throw new IntervalSyntaxError(`couldn't parse range ${text}, invalid format`);
    return { begin: member(parts[0]!), end: member(parts[1]!) };
  }
  const value = member(text);
  return { begin: value, end: value };
}

function integer(text: string): number {
  if (!INTEGER.test(text)) throw new IntervalSyntaxError(`${text} is not a valid number`);
  return Number(text);
}

function parseWeekdays(input: string): InclusiveRange {
  const range = parseRange(input, (text) => {
    const day = WEEKDAYS.indexOf(text);
    if (day < 0) throw new IntervalSyntaxError(`${text} is not a valid weekday`);
    return day;
  });
  // Alertmanager's own wording; it means "start day cannot be after end day".
  if (range.begin > range.end) throw new IntervalSyntaxError('start day cannot be before end day');
  return range;
}

function parseDaysOfMonth(input: string | number): InclusiveRange {
  const range = parseRange(input, integer);
  for (const day of [range.begin, range.end]) {
    if (day === 0 || day < -31 || day > 31) throw new IntervalSyntaxError(`${day} is not a valid day of the month: out of range`);
  }
  if (range.begin < 0 && range.end > 0) throw new IntervalSyntaxError('end day must be negative if start day is negative');
  // Ranges that are empty in every month (checked against a 28-day month, as Alertmanager does).
  const begin = range.begin < 0 ? 28 + range.begin : range.begin;
  const end = range.end < 0 ? 28 + range.end : range.end;
  if (begin > end) throw new IntervalSyntaxError(`end day ${range.end} is always before start day ${range.begin}`);
  return range;
}

function parseMonths(input: string | number): InclusiveRange {
  const range = parseRange(input, (text) => {
    const byName = MONTHS.indexOf(text);
    if (byName >= 0) return byName + 1;
    if (!INTEGER.test(text) || Number(text) < 1 || Number(text) > 12) throw new IntervalSyntaxError(`${text} is not a valid month`);
    return Number(text);
  });
  if (range.begin > range.end) {
    throw new IntervalSyntaxError(`end month ${MONTHS[range.end - 1]} is before start month ${MONTHS[range.begin - 1]}`);
  }
  return range;
}

function parseYears(input: string | number): InclusiveRange {
  const range = parseRange(input, integer);
  if (range.begin > range.end) throw new IntervalSyntaxError(`end year ${range.end} is before start year ${range.begin}`);
  return range;
}

const rangeEntry = z.union([z.string(), z.number().int()]);
const timeEntry = z.union([
  z.string(),
  z.object({ start_time: z.string().optional(), end_time: z.string().optional(), startTime: z.string().optional(), endTime: z.string().optional() }).strict(),
]);

/** The written form of one time interval (Alertmanager's YAML keys; `daysOfMonth` also accepted). */
export const timeIntervalInputSchema = z
  .object({
    times: z.array(timeEntry).optional(),
    weekdays: z.array(z.string()).optional(),
    days_of_month: z.array(rangeEntry).optional(),
    daysOfMonth: z.array(rangeEntry).optional(),
    months: z.array(rangeEntry).optional(),
    years: z.array(rangeEntry).optional(),
    location: z.string().optional(),
  })
  .strict();

export type TimeIntervalInput = z.input<typeof timeIntervalInputSchema>;

/** Parses a written time interval into a TimeInterval, reporting each bad entry at its path. */
export const timeIntervalSchema = timeIntervalInputSchema.transform((input, ctx): TimeInterval => {
  const out: TimeInterval = { location: input.location ?? 'UTC' };
  if (input.location !== undefined && (input.location === 'Local' || !isValidTimeZone(input.location))) {
    ctx.addIssue({ code: 'custom', path: ['location'], message: `unknown time zone ${JSON.stringify(input.location)} (use an IANA name such as Europe/Berlin)` });
  }
  const each = <T, R>(key: string, values: readonly T[] | undefined, parse: (value: T) => R): R[] | undefined => {
    // An empty list is treated as unset ("any"), not as "never" as in Alertmanager's Go code.
    if (!values || values.length === 0) return undefined;
    const parsed: R[] = [];
    values.forEach((value, i) => {
      try {
        parsed.push(parse(value));
      } catch (error) {
        if (!(error instanceof IntervalSyntaxError)) throw error;
        ctx.addIssue({ code: 'custom', path: [key, i], message: error.message });
      }
    });
    return parsed;
  };
  const times = each('times', input.times, parseTimeRange);
  const weekdays = each('weekdays', input.weekdays, parseWeekdays);
  const daysOfMonth = each(input.days_of_month ? 'days_of_month' : 'daysOfMonth', input.days_of_month ?? input.daysOfMonth, parseDaysOfMonth);
  const months = each('months', input.months, parseMonths);
  const years = each('years', input.years, parseYears);
  if (times) out.times = times;
  if (weekdays) out.weekdays = weekdays;
  if (daysOfMonth) out.daysOfMonth = daysOfMonth;
  if (months) out.months = months;
  if (years) out.years = years;
  return out;
});

/** A named set of time intervals (active when any of them is), referenced by routes. */
export const namedTimeIntervalSchema = z
  .object({ name: z.string().min(1, 'time interval name must not be empty'), timeIntervals: z.array(timeIntervalSchema) })
  .strict();

export type NamedTimeInterval = z.output<typeof namedTimeIntervalSchema>;

/** Parses one written interval; throws a ZodError listing every problem. */
export function parseTimeInterval(input: TimeIntervalInput): TimeInterval {
  return timeIntervalSchema.parse(input);
}
