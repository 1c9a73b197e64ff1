import { describe, expect, it } from 'vitest';
import {
  compilePolicy,
  effectiveRepeatInterval,
  groupLabelsFor,
  matchRoutes,
  notificationPolicySchema,
  policyReferences,
  walkRoutes,
  type NotificationPolicy,
} from '../../lib/notify/routing/policy';
import { explainRouting } from '../../lib/notify/routing/explain-routing';
import {
  isSilenced,
  silenceSchema,
  silenceState,
  silencesFor,
  validateNewSilence,
  type Silence,
} from '../../lib/notify/routing/silences';
import { inhibitingSource, inhibitRuleSchema, isInhibited, type InhibitRule } from '../../lib/notify/routing/inhibition';
import { parseMatcherText } from '../../lib/notify/routing/matcher-list';

const MIN = 60_000;
const HOUR = 3_600_000;

// Alertmanager's dispatch/route_test.go TestRouteMatchers tree, in our JSON form. The root gets
// groupBy: [] because Alertmanager's default group_by is empty (ours is [alertname, cluster]).
const amTestTree: NotificationPolicy = {
  receiver: 'notify-def',
  groupBy: [],
  routes: [
    {
      matchers: ['{owner="team-A"}', '{level!="critical"}'],
      receiver: 'notify-A',
      routes: [
        { matchers: ['{env="testing"}', '{baz!~".*quux"}'], receiver: 'notify-testing', groupBy: ['...'] },
        { matchers: ['{env="production"}'], receiver: 'notify-productionA', groupWait: '1m', continue: true },
        {
          matchers: ['env=~"produ.*"', 'job=~".*"'],
          receiver: 'notify-productionB',
          groupWait: '30s',
          groupInterval: '5m',
          repeatInterval: '1h',
          groupBy: ['job'],
        },
      ],
    },
    { matchers: ['owner=~"team-(B|C)"'], groupBy: ['foo', 'bar'], groupWait: '2m', receiver: 'notify-BC' },
    {
      matchers: ['group_by="role"'],
      groupBy: ['role'],
      routes: [{ matchers: ['{env="testing"}'], receiver: 'notify-testing', routes: [{ matchers: ['wait="long"'], groupWait: '2m' }] }],
    },
  ],
};

const amDefaults = { groupWaitMs: 30_000, groupIntervalMs: 5 * MIN, repeatIntervalMs: 4 * HOUR };

describe('policy tree: Alertmanager TestRouteMatchers', () => {
  const cases: { labels: Record<string, string>; expected: { receiver: string; groupBy: string[]; groupByAll: boolean; groupWaitMs: number; groupIntervalMs: number; repeatIntervalMs: number }[]; keys: string[] }[] = [
    {
      labels: { owner: 'team-A' },
      expected: [{ receiver: 'notify-A', groupBy: [], groupByAll: false, ...amDefaults }],
      keys: ['{}/{level!="critical",owner="team-A"}'],
    },
    {
      labels: { owner: 'team-A', env: 'unset' },
      expected: [{ receiver: 'notify-A', groupBy: [], groupByAll: false, ...amDefaults }],
      keys: ['{}/{level!="critical",owner="team-A"}'],
    },
    {
      labels: { owner: 'team-C' },
      expected: [{ receiver: 'notify-BC', groupBy: ['foo', 'bar'], groupByAll: false, ...amDefaults, groupWaitMs: 2 * MIN }],
      keys: ['{}/{owner=~"team-(B|C)"}'],
    },
    {
      labels: { owner: 'team-A', env: 'testing' },
      expected: [{ receiver: 'notify-testing', groupBy: [], groupByAll: true, ...amDefaults }],
      keys: ['{}/{level!="critical",owner="team-A"}/{baz!~".*quux",env="testing"}'],
    },
    {
      labels: { owner: 'team-A', env: 'production' },
      expected: [
        { receiver: 'notify-productionA', groupBy: [], groupByAll: false, ...amDefaults, groupWaitMs: MIN },
        { receiver: 'notify-productionB', groupBy: ['job'], groupByAll: false, groupWaitMs: 30_000, groupIntervalMs: 5 * MIN, repeatIntervalMs: HOUR },
      ],
      keys: ['{}/{level!="critical",owner="team-A"}/{env="production"}', '{}/{level!="critical",owner="team-A"}/{env=~"produ.*",job=~".*"}'],
    },
    {
      labels: { group_by: 'role' },
      expected: [{ receiver: 'notify-def', groupBy: ['role'], groupByAll: false, ...amDefaults }],
      keys: ['{}/{group_by="role"}'],
    },
    {
      labels: { env: 'testing', group_by: 'role' },
      expected: [{ receiver: 'notify-testing', groupBy: ['role'], groupByAll: false, ...amDefaults }],
      keys: ['{}/{group_by="role"}/{env="testing"}'],
    },
    {
      labels: { env: 'testing', group_by: 'role', wait: 'long' },
      expected: [{ receiver: 'notify-testing', groupBy: ['role'], groupByAll: false, ...amDefaults, groupWaitMs: 2 * MIN }],
      keys: ['{}/{group_by="role"}/{env="testing"}/{wait="long"}'],
    },
  ];

  it.each(cases)('routes $labels', ({ labels, expected, keys }) => {
    const matches = matchRoutes(amTestTree, labels);
    expect(matches.map((m) => m.key)).toEqual(keys);
    expect(matches.map((m) => m.settings)).toEqual(expected.map((e) => expect.objectContaining(e)));
  });

  it('walks the tree depth first like Route.Walk', () => {
    expect(walkRoutes(amTestTree).map((r) => r.settings.receiver)).toEqual([
      'notify-def',
      'notify-A',
      'notify-testing',
      'notify-productionA',
      'notify-productionB',
      'notify-BC',
      'notify-def',
      'notify-testing',
      'notify-testing',
    ]);
  });

  it('gives routes stable position ids, or their own id', () => {
    expect(walkRoutes(amTestTree).map((r) => r.id)).toEqual([
      'root',
      'root/0',
      'root/0/0',
      'root/0/1',
      'root/0/2',
      'root/1',
      'root/2',
      'root/2/0',
      'root/2/0/0',
    ]);
    const named = compilePolicy({ receiver: 'a', routes: [{ id: 'db', matchers: ['x="1"'], routes: [{ matchers: ['y="1"'] }] }] });
    expect(named.children[0]!.id).toBe('db');
    expect(named.children[0]!.children[0]!.id).toBe('db/0');
  });
});

describe('policy tree: Alertmanager configuration docs example', () => {
  const docsExample: NotificationPolicy = {
    receiver: 'default-receiver',
    groupWait: '30s',
    groupInterval: '5m',
    repeatInterval: '4h',
    groupBy: ['cluster', 'alertname'],
    routes: [
      { receiver: 'database-pager', groupWait: '10s', matchers: ['service=~"mysql|cassandra"'] },
      { receiver: 'frontend-pager', groupBy: ['product', 'environment'], matchers: ['team="frontend"'] },
      { receiver: 'dev-pager', matchers: ['service="inhouse-service"'], muteTimeIntervals: ['offhours', 'holidays'], continue: true },
      { receiver: 'on-call-pager', matchers: ['service="inhouse-service"'], activeTimeIntervals: ['offhours', 'holidays'] },
    ],
  };

  it('sends mysql/cassandra alerts to the database pager, grouped by the inherited cluster and alertname', () => {
    const [m, ...rest] = matchRoutes(docsExample, { service: 'cassandra', cluster: 'eu', alertname: 'Down' });
    expect(rest).toEqual([]);
    expect(m!.settings).toMatchObject({ receiver: 'database-pager', groupWaitMs: 10_000, groupBy: ['cluster', 'alertname'], groupIntervalMs: 5 * MIN });
  });

  it('groups frontend alerts by product and environment', () => {
    const [m] = matchRoutes(docsExample, { team: 'frontend', product: 'shop', environment: 'prod', cluster: 'x' });
    expect(m!.settings).toMatchObject({ receiver: 'frontend-pager', groupBy: ['product', 'environment'], groupWaitMs: 30_000 });
    expect(groupLabelsFor(m!.settings, { team: 'frontend', product: 'shop', environment: 'prod', cluster: 'x' })).toEqual({
      product: 'shop',
      environment: 'prod',
    });
  });

  it('keeps alerts matching no child at the root', () => {
    expect(matchRoutes(docsExample, { alertname: 'X' }).map((m) => m.settings.receiver)).toEqual(['default-receiver']);
  });

  it('continues past dev-pager to on-call-pager; time intervals are per route, not inherited', () => {
    const matches = matchRoutes(docsExample, { service: 'inhouse-service' });
    expect(matches.map((m) => m.settings.receiver)).toEqual(['dev-pager', 'on-call-pager']);
    expect(matches[0]!.settings).toMatchObject({ muteTimeIntervals: ['offhours', 'holidays'], activeTimeIntervals: [] });
    expect(matches[1]!.settings).toMatchObject({ muteTimeIntervals: [], activeTimeIntervals: ['offhours', 'holidays'] });
  });

  it('stops at the first matching sibling without continue', () => {
    expect(matchRoutes(docsExample, { service: 'mysql', team: 'frontend' }).map((m) => m.settings.receiver)).toEqual(['database-pager']);
  });

  it('lists referenced receivers and time intervals', () => {
    expect(policyReferences(docsExample)).toEqual({
      receivers: ['database-pager', 'default-receiver', 'dev-pager', 'frontend-pager', 'on-call-pager'],
      timeIntervals: ['holidays', 'offhours'],
    });
  });
});

describe('policy tree: defaults, inheritance and validation', () => {
  it('uses the product defaults at the root', () => {
    const [m] = matchRoutes({ receiver: 'ops' }, { alertname: 'A', cluster: 'c', pod: 'p' });
    expect(m).toMatchObject({
      id: 'root',
      key: '{}',
      settings: {
        receiver: 'ops',
        groupBy: ['alertname', 'cluster'],
        groupByAll: false,
        groupWaitMs: 30_000,
        groupIntervalMs: 5 * MIN,
        repeatIntervalMs: 4 * HOUR,
        escalation: null,
      },
    });
  });

  it('rounds repeat_interval up to a multiple of group_interval, per route', () => {
    expect(effectiveRepeatInterval(HOUR, 7 * MIN)).toBe(63 * MIN);
    expect(effectiveRepeatInterval(4 * HOUR, 5 * MIN)).toBe(4 * HOUR);
    const policy: NotificationPolicy = { receiver: 'a', repeatInterval: '1h', routes: [{ matchers: ['x="1"'], groupInterval: '7m' }] };
    expect(matchRoutes(policy, { x: '1' })[0]!.settings.repeatIntervalMs).toBe(63 * MIN);
    expect(matchRoutes(policy, { x: '2' })[0]!.settings.repeatIntervalMs).toBe(HOUR);
  });

  it('inherits receiver, groupBy ("..." too), timers and escalation; a child can drop escalation', () => {
    const policy: NotificationPolicy = {
      receiver: 'ops',
      groupBy: ['...'],
      groupWait: '10s',
      escalation: { after: '15m', receiver: 'pager' },
      routes: [
        { matchers: ['team="db"'], routes: [{ matchers: ['env="dev"'], escalation: null }] },
        { matchers: ['team="web"'], groupBy: ['foo'] },
      ],
    };
    expect(matchRoutes(policy, { team: 'db' })[0]!.settings).toMatchObject({
      receiver: 'ops',
      groupByAll: true,
      groupWaitMs: 10_000,
      escalation: { afterMs: 15 * MIN, receiver: 'pager' },
    });
    expect(matchRoutes(policy, { team: 'db', env: 'dev' })[0]!.settings.escalation).toBeNull();
    expect(matchRoutes(policy, { team: 'web' })[0]!.settings).toMatchObject({ groupByAll: false, groupBy: ['foo'] });
    expect(groupLabelsFor(matchRoutes(policy, { team: 'db', a: '1' })[0]!.settings, { team: 'db', a: '1' })).toEqual({ team: 'db', a: '1' });
  });

  it('leaves a missing group_by label out of the group labels', () => {
    expect(groupLabelsFor({ groupBy: ['alertname', 'cluster'], groupByAll: false }, { alertname: 'A', pod: 'p' })).toEqual({ alertname: 'A' });
  });

  it('treats a missing label as the empty string and anchors regexes', () => {
    const policy: NotificationPolicy = {
      receiver: 'root',
      routes: [
        { matchers: ['env=""'], receiver: 'no-env' },
        { matchers: ['cluster=~"prod"'], receiver: 'prod-exact' },
      ],
    };
    expect(matchRoutes(policy, { cluster: 'prod-eu' }).map((m) => m.settings.receiver)).toEqual(['no-env']);
    expect(matchRoutes(policy, { env: 'x', cluster: 'prod-eu' }).map((m) => m.settings.receiver)).toEqual(['root']);
    expect(matchRoutes(policy, { env: 'x', cluster: 'prod' }).map((m) => m.settings.receiver)).toEqual(['prod-exact']);
  });

  it('accepts Alertmanager matcher spellings: braces, several per entry, unquoted values', () => {
    expect(parseMatcherText('severity = critical')).toEqual([{ name: 'severity', type: '=', value: 'critical' }]);
    expect(parseMatcherText('{a="b", c=~"x|y"}')).toHaveLength(2);
    expect(parseMatcherText('cluster=~"prod-.*"')).toEqual([{ name: 'cluster', type: '=~', value: 'prod-.*' }]);
  });

  const invalid: [string, unknown, RegExp][] = [
    ['no root receiver', { routes: [] }, /root route must specify a default receiver/],
    ['root matchers', { receiver: 'a', matchers: ['a="b"'] }, /root route must not have any matchers/],
    ['root continue', { receiver: 'a', continue: true }, /cannot have continue in root route/],
    ['root mute intervals', { receiver: 'a', muteTimeIntervals: ['x'] }, /root route must not have any mute time intervals/],
    ['root active intervals', { receiver: 'a', activeTimeIntervals: ['x'] }, /root route must not have any active time intervals/],
    ['wildcard plus labels', { receiver: 'a', groupBy: ['alertname', '...'] }, /cannot have wildcard group_by/],
    ['duplicate group_by', { receiver: 'a', groupBy: ['alertname', 'cluster', 'cluster'] }, /duplicated label "cluster" in group_by/],
    ['invalid group_by label', { receiver: 'a', groupBy: ['-invalid-'] }, /invalid label name "-invalid-" in group_by list/],
    ['zero group_interval', { receiver: 'a', groupInterval: '0s' }, /group_interval cannot be zero/],
    ['zero repeat_interval', { receiver: 'a', routes: [{ repeatInterval: '0' }] }, /repeat_interval cannot be zero/],
    ['bad duration', { receiver: 'a', groupWait: '1.5m' }, /not a valid duration/],
    ['bad matcher', { receiver: 'a', routes: [{ matchers: ['a=~"("'] }] }, /invalid matcher/],
    ['unknown field', { receiver: 'a', group_by: ['x'] }, /Unrecognized key/],
    ['duplicate ids', { receiver: 'a', routes: [{ id: 'x' }, { id: 'x' }] }, /route id "x" is used twice/],
    ['zero escalation', { receiver: 'a', escalation: { after: '0s', receiver: 'b' } }, /escalation.after cannot be zero/],
  ];

  it.each(invalid)('rejects %s', (_name, input, message) => {
    const result = notificationPolicySchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.message).join('\n')).toMatch(message);
  });

  it('reports the path of a nested problem', () => {
    const result = notificationPolicySchema.safeParse({ receiver: 'a', routes: [{}, { routes: [{ groupBy: ['a', 'a'] }] }] });
    expect(result.error!.issues[0]!.path).toEqual(['routes', 1, 'routes', 0, 'groupBy']);
  });

  it('allows group_wait 0', () => {
    expect(notificationPolicySchema.safeParse({ receiver: 'a', groupWait: '0s' }).success).toBe(true);
  });
});

describe('explainRouting', () => {
  const policy: NotificationPolicy = {
    receiver: 'default',
    routes: [
      { id: 'prod', matchers: ['cluster=~"prod-.*"', 'severity="critical"'], receiver: 'pager' },
      { id: 'db', matchers: ['team="db"'], receiver: 'db-team', continue: true },
      { id: 'db-2', matchers: ['team="db"'], receiver: 'db-audit' },
      { id: 'never', matchers: ['team="db"'], receiver: 'unreached' },
    ],
  };

  it('shows the path, failed matchers with the actual values, and skipped siblings', () => {
    const result = explainRouting(policy, { cluster: 'dev-1', team: 'db' });
    expect(result.matches.map((m) => m.settings.receiver)).toEqual(['db-team', 'db-audit']);
    expect(result.paths).toEqual([
      ['root', 'db'],
      ['root', 'db-2'],
    ]);
    const [prod, db, db2, never] = result.tree.children;
    expect(result.tree).toMatchObject({ status: 'matched', selected: false });
    expect(prod).toMatchObject({
      status: 'not-matched',
      failedMatchers: [
        { matcher: 'cluster=~"prod-.*"', label: 'cluster', value: 'dev-1' },
        { matcher: 'severity="critical"', label: 'severity', value: null },
      ],
    });
    expect(prod!.reason).toContain('cluster=~"prod-.*" fails (the alert has cluster="dev-1") and 1 more');
    expect(db).toMatchObject({ status: 'matched', selected: true, continue: true });
    expect(db2).toMatchObject({ status: 'matched', selected: true });
    expect(never).toMatchObject({ status: 'not-evaluated', selected: false });
    expect(never!.reason).toBe('not tried: sibling db-2 matched and does not continue');
  });

  it('explains an alert that stays at the root', () => {
    const result = explainRouting(policy, { alertname: 'X' });
    expect(result.matches.map((m) => m.id)).toEqual(['root']);
    expect(result.tree).toMatchObject({ status: 'matched', selected: true });
    expect(result.tree.reason).toContain('no child route matched, so it notifies default');
    expect(result.tree.children[0]!.reason).toContain('the alert has no "cluster" label');
  });

  it('agrees with matchRoutes on the Alertmanager test tree', () => {
    const inputs: Record<string, string>[] = [{ owner: 'team-A', env: 'production' }, { env: 'testing', group_by: 'role', wait: 'long' }, { owner: 'team-C' }];
    for (const labels of inputs) {
      expect(explainRouting(amTestTree, labels).matches).toEqual(matchRoutes(amTestTree, labels));
    }
  });
});

describe('silences', () => {
  const base: Silence = {
    id: 's1',
    matchers: ['alertname="DiskFull"', 'cluster=~"prod-.*"'],
    startsAt: '2024-05-01T10:00:00Z',
    endsAt: '2024-05-01T12:00:00Z',
    createdBy: 'alice',
    comment: 'maintenance',
  };

  it('is pending before startsAt, active from startsAt through endsAt inclusive, then expired (getState)', () => {
    expect(silenceState(base, new Date('2024-05-01T09:59:59.999Z'))).toBe('pending');
    expect(silenceState(base, new Date('2024-05-01T10:00:00Z'))).toBe('active');
    expect(silenceState(base, new Date('2024-05-01T12:00:00Z'))).toBe('active');
    expect(silenceState(base, new Date('2024-05-01T12:00:00.001Z'))).toBe('expired');
  });

  it('mutes alerts that all matchers match while active', () => {
    const at = new Date('2024-05-01T11:00:00Z');
    expect(isSilenced([base], { alertname: 'DiskFull', cluster: 'prod-eu', pod: 'x' }, at)).toBe(true);
    expect(isSilenced([base], { alertname: 'DiskFull', cluster: 'dev' }, at)).toBe(false);
    expect(isSilenced([base], { alertname: 'DiskFull', cluster: 'prod-eu' }, new Date('2024-05-01T13:00:00Z'))).toBe(false);
  });

  it('lists the silences muting an alert, for the UI', () => {
    const other: Silence = { ...base, id: 's2', matchers: ['cluster="prod-eu"'] };
    const later: Silence = { ...base, id: 's3', matchers: ['cluster="prod-eu"'], startsAt: '2024-05-02T00:00:00Z', endsAt: '2024-05-03T00:00:00Z' };
    const found = silencesFor([base, other, later], { alertname: 'DiskFull', cluster: 'prod-eu' }, new Date('2024-05-01T11:00:00Z'));
    expect(found.map((s) => s.id)).toEqual(['s1', 's2']);
  });

  it('accepts a valid silence and negative matchers next to a non-empty one', () => {
    expect(silenceSchema.safeParse(base).success).toBe(true);
    expect(silenceSchema.safeParse({ ...base, matchers: ['a!="b"', 'c="d"'] }).success).toBe(true);
    // Alertmanager counts only = and =~ as "matching the empty string": a lone != is accepted.
    expect(silenceSchema.safeParse({ ...base, matchers: ['env!="prod"'] }).success).toBe(true);
  });

  const rejected: [string, Partial<Silence>, string][] = [
    ['no matchers', { matchers: [] }, 'at least one matcher required'],
    ['all matchers match ""', { matchers: ['a=""', 'b=~".*"'] }, 'at least one matcher must not match the empty string'],
    ['regex matching ""', { matchers: ['a=~"x|"'] }, 'at least one matcher must not match the empty string'],
    ['invalid matcher', { matchers: ['a="b"', '0a="b"'] }, 'invalid label matcher 1:'],
    ['end before start', { endsAt: '2024-05-01T09:00:00Z' }, 'start time must be before end time'],
    ['empty silence', { endsAt: '2024-05-01T10:00:00Z' }, 'start time must be before end time'],
    ['no author', { createdBy: ' ' }, 'createdBy is required'],
    ['no comment', { comment: '' }, 'comment is required'],
    ['bad time', { startsAt: 'yesterday' }, 'startsAt must be an RFC 3339 timestamp'],
    ['no id', { id: '' }, 'ID missing'],
  ];

  it.each(rejected)('rejects %s', (_name, change, message) => {
    const result = silenceSchema.safeParse({ ...base, ...change });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.message).join('\n')).toContain(message);
  });

  it("refuses to create a silence that already ended (API rule)", () => {
    expect(validateNewSilence(base, new Date('2024-05-01T11:00:00Z'))).toMatchObject({ ok: true });
    expect(validateNewSilence(base, new Date('2024-05-01T12:00:01Z'))).toEqual({
      ok: false,
      errors: [{ path: 'endsAt', message: "end time can't be in the past" }],
    });
  });
});

describe('inhibition (Alertmanager inhibit_test.go)', () => {
  it('TestInhibitRuleMatches: two rules, two-sided matches do not inhibit', () => {
    const rules: InhibitRule[] = [
      { sourceMatchers: ['s1="1"'], targetMatchers: ['t1="1"'], equal: ['e'] },
      { sourceMatchers: ['s2="1"'], targetMatchers: ['t2="1"'], equal: ['e'] },
    ];
    const firing: Record<string, string>[] = [
      { s1: '1', t1: '2', e: '1' },
      { s2: '1', t2: '1', e: '1' },
    ];
    const cases: [Record<string, string>, boolean][] = [
      [{ t1: '1', e: '1' }, true],
      [{ t2: '1', e: '1' }, true],
      [{ t1: '1', t3: '1', e: '1' }, true],
      [{ t1: '1', t2: '1', e: '1' }, true],
      [{ t1: '0', e: '1' }, false],
      [{ s1: '1', t1: '1', e: '1' }, true],
      [{ s2: '1', t2: '1', e: '1' }, false],
      [{ t1: '1', e: '0' }, false],
    ];
    for (const [target, expected] of cases) expect(isInhibited(rules, firing, target), JSON.stringify(target)).toBe(expected);
  });

  it('TestInhibitRuleMatchers: negative target matcher', () => {
    const rules: InhibitRule[] = [
      { sourceMatchers: ['s1="1"'], targetMatchers: ['t1!="1"'], equal: ['e'] },
      { sourceMatchers: ['s2="1"'], targetMatchers: ['t2="1"'], equal: ['e'] },
    ];
    const firing: Record<string, string>[] = [
      { s1: '1', t1: '2', e: '1' },
      { s2: '1', t2: '1', e: '1' },
    ];
    const cases: [Record<string, string>, boolean][] = [
      [{ t1: '1', e: '1' }, false],
      [{ t2: '1', e: '1' }, true],
      [{ t1: '1', t3: '1', e: '1' }, false],
      [{ t1: '1', t2: '1', e: '1' }, true],
      [{ t1: '0', e: '1' }, true],
      [{ s1: '1', t1: '1', e: '1' }, false],
      [{ s2: '1', t2: '1', e: '1' }, true],
      [{ t1: '1', e: '0' }, false],
    ];
    for (const [target, expected] of cases) expect(isInhibited(rules, firing, target), JSON.stringify(target)).toBe(expected);
  });

  it('TestInhibit: only a firing source inhibits', () => {
    const rules: InhibitRule[] = [{ sourceMatchers: ['s="1"'], targetMatchers: ['t="1"'], equal: ['e'] }];
    const target = { t: '1', e: 'f' };
    const source = { s: '1', e: 'f' };
    expect(isInhibited(rules, [{ labels: target, status: 'firing' }], target)).toBe(false);
    expect(isInhibited(rules, [{ labels: target, status: 'firing' }, { labels: source, status: 'firing' }], target)).toBe(true);
    expect(isInhibited(rules, [{ labels: source, status: 'firing' }], source)).toBe(false);
    expect(isInhibited(rules, [{ labels: target, status: 'firing' }, { labels: source, status: 'resolved' }], target)).toBe(false);
  });

  it('never inhibits an alert by itself', () => {
    const rules: InhibitRule[] = [{ sourceMatchers: ['severity="critical"'], targetMatchers: ['severity=~"critical|warning"'], equal: ['cluster'] }];
    const critical = { alertname: 'Down', severity: 'critical', cluster: 'a' };
    expect(isInhibited(rules, [critical], critical)).toBe(false);
    expect(isInhibited(rules, [critical], { alertname: 'Slow', severity: 'warning', cluster: 'a' })).toBe(true);
  });

  it('treats equal labels missing on both sides as equal, missing on one side as different', () => {
    const rules: InhibitRule[] = [{ sourceMatchers: ['alertname="ClusterDown"'], targetMatchers: ['severity="warning"'], equal: ['cluster', 'region'] }];
    expect(isInhibited(rules, [{ alertname: 'ClusterDown', cluster: 'a' }], { severity: 'warning', cluster: 'a' })).toBe(true);
    expect(isInhibited(rules, [{ alertname: 'ClusterDown', cluster: 'a', region: 'eu' }], { severity: 'warning', cluster: 'a' })).toBe(false);
    expect(inhibitingSource(rules, [{ alertname: 'ClusterDown', cluster: 'a' }], { severity: 'warning', cluster: 'a' })).toEqual({
      ruleIndex: 0,
      source: { alertname: 'ClusterDown', cluster: 'a' },
    });
  });

  it('validates rules', () => {
    expect(inhibitRuleSchema.safeParse({ sourceMatchers: ['a="b"'], targetMatchers: ['c=~"("'], equal: [] }).success).toBe(false);
    expect(inhibitRuleSchema.parse({ sourceMatchers: ['a="b"'], targetMatchers: ['c="d"'] })).toEqual({
      sourceMatchers: ['a="b"'],
      targetMatchers: ['c="d"'],
      equal: [],
    });
  });
});
