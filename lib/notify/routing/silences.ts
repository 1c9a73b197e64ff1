// Silences as in Alertmanager (silence/silence.go and the v2 API): a set of matchers muting every
// alert they all match while startsAt <= now <= endsAt.

import { z } from 'zod';
import type { Labels } from '../types';
import { matchesPromMatchers } from '../../prometheus/matchers';
import { matcherMatchesEmpty, parseMatcherList, parseMatcherText } from './matcher-list';

export interface Silence {
  id: string;
  /** Prometheus matchers, all of which must match; at least one must not match the empty string. */
  matchers: string[];
  /** RFC 3339. */
  startsAt: string;
  /** RFC 3339. */
  endsAt: string;
  createdBy: string;
  comment: string;
}

/** Anything with a silence's matching fields; times as RFC 3339 strings, Dates or epoch ms. */
export interface SilenceLike {
  id: string;
  matchers: readonly string[];
  startsAt: string | Date | number;
  endsAt: string | Date | number;
}

const toMs = (value: string | Date | number) => (typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(value) : value.getTime());

/** A silence as stored and returned by the API, with Alertmanager's validation messages. */
export const silenceSchema = z
  .object({
    id: z.string().min(1, 'ID missing'),
    matchers: z.array(z.string()).min(1, 'at least one matcher required'),
    startsAt: z.iso.datetime({ offset: true, message: 'startsAt must be an RFC 3339 timestamp' }),
    endsAt: z.iso.datetime({ offset: true, message: 'endsAt must be an RFC 3339 timestamp' }),
    createdBy: z.string().trim().min(1, 'createdBy is required'),
    comment: z.string().trim().min(1, 'comment is required'),
  })
  .superRefine((silence, ctx) => {
    let allMatchEmpty = true;
    silence.matchers.forEach((text, i) => {
      try {
        const parsed = parseMatcherText(text);
        allMatchEmpty &&= parsed.every(matcherMatchesEmpty);
      } catch (error) {
        ctx.addIssue({ code: 'custom', path: ['matchers', i], message: `invalid label matcher ${i}: ${(error as Error).message}` });
        allMatchEmpty = false;
      }
    });
    if (silence.matchers.length > 0 && allMatchEmpty) {
      ctx.addIssue({ code: 'custom', path: ['matchers'], message: 'at least one matcher must not match the empty string' });
    }
    // The v2 API refuses empty silences; the store itself only refuses endsAt < startsAt.
    if (Date.parse(silence.endsAt) <= Date.parse(silence.startsAt)) {
      ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'start time must be before end time' });
    }
  });

/** Problems creating or updating this silence at `now`, besides the schema's: an end in the past. */
export function validateNewSilence(input: unknown, now: Date): { ok: true; silence: Silence } | { ok: false; errors: { path: string; message: string }[] } {
  const parsed = silenceSchema.safeParse(input);
  const errors = parsed.success ? [] : parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  if (parsed.success && Date.parse(parsed.data.endsAt) < now.getTime()) {
    errors.push({ path: 'endsAt', message: "end time can't be in the past" });
  }
  return parsed.success && errors.length === 0 ? { ok: true, silence: parsed.data } : { ok: false, errors };
}

export type SilenceState = 'pending' | 'active' | 'expired';

/** Alertmanager's getState: pending before startsAt, expired after endsAt, active in between (both ends included). */
export function silenceState(silence: Pick<SilenceLike, 'startsAt' | 'endsAt'>, at: Date): SilenceState {
  const t = at.getTime();
  if (t < toMs(silence.startsAt)) return 'pending';
  if (t > toMs(silence.endsAt)) return 'expired';
  return 'active';
}

/** Whether the silence's matchers all match the labels (regardless of time). */
export function silenceMatches(silence: Pick<SilenceLike, 'matchers'>, labels: Readonly<Labels>): boolean {
  return matchesPromMatchers(parseMatcherList(silence.matchers), labels);
}

/** The active silences that mute an alert with these labels at `at`, in input order (for the UI). */
export function silencesFor<S extends SilenceLike>(silences: readonly S[], labels: Readonly<Labels>, at: Date): S[] {
  return silences.filter((s) => silenceState(s, at) === 'active' && silenceMatches(s, labels));
}

/** Whether any active silence mutes an alert with these labels at `at`. */
export function isSilenced(silences: readonly SilenceLike[], labels: Readonly<Labels>, at: Date): boolean {
  return silences.some((s) => silenceState(s, at) === 'active' && silenceMatches(s, labels));
}
