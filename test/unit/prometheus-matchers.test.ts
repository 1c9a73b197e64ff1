import { describe, expect, it } from 'vitest';
import { formatPromMatchers, parsePromMatchers, PromMatcherError, type PromMatcher } from '../../lib/prometheus/matchers';

function parseError(text: string): PromMatcherError {
  try {
    parsePromMatchers(text);
  } catch (error) {
    if (error instanceof PromMatcherError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(text)} to be rejected`);
}

const m = (name: string, type: PromMatcher['type'], value: string): PromMatcher => ({ name, type, value });

describe('parsePromMatchers: syntax', () => {
  it.each<[string, PromMatcher[]]>([
    ['{cluster="prod-eu"}', [m('cluster', '=', 'prod-eu')]],
    ['{cluster="prod-eu", env=~"prod|staging"}', [m('cluster', '=', 'prod-eu'), m('env', '=~', 'prod|staging')]],
    ['{a!="b",c!~"d.*"}', [m('a', '!=', 'b'), m('c', '!~', 'd.*')]],
    ['{a="b",}', [m('a', '=', 'b')]],
    [' \n{ a = "b" ,\tc =~ "d" , }\r\n', [m('a', '=', 'b'), m('c', '=~', 'd')]],
    ['{__name__="up",_x="",A_1b="v"}', [m('__name__', '=', 'up'), m('_x', '=', ''), m('A_1b', '=', 'v')]],
    // PromQL allows the same label twice.
    ['{env=~"p.*",env!="prod"}', [m('env', '=~', 'p.*'), m('env', '!=', 'prod')]],
    // Keywords are ordinary label names inside braces.
    ['{and="1",by="2",offset="3"}', [m('and', '=', '1'), m('by', '=', '2'), m('offset', '=', '3')]],
  ])('parses %j', (text, expected) => expect(parsePromMatchers(text)).toEqual(expected));

  it.each<[string, number, RegExp]>([
    ['{}', 1, /at least one matcher/],
    ['{ }', 2, /at least one matcher/],
    ['', 0, /expected "\{" to start the matcher set, found end of input/],
    ['cluster="a"', 0, /expected "\{" to start the matcher set, found "c"/],
    ['up{cluster="a"}', 0, /expected "\{"/],
    ['{cluster="a"', 12, /expected "," or "\}" after a matcher, found end of input/],
    ['{a="b" c="d"}', 7, /expected "," or "\}" after a matcher, found "c"/],
    ['{a="b";c="d"}', 6, /found ";"/],
    ['{a="b",,}', 7, /expected a label name, found ","/],
    ['{,a="b"}', 1, /expected a label name, found ","/],
    ['{1a="b"}', 1, /expected a label name, found "1"/],
    ['{a-b="c"}', 2, /expected one of =, !=, =~, !~ after label name "a", found "-"/],
    ['{a}', 2, /expected one of =, !=, =~, !~ after label name "a", found "\}"/],
    ['{a~"b"}', 2, /expected one of =, !=, =~, !~/],
    ['{a=="b"}', 3, /expected a quoted string after "=", found "="/],
    ['{a=b}', 3, /expected a quoted string after "=", found "b"/],
    ['{a!b="c"}', 2, /expected one of =, !=, =~, !~/],
    ['{a="b"}}', 7, /unexpected "\}" after the closing "\}"/],
    ['{a="b"} or {c="d"}', 8, /unexpected "o"/],
    ['{"a"="b"}', 1, /expected a label name, found "\\""/],
    ['{é="b"}', 1, /expected a label name, found "é"/],
  ])('rejects %j at offset %i', (text, position, message) => {
    const error = parseError(text);
    expect(error.position).toBe(position);
    expect(error.message).toMatch(message);
    expect(error.message.startsWith(`invalid matcher set at character ${position + 1}: `)).toBe(true);
  });

  it('throws a PromMatcherError that is an Error', () => {
    const error = parseError('{}');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('PromMatcherError');
    expect(error.message).toBe('invalid matcher set at character 2: a matcher set needs at least one matcher, e.g. {cluster="prod-eu"}');
  });
});

describe('parsePromMatchers: string literals', () => {
  const value = (literal: string) => parsePromMatchers(`{a=${literal}}`)[0]?.value;

  it.each<[string, string]>([
    ['""', ''],
    ["''", ''],
    ['``', ''],
    ['"plain"', 'plain'],
    ["'single'", 'single'],
    ['`raw`', 'raw'],
    ['"it\'s"', "it's"],
    ["'it\\'s'", "it's"],
    ['\'say "hi"\'', 'say "hi"'],
    ['"say \\"hi\\""', 'say "hi"'],
    ['"\\a\\b\\f\\n\\r\\t\\v\\\\"', '\u0007\b\f\n\r\t\v\\'],
    ["'\\a\\b\\f\\n\\r\\t\\v\\\\'", '\u0007\b\f\n\r\t\v\\'],
    ['"\\x41\\x7a"', 'Az'],
    ['"\\101\\172"', 'Az'],
    ['"\\000"', '\u0000'],
    // \x and octal escapes are bytes: two of them make one UTF-8 character.
    ['"\\xc3\\xa9"', 'é'],
    ['"\\303\\251"', 'é'],
    ['"\\u00e9\\u00E9"', 'éé'],
    ['"\\U0001F600"', '😀'],
    ['"\\u4e16界"', '世界'],
    ['"é😀"', 'é😀'],
    ['"\uFEFFbom"', '\uFEFFbom'],
    ['"\\ufeffbom"', '\uFEFFbom'],
    ['`C:\\path\\n`', 'C:\\path\\n'],
    ['`two\nlines "quoted" \'too\'`', 'two\nlines "quoted" \'too\''],
    ['"a,b}c"', 'a,b}c'],
  ])('reads %s', (literal, expected) => expect(value(literal)).toBe(expected));

  it.each<[string, RegExp]>([
    ['"abc', /unterminated string \(missing closing "\)/],
    ["'abc", /unterminated string \(missing closing '\)/],
    ['`abc', /unterminated raw string/],
    ['"ab\ncd"', /unterminated string/],
    ['"\\q"', /unknown escape sequence \\q/],
    ['"\\\'"', /unknown escape sequence \\'/],
    ["'\\\"'", /unknown escape sequence \\"/],
    ['"\\x4"', /\\x escape needs exactly 2 hex digits/],
    ['"\\xZZ"', /\\x escape needs exactly 2 hex digits/],
    ['"\\u12"', /\\u escape needs exactly 4 hex digits/],
    ['"\\U0001F60"', /\\U escape needs exactly 8 hex digits/],
    ['"\\12"', /octal escape needs exactly 3 octal digits/],
    ['"\\400"', /octal escape \\400 is above \\377/],
    ['"\\ud800"', /not a valid Unicode code point/],
    ['"\\U00110000"', /not a valid Unicode code point/],
    ['"\\xff"', /not valid UTF-8/],
    ['"\\xc3"', /not valid UTF-8/],
    ['"\ud800"', /lone surrogate/],
  ])('rejects %s', (literal, message) => expect(() => value(literal)).toThrow(message));

  it('points at the offending escape', () => {
    expect(parseError('{a="ok\\q"}').position).toBe(6);
    expect(parseError('{a="abc').position).toBe(3);
  });
});

describe('parsePromMatchers: regular expressions', () => {
  it.each([
    'prod|staging',
    '',
    '.*',
    '.+',
    'prod-.*',
    '\\d+',
    'a\\.b',
    '(?i)prod',
    '(?i:prod)|dev',
    '(?s).',
    '(?U)a*',
    '(?P<env>prod)',
    '(?<env>prod)',
    '[[:alpha:]]+',
    '[[:alpha:](]',
    '[]a]',
    '[^]a]',
    '\\Qa.b(\\E',
    '\\pL+',
    '\\p{Greek}',
    '\\x{41}',
    '\\101',
    'x{2,1000}',
    '^prod$',
    '\\Aprod\\z',
  ])('accepts =~ %j', (regex) => {
    expect(parsePromMatchers(`{a=~\`${regex}\`}`)).toEqual([m('a', '=~', regex)]);
    expect(parsePromMatchers(`{a!~\`${regex}\`}`)).toEqual([m('a', '!~', regex)]);
  });

  it.each<[string, RegExp]>([
    ['(', /Unterminated group/],
    [')', /Unmatched '\)'/],
    ['[a', /Unterminated character class/],
    ['*a', /Nothing to repeat/],
    ['a**', /Nothing to repeat/],
    ['x{2,1}', /numbers out of order/],
    ['(?=a)', /lookahead and lookbehind assertions are not supported/],
    ['(?!a)b', /lookahead and lookbehind/],
    ['(?<=a)b', /lookahead and lookbehind/],
    ['(?<!a)b', /lookahead and lookbehind/],
    ['(a)\\1', /backreferences \(\\1\) are not supported/],
    ['(?<n>a)\\k<n>', /invalid escape \\k/],
    ['\\y', /invalid escape \\y/],
    ['[\\b]', /invalid escape \\b/],
    ['x{1001}', /repetition count \{1001\} is above RE2's limit of 1000/],
    ['a\\', /trailing backslash/],
  ])('rejects =~ %j', (regex, message) => {
    const error = parseError(`{env=~\`${regex}\`}`);
    expect(error.position).toBe(6);
    expect(error.message).toMatch(/invalid regular expression in env=~/);
    expect(error.message).toMatch(message);
  });

  it('does not treat = and != values as regular expressions', () => {
    expect(parsePromMatchers('{a="(",b!="[x"}')).toEqual([m('a', '=', '('), m('b', '!=', '[x')]);
  });
});

describe('formatPromMatchers', () => {
  it('prints the canonical form', () => {
    expect(formatPromMatchers([m('cluster', '=', 'prod-eu'), m('env', '=~', 'prod|staging'), m('a', '!=', ''), m('b', '!~', 'x')])).toBe(
      '{cluster="prod-eu",env=~"prod|staging",a!="",b!~"x"}',
    );
  });

  it.each<[string, string]>([
    ['say "hi"', '{a="say \\"hi\\""}'],
    ['back\\slash', '{a="back\\\\slash"}'],
    ["it's `raw`", '{a="it\'s `raw`"}'],
    ['\u0007\b\f\n\r\t\v', '{a="\\a\\b\\f\\n\\r\\t\\v"}'],
    ['\u0000\u001f\u007f', '{a="\\x00\\x1f\\x7f"}'],
    ['é世😀', '{a="é世😀"}'],
    ['\u0085\u00a0\u00ad\u2028\ufeff', '{a="\\u0085\\u00a0\\u00ad\\u2028\\ufeff"}'],
    ['\u{E0001}', '{a="\\U000e0001"}'],
  ])('escapes %j like Go strconv.Quote', (value, expected) => expect(formatPromMatchers([m('a', '=', value)])).toBe(expected));

  it('round-trips through parsePromMatchers', () => {
    const sets: PromMatcher[][] = [
      [m('cluster', '=', 'prod-eu')],
      [m('a', '=', ''), m('b', '!=', 'x"y'), m('c', '=~', 'a|b\\.c'), m('d', '!~', '(?i)te(st)+')],
      [m('x', '=', '\u0000\u0007\b\t\n\u000b\f\r\u001b "\'`\\\u007f\u0080\u00ff\u2028\ufeffé世😀')],
      [m('bom', '=', '\ufeff'), m('_', '=', '\\x41 is not an escape here')],
      [m('r', '=~', '[[:alpha:]]\\d{2}\\Q.\\E')],
    ];
    for (const matchers of sets) expect(parsePromMatchers(formatPromMatchers(matchers))).toEqual(matchers);
  });

  it('canonicalises other spellings', () => {
    expect(formatPromMatchers(parsePromMatchers(" { env =~ 'prod|staging' , cluster=`a\\b` , } "))).toBe(
      '{env=~"prod|staging",cluster="a\\\\b"}',
    );
  });

  it.each<[PromMatcher[], RegExp]>([
    [[], /at least one matcher/],
    [[m('a-b', '=', 'x')], /invalid label name "a-b"/],
    [[m('', '=', 'x')], /invalid label name ""/],
    [[{ name: 'a', type: '==' as PromMatcher['type'], value: 'x' }], /invalid matcher type "=="/],
    [[m('a', '=', 'x\ud800')], /not valid Unicode/],
  ])('rejects %j', (matchers, message) => expect(() => formatPromMatchers(matchers)).toThrow(message));
});
