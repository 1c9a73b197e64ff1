// The state machine alone, time given as a parameter. Expected behaviour is Prometheus 2.42's
// AlertingRule.Eval as PRODUCT.md states it (and as the promtool conformance cases show).
import { describe, expect, it } from 'vitest';
import { stepAlertRule } from '@/lib/rules/engine/step';
import type { AlertInstance } from '@/lib/rules/engine/types';

const M = 60_000;
const instance = (fp: string, value = 1) => ({ fingerprint: fp, labels: { alertname: 'A', fp }, annotations: {}, value });

/** Runs the step over evaluations at 0, 1m, 2m, ... where `presence[i]` lists the instances present at i. */
function run(presence: string[][], timing: { forMs: number; keepFiringForMs: number }) {
  let active: ReadonlyMap<string, AlertInstance> = new Map();
  const timeline: Array<{ t: number; states: Record<string, string>; kinds: string[] }> = [];
  presence.forEach((present, i) => {
    const result = stepAlertRule(active, { present: present.map((fp) => instance(fp)) }, i * M, timing);
    active = result.active;
    timeline.push({
      t: i,
      states: Object.fromEntries([...active.values()].map((a) => [a.fingerprint, a.state])),
      kinds: result.transitions.map((tr) => `${tr.fingerprint}:${tr.kind}`),
    });
  });
  return { timeline, active };
}

describe('stepAlertRule', () => {
  it('for: 0 fires at the first evaluation that returns the series, and is never seen pending', () => {
    const { timeline } = run([[], ['a'], ['a'], []], { forMs: 0, keepFiringForMs: 0 });
    expect(timeline[1]).toEqual({ t: 1, states: { a: 'firing' }, kinds: ['a:firing'] });
    expect(timeline[2]!.kinds).toEqual([]);
    expect(timeline[3]).toEqual({ t: 3, states: {}, kinds: ['a:resolved'] });
  });

  it('for: 3m is pending at activation and the two evaluations after, firing at activeAt + 3m', () => {
    const { timeline, active } = run([[], ['a'], ['a'], ['a'], ['a'], ['a']], { forMs: 3 * M, keepFiringForMs: 0 });
    expect(timeline.map((e) => e.states.a ?? '-')).toEqual(['-', 'pending', 'pending', 'pending', 'firing', 'firing']);
    expect(active.get('a')!.activeAt).toBe(1 * M);
    expect(active.get('a')!.firedAt).toBe(4 * M);
  });

  it('for that is not a multiple of the interval fires at the first evaluation past it (90s -> 2 evaluations)', () => {
    const { timeline } = run([['a'], ['a'], ['a']], { forMs: 90_000, keepFiringForMs: 0 });
    expect(timeline.map((e) => e.states.a)).toEqual(['pending', 'pending', 'firing']);
  });

  it('a pending instance that disappears is dropped without a notification; when it returns it starts over', () => {
    const { timeline, active } = run([['a'], ['a'], [], ['a'], ['a'], ['a']], { forMs: 2 * M, keepFiringForMs: 0 });
    expect(timeline[2]!.kinds).toEqual(['a:pending_cleared']);
    expect(timeline.map((e) => e.states.a ?? '-')).toEqual(['pending', 'pending', '-', 'pending', 'pending', 'firing']);
    expect(active.get('a')!.activeAt).toBe(3 * M);
  });

  it('keep_firing_for keeps a firing instance while less than the duration has passed since the condition ended', () => {
    // Case 07: condition true 0..3m, false from 4m; keep_firing_for 3m: firing at 4,5,6, resolved at 7.
    const present = [['a'], ['a'], ['a'], ['a'], [], [], [], [], []];
    const { timeline } = run(present, { forMs: M, keepFiringForMs: 3 * M });
    expect(timeline.map((e) => e.states.a ?? '-')).toEqual(['pending', 'firing', 'firing', 'firing', 'firing', 'firing', 'firing', '-', '-']);
    expect(timeline[4]!.kinds).toEqual(['a:keep_firing']);
    expect(timeline[7]!.kinds).toEqual(['a:resolved']);
  });

  it('keep_firing_for restarts when the condition comes back, and does not hold a pending instance', () => {
    const { timeline } = run([['a'], [], ['a'], [], [], ['a'], []], { forMs: 0, keepFiringForMs: 2 * M });
    expect(timeline.map((e) => e.states.a ?? '-')).toEqual(['firing', 'firing', 'firing', 'firing', 'firing', 'firing', 'firing']);
    expect(timeline[2]!.kinds).toEqual(['a:keep_firing_cleared']);
    const pendingOnly = run([['b'], []], { forMs: 5 * M, keepFiringForMs: 2 * M });
    expect(pendingOnly.timeline[1]!.kinds).toEqual(['b:pending_cleared']);
  });

  it('instances are independent (case 06: four label sets)', () => {
    const { timeline } = run(
      [
        ['a', 'c', 'e'],
        ['a', 'c', 'e'],
        ['a', 'b', 'e'],
        ['a', 'b'],
        ['a', 'b'],
      ],
      { forMs: 2 * M, keepFiringForMs: 0 },
    );
    expect(timeline[2]!.states).toEqual({ a: 'firing', b: 'pending', e: 'firing' });
    expect(timeline[3]!.states).toEqual({ a: 'firing', b: 'pending' });
    expect(timeline[3]!.kinds).toEqual(['e:resolved']);
    expect(timeline[4]!.states).toEqual({ a: 'firing', b: 'firing' });
  });

  it('keepAbsent leaves absent instances exactly as they were (no resolve, no pending -> firing)', () => {
    const first = stepAlertRule(new Map(), { present: [instance('a'), instance('b')] }, 0, { forMs: M, keepFiringForMs: 0 });
    const second = stepAlertRule(first.active, { present: [instance('b')], keepAbsent: true }, 5 * M, { forMs: M, keepFiringForMs: 0 });
    expect(second.active.get('a')).toEqual(first.active.get('a'));
    expect(second.active.get('b')!.state).toBe('firing');
    expect(second.transitions.map((t) => `${t.fingerprint}:${t.kind}`)).toEqual(['b:firing']);
  });

  it('updates value and annotations of present instances without a transition', () => {
    const first = stepAlertRule(new Map(), { present: [instance('a', 1)] }, 0, { forMs: 5 * M, keepFiringForMs: 0 });
    const second = stepAlertRule(first.active, { present: [{ ...instance('a', 7), annotations: { s: 'x' } }] }, M, { forMs: 5 * M, keepFiringForMs: 0 });
    expect(second.transitions).toEqual([]);
    expect(second.active.get('a')).toMatchObject({ value: 7, annotations: { s: 'x' }, activeAt: 0, state: 'pending' });
  });
});
