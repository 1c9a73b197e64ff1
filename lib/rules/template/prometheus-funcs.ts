// Prometheus's template functions (template/template.go, v2.42.0).

import { FuncError, type GoFunc } from './func-types';
import { formatGoFloat } from './go-float';
import { isIP, joinHostPort, splitHostPort } from './go-net';
import { GoRegexp, GoRegexpError } from './go-regexp';
import { timeFromUnixNano, timeString } from './go-time';
import { sprintf } from './printf';
import { canBackquote, parseGoFloat, quote, queryEscape } from './strconv';
import {
  compareGoStrings, GoHTML, GoInt, GoMap, GoTime, NilSample, QueryResult, Sample, typeName, type GoValue,
} from './values';

/** Prometheus's convertToFloat: float64, numeric strings and Go integer types. */
export function convertToFloat(i: GoValue): number {
  if (typeof i === 'number') return i;
  if (typeof i === 'string') {
    const r = parseGoFloat(i);
    if (r.error) throw new FuncError(r.error);
    return r.value;
  }
  if (typeof i === 'bigint') return Number(i);
  if (i instanceof GoInt && i.type === 'int64') return Number(i.v);
  throw new FuncError(`can't convert ${typeName(i)} to float`);
}

const g4 = (v: number) => sprintf('%.4g', [v]);

export function humanize(v: number): string {
  if (v === 0 || !Number.isFinite(v)) return g4(v);
  if (Math.abs(v) >= 1) {
    let prefix = '';
    for (const p of ['k', 'M', 'G', 'T', 'P', 'E', 'Z', 'Y']) {
      if (Math.abs(v) < 1000) break;
      prefix = p;
      v /= 1000;
    }
    return g4(v) + prefix;
  }
  let prefix = '';
  for (const p of ['m', 'u', 'n', 'p', 'f', 'a', 'z', 'y']) {
    if (Math.abs(v) >= 1) break;
    prefix = p;
    v *= 1000;
  }
  return g4(v) + prefix;
}

export function humanize1024(v: number): string {
  if (Math.abs(v) <= 1 || !Number.isFinite(v)) return g4(v);
  let prefix = '';
  for (const p of ['ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei', 'Zi', 'Yi']) {
    if (Math.abs(v) < 1024) break;
    prefix = p;
    v /= 1024;
  }
  return g4(v) + prefix;
}

/** Go's int64(f) conversion (amd64: out-of-range values become MinInt64). */
function int64(f: number): bigint {
  if (!Number.isFinite(f) || f >= 2 ** 63 || f < -(2 ** 63)) return -(1n << 63n);
  return BigInt(Math.trunc(f));
}

export function humanizeDuration(v: number): string {
  if (!Number.isFinite(v)) return g4(v);
  if (v === 0) return sprintf('%.4gs', [v]);
  if (Math.abs(v) >= 1) {
    let sign = '';
    if (v < 0) {
      sign = '-';
      v = -v;
    }
    const d = int64(v);
    const seconds = d % 60n;
    const minutes = (d / 60n) % 60n;
    const hours = (d / 60n / 60n) % 24n;
    const days = d / 60n / 60n / 24n;
    if (days !== 0n) return `${sign}${days}d ${hours}h ${minutes}m ${seconds}s`;
    if (hours !== 0n) return `${sign}${hours}h ${minutes}m ${seconds}s`;
    if (minutes !== 0n) return `${sign}${minutes}m ${seconds}s`;
    return sprintf('%s%.4gs', [sign, v]);
  }
  let prefix = '';
  for (const p of ['m', 'u', 'n', 'p', 'f', 'a', 'z', 'y']) {
    if (Math.abs(v) >= 1) break;
    prefix = p;
    v *= 1000;
  }
  return sprintf('%.4g%ss', [v, prefix]);
}

const NaNOrInf = 'value is NaN or Inf';

/** Prometheus's floatToTime: millisecond precision, UTC, as a *time.Time. */
function floatToTime(v: number): GoTime {
  if (!Number.isFinite(v)) throw new FuncError(NaNOrInf);
  const ts = v * 1e9;
  if (ts > 2 ** 63 || ts < -(2 ** 63)) {
    throw new FuncError(`${formatGoFloat(v)} cannot be represented as a nanoseconds timestamp since it overflows int64`);
  }
  const ms = int64(ts) / 1_000_000n; // model.TimeFromUnixNano truncates to milliseconds
  return timeFromUnixNano(ms * 1_000_000n, true);
}

/** model.ParseDuration (prometheus/common), returning nanoseconds. */
export function parseModelDuration(s: string): bigint {
  if (s === '0') return 0n;
  if (s === '') throw new FuncError('empty duration string');
  const m = /^(?:([0-9]+)y)?(?:([0-9]+)w)?(?:([0-9]+)d)?(?:([0-9]+)h)?(?:([0-9]+)m)?(?:([0-9]+)s)?(?:([0-9]+)ms)?$/.exec(s);
  if (!m) throw new FuncError(`not a valid duration string: ${quote(s)}`);
  const unitsMs = [365n * 86400000n, 7n * 86400000n, 86400000n, 3600000n, 60000n, 1000n, 1n];
  const maxNs = (1n << 63n) - 1n;
  let total = 0n;
  unitsMs.forEach((unit, i) => {
    const text = m[i + 1];
    if (text === undefined) return;
    const n = BigInt(text);
    total += n * unit * 1_000_000n;
    if (n > maxNs / unit / 1_000_000n || total > maxNs) throw new FuncError('duration out of range');
  });
  return total;
}

/** strings.Title (what promtool 2.42 runs): title-case each rune that follows a separator. */
export function title(s: string): string {
  let out = '';
  let prev = ' ';
  for (const ch of s) {
    out += isSeparator(prev) ? toTitle(ch) : ch;
    prev = ch;
  }
  return out;
}

/** strings.isSeparator: ASCII alphanumerics, '_', letters and digits are not; spaces and ASCII punctuation are. */
function isSeparator(ch: string): boolean {
  const r = ch.codePointAt(0)!;
  if (r <= 0x7f) return !/[0-9A-Za-z_]/.test(ch);
  if (/^[\p{L}\p{Nd}]$/u.test(ch)) return false;
  return /^[\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$/u.test(ch);
}

// Letters whose title case differs from their upper case (Latin digraphs).
const titleCase: Record<string, string> = {
  'Ǆ': 'ǅ', 'ǅ': 'ǅ', 'ǆ': 'ǅ', 'Ǉ': 'ǈ', 'ǈ': 'ǈ', 'ǉ': 'ǈ',
  'Ǌ': 'ǋ', 'ǋ': 'ǋ', 'ǌ': 'ǋ', 'Ǳ': 'ǲ', 'ǲ': 'ǲ', 'ǳ': 'ǲ',
};

/** unicode.ToTitle: simple (single-rune) mapping only. */
function toTitle(ch: string): string {
  if (titleCase[ch]) return titleCase[ch];
  const up = ch.toUpperCase();
  return Array.from(up).length === 1 ? up : ch;
}

/** strings.ToUpper / ToLower: simple per-rune case mapping (no length-changing special casing). */
function mapRunes(s: string, upper: boolean): string {
  let out = '';
  for (const ch of s) {
    if (!upper && ch === '\u0130') {
      out += 'i';
      continue;
    }
    const m = upper ? ch.toUpperCase() : ch.toLowerCase();
    out += Array.from(m).length === 1 ? m : ch;
  }
  return out;
}

function compileOrPanic(pattern: string): GoRegexp {
  try {
    return GoRegexp.compile(pattern);
  } catch (e) {
    if (!(e instanceof GoRegexpError)) throw e;
    // regexp.MustCompile panics; text/template reports the panic value as the error.
    const q = canBackquote(pattern) ? '`' + pattern + '`' : quote(pattern);
    throw new FuncError(`regexp: Compile(${q}): ${e.message}`);
  }
}

/** Parsed url.URL.Path of the external URL. */
function urlPath(u: string): string {
  const m = /^(?:[A-Za-z][A-Za-z0-9+.-]*:)?(?:\/\/[^/?#]*)?([^?#]*)/.exec(u);
  const raw = m?.[1] ?? '';
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

const nilDeref = 'runtime error: invalid memory address or nil pointer dereference';

function sample(v: GoValue): Sample {
  if (v === NilSample || !(v instanceof Sample)) throw new FuncError(nilDeref);
  return v;
}

const str = (v: GoValue) => v as string;
const anyFloat = (fn: (v: number) => string): GoFunc => ({ params: ['any'], call: ([i]) => fn(convertToFloat(i)) });

export const prometheusFuncs: Record<string, GoFunc> = {
  query: {
    params: ['string'],
    call: async ([q], ctx) => {
      if (!ctx.query) throw new FuncError('no query function is configured');
      return ctx.query(str(q));
    },
  },
  first: {
    params: ['queryResult'],
    call: ([v]) => {
      const items = (v as QueryResult).items;
      if (items.length > 0) return items[0]!;
      throw new FuncError('first() called on vector with no elements');
    },
  },
  label: { params: ['string', 'sample'], call: ([l, s]) => sample(s).labels.m.get(str(l)) ?? '' },
  value: { params: ['sample'], call: ([s]) => sample(s).value },
  strvalue: { params: ['sample'], call: ([s]) => sample(s).labels.m.get('__value__') ?? '' },
  args: {
    params: [],
    variadic: 'any',
    call: (args) => new GoMap('any', new Map(args.map((a, i) => [`arg${i}`, a === undefined ? null : a]))),
  },
  reReplaceAll: {
    params: ['string', 'string', 'string'],
    call: ([pattern, repl, text]) => compileOrPanic(str(pattern)).replaceAllString(str(text), str(repl)),
  },
  safeHtml: { params: ['string'], call: ([t]) => new GoHTML(str(t)) },
  match: {
    params: ['string', 'string'],
    call: ([pattern, s]) => {
      try {
        return GoRegexp.compile(str(pattern)).matchString(str(s));
      } catch (e) {
        if (e instanceof GoRegexpError) throw new FuncError(e.message);
        throw e;
      }
    },
  },
  title: { params: ['string'], call: ([s]) => title(str(s)) },
  toUpper: { params: ['string'], call: ([s]) => mapRunes(str(s), true) },
  toLower: { params: ['string'], call: ([s]) => mapRunes(str(s), false) },
  graphLink: { params: ['string'], call: ([e]) => `/graph?g0.expr=${queryEscape(str(e))}&g0.tab=0` },
  tableLink: { params: ['string'], call: ([e]) => `/graph?g0.expr=${queryEscape(str(e))}&g0.tab=1` },
  sortByLabel: {
    params: ['string', 'queryResult'],
    call: ([label, v]) => {
      const r = v as QueryResult;
      const key = (s: Sample) => s.labels.m.get(str(label)) ?? '';
      r.items.sort((a, b) => compareGoStrings(key(a) as string, key(b) as string)); // stable, like sort.Stable
      return r;
    },
  },
  stripPort: {
    params: ['string'],
    call: ([hp]) => splitHostPort(str(hp))?.host ?? str(hp),
  },
  stripDomain: {
    params: ['string'],
    call: ([hp]) => {
      const hostPort = str(hp);
      const split = splitHostPort(hostPort);
      const host = split ? split.host : hostPort;
      if (isIP(host)) return hostPort;
      const short = host.split('.')[0]!;
      return split && split.port !== '' ? joinHostPort(short, split.port) : short;
    },
  },
  humanize: anyFloat(humanize),
  humanize1024: anyFloat(humanize1024),
  humanizeDuration: anyFloat(humanizeDuration),
  humanizePercentage: anyFloat((v) => sprintf('%.4g%%', [v * 100])),
  humanizeTimestamp: {
    params: ['any'],
    call: ([i]) => {
      const v = convertToFloat(i);
      if (!Number.isFinite(v)) return g4(v);
      return timeString(floatToTime(v));
    },
  },
  toTime: { params: ['any'], call: ([i]) => floatToTime(convertToFloat(i)) },
  pathPrefix: { params: [], call: (_args, ctx) => urlPath(ctx.externalURL) },
  externalURL: { params: [], call: (_args, ctx) => ctx.externalURL },
  parseDuration: {
    params: ['string'],
    call: ([d]) => Number(parseModelDuration(str(d))) / 1e9,
  },
};
