// SLI queries are PromQL with a `{{window}}` placeholder for the range, e.g.
// `sum(rate(http_requests_total{code=~"5.."}[{{window}}]))`: the same query is evaluated over the
// short and long alert windows and over cache buckets. Sloth writes the placeholder as
// `{{.window}}`; both spellings (and inner spaces) are accepted and stored as `{{window}}`.

export const WINDOW_PLACEHOLDER = '{{window}}';

const PLACEHOLDER_SPELLINGS_RE = /\{\{\s*\.?window\s*\}\}/g;

/** The query with every spelling of the placeholder written as `{{window}}`. */
export function normalizeWindowPlaceholder(query: string): string {
  return query.replace(PLACEHOLDER_SPELLINGS_RE, WINDOW_PLACEHOLDER);
}

/** The query with `{{window}}` replaced by a Prometheus duration (e.g. "5m"). */
export function fillWindow(query: string, window: string): string {
  return query.replaceAll(WINDOW_PLACEHOLDER, window);
}

/** How many times the (normalized) query uses the placeholder. */
export function countWindowPlaceholders(query: string): number {
  return query.split(WINDOW_PLACEHOLDER).length - 1;
}
