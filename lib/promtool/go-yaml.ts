/**
 * Reading YAML the way promtool's gopkg.in/yaml.v2 UnmarshalStrict does, on top of the `yaml`
 * package: scalars are kept as their text (a string field gets `0x10` or `1.0` verbatim, not a
 * re-printed number), null means "absent", merge keys (`<<`) merge, and float fields resolve
 * YAML 1.1 numbers (`0x1F`, `1_000`, `.inf`) but reject quoted strings, as yaml.v2 does.
 */
import { type Document, type LineCounter, type Node, isAlias, isMap, isScalar, isSeq, Scalar } from 'yaml';
import { z } from 'zod';
import { parseDuration } from '../time/duration';

/** A scalar as yaml.v2 sees it: its text, and whether it was plain (unquoted). */
export class YamlScalar {
  constructor(
    readonly text: string,
    readonly plain: boolean,
  ) {}
}

/** Source offsets of the values built from a document, to point errors at lines. */
export class YamlPositions {
  private readonly children = new WeakMap<object, Map<string | number, number>>();

  constructor(
    private readonly rootOffset: number,
    private readonly lineCounter: LineCounter,
  ) {}

  record(container: object, key: string | number, offset: number): void {
    let map = this.children.get(container);
    if (!map) this.children.set(container, (map = new Map()));
    map.set(key, offset);
  }

  /** 1-based line and column of the deepest node along `path` that is known. */
  locate(root: unknown, path: readonly PropertyKey[]): { line: number; col: number } {
    let offset = this.rootOffset;
    let current = root;
    for (const key of path) {
      if (typeof current !== 'object' || current === null || typeof key === 'symbol') break;
      const found = this.children.get(current)?.get(key);
      if (found === undefined) break;
      offset = found;
      current = (current as Record<string | number, unknown>)[key];
    }
    return this.lineCounter.linePos(offset);
  }
}

const NULL_WORDS = new Set(['', '~', 'null', 'Null', 'NULL']);

/**
 * Converts a document (parsed with the failsafe schema, so every scalar is text) into plain
 * objects, arrays and {@link YamlScalar}s; nulls become undefined.
 */
export function toGoValue(node: unknown, doc: Document, positions: YamlPositions): unknown {
  if (node === null || node === undefined) return undefined;
  if (isAlias(node)) return toGoValue(node.resolve(doc), doc, positions);
  if (isScalar(node)) {
    const text = String(node.value ?? '');
    const plain = node.type === Scalar.PLAIN;
    return plain && !node.tag && NULL_WORDS.has(text) ? undefined : new YamlScalar(text, plain);
  }
  if (isSeq(node)) {
    const out: unknown[] = [];
    node.items.forEach((item, i) => {
      out.push(toGoValue(item, doc, positions));
      positions.record(out, i, (item as Node | null)?.range?.[0] ?? node.range?.[0] ?? 0);
    });
    return out;
  }
  if (isMap(node)) {
    // A null prototype: keys such as `__proto__` stay ordinary keys.
    const out: Record<string, unknown> = Object.create(null);
    const explicit = new Set<string>();
    for (const pair of node.items) {
      const keyNode = pair.key as Node | null;
      const key = isScalar(keyNode) ? String(keyNode.value ?? '') : String(toGoValue(keyNode, doc, positions) ?? '');
      const offset = keyNode?.range?.[0] ?? node.range?.[0] ?? 0;
      if (key === '<<' && isScalar(keyNode) && keyNode.type === Scalar.PLAIN) {
        mergeInto(out, explicit, toGoValue(pair.value, doc, positions), positions, offset);
        continue;
      }
      out[key] = toGoValue(pair.value, doc, positions);
      explicit.add(key);
      positions.record(out, key, offset);
    }
    return out;
  }
  return undefined;
}

/** `<<: *base` or `<<: [*a, *b]`: keys not set explicitly come from the merged maps (first wins). */
function mergeInto(target: Record<string, unknown>, explicit: Set<string>, merged: unknown, positions: YamlPositions, offset: number): void {
  const sources = Array.isArray(merged) ? merged : [merged];
  for (const source of sources) {
    if (typeof source !== 'object' || source === null || source instanceof YamlScalar) continue;
    for (const [key, value] of Object.entries(source)) {
      if (explicit.has(key) || key in target) continue;
      target[key] = value;
      positions.record(target, key, offset);
    }
  }
}

/** ParseInt(text, 0, 64), then ParseUint(text, 0, 64), as yaml.v2's resolver tries them. */
function goParseInteger(text: string): number | undefined {
  const match = /^([+-]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(text);
  if (!match) return undefined;
  const [, sign, digits] = match as unknown as [string, string, string];
  const prefixed = /^0[xXoObB]/.test(digits) ? digits.toLowerCase() : digits.length > 1 && digits[0] === '0' ? `0o${digits.slice(1)}` : digits;
  const magnitude = BigInt(prefixed);
  const value = sign === '-' ? -magnitude : magnitude;
  if (value >= -(2n ** 63n) && value < 2n ** 63n) return Number(value);
  if (sign === '' && value < 2n ** 64n) return Number(value);
  return undefined;
}

const YAML_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const SPECIAL_FLOATS: Record<string, number> = {
  '.inf': Infinity, '.Inf': Infinity, '.INF': Infinity, '+.inf': Infinity, '+.Inf': Infinity, '+.INF': Infinity,
  '-.inf': -Infinity, '-.Inf': -Infinity, '-.INF': -Infinity, '.nan': NaN, '.NaN': NaN, '.NAN': NaN,
};
const BOOL_WORDS = new Set('y Y yes Yes YES true True TRUE on On ON n N no No NO false False FALSE off Off OFF'.split(' '));

/** A float64 field: the number, or the yaml.v2 error text. */
export function resolveGoFloat(scalar: YamlScalar): number | string {
  const refuse = (tag: string) => `cannot unmarshal !!${tag} \`${scalar.text}\` into float64`;
  if (!scalar.plain) return refuse('str');
  if (scalar.text in SPECIAL_FLOATS) return SPECIAL_FLOATS[scalar.text]!;
  if (BOOL_WORDS.has(scalar.text)) return refuse('bool');
  const plain = scalar.text.replaceAll('_', '');
  const integer = goParseInteger(plain);
  if (integer !== undefined) return integer;
  if (YAML_FLOAT.test(plain) && Number.isFinite(Number(plain))) return Number(plain);
  return refuse('str');
}

const scalar = z.custom<YamlScalar>((v) => v instanceof YamlScalar, { message: 'expected a single value (not a list or map)' });

/** Schemas for the Go field types of promtool's test file. */
export const goYaml = {
  string: scalar.transform((s) => s.text),
  float: scalar.transform((s, ctx) => {
    const value = resolveGoFloat(s);
    if (typeof value === 'number') return value;
    ctx.addIssue({ code: 'custom', message: value });
    return z.NEVER;
  }),
  /** model.Duration: Prometheus duration text; `0` is allowed without a unit. */
  duration: scalar.transform((s, ctx) => {
    try {
      return parseDuration(s.text);
    } catch {
      ctx.addIssue({ code: 'custom', message: `not a valid duration string: "${s.text}"` });
      return z.NEVER;
    }
  }),
  /** map[string]string (null values are ""). */
  stringMap: notScalar('a map').pipe(z.record(z.string(), scalar.transform((s) => s.text).optional().transform((v) => v ?? ''))),
};

function notScalar(what: string) {
  return z.custom<unknown>((v) => !(v instanceof YamlScalar), { message: `expected ${what}, not a single value` });
}

/** A struct: only the given fields are allowed (yaml.UnmarshalStrict). */
export function goStruct<T extends z.ZodRawShape>(shape: T) {
  return notScalar('a map of fields').pipe(z.strictObject(shape));
}

/** A list (absent or null: empty). */
export function goList<T extends z.ZodType>(item: T) {
  return notScalar('a list').pipe(z.array(item)).default([]);
}

/** A list item that is a struct: null becomes the zero struct, as in yaml.v2. */
export function structItem<T extends z.ZodType>(schema: T) {
  return z.preprocess((v) => v ?? Object.create(null), schema);
}
