/**
 * Prometheus duration strings ("1h30m", "10s", "500ms", "1d", "2w", "1y"), as in
 * prometheus/common model.ParseDuration: units in descending order, each at most once.
 */
const UNIT_MS: Record<string, number> = {
  y: 365 * 24 * 3600_000,
  w: 7 * 24 * 3600_000,
  d: 24 * 3600_000,
  h: 3600_000,
  m: 60_000,
  s: 1000,
  ms: 1,
};

const DURATION_RE =
  /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;
const UNITS_IN_ORDER = ['y', 'w', 'd', 'h', 'm', 's', 'ms'] as const;

/** Parses a Prometheus duration into milliseconds; throws on anything else. */
export function parseDuration(text: string): number {
  if (text === '0') return 0;
  const match = DURATION_RE.exec(text);
  if (!text || !match || match.slice(1).every((part) => part === undefined)) {
    throw new Error(`not a valid duration: "${text}" (expected e.g. 30s, 5m, 1h30m)`);
  }
  return UNITS_IN_ORDER.reduce((total, unit, i) => {
    const part = match[i + 1];
    return part === undefined ? total : total + Number(part) * UNIT_MS[unit]!;
  }, 0);
}

/** Formats milliseconds the way Prometheus prints durations ("1h30m", "0s"). */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  let rest = ms;
  let out = '';
  for (const unit of UNITS_IN_ORDER) {
    const size = UNIT_MS[unit]!;
    const count = Math.floor(rest / size);
    if (count > 0) {
      out += `${count}${unit}`;
      rest -= count * size;
    }
  }
  return out;
}
