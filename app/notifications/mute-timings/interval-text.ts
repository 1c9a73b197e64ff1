// A parsed time interval in words: "Monday–Friday", "09:00–17:00", "the last day", "January–March".
import type { InclusiveRange, TimeInterval } from '@/lib/notify/routing';

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const range = (r: InclusiveRange, name: (n: number) => string) => (r.begin === r.end ? name(r.begin) : `${name(r.begin)}–${name(r.end)}`);
const clock = (minute: number) => `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

function ordinal(n: number): string {
  const s = n % 100 >= 11 && n % 100 <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th';
  return `${n}${s}`;
}

/** 5 -> "5", -1 -> "last day", -2 -> "2nd-last day". */
const dayOfMonth = (day: number) => (day > 0 ? String(day) : day === -1 ? 'the last day' : `the ${ordinal(-day)}-last day`);

export interface IntervalFields {
  label: string;
  value: string;
}

/** Each field that is set, in words; unset fields hold always and are said to. */
export function intervalFields(interval: TimeInterval): IntervalFields[] {
  return [
    { label: 'Weekdays', value: interval.weekdays ? interval.weekdays.map((r) => range(r, (n) => WEEKDAYS[n]!)).join(', ') : 'every day of the week' },
    { label: 'Times', value: interval.times ? interval.times.map((t) => `${clock(t.startMinute)}–${clock(t.endMinute)}`).join(', ') : 'all day' },
    { label: 'Days of month', value: interval.daysOfMonth ? interval.daysOfMonth.map((r) => range(r, dayOfMonth)).join(', ') : 'every day of the month' },
    { label: 'Months', value: interval.months ? interval.months.map((r) => range(r, (n) => MONTHS[n - 1]!)).join(', ') : 'every month' },
    { label: 'Years', value: interval.years ? interval.years.map((r) => range(r, String)).join(', ') : 'every year' },
    { label: 'Time zone', value: interval.location },
  ];
}

/** One line: "Monday–Friday, 09:00–17:00 (Europe/Berlin)". */
export function intervalSummary(interval: TimeInterval): string {
  const parts = [
    interval.weekdays && interval.weekdays.map((r) => range(r, (n) => WEEKDAYS[n]!)).join(', '),
    interval.daysOfMonth && `day ${interval.daysOfMonth.map((r) => range(r, dayOfMonth)).join(', ')} of the month`,
    interval.months && interval.months.map((r) => range(r, (n) => MONTHS[n - 1]!)).join(', '),
    interval.years && interval.years.map((r) => range(r, String)).join(', '),
    interval.times ? interval.times.map((t) => `${clock(t.startMinute)}–${clock(t.endMinute)}`).join(', ') : 'all day',
  ].filter(Boolean);
  return `${parts.join(', ')} (${interval.location})`;
}
