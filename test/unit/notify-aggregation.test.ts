import { describe, expect, it } from 'vitest';
import {
  applyAlertEvent,
  dueFlushes,
  emptyAggregationState,
  flushDue,
  nextWakeUp,
  routeAlertEvent,
  type AggregationOptions,
  type AggregationState,
  type AlertEvent,
  type Flush,
  type FlushContext,
} from '../../lib/notify/routing/aggregation';
import { matchRoutes, type NotificationPolicy } from '../../lib/notify/routing/policy';
import { parseTimeInterval } from '../../lib/notify/routing/time-intervals';
import { flushId } from '../../lib/notify/routing/flush-builder';
import { toNotification } from '../../lib/notify/routing/notification';

const S = 1000;
const MIN = 60 * S;
const HOUR = 60 * MIN;
const T0 = Date.parse('2024-01-15T10:00:00Z'); // a Monday
const iso = (ms: number) => new Date(ms).toISOString();

type Labels = Record<string, string>;

function fingerprintOf(labels: Labels): string {
  // Any stable id works here; the engine computes the real one.
  const text = Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k]}`)
    .join(',');
  let h = 0n;
  for (const ch of text) h = (h * 131n + BigInt(ch.codePointAt(0)!)) % 2n ** 64n;
  return h.toString(16).padStart(16, '0');
}

/** A fake clock and a perfect worker: it wakes exactly at nextWakeUp() and collects the flushes. */
class Simulation {
  state: AggregationState = emptyAggregationState();
  now = T0;
  sent: Flush[] = [];
  private events = new Map<string, AlertEvent>();

  constructor(
    readonly policy: NotificationPolicy,
    readonly ctx: FlushContext = {},
    readonly options: AggregationOptions = {},
  ) {}

  private emit(event: AlertEvent) {
    this.events.set(event.fingerprint, event);
    this.state = routeAlertEvent(this.state, this.policy, event, new Date(this.now), this.options);
  }

  fire(labels: Labels, opts: { activeAt?: number; startsAt?: number } = {}): AlertEvent {
    const fingerprint = fingerprintOf(labels);
    const previous = this.events.get(fingerprint);
    const event: AlertEvent = {
      status: 'firing',
      labels,
      annotations: { summary: `${labels.alertname} on ${labels.instance ?? '?'}` },
      startsAt: previous?.status === 'firing' ? previous.startsAt : iso(opts.startsAt ?? this.now),
      endsAt: null,
      generatorURL: 'http://kubewatch.test/rules/1',
      fingerprint,
      activeAt: iso(opts.activeAt ?? opts.startsAt ?? this.now),
    };
    this.emit(event);
    return event;
  }

  resolve(labels: Labels) {
    const previous = this.events.get(fingerprintOf(labels))!;
    this.emit({ ...previous, status: 'resolved', endsAt: iso(this.now) });
  }

  ack(labels: Labels, by = 'alice') {
    const previous = this.events.get(fingerprintOf(labels))!;
    this.emit({ ...previous, acknowledgement: { by, at: iso(this.now) } });
  }

  /** Runs every wake-up up to and including `until`, then sets the clock to it. */
  runUntil(until: number) {
    for (let i = 0; i < 100_000; i++) {
      const wake = nextWakeUp(this.state);
      if (!wake || wake.getTime() > until) break;
      this.now = Math.max(this.now, wake.getTime());
      const result = flushDue(this.state, new Date(this.now), this.ctx);
      this.state = result.state;
      this.sent.push(...result.flushes);
    }
    this.now = until;
  }

  advance(ms: number) {
    this.runUntil(this.now + ms);
  }

  /** The flushes sent since the last call. */
  take(): Flush[] {
    const out = this.sent;
    this.sent = [];
    return out;
  }
}

const summary = (flushes: Flush[]) =>
  flushes.map((f) => ({
    at: f.dueAt,
    receiver: f.receiver,
    reason: f.reason,
    alerts: f.alerts.map((a) => `${a.labels.instance ?? a.labels.alertname}:${a.status}`),
  }));

const basic: NotificationPolicy = { receiver: 'team', groupBy: ['alertname'] };
const cpu = (instance: string): Labels => ({ alertname: 'HighCPU', instance });

describe('aggregation: group_wait', () => {
  it('waits group_wait (30s) before the first notification', () => {
    const sim = new Simulation(basic);
    sim.fire(cpu('a'));
    sim.runUntil(T0 + 30 * S - 1);
    expect(sim.take()).toEqual([]);
    sim.runUntil(T0 + 30 * S);
    const [flush, ...rest] = sim.take();
    expect(rest).toEqual([]);
    expect(flush).toMatchObject({
      receiver: 'team',
      kind: 'notification',
      reason: 'first-notification',
      sequence: 1,
      status: 'firing',
      groupKey: 'root:{alertname="HighCPU"}',
      routeId: 'root',
      groupLabels: { alertname: 'HighCPU' },
      dueAt: iso(T0 + 30 * S),
    });
    expect(flush!.alerts).toHaveLength(1);
    expect(flush!.alerts[0]).not.toHaveProperty('activeAt');
  });

  it('batches alerts that arrive during the wait into the first notification, in Alertmanager order', () => {
    const sim = new Simulation(basic);
    sim.fire(cpu('b'));
    sim.advance(10 * S);
    sim.fire(cpu('a'));
    sim.advance(20 * S);
    expect(summary(sim.take())).toEqual([
      { at: iso(T0 + 30 * S), receiver: 'team', reason: 'first-notification', alerts: ['a:firing', 'b:firing'] },
    ]);
  });

  it('keeps separate groups per group_by values', () => {
    const sim = new Simulation(basic);
    sim.fire(cpu('a'));
    sim.fire({ alertname: 'DiskFull', instance: 'a' });
    sim.advance(30 * S);
    expect(sim.take().map((f) => f.groupKey)).toEqual(['root:{alertname="DiskFull"}', 'root:{alertname="HighCPU"}']);
  });

  describe('groupWaitFromActiveAt (default true): group_wait counts from when the alert became pending', () => {
    it('flushes at once an alert that was pending for its whole `for` (3m) already', () => {
      const sim = new Simulation(basic);
      sim.fire(cpu('a'), { activeAt: T0 - 3 * MIN });
      sim.runUntil(T0);
      expect(summary(sim.take())).toEqual([{ at: iso(T0), receiver: 'team', reason: 'first-notification', alerts: ['a:firing'] }]);
    });

    it('waits the rest of group_wait when `for` was shorter: first flush at activeAt + group_wait', () => {
      const sim = new Simulation(basic);
      sim.fire(cpu('a'), { activeAt: T0 - 10 * S });
      sim.runUntil(T0 + 20 * S - 1);
      expect(sim.take()).toEqual([]);
      sim.runUntil(T0 + 20 * S);
      expect(sim.take().map((f) => f.dueAt)).toEqual([iso(T0 + 20 * S)]);
    });

    it('brings a waiting group forward when a long-pending alert joins it', () => {
      const sim = new Simulation(basic);
      sim.fire(cpu('a'));
      sim.advance(5 * S);
      sim.fire(cpu('b'), { activeAt: T0 - 5 * MIN });
      sim.runUntil(T0 + 5 * S);
      expect(summary(sim.take())).toEqual([
        { at: iso(T0 + 5 * S), receiver: 'team', reason: 'first-notification', alerts: ['a:firing', 'b:firing'] },
      ]);
    });
  });

  describe('groupWaitFromActiveAt: false (Alertmanager)', () => {
    const options = { groupWaitFromActiveAt: false };

    it('counts group_wait from group creation when startsAt is the firing time', () => {
      const sim = new Simulation(basic, {}, options);
      sim.fire(cpu('a'), { activeAt: T0 - 3 * MIN, startsAt: T0 });
      sim.runUntil(T0 + 30 * S - 1);
      expect(sim.take()).toEqual([]);
      sim.runUntil(T0 + 30 * S);
      expect(sim.take().map((f) => f.dueAt)).toEqual([iso(T0 + 30 * S)]);
    });

    it('flushes at once when startsAt + group_wait is already before now (aggrGroup.insert)', () => {
      const sim = new Simulation(basic, {}, options);
      sim.fire(cpu('a'), { startsAt: T0 - HOUR });
      sim.runUntil(T0);
      expect(sim.take().map((f) => f.dueAt)).toEqual([iso(T0)]);
    });

    it('does not when startsAt + group_wait equals now (strictly before)', () => {
      const sim = new Simulation(basic, {}, options);
      sim.fire(cpu('a'), { startsAt: T0 - 30 * S });
      sim.runUntil(T0 + 30 * S - 1);
      expect(sim.take()).toEqual([]);
      sim.runUntil(T0 + 30 * S);
      expect(sim.take()).toHaveLength(1);
    });
  });
});

describe('aggregation: group_interval and repeat_interval', () => {
  it('sends a new alert at the next group_interval tick after the first flush', () => {
    const sim = new Simulation(basic);
    sim.fire(cpu('a'));
    sim.advance(MIN);
    expect(sim.take()).toHaveLength(1);
    sim.fire(cpu('b'));
    sim.runUntil(T0 + 5 * MIN + 30 * S - 1);
    expect(sim.take()).toEqual([]);
    sim.runUntil(T0 + 5 * MIN + 30 * S);
    const [flush] = sim.take();
    expect(summary([flush!])).toEqual([{ at: iso(T0 + 5 * MIN + 30 * S), receiver: 'team', reason: 'new-alerts', alerts: ['a:firing', 'b:firing'] }]);
    expect(flush!.sequence).toBe(2);
  });

  it('repeats an unchanged group every repeat_interval (4h), on the tick grid', () => {
    const sim = new Simulation(basic);
    sim.fire(cpu('a'));
    sim.runUntil(T0 + 30 * S + 4 * HOUR - 1);
    expect(sim.take().map((f) => f.reason)).toEqual(['first-notification']);
    sim.runUntil(T0 + 30 * S + 8 * HOUR);
    expect(summary(sim.take())).toEqual([
      { at: iso(T0 + 30 * S + 4 * HOUR), receiver: 'team', reason: 'repeat', alerts: ['a:firing'] },
      { at: iso(T0 + 30 * S + 8 * HOUR), receiver: 'team', reason: 'repeat', alerts: ['a:firing'] },
    ]);
  });

  it('repeats after repeat_interval rounded up to whole group_intervals (1h with 7m -> 63m)', () => {
    const sim = new Simulation({ receiver: 'team', groupBy: ['alertname'], groupInterval: '7m', repeatInterval: '1h' });
    sim.fire(cpu('a'));
    sim.runUntil(T0 + 30 * S + 63 * MIN);
    expect(sim.take().map((f) => [f.reason, f.dueAt])).toEqual([
      ['first-notification', iso(T0 + 30 * S)],
      ['repeat', iso(T0 + 30 * S + 63 * MIN)],
    ]);
  });

  it('keeps the tick grid and repeat times when the worker only polls every 7 seconds', () => {
    const sim = new Simulation(basic);
    sim.fire(cpu('a'));
    const processedAt: number[] = [];
    let firedB = false;
    for (let t = T0; t <= T0 + 4 * HOUR + 6 * MIN; t += 7 * S) {
      sim.now = t;
      if (!firedB && t >= T0 + 3 * MIN) {
        sim.fire(cpu('b'));
        firedB = true;
      }
      const result = flushDue(sim.state, new Date(t), {});
      sim.state = result.state;
      sim.sent.push(...result.flushes);
      if (result.flushes.length > 0) processedAt.push(t);
    }
    expect(sim.take().map((f) => [f.reason, f.dueAt])).toEqual([
      ['first-notification', iso(T0 + 30 * S)],
      ['new-alerts', iso(T0 + 5 * MIN + 30 * S)],
      ['repeat', iso(T0 + 5 * MIN + 30 * S + 4 * HOUR)],
    ]);
    // Processed late (35s, 5m36s, ...), but due on the grid.
    expect(processedAt.slice(0, 2)).toEqual([T0 + 35 * S, T0 + 5 * MIN + 36 * S]);
  });
});

describe('aggregation: resolution', () => {
  it('never notifies an alert resolved within group_wait, and drops its group', () => {
    const sim = new Simulation(basic);
    sim.fire(cpu('a'));
    sim.advance(10 * S);
    sim.resolve(cpu('a'));
    sim.advance(HOUR);
    expect(sim.take()).toEqual([]);
    expect(sim.state.groups).toEqual({});
    expect(nextWakeUp(sim.state)).toBeNull();
  });

  it('leaves an alert resolved within group_wait out of the first notification of its group', () => {
    const sim = new Simulation(basic);
    sim.fire(cpu('a'));
    sim.fire(cpu('b'));
    sim.advance(10 * S);
    sim.resolve(cpu('b'));
    sim.advance(20 * S);
    expect(summary(sim.take())).toEqual([{ at: iso(T0 + 30 * S), receiver: 'team', reason: 'first-notification', alerts: ['a:firing'] }]);
  });

  it('ignores a resolved alert for a group that does not exist', () => {
    const state = emptyAggregationState();
    const [route] = matchRoutes(basic, cpu('a'));
    const event: AlertEvent = { status: 'resolved', labels: cpu('a'), annotations: {}, startsAt: iso(T0), endsAt: iso(T0), generatorURL: '', fingerprint: 'f' };
    expect(applyAlertEvent(state, event, route!, new Date(T0))).toBe(state);
  });

  it('sends the resolution at the next tick, then removes the group', () => {
    const sim = new Simulation(basic);
    sim.fire(cpu('a'));
    sim.advance(2 * MIN);
    sim.resolve(cpu('a'));
    sim.advance(10 * MIN);
    const flushes = sim.take();
    expect(summary(flushes)).toEqual([
      { at: iso(T0 + 30 * S), receiver: 'team', reason: 'first-notification', alerts: ['a:firing'] },
      { at: iso(T0 + 5 * MIN + 30 * S), receiver: 'team', reason: 'all-resolved', alerts: ['a:resolved'] },
    ]);
    expect(flushes[1]).toMatchObject({ status: 'resolved', sequence: 2 });
    expect(flushes[1]!.alerts[0]!.endsAt).toBe(iso(T0 + 2 * MIN));
    expect(sim.state.groups).toEqual({});
  });

  it('sends no resolution to a receiver without sendResolved, and still removes the group', () => {
    const sim = new Simulation(basic, { receivers: { team: { sendResolved: false } } });
    sim.fire(cpu('a'));
    sim.advance(2 * MIN);
    sim.resolve(cpu('a'));
    sim.advance(10 * MIN);
    expect(sim.take().map((f) => f.reason)).toEqual(['first-notification']);
    expect(sim.state.groups).toEqual({});
  });

  it('reports a partial resolution with the still-firing alerts when sendResolved, not otherwise', () => {
    const withResolved = new Simulation(basic);
    const without = new Simulation(basic, { receivers: { team: { sendResolved: false } } });
    for (const sim of [withResolved, without]) {
      sim.fire(cpu('a'));
      sim.fire(cpu('b'));
      sim.advance(2 * MIN);
      sim.resolve(cpu('b'));
      sim.advance(10 * MIN);
    }
    expect(summary(withResolved.take())).toEqual([
      { at: iso(T0 + 30 * S), receiver: 'team', reason: 'first-notification', alerts: ['a:firing', 'b:firing'] },
      { at: iso(T0 + 5 * MIN + 30 * S), receiver: 'team', reason: 'new-resolved', alerts: ['a:firing', 'b:resolved'] },
    ]);
    expect(summary(without.take())).toEqual([
      { at: iso(T0 + 30 * S), receiver: 'team', reason: 'first-notification', alerts: ['a:firing', 'b:firing'] },
    ]);
    // The next repeat carries only the firing alert.
    without.runUntil(T0 + 30 * S + 4 * HOUR);
    expect(summary(without.take())).toEqual([{ at: iso(T0 + 30 * S + 4 * HOUR), receiver: 'team', reason: 'repeat', alerts: ['a:firing'] }]);
  });

  it('notifies each matched route (continue) with its own receiver settings', () => {
    const policy: NotificationPolicy = {
      receiver: 'team',
      groupBy: ['alertname'],
      routes: [
        { matchers: ['severity="critical"'], receiver: 'pager', continue: true },
        { matchers: ['severity=~".+"'], receiver: 'chat' },
      ],
    };
    const sim = new Simulation(policy, { receivers: { pager: { sendResolved: false }, chat: { sendResolved: true } } });
    const labels = { alertname: 'NodeDown', instance: 'n1', severity: 'critical' };
    sim.fire(labels);
    sim.advance(MIN);
    sim.resolve(labels);
    sim.advance(10 * MIN);
    expect(summary(sim.take())).toEqual([
      { at: iso(T0 + 30 * S), receiver: 'pager', reason: 'first-notification', alerts: ['n1:firing'] },
      { at: iso(T0 + 30 * S), receiver: 'chat', reason: 'first-notification', alerts: ['n1:firing'] },
      { at: iso(T0 + 5 * MIN + 30 * S), receiver: 'chat', reason: 'all-resolved', alerts: ['n1:resolved'] },
    ]);
  });
});

describe('aggregation: silences and inhibition', () => {
  it('does not send a silenced alert; once the silence ends it goes out at the next tick', () => {
    const silence = { id: 's', matchers: ['instance="a"'], startsAt: iso(T0), endsAt: iso(T0 + HOUR) };
    const sim = new Simulation(basic, { silences: [silence] });
    sim.fire(cpu('a'));
    sim.runUntil(T0 + HOUR + 30 * S - 1);
    expect(sim.take()).toEqual([]);
    sim.runUntil(T0 + HOUR + 30 * S);
    expect(summary(sim.take())).toEqual([{ at: iso(T0 + HOUR + 30 * S), receiver: 'team', reason: 'first-notification', alerts: ['a:firing'] }]);
  });

  it('sends the unsilenced alerts of a group without the silenced ones', () => {
    const silence = { id: 's', matchers: ['instance="b"'], startsAt: iso(T0), endsAt: iso(T0 + HOUR) };
    const sim = new Simulation(basic, { silences: [silence] });
    sim.fire(cpu('a'));
    sim.fire(cpu('b'));
    sim.advance(30 * S);
    expect(summary(sim.take())[0]!.alerts).toEqual(['a:firing']);
  });

  it('does not treat a silence over notified alerts as a resolution, nor its end as news (Alertmanager)', () => {
    const silence = { id: 's', matchers: ['alertname="HighCPU"'], startsAt: iso(T0 + 10 * MIN), endsAt: iso(T0 + 20 * MIN) };
    const sim = new Simulation(basic, { silences: [silence] });
    sim.fire(cpu('a'));
    sim.runUntil(T0 + 30 * S + 4 * HOUR);
    expect(sim.take().map((f) => [f.reason, f.dueAt])).toEqual([
      ['first-notification', iso(T0 + 30 * S)],
      ['repeat', iso(T0 + 30 * S + 4 * HOUR)],
    ]);
  });

  it('does not send an inhibited alert while its source fires; sends it once the source resolved', () => {
    const ctx: FlushContext = {
      inhibitRules: [{ sourceMatchers: ['alertname="ClusterDown"'], targetMatchers: ['severity="warning"'], equal: ['cluster'] }],
    };
    const sim = new Simulation(basic, ctx);
    const source = { alertname: 'ClusterDown', cluster: 'c1' };
    const target = { alertname: 'PodCrashLooping', cluster: 'c1', severity: 'warning', instance: 'p' };
    const otherCluster = { alertname: 'PodCrashLooping', cluster: 'c2', severity: 'warning', instance: 'q' };
    sim.fire(source);
    sim.fire(target);
    sim.fire(otherCluster);
    sim.advance(2 * MIN);
    expect(summary(sim.take())).toEqual([
      { at: iso(T0 + 30 * S), receiver: 'team', reason: 'first-notification', alerts: ['ClusterDown:firing'] },
      { at: iso(T0 + 30 * S), receiver: 'team', reason: 'first-notification', alerts: ['q:firing'] },
    ]);
    sim.resolve(source);
    sim.advance(5 * MIN);
    expect(summary(sim.take())).toEqual([
      { at: iso(T0 + 5 * MIN + 30 * S), receiver: 'team', reason: 'all-resolved', alerts: ['ClusterDown:resolved'] },
      { at: iso(T0 + 5 * MIN + 30 * S), receiver: 'team', reason: 'new-alerts', alerts: ['p:firing', 'q:firing'] },
    ]);
  });
});

describe('aggregation: mute and active time intervals', () => {
  const night = parseTimeInterval({ times: ['18:00-24:00', '00:00-08:00'] });
  const maintenance = parseTimeInterval({ times: ['10:00-11:00'], weekdays: ['monday'] });
  const office = parseTimeInterval({ weekdays: ['monday:friday'], times: ['09:00-17:00'] });
  const ctx: FlushContext = { timeIntervals: { night: [night], maintenance, office: [office] } };
  const muted = (names: string[]): NotificationPolicy => ({
    receiver: 'team',
    groupBy: ['alertname'],
    routes: [{ matchers: ['team="db"'], receiver: 'db', muteTimeIntervals: names }],
  });
  const db = (instance: string): Labels => ({ alertname: 'SlowQueries', team: 'db', instance });

  it('holds back an alert that fires in a mute window and sends it exactly when the window ends', () => {
    const sim = new Simulation(muted(['maintenance']), ctx);
    sim.advance(5 * MIN);
    sim.fire(db('a'));
    sim.runUntil(T0 + HOUR - 1);
    expect(sim.take()).toEqual([]);
    sim.runUntil(T0 + HOUR);
    expect(summary(sim.take())).toEqual([{ at: iso(T0 + HOUR), receiver: 'db', reason: 'first-notification', alerts: ['a:firing'] }]);
    // Nothing changes after that until the repeat.
    sim.runUntil(T0 + 4 * HOUR);
    expect(sim.take()).toEqual([]);
  });

  it('sends nothing at the end of a window that held nothing back', () => {
    const sim = new Simulation(muted(['maintenance']), ctx);
    sim.now = T0 - 10 * MIN;
    sim.fire(db('a'));
    sim.runUntil(T0 + 2 * HOUR);
    expect(sim.take().map((f) => [f.reason, f.dueAt])).toEqual([['first-notification', iso(T0 - 9 * MIN - 30 * S)]]);
  });

  it('re-notifies still-firing alerts at the end of the window when a repeat fell inside it (not 4h later)', () => {
    const sim = new Simulation(muted(['night']), ctx);
    sim.now = Date.parse('2024-01-15T09:00:00Z');
    sim.fire(db('a'));
    sim.runUntil(Date.parse('2024-01-16T08:00:00Z'));
    expect(sim.take().map((f) => [f.reason, f.dueAt])).toEqual([
      ['first-notification', '2024-01-15T09:00:30.000Z'],
      ['repeat', '2024-01-15T13:00:30.000Z'],
      ['repeat', '2024-01-15T17:00:30.000Z'],
      ['mute-ended', '2024-01-16T08:00:00.000Z'],
    ]);
  });

  it('sends alerts that started during the window, and resolutions that happened in it, at its end', () => {
    const sim = new Simulation(muted(['night']), ctx);
    sim.now = Date.parse('2024-01-15T17:00:00Z');
    sim.fire(db('a'));
    sim.runUntil(Date.parse('2024-01-15T20:00:00Z'));
    expect(sim.take().map((f) => f.reason)).toEqual(['first-notification']);
    sim.resolve(db('a'));
    sim.fire(db('b'));
    sim.runUntil(Date.parse('2024-01-16T08:00:00Z'));
    expect(summary(sim.take())).toEqual([
      { at: '2024-01-16T08:00:00.000Z', receiver: 'db', reason: 'new-alerts', alerts: ['a:resolved', 'b:firing'] },
    ]);
  });

  it('waits for an active time interval to start and sends the held-back notification then', () => {
    const policy: NotificationPolicy = {
      receiver: 'team',
      groupBy: ['alertname'],
      routes: [{ matchers: ['team="db"'], receiver: 'db-office', activeTimeIntervals: ['office'] }],
    };
    const sim = new Simulation(policy, ctx);
    sim.now = Date.parse('2024-01-20T10:00:00Z'); // Saturday
    sim.fire(db('a'));
    sim.runUntil(Date.parse('2024-01-22T09:00:00Z') - 1);
    expect(sim.take()).toEqual([]);
    sim.runUntil(Date.parse('2024-01-22T09:00:00Z'));
    expect(summary(sim.take())).toEqual([{ at: '2024-01-22T09:00:00.000Z', receiver: 'db-office', reason: 'first-notification', alerts: ['a:firing'] }]);
  });

  it('mutes a route, not the alert: a sibling reached through continue still notifies', () => {
    const policy: NotificationPolicy = {
      receiver: 'team',
      groupBy: ['alertname'],
      routes: [
        { matchers: ['team="db"'], receiver: 'db', muteTimeIntervals: ['maintenance'], continue: true },
        { matchers: ['team="db"'], receiver: 'db-audit' },
      ],
    };
    const sim = new Simulation(policy, ctx);
    sim.fire(db('a'));
    sim.advance(30 * S);
    expect(sim.take().map((f) => f.receiver)).toEqual(['db-audit']);
  });
});

describe('aggregation: acknowledgement', () => {
  it('stops repeats for acknowledged alerts but still notifies changes and resolutions', () => {
    const sim = new Simulation(basic);
    sim.fire(cpu('a'));
    sim.advance(HOUR);
    sim.ack(cpu('a'));
    sim.runUntil(T0 + 5 * HOUR);
    expect(sim.take().map((f) => f.reason)).toEqual(['first-notification']);
    sim.fire(cpu('b'));
    sim.runUntil(T0 + 9 * HOUR + 30 * S);
    const flushes = sim.take();
    expect(summary(flushes)).toEqual([
      { at: iso(T0 + 5 * HOUR + 30 * S), receiver: 'team', reason: 'new-alerts', alerts: ['a:firing', 'b:firing'] },
      // b is not acknowledged, so the group repeats, carrying a's acknowledgement.
      { at: iso(T0 + 9 * HOUR + 30 * S), receiver: 'team', reason: 'repeat', alerts: ['a:firing', 'b:firing'] },
    ]);
    expect(flushes[0]!.alerts[0]!.acknowledgement).toEqual({ by: 'alice', at: iso(T0 + HOUR) });
    sim.ack(cpu('b'));
    sim.advance(MIN);
    sim.resolve(cpu('a'));
    sim.runUntil(T0 + 14 * HOUR);
    expect(summary(sim.take())).toEqual([
      { at: iso(T0 + 9 * HOUR + 5 * MIN + 30 * S), receiver: 'team', reason: 'new-resolved', alerts: ['a:resolved', 'b:firing'] },
    ]);
  });
});

describe('aggregation: escalation', () => {
  const policy: NotificationPolicy = { receiver: 'chat', groupBy: ['alertname'], escalation: { after: '15m', receiver: 'pager' } };

  it('escalates once when the firing alerts are not acknowledged within `after` of the first notification', () => {
    const sim = new Simulation(policy);
    sim.fire(cpu('a'));
    sim.runUntil(T0 + 30 * S + 15 * MIN - 1);
    expect(sim.take().map((f) => f.receiver)).toEqual(['chat']);
    sim.runUntil(T0 + 30 * S + 15 * MIN);
    const [escalation] = sim.take();
    expect(escalation).toMatchObject({ receiver: 'pager', kind: 'escalation', reason: 'escalation', sequence: 1, dueAt: iso(T0 + 30 * S + 15 * MIN) });
    sim.runUntil(T0 + 3 * HOUR);
    expect(sim.take()).toEqual([]);
    sim.resolve(cpu('a'));
    sim.advance(10 * MIN);
    expect(summary(sim.take())).toEqual([
      { at: iso(T0 + 3 * HOUR + 30 * S), receiver: 'chat', reason: 'all-resolved', alerts: ['a:resolved'] },
      { at: iso(T0 + 3 * HOUR + 30 * S), receiver: 'pager', reason: 'all-resolved', alerts: ['a:resolved'] },
    ]);
  });

  it('does not escalate when every firing alert was acknowledged in time', () => {
    const sim = new Simulation(policy);
    sim.fire(cpu('a'));
    sim.advance(10 * MIN);
    sim.ack(cpu('a'));
    sim.runUntil(T0 + HOUR);
    expect(sim.take().map((f) => f.receiver)).toEqual(['chat']);
    expect(nextWakeUp(sim.state)!.getTime()).toBeGreaterThan(T0 + HOUR);
  });

  it('escalates when only some alerts were acknowledged, or the acknowledgement came late', () => {
    const partial = new Simulation(policy);
    partial.fire(cpu('a'));
    partial.fire(cpu('b'));
    partial.advance(5 * MIN);
    partial.ack(cpu('a'));
    partial.runUntil(T0 + HOUR);
    expect(summary(partial.take()).at(-1)).toEqual({ at: iso(T0 + 15 * MIN + 30 * S), receiver: 'pager', reason: 'escalation', alerts: ['a:firing', 'b:firing'] });

    // A worker that only wakes at 16m, after an acknowledgement given at 15m45s: still past due.
    const late = new Simulation(policy);
    late.fire(cpu('a'));
    late.runUntil(T0 + 30 * S);
    late.now = T0 + 15 * MIN + 45 * S;
    late.ack(cpu('a'));
    const result = flushDue(late.state, new Date(T0 + 16 * MIN), {});
    expect(result.flushes.map((f) => [f.receiver, f.dueAt])).toEqual([['pager', iso(T0 + 15 * MIN + 30 * S)]]);
  });
});

describe('aggregation: idempotency keys and serialisation', () => {
  it('computes the same flushes with the same ids again (retry, or re-run after a crash)', () => {
    const sim = new Simulation(basic);
    sim.fire(cpu('a'));
    const before = sim.state;
    const first = dueFlushes(before, new Date(T0 + 30 * S));
    const again = dueFlushes(before, new Date(T0 + 30 * S));
    // The crashed worker comes back 3 seconds later with the state it had stored.
    const rerun = dueFlushes(JSON.parse(JSON.stringify(before)) as AggregationState, new Date(T0 + 33 * S));
    expect(first).toHaveLength(1);
    expect(again).toEqual(first);
    expect(rerun).toEqual(first);
    expect(first[0]!.id).toMatch(/^[0-9a-f]{32}$/);
  });

  it('gives different ids to different notifications of a group, and to a re-created group', () => {
    const sim = new Simulation(basic);
    sim.fire(cpu('a'));
    sim.runUntil(T0 + 30 * S + 4 * HOUR);
    sim.resolve(cpu('a'));
    sim.advance(10 * MIN);
    sim.fire(cpu('a'));
    sim.advance(MIN);
    const flushes = sim.take();
    expect(flushes.map((f) => f.reason)).toEqual(['first-notification', 'repeat', 'all-resolved', 'first-notification']);
    expect(new Set(flushes.map((f) => f.id)).size).toBe(4);
    expect(flushes[3]!.sequence).toBe(1);
  });

  it('derives the key from the (fingerprint, status) set, not its order', () => {
    const base = { groupKey: 'g', groupCreatedAt: 1, receiver: 'r', kind: 'notification' as const, sequence: 1 };
    const a = { fingerprint: 'a', status: 'firing' as const };
    const b = { fingerprint: 'b', status: 'resolved' as const };
    expect(flushId({ ...base, alerts: [a, b] })).toBe(flushId({ ...base, alerts: [b, a] }));
    expect(flushId({ ...base, alerts: [a, b] })).not.toBe(flushId({ ...base, alerts: [a, { ...b, status: 'firing' }] }));
    expect(flushId({ ...base, alerts: [a] })).not.toBe(flushId({ ...base, sequence: 2, alerts: [a] }));
  });

  it('keeps working from a JSON round trip of the state', () => {
    const live = new Simulation(policyWithEverything());
    const restored = new Simulation(policyWithEverything());
    for (const sim of [live, restored]) {
      sim.fire(cpu('a'));
      sim.advance(2 * MIN);
      sim.fire(cpu('b'));
    }
    restored.state = JSON.parse(JSON.stringify(restored.state)) as AggregationState;
    expect(restored.state).toEqual(live.state);
    live.runUntil(T0 + 5 * HOUR);
    restored.runUntil(T0 + 5 * HOUR);
    expect(restored.take()).toEqual(live.take());
  });

  it('reports when to wake up next: group_wait, then ticks', () => {
    const sim = new Simulation(basic);
    expect(nextWakeUp(sim.state)).toBeNull();
    sim.fire(cpu('a'));
    expect(nextWakeUp(sim.state)).toEqual(new Date(T0 + 30 * S));
    sim.advance(30 * S);
    expect(nextWakeUp(sim.state)).toEqual(new Date(T0 + 5 * MIN + 30 * S));
  });
});

function policyWithEverything(): NotificationPolicy {
  return { receiver: 'chat', groupBy: ['alertname'], escalation: { after: '20m', receiver: 'pager' } };
}

describe('toNotification', () => {
  it('builds an Alertmanager-style group with common labels and truncation', () => {
    const sim = new Simulation(basic);
    sim.fire({ alertname: 'HighCPU', instance: 'a', cluster: 'prod' });
    sim.fire({ alertname: 'HighCPU', instance: 'b', cluster: 'prod' });
    sim.advance(30 * S);
    const [flush] = sim.take();
    const notification = toNotification(flush!, { externalURL: 'https://kubewatch.example', maxAlerts: 1 });
    expect(notification.id).toBe(flush!.id);
    expect(notification.group).toMatchObject({
      groupKey: 'root:{alertname="HighCPU"}',
      receiver: 'team',
      status: 'firing',
      groupLabels: { alertname: 'HighCPU' },
      commonLabels: { alertname: 'HighCPU', cluster: 'prod' },
      commonAnnotations: {},
      externalURL: 'https://kubewatch.example',
      truncatedAlerts: 1,
    });
    expect(notification.group.alerts.map((a) => a.labels.instance)).toEqual(['a']);
  });
});
