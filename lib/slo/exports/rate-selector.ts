import type { SyntaxNode } from '@lezer/common';
import { parsePromQLOrThrow } from '../../prometheus/inject-selector';
import { fillWindow } from '../window-placeholder';

// Recognizes the one SLI query shape tools like Pyrra can take apart:
// `sum(rate(<selector>[{{window}}]))`, optionally `sum by (a, b) (...)`, and returns the plain
// vector selector (and grouping). Anything else (arithmetic, other functions, without(), offsets,
// several selectors) is reported with what was found instead.

export type RateSelector = { selector: string; grouping: string[] } | { problem: string };

const SHAPE = 'sum(rate(<selector>[{{window}}])) or sum by (<labels>) (rate(<selector>[{{window}}]))';

export function sumOfRateSelector(query: string): RateSelector {
  const text = fillWindow(query, '5m');
  const root = parsePromQLOrThrow(text).topNode.firstChild;
  const unlike = (what: string) => ({ problem: `${JSON.stringify(query)} is ${what}, not ${SHAPE}` });
  const aggregate = unwrapParens(root);
  if (aggregate?.name !== 'AggregateExpr') return unlike('not a sum()');
  const op = aggregate.getChild('AggregateOp');
  if (!op || text.slice(op.from, op.to) !== 'sum') return unlike(`an aggregation with ${op ? text.slice(op.from, op.to) : '?'}()`);
  let grouping: string[] = [];
  const modifier = aggregate.getChild('AggregateModifier');
  if (modifier) {
    if (!modifier.getChild('By')) return unlike('a sum without (...)');
    grouping = modifier.getChild('GroupingLabels')?.getChildren('LabelName').map((n) => text.slice(n.from, n.to)) ?? [];
  }
  const call = unwrapParens(aggregate.getChild('FunctionCallBody')?.firstChild ?? null);
  if (call?.name !== 'FunctionCall') return unlike('a sum() of something other than rate()');
  const fn = call.getChild('FunctionIdentifier');
  if (!fn || text.slice(fn.from, fn.to) !== 'rate') return unlike(`a sum() of ${fn ? text.slice(fn.from, fn.to) : '?'}()`);
  const range = call.getChild('FunctionCallBody')?.firstChild;
  const selector = range?.name === 'MatrixSelector' ? range.getChild('VectorSelector') : null;
  if (!range || !selector || range.getChildren('OffsetExpr').length > 0 || text.slice(selector.to, range.to).replace(/\s/g, '') !== '[5m]') {
    return unlike('a rate() of something other than a plain <selector>[{{window}}]');
  }
  return { selector: text.slice(selector.from, selector.to), grouping };
}

function unwrapParens(node: SyntaxNode | null): SyntaxNode | null {
  let current = node;
  while (current?.name === 'ParenExpr') current = current.firstChild;
  return current;
}
