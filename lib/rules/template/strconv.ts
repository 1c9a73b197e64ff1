// Ports of the parts of Go's strconv and unicode/utf8 that text/template and fmt rely on.
// Go strings are UTF-8 bytes; here they are JS strings, so byte counts are computed on demand.

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: false });

export class StrconvError extends Error {}

/** Length of `s` in UTF-8 bytes (Go's len(s)). */
export function byteLength(s: string): number {
  return encoder.encode(s).length;
}

export function utf8Bytes(s: string): Uint8Array {
  return encoder.encode(s);
}

export function fromUtf8(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

/** Number of runes (code points), as Go's utf8.RuneCountInString. */
export function runeCount(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

const printRe = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;

/** Go's unicode.IsPrint / strconv.IsPrint: letters, marks, numbers, punctuation, symbols and ASCII space. */
export function isPrint(r: number): boolean {
  if (r < 0x20 || r === 0x7f) return false;
  if (r < 0x7f) return true;
  if (r >= 0xd800 && r <= 0xdfff) return false;
  return printRe.test(String.fromCodePoint(r));
}

const lowerhex = '0123456789abcdef';

function hexDigits(r: number, n: number): string {
  return r.toString(16).padStart(n, '0').slice(-n);
}

function escapeRune(r: number, quote: string, asciiOnly: boolean): string {
  const ch = String.fromCodePoint(r);
  if (ch === quote || ch === '\\') return '\\' + ch;
  if (asciiOnly ? r < 0x80 && isPrint(r) : isPrint(r)) return ch;
  switch (r) {
    case 7: return '\\a';
    case 8: return '\\b';
    case 12: return '\\f';
    case 10: return '\\n';
    case 13: return '\\r';
    case 9: return '\\t';
    case 11: return '\\v';
  }
  if (r < 0x20 || r === 0x7f) return '\\x' + lowerhex[r >> 4]! + lowerhex[r & 15]!;
  if (r > 0x10ffff || (r >= 0xd800 && r <= 0xdfff)) r = 0xfffd;
  if (r < 0x10000) return '\\u' + hexDigits(r, 4);
  return '\\U' + hexDigits(r, 8);
}

/** strconv.Quote (or QuoteToASCII). */
export function quote(s: string, asciiOnly = false): string {
  let out = '"';
  for (const ch of s) out += escapeRune(ch.codePointAt(0)!, '"', asciiOnly);
  return out + '"';
}

/** strconv.QuoteRune (or QuoteRuneToASCII). */
export function quoteRune(r: number, asciiOnly = false): string {
  if (r > 0x10ffff || (r >= 0xd800 && r <= 0xdfff) || r < 0) r = 0xfffd;
  return "'" + escapeRune(r, "'", asciiOnly) + "'";
}

/** strconv.CanBackquote. */
export function canBackquote(s: string): boolean {
  for (const ch of s) {
    const r = ch.codePointAt(0)!;
    if (r === 0xfeff) return false;
    if ((r < 0x20 && r !== 9) || r === 0x60 || r === 0x7f) return false;
    if (r >= 0xd800 && r <= 0xdfff) return false;
  }
  return true;
}

function unhex(c: string): number {
  const v = parseInt(c, 16);
  return /^[0-9a-fA-F]$/.test(c) ? v : -1;
}

/**
 * strconv.UnquoteChar on s starting at index i. Returns the rune (or raw byte for \x and octal
 * escapes, flagged by `byte`) and the index after it. Throws StrconvError("invalid syntax").
 */
function unquoteChar(s: string, i: number, q: string): { r: number; byte: boolean; next: number } {
  if (i >= s.length) throw new StrconvError('invalid syntax');
  const c = s[i]!;
  if (c === q && (q === "'" || q === '"')) throw new StrconvError('invalid syntax');
  if (c !== '\\') {
    const r = s.codePointAt(i)!;
    return { r, byte: false, next: i + (r > 0xffff ? 2 : 1) };
  }
  if (i + 1 >= s.length) throw new StrconvError('invalid syntax');
  const e = s[i + 1]!;
  let j = i + 2;
  const simple: Record<string, number> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, '\\': 92 };
  if (e in simple) return { r: simple[e]!, byte: false, next: j };
  if (e === 'x' || e === 'u' || e === 'U') {
    const n = e === 'x' ? 2 : e === 'u' ? 4 : 8;
    if (j + n > s.length) throw new StrconvError('invalid syntax');
    let v = 0;
    for (let k = 0; k < n; k++) {
      const x = unhex(s[j + k]!);
      if (x < 0) throw new StrconvError('invalid syntax');
      v = v * 16 + x;
    }
    j += n;
    if (e === 'x') return { r: v, byte: true, next: j };
    if (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) throw new StrconvError('invalid syntax');
    return { r: v, byte: false, next: j };
  }
  if (e >= '0' && e <= '7') {
    let v = e.charCodeAt(0) - 48;
    if (j + 2 > s.length) throw new StrconvError('invalid syntax');
    for (let k = 0; k < 2; k++) {
      const x = s.charCodeAt(j + k) - 48;
      if (x < 0 || x > 7) throw new StrconvError('invalid syntax');
      v = v * 8 + x;
    }
    if (v > 255) throw new StrconvError('invalid syntax');
    return { r: v, byte: true, next: j + 2 };
  }
  if (e === "'" || e === '"') {
    if (e !== q) throw new StrconvError('invalid syntax');
    return { r: e.charCodeAt(0), byte: false, next: j };
  }
  throw new StrconvError('invalid syntax');
}

/** strconv.Unquote for "..." , `...` and '...' literals. Throws StrconvError("invalid syntax"). */
export function unquote(s: string): string {
  const n = s.length;
  if (n < 2) throw new StrconvError('invalid syntax');
  const q = s[0]!;
  if (q !== s[n - 1]) throw new StrconvError('invalid syntax');
  const body = s.slice(1, n - 1);
  if (q === '`') {
    if (body.includes('`')) throw new StrconvError('invalid syntax');
    return body.replace(/\r/g, '');
  }
  if (q !== '"' && q !== "'") throw new StrconvError('invalid syntax');
  if (body.includes('\n')) throw new StrconvError('invalid syntax');
  const bytes: number[] = [];
  let i = 0;
  let runes = 0;
  while (i < body.length) {
    const { r, byte, next } = unquoteChar(body, i, q);
    if (byte) bytes.push(r);
    else bytes.push(...encoder.encode(String.fromCodePoint(r)));
    i = next;
    runes++;
    if (q === "'" && runes > 1) throw new StrconvError('invalid syntax');
  }
  if (q === "'" && runes !== 1) throw new StrconvError('invalid syntax');
  return decoder.decode(new Uint8Array(bytes));
}

/** Parses a Go character literal ('a', '\n', '\u00e9') to its rune value. */
export function unquoteCharLiteral(s: string): number {
  if (s.length < 3 || s[0] !== "'") throw new StrconvError('invalid syntax');
  const { r, next } = unquoteChar(s, 1, "'");
  if (s.slice(next) !== "'") throw new StrconvError(`malformed character constant: ${s}`);
  return r;
}

/** Go's underscoreOK: underscores only between digits or after a base prefix. */
function underscoreOK(s: string): boolean {
  let saw = '^';
  let i = 0;
  if (s[0] === '-' || s[0] === '+') s = s.slice(1);
  let hex = false;
  if (s.length >= 2 && s[0] === '0' && /[bBoOxX]/.test(s[1]!)) {
    i = 2;
    saw = '0';
    hex = /[xX]/.test(s[1]!);
  }
  for (; i < s.length; i++) {
    const c = s[i]!;
    if ((c >= '0' && c <= '9') || (hex && /[a-fA-F]/.test(c))) {
      saw = '0';
      continue;
    }
    if (c === '_') {
      if (saw !== '0') return false;
      saw = '_';
      continue;
    }
    if (saw === '_') return false;
    saw = '!';
  }
  return saw !== '_';
}

const MAX_UINT64 = (1n << 64n) - 1n;

/**
 * strconv.ParseUint(s, 0, 64) / ParseInt(s, 0, 64): Go integer literal syntax with base prefixes
 * and underscores. Returns undefined on any error.
 */
export function parseGoInt(s: string, signed: boolean): bigint | undefined {
  if (s === '') return undefined;
  let neg = false;
  let body = s;
  if (signed && (s[0] === '+' || s[0] === '-')) {
    neg = s[0] === '-';
    body = s.slice(1);
  }
  if (body === '') return undefined;
  let base = 10;
  let digits = body;
  if (body[0] === '0') {
    if (body.length >= 3 && /[xX]/.test(body[1]!)) {
      base = 16;
      digits = body.slice(2);
    } else if (body.length >= 3 && /[oO]/.test(body[1]!)) {
      base = 8;
      digits = body.slice(2);
    } else if (body.length >= 3 && /[bB]/.test(body[1]!)) {
      base = 2;
      digits = body.slice(2);
    } else if (body.length > 1) {
      base = 8;
      digits = body.slice(1);
    }
  }
  if (digits.includes('_')) {
    if (!underscoreOK(body)) return undefined;
    digits = digits.replace(/_/g, '');
  }
  if (digits === '') return undefined;
  const valid = { 2: /^[01]+$/, 8: /^[0-7]+$/, 10: /^[0-9]+$/, 16: /^[0-9a-fA-F]+$/ }[base]!;
  if (!valid.test(digits)) return undefined;
  const prefix = { 2: '0b', 8: '0o', 10: '', 16: '0x' }[base]!;
  let v = BigInt(prefix + digits);
  if (!signed) return v > MAX_UINT64 ? undefined : v;
  if (neg) v = -v;
  if (v > (1n << 63n) - 1n || v < -(1n << 63n)) return undefined;
  return v;
}

/** Result of strconv.ParseFloat: the value, or Go's error text. */
export type ParseFloatResult = { value: number; error?: string };

function parseHexFloat(s: string): number | undefined {
  const m = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?[pP]([+-]?[0-9]+)$/.exec(s);
  if (!m) return undefined;
  const intPart = m[2] ?? '';
  const frac = m[3] ?? '';
  if (intPart === '' && frac === '') return undefined;
  const mant = BigInt('0x' + (intPart + frac || '0'));
  const exp = Number(m[4]) - 4 * frac.length;
  let v = Number(mant) * Math.pow(2, exp);
  if (!Number.isFinite(v) && mant !== 0n && exp < 0) v = Number(mant) / Math.pow(2, -exp);
  return m[1] === '-' ? -v : v;
}

/** strconv.ParseFloat(s, 64) including Go's error messages. */
export function parseGoFloat(s: string): ParseFloatResult {
  const syntax = { value: 0, error: `strconv.ParseFloat: parsing ${quote(s)}: invalid syntax` };
  const special = /^([+-]?)(inf|infinity)$/i.exec(s);
  if (special) return { value: special[1] === '-' ? -Infinity : Infinity };
  if (/^nan$/i.test(s)) return { value: NaN };
  if (s.includes('_') && !underscoreOK(s)) return syntax;
  const clean = s.replace(/_/g, '');
  let v: number | undefined;
  if (/^[+-]?0[xX]/.test(clean)) v = parseHexFloat(clean);
  else if (/^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/.test(clean)) v = Number(clean);
  if (v === undefined || Number.isNaN(v)) return syntax;
  if (!Number.isFinite(v)) {
    return { value: v, error: `strconv.ParseFloat: parsing ${quote(s)}: value out of range` };
  }
  return { value: v };
}

/** url.QueryEscape. */
export function queryEscape(s: string): string {
  let out = '';
  for (const b of encoder.encode(s)) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}
