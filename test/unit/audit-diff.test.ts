import { describe, expect, it } from 'vitest';
import { diffViews } from '../../lib/audit/record-audit';

describe('audit diffs', () => {
  it('lists changed leaf fields with dotted paths', () => {
    expect(diffViews({ a: 1, b: { c: 'x', d: 'y' } }, { a: 1, b: { c: 'z', d: 'y' }, e: true })).toEqual({
      'b.c': { from: 'x', to: 'z' },
      e: { from: null, to: true },
    });
  });

  it('lists a created object field by field, and a deleted one too', () => {
    expect(diffViews(undefined, { name: 'prod', labels: { env: 'prod' } })).toEqual({
      name: { from: null, to: 'prod' },
      'labels.env': { from: null, to: 'prod' },
    });
    expect(diffViews({ name: 'prod' }, undefined)).toEqual({ name: { from: 'prod', to: null } });
    expect(diffViews(undefined, { name: 'prod', description: null })).toEqual({ name: { from: null, to: 'prod' } });
  });

  it('treats arrays and scalars as values', () => {
    expect(diffViews({ list: [1, 2] }, { list: [1, 3] })).toEqual({ list: { from: [1, 2], to: [1, 3] } });
    expect(diffViews('a', 'b')).toEqual({ '(value)': { from: 'a', to: 'b' } });
    expect(diffViews({ same: [1] }, { same: [1] })).toEqual({});
  });
});
