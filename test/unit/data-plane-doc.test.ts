import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLUSTER_QUERIES } from '../../lib/collect/cluster-queries';

describe('docs/data-plane.md', () => {
  it('lists every overview query exactly as the code runs it', () => {
    const doc = readFileSync(path.resolve(import.meta.dirname, '..', '..', 'docs', 'data-plane.md'), 'utf8');
    for (const [name, query] of Object.entries(CLUSTER_QUERIES)) {
      expect(doc, name).toContain(`| ${name} | \`${query.replace(/\|/g, '\\|')}\` |`);
    }
  });
});
