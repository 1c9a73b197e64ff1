// `npm run cli -- rules test` against promtool 2.42 as the oracle: every conformance file and
// our own cases get the same verdict (exit code) and the same failure report as promtool gives.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
// A copy of ../shared/conformance (kept equal by test/unit/conformance-copy.test.ts), so a clean
// clone runs these on its own.
const CONFORMANCE = path.join(ROOT, 'test', 'fixtures', 'conformance', 'promtool');
const OWN = path.join(ROOT, 'test', 'fixtures', 'promtool');

const testFiles = (dir: string) => readdirSync(dir).filter((f) => /\.test\.yml$|^(unittest|failing|test)\.yml$/.test(f)).map((f) => path.join(dir, f));
const FILES = [
  ...testFiles(path.join(CONFORMANCE, 'cases')),
  ...testFiles(path.join(CONFORMANCE, 'upstream-v2.42.0', 'cmd-promtool-testdata')),
  ...testFiles(path.join(CONFORMANCE, 'upstream-v2.42.0', 'docs-example')),
  ...testFiles(OWN),
];

/** The failure report without headers, blank lines or the summary, to compare line by line. */
function failureLines(output: string): string[] {
  return output
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line && !line.startsWith('Unit Testing:') && !/^\d+ passed, \d+ failed$/.test(line));
}

function run(command: string, args: string[], cwd: string) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: 240_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('rules test agrees with promtool test rules', () => {
  it('covers the conformance files, including the one meant to fail', () => {
    expect(FILES.map((f) => path.basename(f))).toEqual(expect.arrayContaining(['failing.yml', 'unittest.yml', '11-templating.test.yml', 'engine-failing.test.yml']));
  });

  it.each(FILES.map((f) => [path.relative(path.dirname(CONFORMANCE), f), f]))('%s', (_name, file) => {
    const dir = path.dirname(file);
    const promtool = run('promtool', ['test', 'rules', path.basename(file)], dir);
    const ours = run(process.execPath, ['--import', import.meta.resolve('tsx'), path.join(ROOT, 'scripts', 'cli.ts'), 'rules', 'test', path.basename(file)], dir);
    expect(promtool.status === 0 ? 'pass' : 'fail', promtool.output).toBe(/failing/.test(file) ? 'fail' : 'pass');
    expect(ours.status, ours.output).toBe(promtool.status);
    expect(failureLines(ours.output)).toEqual(failureLines(promtool.output).filter((line) => !line.startsWith('  SUCCESS') || ours.status === 0));
    expect(ours.output).toMatch(/^\d+ passed, \d+ failed$/m);
  }, 300_000);
});
