// test/fixtures/conformance is a copy of the team's ../shared/conformance (expected results from
// the real tools), so a clean clone can run the conformance tests. Where the shared copy exists,
// the two must be identical.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const OURS = path.join(ROOT, 'test', 'fixtures', 'conformance');
const SHARED = path.resolve(ROOT, '..', 'shared', 'conformance');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full).map((f) => path.join(name, f)) : [name];
  });
}

describe('conformance data copy', () => {
  it('holds the promtool cases', () => expect(files(OURS)).toContain(path.join('promtool', 'upstream-v2.42.0', 'cmd-promtool-testdata', 'failing.yml')));

  it.runIf(existsSync(SHARED))('equals ../shared/conformance file for file', () => {
    const shared = files(SHARED).filter((f) => f.startsWith('promtool') || f.startsWith('alertmanager')).sort();
    expect(files(OURS).sort()).toEqual(shared);
    for (const file of shared) expect(readFileSync(path.join(OURS, file), 'utf8'), file).toBe(readFileSync(path.join(SHARED, file), 'utf8'));
  });
});
