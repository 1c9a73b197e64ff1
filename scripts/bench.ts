// npm run bench [-- --only latency,scale,api,soak] [--soak-minutes 10] [--trials 8] [--stagger 37]
//               [--scale-clusters 25,50,100,200] [--scale-rules 50] [--scale-extra-rules 100,200,300]
//               [--scale-cycles 3]
//               [--api-seconds 10] [--api-clusters 50] [--wait-quiet-minutes 15]
//
// The benchmarks of issue 9, each section also alone (`--only latency`):
//   latency  alert latency, ours vs Prometheus 2.42 + Alertmanager 0.25 (scripts/bench/latency.ts)
//   scale    N clusters x M rules one worker evaluates on time (scripts/bench/scale.ts)
//   api      REST API load with autocannon against the built web process (scripts/bench/api.ts)
//   soak     evaluation + delivery + API load together, memory slope (scripts/bench/soak.ts)
// Prints a markdown table per section and writes every figure to
// bench-results/bench-<ISO 8601 basic time>.json. Needs a build (`npm run build`) and the Debian
// packages prometheus and prometheus-alertmanager. Everything listens on 127.0.0.1; every load
// loop is bounded in count and time. docs/benchmarks.md explains the figures.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { competingProcesses, machineInfo, progress, ROOT, waitForBuild, waitForQuietMachine } from './bench/common';

const SECTIONS = ['latency', 'scale', 'api', 'soak'] as const;
type Section = (typeof SECTIONS)[number];

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    'soak-minutes': { type: 'string', default: '10' },
    trials: { type: 'string', default: '8' },
    stagger: { type: 'string', default: '37' },
    'scale-clusters': { type: 'string', default: '25,50,100,200' },
    'scale-rules': { type: 'string', default: '50' },
    'scale-extra-rules': { type: 'string', default: '100,200,300' },
    'scale-cycles': { type: 'string', default: '3' },
    'api-seconds': { type: 'string', default: '10' },
    'api-clusters': { type: 'string', default: '50' },
    'wait-quiet-minutes': { type: 'string', default: '15' },
  },
  strict: true,
});

function numberOption(name: keyof typeof values, min: number, max: number): number {
  const value = Number(values[name]);
  if (!Number.isFinite(value) || value < min || value > max) throw new Error(`--${name} must be a number from ${min} to ${max} (got ${values[name]})`);
  return value;
}

/** ISO 8601 basic format (no colons, so the file name works everywhere): 20261122T101112Z. */
const isoBasic = (date: Date) => date.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');

async function main() {
  const only = values.only ? values.only.split(',').map((s) => s.trim()) : [...SECTIONS];
  for (const name of only) if (!SECTIONS.includes(name as Section)) throw new Error(`unknown section "${name}" (sections: ${SECTIONS.join(', ')})`);
  const sections = SECTIONS.filter((s) => only.includes(s));
  const soakMinutes = numberOption('soak-minutes', 1, 120);
  const trials = numberOption('trials', 1, 10);
  const stagger = numberOption('stagger', 5, 120);
  const scaleClusters = values['scale-clusters']!.split(',').map(Number);
  if (scaleClusters.some((n) => !Number.isInteger(n) || n < 1 || n > 200)) throw new Error('--scale-clusters: a list of cluster counts from 1 to 200');
  const scaleRules = numberOption('scale-rules', 1, 500);
  const scaleExtraRules = values['scale-extra-rules']!.split(',').filter(Boolean).map(Number);
  if (scaleExtraRules.some((n) => !Number.isInteger(n) || n < 1 || n > 500)) throw new Error('--scale-extra-rules: a list of rule counts from 1 to 500 (empty for none)');
  const scaleCycles = numberOption('scale-cycles', 1, 10);
  const apiSeconds = numberOption('api-seconds', 2, 120);
  const apiClusters = numberOption('api-clusters', 1, 200);
  const quietMs = numberOption('wait-quiet-minutes', 0, 60) * 60_000;

  const startedAt = new Date();
  const resultsDir = path.join(ROOT, 'bench-results');
  await mkdir(resultsDir, { recursive: true });
  const logDir = path.join(resultsDir, `logs-${isoBasic(startedAt)}`);
  await mkdir(logDir, { recursive: true });
  const file = path.join(resultsDir, `bench-${isoBasic(startedAt)}.json`);
  const report: Record<string, unknown> = {
    startedAt: startedAt.toISOString(),
    command: `npx tsx scripts/bench.ts ${process.argv.slice(2).join(' ')}`.trim(),
    machine: machineInfo(),
    sections: {},
  };
  const save = () => writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
  await waitForBuild();

  for (const section of sections) {
    const busy = await waitForQuietMachine(quietMs);
    await waitForBuild(); // a rebuild by someone else removes it for a while
    if (busy.length) progress(`WARNING: still running during "${section}" (figures may be distorted): ${busy.join(' | ').slice(0, 300)}`);
    progress(`section ${section}`);
    const sectionStart = Date.now();
    // Test runs or builds that start during the section share the CPU: note every one seen.
    const seenDuring = new Set<string>();
    const watch = setInterval(() => competingProcesses().forEach((p) => seenDuring.add(p.slice(0, 200))), 20_000);
    let result: { markdown: string } & Record<string, unknown>;
    try {
      switch (section) {
        case 'latency':
          result = await (await import('./bench/latency')).runLatency({ trials, staggerSeconds: stagger, logDir });
          break;
        case 'scale':
          result = await (await import('./bench/scale')).runScale({ clusters: scaleClusters, rules: scaleRules, extraRules: scaleExtraRules, cycles: scaleCycles });
          break;
        case 'api':
          result = await (await import('./bench/api')).runApi({ seconds: apiSeconds, clusters: apiClusters, logDir });
          break;
        case 'soak':
          result = await (await import('./bench/soak')).runSoak({ minutes: soakMinutes, logDir });
          break;
      }
    } catch (error) {
      clearInterval(watch);
      progress(`section ${section} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      (report.sections as Record<string, unknown>)[section] = { error: error instanceof Error ? error.message : String(error) };
      await save();
      process.exitCode = 1;
      continue;
    }
    clearInterval(watch);
    competingProcesses().forEach((p) => seenDuring.add(p.slice(0, 200)));
    if (seenDuring.size) progress(`WARNING: other work ran during "${section}": its figures may be distorted`);
    const { markdown, ...figures } = result;
    (report.sections as Record<string, unknown>)[section] = { sectionSeconds: Math.round((Date.now() - sectionStart) / 1000), competingProcessesDuring: [...seenDuring], ...figures, markdown };
    await save();
    process.stdout.write(`\n## ${section}\n\n${markdown}\n${seenDuring.size ? `\n(Other work ran during this section: ${seenDuring.size} test/build process(es); figures may be distorted.)\n` : ''}`);
  }
  report.finishedAt = new Date().toISOString();
  await save();
  process.stdout.write(`\nresults: ${path.relative(ROOT, file)} (process logs in ${path.relative(ROOT, logDir)}/)\n`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
