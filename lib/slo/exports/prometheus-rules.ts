import { Document } from 'yaml';
import { formatPromMatchers } from '../../prometheus/matchers';
import { burnRateAlertRules, enabledBurnRateWindows, sloRuleGroupName } from '../alert-rules';
import { burnRateWindows, sloWindowMs } from '../burn-rate-windows';
import { errorRatioQuery } from '../sli-queries';
import type { Slo } from '../slo-schema';

// A Prometheus rule file for teams that evaluate the SLO inside their cluster (Prometheus,
// Thanos Ruler, a PrometheusRule): one recording rule per window, `slo:sli_error:ratio_rate<w>`
// labelled with the SLO's name (Sloth's naming), then the same alerts as the engine's, written
// on the recorded series. Rules of a group run in order and each sees the samples the ones
// before it wrote at the same evaluation, so the alerts read this evaluation's ratios.
//
// The recorded series of the two windows differ only in their metric name, which `and`
// ignores when it matches series, so `short > t and long > t` needs no `ignoring(...)` (Sloth
// adds a window label and therefore needs one). There is no cluster scoping: the file runs
// against one cluster's data.

/** The recorded error ratio over `window` ("5m" → "slo:sli_error:ratio_rate5m"). */
export function errorRatioRecordName(window: string): string {
  return `slo:sli_error:ratio_rate${window}`;
}

const HEADER = (slo: Slo) =>
  ` SLO "${slo.name}": ${slo.objective}% over ${slo.window}. Exported by Kubewatch: error ratios recorded per\n` +
  ' window, multiwindow multi-burn-rate alerts on them (Google SRE Workbook). Check with `promtool check rules`.';

export function toPrometheusRules(slo: Slo): string {
  // Windows of the enabled alerts; with alerting off, all four rows' windows (for dashboards,
  // and a rule group cannot be empty).
  const enabled = enabledBurnRateWindows(slo);
  const rows = enabled.length > 0 ? enabled : burnRateWindows(sloWindowMs(slo.window));
  const windows = [...new Map(rows.flatMap((row) => [[row.shortMs, row.short], [row.longMs, row.long]] as const)).entries()]
    .sort(([a], [b]) => a - b)
    .map(([, text]) => text);
  const sloMatcher = formatPromMatchers([{ name: 'slo', type: '=', value: slo.name }]);
  const records = windows.map((window) => ({
    record: errorRatioRecordName(window),
    expr: errorRatioQuery(slo.sli, window),
    labels: { slo: slo.name },
  }));
  const alerts = burnRateAlertRules(slo, (window) => `${errorRatioRecordName(window)}${sloMatcher}`).map((rule) => ({
    alert: rule.alert,
    expr: rule.expr,
    labels: { severity: rule.severity!, ...rule.labels },
    annotations: rule.annotations,
  }));
  const doc = new Document({ groups: [{ name: sloRuleGroupName(slo), interval: '1m', rules: [...records, ...alerts] }] });
  doc.commentBefore = HEADER(slo);
  return doc.toString({ lineWidth: 0 });
}
