// Text formatting shared by server pages and client components (no 'use client': a server page
// cannot call functions exported from a client module).

/** "2026-11-22 06:31:05 UTC": the same text on the server and in any browser (no hydration mismatch). */
export function utcText(iso: string): string {
  return `${new Date(iso).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** "1h 5m", "45s", "3d 2h": the two largest units. */
export function durationText(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const units: [number, string][] = [
    [Math.floor(s / 86_400), 'd'],
    [Math.floor((s % 86_400) / 3600), 'h'],
    [Math.floor((s % 3600) / 60), 'm'],
    [s % 60, 's'],
  ];
  const first = units.findIndex(([n]) => n > 0);
  if (first < 0) return '0s';
  return units
    .slice(first, first + 2)
    .filter(([n]) => n > 0)
    .map(([n, unit]) => `${n}${unit}`)
    .join(' ');
}

/** "5m ago" relative to `now` (passed in, so server and client agree until the next refresh). */
export const agoText = (iso: string, now: number) => `${durationText(now - Date.parse(iso))} ago`;

/** A sample value: Prometheus's special values arrive as strings ("NaN", "+Inf"). */
export const valueText = (value: number | string) =>
  typeof value === 'string' ? value : Number.isInteger(value) ? String(value) : Math.abs(value) >= 1000 ? value.toFixed(0) : value.toPrecision(4);
