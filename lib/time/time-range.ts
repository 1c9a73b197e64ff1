// The time range of the chart pages: a preset relative to now (`?range=1h`) or an absolute
// window (`?from=ISO&to=ISO`). Plain functions shared by the picker, the charts and the tests;
// no dependency, so the chart pages' bundles stay small.

export const RANGE_PRESETS = [
  { key: '15m', seconds: 15 * 60, label: 'Last 15 minutes' },
  { key: '1h', seconds: 3600, label: 'Last hour' },
  { key: '6h', seconds: 6 * 3600, label: 'Last 6 hours' },
  { key: '24h', seconds: 86_400, label: 'Last 24 hours' },
  { key: '7d', seconds: 7 * 86_400, label: 'Last 7 days' },
] as const;

export type RangePreset = (typeof RANGE_PRESETS)[number]['key'];
export type TimeRange = { kind: 'preset'; preset: RangePreset } | { kind: 'absolute'; from: number; to: number };

export const DEFAULT_RANGE: TimeRange = { kind: 'preset', preset: '1h' };
/** The shortest and longest absolute window the picker accepts. */
export const MIN_SPAN_MS = 60_000;
export const MAX_SPAN_MS = 90 * 86_400_000;

export type RangeParse = { ok: true; range: TimeRange } | { ok: false; field: 'range' | 'from' | 'to'; message: string };

const presetOf = (key: string) => RANGE_PRESETS.find((p) => p.key === key);

/** An instant from a URL or form: ISO 8601 with or without offset (without one it is local time). */
function instant(text: string): number {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(text)) return NaN;
  return Date.parse(text);
}

/** Checks an absolute window; `now` bounds it (no window wholly in the future). */
export function checkAbsolute(fromText: string, toText: string, now: number): RangeParse {
  if (!fromText.trim()) return { ok: false, field: 'from', message: 'Enter a start time.' };
  if (!toText.trim()) return { ok: false, field: 'to', message: 'Enter an end time.' };
  const from = instant(fromText.trim());
  const to = instant(toText.trim());
  if (Number.isNaN(from)) return { ok: false, field: 'from', message: `"${fromText}" is not a date and time (YYYY-MM-DDTHH:MM).` };
  if (Number.isNaN(to)) return { ok: false, field: 'to', message: `"${toText}" is not a date and time (YYYY-MM-DDTHH:MM).` };
  if (to <= from) return { ok: false, field: 'to', message: 'The end must be after the start.' };
  if (to - from < MIN_SPAN_MS) return { ok: false, field: 'to', message: 'The window must be at least 1 minute long.' };
  if (to - from > MAX_SPAN_MS) return { ok: false, field: 'from', message: 'The window can be at most 90 days long.' };
  if (from >= now) return { ok: false, field: 'from', message: 'The start must be in the past.' };
  return { ok: true, range: { kind: 'absolute', from, to } };
}

/** The range in a page's query (`range`, or `from` and `to`); null when it names none. */
export function parseRangeParams(params: { get(name: string): string | null }, now: number): RangeParse | null {
  const range = params.get('range');
  const from = params.get('from');
  const to = params.get('to');
  if (from !== null || to !== null) return checkAbsolute(from ?? '', to ?? '', now);
  if (range === null) return null;
  const preset = presetOf(range);
  if (!preset) return { ok: false, field: 'range', message: `Unknown range "${range}": one of ${RANGE_PRESETS.map((p) => p.key).join(', ')}.` };
  return { ok: true, range: { kind: 'preset', preset: preset.key } };
}

/** The query parameters that carry a range (the others of a page are kept by the caller). */
export function rangeParams(range: TimeRange): Record<string, string> {
  return range.kind === 'preset' ? { range: range.preset } : { from: new Date(range.from).toISOString(), to: new Date(range.to).toISOString() };
}

/** `range`, `from`, `to` set for `range` in `search`, every other parameter kept. */
export function withRange(search: string, range: TimeRange): string {
  const params = new URLSearchParams(search);
  for (const name of ['range', 'from', 'to']) params.delete(name);
  for (const [name, value] of Object.entries(rangeParams(range))) params.set(name, value);
  return params.toString();
}

/** The window in epoch milliseconds at `now`. */
export function resolveRange(range: TimeRange, now: number): { start: number; end: number } {
  if (range.kind === 'absolute') return { start: range.from, end: range.to };
  return { start: now - presetOf(range.preset)!.seconds * 1000, end: now };
}

/** A Prometheus step giving about 240 points, never under 15 s. */
export function stepSeconds(start: number, end: number): number {
  return Math.max(15, Math.round((end - start) / 1000 / 240));
}

/** What the picker's button says. */
export function rangeLabel(range: TimeRange): string {
  if (range.kind === 'preset') return presetOf(range.preset)!.label;
  const fmt = (t: number) => new Date(t).toISOString().slice(0, 16).replace('T', ' ');
  return `${fmt(range.from)} to ${fmt(range.to)} UTC`;
}

/** For localStorage: the same text as the query string. */
export function serializeRange(range: TimeRange): string {
  return new URLSearchParams(rangeParams(range)).toString();
}

export function deserializeRange(text: string | null, now: number): TimeRange | null {
  if (!text) return null;
  const parsed = parseRangeParams(new URLSearchParams(text), now);
  return parsed?.ok ? parsed.range : null;
}

/** A `<input type="datetime-local">` value (local time, minutes) for an instant. */
export function toLocalInput(t: number): string {
  const d = new Date(t);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
