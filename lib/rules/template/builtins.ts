// text/template's predefined functions (text/template/funcs.go, Go 1.19).

import { FuncError, type GoFunc } from './func-types';
import { evalArgsString, sprint, sprintf, sprintln, templatePrint } from './printf';
import { fromUtf8, queryEscape, utf8Bytes, isPrint } from './strconv';
import {
  basicKind, compareGoStrings, goLen, GoHTML, GoInt, GoMap, intValue, isTrue, NilSample, QueryResult,
  Sample, stringValue, typeName, type GoValue,
} from './values';

const errBadComparisonType = 'invalid type for comparison';
const errBadComparison = 'incompatible types for comparison';
const errNoComparison = 'missing argument for comparison';

/** indirectInterface: a nil interface{} becomes an invalid value. */
function ind(v: GoValue): GoValue {
  return v === null ? undefined : v;
}

function indexArg(index: GoValue, cap: number): number {
  const i = ind(index);
  if (i === undefined) throw new FuncError('cannot index slice/array with nil');
  const k = basicKind(i);
  if (k !== 'int' && k !== 'uint') throw new FuncError(`cannot index slice/array with type ${typeName(i)}`);
  const x = intValue(i);
  if (x < 0n || x > BigInt(cap)) throw new FuncError(`index out of range: ${x}`);
  return Number(x);
}

/** Indexable view of a value: its length and element accessor. */
function sequence(item: GoValue): { len: number; at: (i: number) => GoValue } | undefined {
  if (item instanceof QueryResult) return { len: item.items.length, at: (i) => item.items[i]! };
  if (typeof item === 'string' || item instanceof GoHTML) {
    const bytes = utf8Bytes(stringValue(item));
    return { len: bytes.length, at: (i) => new GoInt('uint8', BigInt(bytes[i]!)) };
  }
  return undefined;
}

function index(item: GoValue, ...indexes: GoValue[]): GoValue {
  item = ind(item);
  if (item === undefined) throw new FuncError('index of untyped nil');
  for (const index of indexes) {
    if (item === NilSample || item === null) throw new FuncError('index of nil pointer');
    const seq = sequence(item);
    if (seq) {
      const x = indexArg(index, seq.len);
      if (x === seq.len) throw new FuncError(`index out of range: ${x}`);
      item = seq.at(x);
    } else if (item instanceof GoMap) {
      const key = ind(index);
      if (key === undefined) throw new FuncError('value is nil; should be of type string');
      if (typeof key !== 'string') throw new FuncError(`value has type ${typeName(key)}; should be string`);
      const v = item.m.get(key);
      item = v !== undefined ? v : item.elem === 'string' ? '' : null;
    } else {
      const t = item instanceof Sample ? 'template.sample' : typeName(item);
      throw new FuncError(`can't index item of type ${t}`);
    }
  }
  return item;
}

function slice(item: GoValue, ...indexes: GoValue[]): GoValue {
  item = ind(item);
  if (item === undefined) throw new FuncError('slice of untyped nil');
  if (indexes.length > 3) throw new FuncError(`too many slice indexes: ${indexes.length}`);
  let len: number;
  if (typeof item === 'string' || item instanceof GoHTML) {
    if (indexes.length === 3) throw new FuncError('cannot 3-index slice a string');
    len = utf8Bytes(stringValue(item)).length;
  } else if (item instanceof QueryResult) {
    len = item.items.length;
  } else {
    throw new FuncError(`can't slice item of type ${typeName(item)}`);
  }
  const idx = [0, len, len];
  indexes.forEach((x, i) => (idx[i] = indexArg(x, len)));
  if (idx[0]! > idx[1]!) throw new FuncError(`invalid slice index: ${idx[0]} > ${idx[1]}`);
  if (indexes.length === 3 && idx[1]! > idx[2]!) throw new FuncError(`invalid slice index: ${idx[1]} > ${idx[2]}`);
  if (item instanceof QueryResult) return new QueryResult(item.items.slice(idx[0], idx[1]));
  const s = fromUtf8(utf8Bytes(stringValue(item)).slice(idx[0], idx[1]));
  return typeof item === 'string' ? s : new GoHTML(s);
}

function length(item: GoValue): GoValue {
  if (item === undefined) throw new FuncError('reflect: call of reflect.Value.Type on zero Value');
  if (item === null || item === NilSample) throw new FuncError('len of nil pointer');
  const n = goLen(item);
  if (n === undefined) {
    const t = item instanceof Sample ? 'template.sample' : typeName(item).replace(/^\*/, '');
    throw new FuncError(`len of type ${t}`);
  }
  return BigInt(n);
}

function isNilLike(v: GoValue): boolean {
  return v === undefined || v === NilSample;
}

function eq(arg1: GoValue, ...arg2: GoValue[]): GoValue {
  arg1 = ind(arg1);
  if (arg2.length === 0) throw new FuncError(errNoComparison);
  const k1 = basicKind(arg1);
  for (let arg of arg2) {
    arg = ind(arg);
    const k2 = basicKind(arg);
    let truth = false;
    if (k1 !== k2) {
      if (k1 === 'int' && k2 === 'uint') truth = intValue(arg1) >= 0n && intValue(arg1) === intValue(arg);
      else if (k1 === 'uint' && k2 === 'int') truth = intValue(arg) >= 0n && intValue(arg1) === intValue(arg);
      else if (arg1 !== undefined && arg !== undefined) throw new FuncError(errBadComparison);
    } else {
      switch (k1) {
        case 'bool':
        case 'float':
          truth = arg1 === arg;
          break;
        case 'int':
        case 'uint':
          truth = intValue(arg1) === intValue(arg);
          break;
        case 'string':
          truth = stringValue(arg1) === stringValue(arg);
          break;
        default:
          if (isNilLike(arg1) || isNilLike(arg)) truth = isNilLike(arg1) === isNilLike(arg);
          else if (arg1 instanceof GoMap || arg1 instanceof QueryResult) {
            throw new FuncError(`non-comparable type ${templatePrint(arg1)}: ${typeName(arg1)}`);
          } else if (typeName(arg1) !== typeName(arg)) {
            throw new FuncError(`non-comparable types ${templatePrint(arg1)}: ${typeName(arg1)}, ${typeName(arg)}: ${templatePrint(arg)}`);
          } else truth = arg1 === arg;
      }
    }
    if (truth) return true;
  }
  return false;
}

function lt(arg1: GoValue, arg2: GoValue): boolean {
  arg1 = ind(arg1);
  const k1 = basicKind(arg1);
  if (k1 === 'invalid') throw new FuncError(errBadComparisonType);
  arg2 = ind(arg2);
  const k2 = basicKind(arg2);
  if (k2 === 'invalid') throw new FuncError(errBadComparisonType);
  if (k1 !== k2) {
    if (k1 === 'int' && k2 === 'uint') return intValue(arg1) < 0n || intValue(arg1) < intValue(arg2);
    if (k1 === 'uint' && k2 === 'int') return intValue(arg2) >= 0n && intValue(arg1) < intValue(arg2);
    throw new FuncError(errBadComparison);
  }
  switch (k1) {
    case 'bool':
      throw new FuncError(errBadComparisonType);
    case 'float':
      return (arg1 as number) < (arg2 as number);
    case 'string':
      return compareGoStrings(stringValue(arg1), stringValue(arg2)) < 0;
    default:
      return intValue(arg1) < intValue(arg2);
  }
}

function le(a: GoValue, b: GoValue): boolean {
  return lt(a, b) || (eq(a, b) as boolean);
}

const htmlEscapes: Record<string, string> = {
  '\0': '\uFFFD',
  '"': '&#34;',
  "'": '&#39;',
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
};

/** template.HTMLEscapeString. */
export function htmlEscape(s: string): string {
  return s.replace(/[\0"'&<>]/g, (c) => htmlEscapes[c]!);
}

const jsEscapes: Record<string, string> = {
  '\\': '\\\\',
  "'": "\\'",
  '"': '\\"',
  '<': '\\u003C',
  '>': '\\u003E',
  '&': '\\u0026',
  '=': '\\u003D',
};

/** template.JSEscapeString (Go 1.19). */
export function jsEscape(s: string): string {
  let out = '';
  for (const ch of s) {
    const r = ch.codePointAt(0)!;
    if (ch in jsEscapes) out += jsEscapes[ch];
    else if (r < 0x20) out += '\\u00' + r.toString(16).toUpperCase().padStart(2, '0');
    else if (r < 0x80 || isPrint(r)) out += ch;
    else out += '\\u' + r.toString(16).toUpperCase().padStart(4, '0');
  }
  return out;
}

const str = (v: GoValue) => v as string;

export const builtins: Record<string, GoFunc> = {
  // and/or short-circuit in exec; these bodies only run if called otherwise.
  and: {
    params: ['value'],
    variadic: 'value',
    call: (args) => args.find((a) => !isTrue(a)) ?? args[args.length - 1],
  },
  or: {
    params: ['value'],
    variadic: 'value',
    call: (args) => args.find((a) => isTrue(a)) ?? args[args.length - 1],
  },
  not: { params: ['value'], call: ([a]) => !isTrue(ind(a)) },
  call: {
    params: ['value'],
    variadic: 'value',
    call: ([fn]) => {
      if (ind(fn) === undefined) throw new FuncError('call of nil');
      throw new FuncError(`non-function of type ${typeName(fn)}`);
    },
  },
  html: { params: [], variadic: 'any', call: (args) => htmlEscape(evalArgsString(args)) },
  index: { params: ['value'], variadic: 'value', call: ([item, ...rest]) => index(item, ...rest) },
  slice: { params: ['value'], variadic: 'value', call: ([item, ...rest]) => slice(item, ...rest) },
  js: { params: [], variadic: 'any', call: (args) => jsEscape(evalArgsString(args)) },
  len: { params: ['value'], call: ([a]) => length(a) },
  print: { params: [], variadic: 'any', call: (args) => sprint(args) },
  printf: { params: ['string'], variadic: 'any', call: ([f, ...args]) => sprintf(str(f), args) },
  println: { params: [], variadic: 'any', call: (args) => sprintln(args) },
  urlquery: { params: [], variadic: 'any', call: (args) => queryEscape(evalArgsString(args)) },
  eq: { params: ['value'], variadic: 'value', call: ([a, ...rest]) => eq(a, ...rest) },
  ge: { params: ['value', 'value'], call: ([a, b]) => !lt(a, b) },
  gt: { params: ['value', 'value'], call: ([a, b]) => !le(a, b) },
  le: { params: ['value', 'value'], call: ([a, b]) => le(a, b) },
  lt: { params: ['value', 'value'], call: ([a, b]) => lt(a, b) },
  ne: { params: ['value', 'value'], call: ([a, b]) => !eq(a, b) },
};
