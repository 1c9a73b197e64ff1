import { formatDuration } from '../time/duration';
import type { BurnRateWindow } from './burn-rate-windows';
import { allowedErrorRatio, formatPercent } from './objective';
import type { Slo } from './slo-schema';

// The summary and description of a burn-rate alert. They are Go templates (Prometheus' template
// language) where `$labels` are the labels of the query's result, NOT the rule's labels: the
// usual sum() leaves none, so the SLO's name and numbers are written in as text (the schema
// keeps template syntax out of names). `$value` is the alert expression's value, the error ratio
// over the short window. The cluster is named when there is one: the engine adds `cluster` to
// `$labels` per cluster; a rule file evaluated inside one cluster has none.

const DAY_MS = 24 * 3600_000;

/** "30d", "2d2h", "11h40m": days and below, never weeks (formatDuration would say "4w2d"). */
export function formatSpan(ms: number): string {
  const days = Math.floor(ms / DAY_MS);
  const rest = Math.round(ms - days * DAY_MS);
  if (days === 0) return formatDuration(rest);
  return rest === 0 ? `${days}d` : `${days}d${formatDuration(rest)}`;
}

export function burnRateAnnotations(slo: Pick<Slo, 'name' | 'objective' | 'window'>, row: BurnRateWindow, periodMs: number): { summary: string; description: string } {
  const allowed = allowedErrorRatio(slo.objective);
  const threshold = row.factor * allowed;
  const exhaustion = formatSpan(periodMs / row.factor);
  return {
    summary: `SLO ${slo.name}: error budget burning over ${row.factor}× the sustainable rate (${row.long} and ${row.short} windows)`,
    description:
      `{{ $value | humanizePercentage }} of requests failed over the last ${row.short}{{ with $labels.cluster }} in cluster {{ . }}{{ end }}; ` +
      `over both ${row.long} and ${row.short} more than ${formatPercent(threshold)} failed, ${row.factor}× the ` +
      `${formatPercent(allowed)} error budget of the ${slo.objective}% objective. At that rate ${formatPercent(row.budgetShare)} ` +
      `of the ${slo.window} error budget burns every ${row.long}, and all of it within ${exhaustion}.`,
  };
}
