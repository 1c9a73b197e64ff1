/**
 * Label sets as Prometheus 2.42 handles them (model/labels, a sorted slice of name/value pairs),
 * with Go's string ordering and quoting, so that comparisons and messages match promtool's.
 */

export interface Label {
  name: string;
  value: string;
}

/** A label set sorted by name (duplicates are kept, as labels.New does). */
export type Labels = readonly Label[];

/**
 * Go compares strings bytewise (UTF-8), i.e. by code point. JavaScript's `<` compares UTF-16 code
 * units, which differs only when a surrogate (astral character) meets U+E000..U+FFFF.
 */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const xSurrogate = x >= 0xd800 && x <= 0xdfff;
    const ySurrogate = y >= 0xd800 && y <= 0xdfff;
    if (xSurrogate !== ySurrogate) return xSurrogate ? 1 : -1;
    return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

/** Sorts by name (stable, like sort.Sort on a small slice for our purposes). */
export function sortLabels(labels: Iterable<Label>): Label[] {
  return [...labels].sort((a, b) => compareStrings(a.name, b.name));
}

/** labels.FromMap: a map's entries sorted by name. */
export function labelsFromRecord(record: Readonly<Record<string, string>>): Label[] {
  return sortLabels(Object.entries(record).map(([name, value]) => ({ name, value })));
}

/** labels.Compare: pairwise by name then value; with all pairs equal, the shorter set first. */
export function compareLabels(a: Labels, b: Labels): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const byName = compareStrings(a[i]!.name, b[i]!.name);
    if (byName !== 0) return byName;
    const byValue = compareStrings(a[i]!.value, b[i]!.value);
    if (byValue !== 0) return byValue;
  }
  return a.length - b.length;
}

export function labelsEqual(a: Labels, b: Labels): boolean {
  return a.length === b.length && a.every((l, i) => l.name === b[i]!.name && l.value === b[i]!.value);
}

/** labels.Labels.String(): `{a="1", b="2"}`. */
export function formatLabels(labels: Labels): string {
  return `{${labels.map((l) => `${l.name}=${goQuote(l.value)}`).join(', ')}}`;
}

/** A key identifying a label set (for maps), unambiguous for any names and values. */
export function labelsKey(labels: Labels): string {
  return JSON.stringify(labels.map((l) => [l.name, l.value]));
}

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;
const SHORT_ESCAPES: Record<number, string> = { 7: '\\a', 8: '\\b', 12: '\\f', 10: '\\n', 13: '\\r', 9: '\\t', 11: '\\v' };

function quoteWith(text: string, quote: string): string {
  let out = quote;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (ch === quote || ch === '\\') out += `\\${ch}`;
    else if (cp >= 0xd800 && cp <= 0xdfff) out += '\\ufffd'; // lone surrogate: not valid UTF-8 in Go either
    else if (PRINTABLE.test(ch)) out += ch;
    else if (SHORT_ESCAPES[cp]) out += SHORT_ESCAPES[cp];
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else if (cp < 0x10000) out += `\\u${cp.toString(16).padStart(4, '0')}`;
    else out += `\\U${cp.toString(16).padStart(8, '0')}`;
  }
  return out + quote;
}

/** Go's strconv.Quote (what `%q` prints for a string). */
export function goQuote(text: string): string {
  return quoteWith(text, '"');
}

/** Go's strconv.QuoteRune (what `%q` prints for a rune). */
export function goQuoteRune(ch: string): string {
  return quoteWith(ch, "'");
}
