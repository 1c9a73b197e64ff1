import { type Document, isAlias, isMap, isScalar, isSeq, LineCounter, type Node, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import type { RuleFileProblem } from './rule-file-types';

// YAML plumbing of the rule-file parser: positions (1-based, from a LineCounter), paths like
// `groups[0].rules[2].for`, and typed access to nodes. Documents are composed with the failsafe
// schema, so every scalar is the string Go's yaml.v3 would decode into Prometheus' string fields.

export interface Position {
  line: number;
  column: number;
}

export type PathSegment = string | number;

/** The text being parsed and the problems found so far. */
export class RuleFileSource {
  readonly lineCounter = new LineCounter();
  readonly problems: RuleFileProblem[] = [];

  constructor(readonly text: string) {}

  position(offset: number): Position {
    const { line, col } = this.lineCounter.linePos(offset);
    return { line, column: col };
  }

  report(at: Position, path: PathSegment[], message: string, severity: RuleFileProblem['severity'], name?: string): void {
    this.problems.push({ ...at, path: formatPath(path), ...(name ? { name } : {}), message, severity });
  }
}

/** One YAML document being read: its aliases resolve within it; paths get `prefix`. */
export interface DocContext {
  source: RuleFileSource;
  doc: Document;
  prefix: PathSegment[];
}

const IDENTIFIER_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `['groups', 0, 'labels', 'a-b']` → `groups[0].labels["a-b"]`. */
export function formatPath(segments: PathSegment[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (segment.startsWith('#')) out += segment; // `#kubewatch.x`: a comment, not a key
    else if (IDENTIFIER_RE.test(segment)) out += out ? `.${segment}` : segment;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

export function resolve(ctx: DocContext, node: unknown): Node | undefined {
  if (isAlias(node)) return node.resolve(ctx.doc) as Node | undefined;
  return (node ?? undefined) as Node | undefined;
}

/** Where a node starts; undefined for nodes without a source range. */
export function nodePosition(ctx: DocContext, node: Node | undefined | null): Position | undefined {
  const offset = node?.range?.[0];
  return offset === undefined ? undefined : ctx.source.position(offset);
}

/** An empty plain value (`rules:`), which yaml.v3 decodes as null. */
export function isNull(node: Node | undefined): boolean {
  return node === undefined || (isScalar(node) && node.value === '' && (node.type === 'PLAIN' || node.type === undefined));
}

export interface MapEntry {
  key: string;
  keyNode: Node;
  /** The value, aliases resolved; undefined when absent. */
  value: Node | undefined;
  /** Position of the value, or of the key when the value is empty. */
  at: Position;
}

/** A mapping's entries with scalar keys; other keys are reported and skipped. */
export function mapEntries(ctx: DocContext, map: YAMLMap, path: PathSegment[]): MapEntry[] {
  const out: MapEntry[] = [];
  for (const pair of map.items) {
    const keyNode = resolve(ctx, pair.key);
    const keyAt = nodePosition(ctx, keyNode) ?? nodePosition(ctx, map as Node)!;
    if (!isScalar(keyNode)) {
      ctx.source.report(keyAt, [...ctx.prefix, ...path], 'mapping keys must be plain strings', 'error');
      continue;
    }
    const value = resolve(ctx, pair.value);
    if (isAlias(pair.value) && value === undefined) {
      const where = nodePosition(ctx, pair.value as unknown as Node) ?? keyAt;
      ctx.source.report(where, [...ctx.prefix, ...path, String(keyNode.value)], `unknown alias *${pair.value.source}`, 'error');
      continue;
    }
    const hasValue = value?.range && value.range[1] > value.range[0];
    out.push({ key: String(keyNode.value), keyNode, value, at: hasValue ? nodePosition(ctx, value)! : keyAt });
  }
  return out;
}

export function asMap(node: Node | undefined): YAMLMap | undefined {
  return isMap(node) ? node : undefined;
}

export function asSeq(node: Node | undefined): YAMLSeq | undefined {
  return isSeq(node) ? node : undefined;
}

/** A scalar's text, or undefined for collections. */
export function scalarText(node: Node | undefined): string | undefined {
  if (node === undefined) return '';
  return isScalar(node) ? String((node as Scalar).value ?? '') : undefined;
}

/**
 * The position of character `index` of a scalar's value in the source, for plain and quoted
 * one-line scalars and literal blocks (`|`), where the value is the source minus indentation;
 * undefined for folded or escaped forms.
 */
export function positionInScalar(ctx: DocContext, node: Node, index: number): Position | undefined {
  if (!isScalar(node) || !node.range) return undefined;
  const value = String(node.value ?? '');
  const [start, end] = node.range;
  const text = ctx.source.text;
  if (node.type === 'PLAIN' && text.slice(start, end) === value) return ctx.source.position(start + index);
  if ((node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') && text.slice(start + 1, end - 1) === value) {
    return ctx.source.position(start + 1 + index);
  }
  if (node.type !== 'BLOCK_LITERAL') return undefined;
  const before = value.slice(0, index);
  const lineIndex = before.split('\n').length - 1;
  const column = index - (before.lastIndexOf('\n') + 1);
  const valueLine = value.split('\n')[lineIndex] ?? '';
  let lineStart = text.indexOf('\n', start) + 1; // the content starts after the `|` header line
  if (lineStart === 0) return undefined;
  for (let i = 0; i < lineIndex; i++) {
    lineStart = text.indexOf('\n', lineStart) + 1;
    if (lineStart === 0) return undefined;
  }
  const lineEnd = text.indexOf('\n', lineStart);
  const sourceLine = text.slice(lineStart, lineEnd < 0 ? undefined : lineEnd);
  const indent = sourceLine.length - valueLine.length;
  if (indent < 0 || !sourceLine.endsWith(valueLine) || sourceLine.slice(0, indent).trim() !== '') return undefined;
  return ctx.source.position(lineStart + indent + column);
}
