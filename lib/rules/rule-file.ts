// Prometheus rule files and PrometheusRule resources: import (parse, then toRuleGroupInputs) and
// export. The pieces live in rule-file-*.ts; this is the module to import from.
export { exportPrometheusRule, exportPrometheusRuleFile } from './rule-file-export';
export { toRuleGroupInputs } from './rule-file-import';
export { parseRuleFile } from './rule-file-parse';
export type {
  ExportableGroup,
  GroupExtensions,
  ParsedRuleFile,
  ParsedRuleGroup,
  ParsedRuleItem,
  RuleFileProblem,
} from './rule-file-types';
