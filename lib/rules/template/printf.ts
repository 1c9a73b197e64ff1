// A port of Go's fmt printing (fmt/print.go, fmt/format.go) for the values in values.ts:
// Sprintf with verbs, flags, width and precision; Sprint / Sprintln; and %v for template output.

import { formatFloat } from './go-float';
import { civil, timeString, MONTHS, WEEKDAYS } from './go-time';
import { canBackquote, isPrint, quote, quoteRune, runeCount, utf8Bytes } from './strconv';
import {
  AlertData, GoHTML, GoInt, GoMap, GoTime, NilSample, QueryResult, Sample, typeName, type GoValue,
} from './values';

const ldigits = '0123456789abcdefx';
const udigits = '0123456789ABCDEFX';

// Go prints pointers inside containers as addresses; these are stable stand-ins.
const addresses = new WeakMap<object, bigint>();
let nextAddress = 0xc000010000n;
function addressOf(o: object): bigint {
  let a = addresses.get(o);
  if (a === undefined) {
    a = nextAddress;
    nextAddress += 0x20n;
    addresses.set(o, a);
  }
  return a;
}

/** The nil *time.Location of a UTC time.Time. */
const NIL_LOCATION = Symbol('nil *time.Location');

/** time.Time.GoString(), used by %#v. */
function timeGoString(t: GoTime): string {
  const c = civil(t);
  return `time.Date(${c.year}, time.${MONTHS[c.month - 1]}, ${c.day}, ${c.hour}, ${c.minute}, ${c.second}, ${c.nsec}, time.UTC)`;
}

/** String() of values that implement fmt.Stringer. */
function stringer(v: GoValue): string | undefined {
  if (v instanceof GoTime) return timeString(v);
  if (v instanceof GoInt && v.type === 'time.Month') {
    const m = Number(v.v);
    return m >= 1 && m <= 12 ? MONTHS[m - 1] : `%!Month(${m})`;
  }
  if (v instanceof GoInt && v.type === 'time.Weekday') {
    const d = Number(v.v);
    return d >= 0 && d <= 6 ? WEEKDAYS[d] : `%!Weekday(${d})`;
  }
  return undefined;
}

class Printer {
  buf = '';
  // fmt flags
  plus = false;
  minus = false;
  sharp = false;
  space = false;
  zero = false;
  plusV = false;
  sharpV = false;
  wid = 0;
  widPresent = false;
  prec = 0;
  precPresent = false;
  // the operand being printed, for bad-verb messages
  private arg: GoValue = undefined;
  private argSet = false;
  private erroring = false;

  clearFlags(): void {
    this.plus = this.minus = this.sharp = this.space = this.zero = false;
    this.plusV = this.sharpV = false;
    this.wid = this.prec = 0;
    this.widPresent = this.precPresent = false;
  }

  private writePadding(n: number): void {
    if (n > 0) this.buf += (this.zero ? '0' : ' ').repeat(n);
  }

  pad(s: string): void {
    if (!this.widPresent || this.wid === 0) {
      this.buf += s;
      return;
    }
    const width = this.wid - runeCount(s);
    if (!this.minus) {
      this.writePadding(width);
      this.buf += s;
    } else {
      this.buf += s;
      this.writePadding(width);
    }
  }

  private truncate(s: string): string {
    if (!this.precPresent) return s;
    return Array.from(s).slice(0, this.prec).join('');
  }

  private fmtS(s: string): void {
    this.pad(this.truncate(s));
  }

  private fmtQ(s: string): void {
    s = this.truncate(s);
    if (this.sharp && canBackquote(s)) this.pad('`' + s + '`');
    else this.pad(quote(s, this.plus));
  }

  private fmtSx(s: string, digits: string): void {
    const bytes = utf8Bytes(s);
    let length = bytes.length;
    if (this.precPresent && this.prec < length) length = this.prec;
    let width = 2 * length;
    if (width > 0) {
      if (this.space) {
        if (this.sharp) width *= 2;
        width += length - 1;
      } else if (this.sharp) {
        width += 2;
      }
    } else {
      if (this.widPresent) this.writePadding(this.wid);
      return;
    }
    if (this.widPresent && this.wid > width && !this.minus) this.writePadding(this.wid - width);
    let out = '';
    if (this.sharp) out += '0' + digits[16];
    for (let i = 0; i < length; i++) {
      if (this.space && i > 0) {
        out += ' ';
        if (this.sharp) out += '0' + digits[16];
      }
      const c = bytes[i]!;
      out += digits[c >> 4]! + digits[c & 15]!;
    }
    this.buf += out;
    if (this.widPresent && this.wid > width && this.minus) this.writePadding(this.wid - width);
  }

  private fmtInteger(v: bigint, base: number, isSigned: boolean, verb: string, digits: string): void {
    const negative = isSigned && v < 0n;
    let u = negative ? -v : isSigned ? v : BigInt.asUintN(64, v);
    let prec = 0;
    if (this.precPresent) {
      prec = this.prec;
      if (prec === 0 && u === 0n) {
        const oldZero = this.zero;
        this.zero = false;
        this.writePadding(this.wid);
        this.zero = oldZero;
        return;
      }
    } else if (this.zero && this.widPresent) {
      prec = this.wid;
      if (negative || this.plus || this.space) prec--;
    }
    let s = '';
    const b = BigInt(base);
    do {
      s = digits[Number(u % b)] + s;
      u /= b;
    } while (u > 0n);
    while (s.length < prec) s = '0' + s;
    if (this.sharp) {
      if (base === 2) s = '0b' + s;
      else if (base === 8 && s[0] !== '0') s = '0' + s;
      else if (base === 16) s = '0' + digits[16] + s;
    }
    if (verb === 'O') s = '0o' + s;
    if (negative) s = '-' + s;
    else if (this.plus) s = '+' + s;
    else if (this.space) s = ' ' + s;
    const oldZero = this.zero;
    this.zero = false;
    this.pad(s);
    this.zero = oldZero;
  }

  private fmtUnicode(v: bigint): void {
    const u = BigInt.asUintN(64, v);
    let prec = 4;
    if (this.precPresent && this.prec > 4) prec = this.prec;
    let s = u.toString(16).toUpperCase();
    while (s.length < prec) s = '0' + s;
    s = 'U+' + s;
    if (this.sharp && u <= 0x10ffffn && isPrint(Number(u))) s += " '" + String.fromCodePoint(Number(u)) + "'";
    const oldZero = this.zero;
    this.zero = false;
    this.pad(s);
    this.zero = oldZero;
  }

  private runeOf(v: bigint): number {
    const u = BigInt.asUintN(64, v);
    const r = u > 0x10ffffn ? 0xfffd : Number(u);
    return r >= 0xd800 && r <= 0xdfff ? 0xfffd : r;
  }

  private printInteger(v: bigint, isSigned: boolean, verb: string): void {
    switch (verb) {
      case 'v':
        if (this.sharpV && !isSigned) this.fmt0x64(v, true);
        else this.fmtInteger(v, 10, isSigned, verb, ldigits);
        return;
      case 'd': return this.fmtInteger(v, 10, isSigned, verb, ldigits);
      case 'b': return this.fmtInteger(v, 2, isSigned, verb, ldigits);
      case 'o':
      case 'O': return this.fmtInteger(v, 8, isSigned, verb, ldigits);
      case 'x': return this.fmtInteger(v, 16, isSigned, verb, ldigits);
      case 'X': return this.fmtInteger(v, 16, isSigned, verb, udigits);
      case 'c': return this.pad(String.fromCodePoint(this.runeOf(v)));
      case 'q': {
        const r = this.runeOf(v);
        const ch = String.fromCodePoint(r);
        if (this.sharp && canBackquote(ch)) this.pad('`' + ch + '`');
        else this.pad(quoteRune(r, this.plus));
        return;
      }
      case 'U': return this.fmtUnicode(v);
      default: return this.badVerb(verb);
    }
  }

  private fmt0x64(v: bigint, leading0x: boolean): void {
    const sharp = this.sharp;
    this.sharp = leading0x;
    this.fmtInteger(BigInt.asUintN(64, v), 16, false, 'v', ldigits);
    this.sharp = sharp;
  }

  private fmtFloatVerb(v: number, verb: string, prec: number): void {
    if (this.precPresent) prec = this.prec;
    let num = formatFloat(v, verb, prec);
    num = num[0] === '-' || num[0] === '+' ? num : '+' + num;
    if (this.space && num[0] === '+' && !this.plus) num = ' ' + num.slice(1);
    if (num[1] === 'I' || num[1] === 'N') {
      const oldZero = this.zero;
      this.zero = false;
      if (num[1] === 'N' && !this.space && !this.plus) num = num.slice(1);
      this.pad(num);
      this.zero = oldZero;
      return;
    }
    if (this.sharp && verb !== 'b') {
      let digits = 0;
      if (verb === 'v' || verb === 'g' || verb === 'G' || verb === 'x') digits = prec === -1 ? 6 : prec;
      let tail = '';
      let body = num;
      let hasPoint = false;
      let sawNonzero = false;
      for (let i = 1; i < body.length; i++) {
        const c = body[i]!;
        if (c === '.') hasPoint = true;
        else if (c === 'p' || c === 'P' || ((c === 'e' || c === 'E') && verb !== 'x' && verb !== 'X')) {
          tail = body.slice(i);
          body = body.slice(0, i);
          break;
        } else {
          if (c !== '0') sawNonzero = true;
          if (sawNonzero) digits--;
        }
      }
      if (!hasPoint) {
        if (body.length === 2 && body[1] === '0') digits--;
        body += '.';
      }
      while (digits > 0) {
        body += '0';
        digits--;
      }
      num = body + tail;
    }
    if (this.plus || num[0] !== '+') {
      if (this.zero && this.widPresent && this.wid > num.length) {
        this.buf += num[0];
        this.writePadding(this.wid - num.length);
        this.buf += num.slice(1);
        return;
      }
      this.pad(num);
      return;
    }
    this.pad(num.slice(1));
  }

  private printFloat(v: number, verb: string): void {
    switch (verb) {
      case 'v': return this.fmtFloatVerb(v, 'g', -1);
      case 'b':
      case 'g':
      case 'G':
      case 'x':
      case 'X': return this.fmtFloatVerb(v, verb, -1);
      case 'f':
      case 'e':
      case 'E': return this.fmtFloatVerb(v, verb, 6);
      case 'F': return this.fmtFloatVerb(v, 'f', 6);
      default: return this.badVerb(verb);
    }
  }

  private printString(s: string, verb: string): void {
    switch (verb) {
      case 'v':
        if (this.sharpV) this.fmtQ(s);
        else this.fmtS(s);
        return;
      case 's': return this.fmtS(s);
      case 'x': return this.fmtSx(s, ldigits);
      case 'X': return this.fmtSx(s, udigits);
      case 'q': return this.fmtQ(s);
      default: return this.badVerb(verb);
    }
  }

  private printBool(b: boolean, verb: string): void {
    if (verb === 't' || verb === 'v') this.pad(b ? 'true' : 'false');
    else this.badVerb(verb);
  }

  private badVerb(verb: string): void {
    this.erroring = true;
    this.buf += '%!' + verb + '(';
    if (this.argSet && this.arg !== null && this.arg !== undefined) {
      this.buf += typeName(this.arg) + '=';
      this.printArg(this.arg, 'v');
    } else {
      this.buf += '<nil>';
    }
    this.buf += ')';
    this.erroring = false;
  }

  private fmtPointer(v: GoValue, verb: string, type = typeName(v)): void {
    const nil = v === NilSample || v === null;
    const u = nil ? 0n : addressOf(v as object);
    switch (verb) {
      case 'v':
        if (this.sharpV) {
          this.buf += '(' + type + ')(';
          if (nil) this.buf += 'nil';
          else this.fmt0x64(u, true);
          this.buf += ')';
        } else if (nil) this.pad('<nil>');
        else this.fmt0x64(u, !this.sharp);
        return;
      case 'p': return this.fmt0x64(u, !this.sharp);
      case 'b':
      case 'o':
      case 'd':
      case 'x':
      case 'X': return this.printInteger(u, false, verb);
      default: return this.badVerb(verb);
    }
  }

  /** Stringer handling (fmt's handleMethods) for %v %s %x %X %q; GoStringer for %#v. */
  private handleMethods(v: GoValue, verb: string): boolean {
    if (this.erroring) return false;
    if (this.sharpV) {
      if (!(v instanceof GoTime)) return false;
      this.fmtS(timeGoString(v));
      return true;
    }
    if (!'vsxXq'.includes(verb)) return false;
    const s = stringer(v);
    if (s === undefined) return false;
    this.printString(s, verb);
    return true;
  }

  printArg(arg: GoValue, verb: string): void {
    this.arg = arg;
    this.argSet = true;
    if (arg === null || arg === undefined) {
      if (verb === 'T' || verb === 'v') this.pad('<nil>');
      else this.badVerb(verb);
      return;
    }
    if (verb === 'T') return this.fmtS(typeName(arg));
    if (verb === 'p') return this.fmtPointer(arg, 'p');
    if (this.handleMethods(arg, verb)) return;
    this.printValue(arg, verb, 0);
  }

  private sep(): void {
    this.buf += this.sharpV ? ', ' : ' ';
  }

  printValue(v: GoValue, verb: string, depth: number): void {
    if (depth > 0 && v !== undefined && this.handleMethods(v, verb)) return;
    this.arg = v;
    this.argSet = true;
    if (v === undefined) {
      if (depth === 0) this.buf += '<invalid reflect.Value>';
      else if (verb === 'v') this.buf += '<nil>';
      else this.badVerb(verb);
      return;
    }
    if (v === null) {
      // a nil interface{} element of a map
      this.buf += this.sharpV ? 'interface {}(nil)' : '<nil>';
      return;
    }
    switch (typeof v) {
      case 'boolean': return this.printBool(v, verb);
      case 'bigint': return this.printInteger(v, true, verb);
      case 'number': return this.printFloat(v, verb);
      case 'string': return this.printString(v, verb);
    }
    if (v instanceof GoInt) return this.printInteger(v.v, !v.unsigned, verb);
    if (v instanceof GoHTML) return this.printString(v.s, verb);
    if (v instanceof GoMap) {
      this.buf += this.sharpV ? typeName(v) + '{' : 'map[';
      v.sortedKeys().forEach((k, i) => {
        if (i > 0) this.sep();
        this.printValue(k, verb, depth + 1);
        this.buf += ':';
        const e = v.m.get(k);
        this.printValue(v.elem === 'any' && e === undefined ? null : e, verb, depth + 1);
      });
      this.buf += this.sharpV ? '}' : ']';
      return;
    }
    if (v instanceof QueryResult) {
      if (this.sharpV) {
        this.buf += typeName(v) + '{';
        v.items.forEach((e, i) => {
          if (i > 0) this.sep();
          this.printValue(e, verb, depth + 1);
        });
        this.buf += '}';
      } else {
        this.buf += '[';
        v.items.forEach((e, i) => {
          if (i > 0) this.buf += ' ';
          this.printValue(e, verb, depth + 1);
        });
        this.buf += ']';
      }
      return;
    }
    if (v instanceof Sample) {
      if (depth === 0) {
        this.buf += '&';
        return this.printSampleStruct(v, verb, depth + 1);
      }
      return this.fmtPointer(v, verb);
    }
    if (v === NilSample) return this.fmtPointer(v, verb);
    if (v instanceof AlertData) {
      this.printStruct(typeName(v), [
        ['Labels', v.labels],
        ['ExternalLabels', v.externalLabels],
        ['ExternalURL', v.externalURL],
        ['Value', v.value],
      ], verb, depth);
      return;
    }
    if (v instanceof GoTime) {
      // Only reached for verbs String() does not serve: Go prints the raw struct {wall ext loc}.
      if (v.ptr && depth > 0) return this.fmtPointer(v, verb);
      if (v.ptr) this.buf += '&';
      this.printStruct('time.Time', [
        ['wall', new GoInt('uint64', BigInt(v.nsec))],
        ['ext', new GoInt('int64', v.sec + 62135596800n)],
        ['loc', NIL_LOCATION],
      ], verb, v.ptr ? depth + 1 : depth);
      return;
    }
  }

  /** Prints the struct a *sample points to. */
  printSampleStruct(s: Sample, verb: string, depth: number): void {
    this.printStruct('template.sample', [['Labels', s.labels], ['Value', s.value]], verb, depth);
  }

  private printStruct(type: string, fields: [string, GoValue | typeof NIL_LOCATION][], verb: string, depth: number): void {
    if (this.sharpV) this.buf += type;
    this.buf += '{';
    fields.forEach(([name, value], i) => {
      if (i > 0) this.sep();
      if (this.plusV || this.sharpV) this.buf += name + ':';
      if (value === NIL_LOCATION) this.fmtPointer(null, verb, '*time.Location');
      else this.printValue(value, verb, depth + 1);
    });
    this.buf += '}';
  }
}

/** Parses a decimal number at format[i:], as fmt's parsenum. */
function parsenum(s: string, start: number): { num: number; isnum: boolean; next: number } {
  let num = 0;
  let isnum = false;
  let i = start;
  while (i < s.length && s[i]! >= '0' && s[i]! <= '9') {
    if (num > 1e6) return { num: 0, isnum: false, next: s.length }; // overflow: Go's tooLarge
    num = num * 10 + (s.charCodeAt(i) - 48);
    isnum = true;
    i++;
  }
  return { num, isnum, next: i };
}

function intFromArg(a: GoValue[], argNum: number): { num: number; isInt: boolean; argNum: number } {
  if (argNum >= a.length) return { num: 0, isInt: false, argNum };
  const arg = a[argNum]!;
  let num = 0;
  let isInt = false;
  if (typeof arg === 'bigint' || arg instanceof GoInt) {
    const n = typeof arg === 'bigint' ? arg : arg.v;
    if (n >= -1000000n && n <= 1000000n) {
      num = Number(n);
      isInt = true;
    }
  }
  return { num, isInt, argNum: argNum + 1 };
}

/** fmt.Sprintf. */
export function sprintf(format: string, a: GoValue[]): string {
  const p = new Printer();
  const end = format.length;
  let argNum = 0;
  let afterIndex = false;
  let reordered = false;
  let goodArgNum = true;

  // argNumber: an explicit [n] argument index.
  const argNumber = (i: number): { i: number; found: boolean } => {
    if (i >= end || format[i] !== '[') return { i, found: false };
    reordered = true;
    const close = format.indexOf(']', i + 1);
    if (close < 0) {
      goodArgNum = false;
      return { i: i + 1, found: false };
    }
    const { num, isnum, next } = parsenum(format, i + 1);
    if (!isnum || next !== close || num < 1 || num > a.length) {
      goodArgNum = false;
      return { i: close + 1, found: true };
    }
    argNum = num - 1;
    return { i: close + 1, found: true };
  };

  let i = 0;
  formatLoop: while (i < end) {
    goodArgNum = true;
    const lasti = i;
    while (i < end && format[i] !== '%') i++;
    if (i > lasti) p.buf += format.slice(lasti, i);
    if (i >= end) break;
    i++; // skip %
    p.clearFlags();
    simple: for (; i < end; i++) {
      const c = format[i]!;
      switch (c) {
        case '#': p.sharp = true; break;
        case '0': p.zero = !p.minus; break;
        case '+': p.plus = true; break;
        case '-': p.minus = true; p.zero = false; break;
        case ' ': p.space = true; break;
        default:
          if (c >= 'a' && c <= 'z' && argNum < a.length) {
            if (c === 'v') {
              p.sharpV = p.sharp;
              p.sharp = false;
              p.plusV = p.plus;
              p.plus = false;
            }
            p.printArg(a[argNum]!, c);
            argNum++;
            i++;
            continue formatLoop;
          }
          break simple;
      }
    }
    let r = argNumber(i);
    i = r.i;
    afterIndex = r.found;
    if (i < end && format[i] === '*') {
      i++;
      const w = intFromArg(a, argNum);
      p.wid = w.num;
      p.widPresent = w.isInt;
      argNum = w.argNum;
      if (!p.widPresent) p.buf += '%!(BADWIDTH)';
      if (p.wid < 0) {
        p.wid = -p.wid;
        p.minus = true;
        p.zero = false;
      }
      afterIndex = false;
    } else {
      const n = parsenum(format, i);
      p.wid = n.num;
      p.widPresent = n.isnum;
      i = n.next;
      if (afterIndex && p.widPresent) goodArgNum = false;
    }
    if (i + 1 < end && format[i] === '.') {
      i++;
      if (afterIndex) goodArgNum = false;
      r = argNumber(i);
      i = r.i;
      afterIndex = r.found;
      if (i < end && format[i] === '*') {
        i++;
        const w = intFromArg(a, argNum);
        p.prec = w.num;
        p.precPresent = w.isInt;
        argNum = w.argNum;
        if (p.prec < 0) {
          p.prec = 0;
          p.precPresent = false;
        }
        if (!p.precPresent) p.buf += '%!(BADPREC)';
        afterIndex = false;
      } else {
        const n = parsenum(format, i);
        p.prec = n.num;
        p.precPresent = true;
        i = n.next;
      }
    }
    if (!afterIndex) {
      r = argNumber(i);
      i = r.i;
      afterIndex = r.found;
    }
    if (i >= end) {
      p.buf += '%!(NOVERB)';
      break;
    }
    const verb = String.fromCodePoint(format.codePointAt(i)!);
    i += verb.length;
    if (verb === '%') p.buf += '%';
    else if (!goodArgNum) p.buf += '%!' + verb + '(BADINDEX)';
    else if (argNum >= a.length) p.buf += '%!' + verb + '(MISSING)';
    else {
      if (verb === 'v') {
        p.sharpV = p.sharp;
        p.sharp = false;
        p.plusV = p.plus;
        p.plus = false;
      }
      p.printArg(a[argNum]!, verb);
      argNum++;
    }
  }
  if (!reordered && argNum < a.length) {
    p.clearFlags();
    p.buf += '%!(EXTRA ';
    a.slice(argNum).forEach((arg, k) => {
      if (k > 0) p.buf += ', ';
      if (arg === null || arg === undefined) p.buf += '<nil>';
      else {
        p.buf += typeName(arg) + '=';
        p.printArg(arg, 'v');
      }
    });
    p.buf += ')';
  }
  return p.buf;
}

function isStringKind(v: GoValue): boolean {
  return typeof v === 'string' || v instanceof GoHTML;
}

/** fmt.Sprint: spaces between operands when neither side is a string. */
export function sprint(a: GoValue[]): string {
  const p = new Printer();
  let prevString = false;
  a.forEach((arg, n) => {
    const isString = isStringKind(arg);
    if (n > 0 && !isString && !prevString) p.buf += ' ';
    p.printArg(arg, 'v');
    prevString = isString;
  });
  return p.buf;
}

/** fmt.Sprintln: spaces between all operands and a trailing newline. */
export function sprintln(a: GoValue[]): string {
  const p = new Printer();
  a.forEach((arg, n) => {
    if (n > 0) p.buf += ' ';
    p.printArg(arg, 'v');
  });
  return p.buf + '\n';
}

/**
 * text/template's printableValue: pointers are dereferenced before printing (so a *sample prints
 * as {map[...] 1}), and an invalid value prints as "<no value>".
 */
export function printable(v: GoValue): { value: GoValue; noValue: boolean } {
  if (v === undefined) return { value: undefined, noValue: true };
  if (v instanceof GoTime && v.ptr) return { value: new GoTime(v.sec, v.nsec, false), noValue: false };
  return { value: v, noValue: false };
}

/** How text/template prints the value of an action: fmt.Fprint(printableValue(v)). */
export function templatePrint(v: GoValue): string {
  const { value, noValue } = printable(v);
  if (noValue) return '<no value>';
  if (value instanceof Sample) {
    const p = new Printer();
    p.printSampleStruct(value, 'v', 1);
    return p.buf;
  }
  return sprint([value]);
}

/** The arguments of html/js/urlquery: one string as is, otherwise fmt.Sprint of printable values. */
export function evalArgsString(args: GoValue[]): string {
  if (args.length === 1 && typeof args[0] === 'string') return args[0];
  const p = new Printer();
  let prevString = false;
  args.forEach((arg, n) => {
    // printableValue turns a nil argument into the string "<no value>"
    const value = arg === undefined || arg === null ? '<no value>' : arg;
    const isString = isStringKind(value);
    if (n > 0 && !isString && !prevString) p.buf += ' ';
    if (value instanceof Sample) p.printSampleStruct(value, 'v', 1);
    else p.printArg(value, 'v');
    prevString = isString;
  });
  return p.buf;
}
