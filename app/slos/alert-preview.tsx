'use client';

// The burn-rate alerts an SLO generates, computed as it is typed (burnRateWindows is pure): per
// row the windows, the factor, the error ratio both windows must exceed and the budget share a
// row stands for. The same table the server turns into the generated rule group.
import { burnRateWindows, sloWindowMs } from '@/lib/slo/burn-rate-windows';
import { allowedErrorRatio, formatPercent } from '@/lib/slo/objective';
import type { SloWindow } from '@/lib/slo/slo-schema';
import { durationText } from '../components/format';

export function AlertPreview({ objective, window, page, ticket }: { objective: number | undefined; window: SloWindow; page: boolean; ticket: boolean }) {
  const periodMs = sloWindowMs(window);
  const rows = burnRateWindows(periodMs);
  const allowed = objective === undefined ? undefined : allowedErrorRatio(objective);
  const enabled = rows.filter((r) => (r.severity === 'page' ? page : ticket));
  return (
    <aside className="card slo-preview stack-container" aria-labelledby="slo-preview-title" data-testid="alert-preview">
      <h2 id="slo-preview-title">Alerts this SLO generates</h2>
      {allowed === undefined ? (
        <p className="hint">Type an objective between 0 and 100 to see the error budget and the alert thresholds.</p>
      ) : (
        <p className="slo-budget-summary">
          Error budget: <strong>{formatPercent(allowed)}</strong> of events over {window}, i.e. <strong>{durationText(allowed * periodMs)}</strong> of full outage.
        </p>
      )}
      {enabled.length === 0 ? (
        <p className="hint">Page and ticket alerts are both off: the SLO is tracked, nothing alerts.</p>
      ) : (
        <table className="stack-table slo-alert-table">
          <thead>
            <tr>
              <th scope="col">Severity</th>
              <th scope="col">Long / short window</th>
              <th scope="col">Fires above</th>
              <th scope="col">Budget used</th>
            </tr>
          </thead>
          <tbody>
            {enabled.map((row) => (
              <tr key={`${row.severity}-${row.long}`}>
                <td data-label="Severity">
                  <span className={`severity severity-slo-${row.severity}`}>{row.severity}</span>
                </td>
                <td data-label="Windows" className="nowrap">
                  {row.long} / {row.short}
                </td>
                <td data-label="Fires above">
                  {allowed === undefined ? '—' : `${formatPercent(row.factor * allowed)} errors`}
                  <span className="cell-note">burn rate {row.factor}×</span>
                </td>
                <td data-label="Budget used">
                  {formatPercent(row.budgetShare)}
                  <span className="cell-note">in {row.long}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="hint">
        An alert fires while the error ratio over <em>both</em> its long and its short window is above factor × (1 − objective); the short window lets it resolve soon after the
        problem ends. Alerts carry the labels <code>slo</code>, <code>severity</code>, <code>long_window</code> and <code>short_window</code>.
      </p>
    </aside>
  );
}
