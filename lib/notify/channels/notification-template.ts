// Message templates of notification channels, rendered with the Go text/template engine of
// lib/rules/template, with data shaped like Alertmanager's notification template data
// (template.Data: .Receiver .Status .Alerts .GroupLabels .CommonLabels .CommonAnnotations .ExternalURL;
// each alert: .Status .Labels .Annotations .StartsAt .EndsAt .GeneratorURL .Fingerprint).
//
// The engine's public renderTemplate() only knows Prometheus's alert-shaped dot ($labels, $value),
// so this adapter drives its parser and executor directly with a dot built from Go maps:
// - structs are modelled as map[string]interface{}, so field access (.CommonLabels.alertname,
//   .Alerts, .Status) works as in Alertmanager; a misspelt field prints "<no value>" instead of failing;
// - .Alerts is a map keyed by zero-padded position ("000", "001", ...): `range .Alerts` visits the
//   alerts in order and `len .Alerts` works, but `index .Alerts 0` does not, and the range index is a
//   string; Alertmanager's methods .Alerts.Firing/.Alerts.Resolved and KV's .SortedPairs/.Names do not
//   exist (use .Status of each alert, and `range $k, $v := .Labels`);
// - .StartsAt/.EndsAt are time.Time values (.Format, .Unix, printing as Go does);
// - the functions are Prometheus's (toUpper, title, reReplaceAll, humanizeDuration, safeHtml, ...)
//   without `query`; Alertmanager's join/date/tz/since are not available.

import { builtins } from '../../rules/template/builtins';
import { ExecError, execute } from '../../rules/template/exec';
import type { GoFunc } from '../../rules/template/func-types';
import { timeFromUnixNano } from '../../rules/template/go-time';
import { ParseError, parseTemplate } from '../../rules/template/parser';
import { prometheusFuncs } from '../../rules/template/prometheus-funcs';
import { GoMap, GoTime, type GoValue } from '../../rules/template/values';
import type { NotificationAlert, NotificationGroup } from '../types';

/** A template that does not parse or fails to execute; `setting` names the template (title/text). */
export class NotificationTemplateError extends Error {
  constructor(
    readonly setting: string,
    message: string,
  ) {
    super(`${setting} template: ${message}`);
    this.name = 'NotificationTemplateError';
  }
}

const funcs: Record<string, GoFunc> = Object.assign(Object.create(null), builtins, prometheusFuncs);
// No PromQL at notification time.
delete funcs.query;
const builtinNames = new Set(Object.keys(builtins));
const hasFunction = (name: string) => Object.hasOwn(funcs, name);

/** Go's zero time.Time (0001-01-01T00:00:00Z), which Alertmanager uses for a firing alert's EndsAt. */
const ZERO_TIME = new GoTime(-62135596800n, 0, false);

function goTime(rfc3339: string | null): GoTime {
  if (!rfc3339) return ZERO_TIME;
  const ms = Date.parse(rfc3339);
  if (Number.isNaN(ms) || ms <= -62135596800000) return ZERO_TIME;
  // Keep sub-millisecond digits the string may carry (Go times have nanoseconds).
  const fraction = /\.(\d+)Z$/i.exec(rfc3339)?.[1] ?? '';
  const nanos = BigInt((fraction + '000000000').slice(0, 9));
  const seconds = BigInt(Math.floor(ms / 1000));
  return timeFromUnixNano(seconds * 1_000_000_000n + nanos, false);
}

function structOf(fields: Record<string, GoValue>): GoMap {
  return new GoMap('any', new Map(Object.entries(fields)));
}

function alertData(alert: NotificationAlert): GoMap {
  return structOf({
    Status: alert.status,
    Labels: GoMap.strings(alert.labels),
    Annotations: GoMap.strings(alert.annotations),
    StartsAt: goTime(alert.startsAt),
    // Alertmanager zeroes EndsAt of alerts that still fire.
    EndsAt: alert.status === 'firing' ? ZERO_TIME : goTime(alert.endsAt),
    GeneratorURL: alert.generatorURL,
    Fingerprint: alert.fingerprint,
  });
}

/** The template dot for a group: Alertmanager's template.Data as Go maps. */
export function notificationTemplateData(group: NotificationGroup): GoMap {
  const width = Math.max(3, String(group.alerts.length).length);
  const alerts = new GoMap(
    'any',
    new Map(group.alerts.map((alert, i) => [String(i).padStart(width, '0'), alertData(alert)])),
  );
  return structOf({
    Receiver: group.receiver,
    Status: group.status,
    Alerts: alerts,
    GroupLabels: GoMap.strings(group.groupLabels),
    CommonLabels: GoMap.strings(group.commonLabels),
    CommonAnnotations: GoMap.strings(group.commonAnnotations),
    ExternalURL: group.externalURL,
  });
}

function parse(setting: string, text: string) {
  try {
    return parseTemplate(setting, text, hasFunction);
  } catch (e) {
    if (e instanceof ParseError || e instanceof RangeError) throw new NotificationTemplateError(setting, e.message);
    throw e;
  }
}

/** Throws NotificationTemplateError when `text` does not parse (for validating settings at save time). */
export function checkNotificationTemplate(setting: string, text: string): void {
  parse(setting, text);
}

/** Renders one template against a group; throws NotificationTemplateError on parse or execution errors. */
export async function renderNotificationTemplate(setting: string, text: string, group: NotificationGroup): Promise<string> {
  const trees = parse(setting, text);
  try {
    return await execute(
      { parseName: setting, text, trees, funcs, builtins: builtinNames, ctx: { externalURL: group.externalURL } },
      setting,
      notificationTemplateData(group),
    );
  } catch (e) {
    if (e instanceof ExecError || e instanceof RangeError) throw new NotificationTemplateError(setting, e.message);
    throw e;
  }
}
