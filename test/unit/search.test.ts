import { describe, expect, it } from 'vitest';
import { labelTexts, rank, scoreFields, searchTerms } from '../../lib/search/match';
import { searchQuerySchema } from '../../lib/search/search';

describe('search terms and scores', () => {
  it('splits on whitespace, lower-cases and deduplicates', () => {
    expect(searchTerms('  Prod  env=PROD prod ')).toEqual(['prod', 'env=prod']);
    expect(searchTerms('   ')).toEqual([]);
  });

  it('labels become key=value texts', () => {
    expect(labelTexts({ env: 'prod', region: 'eu' })).toEqual(['env=prod', 'region=eu']);
    expect(labelTexts(null)).toEqual([]);
    expect(labelTexts(['x'])).toEqual([]);
  });

  it('every term must match some field', () => {
    const fields = [{ text: 'prod-eu', weight: 4 }, { text: 'env=prod', weight: 2 }];
    expect(scoreFields(['prod', 'eu'], fields)).toBeGreaterThan(0);
    expect(scoreFields(['prod', 'us'], fields)).toBe(0);
    expect(scoreFields([], fields)).toBe(0);
  });

  it('exact beats prefix beats substring, and field weights count', () => {
    const exact = scoreFields(['prod'], [{ text: 'prod', weight: 1 }]);
    const prefix = scoreFields(['prod'], [{ text: 'production', weight: 1 }]);
    const wordPrefix = scoreFields(['eu'], [{ text: 'prod-eu', weight: 1 }]);
    const inside = scoreFields(['rod'], [{ text: 'production', weight: 1 }]);
    expect(exact).toBeGreaterThan(prefix);
    expect(prefix).toBe(wordPrefix);
    expect(prefix).toBeGreaterThan(inside);
    expect(scoreFields(['prod'], [{ text: 'prod', weight: 4 }])).toBeGreaterThan(exact);
  });

  it('ranks best first, title as tie-break, drops misses and keeps the limit', () => {
    const c = (title: string, text: string) => ({ item: { title }, fields: [{ text, weight: 1 }] });
    const ranked = rank(['db'], [c('b', 'xdbx'), c('a', 'db'), c('z', 'other'), c('c', 'xdbx'), c('d', 'db-main')], 3);
    expect(ranked.map((r) => r.title)).toEqual(['a', 'd', 'b']);
  });
});

describe('search query', () => {
  it('needs q; limit defaults to 8 and stays within 1..50', () => {
    expect(searchQuerySchema.parse({ q: ' prod ' })).toEqual({ q: 'prod', limit: 8 });
    expect(searchQuerySchema.parse({ q: 'x', limit: '50' }).limit).toBe(50);
    for (const limit of ['0', '51', 'abc', '2.5', '-1']) expect(searchQuerySchema.safeParse({ q: 'x', limit }).success, limit).toBe(false);
    expect(searchQuerySchema.safeParse({}).success).toBe(false);
    expect(searchQuerySchema.safeParse({ q: '   ' }).success).toBe(false);
    expect(searchQuerySchema.safeParse({ q: 'x', other: '1' }).success).toBe(false);
  });
});
