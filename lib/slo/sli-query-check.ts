import type { SyntaxNode } from '@lezer/common';
import { PromQLSyntaxError, parsePromQLOrThrow } from '../prometheus/inject-selector';
import { countWindowPlaceholders, fillWindow } from './window-placeholder';

// Checks one SLI query (with its `{{window}}` placeholder) before it is stored: it must parse as
// PromQL once a window is put in, and every placeholder must be the range of a rate() call.
// Requiring rate() fixes the queries' unit (events per second), which is what lets us turn them
// into counts (rate × window seconds) for the hourly budget buckets, and what Pyrra generates.

// A range nobody writes by hand, to find where the placeholders ended up in the syntax tree.
const SENTINEL_WINDOW = '1234567ms';

/** The problem with an SLI query, or undefined when it is fine. `query` has `{{window}}` normalized. */
export function sliQueryProblem(query: string): string | undefined {
  const placeholders = countWindowPlaceholders(query);
  if (placeholders === 0) return 'the query needs the {{window}} placeholder as its range, e.g. sum(rate(http_requests_total[{{window}}]))';
  try {
    parsePromQLOrThrow(fillWindow(query, '5m'));
  } catch (error) {
    if (!(error instanceof PromQLSyntaxError)) throw error;
    return `with {{window}} set to 5m: ${error.message}`;
  }
  const text = fillWindow(query, SENTINEL_WINDOW);
  const tree = parsePromQLOrThrow(text);
  let rateRanges = 0;
  let otherUse: string | undefined;
  tree.iterate({
    enter(node) {
      if (node.name !== 'DurationExpr' || text.slice(node.from, node.to) !== SENTINEL_WINDOW) return undefined;
      const owner = node.node.parent;
      if (owner?.name !== 'MatrixSelector') otherUse ??= owner?.name === 'SubqueryExpr' ? 'a subquery' : 'something that is not a range';
      else if (functionName(text, owner) === 'rate') rateRanges++;
      else if (owner.parent?.name !== 'FunctionCallBody') otherUse ??= 'a range with offset or @: the SLI must look at the window just before now';
      else otherUse ??= `${functionName(text, owner) ?? 'an unknown function'}()`;
      return false;
    },
  });
  if (rateRanges === placeholders) return undefined;
  const where = otherUse ? ` (found it in ${otherUse})` : '';
  return `use {{window}} only as the range of rate(), e.g. rate(http_requests_total[{{window}}])${where}; SLI queries are per-second rates`;
}

/** The name of the function whose argument the range selector is, if any. */
function functionName(text: string, matrixSelector: SyntaxNode): string | undefined {
  const body = matrixSelector.parent;
  const call = body?.name === 'FunctionCallBody' ? body.parent : null;
  const identifier = call?.name === 'FunctionCall' ? call.getChild('FunctionIdentifier') : null;
  return identifier ? text.slice(identifier.from, identifier.to) : undefined;
}
