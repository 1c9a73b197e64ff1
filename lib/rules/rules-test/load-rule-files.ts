import { readFileSync } from 'node:fs';
import { parseDuration } from '../../time/duration';
import { toEngineRule } from '../engine-rule';
import type { EngineRule, Labels } from '../engine/types';
import { parseRuleFile } from '../rule-file';

/** A rule group as the test runner evaluates it: alert rules for the engine, recording rules as queries. */
export interface LoadedRuleGroup {
  name: string;
  intervalMs?: number;
  items: Array<{ kind: 'alert'; key: string; rule: EngineRule } | { kind: 'record'; key: string; record: string; expr: string; labels: Labels }>;
}

/**
 * Reads rule files with the product's own rule-file parser. Errors (anything Prometheus or our
 * schema rejects) fail the file, as promtool fails when its rule manager cannot load a file;
 * "unsupported" notes (fields the import would not keep) do not matter to a test run.
 */
export function loadRuleFiles(files: readonly string[]): { groups: LoadedRuleGroup[]; errors: string[] } {
  const groups: LoadedRuleGroup[] = [];
  const errors: string[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      errors.push(`${file}: ${(error as Error).message}`);
      continue;
    }
    const parsed = parseRuleFile(text, { fileName: file });
    for (const problem of parsed.problems.filter((p) => p.severity === 'error')) {
      errors.push(`${file}:${problem.line}:${problem.column}: ${problem.path}: ${problem.message}`);
    }
    for (const [g, group] of parsed.groups.entries()) {
      groups.push({
        name: group.name,
        ...(group.interval ? { intervalMs: parseDuration(group.interval) } : {}),
        items: group.items.map((item, i) => {
          const key = `${file}#${g}#${i}`;
          return item.kind === 'alert'
            ? { kind: 'alert' as const, key, rule: toEngineRule(key, item.rule) }
            : { kind: 'record' as const, key, record: item.record, expr: item.expr, labels: item.labels };
        }),
      });
    }
  }
  return { groups, errors };
}

/** Groups in group_eval_order when given (unlisted ones after, in file order), else file order. */
export function orderGroups(groups: readonly LoadedRuleGroup[], order: readonly string[]): LoadedRuleGroup[] {
  if (order.length === 0) return [...groups];
  const rank = (g: LoadedRuleGroup) => (order.includes(g.name) ? order.indexOf(g.name) : order.length);
  return [...groups].sort((a, b) => rank(a) - rank(b));
}
