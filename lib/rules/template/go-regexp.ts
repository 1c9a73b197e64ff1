// Go (RE2) regular expressions on top of JS RegExp: the pattern is parsed with Go's syntax rules
// (regexp/syntax) and re-emitted as an equivalent JS pattern, so Go-only syntax such as (?i) or
// [[:alpha:]] works, Go's error messages are produced, and JS-only syntax (lookarounds,
// backreferences) is rejected as Go rejects it. Replacement uses Go's Expand ($1, ${name}).

type ClassItem = { lo: number; hi: number } | { prop: string; neg: boolean };

type Re =
  | { t: 'empty' }
  | { t: 'lit'; cp: number; fold: boolean }
  | { t: 'class'; items: ClassItem[]; neg: boolean; fold: boolean }
  | { t: 'any'; nl: boolean }
  | { t: 'assert'; kind: 'bol' | 'eol' | 'bot' | 'eot' | 'wb' | 'nwb' }
  | { t: 'group'; cap: boolean; sub: Re }
  | { t: 'cat'; subs: Re[] }
  | { t: 'alt'; subs: Re[] }
  | { t: 'rep'; min: number; max: number; greedy: boolean; sub: Re };

type Flags = { i: boolean; m: boolean; s: boolean; U: boolean };

export class GoRegexpError extends Error {
  constructor(code: string, expr: string) {
    super(`error parsing regexp: ${code}: \`${expr}\``);
  }
}

const MAX_RUNE = 0x10ffff;

const perlGroups: Record<string, [number, number][]> = {
  d: [[0x30, 0x39]],
  s: [[0x09, 0x0a], [0x0c, 0x0d], [0x20, 0x20]],
  w: [[0x30, 0x39], [0x41, 0x5a], [0x5f, 0x5f], [0x61, 0x7a]],
};

const posixGroups: Record<string, [number, number][]> = {
  alnum: [[0x30, 0x39], [0x41, 0x5a], [0x61, 0x7a]],
  alpha: [[0x41, 0x5a], [0x61, 0x7a]],
  ascii: [[0x00, 0x7f]],
  blank: [[0x09, 0x09], [0x20, 0x20]],
  cntrl: [[0x00, 0x1f], [0x7f, 0x7f]],
  digit: [[0x30, 0x39]],
  graph: [[0x21, 0x7e]],
  lower: [[0x61, 0x7a]],
  print: [[0x20, 0x7e]],
  punct: [[0x21, 0x2f], [0x3a, 0x40], [0x5b, 0x60], [0x7b, 0x7e]],
  space: [[0x09, 0x0d], [0x20, 0x20]],
  upper: [[0x41, 0x5a]],
  word: [[0x30, 0x39], [0x41, 0x5a], [0x5f, 0x5f], [0x61, 0x7a]],
  xdigit: [[0x30, 0x39], [0x41, 0x46], [0x61, 0x66]],
};

function negateRanges(ranges: [number, number][]): [number, number][] {
  const out: [number, number][] = [];
  let next = 0;
  for (const [lo, hi] of [...ranges].sort((a, b) => a[0] - b[0])) {
    if (lo > next) out.push([next, lo - 1]);
    next = Math.max(next, hi + 1);
  }
  if (next <= MAX_RUNE) out.push([next, MAX_RUNE]);
  return out;
}

function rangeItems(ranges: [number, number][], negate: boolean): ClassItem[] {
  return (negate ? negateRanges(ranges) : ranges).map(([lo, hi]) => ({ lo, hi }));
}

const generalCategories = new Set([
  'C', 'Cc', 'Cf', 'Co', 'Cs', 'L', 'Ll', 'Lm', 'Lo', 'Lt', 'Lu', 'M', 'Mc', 'Me', 'Mn',
  'N', 'Nd', 'Nl', 'No', 'P', 'Pc', 'Pd', 'Pe', 'Pf', 'Pi', 'Po', 'Ps', 'S', 'Sc', 'Sk', 'Sm', 'So',
  'Z', 'Zl', 'Zp', 'Zs',
]);

/** JS property expression for a Go \p{name}, or undefined if Go would not know it. */
function unicodeProperty(name: string): string | undefined {
  if (name === 'Any') return 'Any';
  if (generalCategories.has(name)) return name;
  if (!/^[A-Za-z_]+$/.test(name)) return undefined;
  try {
    new RegExp(`\\p{Script=${name}}`, 'u');
    return `Script=${name}`;
  } catch {
    return undefined;
  }
}

function isAlnum(c: string): boolean {
  return /^[0-9A-Za-z]$/.test(c);
}

class ReParser {
  pos = 0;
  ncap = 0;
  /** Capture group names by index (index 0 is the whole match). */
  names: string[] = [''];

  constructor(readonly src: string) {}

  private peek(k = 0): string {
    return this.src[this.pos + k] ?? '';
  }

  private nextRune(): number {
    const cp = this.src.codePointAt(this.pos)!;
    this.pos += cp > 0xffff ? 2 : 1;
    return cp;
  }

  parse(): Re {
    const re = this.parseAlt({ i: false, m: false, s: false, U: false }, false);
    if (this.pos < this.src.length) throw new GoRegexpError('unexpected )', this.src);
    return re;
  }

  /** Alternatives up to ')' (inGroup) or the end; flag changes last until the group ends. */
  private parseAlt(flags: Flags, inGroup: boolean): Re {
    const alts: Re[] = [];
    for (;;) {
      alts.push(this.parseConcat(flags));
      if (this.peek() === '|') {
        this.pos++;
        continue;
      }
      break;
    }
    if (this.peek() === ')' && !inGroup) throw new GoRegexpError('unexpected )', this.src);
    return alts.length === 1 ? alts[0]! : { t: 'alt', subs: alts };
  }

  private parseConcat(flags: Flags): Re {
    const items: Re[] = [];
    let lastRepeatStart = -1; // start of the previous repetition operator, for "a**" errors
    while (this.pos < this.src.length) {
      const c = this.peek();
      if (c === '|' || c === ')') break;
      const start = this.pos;
      const prevRepeat = lastRepeatStart;
      lastRepeatStart = -1;
      if (c === '*' || c === '+' || c === '?' || c === '{') {
        let min: number;
        let max: number;
        if (c === '{') {
          const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.pos));
          if (!m) {
            this.pos++;
            items.push({ t: 'lit', cp: 0x7b, fold: flags.i });
            continue;
          }
          min = Number(m[1]);
          max = m[2] === undefined ? min : m[3] === '' ? -1 : Number(m[3]);
          this.pos += m[0].length;
          if (min > 1000 || max > 1000 || (max >= 0 && min > max)) {
            throw new GoRegexpError('invalid repeat count', this.src.slice(start, this.pos));
          }
        } else {
          this.pos++;
          [min, max] = c === '*' ? [0, -1] : c === '+' ? [1, -1] : [0, 1];
        }
        let greedy = true;
        if (this.peek() === '?') {
          this.pos++;
          greedy = false;
        }
        if (flags.U) greedy = !greedy;
        if (prevRepeat >= 0) throw new GoRegexpError('invalid nested repetition operator', this.src.slice(prevRepeat, this.pos));
        const sub = items.pop();
        if (!sub) throw new GoRegexpError('missing argument to repetition operator', this.src.slice(start, this.pos));
        items.push({ t: 'rep', min, max, greedy, sub });
        lastRepeatStart = start;
        continue;
      }
      const atom = this.parseAtom(flags);
      if (atom) items.push(atom);
    }
    if (items.length === 0) return { t: 'empty' };
    return items.length === 1 ? items[0]! : { t: 'cat', subs: items };
  }

  /** One atom; undefined for a flag group like (?i) that only changes flags. */
  private parseAtom(flags: Flags): Re | undefined {
    const c = this.peek();
    switch (c) {
      case '(':
        return this.parseGroup(flags);
      case '[':
        return this.parseClass(flags);
      case '.':
        this.pos++;
        return { t: 'any', nl: flags.s };
      case '^':
        this.pos++;
        return { t: 'assert', kind: flags.m ? 'bol' : 'bot' };
      case '$':
        this.pos++;
        return { t: 'assert', kind: flags.m ? 'eol' : 'eot' };
      case '\\':
        return this.parseBackslash(flags);
    }
    return { t: 'lit', cp: this.nextRune(), fold: flags.i };
  }

  private parseGroup(flags: Flags): Re | undefined {
    const start = this.pos;
    this.pos++; // (
    if (this.peek() !== '?') {
      const index = ++this.ncap;
      this.names[index] = '';
      return this.finishGroup({ ...flags }, true);
    }
    // (?P<name>re)
    if (this.src.startsWith('?P<', this.pos)) {
      const end = this.src.indexOf('>', this.pos);
      if (end < 0) throw new GoRegexpError('invalid named capture', this.src.slice(start));
      const name = this.src.slice(this.pos + 3, end);
      if (!/^[A-Za-z0-9_]+$/.test(name)) throw new GoRegexpError('invalid named capture', this.src.slice(start, end + 1));
      this.pos = end + 1;
      const index = ++this.ncap;
      this.names[index] = name;
      return this.finishGroup({ ...flags }, true);
    }
    // Flags: (?i) or (?i-s:re)
    this.pos++; // ?
    const next = { ...flags };
    let sign = true;
    let sawFlag = false;
    for (;;) {
      const f = this.peek();
      if (f === '') throw new GoRegexpError('invalid or unsupported Perl syntax', this.src.slice(start));
      this.pos++;
      if (f === 'i' || f === 'm' || f === 's' || f === 'U') {
        next[f] = sign;
        sawFlag = true;
      } else if (f === '-' && sign) {
        sign = false;
        sawFlag = false;
      } else if ((f === ')' || f === ':') && (sign || sawFlag)) {
        if (f === ')') {
          Object.assign(flags, next);
          return undefined;
        }
        return this.finishGroup(next, false);
      } else {
        throw new GoRegexpError('invalid or unsupported Perl syntax', this.src.slice(start, this.pos));
      }
    }
  }

  private finishGroup(flags: Flags, cap: boolean): Re {
    const sub = this.parseAlt(flags, true);
    if (this.peek() !== ')') throw new GoRegexpError('missing closing )', this.src);
    this.pos++;
    return { t: 'group', cap, sub };
  }

  private parseBackslash(flags: Flags): Re {
    const e = this.peek(1);
    switch (e) {
      case 'A': this.pos += 2; return { t: 'assert', kind: 'bot' };
      case 'z': this.pos += 2; return { t: 'assert', kind: 'eot' };
      case 'b': this.pos += 2; return { t: 'assert', kind: 'wb' };
      case 'B': this.pos += 2; return { t: 'assert', kind: 'nwb' };
      case 'C': throw new GoRegexpError('invalid escape sequence', '\\C');
      case 'Q': {
        const end = this.src.indexOf('\\E', this.pos + 2);
        const lit = this.src.slice(this.pos + 2, end < 0 ? undefined : end);
        this.pos = end < 0 ? this.src.length : end + 2;
        const subs: Re[] = Array.from(lit).map((ch) => ({ t: 'lit', cp: ch.codePointAt(0)!, fold: flags.i }));
        return subs.length === 1 ? subs[0]! : { t: 'cat', subs };
      }
    }
    const items = this.parseClassEscape();
    if (items) return { t: 'class', items, neg: false, fold: flags.i };
    return { t: 'lit', cp: this.parseEscape(), fold: flags.i };
  }

  /** \d \D \s \S \w \W \pX \p{Name} \P{...}; undefined if not a class escape. */
  private parseClassEscape(): ClassItem[] | undefined {
    const e = this.peek(1);
    if (e === 'p' || e === 'P') {
      const start = this.pos;
      let neg = e === 'P';
      let name: string;
      let seq: string;
      if (this.peek(2) === '{') {
        const end = this.src.indexOf('}', this.pos);
        if (end < 0) throw new GoRegexpError('invalid character class range', this.src.slice(start));
        seq = this.src.slice(start, end + 1);
        name = this.src.slice(this.pos + 3, end);
        this.pos = end + 1;
      } else {
        this.pos += 2;
        if (this.pos >= this.src.length) throw new GoRegexpError('invalid character class range', this.src.slice(start));
        this.nextRune();
        seq = this.src.slice(start, this.pos);
        name = seq.slice(2);
      }
      if (name.startsWith('^')) {
        neg = !neg;
        name = name.slice(1);
      }
      const prop = unicodeProperty(name);
      if (!prop) throw new GoRegexpError('invalid character class range', seq);
      return [{ prop, neg }];
    }
    const lower = e.toLowerCase();
    if (lower in perlGroups && /[dswDSW]/.test(e)) {
      this.pos += 2;
      return rangeItems(perlGroups[lower]!, e !== lower);
    }
    return undefined;
  }

  /** Go's parseEscape: a single escaped character. */
  private parseEscape(): number {
    const start = this.pos;
    this.pos++; // backslash
    if (this.pos >= this.src.length) throw new GoRegexpError('trailing backslash at end of expression', '');
    const c = String.fromCodePoint(this.nextRune());
    const fail = (): never => {
      throw new GoRegexpError('invalid escape sequence', this.src.slice(start, this.pos));
    };
    const octal = (ch: string) => ch >= '0' && ch <= '7';
    if (c.length === 1 && c.charCodeAt(0) < 0x80 && !isAlnum(c)) return c.charCodeAt(0);
    if ((c >= '1' && c <= '7' && octal(this.peek())) || c === '0') {
      let r = c.charCodeAt(0) - 48;
      for (let i = 1; i < 3 && octal(this.peek()); i++) r = r * 8 + (this.src.charCodeAt(this.pos++) - 48);
      return r;
    }
    switch (c) {
      case 'a': return 7;
      case 'f': return 12;
      case 'n': return 10;
      case 'r': return 13;
      case 't': return 9;
      case 'v': return 11;
      case 'x': {
        if (this.peek() === '{') {
          const m = /^\{([0-9A-Fa-f]+)\}/.exec(this.src.slice(this.pos));
          if (!m) {
            const end = this.src.indexOf('}', this.pos);
            this.pos = end < 0 ? this.src.length : end + 1;
            return fail();
          }
          const r = parseInt(m[1]!, 16);
          this.pos += m[0].length;
          if (r > MAX_RUNE) return fail();
          return r;
        }
        const m = /^[0-9A-Fa-f]{2}/.exec(this.src.slice(this.pos));
        if (!m) {
          this.pos = Math.min(this.pos + 2, this.src.length);
          return fail();
        }
        this.pos += 2;
        return parseInt(m[0], 16);
      }
    }
    return fail();
  }

  private parseClass(flags: Flags): Re {
    const start = this.pos;
    this.pos++; // [
    let neg = false;
    if (this.peek() === '^') {
      neg = true;
      this.pos++;
    }
    const items: ClassItem[] = [];
    let first = true;
    while (this.pos >= this.src.length || this.peek() !== ']' || first) {
      if (this.pos >= this.src.length) throw new GoRegexpError('missing closing ]', this.src.slice(start));
      first = false;
      // POSIX [:alpha:]
      if (this.src.startsWith('[:', this.pos)) {
        const end = this.src.indexOf(':]', this.pos + 2);
        if (end >= 0) {
          const text = this.src.slice(this.pos, end + 2);
          let name = text.slice(2, -2);
          const negate = name.startsWith('^');
          if (negate) name = name.slice(1);
          const g = posixGroups[name];
          if (!g) throw new GoRegexpError('invalid character class range', text);
          items.push(...rangeItems(g, negate));
          this.pos = end + 2;
          continue;
        }
      }
      if (this.peek() === '\\') {
        const cls = this.parseClassEscape();
        if (cls) {
          items.push(...cls);
          continue;
        }
      }
      const rangeStart = this.pos;
      const lo = this.classChar(start);
      let hi = lo;
      if (this.peek() === '-' && this.peek(1) !== ']' && this.pos + 1 < this.src.length) {
        this.pos++;
        hi = this.classChar(start);
        if (hi < lo) throw new GoRegexpError('invalid character class range', this.src.slice(rangeStart, this.pos));
      }
      items.push({ lo, hi });
    }
    this.pos++; // ]
    return { t: 'class', items, neg, fold: flags.i };
  }

  private classChar(classStart: number): number {
    if (this.pos >= this.src.length) throw new GoRegexpError('missing closing ]', this.src.slice(classStart));
    if (this.peek() === '\\') return this.parseEscape();
    return this.nextRune();
  }
}

function hex(cp: number): string {
  return `\\u{${cp.toString(16)}}`;
}

function emitLiteral(cp: number): string {
  const ch = String.fromCodePoint(cp);
  return /^[A-Za-z0-9_ ]$/.test(ch) ? ch : hex(cp);
}

function emitClassItems(items: ClassItem[]): string {
  return items
    .map((it) => ('prop' in it ? `\\${it.neg ? 'P' : 'p'}{${it.prop}}` : it.lo === it.hi ? hex(it.lo) : `${hex(it.lo)}-${hex(it.hi)}`))
    .join('');
}

/** Case folding used anywhere? Returns the set of fold flags seen on case-sensitive atoms. */
function foldModes(re: Re, seen: Set<boolean>): Set<boolean> {
  switch (re.t) {
    case 'lit':
    case 'class':
      seen.add(re.fold);
      break;
    case 'group':
    case 'rep':
      foldModes(re.sub, seen);
      break;
    case 'cat':
    case 'alt':
      re.subs.forEach((s) => foldModes(s, seen));
      break;
  }
  return seen;
}

function emit(re: Re, wrapFold: boolean): string {
  const fold = (s: string, f: boolean) => (wrapFold && f ? `(?i:${s})` : s);
  switch (re.t) {
    case 'empty':
      return '(?:)';
    case 'lit':
      return fold(emitLiteral(re.cp), re.fold);
    case 'class':
      if (re.items.length === 0) return re.neg ? '[\\u{0}-\\u{10ffff}]' : '[]';
      return fold(`[${re.neg ? '^' : ''}${emitClassItems(re.items)}]`, re.fold);
    case 'any':
      return re.nl ? '[\\u{0}-\\u{10ffff}]' : '[^\\n]';
    case 'assert':
      return { bot: '^', eot: '$', bol: '(?:^|(?<=\\n))', eol: '(?:$|(?=\\n))', wb: '\\b', nwb: '\\B' }[re.kind];
    case 'group':
      return (re.cap ? '(' : '(?:') + emit(re.sub, wrapFold) + ')';
    case 'cat':
      return re.subs.map((s) => emit(s, wrapFold)).join('');
    case 'alt':
      return re.subs.map((s) => emit(s, wrapFold)).join('|');
    case 'rep': {
      let q: string;
      if (re.min === 0 && re.max === -1) q = '*';
      else if (re.min === 1 && re.max === -1) q = '+';
      else if (re.min === 0 && re.max === 1) q = '?';
      else if (re.max === -1) q = `{${re.min},}`;
      else if (re.min === re.max) q = `{${re.min}}`;
      else q = `{${re.min},${re.max}}`;
      return `(?:${emit(re.sub, wrapFold)})${q}${re.greedy ? '' : '?'}`;
    }
  }
}

const cache = new Map<string, GoRegexp>();

export class GoRegexp {
  private readonly re: RegExp;
  /** Capture group names by index; '' for unnamed groups. */
  readonly subexpNames: string[];

  private constructor(readonly pattern: string) {
    const p = new ReParser(pattern);
    const ast = p.parse();
    const modes = foldModes(ast, new Set());
    const mixed = modes.size > 1;
    const globalFold = !mixed && modes.has(true);
    try {
      this.re = new RegExp(emit(ast, mixed), 'gu' + (globalFold ? 'i' : ''));
    } catch (e) {
      throw new GoRegexpError('invalid or unsupported Perl syntax', `${pattern} (${(e as Error).message})`);
    }
    this.subexpNames = p.names;
  }

  /** regexp.Compile; throws GoRegexpError with Go's message. */
  static compile(pattern: string): GoRegexp {
    let re = cache.get(pattern);
    if (!re) {
      re = new GoRegexp(pattern);
      if (cache.size > 500) cache.clear();
      cache.set(pattern, re);
    }
    return re;
  }

  matchString(s: string): boolean {
    this.re.lastIndex = 0;
    return this.re.exec(s) !== null;
  }

  private execAt(s: string, from: number): RegExpExecArray | null {
    this.re.lastIndex = from;
    return this.re.exec(s);
  }

  /** Regexp.ReplaceAllString with Go's rules for empty matches and $ expansion. */
  replaceAllString(src: string, repl: string): string {
    let out = '';
    let lastMatchEnd = 0;
    let searchPos = 0;
    while (searchPos <= src.length) {
      const m = this.execAt(src, searchPos);
      if (!m) break;
      const start = m.index;
      const end = start + m[0].length;
      out += src.slice(lastMatchEnd, start);
      // No replacement for an empty match right after the previous match.
      if (end > lastMatchEnd || start === 0) out += this.expand(repl, m);
      lastMatchEnd = end;
      const cp = src.codePointAt(searchPos);
      const width = cp === undefined ? 0 : cp > 0xffff ? 2 : 1;
      if (searchPos + width > end) searchPos += width;
      else if (searchPos + 1 > end) searchPos++;
      else searchPos = end;
    }
    return out + src.slice(lastMatchEnd);
  }

  /** Regexp.Expand for one match: $1, ${1}, $name, ${name}, $$. */
  private expand(template: string, m: RegExpExecArray): string {
    let out = '';
    let t = template;
    for (;;) {
      const i = t.indexOf('$');
      if (i < 0) break;
      out += t.slice(0, i);
      t = t.slice(i + 1);
      if (t.startsWith('$')) {
        out += '$';
        t = t.slice(1);
        continue;
      }
      const ref = /^(?:\{([\p{L}\p{Nd}_]+)\}|([\p{L}\p{Nd}_]+))/u.exec(t);
      if (!ref) {
        out += '$'; // malformed: a literal $
        continue;
      }
      t = t.slice(ref[0].length);
      const name = ref[1] ?? ref[2]!;
      let num = -1;
      if (/^[0-9]+$/.test(name) && !(name[0] === '0' && name.length > 1) && name.length <= 8) num = Number(name);
      if (num >= 0) out += m[num] ?? '';
      else {
        // the first group of that name that took part in the match
        const idx = this.subexpNames.findIndex((n, k) => k > 0 && n === name && m[k] !== undefined);
        if (idx > 0) out += m[idx]!;
      }
    }
    return out + t;
  }
}
