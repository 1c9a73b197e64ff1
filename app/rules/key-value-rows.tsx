'use client';

import type { KeyValueRow } from './rule-draft';

/** Enough rows to show a template-length annotation without scrolling, at most 4. */
const textRows = (text: string) => Math.min(4, Math.max(1, text.split('\n').reduce((n, line) => n + Math.ceil((line.length || 1) / 60), 0)));

/** Labels or annotations as editable name / value rows; each input has its own label. */
export function KeyValueRows({ id, legend, rows, onChange, problems, multiline, hint, keyPlaceholder }: { id: string; legend: string; rows: KeyValueRow[]; onChange: (rows: KeyValueRow[]) => void; problems: string[]; multiline?: boolean; hint?: string; keyPlaceholder?: string }) {
  const update = (index: number, patch: Partial<KeyValueRow>) => onChange(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  return (
    <fieldset className="kv-rows" aria-describedby={problems.length ? `${id}-error` : undefined}>
      <legend>{legend}</legend>
      {hint && <span className="hint">{hint}</span>}
      {rows.map((row, index) => (
        <div className="kv-row" key={index}>
          <label className="visually-hidden" htmlFor={`${id}-${index}-key`}>
            {legend} {index + 1} name
          </label>
          <input id={`${id}-${index}-key`} value={row.key} placeholder={keyPlaceholder ?? 'name'} onChange={(e) => update(index, { key: e.target.value })} aria-invalid={problems.length > 0} spellCheck={false} />
          <label className="visually-hidden" htmlFor={`${id}-${index}-value`}>
            {legend} {index + 1} value
          </label>
          {multiline ? (
            <textarea id={`${id}-${index}-value`} rows={textRows(row.value)} value={row.value} placeholder="value" onChange={(e) => update(index, { value: e.target.value })} />
          ) : (
            <input id={`${id}-${index}-value`} value={row.value} placeholder="value" onChange={(e) => update(index, { value: e.target.value })} />
          )}
          <button type="button" className="button secondary small" onClick={() => onChange(rows.filter((_, i) => i !== index))} aria-label={`Remove ${legend.toLowerCase()} ${row.key || index + 1}`}>
            Remove
          </button>
        </div>
      ))}
      <div>
        <button type="button" className="button secondary small" onClick={() => onChange([...rows, { key: '', value: '' }])}>
          Add {legend.toLowerCase().replace(/s$/, '')}
        </button>
      </div>
      {problems.length > 0 && (
        <p className="error" id={`${id}-error`}>
          {problems.join('; ')}
        </p>
      )}
    </fieldset>
  );
}
