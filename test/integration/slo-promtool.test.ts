// The oracle for SLO burn-rate alerting. One SLO (99.9% over 7d), three scenarios with
// hand-computed firing times (test/fixtures/slo/burn-scenarios.test.yml: a fast burn that pages
// within minutes, a slow burn that opens tickets and never pages, a 2-minute spike that trips
// only the short windows), and the same expectations met three ways:
//   - real promtool 2.42 on toPrometheusRules() (recording rules + alerts on them), the file
//     teams load into their own Prometheus;
//   - real promtool 2.42 on the engine's rule group (sloRuleGroup() through the rule-file export);
//   - our engine on that same group (`npm run cli -- rules test`, which runs every rule through
//     the engine's evaluateAlertRule against a real Prometheus).
// So the exported rules fire when, and only when, the engine does, at the pinned eval_times.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { exportPrometheusRuleFile } from '../../lib/rules/rule-file';
import { ruleGroupInputSchema } from '../../lib/rules/rule-schema';
import { sloRuleGroup } from '../../lib/slo/alert-rules';
import { toPrometheusRules } from '../../lib/slo/exports/prometheus-rules';
import { errorAndTotalCountQueries, errorRatioQuery } from '../../lib/slo/sli-queries';
import { sliSchema, sloInputSchema } from '../../lib/slo/slo-schema';
import { SLO_TEMPLATES } from '../../lib/slo/slo-templates';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const SCENARIOS = path.join(ROOT, 'test', 'fixtures', 'slo', 'burn-scenarios.test.yml');
const RULES_FILE = 'slo-rules.yml'; // the name the scenarios' rule_files lists

// The SLO the scenarios are written for. Annotations are overridden with ones whose expected
// text can be worked out by hand ($value is the short-window error ratio); the generated ones
// are checked in test/unit/slo-alert-rules.test.ts.
const SLO = sloInputSchema.parse({
  name: 'checkout',
  objective: 99.9,
  window: '7d',
  sli: {
    type: 'ratio',
    errors: 'sum(rate(http_requests_total{job="checkout",code=~"5.."}[{{window}}]))',
    total: 'sum(rate(http_requests_total{job="checkout"}[{{window}}]))',
  },
  labels: { team: 'payments' },
  annotations: { summary: 'checkout SLO burn', description: '{{ $value | humanizePercentage }} of requests failed' },
  alerting: { runbookUrl: 'https://runbooks.example/checkout' },
});

let dir: string;
const forms = { exported: '', engine: '' };

/** Runs a command; resolves with its exit code and everything it printed. */
function run(command: string, args: string[], cwd: string, timeoutMs: number): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, output: `${stdout}${stderr}` });
    });
  });
}

async function writeForm(name: string, rules: string): Promise<string> {
  const formDir = path.join(dir, name);
  await mkdir(formDir);
  await writeFile(path.join(formDir, RULES_FILE), rules);
  await writeFile(path.join(formDir, 'burn-scenarios.test.yml'), await readFile(SCENARIOS, 'utf8'));
  return formDir;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'kubewatch-slo-'));
  forms.exported = await writeForm('exported', toPrometheusRules(SLO));
  forms.engine = await writeForm('engine', exportPrometheusRuleFile([ruleGroupInputSchema.parse(sloRuleGroup(SLO))]));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('SLO burn-rate alerts: promtool and our engine agree on the scenarios', () => {
  it('the exported rule file passes promtool check rules (7 recording rules, 4 alerts)', async () => {
    const result = await run('promtool', ['check', 'rules', RULES_FILE], forms.exported, 30_000);
    expect(result.output).toContain('SUCCESS: 11 rules found');
    expect(result.code).toBe(0);
  });

  it('promtool test rules: the exported recording + alerting rules meet every scenario', async () => {
    const result = await run('promtool', ['test', 'rules', 'burn-scenarios.test.yml'], forms.exported, 60_000);
    expect(result.output).toContain('SUCCESS');
    expect(result.code, result.output).toBe(0);
  });

  it("promtool test rules: the engine's rule group, exported, meets the same scenarios", async () => {
    const result = await run('promtool', ['test', 'rules', 'burn-scenarios.test.yml'], forms.engine, 60_000);
    expect(result.code, result.output).toBe(0);
  });

  it("our engine (rules test) meets the same scenarios on the engine's rule group", async () => {
    const cli = [`--import`, import.meta.resolve('tsx'), path.join(ROOT, 'scripts', 'cli.ts'), 'rules', 'test', 'burn-scenarios.test.yml'];
    const result = await run(process.execPath, cli, forms.engine, 170_000);
    expect(result.output).toContain('3 passed, 0 failed');
    expect(result.code, result.output).toBe(0);
  }, 180_000);

  it('the scenarios pin the firing time: a page expected one evaluation early, or late, fails in promtool', async () => {
    const scenarios = YAML.parse(await readFile(SCENARIOS, 'utf8'));
    const fast = scenarios.tests[0];
    const byTime = (t: string) => fast.alert_rule_test.find((a: { eval_time: string }) => a.eval_time === t);
    const pageAt1021 = byTime('1021m').exp_alerts;
    byTime('1020m').exp_alerts = pageAt1021; // early: nothing fires at t0 yet
    byTime('1021m').exp_alerts = []; // late: the page fires one minute after t0
    const early = path.join(forms.exported, 'early.test.yml');
    await writeFile(early, YAML.stringify({ ...scenarios, tests: [fast] }));
    const result = await run('promtool', ['test', 'rules', path.basename(early)], forms.exported, 60_000);
    expect(result.code).toBe(1);
    expect(result.output).toContain('alertname: SLOErrorBudgetBurn, time: 17h,');
    expect(result.output).toContain('alertname: SLOErrorBudgetBurn, time: 17h1m,');
  });
});

describe('SLI queries on real Prometheus 2.42 (promtool)', () => {
  it('every template and SLI kind exports to rules promtool loads', async () => {
    const slos = SLO_TEMPLATES.map((t) => sloInputSchema.parse(t.slo));
    const text = slos.map((slo) => toPrometheusRules(slo)).join('\n---\n');
    // promtool reads one document per file: check each.
    for (const [i, doc] of text.split('\n---\n').entries()) {
      await writeFile(path.join(dir, `template-${i}.yml`), doc);
      const result = await run('promtool', ['check', 'rules', `template-${i}.yml`], dir, 30_000);
      expect(result.code, result.output).toBe(0);
    }
  });

  it('ratios and counts come out as computed by hand', async () => {
    const latency = sliSchema.parse({ type: 'latency', metric: 'http_request_duration_seconds', selector: 'job="api"', thresholdSeconds: 0.5 });
    const errors = sliSchema.parse({ type: 'ratio', errors: 'sum(rate(req_total{code=~"5.."}[{{window}}]))', total: 'sum(rate(req_total[{{window}}]))' });
    // Only 5xx series exist: the good query has no result at all (a total outage).
    const outage = sliSchema.parse({ type: 'ratio', good: 'sum(rate(other_total{code!~"5.."}[{{window}}]))', total: 'sum(rate(other_total[{{window}}]))' });
    const at = (expr: string, value: number) => ({ expr, eval_time: '60m', exp_samples: [{ labels: '{}', value }] });
    const counts = (sli: typeof latency) => errorAndTotalCountQueries(sli, '1h');
    // Samples every minute from 0; at 60m a 1h range holds all 61, so rate = increase / 3600 s
    // and increase = last - first, without extrapolation.
    const test = {
      evaluation_interval: '1m',
      tests: [
        {
          interval: '1m',
          input_series: [
            // 45 of 60 requests a minute within 0.5s.
            { series: 'http_request_duration_seconds_bucket{job="api",le="0.5"}', values: '0+45x60' },
            { series: 'http_request_duration_seconds_bucket{job="api",le="+Inf"}', values: '0+60x60' },
            { series: 'http_request_duration_seconds_count{job="api"}', values: '0+60x60' },
            // 6 of 60 requests a minute fail.
            { series: 'req_total{code="200"}', values: '0+54x60' },
            { series: 'req_total{code="500"}', values: '0+6x60' },
            { series: 'other_total{code="503"}', values: '0+60x60' },
          ],
          promql_expr_test: [
            // 1 - 2700/3600 = 0.25; counts: all 3600, slow 3600 - 2700 = 900.
            at(errorRatioQuery(latency, '1h'), 0.25),
            at(counts(latency).errors, 900),
            at(counts(latency).total, 3600),
            // rates 360/3600 = 0.1 and 3600/3600 = 1: ratio 0.1; counts 0.1 * 3600 = 360 and 3600.
            at(errorRatioQuery(errors, '1h'), 0.1),
            at(counts(errors).errors, 360),
            at(counts(errors).total, 3600),
            // No good series: everything failed, ratio 1 (not an empty result); errors = total = 3600.
            at(errorRatioQuery(outage, '1h'), 1),
            at(counts(outage).errors, 3600),
            at(counts(outage).total, 3600),
          ],
        },
      ],
    };
    await writeFile(path.join(dir, 'queries.test.yml'), YAML.stringify(test));
    const result = await run('promtool', ['test', 'rules', 'queries.test.yml'], dir, 30_000);
    expect(result.code, result.output).toBe(0);
  });
});
