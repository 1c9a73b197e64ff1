// Expected values come from running the real promtool 2.42 (Debian) on small test files with the
// same series, and from Prometheus's grammar (promql/parser/generated_parser.y): each case below
// notes what promtool reported.
import { describe, expect, it } from 'vitest';
import {
  InputSeriesError,
  expandSequence,
  loadInputSeries,
  parseMetric,
  parseSeriesDesc,
} from '../../lib/promtool/series-notation';

/** Values as a compact list: numbers, '_' for missing, 'stale' for the marker. */
function values(text: string): (number | string)[] {
  return parseSeriesDesc(`a ${text}`).values.map((v) => (v.omitted ? '_' : v.stale ? 'stale' : v.value));
}

describe('series values (parser.ParseSeriesDesc)', () => {
  it.each([
    // promtool: count_over_time(a[1h]) == 4 and a == 4 at 3m.
    ['1+1x3', [1, 2, 3, 4]],
    // promtool: timestamp(b) == 180 at 3m and count_over_time == 1: `_x3` is three gaps.
    ['_x3 5', ['_', '_', '_', 5]],
    ['_ 1 _', ['_', 1, '_']],
    ['2x2', [2, 2, 2]],
    ['1-2x2', [1, -1, -3]],
    ['-1-1x2', [-1, -2, -3]],
    ['+3 -2', [3, -2]],
    // promtool: `010` is 8 (Go ParseInt base 0 reads octal), `08` is 8 (ParseFloat).
    ['010 08 1e3 .5 1.', [8, 8, 1000, 0.5, 1]],
    ['Inf -Inf inf', [Infinity, -Infinity, Infinity]],
    // promtool: a YAML `0x10` reaches the parser as text: 0 repeated 10 times, 11 samples.
    ['0x10', Array(11).fill(0)],
    ['1\t2', [1, 2]],
    ['0 stale 2 _ stale', [0, 'stale', 2, '_', 'stale']],
  ])('%s', (text, expected) => expect(values(text)).toEqual(expected));

  it('reads NaN', () => expect(values('NaN nan')).toEqual([NaN, NaN]));

  it('adds the step repeatedly, as Go does (promtool: c at 9m == 0.9999999999999999)', () => {
    expect(values('0.1+0.1x9').at(-1)).toBe(0.9999999999999999);
  });

  it('turns a stale start into ordinary NaNs when stepped (promtool counted 2 of 3 samples)', () => {
    const parsed = parseSeriesDesc('a stale+1x2').values;
    expect(parsed.map((v) => !v.omitted && v.stale)).toEqual([true, false, false]);
  });

  it('parses the series labels', () => {
    expect(parseSeriesDesc('up{job="x", instance="y"} 1').labels).toEqual([
      { name: '__name__', value: 'up' },
      { name: 'instance', value: 'y' },
      { name: 'job', value: 'x' },
    ]);
    expect(parseSeriesDesc('{__name__="a"} 1').labels).toEqual([{ name: '__name__', value: 'a' }]);
    expect(parseSeriesDesc('job:x{a="b",} 7').labels).toEqual([
      { name: '__name__', value: 'job:x' },
      { name: 'a', value: 'b' },
    ]);
    expect(parseSeriesDesc('test').values).toEqual([]);
  });

  it('accepts keyword metric names promtool accepts (sum, start)', () => {
    expect(parseSeriesDesc('sum 7').labels).toEqual([{ name: '__name__', value: 'sum' }]);
    expect(parseSeriesDesc('start 7').labels).toEqual([{ name: '__name__', value: 'start' }]);
  });

  // The exact errors promtool 2.42 printed for `series: a` with these values.
  it.each([
    ['1 x2', '1:5: parse error: unexpected "x"'],
    ['1+1', '1:6: parse error: unexpected end of input in series values'],
    ['abc', '1:3: parse error: unexpected identifier "abc" in series values, expected number or "stale"'],
    ['1_000', '1:3: parse error: bad number syntax: "1"'],
    ['1x', '1:5: parse error: unexpected end of input in series values'],
    ['1e', '1:3: parse error: error parsing number: strconv.ParseFloat: parsing "1e": invalid syntax'],
    ['1 2x1.5', '1:7: parse error: invalid repetition in series values: strconv.ParseUint: parsing "1.5": invalid syntax'],
    ['1 #c', "1:5: parse error: unexpected character in series sequence: '#'"],
  ])('rejects %j like promtool', (text, message) => expect(() => parseSeriesDesc(`a ${text}`)).toThrow(message));
});

describe('metric notation (parser.ParseMetric)', () => {
  const name = (value: string) => ({ name: '__name__', value });

  it.each([
    ['', []],
    ['test', [name('test')]],
    ['{job="test"}', [{ name: 'job', value: 'test' }]],
    [
      'ALERTS{alertname="X",alertstate="pending"}',
      [name('ALERTS'), { name: 'alertname', value: 'X' }, { name: 'alertstate', value: 'pending' }],
    ],
    // promtool: spaces, a trailing comma, single quotes, backquotes and a comment are fine.
    [" a { z = 'r' , y=\"q\", x=`1.0` , } # comment", [name('a'), { name: 'x', value: '1.0' }, { name: 'y', value: 'q' }, { name: 'z', value: 'r' }]],
    ['#c', []],
    // promtool printed exp: {a="€A"}: \x escapes are bytes, \101 octal.
    ['{a="\\xe2\\x82\\xac\\101"}', [{ name: 'a', value: '€A' }]],
    ["{a='it\\'s'}", [{ name: 'a', value: "it's" }]],
    // promtool: the metric name wins over __name__, empty values go with a metric name only.
    ['q{__name__="r"}', [name('q')]],
    ['a{b=""}', [name('a')]],
    ['{b=""}', [{ name: 'b', value: '' }]],
    // promtool printed {__name__="a", b="2", b="1"}: duplicates kept, in order.
    ['a{b="2",b="1"}', [name('a'), { name: 'b', value: '2' }, { name: 'b', value: '1' }]],
    ['By', [name('By')]],
    ['END', [name('END')]],
    ['a:b', [name('a:b')]],
    ['a{on="x"}', [name('a'), { name: 'on', value: 'x' }]],
  ])('%j', (text, expected) => expect(parseMetric(text)).toEqual(expected));

  // The exact errors promtool 2.42 printed after `err: labels "...": `.
  it.each([
    ['a{b="c"', '1:8: parse error: unexpected end of input inside braces'],
    ['a b', '1:3: parse error: unexpected identifier "b"'],
    ['{b=~"c"}', '1:3: parse error: unexpected <op:=~> in label set, expected "="'],
    ['a{b="\\q"}', "1:5: parse error: unknown escape sequence U+0071 'q'"],
    ['1', '1:1: parse error: unexpected number "1"'],
    ['Inf', '1:1: parse error: unexpected number "Inf"'],
    ['on', '1:1: parse error: unexpected <on>'],
    ['atan2', '1:1: parse error: unexpected <op:atan2>'],
    ['group_left', '1:1: parse error: unexpected <group_left>'],
    ['a{b="c"}{}', '1:9: parse error: unexpected "{"'],
    ['{,}', '1:2: parse error: unexpected "," in label set, expected identifier or "}"'],
    ['{a}', '1:3: parse error: unexpected "}" in label set, expected "="'],
    ['{a=}', '1:4: parse error: unexpected "}" in label set, expected string'],
    ['{a="b" c="d"}', '1:8: parse error: unexpected identifier "c" in label set, expected "," or "}"'],
    ['{a="b"} x', '1:9: parse error: unexpected identifier "x"'],
  ])('rejects %j like promtool', (text, message) => expect(() => parseMetric(text)).toThrow(message));
});

describe('expanding and loading input series', () => {
  it('puts sample i at i*interval and skips missing ones', () => {
    expect(expandSequence(parseSeriesDesc('a 0 _ stale').values, 60_000)).toEqual([
      { t: 0, value: 0, stale: false },
      { t: 120_000, value: NaN, stale: true },
    ]);
  });

  it('loads like promtool: last definition wins, a comment or empty line ends the load', () => {
    // promtool: count_over_time(a[1h]) == 1 (the second `a` replaced the first); b loaded; c not.
    const loaded = loadInputSeries(
      [
        { series: 'a', values: '1 2' },
        { series: 'a{}', values: '_ 5' },
        { series: 'b', values: '1' },
        { series: '#c', values: '1' },
        { series: 'c', values: '1' },
      ],
      60_000,
    );
    expect(loaded.map((s) => [s.labels[0]!.value, s.points.map((p) => [p.t, p.value])])).toEqual([
      ['a', [[60_000, 5]]],
      ['b', [[0, 1]]],
    ]);
    expect(loadInputSeries([{ series: 'a', values: '1' }, { series: '', values: '' }, { series: 'c', values: '1' }], 60_000)).toHaveLength(1);
  });

  it('puts every sample at time 0 when the interval is unset (0), as promtool 2.42 does', () => {
    expect(loadInputSeries([{ series: 'a', values: '1 2 3' }], 0)[0]!.points.map((p) => p.t)).toEqual([0, 0, 0]);
  });

  it('names the line that failed', () => {
    const error = (() => {
      try {
        loadInputSeries([{ series: 'a', values: '1 x2' }], 60_000);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(InputSeriesError);
    expect(error).toMatchObject({ line: 'a 1 x2', message: '1:5: parse error: unexpected "x"' });
  });
});
