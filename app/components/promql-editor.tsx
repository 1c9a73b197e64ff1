'use client';

// A PromQL input: CodeMirror 6 with codemirror-promql (highlighting, linting, autocomplete of
// metric names and label values from the chosen cluster). CodeMirror touches the DOM, so it is
// loaded and created in useEffect only; the server renders the same box with the text in it.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { EditorView } from '@codemirror/view';
import { clusterPromQLClient } from './promql-client';

interface Props {
  id: string;
  label: ReactNode;
  value: string;
  onChange: (value: string) => void;
  /** Cluster whose metric names and label values are suggested; none means keywords only. */
  clusterId?: string;
  /** Server-side problems for this field, shown under the box (and marked in it when located). */
  problems?: string[];
  hint?: ReactNode;
  placeholder?: string;
  /** Shown, selectable, not editable. */
  readOnly?: boolean;
}

/** "PromQL syntax error at character 12 ..." -> 11 (our parser's messages carry the position). */
function problemOffset(problems: string[]): number | undefined {
  for (const text of problems) {
    const match = /at character (\d+)/.exec(text);
    if (match) return Number(match[1]) - 1;
  }
  return undefined;
}

export function PromQLEditor({ id, label, value, onChange, clusterId, problems = [], hint, placeholder, readOnly = false }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const onChangeRef = useRef(onChange);
  const clusterRef = useRef(clusterId);
  const [ready, setReady] = useState(false);
  onChangeRef.current = onChange;
  clusterRef.current = clusterId;
  const labelId = `${id}-label`;
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const invalid = problems.length > 0;

  useEffect(() => {
    let destroyed = false;
    void import('./promql-editor-setup').then(({ createPromQLView }) => {
      if (destroyed || !host.current) return;
      view.current = createPromQLView({
        parent: host.current,
        doc: value,
        client: clusterPromQLClient(() => clusterRef.current),
        onChange: (text) => onChangeRef.current(text),
        attributes: { id, 'aria-labelledby': labelId, 'aria-describedby': [hint ? hintId : '', errorId].join(' ').trim() },
        placeholder,
        readOnly,
      });
      setReady(true);
    });
    return () => {
      destroyed = true;
      view.current?.destroy();
      view.current = null;
    };
    // Created once; later changes of value and problems are pushed in by the effects below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // Text set from outside (a template, a mode switch) replaces the document.
  useEffect(() => {
    const current = view.current;
    if (current && current.state.doc.toString() !== value) current.dispatch({ changes: { from: 0, to: current.state.doc.length, insert: value } });
  }, [value, ready]);

  useEffect(() => {
    const current = view.current;
    if (!current) return;
    current.contentDOM.setAttribute('aria-invalid', String(invalid));
    const at = problemOffset(problems);
    void import('./promql-editor-setup').then(({ markProblem }) => markProblem(current, at === undefined ? undefined : { at, message: problems.join('; ') }));
    // problems is a new array each render; its text is what matters.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [problems.join('\n'), ready, invalid]);

  return (
    <div className="field">
      <span className="field-label" id={labelId} onClick={() => view.current?.focus()}>
        {label}
      </span>
      <div className={`promql-editor${invalid ? ' invalid' : ''}${readOnly ? ' read-only' : ''}`}>
        {/* Until CodeMirror loads (and without JavaScript): the text, read-only. */}
        {!ready && <pre className="promql-fallback">{value || placeholder}</pre>}
        {/* CodeMirror's own DOM: React renders nothing inside it. */}
        <div ref={host} data-testid={`${id}-editor`} />
      </div>
      {hint && (
        <span className="hint" id={hintId}>
          {hint}
        </span>
      )}
      <p className="error" id={errorId} hidden={!invalid}>
        {problems.join('; ')}
      </p>
    </div>
  );
}
