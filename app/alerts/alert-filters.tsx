import type { ClusterChoice } from '../rules/rule-group-editor';

export interface AlertFilterValues {
  state?: string;
  cluster?: string;
  severity?: string;
  filter?: string;
  alertname?: string;
}

const SEVERITIES = ['critical', 'warning', 'info'];

/** The filters as a plain GET form: the URL holds them, so refresh and links keep them. */
export function AlertFilters({ values, clusters, filterProblem }: { values: AlertFilterValues; clusters: ClusterChoice[]; filterProblem?: string }) {
  const severities = values.severity && !SEVERITIES.includes(values.severity) ? [...SEVERITIES, values.severity] : SEVERITIES;
  const active = Object.values(values).some(Boolean);
  return (
    <form className="filter alert-filters" method="get" role="search" aria-label="Filter alerts">
      <div className="field">
        <label htmlFor="alert-state">State</label>
        <select id="alert-state" name="state" defaultValue={values.state ?? ''}>
          <option value="">firing and pending</option>
          <option value="firing">firing</option>
          <option value="pending">pending</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor="alert-cluster">Cluster</label>
        <select id="alert-cluster" name="cluster" defaultValue={values.cluster ?? ''}>
          <option value="">all clusters</option>
          {clusters.map((c) => (
            <option key={c.id} value={c.name}>
              {c.label}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="alert-severity">Severity</label>
        <select id="alert-severity" name="severity" defaultValue={values.severity ?? ''}>
          <option value="">any</option>
          {severities.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </div>
      <div className="field grow">
        <label htmlFor="alert-filter">Label matchers</label>
        <input id="alert-filter" name="filter" defaultValue={values.filter ?? ''} placeholder={'namespace="kube-system", pod=~"api.*"'} spellCheck={false} aria-invalid={Boolean(filterProblem)} aria-describedby={filterProblem ? 'alert-filter-error' : 'alert-filter-hint'} />
        {filterProblem ? (
          <span className="error" id="alert-filter-error">
            {filterProblem}
          </span>
        ) : (
          <span className="hint" id="alert-filter-hint">
            Prometheus matchers on the alert labels
          </span>
        )}
      </div>
      {values.alertname && <input type="hidden" name="alertname" value={values.alertname} />}
      <div className="filter-buttons">
        <button className="button secondary" type="submit">
          Filter
        </button>
        {active && (
          <a className="button secondary" href="/alerts">
            Clear
          </a>
        )}
      </div>
    </form>
  );
}
