import { Document } from 'yaml';
import { SLO_ALERT_NAME } from '../alert-rules';
import { burnRateWindows, sloWindowMs } from '../burn-rate-windows';
import { goodOrZero, latencySelectors } from '../sli-queries';
import type { Slo, SloWindow } from '../slo-schema';
import { fillWindow } from '../window-placeholder';
import { slugify } from './slug';

// Sloth (github.com/slok/sloth) `prometheus/v1` specs. Sloth wants events queries: error_query
// and total_query, each with Sloth's `{{.window}}` placeholder, and divides them. The SLO period
// is not part of the spec but a flag of `sloth generate`; Sloth's built-in tables (30d, 28d) keep
// the workbook's 1h…3d windows for every period, ours scale them (burn-rate-windows.ts), so
// toSlothAlertWindows writes our table as an `alertWindows/v1` file to load with
// --slo-period-windows-path. For 30d both tables are the same.

const SLOTH_WINDOW = '{{.window}}';

/** The SLI as Sloth events queries (errors and total per second over `{{.window}}`). */
export function slothEventQueries(sli: Slo['sli']): { error_query: string; total_query: string } {
  if (sli.type === 'latency') {
    const { fast, all } = latencySelectors(sli);
    const total = `sum(rate(${all}[${SLOTH_WINDOW}]))`;
    // Slow requests: all of them minus those in the threshold's bucket.
    return { error_query: `${total} - sum(rate(${fast}[${SLOTH_WINDOW}]))`, total_query: total };
  }
  const total = fillWindow(sli.total, SLOTH_WINDOW);
  const errors = sli.errors !== undefined ? fillWindow(sli.errors, SLOTH_WINDOW) : `(${total}) - ${goodOrZero(fillWindow(sli.good!, SLOTH_WINDOW), total)}`;
  return { error_query: errors, total_query: total };
}

export interface SlothExportOptions {
  /** Sloth's `service` (default "kubewatch"); the Sloth SLO id is `<service>-<slo name>`. */
  service?: string;
}

export function toSlothSpec(slo: Slo, options: SlothExportOptions = {}): string {
  const service = slugify(options.service ?? 'kubewatch');
  const annotations = { ...(slo.alerting.runbookUrl ? { runbook_url: slo.alerting.runbookUrl } : {}), ...slo.annotations };
  const alert = (enabled: boolean, severity: string) => (enabled ? { labels: { severity } } : { disable: true });
  const spec = {
    version: 'prometheus/v1',
    service,
    slos: [
      {
        name: slugify(slo.name),
        objective: slo.objective,
        ...(slo.description ? { description: slo.description } : {}),
        // Our alerts carry the SLO's name as `slo`; Sloth's own labels are sloth_slo etc.
        labels: { slo: slo.name },
        sli: { events: slothEventQueries(slo.sli) },
        alerting: {
          name: SLO_ALERT_NAME,
          ...(slo.labels && Object.keys(slo.labels).length > 0 ? { labels: slo.labels } : {}),
          ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
          page_alert: alert(slo.alerting.page, 'page'),
          ticket_alert: alert(slo.alerting.ticket, 'ticket'),
        },
      },
    ],
  };
  const doc = new Document(spec);
  doc.commentBefore =
    ` Sloth spec for the Kubewatch SLO "${slo.name}" (${slo.objective}% over ${slo.window}). Generate the rules with\n` +
    `   sloth generate -i <this file> --default-slo-period=${slo.window} --slo-period-windows-path=<dir>\n` +
    ` where <dir> holds Kubewatch's alert windows for ${slo.window} (the alertWindows/v1 file exported next to this one).`;
  return doc.toString({ lineWidth: 0 });
}

/** Our burn-rate table for `window` as a Sloth `alertWindows/v1` file. */
export function toSlothAlertWindows(window: SloWindow): string {
  const [pageQuick, pageSlow, ticketQuick, ticketSlow] = burnRateWindows(sloWindowMs(window));
  const row = (w: NonNullable<typeof pageQuick>) => ({
    errorBudgetPercent: Math.round(w.budgetShare * 100 * 1e6) / 1e6,
    shortWindow: w.short,
    longWindow: w.long,
  });
  const doc = new Document({
    version: 'alertWindows/v1',
    sloPeriod: window,
    page: { quick: row(pageQuick!), slow: row(pageSlow!) },
    ticket: { quick: row(ticketQuick!), slow: row(ticketSlow!) },
  });
  doc.commentBefore = ` Kubewatch's multiwindow multi-burn-rate table for ${window} SLOs: the SRE Workbook's 30d windows scaled by ${window}/30d.`;
  return doc.toString({ lineWidth: 0 });
}
