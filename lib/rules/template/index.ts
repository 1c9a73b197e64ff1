// Prometheus-compatible alert template rendering: Go text/template semantics with Prometheus's
// template functions (v2.42), as used for alerting rule labels and annotations.

import { builtins } from './builtins';
import { ExecError, execute, type ExecEnv } from './exec';
import { FuncError, type CallContext, type GoFunc } from './func-types';
import type { Tree } from './nodes';
import { ParseError, parseTemplate } from './parser';
import { prometheusFuncs } from './prometheus-funcs';
import { AlertData, GoMap, QueryResult, Sample } from './values';

export { formatGoFloat } from './go-float';

export type TemplateSample = { labels: Record<string, string>; value: number };
export type TemplateData = {
  labels: Record<string, string>; // $labels (series labels, __name__ dropped)
  value: number; // $value (float64; may be NaN/±Inf)
  externalLabels: Record<string, string>; // $externalLabels
  externalURL: string; // $externalURL
};
export type TemplateOptions = {
  /** Runs PromQL at the rule's evaluation time for the `query` function; results are instant vectors. */
  query?: (expr: string) => Promise<TemplateSample[]>;
  /** Evaluation time, for functions that need it. */
  time: Date;
};

export class TemplateError extends Error {
  /** 1-based line in the template text, where known. */
  line?: number;
  /** 1-based column (UTF-16 code units) in the template text, where known. */
  column?: number;
  /** Whether parsing or execution failed. */
  kind?: 'parse' | 'exec';

  constructor(message: string, details: { line?: number; column?: number; kind?: 'parse' | 'exec' } = {}) {
    super(message);
    this.name = 'TemplateError';
    this.line = details.line;
    this.column = details.column;
    this.kind = details.kind;
  }
}

/** Prometheus prepends these to every alert label/annotation template (rules/alerting.go). */
const DEFS =
  '{{$labels := .Labels}}{{$externalLabels := .ExternalLabels}}{{$externalURL := .ExternalURL}}{{$value := .Value}}';

const funcs: Record<string, GoFunc> = Object.assign(Object.create(null), builtins, prometheusFuncs);
const builtinNames = new Set(Object.keys(builtins));
const hasFunction = (name: string) => Object.hasOwn(funcs, name);

/** Template name Prometheus uses for a rule's labels and annotations. */
function templateName(alertName: string): string {
  return '__alert_' + alertName;
}

/** Line and 1-based column in the user's text of an offset in DEFS + text. */
function position(full: string, pos: number): { line: number; column: number } {
  const before = full.slice(0, pos);
  const line = 1 + (before.match(/\n/g)?.length ?? 0);
  let column = pos - (before.lastIndexOf('\n') + 1) + 1;
  if (line === 1) column -= DEFS.length;
  return { line, column: Math.max(column, 1) };
}

const treeCache = new Map<string, Map<string, Tree>>();

function parse(name: string, full: string): Map<string, Tree> {
  const key = name + '\u0000' + full;
  let trees = treeCache.get(key);
  if (!trees) {
    try {
      trees = parseTemplate(name, full, hasFunction);
    } catch (e) {
      if (e instanceof RangeError) throw new TemplateError(`template: ${name}: ${e.message}`, { kind: 'parse' });
      if (!(e instanceof ParseError)) throw e;
      const { column } = position(full, e.pos);
      throw new TemplateError(e.message, { line: e.line, column, kind: 'parse' });
    }
    if (treeCache.size >= 1000) treeCache.delete(treeCache.keys().next().value!);
    treeCache.set(key, trees);
  }
  return trees;
}

function callContext(data: TemplateData, options: TemplateOptions): CallContext {
  const query = options.query;
  return {
    externalURL: data.externalURL,
    query: query
      ? async (expr) => {
          let samples: TemplateSample[];
          try {
            samples = await query(expr);
          } catch (e) {
            throw new FuncError(e instanceof Error ? e.message : String(e));
          }
          return new QueryResult(samples.map((s) => new Sample(GoMap.strings(s.labels), s.value)));
        }
      : undefined,
  };
}

/** Expands `text` like Prometheus's Expander.Expand for alert `alertName`. */
async function expand(alertName: string, text: string, data: TemplateData, options: TemplateOptions): Promise<string> {
  const name = templateName(alertName);
  const full = DEFS + text;
  let trees: Map<string, Tree>;
  try {
    trees = parse(name, full);
  } catch (e) {
    if (e instanceof TemplateError) e.message = `error parsing template ${name}: ${e.message}`;
    throw e;
  }
  const env: ExecEnv = {
    parseName: name,
    text: full,
    trees,
    funcs,
    builtins: builtinNames,
    ctx: callContext(data, options),
  };
  const dot = new AlertData(
    GoMap.strings(data.labels),
    GoMap.strings(data.externalLabels),
    data.externalURL,
    data.value,
  );
  try {
    return await execute(env, name, dot);
  } catch (e) {
    if (e instanceof RangeError) throw new TemplateError(`error executing template ${name}: ${e.message}`, { kind: 'exec' });
    if (!(e instanceof ExecError)) throw e;
    const where = e.pos === undefined ? {} : position(full, e.pos);
    throw new TemplateError(`error executing template ${name}: ${e.message}`, { ...where, kind: 'exec' });
  }
}

/** Renders like Prometheus: returns the output text, or throws TemplateError (parse or execution error). */
export function renderTemplate(text: string, data: TemplateData, options: TemplateOptions): Promise<string> {
  return expand('', text, data, options);
}

/**
 * Prometheus's behaviour for rule labels/annotations: on error the result is
 * `<error expanding template: ...>` (see rules/alerting.go expand()). Never throws.
 */
export async function expandAlertTemplate(
  name: string,
  text: string,
  data: TemplateData,
  options: TemplateOptions,
): Promise<string> {
  try {
    return await expand(name, text, data, options);
  } catch (e) {
    return `<error expanding template: ${e instanceof Error ? e.message : String(e)}>`;
  }
}

/** Parses only (for validating user input at save time); throws TemplateError with a message and, where possible, a 1-based line/column. */
export function checkTemplate(text: string): void {
  parse(templateName(''), DEFS + text);
}
