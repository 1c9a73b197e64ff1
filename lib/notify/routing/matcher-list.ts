// Matcher lists as routes, silences and inhibit rules write them: an array of strings, each either
// one matcher (`severity="critical"`, `cluster=~"prod-.*"`, or Alertmanager's unquoted
// `severity = critical`) or a braced set (`{a="b", c=~"x|y"}`). All matchers of a list must match.

import { z } from 'zod';
import {
  formatPromMatchers,
  matchesPromMatchers,
  parsePromMatchers,
  type PromMatcher,
} from '../../prometheus/matchers';

export type { PromMatcher };

const UNQUOTED = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*(.*?)\s*$/s;
const MATCHER_TYPE_ORDER: Readonly<Record<PromMatcher['type'], number>> = { '=': 0, '!=': 1, '=~': 2, '!~': 3 };

/** Parses one entry of a matcher list; throws PromMatcherError with a readable message. */
export function parseMatcherText(text: string): PromMatcher[] {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) return parsePromMatchers(trimmed);
  try {
    return parsePromMatchers(`{${trimmed}}`);
  } catch (error) {
    // Alertmanager also accepts an unquoted value (`severity = critical`); quote it and re-check.
    const unquoted = UNQUOTED.exec(trimmed);
    const value = unquoted?.[3];
    if (unquoted && value !== undefined && !/^["'`]/.test(value)) {
      const matcher = { name: unquoted[1]!, type: unquoted[2] as PromMatcher['type'], value };
      return parsePromMatchers(formatPromMatchers([matcher]));
    }
    throw error;
  }
}

// Parsing is pure, and the same few strings are matched against every alert: keep them parsed.
const parsedCache = new Map<string, PromMatcher[]>();
const CACHE_LIMIT = 10_000;

/** Parses and concatenates a matcher list (all entries must match). */
export function parseMatcherList(texts: readonly string[]): PromMatcher[] {
  const all: PromMatcher[] = [];
  for (const text of texts) {
    let parsed = parsedCache.get(text);
    if (!parsed) {
      parsed = parseMatcherText(text);
      if (parsedCache.size >= CACHE_LIMIT) parsedCache.clear();
      parsedCache.set(text, parsed);
    }
    all.push(...parsed);
  }
  return all;
}

/** Whether labels satisfy every matcher of the list (missing labels count as ""). */
export function matchesMatcherList(texts: readonly string[], labels: Readonly<Record<string, string>>): boolean {
  return matchesPromMatchers(parseMatcherList(texts), labels);
}

/** Whether one matcher is satisfied by labels, for explanations. */
export function matchesOne(matcher: PromMatcher, labels: Readonly<Record<string, string>>): boolean {
  return matchesPromMatchers([matcher], labels);
}

/** One matcher printed canonically, e.g. `cluster=~"prod-.*"`. */
export function formatMatcher(matcher: PromMatcher): string {
  return formatPromMatchers([matcher]).slice(1, -1);
}

/**
 * Matchers sorted and printed like Alertmanager's labels.Matchers.String() (by name, value,
 * then type): `{level!="critical",owner="team-A"}`, `{}` when empty.
 */
export function formatSortedMatchers(matchers: readonly PromMatcher[]): string {
  if (matchers.length === 0) return '{}';
  const sorted = [...matchers].sort(
    (a, b) =>
      compareStrings(a.name, b.name) ||
      compareStrings(a.value, b.value) ||
      MATCHER_TYPE_ORDER[a.type] - MATCHER_TYPE_ORDER[b.type],
  );
  return formatPromMatchers(sorted);
}

/**
 * Alertmanager's silence check: an `=` matcher with an empty value or an `=~` matcher whose regex
 * matches "" counts as matching the empty string; negative matchers never do.
 */
export function matcherMatchesEmpty(matcher: PromMatcher): boolean {
  if (matcher.type === '=' || matcher.type === '=~') return matchesPromMatchers([matcher], {});
  return false;
}

/** A zod string that must be a valid matcher-list entry. */
export const matcherTextSchema = z.string().superRefine((text, ctx) => {
  try {
    parseMatcherText(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    ctx.addIssue({ code: 'custom', message: `invalid matcher ${JSON.stringify(text)}: ${detail}` });
  }
});

/** Compares strings by code unit, as Go compares strings (close enough outside astral planes). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
