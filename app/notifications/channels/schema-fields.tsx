'use client';

// Renders a channel type's settings form from its JSON Schema (made from the zod schema on the
// server): text, number, checkbox, select, one-per-line lists, key/value rows, nested fieldsets,
// optional objects behind a switch, and discriminated unions (a select plus the chosen variant's
// fields). Secrets are password inputs that never show the stored value. Every input's id is
// `config-<path>` and it shows the API's issues at `config.<path>`.
import type { ReactNode } from 'react';
import type { FieldProblem } from '../../components/api-client';
import { fieldHint, fieldLabel, MESSAGE_SETTINGS } from './field-text';
import {
  ENABLED, isOptionalObject, isSecretPath, isSecretRecord, kindOf,
  type Draft, type DraftValue, type JsonSchema, type KeyValueDraft,
} from './schema-draft';

export interface SchemaFieldsProps {
  type: string;
  schema: JsonSchema;
  draft: Draft;
  onChange: (draft: Draft) => void;
  issues: FieldProblem[];
  secretPaths: string[];
  secretsSet: string[];
  removed: string[];
  onRemovedChange: (removed: string[]) => void;
  /** Which top-level settings to render: the type's own, or the shared message settings. */
  part: 'settings' | 'message';
}

const idOf = (path: readonly string[]) => `config-${path.map((p) => p.replace(/[^A-Za-z0-9_-]/g, '_')).join('-')}`;
const issuePath = (path: readonly string[]) => ['config', ...path].join('.');
const exactly = (issues: FieldProblem[], path: readonly string[]) => issues.filter((i) => i.path === issuePath(path)).map((i) => i.message);
const within = (issues: FieldProblem[], path: readonly string[]) => {
  const at = issuePath(path);
  return issues.filter((i) => i.path === at || i.path.startsWith(`${at}.`));
};

function Problems({ id, messages }: { id: string; messages: string[] }) {
  if (messages.length === 0) return null;
  return (
    <p className="error" id={`${id}-error`}>
      {messages.join('; ')}
    </p>
  );
}

function describedBy(id: string, hint: boolean, invalid: boolean) {
  const ids = [hint ? `${id}-hint` : '', invalid ? `${id}-error` : ''].filter(Boolean).join(' ');
  return ids ? { 'aria-describedby': ids } : {};
}

export function SchemaFields(props: SchemaFieldsProps) {
  const { schema, draft, onChange, part } = props;
  const required = new Set(schema.required ?? []);
  const keys = Object.keys(schema.properties ?? {}).filter((key) => (part === 'message') === MESSAGE_SETTINGS.includes(key));
  return (
    <>
      {keys.map((key) => (
        <Field
          key={key}
          {...props}
          schema={schema.properties![key]!}
          path={[key]}
          required={required.has(key)}
          value={draft[key]}
          setValue={(value) => onChange({ ...draft, [key]: value })}
        />
      ))}
    </>
  );
}

interface FieldProps extends Omit<SchemaFieldsProps, 'draft' | 'onChange' | 'part'> {
  path: string[];
  required: boolean;
  value: DraftValue | undefined;
  setValue: (value: DraftValue) => void;
}

function ObjectFields(props: FieldProps & { draft: Draft; setDraft: (draft: Draft) => void; skip?: string }) {
  const { schema, draft, setDraft, path, skip } = props;
  const required = new Set(schema.required ?? []);
  return (
    <>
      {Object.entries(schema.properties ?? {})
        .filter(([key, child]) => key !== skip && child.const === undefined)
        .map(([key, child]) => (
          <Field key={key} {...props} schema={child} path={[...path, key]} required={required.has(key)} value={draft[key]} setValue={(value) => setDraft({ ...draft, [key]: value })} />
        ))}
    </>
  );
}

function Field(props: FieldProps) {
  const { type, schema, path, required, value, setValue, issues, secretPaths, secretsSet, removed, onRemovedChange } = props;
  const kind = kindOf(schema);
  const id = idOf(path);
  const label = fieldLabel(type, path);
  const hint = fieldHint(type, path);
  const optionalMark = required || schema.default !== undefined || kind.kind === 'boolean' ? '' : ' (optional)';

  const simple = (input: ReactNode, messages: string[], extra?: ReactNode) => (
    <div className="field" data-field={path.join('.')}>
      <label htmlFor={id}>
        {label}
        {optionalMark && <span className="hint">{optionalMark}</span>}
      </label>
      {input}
      {extra}
      {hint && (
        <span className="hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      <Problems id={id} messages={messages} />
    </div>
  );

  switch (kind.kind) {
    case 'enum': {
      const messages = within(issues, path).map((i) => i.message);
      return simple(
        <select id={id} value={typeof value === 'string' ? value : ''} onChange={(e) => setValue(e.target.value)} aria-invalid={messages.length > 0} {...describedBy(id, !!hint, messages.length > 0)}>
          {!required && schema.default === undefined && <option value="">(not set)</option>}
          {kind.options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>,
        messages,
      );
    }
    case 'string': {
      const messages = within(issues, path).map((i) => i.message);
      const text = typeof value === 'string' ? value : '';
      const common = { id, value: text, 'aria-invalid': messages.length > 0, ...describedBy(id, !!hint, messages.length > 0), spellCheck: false };
      if (isSecretPath(path, secretPaths)) {
        const dotted = path.join('.');
        const stored = secretsSet.includes(dotted);
        const isRemoved = removed.includes(dotted);
        return simple(
          <input
            {...common}
            type="password"
            autoComplete="new-password"
            placeholder={stored ? (isRemoved ? 'will be removed' : 'set — leave empty to keep') : ''}
            disabled={isRemoved}
            onChange={(e) => setValue(e.target.value)}
          />,
          messages,
          stored && (
            <span className="secret-state">
              <span className="state-tag secret-set">set</span> <span className="hint">stored encrypted; leave empty to keep it</span>
              {!required && (
                <label className="checkbox row">
                  <input type="checkbox" checked={isRemoved} onChange={(e) => onRemovedChange(e.target.checked ? [...removed, dotted] : removed.filter((r) => r !== dotted))} /> remove
                </label>
              )}
            </span>
          ),
        );
      }
      if (kind.multiline) {
        return simple(<textarea {...common} rows={path.at(-1) === 'text' || path.at(-1) === 'caCert' ? 5 : 2} onChange={(e) => setValue(e.target.value)} />, messages);
      }
      return simple(
        <input {...common} type={schema.format === 'uri' ? 'url' : 'text'} inputMode={schema.format === 'uri' ? 'url' : undefined} placeholder={typeof schema.default === 'string' ? schema.default : undefined} onChange={(e) => setValue(e.target.value)} />,
        messages,
      );
    }
    case 'number': {
      const messages = within(issues, path).map((i) => i.message);
      return simple(
        <input
          id={id}
          type="number"
          inputMode="numeric"
          step={kind.integer ? 1 : 'any'}
          min={schema.minimum}
          max={schema.maximum}
          value={typeof value === 'string' ? value : ''}
          onChange={(e) => setValue(e.target.value)}
          aria-invalid={messages.length > 0}
          {...describedBy(id, !!hint, messages.length > 0)}
        />,
        messages,
      );
    }
    case 'boolean': {
      const messages = within(issues, path).map((i) => i.message);
      return (
        <div className="field" data-field={path.join('.')}>
          <label className="checkbox row" htmlFor={id}>
            <input id={id} type="checkbox" checked={value === true} onChange={(e) => setValue(e.target.checked)} {...describedBy(id, !!hint, messages.length > 0)} /> {label}
          </label>
          {hint && (
            <span className="hint" id={`${id}-hint`}>
              {hint}
            </span>
          )}
          <Problems id={id} messages={messages} />
        </div>
      );
    }
    case 'list': {
      // Issues at config.to.2 are about the third line.
      const messages = within(issues, path).map((i) => {
        const rest = i.path.slice(issuePath(path).length + 1);
        return /^\d+$/.test(rest) ? `line ${Number(rest) + 1}: ${i.message}` : i.message;
      });
      const text = typeof value === 'string' ? value : '';
      return simple(
        <textarea id={id} rows={Math.min(6, Math.max(2, text.split('\n').length))} value={text} onChange={(e) => setValue(e.target.value)} aria-invalid={messages.length > 0} {...describedBy(id, !!hint, messages.length > 0)} spellCheck={false} />,
        messages,
      );
    }
    case 'record':
      return <RecordField {...props} id={id} label={label} hint={hint} rows={Array.isArray(value) ? value : []} />;
    case 'object': {
      const draft = (typeof value === 'object' && !Array.isArray(value) ? value : {}) as Draft;
      const optional = isOptionalObject(schema, required);
      const enabled = !optional || draft[ENABLED] === true;
      return (
        <fieldset className="schema-object" id={id} data-field={path.join('.')}>
          <legend>{label}</legend>
          {hint && <span className="hint">{hint}</span>}
          {optional && (
            <label className="checkbox row">
              <input type="checkbox" checked={enabled} onChange={(e) => setValue({ ...draft, [ENABLED]: e.target.checked })} /> Configure {label.toLowerCase()}
            </label>
          )}
          {enabled && <ObjectFields {...props} draft={draft} setDraft={setValue} />}
          <Problems id={id} messages={exactly(issues, path)} />
        </fieldset>
      );
    }
    case 'union': {
      const draft = (typeof value === 'object' && !Array.isArray(value) ? value : {}) as Draft;
      const chosen = kind.variants.find((v) => v.value === draft[kind.discriminator]) ?? kind.variants[0]!;
      const selectId = idOf([...path, kind.discriminator]);
      const messages = [...exactly(issues, path), ...exactly(issues, [...path, kind.discriminator])];
      return (
        <fieldset className="schema-object" id={id} data-field={path.join('.')}>
          <legend>{label}</legend>
          <div className="field">
            <label htmlFor={selectId}>Type</label>
            <select id={selectId} value={chosen.value} onChange={(e) => setValue({ ...draft, [kind.discriminator]: e.target.value })} aria-invalid={messages.length > 0}>
              {kind.variants.map((v) => (
                <option key={v.value} value={v.value}>
                  {v.value}
                </option>
              ))}
            </select>
          </div>
          {hint && <span className="hint">{hint}</span>}
          <ObjectFields {...props} schema={chosen.schema} draft={draft} setDraft={setValue} skip={kind.discriminator} />
          <Problems id={id} messages={messages} />
        </fieldset>
      );
    }
    case 'json': {
      const messages = within(issues, path).map((i) => i.message);
      return simple(<textarea id={id} rows={3} value={typeof value === 'string' ? value : ''} onChange={(e) => setValue(e.target.value)} aria-invalid={messages.length > 0} />, messages);
    }
  }
}

function RecordField(props: FieldProps & { id: string; label: string; hint?: string; rows: KeyValueDraft[] }) {
  const { id, label, hint, rows, setValue, path, issues, secretPaths } = props;
  const secret = isSecretRecord(path, secretPaths);
  const update = (index: number, patch: Partial<KeyValueDraft>) => setValue(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  const rowProblems = (key: string) => exactly(issues, [...path, key]);
  const keys = new Set(rows.map((r) => r.key.trim()));
  // Issues about the record itself or about keys no row has (a refused header name).
  const other = within(issues, path)
    .filter((i) => !keys.has(i.path.slice(issuePath(path).length + 1)))
    .map((i) => (i.path === issuePath(path) ? i.message : `${i.path.slice(issuePath(path).length + 1)}: ${i.message}`));
  const singular = label.toLowerCase().replace(/^extra /, '').replace(/s$/, '');
  return (
    <fieldset className="kv-rows schema-record" id={id} data-field={path.join('.')}>
      <legend>{label}</legend>
      {hint && <span className="hint">{hint}</span>}
      {rows.map((row, index) => {
        const problems = rowProblems(row.key.trim());
        const rowId = `${id}-${index}`;
        return (
          <div key={index} className="kv-row-wrap">
            <div className="kv-row">
              <label className="visually-hidden" htmlFor={`${rowId}-key`}>
                {label} {index + 1} name
              </label>
              <input id={`${rowId}-key`} value={row.key} placeholder="name" readOnly={row.stored} onChange={(e) => update(index, { key: e.target.value })} aria-invalid={problems.length > 0} spellCheck={false} />
              <label className="visually-hidden" htmlFor={`${rowId}-value`}>
                {label} {row.key || index + 1} value
              </label>
              <input
                id={`${rowId}-value`}
                type={secret ? 'password' : 'text'}
                autoComplete={secret ? 'new-password' : 'off'}
                value={row.value}
                placeholder={row.stored ? 'set — leave empty to keep' : 'value'}
                onChange={(e) => update(index, { value: e.target.value })}
                aria-invalid={problems.length > 0}
                spellCheck={false}
              />
              <button type="button" className="button secondary small" onClick={() => setValue(rows.filter((_, i) => i !== index))} aria-label={`Remove ${singular} ${row.key || index + 1}`}>
                Remove
              </button>
            </div>
            {row.stored && <span className="hint">{row.key}: set — leave the value empty to keep it, or Remove to delete it.</span>}
            {problems.length > 0 && <p className="error">{problems.join('; ')}</p>}
          </div>
        );
      })}
      <div>
        <button type="button" className="button secondary small" onClick={() => setValue([...rows, { key: '', value: '' }])}>
          Add {singular}
        </button>
      </div>
      <Problems id={id} messages={other} />
    </fieldset>
  );
}
