// The Go values a Prometheus alert template can see, modelled in TypeScript.
//   undefined  -> an invalid reflect.Value ("<no value>")
//   null       -> a nil interface{} (e.g. a missing key of map[string]interface{})
//   string / boolean -> string / bool
//   number     -> float64
//   bigint     -> int
// The classes below cover the remaining types (named ints, template.HTML, maps, samples, ...).

import { byteLength } from './strconv';

/** An integer of a named/sized type, e.g. uint8 from indexing a string or int64 from time.Unix. */
export class GoInt {
  constructor(
    readonly type: 'int64' | 'uint8' | 'uint64' | 'time.Month' | 'time.Weekday',
    readonly v: bigint,
  ) {}
  get unsigned(): boolean {
    return this.type === 'uint8' || this.type === 'uint64';
  }
}

/** html/template.HTML, returned by safeHtml. */
export class GoHTML {
  constructor(readonly s: string) {}
}

/** map[string]string or map[string]interface{}. */
export class GoMap {
  constructor(
    readonly elem: 'string' | 'any',
    readonly m: Map<string, GoValue>,
  ) {}
  static strings(record: Record<string, string>): GoMap {
    return new GoMap('string', new Map(Object.entries(record)));
  }
  /** Keys sorted the way Go's fmt and range sort them (byte-wise). */
  sortedKeys(): string[] {
    return [...this.m.keys()].sort(compareGoStrings);
  }
}

/** *template.sample: one element of a query result. A null Sample pointer is modelled as NilSample. */
export class Sample {
  constructor(
    readonly labels: GoMap,
    readonly value: number,
  ) {}
}

/** A nil *template.sample (zero value passed where a sample was expected). */
export const NilSample = Symbol('nil *template.sample');

/** template.queryResult ([]*sample). */
export class QueryResult {
  constructor(readonly items: Sample[]) {}
}

/** time.Time (UTC), or *time.Time when ptr is set. */
export class GoTime {
  constructor(
    readonly sec: bigint, // seconds since the Unix epoch
    readonly nsec: number, // 0..999999999
    readonly ptr: boolean,
  ) {}
}

/** The struct Prometheus passes as dot to alert templates. */
export class AlertData {
  constructor(
    readonly labels: GoMap,
    readonly externalLabels: GoMap,
    readonly externalURL: string,
    readonly value: number,
  ) {}
}

export type GoValue =
  | undefined
  | null
  | string
  | boolean
  | number
  | bigint
  | GoInt
  | GoHTML
  | GoMap
  | Sample
  | typeof NilSample
  | QueryResult
  | GoTime
  | AlertData;

export const ALERT_DATA_TYPE =
  'struct { Labels map[string]string; ExternalLabels map[string]string; ExternalURL string; Value float64 }';

/** Go's reflect type name (what %T prints). null is the untyped nil. */
export function typeName(v: GoValue): string {
  if (v === undefined) return '<invalid reflect.Value>';
  if (v === null) return '<nil>';
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
    case 'number':
      return 'float64';
    case 'bigint':
      return 'int';
  }
  if (v === NilSample || v instanceof Sample) return '*template.sample';
  if (v instanceof GoInt) return v.type;
  if (v instanceof GoHTML) return 'template.HTML';
  if (v instanceof GoMap) return v.elem === 'string' ? 'map[string]string' : 'map[string]interface {}';
  if (v instanceof QueryResult) return 'template.queryResult';
  if (v instanceof GoTime) return v.ptr ? '*time.Time' : 'time.Time';
  return ALERT_DATA_TYPE;
}

export type BasicKind = 'invalid' | 'bool' | 'int' | 'uint' | 'float' | 'string';

/** text/template's basicKind for comparisons. */
export function basicKind(v: GoValue): BasicKind {
  switch (typeof v) {
    case 'boolean':
      return 'bool';
    case 'bigint':
      return 'int';
    case 'number':
      return 'float';
    case 'string':
      return 'string';
  }
  if (v instanceof GoInt) return v.unsigned ? 'uint' : 'int';
  if (v instanceof GoHTML) return 'string';
  return 'invalid';
}

/** Integer value of an int/uint kind value. */
export function intValue(v: GoValue): bigint {
  if (typeof v === 'bigint') return v;
  if (v instanceof GoInt) return v.v;
  throw new Error('not an integer');
}

/** String value of a string kind value. */
export function stringValue(v: GoValue): string {
  if (typeof v === 'string') return v;
  if (v instanceof GoHTML) return v.s;
  throw new Error('not a string');
}

/** Go's len() for values that have one, else undefined. */
export function goLen(v: GoValue): number | undefined {
  if (typeof v === 'string') return byteLength(v);
  if (v instanceof GoHTML) return byteLength(v.s);
  if (v instanceof GoMap) return v.m.size;
  if (v instanceof QueryResult) return v.items.length;
  return undefined;
}

/** text/template's isTrue: the zero value of a type is false; structs are always true. */
export function isTrue(v: GoValue): boolean {
  if (v === undefined || v === null || v === NilSample) return false;
  switch (typeof v) {
    case 'boolean':
      return v;
    case 'number':
      return v !== 0;
    case 'bigint':
      return v !== 0n;
    case 'string':
      return v.length > 0;
  }
  if (v instanceof GoInt) return v.v !== 0n;
  const n = goLen(v);
  if (n !== undefined) return n > 0;
  return true; // pointers (non-nil) and structs
}

/** Go compares strings byte-wise; for valid UTF-8 that is code point order. */
export function compareGoStrings(a: string, b: string): number {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done) return y.done ? 0 : -1;
    if (y.done) return 1;
    const cx = x.value.codePointAt(0)!;
    const cy = y.value.codePointAt(0)!;
    if (cx !== cy) return cx < cy ? -1 : 1;
  }
}
