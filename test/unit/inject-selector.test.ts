import { describe, expect, it } from 'vitest';
import { injectSelector, parsePromQLOrThrow, PromQLSyntaxError } from '../../lib/prometheus/inject-selector';
import { PromMatcherError, type PromMatcher } from '../../lib/prometheus/matchers';

const PROD_EU: PromMatcher[] = [{ name: 'cluster', type: '=', value: 'prod-eu' }];
const C = 'cluster="prod-eu"';

function syntaxError(expr: string): PromQLSyntaxError {
  try {
    injectSelector(expr, PROD_EU);
  } catch (error) {
    if (error instanceof PromQLSyntaxError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(expr)} to be rejected`);
}

describe('injectSelector: every vector selector gets the matchers', () => {
  it.each<[string, string]>([
    // Plain selectors.
    ['foo', `foo{${C}}`],
    ['foo{}', `foo{${C}}`],
    ['foo{a="b"}', `foo{a="b",${C}}`],
    ['foo{a="b",}', `foo{a="b",${C}}`],
    ['foo{a="b" , }', `foo{a="b" , ${C}}`],
    ['foo{ a = "b" }', `foo{ a = "b",${C} }`],
    ['foo{a="b",c!~"d.*",e=~`x|y`}', `foo{a="b",c!~"d.*",e=~\`x|y\`,${C}}`],
    ['{__name__="foo"}', `{__name__="foo",${C}}`],
    ['{__name__=~"node_.*"}', `{__name__=~"node_.*",${C}}`],
    ['{job="api"}', `{job="api",${C}}`],
    // Keywords and function names are plain names inside a selector.
    ['foo{on="x",by="y"}', `foo{on="x",by="y",${C}}`],
    ['rate{job="x"}', `rate{job="x",${C}}`],
    // Existing matchers on the same label are kept: Prometheus ANDs them (narrowing only).
    ['foo{cluster="other"}', `foo{cluster="other",${C}}`],
    ['foo{cluster=~"prod-.*"}', `foo{cluster=~"prod-.*",${C}}`],
    // Prometheus 3 quoted (UTF-8) names.
    ['{"a.b"="c"}', `{"a.b"="c",${C}}`],
    ['{"my.metric"}', `{"my.metric",${C}}`],
    ['{"my.metric", "a.b"="c"}', `{"my.metric", "a.b"="c",${C}}`],
    // Range selectors, offset and @.
    ['foo[5m]', `foo{${C}}[5m]`],
    ['foo{a="b"}[5m]', `foo{a="b",${C}}[5m]`],
    ['foo offset 5m', `foo{${C}} offset 5m`],
    ['foo[5m] offset -1h', `foo{${C}}[5m] offset -1h`],
    ['foo @ 1609746000', `foo{${C}} @ 1609746000`],
    ['foo @ end() offset 5m', `foo{${C}} @ end() offset 5m`],
    ['rate(foo{a="b"}[5m] offset 1h)', `rate(foo{a="b",${C}}[5m] offset 1h)`],
    // Functions.
    ['rate(http_requests_total[5m])', `rate(http_requests_total{${C}}[5m])`],
    ['absent(up{job="api"})', `absent(up{job="api",${C}})`],
    ['absent_over_time(up[5m])', `absent_over_time(up{${C}}[5m])`],
    ['vector(1)', 'vector(1)'],
    ['time() - process_start_time_seconds', `time() - process_start_time_seconds{${C}}`],
    ['clamp_max(foo, scalar(bar))', `clamp_max(foo{${C}}, scalar(bar{${C}}))`],
    // String literals that look like selectors stay untouched.
    [
      'label_replace(x, "dst", "$1", "src", "{a=\\"b\\"}")',
      `label_replace(x{${C}}, "dst", "$1", "src", "{a=\\"b\\"}")`,
    ],
    ["label_join(up, 'foo', ',', 'a{b}', `c`)", `label_join(up{${C}}, 'foo', ',', 'a{b}', \`c\`)`],
    ['count_values("foo{x=\\"y\\"}", up)', `count_values("foo{x=\\"y\\"}", up{${C}})`],
    // Aggregations.
    ['sum by (job) (rate(foo[5m]))', `sum by (job) (rate(foo{${C}}[5m]))`],
    ['sum(rate(foo[5m])) by (job)', `sum(rate(foo{${C}}[5m])) by (job)`],
    ['count without (instance) (up)', `count without (instance) (up{${C}})`],
    ['topk(3, sum by (pod) (mem))', `topk(3, sum by (pod) (mem{${C}}))`],
    ['quantile(0.9, foo)', `quantile(0.9, foo{${C}})`],
    [
      'histogram_quantile(0.99, sum by (le) (rate(h_bucket[5m])))',
      `histogram_quantile(0.99, sum by (le) (rate(h_bucket{${C}}[5m])))`,
    ],
    // Binary operations, both sides, with vector matching.
    ['foo / bar', `foo{${C}} / bar{${C}}`],
    ['foo > bool 10', `foo{${C}} > bool 10`],
    ['a * on(node) group_left(kernel) b', `a{${C}} * on(node) group_left(kernel) b{${C}}`],
    ['a + ignoring(code) group_right b{x="y"}', `a{${C}} + ignoring(code) group_right b{x="y",${C}}`],
    ['a and b unless c or d', `a{${C}} and b{${C}} unless c{${C}} or d{${C}}`],
    ['-foo', `-foo{${C}}`],
    // Subqueries and parentheses.
    ['rate(x[5m])[1h:1m]', `rate(x{${C}}[5m])[1h:1m]`],
    ['max_over_time(rate(x[5m])[1h:])', `max_over_time(rate(x{${C}}[5m])[1h:])`],
    ['max_over_time((a - b)[10m:1m] offset 5m)', `max_over_time((a{${C}} - b{${C}})[10m:1m] offset 5m)`],
    ['(((foo)))', `(((foo{${C}})))`],
    ['info(x, {k=~".+"})', `info(x{${C}}, {k=~".+",${C}})`],
    // Comments and line breaks are kept.
    ['foo{a="b" # note\n}', `foo{a="b",${C} # note\n}`],
    ['foo{a="b", # note\n}', `foo{a="b", # note\n${C}}`],
    ['sum(\n  foo # x{a="b"}\n)', `sum(\n  foo{${C}} # x{a="b"}\n)`],
    // Multi-byte characters before a selector: positions are UTF-16 offsets on both sides.
    ['label_replace(foo, "x", "ü😀", "y", "") + bar', `label_replace(foo{${C}}, "x", "ü😀", "y", "") + bar{${C}}`],
    ['1 + 2', '1 + 2'],
  ])('%j', (input, expected) => {
    const output = injectSelector(input, PROD_EU);
    expect(output).toBe(expected);
    // Round trip: the output is valid PromQL again.
    expect(() => parsePromQLOrThrow(output)).not.toThrow();
  });

  it('adds several matchers in order, quoted like Go', () => {
    const matchers: PromMatcher[] = [
      { name: 'cluster', type: '=', value: 'a"b' },
      { name: 'env', type: '=~', value: 'prod|staging' },
      { name: 'tier', type: '!=', value: 'x\ny' },
    ];
    expect(injectSelector('sum(foo{a="b"}) / bar', matchers)).toBe(
      'sum(foo{a="b",cluster="a\\"b",env=~"prod|staging",tier!="x\\ny"}) / bar{cluster="a\\"b",env=~"prod|staging",tier!="x\\ny"}',
    );
  });

  it('returns the expression unchanged for an empty matcher list', () => {
    expect(injectSelector('sum by (x) (rate(foo[5m]))', [])).toBe('sum by (x) (rate(foo[5m]))');
  });

  it('is idempotent only in the narrowing sense: injecting twice adds the matcher twice', () => {
    const once = injectSelector('foo', PROD_EU);
    expect(injectSelector(once, PROD_EU)).toBe(`foo{${C},${C}}`);
  });

  it('rejects matchers that are not valid PromQL', () => {
    expect(() => injectSelector('foo', [{ name: 'a.b', type: '=', value: 'x' }])).toThrow(/invalid label name/);
    expect(() => injectSelector('foo', [{ name: 'a', type: '=~', value: '(' }])).toThrow(PromMatcherError);
  });
});

describe('injectSelector: syntax errors', () => {
  it.each<[string, number, RegExp]>([
    ['', 0, /^PromQL syntax error at character 1: unexpected end of input$/],
    ['   ', 3, /unexpected end of input/],
    ['sum(foo', 7, /^PromQL syntax error at character 8: unexpected end of input$/],
    ['foo bar', 4, /^PromQL syntax error at character 5 near "bar"$/],
    ['foo)', 3, /near "\)"/],
    ['foo{a="b",,}', 10, /near ",}"/],
    ['foo{,}', 4, /near ",}"/],
    ['foo{a=', 6, /unexpected end of input/],
    ['foo{a="b"}{c="d"}', 10, /near "\{c=\\"d\\"\}"/],
    ['rate(foo[5m', 11, /unexpected end of input/],
    ['1 +', 3, /unexpected end of input/],
    ['on', 0, /near "on"/],
    ['{}', 0, /near "\{\}": a vector selector needs a metric name or at least one label matcher/],
    ['sum(rate(x[5m])) by (job) + {}', 28, /needs a metric name/],
  ])('%j', (expr, position, message) => {
    const error = syntaxError(expr);
    expect(error.position).toBe(position);
    expect(error.message).toMatch(message);
    expect(error.name).toBe('PromQLSyntaxError');
    expect(() => parsePromQLOrThrow(expr)).toThrow(PromQLSyntaxError);
  });

  it('reports line and column, and shortens the context to one line', () => {
    const error = syntaxError('sum(\n  foo bar_baz_quux_with_a_really_long_name_here\n)');
    expect(error.line).toBe(2);
    expect(error.column).toBe(7);
    expect(error.message).toBe('PromQL syntax error at character 12 near "bar_baz_quux_with_a_real…"');
  });

  it('parsePromQLOrThrow returns the lezer tree of a valid expression', () => {
    expect(parsePromQLOrThrow('sum(foo)').topNode.name).toBe('PromQL');
  });
});
