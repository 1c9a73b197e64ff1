// strconv.FormatFloat for float64, ported from Go's strconv/ftoa.go.
// Fixed precision rounds the *exact* binary value (round half to even), as Go does; JS toFixed
// does not, e.g. Go formats 31.25 with %.1f as "31.2".

/** A decimal digit string: value = 0.d × 10^dp; nd = d.length (0 means zero). */
type Decimal = { d: string; dp: number };

const view = new DataView(new ArrayBuffer(8));

function floatBits(v: number): { neg: boolean; mant: bigint; exp: number } {
  view.setFloat64(0, v);
  const bits = view.getBigUint64(0);
  const neg = bits >> 63n === 1n;
  let exp = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & ((1n << 52n) - 1n);
  if (exp === 0) exp = 1; // denormal
  else mant |= 1n << 52n;
  return { neg, mant, exp: exp - 1023 }; // value = mant × 2^(exp-52)
}

const pow5Cache = new Map<number, bigint>();
function pow5(k: number): bigint {
  let p = pow5Cache.get(k);
  if (p === undefined) {
    p = 5n ** BigInt(k);
    pow5Cache.set(k, p);
  }
  return p;
}

/** The exact decimal expansion of |v| (finite). */
function exactDecimal(v: number): Decimal {
  const { mant, exp } = floatBits(v);
  if (mant === 0n) return { d: '', dp: 0 };
  const e2 = exp - 52;
  let digits: string;
  let dp: number;
  if (e2 >= 0) {
    digits = (mant << BigInt(e2)).toString();
    dp = digits.length;
  } else {
    digits = (mant * pow5(-e2)).toString();
    dp = digits.length + e2;
  }
  return { d: digits.replace(/0+$/, ''), dp };
}

/** Shortest digits that round-trip (same rule as Go's shortest formatting). */
function shortestDecimal(v: number): Decimal {
  if (v === 0) return { d: '', dp: 0 };
  const [m, e] = Math.abs(v).toExponential().split('e') as [string, string];
  const d = m.replace('.', '').replace(/0+$/, '');
  return { d, dp: Number(e) + 1 };
}

function roundUp(a: Decimal, nd: number): Decimal {
  for (let i = nd - 1; i >= 0; i--) {
    const c = a.d.charCodeAt(i);
    if (c < 57) return { d: a.d.slice(0, i) + String.fromCharCode(c + 1), dp: a.dp };
  }
  return { d: '1', dp: a.dp + 1 };
}

/** decimal.Round(nd): round half to even on exact digits. */
function round(a: Decimal, nd: number): Decimal {
  if (nd < 0 || nd >= a.d.length) return a;
  const c = a.d[nd]!;
  let up: boolean;
  if (c === '5' && nd + 1 === a.d.length) up = nd > 0 && (a.d.charCodeAt(nd - 1) - 48) % 2 === 1;
  else up = c >= '5';
  if (up) return roundUp(a, nd);
  return { d: a.d.slice(0, nd).replace(/0+$/, ''), dp: a.dp };
}

function fmtE(neg: boolean, a: Decimal, prec: number, fmt: string): string {
  let s = neg ? '-' : '';
  s += a.d.length ? a.d[0] : '0';
  if (prec > 0) {
    s += '.';
    const m = Math.min(a.d.length, prec + 1);
    s += a.d.slice(1, m);
    for (let i = Math.max(m, 1); i <= prec; i++) s += '0';
  }
  s += fmt;
  let exp = a.d.length === 0 ? 0 : a.dp - 1;
  s += exp < 0 ? '-' : '+';
  exp = Math.abs(exp);
  return s + (exp < 10 ? '0' + exp : String(exp));
}

function fmtF(neg: boolean, a: Decimal, prec: number): string {
  let s = neg ? '-' : '';
  if (a.dp > 0) {
    const m = Math.min(a.d.length, a.dp);
    s += a.d.slice(0, m) + '0'.repeat(a.dp - m);
  } else {
    s += '0';
  }
  if (prec > 0) {
    s += '.';
    for (let i = 1; i <= prec; i++) {
      const j = a.dp + i - 1;
      s += j >= 0 && j < a.d.length ? a.d[j] : '0';
    }
  }
  return s;
}

function fmtB(v: number): string {
  const { neg, mant, exp } = floatBits(v);
  const e = exp === -1022 && mant < 1n << 52n ? -1074 : exp - 52;
  return (neg ? '-' : '') + mant.toString() + 'p' + (e >= 0 ? '+' : '') + e;
}

/** %x / %X hex float: -0x1.yyyyp±dd. */
function fmtX(v: number, prec: number, fmt: 'x' | 'X'): string {
  const bits = floatBits(v);
  let mant = bits.mant;
  let exp = bits.exp;
  if (mant === 0n) exp = 0;
  const one60 = 1n << 60n;
  mant <<= 8n; // leading 1 (if any) at bit 60
  while (mant !== 0n && (mant & one60) === 0n) {
    mant <<= 1n;
    exp--;
  }
  if (prec >= 0 && prec < 15) {
    const shift = BigInt(prec * 4);
    const extra = (mant << shift) & (one60 - 1n);
    mant >>= 60n - shift;
    if ((extra | (mant & 1n)) > 1n << 59n) mant++;
    mant <<= 60n - shift;
    if ((mant & (1n << 61n)) !== 0n) {
      mant >>= 1n;
      exp++;
    }
  }
  const hex = fmt === 'X' ? '0123456789ABCDEF' : '0123456789abcdef';
  let s = (bits.neg ? '-' : '') + '0' + fmt + String((mant >> 60n) & 1n);
  mant = (mant << 4n) & ((1n << 64n) - 1n);
  if (prec < 0 && mant !== 0n) {
    s += '.';
    while (mant !== 0n) {
      s += hex[Number((mant >> 60n) & 15n)];
      mant = (mant << 4n) & ((1n << 64n) - 1n);
    }
  } else if (prec > 0) {
    s += '.';
    for (let i = 0; i < prec; i++) {
      s += hex[Number((mant >> 60n) & 15n)];
      mant = (mant << 4n) & ((1n << 64n) - 1n);
    }
  }
  s += fmt === 'X' ? 'P' : 'p';
  s += exp < 0 ? '-' : '+';
  exp = Math.abs(exp);
  return s + (exp < 10 ? '0' + exp : String(exp));
}

/** strconv.FormatFloat(v, fmt, prec, 64). fmt is one of e E f g G b x X. */
export function formatFloat(v: number, fmt: string, prec: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  if (fmt === 'b') return fmtB(v);
  if (fmt === 'x' || fmt === 'X') return fmtX(v, prec, fmt);
  const neg = v < 0 || Object.is(v, -0);
  const shortest = prec < 0;
  let digs: Decimal;
  if (shortest) {
    digs = shortestDecimal(v);
    if (fmt === 'e' || fmt === 'E') prec = Math.max(digs.d.length - 1, 0);
    else if (fmt === 'f') prec = Math.max(digs.d.length - digs.dp, 0);
    else prec = digs.d.length;
  } else {
    digs = exactDecimal(v);
    if (fmt === 'f') digs = round(digs, digs.dp + prec);
    else if (fmt === 'e' || fmt === 'E') digs = round(digs, prec + 1);
    else {
      if (prec === 0) prec = 1;
      digs = round(digs, prec);
    }
  }
  if (fmt === 'e' || fmt === 'E') return fmtE(neg, digs, prec, fmt);
  if (fmt === 'f') return fmtF(neg, digs, prec);
  // %g / %G
  const nd = digs.d.length;
  let eprec = prec;
  if (eprec > nd && nd >= digs.dp) eprec = nd;
  if (shortest) eprec = 6;
  const exp = digs.dp - 1;
  if (exp < -4 || exp >= eprec) {
    if (prec > nd) prec = nd;
    return fmtE(neg, digs, prec - 1, fmt === 'g' ? 'e' : 'E');
  }
  if (prec > digs.dp) prec = nd;
  return fmtF(neg, digs, Math.max(prec - digs.dp, 0));
}

/**
 * Go's %v / strconv.FormatFloat(f, 'g', -1, 64): 1500000 -> "1.5e+06", 123456 -> "123456",
 * 0.00001 -> "1e-05", NaN -> "NaN", +Inf -> "+Inf".
 */
export function formatGoFloat(value: number): string {
  return formatFloat(value, 'g', -1);
}
