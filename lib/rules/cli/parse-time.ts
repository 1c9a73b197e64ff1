import { parseDuration } from '../../time/duration';

/** A command-line time: RFC 3339, Unix seconds, `now`, or `now-<duration>`. */
export function parseCliTime(text: string, now: Date): number {
  const relative = /^now(?:-(.+))?$/.exec(text);
  if (relative) return now.getTime() - (relative[1] ? parseDuration(relative[1]) : 0);
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const ms = Date.parse(text);
  if (Number.isNaN(ms) || !/^\d{4}-\d\d-\d\dT/.test(text)) throw new Error(`not a time: "${text}" (RFC 3339, Unix seconds, now or now-24h)`);
  return ms;
}
