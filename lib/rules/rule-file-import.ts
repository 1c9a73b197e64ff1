import type { ParsedRuleFile, ParsedRuleGroup, RuleFileProblem } from './rule-file-types';
import { type AlertRuleInput, type RuleGroupInput, ruleGroupInputSchema } from './rule-schema';

// From a parsed rule file to the groups the product imports: alert rules only (recording rules
// stay in Prometheus), group settings checked against our group schema. Everything left out is
// a problem; the parse problems come first, so one list explains the whole import.

const groupSettingsSchema = ruleGroupInputSchema.omit({ rules: true });
const MAX_RULES = 500;

export function toRuleGroupInputs(parsed: ParsedRuleFile): { groups: RuleGroupInput[]; problems: RuleFileProblem[] } {
  const problems = [...parsed.problems];
  const groups: RuleGroupInput[] = [];
  for (const group of parsed.groups) {
    const rules = group.items.flatMap((item) => (item.kind === 'alert' ? [item.rule] : []));
    for (const item of group.items) {
      if (item.kind !== 'record') continue;
      problems.push({
        line: item.line,
        column: item.column,
        path: item.path,
        name: item.record,
        message: `recording rule "${item.record}" is not imported: Kubewatch runs alerting rules only, keep it in Prometheus${usedBy(item.record, rules)}`,
        severity: 'unsupported',
      });
    }
    const input = toGroupInput(group, rules, problems);
    if (input) groups.push(input);
  }
  problems.sort((a, b) => a.line - b.line || a.column - b.column);
  return { groups, problems };
}

function toGroupInput(group: ParsedRuleGroup, rules: AlertRuleInput[], problems: RuleFileProblem[]): RuleGroupInput | undefined {
  const at = { line: group.line, column: group.column, name: group.name };
  if (rules.length === 0) {
    problems.push({ ...at, path: group.path, message: `group "${group.name}" has no alerting rules to import`, severity: 'unsupported' });
    return undefined;
  }
  if (rules.length > MAX_RULES) {
    problems.push({ ...at, path: `${group.path}.rules`, message: `a group has at most ${MAX_RULES} rules (this one has ${rules.length})`, severity: 'error' });
    return undefined;
  }
  const settings = groupSettingsSchema.safeParse({ name: group.name, ...(group.interval ? { interval: group.interval } : {}), ...group.kubewatch });
  if (!settings.success) {
    for (const issue of settings.error.issues) {
      const field = issue.path.join('.');
      const where = field === 'interval' || field === 'name' ? `.${field}` : `#kubewatch.${field}`;
      problems.push({ ...at, path: group.path + where, message: `${field}: ${issue.message}`, severity: 'error' });
    }
    return undefined;
  }
  return { ...settings.data, rules };
}

/** ", used by alert X" when an imported alert's expr names the recorded metric. */
function usedBy(record: string, rules: AlertRuleInput[]): string {
  const name = new RegExp(`(?<![A-Za-z0-9_:])${record.replace(/[^A-Za-z0-9_:]/g, '')}(?![A-Za-z0-9_:])`);
  const users = rules.filter((rule) => name.test(rule.expr)).map((rule) => rule.alert);
  return users.length === 0 ? '' : ` (used by ${[...new Set(users)].join(', ')}, which see no data unless Prometheus records it)`;
}
