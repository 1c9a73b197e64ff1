// The CodeMirror pieces of the PromQL editor, loaded only in the browser (see promql-editor.tsx).
import { autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { bracketMatching, HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { lintKeymap, setDiagnostics } from '@codemirror/lint';
import { EditorState } from '@codemirror/state';
import { drawSelection, EditorView, keymap, placeholder as placeholderText } from '@codemirror/view';
// @lezer/highlight comes with @codemirror/language (its tags are the highlighting vocabulary).
import { tags } from '@lezer/highlight';
import { PromQLExtension, type PrometheusClient } from '@prometheus-io/codemirror-promql';

// Colours are CSS variables (globals.css, rules & alerts section), so one style serves light and dark.
const promqlHighlight = HighlightStyle.define([
  { tag: tags.function(tags.variableName), color: 'var(--cm-function)' },
  { tag: tags.operatorKeyword, color: 'var(--cm-keyword)', fontWeight: '600' },
  { tag: tags.modifier, color: 'var(--cm-keyword)' },
  { tag: tags.logicOperator, color: 'var(--cm-keyword)' },
  { tag: [tags.operator, tags.arithmeticOperator], color: 'var(--cm-operator)' },
  { tag: tags.labelName, color: 'var(--cm-label)' },
  { tag: tags.string, color: 'var(--cm-string)' },
  { tag: tags.number, color: 'var(--cm-number)' },
  { tag: tags.variableName, color: 'var(--cm-metric)' },
  { tag: tags.comment, color: 'var(--color-muted)', fontStyle: 'italic' },
  { tag: [tags.paren, tags.brace, tags.squareBracket], color: 'var(--color-muted)' },
]);

const boxTheme = EditorView.theme({
  '&': { backgroundColor: 'var(--color-bg)', color: 'var(--color-fg)', fontSize: '13px' },
  '&.cm-focused': { outline: 'none' },
  '.cm-content': { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace', padding: '7px 0', minHeight: '3.2em', caretColor: 'var(--color-fg)' },
  '.cm-line': { padding: '0 10px' },
  '.cm-cursor': { borderLeftColor: 'var(--color-fg)' },
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection': { backgroundColor: 'color-mix(in srgb, var(--color-accent) 30%, transparent)' },
  '.cm-placeholder': { color: 'var(--color-muted)' },
  '.cm-tooltip': { backgroundColor: 'var(--color-panel)', color: 'var(--color-fg)', border: '1px solid var(--color-border)' },
  '.cm-tooltip-autocomplete > ul > li[aria-selected]': { backgroundColor: 'var(--color-accent)', color: '#fff' },
  '.cm-diagnostic-error': { borderLeftColor: '#c62828' },
  '.cm-matchingBracket': { backgroundColor: 'color-mix(in srgb, var(--color-accent) 20%, transparent)', outline: 'none' },
});

export function createPromQLView(options: {
  parent: HTMLElement;
  doc: string;
  client: PrometheusClient;
  onChange: (text: string) => void;
  attributes: Record<string, string>;
  placeholder?: string;
  readOnly?: boolean;
}): EditorView {
  const promql = new PromQLExtension().setComplete({ remote: options.client });
  return new EditorView({
    parent: options.parent,
    state: EditorState.create({
      doc: options.doc,
      extensions: [
        history(),
        drawSelection(),
        bracketMatching(),
        closeBrackets(),
        autocompletion(),
        syntaxHighlighting(promqlHighlight),
        EditorView.lineWrapping,
        boxTheme,
        promql.asExtension(),
        // No Tab binding: Tab keeps moving focus to the next field (keyboard users are not trapped).
        keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...historyKeymap, ...completionKeymap, ...lintKeymap]),
        EditorView.contentAttributes.of({ ...options.attributes, 'aria-multiline': 'true', spellcheck: 'false' }),
        ...(options.placeholder ? [placeholderText(options.placeholder)] : []),
        ...(options.readOnly ? [EditorState.readOnly.of(true), EditorView.editable.of(false)] : []),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) options.onChange(update.state.doc.toString());
        }),
      ],
    }),
  });
}

/** Shows the server's located problem in the text (until the next edit re-lints). */
export function markProblem(view: EditorView, problem: { at: number; message: string } | undefined): void {
  if (!problem) return;
  const length = view.state.doc.length;
  const from = Math.min(Math.max(0, problem.at), length);
  const to = Math.min(length, from + 1);
  view.dispatch(setDiagnostics(view.state, [{ from, to: Math.max(from, to), severity: 'error', message: problem.message }]));
}
