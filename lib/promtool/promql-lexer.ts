/**
 * The part of Prometheus 2.42's PromQL lexer (promql/parser/lex.go) that metric and series
 * descriptions go through: label sets, identifiers/keywords, numbers, strings, and the value
 * sequence mode of series descriptions (`1+2x3 _ stale`). Positions are code-unit offsets.
 */
import { goQuote, goQuoteRune } from './labels';

export type TokenKind =
  | 'eof'
  | 'error'
  | 'identifier'
  | 'metricIdentifier'
  | 'keyword'
  | 'number'
  | 'duration'
  | 'string'
  | 'op'
  | 'punct'
  | 'space'
  | 'blank'
  | 'times';

export interface Token {
  kind: TokenKind;
  /** The source text (for 'error': the message). */
  text: string;
  pos: number;
}

const AGGREGATORS = ['sum', 'avg', 'count', 'min', 'max', 'group', 'stddev', 'stdvar', 'topk', 'bottomk', 'count_values', 'quantile'];
const OPERATOR_WORDS = ['and', 'or', 'unless', 'atan2'];
const KEYWORDS = ['offset', 'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'bool'];
const PREPROCESSORS = ['start', 'end'];
const KEY_WORDS = new Set([...AGGREGATORS, ...OPERATOR_WORDS, ...KEYWORDS, ...PREPROCESSORS]);

/** Words the 2.42 grammar accepts as a metric name (metric_identifier), besides identifiers. */
export const METRIC_NAME_KEYWORDS = new Set([...AGGREGATORS, 'and', 'or', 'unless', 'offset', 'by', 'without', 'start', 'end']);

const isDigit = (c: string) => c >= '0' && c <= '9';
const isAlpha = (c: string) => c === '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
const isAlphaNumeric = (c: string) => isAlpha(c) || isDigit(c);
const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\n' || c === '\r';
const EOF = '';

/** Item.desc() of Go's parser: how "unexpected ..." messages name a token. */
export function describeToken(token: Token): string {
  const word = token.text.toLowerCase();
  switch (token.kind) {
    case 'eof':
      return 'end of input';
    case 'identifier':
      return `identifier ${goQuote(token.text)}`;
    case 'metricIdentifier':
      return `metric identifier ${goQuote(token.text)}`;
    case 'number':
      return `number ${quoteShort(token.text)}`;
    case 'duration':
      return `duration ${quoteShort(token.text)}`;
    case 'string':
      return `string ${quoteShort(token.text)}`;
    case 'keyword':
      if (AGGREGATORS.includes(word)) return `<aggr:${token.text}>`;
      if (OPERATOR_WORDS.includes(word)) return `<op:${token.text}>`;
      if (KEYWORDS.includes(word)) return `<${token.text}>`;
      return goQuote(token.text);
    case 'op':
      return `<op:${token.text}>`;
    default:
      return goQuote(token.text);
  }
}

/** Go's `%.10q...` for long item values. */
function quoteShort(text: string): string {
  const chars = [...text];
  return chars.length > 10 ? `${goQuote(chars.slice(0, 10).join(''))}...` : goQuote(text);
}

/** Go's `%#U`: U+0071 'q'. */
function formatRune(ch: string): string {
  const hex = `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  return /[\p{L}\p{M}\p{N}\p{P}\p{S} ]/u.test(ch) ? `${hex} '${ch}'` : hex;
}

type State = 'statements' | 'braces' | 'values';

export class PromqlLexer {
  private pos = 0;
  private start = 0;
  private state: State = 'statements';
  private braceOpen = false;
  private finished = false;

  constructor(
    readonly input: string,
    /** Series description mode: hex numbers off, value sequences after the metric. */
    private readonly seriesDesc: boolean,
  ) {}

  /** The next token, comments skipped (as the parser does). After 'eof' or 'error' it repeats 'eof'. */
  nextToken(): Token {
    while (!this.finished) {
      const token = this.state === 'braces' ? this.lexInsideBraces() : this.state === 'values' ? this.lexValueSequence() : this.lexStatements();
      if (token) {
        if (token.kind === 'eof' || token.kind === 'error') this.finished = true;
        return token;
      }
    }
    return { kind: 'eof', text: '', pos: this.input.length };
  }

  private next(): string {
    if (this.pos >= this.input.length) return EOF;
    const ch = String.fromCodePoint(this.input.codePointAt(this.pos)!);
    this.pos += ch.length;
    return ch;
  }

  private peek(): string {
    if (this.pos >= this.input.length) return EOF;
    return String.fromCodePoint(this.input.codePointAt(this.pos)!);
  }

  private accept(valid: string): boolean {
    const ch = this.peek();
    if (ch !== EOF && valid.includes(ch)) {
      this.pos += ch.length;
      return true;
    }
    return false;
  }

  private acceptRun(valid: string): void {
    while (this.accept(valid)) {
      /* consume */
    }
  }

  private emit(kind: TokenKind): Token {
    const token = { kind, text: this.input.slice(this.start, this.pos), pos: this.start };
    this.start = this.pos;
    return token;
  }

  private error(message: string): Token {
    return { kind: 'error', text: message, pos: this.start };
  }

  private skipSpaces(): null {
    while (isSpace(this.peek())) this.next();
    this.start = this.pos;
    return null;
  }

  /** Comments run to the end of the line; the parser never sees them. */
  private skipComment(): null {
    while (this.peek() !== EOF && this.peek() !== '\n' && this.peek() !== '\r') this.next();
    this.start = this.pos;
    return null;
  }

  private lexStatements(): Token | null {
    if (this.braceOpen) {
      this.state = 'braces';
      return null;
    }
    if (this.input.startsWith('#', this.pos)) return this.skipComment();
    const r = this.next();
    switch (true) {
      case r === EOF:
        return this.emit('eof');
      case r === ',':
        return this.emit('punct');
      case isSpace(r):
        return this.skipSpaces();
      case '*/%+-^'.includes(r):
        return this.emit('op');
      case r === '=': {
        const t = this.peek();
        if (t === '=') {
          this.next();
          return this.emit('op');
        }
        if (t === '~') return this.error(`unexpected character after '=': ${goQuoteRune(t)}`);
        return this.emit('punct');
      }
      case r === '!': {
        const t = this.next();
        return t === '=' ? this.emit('op') : this.error(`unexpected character after '!': ${goQuoteRune(t)}`);
      }
      case r === '<' || r === '>':
        this.accept('=');
        return this.emit('op');
      case isDigit(r) || (r === '.' && isDigit(this.peek())):
        this.pos = this.start;
        return this.lexNumberOrDuration();
      case r === '"' || r === "'" || r === '`':
        return this.lexString(r);
      case isAlpha(r) || r === ':':
        this.pos = this.start;
        return this.lexKeywordOrIdentifier();
      case r === '{':
        this.braceOpen = true;
        this.state = 'braces';
        return this.emit('punct');
      case '()[]@'.includes(r):
        return this.emit('punct');
      default:
        return this.error(`unexpected character: ${goQuoteRune(r)}`);
    }
  }

  private lexInsideBraces(): Token | null {
    if (this.input.startsWith('#', this.pos)) return this.skipComment();
    const r = this.next();
    switch (true) {
      case r === EOF:
        return this.error('unexpected end of input inside braces');
      case isSpace(r):
        return this.skipSpaces();
      case isAlpha(r):
        while (isAlphaNumeric(this.peek())) this.next();
        return this.emit('identifier');
      case r === ',':
        return this.emit('punct');
      case r === '"' || r === "'" || r === '`':
        return this.lexString(r);
      case r === '=':
        return this.accept('~') ? this.emit('op') : this.emit('punct');
      case r === '!': {
        const t = this.next();
        if (t === '~' || t === '=') return this.emit('op');
        return this.error(`unexpected character after '!' inside braces: ${goQuoteRune(t)}`);
      }
      case r === '{':
        return this.error(`unexpected left brace ${goQuoteRune(r)}`);
      case r === '}':
        this.braceOpen = false;
        this.state = this.seriesDesc ? 'values' : 'statements';
        return this.emit('punct');
      default:
        return this.error(`unexpected character inside braces: ${goQuoteRune(r)}`);
    }
  }

  private lexValueSequence(): Token | null {
    const r = this.next();
    switch (true) {
      case r === EOF:
        this.state = 'statements';
        return null;
      case isSpace(r): {
        const token = this.emit('space');
        this.skipSpaces();
        return token;
      }
      case r === '+' || r === '-':
        return this.emit('op');
      case r === 'x':
        return this.emit('times');
      case r === '_':
        return this.emit('blank');
      case isDigit(r) || (r === '.' && isDigit(this.peek())):
        this.pos = this.start;
        return this.scanNumber() ? this.emit('number') : this.error(`bad number syntax: ${goQuote(this.input.slice(this.start, this.pos))}`);
      case isAlpha(r):
        this.pos = this.start;
        return this.lexKeywordOrIdentifier();
      default:
        return this.error(`unexpected character in series sequence: ${goQuoteRune(r)}`);
    }
  }

  /** Go's scanNumber (2.42): no hex in series descriptions, where `x` may follow a number. */
  private scanNumber(): boolean {
    let digits = '0123456789';
    if (!this.seriesDesc && this.peek() === '0') {
      const save = this.pos;
      this.next();
      if (this.accept('xX')) digits = '0123456789abcdefABCDEF';
      else this.pos = save;
    }
    this.acceptRun(digits);
    if (this.accept('.')) this.acceptRun(digits);
    if (this.accept('eE')) {
      this.accept('+-');
      this.acceptRun('0123456789');
    }
    const r = this.peek();
    return (this.seriesDesc && r === 'x') || !isAlphaNumeric(r);
  }

  private lexNumberOrDuration(): Token {
    if (this.scanNumber()) return this.emit('number');
    while (isAlphaNumeric(this.peek())) this.next();
    if (/^\d+(?:(?:ms|[smhdwy])\d*)+$/.test(this.input.slice(this.start, this.pos))) return this.emit('duration');
    return this.error(`bad number or duration syntax: ${goQuote(this.input.slice(this.start, this.pos))}`);
  }

  private lexKeywordOrIdentifier(): Token {
    while (isAlphaNumeric(this.peek()) || this.peek() === ':') this.next();
    const word = this.input.slice(this.start, this.pos);
    const lower = word.toLowerCase();
    let kind: TokenKind = word.includes(':') ? 'metricIdentifier' : 'identifier';
    if (lower === 'inf' || lower === 'nan') kind = 'number';
    else if (KEY_WORDS.has(lower)) kind = 'keyword';
    if (this.seriesDesc && this.peek() !== '{') this.state = 'values';
    return this.emit(kind);
  }

  private lexString(quote: string): Token {
    for (;;) {
      const ch = this.next();
      if (ch === quote) return this.emit('string');
      if (quote === '`') {
        if (ch === EOF) return this.error('unterminated raw string');
        continue;
      }
      if (ch === EOF || ch === '\n') return this.error('unterminated quoted string');
      if (ch === '\\') {
        const problem = this.scanEscape(quote);
        if (problem) return this.error(problem);
      }
    }
  }

  /** lexEscape: validates one escape sequence (the backslash is consumed). */
  private scanEscape(quote: string): string | undefined {
    let ch = this.next();
    let n: number;
    let base: number;
    let max: number;
    if ('abfnrtv\\'.includes(ch) && ch !== EOF) return undefined;
    if (ch === quote) return undefined;
    if (ch >= '0' && ch <= '7') [n, base, max] = [3, 8, 255];
    else if (ch === 'x') [ch, n, base, max] = [this.next(), 2, 16, 255];
    else if (ch === 'u') [ch, n, base, max] = [this.next(), 4, 16, 0x10ffff];
    else if (ch === 'U') [ch, n, base, max] = [this.next(), 8, 16, 0x10ffff];
    else if (ch === EOF) return 'escape sequence not terminated';
    else return `unknown escape sequence ${formatRune(ch)}`;
    let x = 0;
    while (n > 0) {
      const d = ch === EOF ? 16 : parseInt(ch, 16);
      if (!(d < base)) return ch === EOF ? 'escape sequence not terminated' : `illegal character ${formatRune(ch)} in escape sequence`;
      x = x * base + d;
      n--;
      if (n > 0) ch = this.next();
    }
    if (x > max || (x >= 0xd800 && x < 0xe000)) return 'escape sequence is an invalid Unicode code point';
    return undefined;
  }
}

/** strutil.Unquote of a lexed STRING token (escapes already validated by the lexer). */
export function unquoteString(raw: string): string {
  const quote = raw[0];
  const body = raw.slice(1, -1);
  if (quote === '`') return body;
  const bytes: number[] = [];
  const encoder = new TextEncoder();
  const pushText = (text: string) => bytes.push(...encoder.encode(text));
  const simple: Record<string, number> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, '\\': 92, "'": 39, '"': 34 };
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch !== '\\') {
      const cp = body.codePointAt(i)!;
      const text = String.fromCodePoint(cp);
      pushText(text);
      i += text.length - 1;
      continue;
    }
    const e = body[++i]!;
    if (e in simple) bytes.push(simple[e]!);
    else if (e >= '0' && e <= '7') {
      bytes.push(parseInt(body.slice(i, i + 3), 8)); // octal and \x escapes are bytes in Go
      i += 2;
    } else if (e === 'x') {
      bytes.push(parseInt(body.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      const width = e === 'u' ? 4 : 8;
      pushText(String.fromCodePoint(parseInt(body.slice(i + 1, i + 1 + width), 16)));
      i += width;
    }
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}
