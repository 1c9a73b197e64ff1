import { describe, expect, it } from 'vitest';
import {
  LabelSelectorError,
  labelSelectorToSql,
  matchesLabelSelector,
  parseLabelSelector,
  type LabelRequirement,
} from '../../lib/clusters/label-selector';

const eq = (key: string, value: string): LabelRequirement => ({ key, operator: 'equals', values: [value] });
const ne = (key: string, value: string): LabelRequirement => ({ key, operator: 'notEquals', values: [value] });
const inSet = (key: string, ...values: string[]): LabelRequirement => ({ key, operator: 'in', values });
const notIn = (key: string, ...values: string[]): LabelRequirement => ({ key, operator: 'notIn', values });
const exists = (key: string): LabelRequirement => ({ key, operator: 'exists', values: [] });
const absent = (key: string): LabelRequirement => ({ key, operator: 'doesNotExist', values: [] });

function parseError(text: string): LabelSelectorError {
  try {
    parseLabelSelector(text);
  } catch (error) {
    if (error instanceof LabelSelectorError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(text)} to be rejected`);
}

describe('parseLabelSelector', () => {
  it.each<[string, LabelRequirement[]]>([
    ['', []],
    ['   ', []],
    ['env=prod', [eq('env', 'prod')]],
    ['env==prod', [eq('env', 'prod')]],
    ['env!=prod', [ne('env', 'prod')]],
    ['env=prod,region in (eu,us)', [eq('env', 'prod'), inSet('region', 'eu', 'us')]],
    ['region notin (eu,us)', [notIn('region', 'eu', 'us')]],
    ['!canary', [absent('canary')]],
    ['tier', [exists('tier')]],
    ['tier,!canary', [exists('tier'), absent('canary')]],
    ['app.kubernetes.io/name=web', [eq('app.kubernetes.io/name', 'web')]],
    ['example.com/team in (a-1,B_2,c.3)', [inSet('example.com/team', 'a-1', 'B_2', 'c.3')]],
    // Whitespace around every token is allowed.
    [' env = prod ', [eq('env', 'prod')]],
    ['env\t!=\tprod', [ne('env', 'prod')]],
    ['region in ( eu , us )', [inSet('region', 'eu', 'us')]],
    ['region in(eu,us)', [inSet('region', 'eu', 'us')]],
    ['env=prod , tier ,  ! canary', [eq('env', 'prod'), exists('tier'), absent('canary')]],
    ['env=prod,\nregion=eu', [eq('env', 'prod'), eq('region', 'eu')]],
    // "!=" binds as one operator even without spaces.
    ['Env!=x', [ne('Env', 'x')]],
    // Kubernetes reads a missing value after "=", "==" or "!=" as the empty value.
    ['env=', [eq('env', '')]],
    ['env==', [eq('env', '')]],
    ['env!=', [ne('env', '')]],
    ['env=,tier', [eq('env', ''), exists('tier')]],
    // Empty entries in a value list are the empty value; duplicates collapse.
    ['env in ()', [inSet('env', '')]],
    ['env in (a,)', [inSet('env', 'a', '')]],
    ['env in (,a)', [inSet('env', '', 'a')]],
    ['env in (,)', [inSet('env', '')]],
    ['env in (eu,eu)', [inSet('env', 'eu')]],
    // The example from the Kubernetes parser's documentation.
    ['x in (foo,,baz),y,z notin ()', [inSet('x', 'foo', '', 'baz'), exists('y'), notIn('z', '')]],
    // "in" and "notin" are keywords only in operator position.
    ['in in (in,notin)', [inSet('in', 'in', 'notin')]],
    ['notin', [exists('notin')]],
    ['env=in', [eq('env', 'in')]],
    [`${'k'.repeat(63)}=${'v'.repeat(63)}`, [eq('k'.repeat(63), 'v'.repeat(63))]],
  ])('parses %j', (text, expected) => expect(parseLabelSelector(text)).toEqual(expected));

  it.each<[string, number, RegExp]>([
    ['in (a)', 3, /expected an operator \(one of =, ==, !=, in, notin\) after key "in", found "\("/],
    ['env in a', 7, /expected "\(" after "in", found "a"/],
    ['env notin a', 10, /expected "\(" after "notin", found "a"/],
    ['env in', 6, /expected "\(" after "in", found end of selector/],
    ['env in (a', 9, /expected "," or "\)" in the value list of "in", found end of selector/],
    ['env in (a b)', 10, /expected "," or "\)" in the value list of "in", found "b"/],
    ['env in (a,,)', 11, /found "\)"/],
    ['env in (=)', 8, /expected a value, "," or "\)" in the value list of "in", found "="/],
    ['=prod', 0, /expected a label key or "!", found "="/],
    ['env~prod', 0, /label key "env~prod" must consist of .*"~" is not a label selector operator/],
    ['env=prod,', 9, /expected a requirement after ",", found end of selector/],
    ['env=prod,,tier', 9, /expected a requirement after ",", found ","/],
    [',env=prod', 0, /expected a label key or "!", found ","/],
    ['env=prod)', 8, /expected "," or end of selector, found "\)"/],
    ['env=pr od', 7, /expected "," or end of selector, found "od"/],
    ['env=(prod)', 4, /expected a value after "=", found "\("/],
    ['env===prod', 5, /expected a value after "==", found "="/],
    ['!', 1, /expected a label key after "!", found end of selector/],
    ['!=prod', 0, /expected a label key or "!", found "!="/],
    ['!!env', 1, /expected a label key after "!", found "!"/],
    ['!env=prod', 4, /expected "," or end of selector, found "="/],
    ['env>1', 3, /operator ">" is not supported/],
    ['env<1', 3, /operator "<" is not supported/],
    ['(env)', 0, /expected a label key or "!", found "\("/],
    ['env=-prod', 4, /label value "-prod" must be empty or consist of/],
    ['env in (eu,-us)', 11, /label value "-us"/],
    [`env=${'v'.repeat(64)}`, 4, /must be at most 63 characters/],
    ['Example.com/x=y', 0, /prefix "Example.com" must be a DNS subdomain/],
    [`${'k'.repeat(64)}`, 0, /must be at most 63 characters/],
    ['env=prod,a/b/c', 9, /single '\/'/],
  ])('rejects %j at offset %i', (text, position, message) => {
    const error = parseError(text);
    expect(error.position).toBe(position);
    expect(error.message).toMatch(message);
    expect(error.message.startsWith(`invalid label selector at character ${position + 1}: `)).toBe(true);
  });

  it('throws a LabelSelectorError that is an Error', () => {
    const error = parseError('env in a');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('LabelSelectorError');
    expect(error.message).toBe('invalid label selector at character 8: expected "(" after "in", found "a"');
  });
});

describe('matchesLabelSelector', () => {
  const prodEu = { env: 'prod', region: 'eu', tier: 'web' };
  const staging = { env: 'staging', canary: 'true' };
  const blankEnv = { env: '' };
  const none = {};

  it.each<[string, Record<string, string>, boolean]>([
    ['', none, true],
    ['', prodEu, true],
    ['env=prod', prodEu, true],
    ['env=prod', staging, false],
    ['env=prod', none, false],
    ['env=prod,region=eu', prodEu, true],
    ['env=prod,region=us', prodEu, false],
    ['env!=prod', prodEu, false],
    ['env!=prod', staging, true],
    // Kubernetes: "!=" and "notin" also select objects that do not have the key at all.
    ['env!=prod', none, true],
    ['tier notin (web,db)', staging, true],
    ['tier notin (web,db)', prodEu, false],
    ['tier notin (db)', prodEu, true],
    ['env in (prod,staging)', staging, true],
    ['env in (prod,staging)', none, false],
    ['tier in (db)', prodEu, false],
    ['canary', staging, true],
    ['canary', prodEu, false],
    ['!canary', prodEu, true],
    ['!canary', staging, false],
    // The empty value is a value: "env=" needs the key with an empty value.
    ['env=', blankEnv, true],
    ['env=', none, false],
    ['env=', prodEu, false],
    ['env in ()', blankEnv, true],
    ['env!=', blankEnv, false],
    ['env!=', none, true],
    ['env', blankEnv, true],
    ['!env', blankEnv, false],
    ['env=prod,!canary,tier in (web)', prodEu, true],
  ])('%j on %j is %s', (selector, labels, expected) =>
    expect(matchesLabelSelector(parseLabelSelector(selector), labels)).toBe(expected),
  );

  it('ignores inherited properties such as "constructor"', () => {
    expect(matchesLabelSelector([exists('constructor')], {})).toBe(false);
    expect(matchesLabelSelector([ne('toString', 'x')], {})).toBe(true);
  });
});

describe('labelSelectorToSql', () => {
  it('is TRUE without requirements', () => {
    expect(labelSelectorToSql([], 'labels', 1)).toEqual({ sql: 'TRUE', params: [] });
  });

  it.each<[LabelRequirement, string, string[]]>([
    [exists('tier'), '(labels ? $1)', ['tier']],
    [absent('canary'), '(NOT (labels ? $1))', ['canary']],
    [eq('env', 'prod'), '(labels ? $1 AND labels->>$1 = $2)', ['env', 'prod']],
    [ne('env', 'prod'), '(NOT (labels ? $1) OR labels->>$1 <> $2)', ['env', 'prod']],
    [inSet('region', 'eu', 'us'), '(labels ? $1 AND labels->>$1 IN ($2, $3))', ['region', 'eu', 'us']],
    [notIn('region', 'eu'), '(NOT (labels ? $1) OR labels->>$1 NOT IN ($2))', ['region', 'eu']],
  ])('translates %j', (requirement, sql, params) => {
    expect(labelSelectorToSql([requirement], 'labels', 1)).toEqual({ sql, params });
  });

  it('joins requirements with AND and numbers parameters from firstParam', () => {
    expect(labelSelectorToSql(parseLabelSelector('env=prod,!canary,region in (eu,us)'), 'c_labels', 4)).toEqual({
      sql:
        '(c_labels ? $4 AND c_labels->>$4 = $5) AND (NOT (c_labels ? $6)) AND (c_labels ? $7 AND c_labels->>$7 IN ($8, $9))',
      params: ['env', 'prod', 'canary', 'region', 'eu', 'us'],
    });
  });

  it('accepts a quoted identifier', () => {
    expect(labelSelectorToSql([exists('a')], '"Labels"', 2)).toEqual({ sql: '("Labels" ? $2)', params: ['a'] });
  });

  it('never puts keys or values into the SQL text', () => {
    const nasty = "x'); DROP TABLE clusters; --";
    const { sql, params } = labelSelectorToSql([eq(nasty, nasty), inSet(nasty, nasty)], 'labels', 1);
    expect(sql).not.toContain('DROP');
    expect(params).toEqual([nasty, nasty, nasty, nasty]);
  });

  it.each(['Labels', 'c.labels', 'labels; DROP TABLE x', '"lab"els"', '1abc', '', 'labels ', '"a b"'])(
    'rejects the column name %j',
    (column) => expect(() => labelSelectorToSql([], column, 1)).toThrow(/invalid SQL column name/),
  );

  it.each([0, -1, 1.5, Number.NaN])('rejects firstParam %s', (first) =>
    expect(() => labelSelectorToSql([], 'labels', first)).toThrow(/firstParam must be a positive integer/),
  );

  it('rejects hand-built requirements without values', () => {
    expect(() => labelSelectorToSql([{ key: 'a', operator: 'in', values: [] }], 'labels', 1)).toThrow(/has no values/);
    expect(() => labelSelectorToSql([{ key: 'a', operator: 'equals', values: [] }], 'labels', 1)).toThrow(/has no value/);
  });
});
