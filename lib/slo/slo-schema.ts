import { z } from 'zod';
import { PromMatcherError, formatPromMatchers, parsePromMatchers } from '../prometheus/matchers';
import { alertRuleInputSchema, clusterScopeSchema } from '../rules/rule-schema';
import { sliQueryProblem } from './sli-query-check';
import { normalizeWindowPlaceholder } from './window-placeholder';

// An SLO as the REST API and the UI accept it: the single source of truth for SLO input. The
// generated alert rules, the budget numbers and the exports (Sloth, Pyrra, Prometheus rules) all
// start from the parsed output of this schema.

export const SLO_WINDOWS = ['7d', '28d', '30d'] as const;
export type SloWindow = (typeof SLO_WINDOWS)[number];

/** Labels the generated alerts set themselves (or the engine sets), so an SLO cannot. */
export const RESERVED_SLO_LABELS = ['slo', 'severity', 'long_window', 'short_window', 'alertname', 'cluster'] as const;

// The name becomes the `slo` label, the rule group's name and the exports' names. Letters, digits,
// spaces and - _ . : / keep it a valid label value with no Go template syntax (labels are
// templates), and leave something for a Kubernetes name (Pyrra) after lowercasing.
const SLO_NAME_RE = /^[A-Za-z0-9](?:[A-Za-z0-9 _.:/-]*[A-Za-z0-9])?$/;
const METRIC_NAME_RE = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const HISTOGRAM_SUFFIX_RE = /_(bucket|count|sum)$/;

/** A PromQL SLI query with the `{{window}}` placeholder; stored with the placeholder normalized. */
const sliQuerySchema = z
  .string()
  .trim()
  .min(1, 'give a PromQL query')
  .max(8192)
  .transform((text, ctx) => {
    const query = normalizeWindowPlaceholder(text);
    const problem = sliQueryProblem(query);
    if (problem !== undefined) {
      ctx.addIssue({ code: 'custom', message: problem });
      return z.NEVER;
    }
    return query;
  });

const ratioSliSchema = z
  .object({
    type: z.literal('ratio'),
    /** Failed events per second over `[{{window}}]`; give this or `good`. */
    errors: sliQuerySchema.optional(),
    /** Successful events per second over `[{{window}}]`; give this or `errors`. */
    good: sliQuerySchema.optional(),
    /** All events per second over `[{{window}}]`. */
    total: sliQuerySchema,
  })
  .strict()
  .superRefine((sli, ctx) => {
    if ((sli.errors === undefined) === (sli.good === undefined)) {
      const message = 'give exactly one of errors (failed events) or good (successful events), next to total';
      ctx.addIssue({ code: 'custom', path: [sli.errors === undefined ? 'errors' : 'good'], message });
    }
  });

/** Label matchers without braces, e.g. `verb!="WATCH",job="apiserver"`; stored in canonical form. */
const selectorSchema = z
  .string()
  .trim()
  .max(2048)
  .transform((text, ctx) => {
    if (text === '') return undefined;
    let matchers;
    try {
      matchers = parsePromMatchers(`{${text}}`);
    } catch (error) {
      if (!(error instanceof PromMatcherError)) throw error;
      // Positions count the added "{".
      ctx.addIssue({ code: 'custom', message: error.message.replace(/at character (\d+)/, (_, n: string) => `at character ${Number(n) - 1}`) });
      return z.NEVER;
    }
    const taken = matchers.find((m) => m.name === 'le' || m.name === '__name__');
    if (taken) {
      ctx.addIssue({ code: 'custom', message: `the selector cannot match on "${taken.name}": the SLI sets it (le from thresholdSeconds, the name from metric)` });
      return z.NEVER;
    }
    return formatPromMatchers(matchers).slice(1, -1);
  });

const latencySliSchema = z
  .object({
    type: z.literal('latency'),
    /** A classic histogram's base name; its `_bucket` and `_count` series are queried. */
    metric: z
      .string()
      .trim()
      .regex(METRIC_NAME_RE, 'a metric name: letters, digits, _ and :, not starting with a digit')
      .refine((name) => !HISTOGRAM_SUFFIX_RE.test(name), 'give the histogram base name, without _bucket, _count or _sum'),
    selector: selectorSchema.optional(),
    /**
     * A request is good when it took at most this long. It must be one of the histogram's bucket
     * boundaries (`le` values): the query selects `le="<threshold>"` exactly, formatted as Go
     * client libraries write it (1 → "1", 0.25 → "0.25"), and there is no bucket to interpolate.
     */
    thresholdSeconds: z.number().finite().positive('the latency threshold must be above 0 seconds'),
  })
  .strict();

export const sliSchema = z.discriminatedUnion('type', [ratioSliSchema, latencySliSchema]);

// Rule labels and annotations have rules of their own (names, reserved names, Go templates):
// reuse the alert rule schema's, and add the labels the SLO alerts set themselves.
const ruleLabelsSchema = alertRuleInputSchema.in.shape.labels.unwrap();
const ruleAnnotationsSchema = alertRuleInputSchema.in.shape.annotations.unwrap();

const sloLabelsSchema = z.record(z.string(), z.string()).superRefine((labels, ctx) => {
  const others: Record<string, string> = {};
  for (const [name, value] of Object.entries(labels)) {
    if ((RESERVED_SLO_LABELS as readonly string[]).includes(name)) {
      ctx.addIssue({ code: 'custom', path: [name], message: `"${name}" is set on every SLO alert and cannot be an extra label` });
    } else {
      others[name] = value;
    }
  }
  const checked = ruleLabelsSchema.safeParse(others);
  for (const issue of checked.error?.issues ?? []) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
});

const objectiveSchema = z
  .number()
  .gt(0, 'the objective is a percentage above 0')
  .lt(100, 'the objective is a percentage below 100 (100% leaves no error budget)')
  .refine((value) => Number(value.toFixed(5)) === value, 'the objective has at most 5 decimals (e.g. 99.999)');

const alertingSchema = z
  .object({
    /** The two fast-burn rows of the table (severity "page"). */
    page: z.boolean().default(true),
    /** The two slow-burn rows of the table (severity "ticket"). */
    ticket: z.boolean().default(true),
    runbookUrl: z.url({ protocol: /^https?$/, message: 'a http(s) URL' }).max(2048).optional(),
  })
  .strict()
  .default({ page: true, ticket: true });

export const sloInputSchema = z
  .object({
    name: z
      .string()
      .trim()
      .min(1, { message: 'give the SLO a name', abort: true })
      .max(100)
      .regex(SLO_NAME_RE, 'letters, digits, spaces and - _ . : /, starting and ending with a letter or digit'),
    description: z.string().max(2000).optional(),
    scope: clusterScopeSchema.default({ type: 'all' }),
    /** Target percentage of good events, e.g. 99.9. */
    objective: objectiveSchema,
    /** The rolling period the objective and its error budget cover. */
    window: z.enum(SLO_WINDOWS),
    sli: sliSchema,
    /** Extra labels on every generated alert. */
    labels: sloLabelsSchema.optional(),
    /** Extra annotations on every generated alert; they replace generated ones of the same name. */
    annotations: ruleAnnotationsSchema.optional(),
    alerting: alertingSchema,
  })
  .strict();

export type SloInput = z.input<typeof sloInputSchema>;
export type Slo = z.output<typeof sloInputSchema>;
export type Sli = z.output<typeof sliSchema>;
export type RatioSli = Extract<Sli, { type: 'ratio' }>;
export type LatencySli = Extract<Sli, { type: 'latency' }>;
