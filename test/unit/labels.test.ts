import { describe, expect, it } from 'vitest';
import { dnsLabelSchema, labelKeySchema, labelsSchema, labelValueSchema } from '../../lib/clusters/labels';

const messages = (result: { success: boolean; error?: { issues: { message: string }[] } }) =>
  result.error?.issues.map((i) => i.message) ?? [];

// A DNS subdomain of exactly 253 characters: 63 + 1 + 63 + 1 + 63 + 1 + 61.
const PREFIX_253 = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`;
const PREFIX_254 = `${PREFIX_253}d`;

describe('labelKeySchema (Kubernetes IsQualifiedName)', () => {
  it.each([
    'a',
    'Z',
    '7',
    'env',
    'Env',
    'my_key',
    'my-key.v2',
    'a.b',
    'a-b_c.d',
    'a.b/c',
    'app.kubernetes.io/name',
    'example.com/MyName',
    'k8s.io/123-abc',
    'a/b',
    '0/0',
    'a'.repeat(63),
    `example.com/${'x'.repeat(63)}`,
    `${PREFIX_253}/name`,
    // The subdomain rule limits only the total length, not each dot-separated part.
    `${'a'.repeat(100)}/x`,
  ])('accepts %j', (key) => expect(labelKeySchema.safeParse(key).success).toBe(true));

  it.each([
    ['', /label key must not be empty/],
    ['a'.repeat(64), /must be at most 63 characters \(it has 64\)/],
    ['Env!', /^label key "Env!" must consist of letters, digits, '-', '_' and '\.', starting and ending with a letter or digit \(Kubernetes label rules\)$/],
    ['-env', /must consist of/],
    ['env-', /must consist of/],
    ['_env', /must consist of/],
    ['env_', /must consist of/],
    ['.env', /must consist of/],
    ['env.', /must consist of/],
    ['my key', /must consist of/],
    ['clé', /must consist of/],
    ['a/b/c', /single '\/'/],
    ['/name', /empty prefix/],
    ['example.com/', /empty name/],
    ['Example.com/name', /prefix "Example.com" must be a DNS subdomain/],
    ['EXAMPLE/name', /must be a DNS subdomain/],
    ['a..b/c', /must be a DNS subdomain/],
    ['-a.com/x', /must be a DNS subdomain/],
    ['a-.com/x', /must be a DNS subdomain/],
    ['a_b.com/x', /must be a DNS subdomain/],
    ['.a.com/x', /must be a DNS subdomain/],
    [`${PREFIX_254}/name`, /prefix must be at most 253 characters \(it has 254\)/],
    [`example.com/${'x'.repeat(64)}`, /name "x+" must be at most 63 characters/],
    ['example.com/-x', /name "-x" must consist of/],
  ])('rejects %j', (key, message) => {
    const result = labelKeySchema.safeParse(key);
    expect(result.success).toBe(false);
    expect(messages(result).join('\n')).toMatch(message);
    for (const m of messages(result)) expect(m).toMatch(/\(Kubernetes label rules\)$/);
  });

  it('reports prefix and name problems together', () => {
    expect(messages(labelKeySchema.safeParse('Bad/-x'))).toHaveLength(2);
  });

  it('shortens very long keys in messages', () => {
    const [message] = messages(labelKeySchema.safeParse('a'.repeat(500)));
    expect(message).toContain(`"${'a'.repeat(77)}..."`);
    expect(message).toContain('(it has 500)');
  });

  it('rejects non-strings', () => {
    expect(messages(labelKeySchema.safeParse(42))).toEqual(['label key must be a string']);
  });
});

describe('labelValueSchema (Kubernetes IsValidLabelValue)', () => {
  it.each(['', 'a', '1', 'prod', 'Prod', 'v1.2.3', 'A_b-c.d', 'eu-west-1', 'x'.repeat(63), '0.0.0'])('accepts %j', (value) =>
    expect(labelValueSchema.safeParse(value).success).toBe(true),
  );

  it.each([
    ['x'.repeat(64), /must be at most 63 characters \(it has 64\)/],
    ['-prod', /must be empty or consist of/],
    ['prod-', /must be empty or consist of/],
    ['.', /must be empty or consist of/],
    ['_', /must be empty or consist of/],
    ['pr od', /must be empty or consist of/],
    ['prod!', /^label value "prod!" must be empty or consist of .* \(Kubernetes label rules\)$/],
    ['a/b', /must be empty or consist of/],
    [' prod', /must be empty or consist of/],
  ])('rejects %j', (value, message) => {
    const result = labelValueSchema.safeParse(value);
    expect(result.success).toBe(false);
    expect(messages(result).join('\n')).toMatch(message);
  });

  it('rejects non-strings', () => {
    expect(labelValueSchema.safeParse(null).success).toBe(false);
  });
});

describe('labelsSchema', () => {
  it('accepts a label set and returns it unchanged', () => {
    const labels = { env: 'prod', 'app.kubernetes.io/name': 'web', canary: '' };
    expect(labelsSchema.parse(labels)).toEqual(labels);
    expect(labelsSchema.parse({})).toEqual({});
  });

  it('reports an invalid key at the path of that key, with the precise message', () => {
    const result = labelsSchema.safeParse({ env: 'prod', 'Env!': 'x' });
    expect(result.success).toBe(false);
    const issues = result.error?.issues ?? [];
    expect(issues).toHaveLength(1);
    expect(issues[0]?.path.at(-1)).toBe('Env!');
    expect(issues[0]?.message).toMatch(/^label key "Env!" must consist of .* \(Kubernetes label rules\)$/);
  });

  it('joins several problems with one key into one message', () => {
    const issues = labelsSchema.safeParse({ 'Bad/-x': 'v' }).error?.issues ?? [];
    expect(issues).toHaveLength(1);
    expect(issues[0]?.path).toEqual(['Bad/-x']);
    expect(issues[0]?.message).toMatch(/DNS subdomain.*; .*name "-x"/);
  });

  it('reports an invalid value at the path of its key', () => {
    const issues = labelsSchema.safeParse({ env: 'prod!', tier: 'web' }).error?.issues ?? [];
    expect(issues.map((i) => [i.path, i.message.slice(0, 19)])).toEqual([[['env'], 'label value "prod!"']]);
  });

  it('reports every bad entry', () => {
    const issues = labelsSchema.safeParse({ 'a/b/c': 'x', ok: '-', good: 'fine' }).error?.issues ?? [];
    expect(issues.map((i) => i.path)).toEqual([['a/b/c'], ['ok']]);
  });

  it('allows 64 labels and rejects 65', () => {
    const many = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, 'v']));
    expect(labelsSchema.safeParse(many(64)).success).toBe(true);
    expect(messages(labelsSchema.safeParse(many(65)))).toEqual(['at most 64 labels are allowed (got 65)']);
  });

  it.each([null, 'env=prod', ['env'], 3])('rejects %j as not an object', (input) => {
    expect(messages(labelsSchema.safeParse(input))).toEqual(['labels must be an object mapping label keys to string values']);
  });

  it('rejects non-string values', () => {
    const issues = labelsSchema.safeParse({ replicas: 3 }).error?.issues ?? [];
    expect(issues.map((i) => [i.path, i.message])).toEqual([[['replicas'], 'label value must be a string']]);
  });
});

describe('dnsLabelSchema (cluster names)', () => {
  it.each(['a', '0', 'prod', 'prod-eu', 'prod-eu-1', '1a', 'a1', 'a--b', 'a'.repeat(63)])('accepts %j', (name) =>
    expect(dnsLabelSchema.safeParse(name).success).toBe(true),
  );

  it.each(['', 'a'.repeat(64), 'Prod', 'prod-', '-prod', 'prod_eu', 'prod.eu', 'prod eu', 'é', 'prod\n'])('rejects %j', (name) => {
    expect(messages(dnsLabelSchema.safeParse(name))).toEqual([
      "must be a DNS label: lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters",
    ]);
  });
});
