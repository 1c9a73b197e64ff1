import { describe, expect, it } from 'vitest';
import {
  isActive,
  nextChange,
  parseTimeInterval,
  timeIntervalSchema,
  type TimeInterval,
  type TimeIntervalInput,
} from '../../lib/notify/routing/time-intervals';

const at = (iso: string) => new Date(iso);
const change = (interval: TimeInterval | TimeInterval[], iso: string) => nextChange(interval, at(iso))?.toISOString() ?? null;

function parseError(input: TimeIntervalInput): string {
  const result = timeIntervalSchema.safeParse(input);
  if (result.success) throw new Error('expected a validation error');
  return result.error.issues.map((i) => i.message).join('\n');
}

describe('time intervals: Alertmanager TestContainsTime cases', () => {
  // Parsed intervals exactly as in timeinterval_test.go (times are RFC822Z there; here UTC ISO).
  const cases: { name: string; interval: TimeInterval; valid: string[]; invalid: string[] }[] = [
    {
      name: 'empty interval',
      interval: { location: 'UTC' },
      valid: ['2006-01-02T15:04:00Z', '2007-01-03T10:04:00Z', '2006-01-04T09:04:00Z'],
      invalid: [],
    },
    {
      name: '9am to 5pm, monday to friday',
      interval: { times: [{ startMinute: 540, endMinute: 1020 }], weekdays: [{ begin: 1, end: 5 }], location: 'UTC' },
      valid: ['2020-05-04T15:04:00Z', '2020-05-05T10:04:00Z', '2020-06-09T09:04:00Z'],
      invalid: ['2020-05-03T15:04:00Z', '2020-05-04T08:59:00Z', '2020-05-05T05:00:00Z'],
    },
    {
      name: 'Easter 2020',
      interval: { daysOfMonth: [{ begin: 4, end: 6 }], months: [{ begin: 4, end: 4 }], years: [{ begin: 2020, end: 2020 }], location: 'UTC' },
      valid: ['2020-04-04T15:04:00Z', '2020-04-05T00:00:00Z', '2020-04-06T23:05:00Z'],
      invalid: ['2018-05-03T15:04:00Z', '2020-04-03T23:59:00Z', '2020-06-04T23:59:00Z', '2019-04-06T23:59:00Z', '2020-04-07T00:00:00Z'],
    },
    {
      name: 'last 3 days of each month',
      interval: { daysOfMonth: [{ begin: -3, end: -1 }], location: 'UTC' },
      valid: ['2020-01-31T15:04:00Z', '2020-01-30T15:04:00Z', '2020-01-29T15:04:00Z', '2020-06-30T00:00:00Z', '2020-02-29T23:05:00Z'],
      invalid: [
        '2018-05-03T15:04:00Z',
        '2020-01-27T15:04:00Z',
        '2020-04-03T23:59:00Z',
        '2020-06-04T23:59:00Z',
        '2019-04-06T23:59:00Z',
        '2020-04-07T00:00:00Z',
        '2020-03-01T00:00:00Z',
      ],
    },
    {
      name: 'out of bound days are clamped to month boundaries',
      interval: { months: [{ begin: 6, end: 6 }], daysOfMonth: [{ begin: -31, end: 31 }], location: 'UTC' },
      valid: ['2020-06-30T00:00:00Z', '2020-06-01T00:00:00Z'],
      invalid: ['2020-05-31T00:00:00Z', '2020-07-01T00:00:00Z'],
    },
    {
      name: 'AEST 9AM to 5PM, Monday to Friday',
      interval: { times: [{ startMinute: 540, endMinute: 1020 }], weekdays: [{ begin: 1, end: 5 }], location: 'Australia/Sydney' },
      valid: ['2021-04-06T03:00:00Z'], // 06 Apr 21 13:00 +1000
      invalid: ['2021-04-06T13:00:00Z'],
    },
    {
      name: 'Australia/Sydney during daylight saving time',
      interval: { times: [{ startMinute: 540, endMinute: 1020 }], weekdays: [{ begin: 1, end: 5 }], months: [{ begin: 11, end: 11 }], location: 'Australia/Sydney' },
      valid: ['2021-10-31T22:00:00Z' /* 01 Nov 21 09:00 +1100 */],
      invalid: ['2021-10-31T21:00:00Z'],
    },
  ];

  it.each(cases)('$name', ({ interval, valid, invalid }) => {
    for (const iso of valid) expect(isActive(interval, at(iso)), iso).toBe(true);
    for (const iso of invalid) expect(isActive(interval, at(iso)), iso).toBe(false);
  });
});

describe('time intervals: Alertmanager parsing cases', () => {
  it('parses business hours and checks contained times', () => {
    const interval = parseTimeInterval({ weekdays: ['monday:friday'], times: [{ start_time: '09:00', end_time: '17:00' }] });
    expect(interval).toEqual({ weekdays: [{ begin: 1, end: 5 }], times: [{ startMinute: 540, endMinute: 1020 }], location: 'UTC' });
    for (const iso of ['2020-07-08T09:00:00Z', '2020-07-08T16:59:00Z']) expect(isActive(interval, at(iso))).toBe(true);
    for (const iso of ['2020-07-08T05:00:00Z', '2020-07-08T08:59:00Z']) expect(isActive(interval, at(iso))).toBe(false);
  });

  it('parses negative indices, several ranges and year ranges', () => {
    const interval = parseTimeInterval({
      weekdays: ['monday:friday', 'sunday'],
      months: ['january:march'],
      days_of_month: ['-7:-1'],
      years: ['2020:2025', '2030:2035'],
      times: ['09:00-17:00'],
    });
    expect(interval).toEqual({
      weekdays: [
        { begin: 1, end: 5 },
        { begin: 0, end: 0 },
      ],
      times: [{ startMinute: 540, endMinute: 1020 }],
      months: [{ begin: 1, end: 3 }],
      daysOfMonth: [{ begin: -7, end: -1 }],
      years: [
        { begin: 2020, end: 2025 },
        { begin: 2030, end: 2035 },
      ],
      location: 'UTC',
    });
    for (const iso of ['2021-01-27T09:00:00Z', '2021-01-28T16:59:00Z', '2021-01-29T13:00:00Z', '2025-03-31T13:00:00Z', '2035-01-31T13:00:00Z']) {
      expect(isActive(interval, at(iso)), iso).toBe(true);
    }
    for (const iso of ['2021-01-30T13:00:00Z', '2021-04-01T13:00:00Z', '2026-01-30T13:00:00Z', '2035-01-31T17:01:00Z']) {
      expect(isActive(interval, at(iso)), iso).toBe(false);
    }
  });

  it.each([
    ['00:00', '24:00', 0, 1440],
    ['01:35', '17:39', 95, 1059],
    ['09:35', '09:39', 575, 579],
  ])('parses %s-%s', (start, end, startMinute, endMinute) => {
    expect(parseTimeInterval({ times: [{ start_time: start, end_time: end }] }).times).toEqual([{ startMinute, endMinute }]);
    expect(parseTimeInterval({ times: [`${start}-${end}`] }).times).toEqual([{ startMinute, endMinute }]);
  });

  it.each<[string, TimeIntervalInput, string]>([
    ['begin equals end', { times: [{ start_time: '17:31', end_time: '17:31' }] }, 'start time cannot be equal or greater than end time'],
    ['end out of range', { times: [{ start_time: '12:30', end_time: '24:01' }] }, "couldn't parse timestamp 24:01, invalid format"],
    ['start after end', { times: [{ start_time: '09:30', end_time: '07:41' }] }, 'start time cannot be equal or greater than end time'],
    ['start 24:00', { times: [{ start_time: '24:00', end_time: '17:41' }] }, 'start time cannot be equal or greater than end time'],
    ['no end', { times: [{ start_time: '14:03' }] }, 'both start and end times must be provided'],
    ['invalid start', { times: [{ start_time: '01:99', end_time: '23:59' }] }, "couldn't parse timestamp 01:99, invalid format"],
    ['invalid end', { times: [{ start_time: '00:00', end_time: '99:99' }] }, "couldn't parse timestamp 99:99, invalid format"],
    ['weekday range backwards', { weekdays: ['friday:monday'] }, 'start day cannot be before end day'],
    ['unknown weekday', { weekdays: ['blurgsday:flurgsday'] }, 'blurgsday is not a valid weekday'],
    ['numeric weekdays', { weekdays: ['1:3'] }, '1 is not a valid weekday'],
    ['negative weekdays', { weekdays: ['-2:-1'] }, '-2 is not a valid weekday'],
    ['day 0', { days_of_month: ['0'] }, '0 is not a valid day of the month: out of range'],
    ['day -50', { days_of_month: ['-50:-20'] }, '-50 is not a valid day of the month: out of range'],
    ['day 50', { days_of_month: ['1:50'] }, '50 is not a valid day of the month: out of range'],
    ['negative then positive day', { days_of_month: ['-15:5'] }, 'end day must be negative if start day is negative'],
    ['always empty day range', { days_of_month: ['10:-25'] }, 'end day -25 is always before start day 10'],
    ['unknown start month', { months: ['martius:june'] }, 'martius is not a valid month'],
    ['unknown end month', { months: ['march:junius'] }, 'junius is not a valid month'],
    ['month range backwards', { months: ['december:january'] }, 'end month january is before start month december'],
    ['year range backwards', { years: ['2022:2020'] }, 'end year 2020 is before start year 2022'],
    ['unknown zone', { location: 'Mars/Olympus' }, 'unknown time zone "Mars/Olympus"'],
    ['ambiguous Local zone', { location: 'Local' }, 'unknown time zone "Local"'],
  ])('rejects %s', (_name, input, message) => {
    expect(parseError(input)).toContain(message);
  });

  it('accepts 1:-1, case-insensitive months and a location', () => {
    expect(parseTimeInterval({ days_of_month: ['1:-1'] }).daysOfMonth).toEqual([{ begin: 1, end: -1 }]);
    expect(parseTimeInterval({ months: ['January:december'] }).months).toEqual([{ begin: 1, end: 12 }]);
    expect(parseTimeInterval({ years: ['2020:2022'], location: 'Australia/Sydney' })).toEqual({
      years: [{ begin: 2020, end: 2022 }],
      location: 'Australia/Sydney',
    });
    expect(parseTimeInterval({ months: ['3:5', 11] }).months).toEqual([
      { begin: 3, end: 5 },
      { begin: 11, end: 11 },
    ]);
  });

  it('TestTimeIntervalComplete', () => {
    const interval = parseTimeInterval({
      weekdays: ['monday:wednesday', 'saturday', 'sunday'],
      times: [{ start_time: '13:00', end_time: '15:00' }],
      days_of_month: ['1', '10', '20:-1'],
      years: ['2020:2023'],
      months: ['january:march'],
    });
    expect(isActive(interval, at('2021-01-10T13:00:00Z'))).toBe(true);
    expect(isActive(interval, at('2021-01-30T14:24:00Z'))).toBe(true);
    expect(isActive(interval, at('2021-01-09T13:00:00Z'))).toBe(false);
    expect(isActive(interval, at('2021-01-20T12:59:00Z'))).toBe(false);
    expect(isActive(interval, at('2021-02-02T13:00:00Z'))).toBe(false);
    // Broken clamping check: 30:31 never covers February 28th.
    const feb = parseTimeInterval({ days_of_month: ['30:31'], years: ['2020:2023'], months: ['february'] });
    expect(isActive(feb, at('2021-02-28T13:00:00Z'))).toBe(false);
  });
});

describe('time intervals: boundary minutes', () => {
  const officeHours = parseTimeInterval({ times: ['09:00-17:00'] });

  it('includes the start minute and excludes the end minute, ignoring seconds', () => {
    expect(isActive(officeHours, at('2024-01-15T08:59:59.999Z'))).toBe(false);
    expect(isActive(officeHours, at('2024-01-15T09:00:00.000Z'))).toBe(true);
    expect(isActive(officeHours, at('2024-01-15T16:59:59.999Z'))).toBe(true);
    expect(isActive(officeHours, at('2024-01-15T17:00:00.000Z'))).toBe(false);
  });

  it('finds the exact opening and closing instants', () => {
    expect(change(officeHours, '2024-01-15T08:59:59.999Z')).toBe('2024-01-15T09:00:00.000Z');
    expect(change(officeHours, '2024-01-15T09:00:00.000Z')).toBe('2024-01-15T17:00:00.000Z');
    expect(change(officeHours, '2024-01-15T17:00:00.000Z')).toBe('2024-01-16T09:00:00.000Z');
  });

  it('treats 24:00 as the end of the day', () => {
    const lateEvening = parseTimeInterval({ times: ['22:00-24:00'] });
    expect(isActive(lateEvening, at('2024-01-15T23:59:59.999Z'))).toBe(true);
    expect(isActive(lateEvening, at('2024-01-16T00:00:00Z'))).toBe(false);
    expect(change(lateEvening, '2024-01-15T23:00:00Z')).toBe('2024-01-16T00:00:00.000Z');
  });

  it('spans whole days: a weekend window closes on Monday at midnight', () => {
    // saturday:sunday is rejected (6 > 0), as in Alertmanager: a weekend is two entries.
    expect(parseError({ weekdays: ['saturday:sunday'] })).toContain('start day cannot be before end day');
    const weekend = parseTimeInterval({ weekdays: ['saturday', 'sunday'], times: ['00:00-24:00'] });
    expect(change(weekend, '2024-01-13T10:00:00Z')).toBe('2024-01-15T00:00:00.000Z');
    expect(change(weekend, '2024-01-15T00:00:00Z')).toBe('2024-01-20T00:00:00.000Z');
  });

  it('treats a list as one named interval (any of them), so adjacent windows do not change at the seam', () => {
    const list = [parseTimeInterval({ times: ['09:00-12:00'] }), parseTimeInterval({ times: ['12:00-17:00'] })];
    expect(isActive(list, at('2024-01-15T12:00:00Z'))).toBe(true);
    expect(change(list, '2024-01-15T10:00:00Z')).toBe('2024-01-15T17:00:00.000Z');
  });

  it('returns null when nothing ever changes', () => {
    expect(change(parseTimeInterval({}), '2024-01-15T10:00:00Z')).toBeNull();
    expect(change(parseTimeInterval({ years: ['2020:2022'] }), '2024-01-15T10:00:00Z')).toBeNull();
    expect(change(parseTimeInterval({ days_of_month: ['30:31'], months: ['february'] }), '2024-01-15T10:00:00Z')).toBeNull();
  });

  it('finds rare dates: the next February 29th that is a Monday', () => {
    const leapMonday = parseTimeInterval({ days_of_month: ['29'], months: ['february'], weekdays: ['monday'] });
    expect(change(leapMonday, '2024-03-01T00:00:00Z')).toBe('2044-02-29T00:00:00.000Z');
  });
});

describe('time intervals: DST in Europe/Berlin (2024: CET->CEST 31 March 01:00Z, CEST->CET 27 October 01:00Z)', () => {
  it('keeps office hours in local time across the spring change', () => {
    const office = parseTimeInterval({ weekdays: ['monday:friday'], times: ['09:00-17:00'], location: 'Europe/Berlin' });
    expect(isActive(office, at('2024-03-29T08:00:00Z'))).toBe(true); // Fri 09:00 CET
    expect(isActive(office, at('2024-03-29T07:59:59Z'))).toBe(false);
    expect(change(office, '2024-03-29T16:30:00Z')).toBe('2024-04-01T07:00:00.000Z'); // Mon 09:00 CEST
    expect(change(office, '2024-04-01T07:00:00Z')).toBe('2024-04-01T15:00:00.000Z'); // 17:00 CEST
  });

  it('never opens a window that lies in the skipped hour', () => {
    const skipped = parseTimeInterval({ times: ['02:00-03:00'], location: 'Europe/Berlin' });
    expect(isActive(skipped, at('2024-03-31T00:59:59Z'))).toBe(false); // 01:59:59 CET
    expect(isActive(skipped, at('2024-03-31T01:00:00Z'))).toBe(false); // 03:00 CEST
    expect(change(skipped, '2024-03-30T12:00:00Z')).toBe('2024-04-01T00:00:00.000Z'); // 02:00 CEST next day
  });

  it('keeps a window in the repeated hour open for both passes', () => {
    const repeated = parseTimeInterval({ times: ['02:00-03:00'], location: 'Europe/Berlin' });
    expect(change(repeated, '2024-10-26T12:00:00Z')).toBe('2024-10-27T00:00:00.000Z'); // 02:00 CEST
    expect(isActive(repeated, at('2024-10-27T00:30:00Z'))).toBe(true); // 02:30 CEST
    expect(isActive(repeated, at('2024-10-27T01:30:00Z'))).toBe(true); // 02:30 CET
    expect(change(repeated, '2024-10-27T00:00:00Z')).toBe('2024-10-27T02:00:00.000Z'); // 03:00 CET
  });

  it('opens a window that starts right after the spring jump at the jump itself', () => {
    const early = parseTimeInterval({ times: ['02:30-04:00'], location: 'Europe/Berlin' });
    // 02:30 does not exist on 31 March; local time goes 01:59:59 -> 03:00, inside the window.
    expect(change(early, '2024-03-31T00:00:00Z')).toBe('2024-03-31T01:00:00.000Z');
    expect(change(early, '2024-03-31T01:00:00Z')).toBe('2024-03-31T02:00:00.000Z'); // 04:00 CEST
  });

  it('counts the last day of March from the calendar (31st), in local time', () => {
    const lastDay = parseTimeInterval({ days_of_month: ['-1'], location: 'Europe/Berlin' });
    expect(isActive(lastDay, at('2024-03-31T10:00:00Z'))).toBe(true);
    expect(isActive(lastDay, at('2024-03-30T10:00:00Z'))).toBe(false);
    expect(change(lastDay, '2024-03-30T10:00:00Z')).toBe('2024-03-30T23:00:00.000Z'); // 31 March 00:00 CET
    expect(change(lastDay, '2024-03-31T10:00:00Z')).toBe('2024-03-31T22:00:00.000Z'); // 1 April 00:00 CEST
  });

  it('reads weekdays in the zone: Monday 00:30 in Berlin is Sunday 23:30 UTC', () => {
    const monday = parseTimeInterval({ weekdays: ['monday'], location: 'Europe/Berlin' });
    expect(isActive(monday, at('2024-01-14T23:30:00Z'))).toBe(true);
    expect(isActive(monday, at('2024-01-14T22:59:59Z'))).toBe(false);
    expect(change(monday, '2024-01-14T12:00:00Z')).toBe('2024-01-14T23:00:00.000Z');
  });
});

describe('time intervals: DST in America/New_York (2024: EST->EDT 10 March 07:00Z, EDT->EST 3 November 06:00Z)', () => {
  it('keeps office hours in local time across the spring change', () => {
    const office = parseTimeInterval({ weekdays: ['monday:friday'], times: ['09:00-17:00'], location: 'America/New_York' });
    expect(change(office, '2024-03-08T20:00:00Z')).toBe('2024-03-08T22:00:00.000Z'); // Fri 17:00 EST
    expect(change(office, '2024-03-09T12:00:00Z')).toBe('2024-03-11T13:00:00.000Z'); // Mon 09:00 EDT
    expect(change(office, '2024-03-11T13:00:00Z')).toBe('2024-03-11T21:00:00.000Z'); // 17:00 EDT
  });

  it('never opens a 02:00-03:00 window on the spring-forward day', () => {
    const skipped = parseTimeInterval({ times: ['02:00-03:00'], location: 'America/New_York' });
    expect(isActive(skipped, at('2024-03-10T07:00:00Z'))).toBe(false); // 03:00 EDT
    expect(change(skipped, '2024-03-10T06:00:00Z')).toBe('2024-03-11T06:00:00.000Z'); // 02:00 EDT next day
  });

  it('keeps a 01:00-02:00 window open for two hours on the fall-back day', () => {
    const repeated = parseTimeInterval({ times: ['01:00-02:00'], location: 'America/New_York' });
    expect(change(repeated, '2024-11-03T04:00:00Z')).toBe('2024-11-03T05:00:00.000Z'); // 01:00 EDT
    expect(isActive(repeated, at('2024-11-03T06:30:00Z'))).toBe(true); // 01:30 EST
    expect(change(repeated, '2024-11-03T05:00:00Z')).toBe('2024-11-03T07:00:00.000Z'); // 02:00 EST
  });

  it('changes days at local midnight', () => {
    const lastDay = parseTimeInterval({ days_of_month: ['-1'], location: 'America/New_York' });
    expect(change(lastDay, '2024-03-30T12:00:00Z')).toBe('2024-03-31T04:00:00.000Z'); // 00:00 EDT
    expect(change(lastDay, '2024-03-31T04:00:00Z')).toBe('2024-04-01T04:00:00.000Z');
    expect(change(lastDay, '2024-11-29T12:00:00Z')).toBe('2024-11-30T05:00:00.000Z'); // 00:00 EST
  });

  it('finds the next change from inside a window in another zone (Sydney DST case)', () => {
    const sydney = parseTimeInterval({ weekdays: ['monday:friday'], times: ['09:00-17:00'], months: ['november'], location: 'Australia/Sydney' });
    expect(change(sydney, '2021-10-31T21:00:00Z')).toBe('2021-10-31T22:00:00.000Z');
    expect(change(sydney, '2021-10-31T22:00:00Z')).toBe('2021-11-01T06:00:00.000Z');
  });
});
