// time.Time formatting (always UTC, as Prometheus's toTime/humanizeTimestamp produce UTC times).

import type { GoFunc } from './func-types';
import { GoInt, GoTime, type GoValue } from './values';

const NS_PER_S = 1_000_000_000n;

export const MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
];
export const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** time.Unix(0, ns).UTC(), optionally as a pointer. */
export function timeFromUnixNano(ns: bigint, ptr: boolean): GoTime {
  let sec = ns / NS_PER_S;
  let rem = ns % NS_PER_S;
  if (rem < 0n) {
    rem += NS_PER_S;
    sec -= 1n;
  }
  return new GoTime(sec, Number(rem), ptr);
}

export type Civil = {
  year: number;
  month: number; // 1..12
  day: number;
  yday: number; // 1..366
  weekday: number; // 0 = Sunday
  hour: number;
  minute: number;
  second: number;
  nsec: number;
};

/** Proleptic Gregorian calendar fields of a UTC time. */
export function civil(t: GoTime): Civil {
  let days = t.sec / 86400n;
  let secOfDay = t.sec % 86400n;
  if (secOfDay < 0n) {
    secOfDay += 86400n;
    days -= 1n;
  }
  const z = Number(days) + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const cum = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
  const yday = cum[month - 1]! + day + (leap && month > 2 ? 1 : 0);
  const weekday = (((Number(days) + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
  const s = Number(secOfDay);
  return {
    year, month, day, yday, weekday,
    hour: Math.floor(s / 3600),
    minute: Math.floor(s / 60) % 60,
    second: s % 60,
    nsec: t.nsec,
  };
}

function pad(n: number, width: number, ch = '0'): string {
  const s = String(Math.abs(n)).padStart(width, ch);
  return n < 0 ? '-' + s : s;
}

type Chunk = { std: string; len: number; digits?: number };

/** Go's nextStdChunk: the layout element starting at i, if any. */
function stdChunk(layout: string, i: number): Chunk | undefined {
  const rest = layout.slice(i);
  const c = layout[i]!;
  const lowerNext = (k: number) => /^[a-z]/.test(layout.slice(i + k));
  switch (c) {
    case 'J':
      if (rest.startsWith('January')) return { std: 'January', len: 7 };
      if (rest.startsWith('Jan') && !lowerNext(3)) return { std: 'Jan', len: 3 };
      break;
    case 'M':
      if (rest.startsWith('Monday')) return { std: 'Monday', len: 6 };
      if (rest.startsWith('Mon') && !lowerNext(3)) return { std: 'Mon', len: 3 };
      if (rest.startsWith('MST')) return { std: 'MST', len: 3 };
      break;
    case '0':
      if (/^0[1-6]/.test(rest)) return { std: rest.slice(0, 2), len: 2 };
      if (rest.startsWith('002')) return { std: '002', len: 3 };
      break;
    case '1':
      if (rest.startsWith('15')) return { std: '15', len: 2 };
      return { std: '1', len: 1 };
    case '2':
      if (rest.startsWith('2006')) return { std: '2006', len: 4 };
      return { std: '2', len: 1 };
    case '_':
      if (rest.startsWith('_2')) {
        if (rest.startsWith('_2006')) return undefined; // literal "_" then a year
        return { std: '_2', len: 2 };
      }
      if (rest.startsWith('__2')) return { std: '__2', len: 3 };
      break;
    case '3':
    case '4':
    case '5':
      return { std: c, len: 1 };
    case 'P':
      if (rest.startsWith('PM')) return { std: 'PM', len: 2 };
      break;
    case 'p':
      if (rest.startsWith('pm')) return { std: 'pm', len: 2 };
      break;
    case '-':
    case 'Z':
      for (const z of ['070000', '07:00:00', '0700', '07:00', '07']) {
        if (rest.startsWith(c + z)) return { std: c + z, len: z.length + 1 };
      }
      break;
    case '.':
    case ',': {
      const d = layout[i + 1];
      if (d === '0' || d === '9') {
        let j = i + 1;
        while (j < layout.length && layout[j] === d) j++;
        if (!/[0-9]/.test(layout[j] ?? '')) return { std: c + d, len: j - i, digits: j - i - 1 };
      }
      break;
    }
  }
  return undefined;
}

/** time.Time.Format(layout) in UTC. */
export function formatTime(t: GoTime, layout: string): string {
  const f = civil(t);
  let out = '';
  let i = 0;
  while (i < layout.length) {
    const ch = stdChunk(layout, i);
    if (!ch) {
      out += layout[i];
      i++;
      continue;
    }
    i += ch.len;
    const h12 = f.hour % 12 === 0 ? 12 : f.hour % 12;
    switch (ch.std) {
      case 'January': out += MONTHS[f.month - 1]; break;
      case 'Jan': out += MONTHS[f.month - 1]!.slice(0, 3); break;
      case 'Monday': out += WEEKDAYS[f.weekday]; break;
      case 'Mon': out += WEEKDAYS[f.weekday]!.slice(0, 3); break;
      case 'MST': out += 'UTC'; break;
      case '01': out += pad(f.month, 2); break;
      case '02': out += pad(f.day, 2); break;
      case '03': out += pad(h12, 2); break;
      case '04': out += pad(f.minute, 2); break;
      case '05': out += pad(f.second, 2); break;
      case '06': out += pad(((f.year % 100) + 100) % 100, 2); break;
      case '002': out += pad(f.yday, 3); break;
      case '15': out += pad(f.hour, 2); break;
      case '1': out += String(f.month); break;
      case '2006': out += pad(f.year, 4); break;
      case '2': out += String(f.day); break;
      case '_2': out += pad(f.day, 2, ' '); break;
      case '__2': out += pad(f.yday, 3, ' '); break;
      case '3': out += String(h12); break;
      case '4': out += String(f.minute); break;
      case '5': out += String(f.second); break;
      case 'PM': out += f.hour >= 12 ? 'PM' : 'AM'; break;
      case 'pm': out += f.hour >= 12 ? 'pm' : 'am'; break;
      default:
        if (ch.std.startsWith('Z')) out += 'Z';
        else if (ch.std.startsWith('-')) out += '+' + ch.std.slice(1).replace(/7/g, '0');
        else {
          // fractional seconds: ".000" keeps zeros, ".999" trims them (and the separator if none left)
          const digits = String(f.nsec).padStart(9, '0').slice(0, ch.digits);
          if (ch.std[1] === '0') out += ch.std[0] + digits;
          else {
            const trimmed = digits.replace(/0+$/, '');
            if (trimmed) out += ch.std[0] + trimmed;
          }
        }
    }
  }
  return out;
}

/** time.Time.String() for a UTC time without monotonic reading. */
export function timeString(t: GoTime): string {
  return formatTime(t, '2006-01-02 15:04:05.999999999 -0700 MST');
}

/** Methods of time.Time callable from templates, e.g. {{ (toTime 1e9).Format "2006-01-02" }}. */
export function timeMethod(t: GoTime, name: string): GoFunc | undefined {
  const f = () => civil(t);
  const int = (v: number): GoValue => BigInt(v);
  const nullary = (fn: () => GoValue): GoFunc => ({ params: [], call: fn });
  switch (name) {
    case 'Unix': return nullary(() => new GoInt('int64', t.sec));
    case 'UnixMilli': return nullary(() => new GoInt('int64', t.sec * 1000n + BigInt(Math.floor(t.nsec / 1e6))));
    case 'UnixMicro': return nullary(() => new GoInt('int64', t.sec * 1000000n + BigInt(Math.floor(t.nsec / 1e3))));
    case 'UnixNano': return nullary(() => new GoInt('int64', BigInt.asIntN(64, t.sec * NS_PER_S + BigInt(t.nsec))));
    case 'Year': return nullary(() => int(f().year));
    case 'YearDay': return nullary(() => int(f().yday));
    case 'Month': return nullary(() => new GoInt('time.Month', BigInt(f().month)));
    case 'Weekday': return nullary(() => new GoInt('time.Weekday', BigInt(f().weekday)));
    case 'Day': return nullary(() => int(f().day));
    case 'Hour': return nullary(() => int(f().hour));
    case 'Minute': return nullary(() => int(f().minute));
    case 'Second': return nullary(() => int(f().second));
    case 'Nanosecond': return nullary(() => int(f().nsec));
    case 'IsZero': return nullary(() => t.sec === -62135596800n && t.nsec === 0);
    case 'String': return nullary(() => timeString(t));
    case 'UTC':
    case 'Local': return nullary(() => new GoTime(t.sec, t.nsec, false));
    case 'Format': return { params: ['string'], call: ([layout]) => formatTime(t, layout as string) };
  }
  return undefined;
}
