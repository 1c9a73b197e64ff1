'use client';

import { METRIC_TEMPLATE_IDS, METRIC_TEMPLATES, THRESHOLD_OPERATORS, type MetricTemplateId, type ThresholdOperator } from '@/lib/rules/threshold';
import { draftExpr, type RuleDraft } from './rule-draft';

const OPERATOR_WORDS: Record<ThresholdOperator, string> = { '>': 'above', '>=': 'at or above', '<': 'below', '<=': 'at or below', '==': 'equal to', '!=': 'not equal to' };

/** Metric template + operator + value, with the PromQL it compiles to shown as it is typed. */
export function ThresholdBuilder({ rule, prefix, onChange, problems }: { rule: RuleDraft; prefix: string; onChange: (patch: Partial<RuleDraft>) => void; problems: { metric: string[]; value: string[]; expr: string[] } }) {
  const unit = METRIC_TEMPLATES[rule.metric].unit;
  const compiled = draftExpr(rule);
  return (
    <div className="threshold-builder">
      <div className="field">
        <label htmlFor={`${prefix}-metric`}>Metric</label>
        <select id={`${prefix}-metric`} value={rule.metric} onChange={(e) => onChange({ metric: e.target.value as MetricTemplateId })} aria-invalid={problems.metric.length > 0}>
          {METRIC_TEMPLATE_IDS.map((id) => (
            <option key={id} value={id}>
              {METRIC_TEMPLATES[id].title}
            </option>
          ))}
        </select>
        {problems.metric.length > 0 && <p className="error">{problems.metric.join('; ')}</p>}
      </div>
      <div className="row threshold-condition">
        <div className="field">
          <label htmlFor={`${prefix}-operator`}>Condition</label>
          <select id={`${prefix}-operator`} value={rule.operator} onChange={(e) => onChange({ operator: e.target.value as ThresholdOperator })}>
            {THRESHOLD_OPERATORS.map((op) => (
              <option key={op} value={op}>
                {op} ({OPERATOR_WORDS[op]})
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${prefix}-value`}>Value{unit ? ` (${unit})` : ''}</label>
          <input id={`${prefix}-value`} inputMode="decimal" value={rule.thresholdValue} onChange={(e) => onChange({ thresholdValue: e.target.value })} aria-invalid={problems.value.length > 0} aria-describedby={`${prefix}-value-error`} />
          {problems.value.length > 0 && (
            <p className="error" id={`${prefix}-value-error`}>
              {problems.value.join('; ')}
            </p>
          )}
        </div>
      </div>
      <div className="field">
        <span className="field-label" id={`${prefix}-compiled-label`}>
          Compiled PromQL
        </span>
        <pre className="compiled" aria-labelledby={`${prefix}-compiled-label`} aria-live="polite">
          <code>{compiled || 'Enter a number to see the query.'}</code>
        </pre>
        {problems.expr.length > 0 && <p className="error">{problems.expr.join('; ')}</p>}
      </div>
    </div>
  );
}
