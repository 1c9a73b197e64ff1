/**
 * promtool's input series notation, as Prometheus 2.42 parses it (parser.ParseSeriesDesc,
 * parser.ParseMetric, and the LazyLoader's `load` command that promtool builds from a test group):
 *
 *   `a+bxn` / `a-bxn`: n+1 values a, a+b, ... (by repeated float addition, as Go does);
 *   `axn`: n+1 copies of a; `_`: one missing sample; `_xn`: n missing samples;
 *   `stale`: a staleness marker; numbers as Go's ParseInt(base 0) then ParseFloat read them
 *   (so `010` is octal 8), `Inf`/`NaN` in any case.
 *
 * Sample i is at i*interval from Unix time 0; missing samples produce no point.
 */
import { type Label, goQuote, sortLabels } from './labels';
import { METRIC_NAME_KEYWORDS, PromqlLexer, type Token, describeToken, unquoteString } from './promql-lexer';

/** One element of a value sequence. */
export type SequenceValue = { omitted: true } | { omitted: false; value: number; stale: boolean };

export interface SeriesDescription {
  labels: Label[];
  values: SequenceValue[];
}

/** A sample to load. `stale` marks a staleness marker (value NaN, written as the stale NaN bits). */
export interface SeriesPoint {
  /** Milliseconds since the Unix epoch. */
  t: number;
  value: number;
  stale: boolean;
}

export interface LoadedSeries {
  labels: Label[];
  points: SeriesPoint[];
}

/** A guard against `1x100000000000` exhausting memory (promtool would try). */
export const MAX_SEQUENCE_VALUES = 10_000_000;

/** A parse error with Prometheus's wording: `1:5: parse error: unexpected "x"`. */
export class PromqlParseError extends Error {
  constructor(
    readonly input: string,
    readonly position: number,
    readonly detail: string,
  ) {
    const before = input.slice(0, position);
    const line = before.split('\n').length;
    const column = new TextEncoder().encode(before.slice(before.lastIndexOf('\n') + 1)).length + 1;
    super(`${line}:${column}: parse error: ${detail}`);
    this.name = 'PromqlParseError';
  }
}

class DescriptionParser {
  private readonly lexer: PromqlLexer;
  private peeked: Token | undefined;

  constructor(
    private readonly input: string,
    seriesDesc: boolean,
  ) {
    this.lexer = new PromqlLexer(input, seriesDesc);
  }

  private next(): Token {
    const token = this.peeked ?? this.lexer.nextToken();
    this.peeked = undefined;
    if (token.kind === 'error') throw new PromqlParseError(this.input, token.pos, token.text);
    return token;
  }

  private peek(): Token {
    this.peeked ??= this.lexer.nextToken();
    if (this.peeked.kind === 'error') return this.next();
    return this.peeked;
  }

  private fail(token: Token, context = '', expected = ''): never {
    let detail = `unexpected ${describeToken(token)}`;
    if (context) detail += ` in ${context}`;
    if (expected) detail += `, expected ${expected}`;
    throw new PromqlParseError(this.input, token.pos, detail);
  }

  expectEnd(): void {
    const token = this.next();
    if (token.kind !== 'eof') this.fail(token);
  }

  /** metric: metric_identifier label_set | label_set. */
  metric(): Label[] {
    const first = this.peek();
    const isName =
      first.kind === 'identifier' || first.kind === 'metricIdentifier' || (first.kind === 'keyword' && METRIC_NAME_KEYWORDS.has(first.text.toLowerCase()));
    if (!isName) return sortLabels(this.labelSet());
    this.next();
    // labels.NewBuilder(set).Set(__name__, name): the name wins, empty values are dropped.
    const rest = this.labelSet().filter((l) => l.name !== '__name__' && l.value !== '');
    return sortLabels([...rest, { name: '__name__', value: first.text }]);
  }

  private labelSet(): Label[] {
    if (!this.isPunct(this.peek(), '{')) return [];
    this.next();
    const labels: Label[] = [];
    if (this.isPunct(this.peek(), '}')) {
      this.next();
      return labels;
    }
    for (;;) {
      labels.push(this.labelSetItem());
      const sep = this.next();
      if (this.isPunct(sep, '}')) return labels;
      if (!this.isPunct(sep, ',')) this.fail(sep, 'label set', '"," or "}"');
      if (this.isPunct(this.peek(), '}')) {
        this.next();
        return labels;
      }
    }
  }

  private labelSetItem(): Label {
    const name = this.next();
    if (name.kind !== 'identifier') this.fail(name, 'label set', 'identifier or "}"');
    const eq = this.next();
    if (!this.isPunct(eq, '=')) this.fail(eq, 'label set', '"="');
    const value = this.next();
    if (value.kind !== 'string') this.fail(value, 'label set', 'string');
    return { name: name.text, value: unquoteString(value.text) };
  }

  /** series_values: (SPACE series_item?)* up to the end of input. */
  seriesValues(): SequenceValue[] {
    const values: SequenceValue[] = [];
    for (;;) {
      const token = this.next();
      if (token.kind === 'eof') return values;
      if (token.kind !== 'space') this.fail(token, 'series values');
      if (this.peek().kind === 'eof') return values;
      this.seriesItem(values);
      if (values.length > MAX_SEQUENCE_VALUES) {
        throw new PromqlParseError(this.input, token.pos, `more than ${MAX_SEQUENCE_VALUES} values in series description`);
      }
    }
  }

  private seriesItem(out: SequenceValue[]): void {
    const first = this.next();
    if (first.kind === 'blank') {
      let count = 1;
      if (this.peek().kind === 'times') {
        this.next();
        count = this.repetition();
      }
      for (let i = 0; i < count; i++) out.push({ omitted: true });
      return;
    }
    const startsValue = first.kind === 'number' || first.kind === 'identifier' || first.kind === 'metricIdentifier' || first.kind === 'op';
    if (!startsValue) this.fail(first);
    const start = this.seriesValue(first);
    const after = this.peek();
    if (after.kind === 'times') {
      this.next();
      const count = this.repetition();
      for (let i = 0; i <= count; i++) out.push({ ...start });
    } else if (after.kind === 'op' && (after.text === '+' || after.text === '-')) {
      this.next();
      const step = this.signedNumberAfter(after);
      const times = this.next();
      if (times.kind !== 'times') this.fail(times, 'series values');
      const count = this.repetition();
      out.push(start);
      // Go adds step to the value n times; a stale marker turns into an ordinary NaN on addition.
      let value = start.value;
      for (let i = 1; i <= count; i++) {
        value += step;
        out.push({ omitted: false, value, stale: false });
      }
    } else {
      out.push(start);
    }
  }

  private seriesValue(token: Token): { omitted: false; value: number; stale: boolean } {
    if (token.kind === 'identifier' || token.kind === 'metricIdentifier') {
      if (token.text !== 'stale') this.fail(token, 'series values', 'number or "stale"');
      return { omitted: false, value: NaN, stale: true };
    }
    if (token.kind === 'number') return { omitted: false, value: this.number(token), stale: false };
    if (token.kind === 'op' && (token.text === '+' || token.text === '-')) {
      return { omitted: false, value: this.signedNumberAfter(token), stale: false };
    }
    return this.fail(token, 'series values');
  }

  private signedNumberAfter(sign: Token): number {
    const token = this.next();
    if (token.kind !== 'number') this.fail(token, 'series values');
    const value = this.number(token);
    return sign.text === '-' ? -value : value;
  }

  /** uint: strconv.ParseUint(text, 10, 64). */
  private repetition(): number {
    const token = this.next();
    if (token.kind !== 'number') this.fail(token, 'series values');
    const problem = !/^\d+$/.test(token.text) ? 'invalid syntax' : BigInt(token.text) >= 2n ** 64n ? 'value out of range' : '';
    if (problem) {
      throw new PromqlParseError(this.input, token.pos, `invalid repetition in series values: strconv.ParseUint: parsing ${goQuote(token.text)}: ${problem}`);
    }
    const count = Number(token.text);
    if (count > MAX_SEQUENCE_VALUES) {
      throw new PromqlParseError(this.input, token.pos, `repetition ${token.text} exceeds the limit of ${MAX_SEQUENCE_VALUES} values`);
    }
    return count;
  }

  /** parser.number: ParseInt(text, 0, 64), else ParseFloat(text, 64). */
  private number(token: Token): number {
    const value = parseGoNumber(token.text);
    if (value === undefined) {
      const reason = DECIMAL.test(token.text) ? 'value out of range' : 'invalid syntax';
      throw new PromqlParseError(this.input, token.pos, `error parsing number: strconv.ParseFloat: parsing ${goQuote(token.text)}: ${reason}`);
    }
    return value;
  }

  private isPunct(token: Token, text: string): boolean {
    return token.kind === 'punct' && token.text === text;
  }
}

const DECIMAL = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A NUMBER token's value as Prometheus reads it; undefined where Go's ParseFloat fails. */
export function parseGoNumber(text: string): number | undefined {
  const lower = text.toLowerCase();
  if (lower === 'inf') return Infinity;
  if (lower === 'nan') return NaN;
  if (/^0[0-7]+$/.test(text)) {
    const octal = BigInt(`0o${text.slice(1)}`);
    if (octal < 2n ** 63n) return Number(octal);
  }
  // Decimal: ParseInt and ParseFloat agree with Number() (both round correctly); only the
  // syntax and the out-of-range case (ParseFloat's ErrRange) need checking.
  if (!DECIMAL.test(text)) return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

/** parser.ParseSeriesDesc: a metric followed by space-separated values. */
export function parseSeriesDesc(input: string): SeriesDescription {
  const parser = new DescriptionParser(input, true);
  const labels = parser.metric();
  const values = parser.seriesValues();
  return { labels, values };
}

/** parser.ParseMetric: `up{job="x"}`, `{__name__="a"}`, `test`, `''` (no labels). */
export function parseMetric(input: string): Label[] {
  const parser = new DescriptionParser(input, false);
  const labels = parser.metric();
  parser.expectEnd();
  return labels;
}

/** Sample i at startMs + i*intervalMs; omitted values produce no point. */
export function expandSequence(values: readonly SequenceValue[], intervalMs: number, startMs = 0): SeriesPoint[] {
  const points: SeriesPoint[] = [];
  values.forEach((v, i) => {
    if (!v.omitted) points.push({ t: startMs + i * intervalMs, value: v.value, stale: v.stale });
  });
  return points;
}

/** An input series that failed to parse, with the line promtool built for it. */
export class InputSeriesError extends Error {
  constructor(
    readonly line: string,
    readonly parseError: PromqlParseError,
  ) {
    super(parseError.message);
    this.name = 'InputSeriesError';
  }
}

/**
 * What promtool's LazyLoader loads for a test group: it writes `load <interval>` and one
 * `<series> <values>` line per input series, then reads lines until the first empty one
 * (a line starting with `#` counts as empty: later series are silently not loaded); a series
 * defined twice keeps the last definition. With interval 0 (the default when a test group has
 * no `interval`) every sample lands on time 0.
 */
export function loadInputSeries(input: readonly { series: string; values: string }[], intervalMs: number): LoadedSeries[] {
  const text = input.map((s) => `  ${s.series} ${s.values}`).join('\n');
  const lines = text.split('\n').map((line) => {
    const trimmed = line.trim();
    return trimmed.startsWith('#') ? '' : trimmed;
  });
  const byLabels = new Map<string, LoadedSeries>();
  for (const line of lines) {
    if (line === '') break;
    let description: SeriesDescription;
    try {
      description = parseSeriesDesc(line);
    } catch (error) {
      if (error instanceof PromqlParseError) throw new InputSeriesError(line, error);
      throw error;
    }
    const key = JSON.stringify(description.labels.map((l) => [l.name, l.value]));
    byLabels.set(key, { labels: description.labels, points: expandSequence(description.values, intervalMs) });
  }
  return [...byLabels.values()];
}
