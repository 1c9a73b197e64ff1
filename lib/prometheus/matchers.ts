// PromQL label-matcher sets such as `{cluster="prod-eu", env=~"prod|staging"}`: the selector a
// cluster declares when several clusters share one Thanos/Mimir endpoint. The syntax and string
// escapes follow the PromQL lexer (Go string literals); regular expressions are checked with
// JavaScript's engine after mapping the common RE2-only syntax, an approximation of Prometheus' RE2.

/** One PromQL label matcher: label name, match operator and the unquoted value (a regex for =~ and !~). */
export type PromMatcher = { name: string; type: '=' | '!=' | '=~' | '!~'; value: string };

/** A syntax error in a matcher set; `position` is the 0-based offset in the text where it was found. */
export class PromMatcherError extends Error {
  readonly position: number;

  constructor(position: number, detail: string) {
    super(`invalid matcher set at character ${position + 1}: ${detail}`);
    this.name = 'PromMatcherError';
    this.position = position;
  }
}

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const NAME_START = /[a-zA-Z_]/;
const NAME_CHAR = /[a-zA-Z0-9_]/;
const HEX = /^[0-9a-fA-F]+$/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const encoder = new TextEncoder();
// fatal: reject invalid UTF-8 built from \x and octal escapes; ignoreBOM: keep a leading U+FEFF.
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

const SIMPLE_ESCAPES: Readonly<Record<string, number>> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, '\\': 92 };

class Scanner {
  i = 0;
  constructor(readonly text: string) {}

  skipSpace(): void {
    // PromQL's lexer treats exactly these as blanks.
    while (this.i < this.text.length && ' \t\r\n'.includes(this.text[this.i] ?? '')) this.i++;
  }

  found(at = this.i): string {
    const ch = this.text.codePointAt(at);
    return ch === undefined ? 'end of input' : JSON.stringify(String.fromCodePoint(ch));
  }

  fail(detail: string, at = this.i): never {
    throw new PromMatcherError(at, detail);
  }

  labelName(): string {
    const start = this.i;
    if (!NAME_START.test(this.text[this.i] ?? '')) this.fail(`expected a label name, found ${this.found()}`);
    while (NAME_CHAR.test(this.text[this.i] ?? '')) this.i++;
    return this.text.slice(start, this.i);
  }

  operator(name: string): PromMatcher['type'] {
    const two = this.text.slice(this.i, this.i + 2);
    if (two === '=~' || two === '!=' || two === '!~') {
      this.i += 2;
      return two;
    }
    if (two[0] === '=') {
      this.i += 1;
      return '=';
    }
    return this.fail(`expected one of =, !=, =~, !~ after label name "${name}", found ${this.found()}`);
  }

  stringLiteral(after: string): string {
    const start = this.i;
    const quote = this.text[start];
    if (quote === '`') {
      // Raw strings: no escapes, newlines allowed.
      const end = this.text.indexOf('`', start + 1);
      if (end === -1) this.fail('unterminated raw string (missing closing `)', start);
      this.i = end + 1;
      return this.text.slice(start + 1, end);
    }
    if (quote !== '"' && quote !== "'") {
      this.fail(`expected a quoted string after "${after}", found ${this.found()}`);
    }
    // Go strings are bytes: \x and octal escapes add single bytes, decoded as UTF-8 at the end.
    const bytes: number[] = [];
    let j = start + 1;
    while (true) {
      const ch = this.text[j];
      if (ch === undefined || ch === '\n') this.fail(`unterminated string (missing closing ${quote})`, start);
      if (ch === quote) break;
      if (ch === '\\') {
        j = this.escape(j, quote, bytes);
        continue;
      }
      const cp = this.text.codePointAt(j) ?? 0;
      bytes.push(...encoder.encode(String.fromCodePoint(cp)));
      j += cp > 0xffff ? 2 : 1;
    }
    this.i = j + 1;
    try {
      return decoder.decode(Uint8Array.from(bytes));
    } catch {
      return this.fail('string is not valid UTF-8 (check its \\x and octal escapes)', start);
    }
  }

  /** Reads the escape sequence whose backslash is at `at`, appending its bytes; returns the next offset. */
  private escape(at: number, quote: string, bytes: number[]): number {
    const kind = this.text[at + 1];
    if (kind === undefined) this.fail(`unterminated string (missing closing ${quote})`, at);
    const simple = kind === quote ? quote.charCodeAt(0) : SIMPLE_ESCAPES[kind];
    if (simple !== undefined) {
      bytes.push(simple);
      return at + 2;
    }
    if (kind >= '0' && kind <= '7') {
      const digits = this.text.slice(at + 1, at + 4);
      if (!/^[0-7]{3}$/.test(digits)) this.fail('octal escape needs exactly 3 octal digits (\\NNN)', at);
      const byte = parseInt(digits, 8);
      if (byte > 255) this.fail(`octal escape \\${digits} is above \\377`, at);
      bytes.push(byte);
      return at + 4;
    }
    const width = kind === 'x' ? 2 : kind === 'u' ? 4 : kind === 'U' ? 8 : 0;
    if (width === 0) {
      // Go allows \' only in '...' and \" only in "...".
      this.fail(`unknown escape sequence \\${kind}`, at);
    }
    const digits = this.text.slice(at + 2, at + 2 + width);
    if (digits.length !== width || !HEX.test(digits)) this.fail(`\\${kind} escape needs exactly ${width} hex digits`, at);
    const value = parseInt(digits, 16);
    if (kind === 'x') {
      bytes.push(value);
    } else {
      if (value > 0x10ffff || (value >= 0xd800 && value < 0xe000)) {
        this.fail(`escape \\${kind}${digits} is not a valid Unicode code point`, at);
      }
      bytes.push(...encoder.encode(String.fromCodePoint(value)));
    }
    return at + 2 + width;
  }
}

/** Parses a PromQL matcher set such as `{cluster="prod-eu", env=~"prod|staging"}`, checking regex values. */
export function parsePromMatchers(text: string): PromMatcher[] {
  const s = new Scanner(text);
  const lone = LONE_SURROGATE.exec(text);
  if (lone) s.fail('text is not valid Unicode (lone surrogate)', lone.index);
  s.skipSpace();
  if (text[s.i] !== '{') s.fail(`expected "{" to start the matcher set, found ${s.found()}`);
  s.i++;
  s.skipSpace();
  if (text[s.i] === '}') s.fail('a matcher set needs at least one matcher, e.g. {cluster="prod-eu"}');
  const matchers: PromMatcher[] = [];
  while (true) {
    const name = s.labelName();
    s.skipSpace();
    const type = s.operator(name);
    s.skipSpace();
    const valueAt = s.i;
    const value = s.stringLiteral(type);
    if (type === '=~' || type === '!~') {
      const problem = regexProblem(value);
      if (problem !== undefined) {
        s.fail(`invalid regular expression in ${name}${type}${JSON.stringify(value)}: ${problem}`, valueAt);
      }
    }
    matchers.push({ name, type, value });
    s.skipSpace();
    const separator = text[s.i];
    if (separator === ',') {
      s.i++;
      s.skipSpace();
      // PromQL accepts one trailing comma before "}".
      if (text[s.i] !== '}') continue;
    } else if (separator !== '}') {
      s.fail(`expected "," or "}" after a matcher, found ${s.found()}`);
    }
    s.i++;
    break;
  }
  s.skipSpace();
  if (s.i < text.length) s.fail(`unexpected ${s.found()} after the closing "}"`);
  return matchers;
}

// Escapes RE2 allows (besides punctuation and octal digits); others, like \y or \k, are errors there.
const RE2_ESCAPES = 'afnrtvxdDsSwWpP';
const RE2_ESCAPES_OUTSIDE_CLASS = `${RE2_ESCAPES}bBAzQ`;
const REGEX_META = /[\\^$.*+?()[\]{}|/-]/g;

/**
 * Why a Prometheus (RE2) regular expression is invalid, or undefined when it compiles. RE2-only
 * syntax is mapped first; lookarounds and backreferences, which JavaScript accepts, are refused.
 */
function regexProblem(source: string): string | undefined {
  const translated = translateRe2(source);
  return 'problem' in translated ? translated.problem : undefined;
}

/** An RE2 pattern as an equivalent JavaScript source, or why it is not valid RE2. */
function translateRe2(source: string): { js: string } | { problem: string } {
  const fail = (problem: string) => ({ problem });
  let out = '';
  let inClass = false;
  let i = 0;
  while (i < source.length) {
    const c = source[i] ?? '';
    if (c === '\\') {
      const e = source[i + 1];
      if (e === undefined) return fail('trailing backslash');
      if (e === 'Q' && !inClass) {
        // \Q...\E quotes literal text.
        const end = source.indexOf('\\E', i + 2);
        out += source.slice(i + 2, end === -1 ? undefined : end).replace(REGEX_META, '\\$&');
        i = end === -1 ? source.length : end + 2;
        continue;
      }
      if (e >= '1' && e <= '9' && !(e <= '7' && /[0-7]/.test(source[i + 2] ?? ''))) {
        return fail(`backreferences (\\${e}) are not supported (Prometheus uses RE2)`);
      }
      if (/[A-Za-z]/.test(e) && !(inClass ? RE2_ESCAPES : RE2_ESCAPES_OUTSIDE_CLASS).includes(e)) {
        return fail(`invalid escape \\${e} (Prometheus uses RE2)`);
      }
      out += c + e;
      i += 2;
      continue;
    }
    if (inClass) {
      const posix = /^\[:\^?[a-z]+:\]/.exec(source.slice(i));
      if (posix) {
        // POSIX classes like [:alpha:] exist only in RE2; any class escape stands in for the check.
        out += '\\w';
        i += posix[0].length;
        continue;
      }
      if (c === ']') inClass = false;
      out += c;
      i++;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += '[';
      i++;
      if (source[i] === '^') {
        out += '^';
        i++;
      }
      // In RE2 a "]" right after "[" or "[^" is a literal.
      if (source[i] === ']') {
        out += '\\]';
        i++;
      }
      continue;
    }
    if (c === '(' && source[i + 1] === '?') {
      const rest = source.slice(i + 2);
      if (/^(=|!|<=|<!)/.test(rest)) return fail('lookahead and lookbehind assertions are not supported (Prometheus uses RE2)');
      if (rest.startsWith('P<')) {
        out += '(?<';
        i += 4;
        continue;
      }
      // Inline flags (?i) and (?i:...), common in PromQL, are RE2-only or engine-dependent in JavaScript.
      const flags = /^([imsU]*)(?:-([imsU]*))?([:)])/.exec(rest);
      if (flags && (flags[1] || flags[2] || flags[3] === ':')) {
        if (flags[3] === ':') out += '(?:';
        i += 2 + flags[0].length;
        continue;
      }
    }
    if (c === '{') {
      const repeat = /^\{(\d+)(?:,(\d*))?\}/.exec(source.slice(i));
      if (repeat && (Number(repeat[1]) > 1000 || Number(repeat[2] ?? 0) > 1000)) {
        return fail(`repetition count ${repeat[0]} is above RE2's limit of 1000`);
      }
    }
    out += c;
    i++;
  }
  try {
    new RegExp(`^(?:${out})$`);
    return { js: out };
  } catch (error) {
    // V8's message repeats the pattern ("Invalid regular expression: /.../: reason"); keep the reason.
    const message = error instanceof Error ? error.message : String(error);
    return fail(message.slice(message.lastIndexOf(': ') + 2) || message);
  }
}

const NAMED_ESCAPES: Readonly<Record<string, string>> = {
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
  '\\': '\\\\',
  '"': '\\"',
};
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

/** Quotes a string like Go's strconv.Quote, which Prometheus uses to print matcher values. */
function goQuote(value: string): string {
  let out = '"';
  for (const ch of value) {
    const named = NAMED_ESCAPES[ch];
    const cp = ch.codePointAt(0) ?? 0;
    if (named !== undefined) out += named;
    else if (PRINTABLE.test(ch)) out += ch;
    else if (cp < 0x80) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else if (cp <= 0xffff) out += `\\u${cp.toString(16).padStart(4, '0')}`;
    else out += `\\U${cp.toString(16).padStart(8, '0')}`;
  }
  return `${out}"`;
}

/** Prints matchers in the canonical form `{a="b",c=~"d"}`; parsing the result gives the same matchers back. */
export function formatPromMatchers(matchers: readonly PromMatcher[]): string {
  if (matchers.length === 0) throw new Error('a matcher set needs at least one matcher');
  const parts = matchers.map((m) => {
    if (!LABEL_NAME.test(m.name)) throw new Error(`invalid label name ${JSON.stringify(m.name)}`);
    if (!['=', '!=', '=~', '!~'].includes(m.type)) throw new Error(`invalid matcher type ${JSON.stringify(m.type)}`);
    // A lone surrogate has no UTF-8 form, so it could not be parsed back.
    if (LONE_SURROGATE.test(m.value)) throw new Error(`value of label "${m.name}" is not valid Unicode`);
    return `${m.name}${m.type}${goQuote(m.value)}`;
  });
  return `{${parts.join(',')}}`;
}

/** Whether a label set satisfies every matcher, as Prometheus matches (anchored regexes; a missing label is ""). */
export function matchesPromMatchers(matchers: readonly PromMatcher[], labels: Readonly<Record<string, string>>): boolean {
  return matchers.every((m) => {
    const value = labels[m.name] ?? '';
    switch (m.type) {
      case '=':
        return value === m.value;
      case '!=':
        return value !== m.value;
      default: {
        const translated = translateRe2(m.value);
        if ('problem' in translated) throw new PromMatcherError(0, translated.problem);
        const matched = new RegExp(`^(?:${translated.js})$`, 's').test(value);
        return m.type === '=~' ? matched : !matched;
      }
    }
  });
}
