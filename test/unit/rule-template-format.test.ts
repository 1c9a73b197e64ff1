// Go number/value formatting used by alert templates. Expected values are from Go's
// strconv/ftoa_test.go, fmt/fmt_test.go and the fmt package documentation.
import { describe, expect, it } from 'vitest';
import { formatGoFloat, renderTemplate } from '../../lib/rules/template';

function render(text: string, value = 1): Promise<string> {
  return renderTemplate(
    text,
    { labels: { a: '1', b: '2' }, value, externalLabels: {}, externalURL: '' },
    { time: new Date(0) },
  );
}

describe('formatGoFloat (strconv.FormatFloat(f, \'g\', -1, 64))', () => {
  it.each([
    [1, '1'],
    [20, '20'],
    [-1, '-1'],
    [12, '12'],
    [32, '32'],
    [0, '0'],
    [-0, '-0'],
    [200000, '200000'],
    [2000000, '2e+06'],
    [1234567.8, '1.2345678e+06'],
    [123456700, '1.234567e+08'],
    [1e23, '1e+23'],
    [1e21, '1e+21'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
    [5e-324, '5e-324'],
    [1.7976931348623157e308, '1.7976931348623157e+308'],
    [Math.PI, '3.141592653589793'],
    [NaN, 'NaN'],
    [Infinity, '+Inf'],
    [-Infinity, '-Inf'],
  ])('%d -> %s', (v, s) => expect(formatGoFloat(v)).toBe(s));
});

// printf through templates: each case is [format, args (template syntax), expected].
const printfCases: [string, string, string][] = [
  // integers
  ['%d', '12345', '12345'],
  ['%v', '12345', '12345'],
  ['%d', '-12345', '-12345'],
  ['%+d', '12345', '+12345'],
  ['% d', '12345', ' 12345'],
  ['%b', '7', '111'],
  ['%o', '01234', '1234'],
  ['%#o', '01234', '01234'],
  ['%O', '01234', '0o1234'],
  ['%x', '0x12abcdef', '12abcdef'],
  ['%#x', '0x12abcdef', '0x12abcdef'],
  ['%X', '0x12abcdef', '12ABCDEF'],
  ['%.3d', '7', '007'],
  ['%5d', '42', '   42'],
  ['%-5d|', '42', '42   |'],
  ['%05d', '42', '00042'],
  ['%04x', '127', '007f'],
  ['%c', "'x'", 'x'],
  ['%q', "'x'", "'x'"],
  ['%U', '0x1', 'U+0001'],
  ['%#U', "'⌘'", "U+2318 '⌘'"],
  // strings
  ['%s', '"hello"', 'hello'],
  ['%5s', '"abc"', '  abc'],
  ['%-5s', '"abc"', 'abc  '],
  ['%05s', '"abc"', '00abc'],
  ['%.5s', '"abcdefghijklmnopqrstuvwxyz"', 'abcde'],
  ['%.5s', '"日本語日本語"', '日本語日本'],
  ['%q', '"abc"', '"abc"'],
  ['%#q', '"abc"', '`abc`'],
  ['%+q', '"日本語"', '"\\u65e5\\u672c\\u8a9e"'],
  ['%x', '"xyz"', '78797a'],
  ['%X', '"xyz"', '78797A'],
  ['% x', '"xyz"', '78 79 7a'],
  ['%#x', '"xyz"', '0x78797a'],
  ['%v %q %#q', '`foo "bar"` `foo "bar"` `foo "bar"`', 'foo "bar" "foo \\"bar\\"" `foo "bar"`'],
  // floats
  ['%e', '1.0', '1.000000e+00'],
  ['%e', '1234.5678e3', '1.234568e+06'],
  ['%e', '1234.5678e-8', '1.234568e-05'],
  ['%e', '-7.0', '-7.000000e+00'],
  ['%f', '1234.5678e3', '1234567.800000'],
  ['%f', '1234.5678e-8', '0.000012'],
  ['%f', '-1e-9', '-0.000000'],
  ['%g', '1234.5678e3', '1.2345678e+06'],
  ['%g', '1234.5678e-8', '1.2345678e-05'],
  ['%g', '-7.0', '-7'],
  ['%g', '-1e-9', '-1e-09'],
  ['%g', '3.5', '3.5'],
  ['%E', '1.0', '1.000000E+00'],
  ['%G', '-1e-9', '-1E-09'],
  ['%+.3e', '0.0', '+0.000e+00'],
  ['%+.3e', '1.0', '+1.000e+00'],
  ['%+.3f', '-1.0', '-1.000'],
  ['%+07.2f', '1.0', '+001.00'],
  ['%+07.2f', '-1.0', '-001.00'],
  ['%-07.2f|', '1.0', '1.00   |'],
  ['%+10.2f', '1.0', '     +1.00'],
  ['% .3e', '1.0', ' 1.000e+00'],
  ['%+.3g', '1.0', '+1'],
  ['% .3g', '1.0', ' 1'],
  ['%#g', '1.1', '1.10000'],
  ['%#g', '123456.0', '123456.'],
  ['%#g', '1234567.0', '1.234567e+06'],
  ['%#.0f', '1.0', '1.'],
  ['%#.0e', '1.0', '1.e+00'],
  ['%#.4g', '123.0', '123.0'],
  ['%#.4g', '100000.0', '1.000e+05'],
  ['%x', '1.0', '0x1p+00'],
  ['%.4x', '1.0', '0x1.0000p+00'],
  ['%x', '100.0', '0x1.9p+06'],
  ['%b', '-1.0', '-4503599627370496p-52'],
  ['%5.2f', '1.0', ' 1.00'],
  ['|%6.2f|%6.2f|%6.2f|', '1.0 12.34 123.456', '|  1.00| 12.34|123.46|'],
  ['%v %.2f (%6.2f) %e %g', '3.141592653589793 3.141592653589793 3.141592653589793 3.141592653589793 3.141592653589793',
    '3.141592653589793 3.14 (  3.14) 3.141593e+00 3.141592653589793'],
  // exact rounding of the binary value (round half to even on the exact expansion)
  ['%.1f', '31.25', '31.2'],
  ['%.2f', '1.005', '1.00'],
  ['%.0f', '0.5', '0'],
  ['%.0f', '1.5', '2'],
  ['%.0f', '2.5', '2'],
  ['%.1f', '0.05', '0.1'],
  ['%.1f', '0.09', '0.1'],
  ['%.3f', '1.2345', '1.234'],
  ['%.3f', '1.2355', '1.236'],
  ['%.3e', '1.2345e6', '1.234e+06'],
  ['%.3e', '1.2355e6', '1.236e+06'],
  ['%.0e', '0.05', '5e-02'],
  ['%.17e', '1e23', '9.99999999999999916e+22'],
  ['%.17g', '1e23', '9.9999999999999992e+22'],
  ['%.5g', '123456700.0', '1.2346e+08'],
  ['%.2g', '400.0', '4e+02'],
  ['%.2g', '0.0004', '0.0004'],
  ['%.2g', '0.00004', '4e-05'],
  ['%.0g', '32.0', '3e+01'],
  ['%.3f', '1234567890123456789.0', '1234567890123456768.000'],
  // types and errors
  ['%T %T %T %T', '1 1.5 "s" true', 'int float64 string bool'],
  ['%t', 'true', 'true'],
  ['%d', '"hi"', '%!d(string=hi)'],
  ['%s', '5', '%!s(int=5)'],
  ['%s', 'nil', '%!s(<nil>)'],
  ['%v', 'nil', '<nil>'],
  ['hi%d', '', 'hi%!d(MISSING)'],
  ['hi', '"guys"', 'hi%!(EXTRA string=guys)'],
  ['%', '', '%!(NOVERB)'],
  ['%*s', '4.5 "hi"', '%!(BADWIDTH)hi'],
  ['%.*s', '4.5 "hi"', '%!(BADPREC)hi'],
  ['%*[2]d', '7', '%!d(BADINDEX)'],
  ['%[2]d %[1]d', '11 22', '22 11'],
  ['%*d', '5 42', '   42'],
  ['%d%%', '50', '50%'],
];

describe('printf', () => {
  it.each(printfCases)('printf %j %s', async (format, args, out) => {
    const quoted = JSON.stringify(format);
    expect(await render(`{{ printf ${quoted} ${args} }}`)).toBe(out);
  });

  it('formats float64 arguments with integer verbs as errors', async () => {
    expect(await render('{{ printf "%d" $value }}', 1.5)).toBe('%!d(float64=1.5)');
  });

  it('handles infinities and NaN like Go', async () => {
    expect(await render('{{ printf "%f|%.3f|% f|%+f|%010f" $value $value $value $value $value }}', Infinity)).toBe(
      '+Inf|+Inf| Inf|+Inf|      +Inf',
    );
    expect(await render('{{ printf "%f|% f|%+f" $value $value $value }}', NaN)).toBe('NaN| NaN|+NaN');
    expect(await render('{{ printf "%.2f" $value }}', -Infinity)).toBe('-Inf');
  });

  it('applies verbs to the elements of maps', async () => {
    expect(await render('{{ printf "%v" $labels }}')).toBe('map[a:1 b:2]');
    expect(await render('{{ printf "%q" $labels }}')).toBe('map["a":"1" "b":"2"]');
    expect(await render('{{ printf "%T" $labels }}')).toBe('map[string]string');
    expect(await render('{{ printf "%#v" $labels }}')).toBe('map[string]string{"a":"1", "b":"2"}');
  });
});

describe('print and println spacing', () => {
  it('adds spaces between operands when neither is a string (fmt.Sprint)', async () => {
    expect(await render('{{ print 1 2 "a" 3 }}')).toBe('1 2a3');
    expect(await render('{{ print "a" "b" }}')).toBe('ab');
  });

  it('always adds spaces and a newline (fmt.Sprintln)', async () => {
    expect(await render('{{ println "a" "b" 1 }}')).toBe('a b 1\n');
  });
});
