import { readFileSync } from 'node:fs';
import { prometheusConnectionSchema } from '../../clusters/connection-schema';
import { createPrometheusClient } from '../../prometheus/client';
import { systemClock } from '../../time/clock';
import { parseDuration } from '../../time/duration';
import { backtestRule, RangeBackedQuery, type BacktestResult } from '../backtest';
import { toEngineRule } from '../engine-rule';
import { parseRuleFile } from '../rule-file';
import { parseCliTime } from './parse-time';

export interface BacktestCommand {
  prometheus: string;
  rules: string;
  start: string;
  end: string;
  interval: string;
  json: boolean;
}

/** `rules backtest`: every alert rule of a Prometheus rule file over a past range, with the live engine's code. */
export async function runBacktestCommand(command: BacktestCommand, print: (line: string) => void): Promise<number> {
  const now = systemClock.now();
  const intervalMs = parseDuration(command.interval);
  const startMs = Math.ceil(parseCliTime(command.start, now) / intervalMs) * intervalMs;
  const endMs = Math.floor(parseCliTime(command.end, now) / intervalMs) * intervalMs;
  if (startMs >= endMs) throw new Error('--start must be before --end (by at least one interval)');

  const parsed = parseRuleFile(readFileSync(command.rules, 'utf8'), { fileName: command.rules });
  for (const problem of parsed.problems) print(`${command.rules}:${problem.line}:${problem.column}: ${problem.severity}: ${problem.message}`);
  if (parsed.problems.some((p) => p.severity === 'error')) return 1;

  const client = createPrometheusClient(prometheusConnectionSchema.parse({ url: command.prometheus }), { timeoutMs: 60_000 });
  const query = new RangeBackedQuery(client, startMs, endMs, intervalMs);
  const results: Array<BacktestResult & { group: string }> = [];
  for (const group of parsed.groups) {
    for (const [i, item] of group.items.entries()) {
      if (item.kind === 'record') {
        print(`${command.rules}:${item.line}: recording rule ${item.record} is not backtested (alert rules that use it query what Prometheus recorded)`);
        continue;
      }
      const rule = toEngineRule(`${group.name}#${i}`, item.rule);
      results.push({ group: group.name, ...(await backtestRule(rule, { query, startMs, endMs, intervalMs, identityLabels: {}, externalURL: '' })) });
    }
  }
  if (command.json) {
    print(JSON.stringify(results.map(({ series: _series, ...rest }) => rest), null, 2));
    return 0;
  }
  for (const result of results) printResult(result, print);
  return 0;
}

function printResult(result: BacktestResult & { group: string }, print: (line: string) => void) {
  const firing = result.notifications.filter((n) => n.status === 'firing').length;
  print(`${result.group} / ${result.alert}: ${result.evaluations} evaluations, ${result.instances.length} instances, ${firing} firing notifications${result.errors.count ? `, ${result.errors.count} failed evaluations (${result.errors.first})` : ''}`);
  for (const instance of result.instances) {
    const labels = Object.entries(instance.labels).filter(([name]) => name !== 'alertname').map(([name, value]) => `${name}="${value}"`).join(', ');
    print(`  {${labels}}`);
    for (const interval of instance.intervals) print(`    ${interval.state.padEnd(7)} ${interval.start} .. ${interval.end ?? '(still at the end)'}`);
  }
}
