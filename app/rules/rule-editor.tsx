'use client';

// One alert rule inside the group editor. Every input carries the id `rule-<n>-<field>` and shows
// the server's issues at `rules.<n>.<field>`.
import { useState, type ReactNode } from 'react';
import { problemsAt, type FieldProblem } from '../components/api-client';
import { PromQLEditor } from '../components/promql-editor';
import { BacktestPanel } from './backtest-panel';
import { KeyValueRows } from './key-value-rows';
import { draftExpr, OUTCOMES, SEVERITY_CHOICES, type Outcome, type RuleDraft } from './rule-draft';
import { ThresholdBuilder } from './threshold-builder';

interface Props {
  rule: RuleDraft;
  index: number;
  issues: FieldProblem[];
  onChange: (patch: Partial<RuleDraft>) => void;
  onRemove?: () => void;
  clusterId: string;
  clusterName?: string;
  interval: string;
  /** Shown but not editable (the surrounding fieldset is disabled; CodeMirror needs telling). */
  readOnly?: boolean;
}

const OUTCOME_HELP: Record<'noData' | 'error', string> = {
  noData: 'When the query returns no series. “Normal” resolves the alert, as Prometheus does.',
  error: 'When the cluster’s Prometheus cannot be queried (down, timeout, bad response).',
};

export function RuleEditor({ rule, index, issues, onChange, onRemove, clusterId, clusterName, interval, readOnly = false }: Props) {
  const prefix = `rule-${index}`;
  const at = (field: string) => problemsAt(issues, `rules.${index}.${field}`);
  const [customSeverity, setCustomSeverity] = useState(rule.severity !== '' && !(SEVERITY_CHOICES as readonly string[]).includes(rule.severity));

  const field = (name: string, path: string, label: ReactNode, input: ReactNode, hint?: ReactNode) => {
    const problems = at(path);
    return (
      <div className="field">
        <label htmlFor={`${prefix}-${name}`}>{label}</label>
        {input}
        {hint && (
          <span className="hint" id={`${prefix}-${name}-hint`}>
            {hint}
          </span>
        )}
        {problems.length > 0 && (
          <p className="error" id={`${prefix}-${name}-error`}>
            {problems.join('; ')}
          </p>
        )}
      </div>
    );
  };
  const aria = (name: string, path: string, hint = false) => {
    const invalid = at(path).length > 0;
    const describedBy = [hint ? `${prefix}-${name}-hint` : '', invalid ? `${prefix}-${name}-error` : ''].filter(Boolean).join(' ');
    return { id: `${prefix}-${name}`, 'aria-invalid': invalid, ...(describedBy ? { 'aria-describedby': describedBy } : {}) };
  };

  function switchMode(mode: RuleDraft['mode']) {
    // Leaving the builder keeps its query as the starting point of the PromQL.
    if (mode === 'promql' && rule.mode === 'threshold' && !rule.expr.trim()) onChange({ mode, expr: draftExpr(rule) });
    else onChange({ mode });
  }

  const outcomeSelect = (name: 'noDataState' | 'errorState', label: string, help: string) =>
    field(
      name,
      name,
      label,
      <select {...aria(name, name, true)} value={rule[name]} onChange={(e) => onChange({ [name]: e.target.value as Outcome })}>
        {OUTCOMES.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>,
      help,
    );

  return (
    <fieldset className="rule-card" data-testid={`rule-${index}`}>
      <legend>
        Rule {index + 1}
        {rule.alert ? `: ${rule.alert}` : ''}
      </legend>
      <div className="rule-grid">
        {field('alert', 'alert', 'Alert name', <input {...aria('alert', 'alert', true)} value={rule.alert} onChange={(e) => onChange({ alert: e.target.value })} placeholder="NodeHighCPU" spellCheck={false} />, 'Letters, digits and _ (the alertname label).')}
        <label className="row checkbox">
          <input type="checkbox" checked={rule.enabled} onChange={(e) => onChange({ enabled: e.target.checked })} /> Enabled
        </label>
      </div>

      <div className="mode-toggle" role="radiogroup" aria-label={`Rule ${index + 1} condition type`}>
        {(['promql', 'threshold'] as const).map((mode) => (
          <label key={mode} className={rule.mode === mode ? 'selected' : ''}>
            <input type="radio" name={`${prefix}-mode`} value={mode} checked={rule.mode === mode} onChange={() => switchMode(mode)} />
            {mode === 'promql' ? 'PromQL' : 'Threshold builder'}
          </label>
        ))}
      </div>

      {rule.mode === 'promql' ? (
        <PromQLEditor
          id={`${prefix}-expr`}
          label="PromQL expression"
          value={rule.expr}
          onChange={(expr) => onChange({ expr })}
          clusterId={clusterId || undefined}
          problems={at('expr')}
          readOnly={readOnly}
          placeholder='e.g. 100 * (1 - avg by (instance) (rate(node_cpu_seconds_total{mode="idle"}[5m]))) > 90'
          hint="Every series the expression returns is one alert instance. Ctrl+Space suggests functions and, with a cluster chosen, metric names."
        />
      ) : (
        <ThresholdBuilder rule={rule} prefix={prefix} onChange={onChange} problems={{ metric: at('threshold.metric'), value: [...at('threshold.value'), ...at('threshold.operator')], expr: at('expr') }} />
      )}

      <div className="rule-grid">
        {field('for', 'for', 'For', <input {...aria('for', 'for', true)} value={rule.for} onChange={(e) => onChange({ for: e.target.value })} placeholder="5m" />, 'Pending this long before firing (0s fires at once).')}
        {field('keepFiringFor', 'keepFiringFor', 'Keep firing for', <input {...aria('keepFiringFor', 'keepFiringFor', true)} value={rule.keepFiringFor} onChange={(e) => onChange({ keepFiringFor: e.target.value })} placeholder="0s" />, 'Stay firing this long after the condition clears.')}
        <div className="field">
          <label htmlFor={`${prefix}-severity`}>Severity</label>
          <select
            {...aria('severity', 'severity')}
            value={customSeverity ? '__custom' : rule.severity}
            onChange={(e) => {
              const custom = e.target.value === '__custom';
              setCustomSeverity(custom);
              onChange({ severity: custom ? '' : e.target.value });
            }}
          >
            {SEVERITY_CHOICES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
            <option value="">none (no severity label)</option>
            <option value="__custom">custom…</option>
          </select>
          {customSeverity && (
            <>
              <label className="visually-hidden" htmlFor={`${prefix}-severity-custom`}>
                Custom severity
              </label>
              <input id={`${prefix}-severity-custom`} value={rule.severity} onChange={(e) => onChange({ severity: e.target.value })} placeholder="page" />
            </>
          )}
          {at('severity').length > 0 && (
            <p className="error" id={`${prefix}-severity-error`}>
              {at('severity').join('; ')}
            </p>
          )}
        </div>
        {field(
          'recoveryThreshold',
          'recoveryThreshold',
          'Recovery threshold (optional)',
          <input {...aria('recoveryThreshold', 'recoveryThreshold', true)} inputMode="decimal" value={rule.recoveryThreshold} onChange={(e) => onChange({ recoveryThreshold: e.target.value })} placeholder="e.g. 80" />,
          'Once active, resolve only when the value crosses this number (fire above 90, resolve below 80).',
        )}
        {outcomeSelect('noDataState', 'If there is no data', OUTCOME_HELP.noData)}
        {outcomeSelect('errorState', 'If the query fails', OUTCOME_HELP.error)}
      </div>

      <KeyValueRows id={`${prefix}-labels`} legend="Labels" rows={rule.labels} onChange={(labels) => onChange({ labels })} problems={at('labels')} hint="Added to every instance (e.g. team=db); used for routing." keyPlaceholder="team" />
      <KeyValueRows
        id={`${prefix}-annotations`}
        legend="Annotations"
        rows={rule.annotations}
        onChange={(annotations) => onChange({ annotations })}
        problems={at('annotations')}
        multiline
        hint="Shown in notifications; Go templates work: {{ $labels.instance }}, {{ $value | humanize }}."
        keyPlaceholder="summary"
      />

      <BacktestPanel rule={rule} index={index} clusterId={clusterId} clusterName={clusterName} interval={interval} />

      {onRemove && (
        <div className="actions">
          <button type="button" className="button secondary small" onClick={onRemove}>
            Remove rule {index + 1}
          </button>
        </div>
      )}
    </fieldset>
  );
}
