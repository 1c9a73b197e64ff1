// Matching and ranking for the global search: plain functions, no database, unit-tested.

/** The kinds of things the search finds, in the order the palette shows them. */
export const SEARCH_KINDS = ['cluster', 'alert', 'ruleGroup', 'rule', 'slo'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

/** One searchable text of a candidate, with how much a hit in it counts. */
export interface SearchField {
  text: string;
  weight: number;
}

/** Splits a query into lower-case terms; `key=value` stays one term so labels match as a pair. */
export function searchTerms(query: string): string[] {
  return [...new Set(query.toLowerCase().split(/\s+/).filter(Boolean))];
}

/** Labels as the `key=value` texts a person types (and sees in the UI). */
export function labelTexts(labels: unknown): string[] {
  if (!labels || typeof labels !== 'object' || Array.isArray(labels)) return [];
  return Object.entries(labels as Record<string, unknown>).map(([k, v]) => `${k}=${String(v)}`);
}

/**
 * The score of a candidate for the terms, or 0 when some term matches none of its fields (every
 * term must match somewhere). Per term, the best field counts: an exact match weighs 3x, a prefix
 * (of the text or of a word in it) 2x, any other substring 1x, times the field's weight.
 */
export function scoreFields(terms: string[], fields: SearchField[]): number {
  if (terms.length === 0) return 0;
  let total = 0;
  for (const term of terms) {
    let best = 0;
    for (const field of fields) {
      const text = field.text.toLowerCase();
      const at = text.indexOf(term);
      if (at < 0) continue;
      const kind = text === term ? 3 : at === 0 || /[\s=,./_:-]/.test(text[at - 1]!) || wordStart(text, term) ? 2 : 1;
      best = Math.max(best, kind * field.weight);
    }
    if (best === 0) return 0;
    total += best;
  }
  return total;
}

function wordStart(text: string, term: string): boolean {
  return text.split(/[\s=,./_:-]+/).some((word) => word.startsWith(term));
}

/** The best `limit` candidates by score (then by title), dropping those that do not match. */
export function rank<T extends { title: string }>(terms: string[], candidates: { item: T; fields: SearchField[] }[], limit: number): (T & { score: number })[] {
  return candidates
    .map(({ item, fields }) => ({ ...item, score: scoreFields(terms, fields) }))
    .filter((c) => c.score > 0)
    .sort((a, b) => b.score - a.score || a.title.localeCompare(b.title))
    .slice(0, limit);
}
