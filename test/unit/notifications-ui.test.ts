// The Notifications UI's pure parts: the channel form generated from the zod schemas (draft,
// settings, merge patches that keep or remove secrets), the policy YAML (parsing, Alertmanager's
// snake_case keys, issue paths mapped to lines), label pairs, and mute timings in words.
import { describe, expect, it } from 'vitest';
import { channelTypeForms } from '@/app/notifications/channels/channel-types';
import { buildConfig, buildPatch, ENABLED, initDraft, kindOf, type Draft, type KeyValueDraft } from '@/app/notifications/channels/schema-draft';
import { channelHealth, targetSummary } from '@/app/notifications/channel-text';
import { parseLabelPairs, silenceHref } from '@/app/notifications/label-pairs';
import { intervalFields, intervalSummary } from '@/app/notifications/mute-timings/interval-text';
import { configToYaml, lineOfIssue, lineOfPath, parseConfigYaml } from '@/app/notifications/policy/policy-yaml';
import { routeTreeView } from '@/app/notifications/policy/route-view';
import { applyMergePatch } from '@/lib/http/merge-patch';
import { CHANNEL_TYPES } from '@/lib/notify/channels';
import { notificationConfigSchema } from '@/lib/notify/policy-actions';
import { parseTimeInterval } from '@/lib/notify/routing';

const forms = Object.fromEntries(channelTypeForms().map((f) => [f.type, f]));
const webhook = forms.webhook!;
const email = forms.email!;

describe('channel form from the zod schema', () => {
  it('every channel type becomes a form of known field kinds', () => {
    for (const form of Object.values(forms)) {
      for (const [key, schema] of Object.entries(form.schema.properties ?? {})) {
        expect(kindOf(schema).kind, `${form.type}.${key}`).not.toBe('json');
      }
    }
    const props = webhook.schema.properties!;
    expect(kindOf(props.url!)).toEqual({ kind: 'string', multiline: false });
    expect(kindOf(props.auth!)).toMatchObject({ kind: 'union', discriminator: 'type' });
    expect(kindOf(props.headers!)).toEqual({ kind: 'record' });
    expect(kindOf(props.maxAlerts!)).toEqual({ kind: 'number', integer: true });
    expect(kindOf(email.schema.properties!.to!)).toEqual({ kind: 'list' });
    expect(kindOf(email.schema.properties!.security!)).toEqual({ kind: 'enum', options: ['starttls', 'tls', 'none'] });
    expect(kindOf(email.schema.properties!.title!)).toEqual({ kind: 'string', multiline: true });
  });

  it('a new webhook draft starts from the defaults and builds settings the zod schema accepts', () => {
    const draft = initDraft(webhook.schema, {});
    expect(draft).toMatchObject({ url: '', maxAlerts: '0', sendResolved: true, auth: { type: 'none' }, headers: [] });
    const filled: Draft = { ...draft, url: 'http://127.0.0.1:9/hook', headers: [{ key: 'X-Token', value: 'tok-123' }], auth: { ...(draft.auth as Draft), type: 'bearer', token: 'bearer-1' } };
    const { config } = buildConfig(webhook.schema, filled, { secretPaths: webhook.secretPaths, secretsSet: [], removed: [] });
    expect(config).toEqual({ url: 'http://127.0.0.1:9/hook', auth: { type: 'bearer', token: 'bearer-1' }, headers: { 'X-Token': 'tok-123' }, maxAlerts: 0, sendResolved: true });
    expect(CHANNEL_TYPES.webhook!.configSchema.safeParse(config).success).toBe(true);
  });

  it('email: lists from lines, an optional auth object behind its switch, empty optional fields left out', () => {
    const draft = initDraft(email.schema, {});
    expect((draft.auth as Draft)[ENABLED]).toBe(false);
    const filled: Draft = { ...draft, host: 'smtp.example.org', from: 'kw@example.org', to: 'a@example.org\n\n b@example.org ', port: '' };
    const { config } = buildConfig(email.schema, filled, { secretPaths: email.secretPaths, secretsSet: [], removed: [] });
    expect(config.to).toEqual(['a@example.org', 'b@example.org']);
    expect(config).not.toHaveProperty('auth');
    expect(config).not.toHaveProperty('port');
    expect(config).not.toHaveProperty('title');
    expect(CHANNEL_TYPES.email!.configSchema.safeParse(config).success).toBe(true);
  });

  it('a stored channel: secrets start empty, kept when left empty, removed on request or when no longer applicable', () => {
    const stored = { url: 'http://127.0.0.1:9/hook', auth: { type: 'basic', username: 'u' }, headers: {}, maxAlerts: 0, sendResolved: true };
    const secretsSet = ['auth.password', 'headers.X-Token', 'signingSecret'];
    const draft = initDraft(webhook.schema, stored, [], webhook.secretPaths, secretsSet);
    expect(draft.headers).toEqual([{ key: 'X-Token', value: '', stored: true }]);
    expect(draft.signingSecret).toBe('');
    expect((draft.auth as Draft).password).toBe('');

    // Unchanged form: nothing but the same visible values; every secret kept.
    const ctx = { secretPaths: webhook.secretPaths, secretsSet, removed: [] as string[] };
    const same = buildPatch(webhook.schema, draft, stored, ctx);
    const full = { ...stored, auth: { ...stored.auth, password: 'p' }, headers: { 'X-Token': 't' }, signingSecret: 's'.repeat(16) };
    expect(applyMergePatch(full, same)).toEqual(full);

    // Remove the signing secret and the header, switch auth to none, add a header.
    const changed: Draft = {
      ...draft,
      headers: [{ key: 'X-New', value: 'n' } satisfies KeyValueDraft],
      auth: { ...(draft.auth as Draft), type: 'none' },
    };
    const patch = buildPatch(webhook.schema, changed, stored, { ...ctx, removed: ['signingSecret'] });
    expect(patch).toMatchObject({ auth: { type: 'none', username: null, password: null }, headers: { 'X-New': 'n', 'X-Token': null }, signingSecret: null });
    expect(applyMergePatch(full, patch)).toEqual({ url: stored.url, auth: { type: 'none' }, headers: { 'X-New': 'n' }, maxAlerts: 0, sendResolved: true });

    // A typed secret replaces the stored one.
    const typed = buildPatch(webhook.schema, { ...draft, signingSecret: 'n'.repeat(16) }, stored, ctx);
    expect(typed.signingSecret).toBe('n'.repeat(16));
  });

  it('turning off an optional object removes it whole, secrets included', () => {
    const stored = { host: 'h', from: 'a@b.c', to: ['a@b.c'], auth: { username: 'u' }, security: 'none', requireTls: true, tls: { insecureSkipVerify: false }, sendResolved: true };
    const draft = initDraft(email.schema, stored, [], email.secretPaths, ['auth.password']);
    expect((draft.auth as Draft)[ENABLED]).toBe(true);
    const patch = buildPatch(email.schema, { ...draft, auth: { ...(draft.auth as Draft), [ENABLED]: false } }, stored, { secretPaths: email.secretPaths, secretsSet: ['auth.password'], removed: [] });
    expect(patch.auth).toBeNull();
  });

  it('channel summaries never show secrets and say how deliveries went', () => {
    expect(targetSummary({ type: 'webhook', config: { url: 'http://x/hook', auth: { type: 'none' } }, secretsSet: ['headers.X-Token', 'signingSecret'] })).toBe('POST http://x/hook · 1 header · signed');
    expect(targetSummary({ type: 'slack', config: { channel: '#ops' }, secretsSet: ['url'] })).toBe('Slack incoming webhook → #ops');
    expect(targetSummary({ type: 'email', config: { host: 'smtp', port: 25, to: ['a@b.c'] }, secretsSet: [] })).toBe('to a@b.c via smtp:25');
    const now = Date.parse('2026-01-01T12:00:00Z');
    expect(channelHealth({ lastSuccessAt: null, lastErrorAt: null, lastError: null }, now).word).toBe('never used');
    expect(channelHealth({ lastSuccessAt: '2026-01-01T11:57:00Z', lastErrorAt: null, lastError: null }, now)).toMatchObject({ state: 'healthy', detail: 'last success 3m ago' });
    expect(channelHealth({ lastSuccessAt: '2026-01-01T11:00:00Z', lastErrorAt: '2026-01-01T11:59:00Z', lastError: 'HTTP 500' }, now)).toMatchObject({ state: 'failing', detail: 'HTTP 500 (1m ago)' });
  });
});

describe('policy YAML', () => {
  const yaml = `policy:
  receiver: ops
  routes:
    - matchers: ['severity="critical"']
      receiver: pager
      group_wait: 10s
    - matchers: ['team=~"db"']
      receiver: nobody
time_intervals:
  - name: nights
    time_intervals:
      - times: ['22:00-24:00']
inhibitRules: []
`;

  it('reads Alertmanager-style keys as the API’s', () => {
    const parsed = parseConfigYaml(yaml);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value).toEqual({
      policy: { receiver: 'ops', routes: [{ matchers: ['severity="critical"'], receiver: 'pager', groupWait: '10s' }, { matchers: ['team=~"db"'], receiver: 'nobody' }] },
      timeIntervals: [{ name: 'nights', timeIntervals: [{ times: ['22:00-24:00'] }] }],
      inhibitRules: [],
    });
    expect(notificationConfigSchema.safeParse(parsed.value).success).toBe(true);
  });

  it('reports a syntax error with its line', () => {
    const parsed = parseConfigYaml('policy:\n  receiver: ops\n  routes: [\n');
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.issue.line).toBeGreaterThanOrEqual(3);
    expect(parsed.issue.message).not.toContain('\n');
  });

  it('maps API issue paths to YAML lines, through snake_case keys', () => {
    expect(lineOfPath(yaml, 'policy.routes.0.groupWait')).toBe(6);
    expect(lineOfPath(yaml, 'policy.routes.1.matchers.0')).toBe(7);
    expect(lineOfPath(yaml, 'timeIntervals.0.timeIntervals.0.times.0')).toBe(12);
    expect(lineOfIssue(yaml, { path: 'policy', message: 'receiver "nobody" is not a channel' })).toBe(8);
  });

  it('writes the stored configuration as YAML that reads back the same', () => {
    const config = { policy: { receiver: 'ops', groupBy: ['alertname'] }, timeIntervals: [], inhibitRules: [] };
    const parsed = parseConfigYaml(configToYaml(config));
    expect(parsed.ok && parsed.value).toEqual(config);
    expect(configToYaml({ policy: null, timeIntervals: [], inhibitRules: [] })).toContain('policy: null');
    // PostgreSQL's jsonb reorders keys; the YAML puts them back in reading order.
    const shuffled = { policy: { routes: [{ groupWait: '1s', receiver: 'b', matchers: ['a="1"'] }], groupBy: ['x'], receiver: 'a' }, timeIntervals: [{ timeIntervals: [{ location: 'UTC', weekdays: ['monday'] }], name: 'n' }], inhibitRules: [] };
    expect(configToYaml(shuffled)).toBe(
      'policy:\n  receiver: a\n  groupBy: [x]\n  routes:\n    - receiver: b\n      matchers: [a="1"]\n      groupWait: 1s\n' +
        'timeIntervals:\n  - name: n\n    timeIntervals:\n      - weekdays: [monday]\n        location: UTC\ninhibitRules: []\n',
    );
  });

  it('matchers with commas or quotes survive the trip through YAML', () => {
    const config = { policy: { receiver: 'a', routes: [{ matchers: ['team=~"db|web",env!="a, b"', 'x="y: z"'] }] }, timeIntervals: [], inhibitRules: [] };
    const parsed = parseConfigYaml(configToYaml(config));
    expect(parsed.ok && parsed.value).toEqual(config);
  });

  it('the route tree marks values as set, inherited or default', () => {
    const view = routeTreeView({ receiver: 'ops', groupWait: '10s', routes: [{ matchers: ['severity="critical"'], receiver: 'pager', repeatInterval: '1h' }] });
    expect('tree' in view).toBe(true);
    if (!('tree' in view)) return;
    expect(view.tree.groupWait).toEqual({ value: '10s', source: 'set' });
    expect(view.tree.groupInterval).toEqual({ value: '5m', source: 'default' });
    expect(view.tree.repeatInterval).toEqual({ value: '4h', source: 'default' });
    const child = view.tree.children[0]!;
    expect(child.id).toBe('root/0');
    expect(child.groupWait).toEqual({ value: '10s', source: 'inherited' });
    expect(child.repeatInterval).toEqual({ value: '1h', source: 'set' });
    expect(child.groupBy).toEqual({ value: 'alertname, cluster', source: 'default' });
  });
});

describe('labels, silences and mute timings', () => {
  it('parses label pairs as people type them', () => {
    expect(parseLabelPairs('alertname=HighCPU, cluster=prod-eu, severity=critical')).toEqual({ ok: true, labels: { alertname: 'HighCPU', cluster: 'prod-eu', severity: 'critical' } });
    expect(parseLabelPairs('{job="a,b", x=1}')).toEqual({ ok: true, labels: { job: 'a,b', x: '1' } });
    expect(parseLabelPairs('oops')).toMatchObject({ ok: false });
    expect(parseLabelPairs('9x=1')).toMatchObject({ ok: false });
  });

  it('a silence link carries the alert’s labels as matchers, alertname first', () => {
    const href = silenceHref({ cluster: 'prod-eu', alertname: 'HighCPU', pod: 'a"b' });
    const params = new URL(href, 'http://x').searchParams;
    expect(params.get('new')).toBe('1');
    expect(params.getAll('matcher')).toEqual(['alertname="HighCPU"', 'cluster="prod-eu"', 'pod="a\\"b"']);
  });

  it('says a time interval in words', () => {
    const interval = parseTimeInterval({ weekdays: ['monday:friday'], times: ['09:00-17:00'], days_of_month: ['1:7', '-1'], months: ['january:march'], location: 'Europe/Berlin' });
    expect(intervalSummary(interval)).toBe('Monday–Friday, day 1–7, the last day of the month, January–March, 09:00–17:00 (Europe/Berlin)');
    expect(intervalFields(parseTimeInterval({}))).toContainEqual({ label: 'Weekdays', value: 'every day of the week' });
    expect(intervalFields(parseTimeInterval({ days_of_month: ['-2'] }))).toContainEqual({ label: 'Days of month', value: 'the 2nd-last day' });
  });
});
