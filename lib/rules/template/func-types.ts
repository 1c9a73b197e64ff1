// Signatures of template functions, so that calls are type-checked the way Go's reflection-based
// evalCall does (argument counts, literal kinds, "wrong type for value" errors).

import type { GoValue } from './values';

/**
 * Parameter types used by the functions we provide:
 *   any   -> interface{}           value -> reflect.Value (builtins: receives invalid values too)
 *   queryResult -> template.queryResult   sample -> *template.sample
 */
export type ParamType = 'string' | 'float64' | 'int' | 'bool' | 'any' | 'value' | 'queryResult' | 'sample';

export const paramTypeName: Record<ParamType, string> = {
  string: 'string',
  float64: 'float64',
  int: 'int',
  bool: 'bool',
  any: 'interface {}',
  value: 'reflect.Value',
  queryResult: 'template.queryResult',
  sample: '*template.sample',
};

/** Context a function call may need. */
export type CallContext = {
  query?: (expr: string) => Promise<GoValue>;
  externalURL: string;
};

export type GoFunc = {
  params: ParamType[];
  /** Element type of a trailing variadic parameter. */
  variadic?: ParamType;
  /** Returns the result, or throws FuncError for a Go `error` result (or a recovered panic). */
  call: (args: GoValue[], ctx: CallContext) => GoValue | Promise<GoValue>;
};

/** An error returned by a template function; exec reports it as "error calling <name>: <message>". */
export class FuncError extends Error {}
