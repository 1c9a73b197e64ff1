// Scopes a PromQL expression to one cluster: clusters that share one Thanos/Mimir/VictoriaMetrics
// endpoint are told apart by label matchers such as {cluster="prod-eu"}, and every vector selector
// of a query for such a cluster must carry them. The expression is parsed with lezer-promql (the
// grammar of the Prometheus web UI) and edited by splicing text at the selector nodes' positions,
// so string literals, comments and everything else stay byte for byte as written.
import type { SyntaxNode, Tree } from '@lezer/common';
import { parser } from '@prometheus-io/lezer-promql';
import { formatPromMatchers, parsePromMatchers, type PromMatcher } from './matchers';

/**
 * A PromQL expression that does not parse. `position` is the 0-based offset (UTF-16 code units)
 * of the lezer error node; the message counts characters from 1, like {@link PromMatcherError}.
 */
export class PromQLSyntaxError extends Error {
  /** 0-based offset of the problem in the expression. */
  readonly position: number;
  /** 1-based line of `position`. */
  readonly line: number;
  /** 1-based column of `position` within its line. */
  readonly column: number;

  constructor(expr: string, position: number, detail?: string) {
    super(syntaxErrorMessage(expr, position, detail));
    this.name = 'PromQLSyntaxError';
    this.position = position;
    const before = expr.slice(0, position);
    this.line = before.split('\n').length;
    this.column = position - (before.lastIndexOf('\n') + 1) + 1;
  }
}

const NEAR_LENGTH = 24;

function syntaxErrorMessage(expr: string, position: number, detail: string | undefined): string {
  const head = `PromQL syntax error at character ${position + 1}`;
  const rest = expr.slice(position);
  const near = rest.trim() === '' ? ': unexpected end of input' : ` near ${JSON.stringify(snippet(rest))}`;
  return detail === undefined ? head + near : `${head}${near}: ${detail}`;
}

function snippet(rest: string): string {
  const line = rest.split('\n', 1)[0] ?? '';
  return line.length > NEAR_LENGTH ? `${line.slice(0, NEAR_LENGTH)}…` : line;
}

/** Children of a LabelMatchers node that are one matcher each (`{"metric"}` is a bare quoted name). */
const MATCHER_NODES = new Set(['UnquotedLabelMatcher', 'QuotedLabelMatcher', 'QuotedLabelName']);

/**
 * Parses a PromQL expression with lezer-promql and throws {@link PromQLSyntaxError} at the first
 * error node. Besides the grammar it rejects a selector with neither a metric name nor a matcher
 * (`{}`), which Prometheus refuses while parsing. Type checks (e.g. `rate()` of an instant vector)
 * are left to Prometheus; lezer's grammar is also slightly more permissive than Prometheus' parser
 * (e.g. it accepts `foo[5m][5m]` and a bare `sum`).
 */
export function parsePromQLOrThrow(expr: string): Tree {
  const tree = parser.parse(expr);
  let error: { from: number; detail?: string } | undefined;
  tree.iterate({
    enter(node) {
      if (error !== undefined) return false;
      if (node.type.isError) {
        error = { from: node.from };
        return false;
      }
      if (node.name === 'VectorSelector') {
        const selector = node.node;
        const matchers = selector.getChild('LabelMatchers');
        if (selector.getChild('Identifier') === null && (matchers === null || matcherItems(matchers).length === 0)) {
          error = { from: node.from, detail: 'a vector selector needs a metric name or at least one label matcher' };
        }
      }
      return undefined;
    },
  });
  if (error !== undefined) throw new PromQLSyntaxError(expr, error.from, error.detail);
  return tree;
}

function matcherItems(labelMatchers: SyntaxNode): SyntaxNode[] {
  const items: SyntaxNode[] = [];
  for (let child = labelMatchers.firstChild; child !== null; child = child.nextSibling) {
    if (MATCHER_NODES.has(child.name)) items.push(child);
  }
  return items;
}

/**
 * Adds `matchers` to every vector selector in `expr`: bare, with matchers, without a metric name,
 * and inside functions, aggregations, both sides of binary operations, range and subqueries,
 * offset/@ modifiers and parentheses. `foo` becomes `foo{cluster="a"}`, `foo{x="y"}` becomes
 * `foo{x="y",cluster="a"}`; the rest of the text (string literals, comments, spacing) is unchanged.
 *
 * The matchers are always added, even when a selector already has a matcher on the same label:
 * Prometheus ANDs all matchers of a selector, so `foo{cluster="b"}` scoped to cluster a becomes
 * `foo{cluster="b",cluster="a"}`, which matches nothing. An existing matcher can only narrow the
 * scoped selection, never widen it beyond the cluster; dropping or replacing it could widen it.
 *
 * Returns `expr` unchanged, without parsing it, for an empty matcher list (a cluster with an
 * endpoint of its own; call {@link parsePromQLOrThrow} to validate such queries). Otherwise throws
 * {@link PromQLSyntaxError} for invalid PromQL, and the errors of `formatPromMatchers` /
 * `parsePromMatchers` for matchers that are not valid PromQL (label names must be legacy names).
 */
export function injectSelector(expr: string, matchers: readonly PromMatcher[]): string {
  if (matchers.length === 0) return expr;
  const tree = parsePromQLOrThrow(expr);
  const formatted = formatPromMatchers(matchers);
  // Round trip through the parser: it also checks the regular expressions of =~ and !~.
  parsePromMatchers(formatted);
  const inner = formatted.slice(1, -1);

  const edits: { at: number; text: string }[] = [];
  tree.iterate({
    enter(node) {
      if (node.name !== 'VectorSelector') return undefined;
      edits.push(selectorEdit(expr, node.node, inner));
      return false;
    },
  });
  // Splice from the end so earlier offsets stay valid; selectors never overlap.
  edits.sort((a, b) => b.at - a.at);
  let out = expr;
  for (const edit of edits) out = out.slice(0, edit.at) + edit.text + out.slice(edit.at);
  return out;
}

function selectorEdit(expr: string, selector: SyntaxNode, inner: string): { at: number; text: string } {
  const labelMatchers = selector.getChild('LabelMatchers');
  if (labelMatchers === null) {
    const name = selector.getChild('Identifier');
    if (name === null) throw new PromQLSyntaxError(expr, selector.from, 'vector selector without a metric name');
    return { at: name.to, text: `{${inner}}` };
  }
  const close = labelMatchers.to - 1;
  if (expr[close] !== '}') throw new PromQLSyntaxError(expr, close, 'expected "}" to close the label matchers');
  const items = matcherItems(labelMatchers);
  const last = items[items.length - 1];
  if (last === undefined) return { at: close, text: inner };
  // Between the last matcher and "}" there can only be blanks, comments and one trailing comma.
  let gap = '';
  let from = last.to;
  for (let child = last.nextSibling; child !== null; child = child.nextSibling) {
    gap += expr.slice(from, child.from);
    from = child.to;
  }
  gap += expr.slice(from, close);
  if (gap.includes(',')) return { at: close, text: inner };
  return { at: last.to, text: `,${inner}` };
}
