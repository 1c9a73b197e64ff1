// Label sets as people type them: `alertname=HighCPU, cluster=prod-eu, severity=critical`
// (values may be "quoted", the whole may be wrapped in {}), and the silence matchers that select
// one alert's labels.

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Splits on commas and line breaks outside double quotes. */
function splitPairs(text: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\' && quoted) {
      current += c + (text[i + 1] ?? '');
      i++;
      continue;
    }
    if (c === '"') quoted = !quoted;
    if (!quoted && (c === ',' || c === '\n')) {
      parts.push(current);
      current = '';
      continue;
    }
    current += c;
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter(Boolean);
}

/** `name=value` pairs as labels, or what is wrong with them. */
export function parseLabelPairs(text: string): { ok: true; labels: Record<string, string> } | { ok: false; message: string } {
  const body = text.trim().replace(/^\{([\s\S]*)\}$/, '$1');
  const labels: Record<string, string> = {};
  for (const pair of splitPairs(body)) {
    const eq = pair.indexOf('=');
    if (eq <= 0) return { ok: false, message: `“${pair}” is not name=value` };
    const name = pair.slice(0, eq).trim();
    let value = pair.slice(eq + 1).trim();
    if (!LABEL_NAME.test(name)) return { ok: false, message: `“${name}” is not a label name (letters, digits and _; not starting with a digit)` };
    if (value.startsWith('"')) {
      try {
        value = JSON.parse(value) as string;
      } catch {
        return { ok: false, message: `the value of ${name} has an unclosed or malformed quote` };
      }
    }
    labels[name] = value;
  }
  if (Object.keys(labels).length === 0) return { ok: false, message: 'enter at least one label, e.g. alertname=HighCPU' };
  return { ok: true, labels };
}

/** `name="value"` with the value quoted as PromQL strings are. */
export const equalityMatcher = (name: string, value: string) => `${name}=${JSON.stringify(value)}`;

/** The silences page with a new silence prefilled with these labels as matchers (alertname first). */
export function silenceHref(labels: Record<string, string>): string {
  const names = Object.keys(labels).sort((a, b) => (a === 'alertname' ? -1 : b === 'alertname' ? 1 : a.localeCompare(b)));
  const params = new URLSearchParams({ new: '1' });
  for (const name of names) params.append('matcher', equalityMatcher(name, labels[name]!));
  return `/notifications/silences?${params.toString()}#new-silence`;
}
