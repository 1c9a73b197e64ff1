// Prometheus template functions. Expected values are from Prometheus's template/template_test.go
// and Go's regexp documentation (ReplaceAllString examples).
import { describe, expect, it } from 'vitest';
import { renderTemplate, type TemplateSample } from '../../lib/rules/template';

const metric = (instance: string, value: number, extra: Record<string, string> = {}): TemplateSample => ({
  labels: { __name__: 'metric', instance, ...extra },
  value,
});

function render(text: string, value = 1, result: TemplateSample[] = []): Promise<string> {
  return renderTemplate(
    text,
    { labels: {}, value, externalLabels: {}, externalURL: 'http://testhost:9090/path/prefix' },
    { time: new Date(0), query: async () => result },
  );
}

/** Renders `{{ fn x }}:` for each literal x. */
async function each(fn: string, inputs: string[]): Promise<string> {
  let out = '';
  for (const x of inputs) out += (await render(`{{ ${fn} ${x} }}`)) + ':';
  return out;
}

describe('query results', () => {
  it('reads value, label and strvalue of the first sample', async () => {
    expect(await render('{{ query "1.5" | first | value }}', 1, [{ labels: {}, value: 1.5 }])).toBe('1.5');
    const one = [metric('a', 11, { __value__: 'v' })];
    expect(await render('{{ query "metric{instance=\'a\'}" | first | value }}', 1, one)).toBe('11');
    expect(await render('{{ query "metric" | first | label "instance" }}', 1, one)).toBe('a');
    expect(await render('{{ query "metric" | first | strvalue }}', 1, one)).toBe('v');
    expect(await render('{{ query "metric" | first | label "foo" }}', 1, one)).toBe('');
    expect(await render('{{ $x := query "metric" | first }}{{ $x.Labels.foo }}', 1, one)).toBe('');
  });

  it('sorts by label and ranges over samples', async () => {
    const two = [metric('b', 21), metric('a', 11)];
    expect(await render('{{ range query "metric" | sortByLabel "instance" }}{{.Labels.instance}}:{{.Value}}: {{end}}', 1, two)).toBe(
      'a:11: b:21: ',
    );
  });

  it('prints a sample as its struct', async () => {
    expect(await render('{{ query "metric" | first }}', 1, [metric('a', 2)])).toBe('{map[__name__:metric instance:a] 2}');
    // Outputs observed from promtool 2.42.
    const up = [{ labels: { __name__: 'up', instance: 'a:9100', job: 'node' }, value: 1 }];
    expect(await render('{{ print (query "up" | first) }}', 1, up)).toBe('&{map[__name__:up instance:a:9100 job:node] 1}');
    expect(await render('{{ printf "%#v" (query "up" | first) }}', 1, up)).toBe(
      '&template.sample{Labels:map[string]string{"__name__":"up", "instance":"a:9100", "job":"node"}, Value:1}',
    );
  });

  it('prints missing interface values like Go (promtool 2.42)', async () => {
    expect(await render('{{ (args 1).missing }}|{{ html (args 1).missing }}|{{ print (args 1).missing }}')).toBe(
      '<no value>|&lt;no value&gt;|<nil>',
    );
  });
});

describe('humanize family', () => {
  it('humanize', async () => {
    expect(await each('humanize', ['0.0', '1.0', '1234567.0', '.12'])).toBe('0:1:1.235M:120m:');
    expect(await each('humanize', ['"0.0"', '"1.0"', '"1234567.0"', '".12"'])).toBe('0:1:1.235M:120m:');
    expect(await each('humanize', ['0', '-1', '1', '1234567', '9223372036854775807'])).toBe('0:-1:1:1.235M:9.223E:');
  });

  it('humanize1024', async () => {
    expect(await each('humanize1024', ['0.0', '1.0', '1048576.0', '.12'])).toBe('0:1:1Mi:0.12:');
    expect(await each('humanize1024', ['"0.0"', '"1.0"', '"1048576.0"', '".12"'])).toBe('0:1:1Mi:0.12:');
    expect(await each('humanize1024', ['0', '-1', '1', '1234567', '9223372036854775807'])).toBe('0:-1:1:1.177Mi:8Ei:');
  });

  it('humanizeDuration', async () => {
    expect(await each('humanizeDuration', ['0.0', '1.0', '60.0', '3600.0', '86400.0', '90000.0', '-183845.0', '899.99'])).toBe(
      '0s:1s:1m 0s:1h 0m 0s:1d 0h 0m 0s:1d 1h 0m 0s:-2d 3h 4m 5s:14m 59s:',
    );
    expect(await each('humanizeDuration', ['"0"', '"1"', '"60"', '"3600"', '"86400"'])).toBe('0s:1s:1m 0s:1h 0m 0s:1d 0h 0m 0s:');
    expect(await each('humanizeDuration', ['.1', '.0001', '.12345', '60.1', '60.5', '1.2345', '12.345'])).toBe(
      '100ms:100us:123.5ms:1m 0s:1m 0s:1.234s:12.35s:',
    );
    expect(await each('humanizeDuration', ['0', '-1', '1', '1234567'])).toBe('0s:-1s:1s:14d 6h 56m 7s:');
  });

  it('passes infinities and NaN through', async () => {
    const text = '{{ humanize . }}:{{ humanize1024 . }}:{{ humanizeDuration . }}:{{humanizeTimestamp .}}:';
    for (const [v, s] of [[Infinity, '+Inf'], [-Infinity, '-Inf'], [NaN, 'NaN']] as const) {
      expect(await render(`{{ with .Value }}${text}{{ end }}`, v)).toBe(`${s}:${s}:${s}:${s}:`);
    }
    for (const s of ['+Inf', '-Inf', 'NaN']) {
      expect(await render(`{{ with "${s}" }}${text}{{ end }}`)).toBe(`${s}:${s}:${s}:${s}:`);
    }
  });

  it('humanizePercentage', async () => {
    expect(
      await render('{{ -0.22222 | humanizePercentage }}:{{ 0.0 | humanizePercentage }}:{{ 0.1234567 | humanizePercentage }}:{{ 1.23456 | humanizePercentage }}'),
    ).toBe('-22.22%:0%:12.35%:123.5%');
    expect(await each('humanizePercentage', ['0', '-1', '1', '1234567', '9223372036854775807'])).toBe(
      '0%:-100%:100%:1.235e+08%:9.223e+20%:',
    );
  });

  it('humanizeTimestamp and toTime', async () => {
    expect(await render('{{ 1435065584.128 | humanizeTimestamp }}')).toBe('2015-06-23 13:19:44.128 +0000 UTC');
    expect(await render('{{ "1435065584.128" | humanizeTimestamp }}')).toBe('2015-06-23 13:19:44.128 +0000 UTC');
    expect(await each('humanizeTimestamp', ['0', '-1', '1', '1234567', '9223372036'])).toBe(
      '1970-01-01 00:00:00 +0000 UTC:1969-12-31 23:59:59 +0000 UTC:1970-01-01 00:00:01 +0000 UTC:' +
        '1970-01-15 06:56:07 +0000 UTC:2262-04-11 23:47:16 +0000 UTC:',
    );
    await expect(render('{{ humanizeTimestamp -9223372036854775808 }}')).rejects.toThrow(
      'error calling humanizeTimestamp: -9.223372036854776e+18 cannot be represented as a nanoseconds timestamp since it overflows int64',
    );
    expect(await render('{{ (1435065584.128 | toTime).Format "2006" }}')).toBe('2015');
    expect(await render('{{ ("1435065584.128" | toTime).Format "2006" }}')).toBe('2015');
    expect(await render('{{ (toTime 1657155181).Format "2006-01-02T15:04:05Z07:00" }}')).toBe('2022-07-07T00:53:01Z');
    // promtool 2.42: String() for %v/%s, the raw struct for other verbs
    expect(await render('{{ printf "%v|%s|%d" (toTime 0) (toTime 0) (toTime 0) }}')).toBe(
      '1970-01-01 00:00:00 +0000 UTC|1970-01-01 00:00:00 +0000 UTC|&{0 62135596800 0}',
    );
    expect(await render('{{ toTime 1.5 }}|{{ (toTime 1.5).Unix }}|{{ (toTime 0).Month }}|{{ (toTime 0).Weekday }}')).toBe(
      '1970-01-01 00:00:01.5 +0000 UTC|1|January|Thursday',
    );
  });

  it('rejects values that are not numbers', async () => {
    await expect(render('{{ humanize "one" }}')).rejects.toThrow(
      'error calling humanize: strconv.ParseFloat: parsing "one": invalid syntax',
    );
    await expect(render('{{ humanize true }}')).rejects.toThrow("error calling humanize: can't convert bool to float");
  });
});

describe('string functions', () => {
  it.each([
    ['{{ "aa bb CC" | title }}', 'Aa Bb CC'],
    ['{{ "aa bb CC" | toUpper }}', 'AA BB CC'],
    ['{{ "aA bB CC" | toLower }}', 'aa bb cc'],
    ['{{ match "a+" "aa" }} {{ match "a+" "b" }}', 'true false'],
    ['{{ graphLink "up" }}', '/graph?g0.expr=up&g0.tab=0'],
    ['{{ tableLink "up" }}', '/graph?g0.expr=up&g0.tab=1'],
    ['{{ pathPrefix }}', '/path/prefix'],
    ['{{ externalURL }}', 'http://testhost:9090/path/prefix'],
    ['{{ printf "%0.2f" (parseDuration "1h2m10ms") }}', '3720.01'],
    ['{{ "<b>" | safeHtml }}', '<b>'],
    ['{{define "x"}}{{.arg0}} {{.arg1}}{{end}}{{template "x" (args 1 "2")}}', '1 2'],
  ])('%s', async (text, out) => expect(await render(text)).toBe(out));

  it('title-cases like strings.Title, as promtool 2.42 does', async () => {
    expect(await render('{{ "hello world-foo it\'s 1st x.y foo_bar ñu" | title }}')).toBe("Hello World-Foo It'S 1st X.Y Foo_bar Ñu");
    expect(await render('{{ toUpper "straße" }}|{{ toLower "İI" }}')).toBe('STRAßE|ii');
  });

  it.each([
    ['foo.example.com', 'foo.example.com', 'foo'],
    ['foo.example.com:12345', 'foo.example.com', 'foo:12345'],
    ['192.0.2.1', '192.0.2.1', '192.0.2.1'],
    ['192.0.2.1:12345', '192.0.2.1', '192.0.2.1:12345'],
    ['2001:0DB8::1', '2001:0DB8::1', '2001:0DB8::1'],
    ['[2001:0DB8::1]:12345', '2001:0DB8::1', '[2001:0DB8::1]:12345'],
    ['[2001:0DB8::1]::12345', '[2001:0DB8::1]::12345', '[2001:0DB8::1]::12345'],
  ])('stripPort / stripDomain of %s', async (input, port, domain) => {
    expect(await render(`{{ "${input}" | stripPort }}`)).toBe(port);
    expect(await render(`{{ "${input}" | stripDomain }}`)).toBe(domain);
  });

  it('rejects a bad duration', async () => {
    await expect(render('{{ parseDuration "5 minutes" }}')).rejects.toThrow(
      'error calling parseDuration: not a valid duration string: "5 minutes"',
    );
  });
});

describe('regular expressions (Go RE2 syntax)', () => {
  it('expands $1 and ${1} like Regexp.ReplaceAllString', async () => {
    expect(await render('{{ reReplaceAll "(a)b" "x$1" "ab" }}')).toBe('xa');
    const re = 'a(x*)b';
    expect(await render(`{{ reReplaceAll "${re}" "T" "-ab-axxb-" }}`)).toBe('-T-T-');
    expect(await render(`{{ reReplaceAll "${re}" "$1" "-ab-axxb-" }}`)).toBe('--xx-');
    expect(await render(`{{ reReplaceAll "${re}" "$1W" "-ab-axxb-" }}`)).toBe('---');
    expect(await render(`{{ reReplaceAll "${re}" "\${1}W" "-ab-axxb-" }}`)).toBe('-W-xxW-');
    const named = 'a(?P<1W>x*)b';
    expect(await render(`{{ reReplaceAll "${named}" "$1W" "-ab-axxb-" }}`)).toBe('--xx-');
    expect(await render(`{{ reReplaceAll "${named}" "\${1}W" "-ab-axxb-" }}`)).toBe('-W-xxW-');
    expect(await render('{{ reReplaceAll "(?P<host>[^:]+):(?P<port>\\\\d+)" "$port/$host $$" "db:5432" }}')).toBe('5432/db $');
  });

  it('does not replace an empty match right after a match', async () => {
    expect(await render('{{ reReplaceAll "a*" "-" "baaac" }}')).toBe('-b-c-');
  });

  it.each([
    ['(?i)^foo', 'FOObar', true],
    ['^[[:digit:]]+$', '123', true],
    ['^[[:^alpha:]]+$', '12-3', true],
    ['^\\\\pL+$', 'héllo', true],
    ['^\\\\p{Greek}+$', 'αβγ', true],
    ['a.b', 'a\\nb', false],
    ['(?s)a.b', 'a\\nb', true],
    ['a$', 'a\\n', false],
    ['(?m)a$', 'a\\nb', true],
    ['^\\\\s$', '\u00a0', false],
    ['\\\\Qa.b\\\\E', 'axb', false],
    ['x{2,3}', 'xx', true],
    ['a{,2}', 'a{,2}', true],
  ])('match %j %j is %s', async (re, s, out) => expect(await render(`{{ match "${re}" "${s}" }}`)).toBe(String(out)));

  it.each([
    ['(', 'error parsing regexp: missing closing ): `(`'],
    ['a)', 'error parsing regexp: unexpected ): `a)`'],
    ['(?=a)', 'error parsing regexp: invalid or unsupported Perl syntax: `(?=`'],
    ['a**', 'error parsing regexp: invalid nested repetition operator: `**`'],
    ['*a', 'error parsing regexp: missing argument to repetition operator: `*`'],
    ['[a', 'error parsing regexp: missing closing ]: `[a`'],
    ['[z-a]', 'error parsing regexp: invalid character class range: `z-a`'],
    ['\\\\1', 'error parsing regexp: invalid escape sequence: `\\1`'],
    ['a{1001}', 'error parsing regexp: invalid repeat count: `{1001}`'],
  ])('rejects %j like Go', async (re, msg) => {
    await expect(render(`{{ match "${re}" "x" }}`)).rejects.toThrow(`error calling match: ${msg}`);
  });

  it('reports reReplaceAll compile failures as MustCompile panics', async () => {
    await expect(render('{{ reReplaceAll "(" "" "x" }}')).rejects.toThrow(
      'error calling reReplaceAll: regexp: Compile(`(`): error parsing regexp: missing closing ): `(`',
    );
  });
});
