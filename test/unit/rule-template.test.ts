// Alert template rendering with Go text/template + Prometheus semantics.
// Expected values come from the task's promtool 2.42 runs, Go's text/template tests/docs and
// Prometheus's template/template_test.go.
import { describe, expect, it } from 'vitest';
import {
  checkTemplate,
  expandAlertTemplate,
  renderTemplate,
  TemplateError,
  type TemplateData,
  type TemplateSample,
} from '../../lib/rules/template';

// Prometheus prepends these to every alert template (rules/alerting.go); error columns include them.
const DEFS =
  '{{$labels := .Labels}}{{$externalLabels := .ExternalLabels}}{{$externalURL := .ExternalURL}}{{$value := .Value}}';
const OFFSET = DEFS.length;

function data(value = 1, labels: Record<string, string> = {}): TemplateData {
  return {
    labels,
    value,
    externalLabels: { cluster: 'eu-1' },
    externalURL: 'http://testhost:9090/path/prefix',
  };
}

const results: Record<string, TemplateSample[]> = {
  'max(temperature_celsius)': [{ labels: {}, value: 31.25 }],
  'max(other)': [{ labels: {}, value: 35 }],
  metric: [
    { labels: { __name__: 'metric', instance: 'b' }, value: 21 },
    { labels: { __name__: 'metric', instance: 'a' }, value: 11 },
  ],
  missing: [],
};
const query = async (expr: string) => results[expr] ?? [];

function render(text: string, value = 1, labels: Record<string, string> = {}): Promise<string> {
  return renderTemplate(text, data(value, labels), { time: new Date(0), query });
}

async function renderError(text: string, value = 1): Promise<TemplateError> {
  try {
    await render(text, value);
  } catch (e) {
    expect(e).toBeInstanceOf(TemplateError);
    return e as TemplateError;
  }
  throw new Error(`expected ${JSON.stringify(text)} to fail`);
}

describe('values as promtool 2.42 prints them', () => {
  it.each([
    [1500000, '1.5e+06'],
    [123456, '123456'],
    [0.00001, '1e-05'],
    [1000000, '1e+06'],
    [31.25, '31.25'],
    [0.88, '0.88'],
    [35, '35'],
  ])('{{ $value }} of %d is %s', async (v, out) => expect(await render('{{ $value }}', v)).toBe(out));

  it.each([
    [1500000, '1.5M', '1.431Mi', '17d 8h 40m 0s'],
    [123456, '123.5k', '120.6ki', '1d 10h 17m 36s'],
    [0.00001, '10u', '1e-05', '10us'],
    [1000000, '1M', '976.6ki', '11d 13h 46m 40s'],
  ])('humanize functions of %d', async (v, h, h1024, dur) => {
    expect(await render('{{ $value | humanize }}', v)).toBe(h);
    expect(await render('{{ $value | humanize1024 }}', v)).toBe(h1024);
    expect(await render('{{ $value | humanizeDuration }}', v)).toBe(dur);
  });

  it('rounds printf %.1f on the binary value', async () => {
    expect(await render('{{ printf "%.1f" $value }}', 31.25)).toBe('31.2');
    expect(await render('{{ printf "%.1f" $value }}', 35)).toBe('35.0');
  });

  it('prints a missing label as an empty string and never escapes HTML', async () => {
    expect(await render('[{{ $labels.nonexistent }}]')).toBe('[]');
    expect(await render('{{ $labels.path }}', 1, { path: '/api?a=1&b=<2>' })).toBe('/api?a=1&b=<2>');
    expect(await render('{{ "<b>" }}')).toBe('<b>');
  });

  it('reads query results with first and value', async () => {
    const text = (q: string) => `{{ with query "${q}" }}{{ . | first | value }}{{ end }}`;
    expect(await render(text('max(temperature_celsius)'))).toBe('31.25');
    expect(await render(text('max(other)'))).toBe('35');
  });

  it('prints NaN and infinities like Go', async () => {
    expect(await render('{{ $value }}', NaN)).toBe('NaN');
    expect(await render('{{ $value }}', Infinity)).toBe('+Inf');
    expect(await render('{{ $value }}', -Infinity)).toBe('-Inf');
  });

  it('keeps int literals and float literals apart', async () => {
    expect(await render('{{ 100000000 }}')).toBe('100000000');
    expect(await render('{{ 1e6 }}')).toBe('1e+06');
    expect(await render('{{ 1.0 }}')).toBe('1');
    expect(await render('{{ -0.0 }}')).toBe('-0');
    expect(await render('{{ 0x10 }} {{ 1_000 }} {{ 0o17 }}')).toBe('16 1000 15');
    expect(await render("{{ 'a' }}")).toBe('97');
  });
});

describe('dot and the predefined variables', () => {
  const labels = { instance: 'host:9100', job: 'node' };

  it('exposes .Labels, .Value, .ExternalLabels and .ExternalURL', async () => {
    expect(await render('{{ .Labels.instance }} {{ .Value }} {{ .ExternalLabels.cluster }} {{ .ExternalURL }}', 2.5, labels)).toBe(
      'host:9100 2.5 eu-1 http://testhost:9090/path/prefix',
    );
    expect(await render('{{ $labels.job }} {{ $externalLabels.cluster }} {{ $externalURL }} {{ $.Labels.job }}', 1, labels)).toBe(
      'node eu-1 http://testhost:9090/path/prefix node',
    );
  });

  it('prints maps sorted by key', async () => {
    expect(await render('{{ $labels }}', 1, { b: '2', a: '1' })).toBe('map[a:1 b:2]');
  });
});

describe('actions and control flow', () => {
  it.each([
    ['{{if true}}T{{else}}F{{end}}', 'T'],
    ['{{if 0}}T{{else if ""}}E{{else}}F{{end}}', 'F'],
    ['{{if gt $value 10.0}}big{{else if gt $value 1.0}}mid{{else}}small{{end}}', 'mid'],
    ['{{with true}}{{.}}{{end}}', 'true'],
    ['{{with false}}{{.}}{{else}}FALSE{{end}}', 'FALSE'],
    ['{{with 1.5}}{{.}}{{else}}ZERO{{end}}', '1.5'],
    ['{{with 0}}{{.}}{{else}}ZERO{{end}}', 'ZERO'],
    ['{{with ""}}{{.}}{{else}}EMPTY{{end}}', 'EMPTY'],
    ['{{with $x := "yes"}}{{$x}}{{end}}', 'yes'],
  ])('%s', async (text, out) => expect(await render(text, 5)).toBe(out));

  it('ranges over maps in key order, with $key, $value', async () => {
    const labels = { c: '3', a: '1', b: '2' };
    expect(await render('{{range $k, $v := $labels}}{{$k}}={{$v}} {{end}}', 1, labels)).toBe('a=1 b=2 c=3 ');
    expect(await render('{{range $labels}}-{{.}}-{{end}}', 1, labels)).toBe('-1--2--3-');
    expect(await render('{{range $x := $labels}}<{{$x}}>{{end}}', 1, { one: '1' })).toBe('<1>');
  });

  it('ranges over query results, with index and else', async () => {
    expect(await render('{{ range query "metric" | sortByLabel "instance" }}{{.Labels.instance}}:{{.Value}}: {{end}}')).toBe(
      'a:11: b:21: ',
    );
    expect(await render('{{range $i, $s := query "metric"}}[{{$i}}]{{$s.Labels.instance}}{{end}}')).toBe('[0]b[1]a');
    expect(await render('{{range query "missing"}}x{{else}}none{{end}}')).toBe('none');
  });

  it('supports break and continue in range', async () => {
    expect(await render('{{range query "metric"}}-{{.Value}}-{{break}}NOTREACHED{{else}}EMPTY{{end}}')).toBe('-21-');
    expect(await render('{{range query "metric"}}-{{.Value}}-{{continue}}NOTREACHED{{end}}')).toBe('-21--11-');
  });

  it('trims whitespace with {{- and -}}', async () => {
    expect(await render('x \r\n\t{{- 3}}')).toBe('x3');
    expect(await render('{{3 -}}\n\n\ty')).toBe('3y');
    expect(await render('x \r\n\t{{- 3 -}}\n\n\ty')).toBe('x3y');
    expect(await render('{{-3}}')).toBe('-3'); // no space: a negative number, not a trim marker
  });

  it('drops comments, also with trim markers', async () => {
    expect(await render('a{{/* c */}}b')).toBe('ab');
    expect(await render('x \r\n\t{{- /* hi */}}')).toBe('x');
    expect(await render('{{/* hi */ -}}\n\n\ty')).toBe('y');
    expect(await render('x \r\n\t{{- /* */ -}}\n\n\ty')).toBe('xy');
  });

  it('parses string, raw string and char literals', async () => {
    expect(await render('{{ "a\\tb" }}')).toBe('a\tb');
    expect(await render('{{ `a\\n"b"` }}')).toBe('a\\n"b"');
    expect(await render('{{ printf "%c" \'\\n\' }}')).toBe('\n');
  });

  it('pipes the previous value in as the last argument', async () => {
    expect(await render('{{ "x" | printf "%s-%s" "a" }}')).toBe('a-x');
    expect(await render('{{ printf "%d %d %d" (1) (len "ab") (len (printf "%s%s" "ab" "c")) }}')).toBe('1 2 3');
  });

  it('supports define, template and block', async () => {
    expect(await render('{{define "x"}}{{.arg0}} {{.arg1}}{{end}}{{template "x" (args 1 "2")}}')).toBe('1 2');
    expect(await render('{{block "b" .Value}}[{{.}}]{{end}}', 7)).toBe('[7]');
    expect(await render('{{define "t"}}{{.}}{{end}}{{template "t"}}')).toBe('<no value>');
  });
});

describe('variables', () => {
  it.each([
    ['{{$x := 2}}{{$x = 3}}{{$x}}', '3'],
    ['{{$x := 2}}{{if true}}{{$x = 3}}{{end}}{{$x}}', '3'],
    ['{{$x := 1}}{{if true}}{{$x := 2}}{{if true}}{{$x = 3}}{{end}}{{end}}{{$x}}', '1'],
    ['{{$x := "a"}}{{range $labels}}{{$x = .}}{{end}}{{$x}}', 'z'],
  ])('%s', async (text, out) => expect(await render(text, 1, { k: 'z' })).toBe(out));

  it('ends a declaration at the enclosing {{end}}', async () => {
    const e = await renderError('{{if true}}{{$y := 1}}{{end}}{{$y}}');
    expect(e.message).toBe('error parsing template __alert_: template: __alert_:1: undefined variable "$y"');
  });

  it('gives the variable declared in a range clause a fresh value each iteration', async () => {
    expect(await render('{{range $i, $s := query "metric"}}{{$i}}{{end}}')).toBe('01');
  });
});

describe('builtin functions', () => {
  it.each([
    ['{{and false 0}} {{and 1 0}} {{and 0 true}} {{and 1 1}}', 'false 0 0 1'],
    ['{{or 0 0}} {{or 1 0}} {{or 0 true}} {{or 1 1}}', '0 1 true 1'],
    ['{{not true}} {{not false}}', 'false true'],
    ['{{1 | and 1}} {{0 | and 1}} {{1 | or 0}} {{0 | or 0}}', '1 0 1 0'],
    ['{{or 0 1 (index "" 5)}} {{and 1 0 (index "" 5)}}', '1 0'],
    ['{{and 1 (args).missing}}', '<no value>'],
    ['{{eq 1 1}} {{eq 1 2}} {{eq `xy` `xy`}} {{eq 1.5 1.5}} {{eq 3 1 2 3}}', 'true false true true true'],
    ['{{ne 1 2}} {{lt 1.5 2.5}} {{lt 1 2}} {{lt `xy` `xz`}} {{le 2 2}} {{gt 1 2}} {{ge 2 2}}', 'true true true true true false true'],
    ['{{len "héllo"}} {{len $labels}} {{len (query "metric")}}', '6 1 2'],
    ['{{index $labels "k"}} [{{index $labels "nope"}}] {{index "abc" 1}}', 'z [] 98'],
    ['{{index (query "metric") 1 | value}}', '11'],
    ['{{slice "hello" 1 3}} {{slice "hello" 2}}', 'el llo'],
    ['{{print 1 2 "a" "b" 3}}', '1 2ab3'],
    ['{{println "a" 1}}', 'a 1\n'],
    ['{{print nil}}', '<nil>'],
    ['{{html `<script>alert("XSS");</script>`}}', '&lt;script&gt;alert(&#34;XSS&#34;);&lt;/script&gt;'],
    ['{{js "It\'d be nice."}}', "It\\'d be nice."],
    ['{{"http://www.example.org/" | urlquery}}', 'http%3A%2F%2Fwww.example.org%2F'],
  ])('%s', async (text, out) => expect(await render(text, 1, { k: 'z' })).toBe(out));
});

describe('errors', () => {
  it('reports an unknown function while parsing, like Go', async () => {
    const e = await renderError('{{ foo }}');
    expect(e.message).toBe('error parsing template __alert_: template: __alert_:1: function "foo" not defined');
    expect(e.kind).toBe('parse');
    expect([e.line, e.column]).toEqual([1, 4]);
  });

  it('reports unclosed actions with the line they started on', async () => {
    expect((await renderError('{{')).message).toBe('error parsing template __alert_: template: __alert_:1: unclosed action');
    const e = await renderError('line1\n{{"x"\n"y"\n');
    expect(e.message).toBe(
      'error parsing template __alert_: template: __alert_:4: unclosed action started at __alert_:2',
    );
    expect(e.line).toBe(4);
  });

  it('reports execution errors with position and context, like Prometheus', async () => {
    const e = await renderError('{{ query "missing" | first }}');
    expect(e.message).toBe(
      `error executing template __alert_: template: __alert_:1:${OFFSET + 21}: executing "__alert_" at <first>: ` +
        'error calling first: first() called on vector with no elements',
    );
    expect([e.kind, e.line, e.column]).toEqual(['exec', 1, 22]);

    expect((await renderError('{{ (query "missing").banana }}')).message).toBe(
      `error executing template __alert_: template: __alert_:1:${OFFSET + 10}: executing "__alert_" at <"missing">: ` +
        "can't evaluate field banana in type template.queryResult",
    );
    expect((await renderError('{{ humanize "one" }}')).message).toBe(
      `error executing template __alert_: template: __alert_:1:${OFFSET + 3}: executing "__alert_" at <humanize "one">: ` +
        'error calling humanize: strconv.ParseFloat: parsing "one": invalid syntax',
    );
    expect((await renderError('{{ "one" | humanizePercentage }}')).message).toBe(
      `error executing template __alert_: template: __alert_:1:${OFFSET + 11}: executing "__alert_" at <humanizePercentage>: ` +
        'error calling humanizePercentage: strconv.ParseFloat: parsing "one": invalid syntax',
    );
  });

  it('counts columns from the start of later lines', async () => {
    const e = await renderError('ok\n  {{ index (query "metric") 5 }}');
    expect(e.message).toBe(
      'error executing template __alert_: template: __alert_:2:5: executing "__alert_" at <index (query "metric") 5>: ' +
        'error calling index: index out of range: 5',
    );
    expect([e.line, e.column]).toEqual([2, 6]);
  });

  it('counts Go columns in UTF-8 bytes', async () => {
    // "é" is two bytes in Go's byte offsets but one UTF-16 unit in `column`.
    const e = await renderError('é{{ index "" 1 }}');
    expect(e.message).toContain(`template: __alert_:1:${OFFSET + 5}: executing`);
    expect(e.column).toBe(5);
  });

  it('limits nesting instead of overflowing the stack', async () => {
    const deep = '{{ ' + '('.repeat(2000) + '1' + ')'.repeat(2000) + ' }}';
    expect((await renderError(deep)).message).toBe(
      'error parsing template __alert_: template: __alert_:1: max expression depth exceeded',
    );
    const text = '{{define "a"}}{{template "a"}}{{end}}{{template "a"}}';
    expect((await renderError(text)).message).toMatch(/executing "a" at <\{\{template "a"\}\}>: exceeded maximum template depth/);
  });

  it.each([
    ['{{ eq $value 1 }}', 'error calling eq: incompatible types for comparison'],
    ['{{ lt true false }}', 'error calling lt: invalid type for comparison'],
    ['{{ eq 1 }}', 'error calling eq: missing argument for comparison'],
    ['{{ len 3 }}', 'error calling len: len of type int'],
    ['{{ index nil 1 }}', 'error calling index: index of untyped nil'],
    ['{{ index $labels 1 }}', 'error calling index: value has type int; should be string'],
    ['{{ .Foo }}', "can't evaluate field Foo in type struct { Labels map[string]string; ExternalLabels map[string]string; ExternalURL string; Value float64 }"],
    ['{{ humanize }}', 'wrong number of args for humanize: want 1 got 0'],
    ['{{ humanize 1 2 }}', 'wrong number of args for humanize: want 1 got 2'],
    ['{{ printf }}', 'wrong number of args for printf: want at least 1 got 0'],
    ['{{ toUpper 1 }}', 'expected string; found 1'],
    ['{{ toUpper $value }}', 'wrong type for value; expected string; got float64'],
    ['{{ $value | toUpper }}', 'wrong type for value; expected string; got float64'],
    ['{{ first 1 }}', "can't handle 1 for arg of type template.queryResult"],
    ['{{ $labels.x.y }}', "can't evaluate field y in type string"],
    ['{{ $value 1 }}', "can't give argument to non-function $value"],
    ['{{ $labels.k 1 }}', 'k is not a method but has arguments'],
    ['{{ template "nope" }}', 'template "nope" not defined'],
    ['{{ range $value }}{{ end }}', "range can't iterate over 1"],
    ['{{ nil }}', 'nil is not a command'],
  ])('%s', async (text, msg) => {
    const e = await renderError(text);
    expect(e.kind).toBe('exec');
    expect(e.message.endsWith(msg)).toBe(true);
  });

  it('wraps query failures', async () => {
    const failing = async () => {
      throw new Error('bad_data: parse error');
    };
    await expect(renderTemplate('{{ query "x(" }}', data(), { time: new Date(0), query: failing })).rejects.toThrow(
      /error calling query: bad_data: parse error$/,
    );
    await expect(renderTemplate('{{ query "up" }}', data(), { time: new Date(0) })).rejects.toThrow(/error calling query: /);
  });
});

describe('expandAlertTemplate', () => {
  it('expands like renderTemplate on success', async () => {
    expect(await expandAlertTemplate('HighLoad', '{{ $labels.instance }} is at {{ $value | humanize }}', data(1500000, { instance: 'a' }), {
      time: new Date(0),
    })).toBe('a is at 1.5M');
  });

  it('returns Prometheus\'s error text instead of throwing', async () => {
    const opts = { time: new Date(0), query };
    expect(await expandAlertTemplate('HighLoad', '{{ query "missing" | first }}', data(), opts)).toBe(
      '<error expanding template: error executing template __alert_HighLoad: template: __alert_HighLoad:1:' +
        `${OFFSET + 21}: executing "__alert_HighLoad" at <first>: error calling first: first() called on vector with no elements>`,
    );
    expect(await expandAlertTemplate('HighLoad', '{{ foo }}', data(), opts)).toBe(
      '<error expanding template: error parsing template __alert_HighLoad: template: __alert_HighLoad:1: function "foo" not defined>',
    );
  });
});

describe('checkTemplate', () => {
  it('accepts valid templates without executing them', () => {
    expect(() => checkTemplate('{{ query "x" | first | value | humanize }} {{ $labels.instance }}')).not.toThrow();
    expect(() => checkTemplate('plain text')).not.toThrow();
  });

  it('reports errors with a line and column', () => {
    let err: unknown;
    try {
      checkTemplate('abc\n  {{ foo }}');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TemplateError);
    const e = err as TemplateError;
    expect(e.message).toBe('template: __alert_:2: function "foo" not defined');
    expect([e.line, e.column]).toEqual([2, 6]);
  });

  // Go's text/template/parse errorTests.
  it.each([
    ['{{/*}}', 'unclosed comment'],
    ['{{.X (1 2 3}}', 'unclosed left paren'],
    ['{{.X 1 2 3 ) }}', 'unexpected ")" in command'], // Go 1.19 wording (newer Go: "unexpected right paren")
    ['{{`x`3}}', 'in operand'],
    ['{{a#}}', "'#'"],
    ["{{'a}}", 'unterminated character constant'],
    ['{{"a}}', 'unterminated quoted string'],
    ['{{`a}}', 'unterminated raw quoted string'],
    ['{{0xi}}', 'number syntax'],
    ['{{define `a`}}a{{end}}{{define `a`}}b{{end}}', 'multiple definition of template'],
    ['{{range .X}}', 'unexpected EOF'],
    ['{{$a,$b,$c := 23}}', 'too many declarations'],
    ['{{$a}}', 'undefined variable'],
    ['{{true.any}}', 'unexpected . after term'],
    ['{{12|false}}', 'non executable command in pipeline'],
    ['{{ ( ) }}', 'missing value for parenthesized pipeline'],
    ['{{range $k}}{{end}}', 'undefined variable'],
    ['{{range $k,}}{{end}}', 'missing value for range'],
    ['{{range $k, .}}{{end}}', 'range can only initialize variables'],
    ['{{if .X}}a{{else if .Y}}b{{end}}{{end}}', 'unexpected {{end}}'],
    ['{{range .}}{{end}} {{break}}', '{{break}} outside {{range}}'],
    ['{{range .}}{{else}}{{continue}}{{end}}', '{{continue}} outside {{range}}'],
    ['{{ \u00a0}}', 'unrecognized character in action: U+00A0'],
    ['{{block "foo"}}hello{{end}}', 'missing value for block clause'],
    ['{{$x:=.}}{{$x+2}}', 'bad character'],
  ])('rejects %j', (text, msg) => {
    expect(() => checkTemplate(text)).toThrow(msg);
  });
});
