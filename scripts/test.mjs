// npm test: everything a fresh machine needs, then the whole suite, then one closing line
// "N passed, N failed, N skipped" computed from vitest's JSON report.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const report = path.join(root, 'test-results', 'vitest.json');
const summaryFile = path.join(root, 'test-results', 'summary.txt');

// System packages the suites need, by the command that proves they are installed. Later
// suites add theirs here.
const SYSTEM_PACKAGES = [
  { command: 'prometheus', apt: 'prometheus' },
  { command: 'chromium', apt: 'chromium' },
  { command: 'prometheus-alertmanager', apt: 'prometheus-alertmanager' },
];

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  return result.status ?? 1;
}

function ensureSystemPackages() {
  const missing = SYSTEM_PACKAGES.filter(({ command }) => spawnSync('sh', ['-c', `command -v ${command}`]).status !== 0);
  if (missing.length === 0) return;
  const apt = `apt-get install -y ${missing.map((p) => p.apt).join(' ')}`;
  if (process.getuid?.() !== 0) {
    console.error(`The tests need system packages that are not installed. Run:\n  sudo apt-get update && sudo ${apt}`);
    process.exit(1);
  }
  console.log(`Installing system packages: ${missing.map((p) => p.apt).join(' ')}`);
  if (run('sh', ['-c', `apt-get update -qq && DEBIAN_FRONTEND=noninteractive ${apt}`]) !== 0) process.exit(1);
}

ensureSystemPackages();

// The process tests exercise the real production build.
if (process.env.SKIP_BUILD !== '1' && run('npm', ['run', 'build', '--silent']) !== 0) {
  console.error('build failed');
  process.exit(1);
}

mkdirSync(path.dirname(report), { recursive: true });
const vitest = path.join(root, 'node_modules', 'vitest', 'vitest.mjs');
const status = run(process.execPath, [
  vitest,
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${report}`,
  ...process.argv.slice(2),
]);

if (!existsSync(report)) {
  console.error('vitest wrote no JSON report');
  writeFileSync(summaryFile, '0 passed, 1 failed\n');
  console.log('0 passed, 1 failed');
  process.exit(status || 1);
}
const results = JSON.parse(readFileSync(report, 'utf8'));
const passed = results.numPassedTests;
// Files that failed to load count as failures too, so a broken import cannot pass silently.
const failedFiles = results.testResults.filter((file) => file.status === 'failed' && file.assertionResults.length === 0).length;
const failed = results.numFailedTests + failedFiles;
const skipped = results.numPendingTests + results.numTodoTests;
const summary = `${passed} passed, ${failed} failed, ${skipped} skipped`;
writeFileSync(summaryFile, summary + '\n');
console.log(summary);
process.exit(failed > 0 || passed === 0 ? 1 : status);
