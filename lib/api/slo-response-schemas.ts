// Response schemas of the SLO API (OpenAPI only; the handlers build these shapes in lib/slo/service).

import { z } from 'zod';
import { sloInputSchema } from '../slo/slo-schema';

const burnRateRowSchema = z.object({
  severity: z.enum(['page', 'ticket']),
  longWindow: z.string(),
  shortWindow: z.string(),
  factor: z.number(),
  longBurnRate: z.number().nullable(),
  shortBurnRate: z.number().nullable(),
  breaching: z.boolean().describe('Both windows above the factor: the alert condition holds'),
});

const sloNumbersSchema = z.object({
  computedAt: z.iso.datetime(),
  from: z.iso.datetime().describe('Start of the period counted (whole hours), up to computedAt'),
  errors: z.number(),
  total: z.number(),
  sli: z.number().nullable().describe('Good events / all events; null without traffic'),
  errorRatio: z.number().nullable(),
  allowedErrorRatio: z.number(),
  budgetRemaining: z.number().describe('1 untouched, 0 spent, negative overspent'),
  budgetRemainingMinutes: z.number().describe('The remaining budget as minutes of full outage'),
  currentBurnRate: z.number().nullable().describe('Over the last hour'),
  timeToExhaustionMs: z.number().nullable().describe('At the current burn rate; null when not burning'),
  burnRates: z.array(burnRateRowSchema),
  queries: z.number().int().describe('PromQL expressions this refresh evaluated'),
});

export const sloViewSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  spec: sloInputSchema,
  ruleGroupId: z.uuid().nullable().describe('The generated rule group with the burn-rate alerts'),
  version: z.number().int(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  worstBudgetRemaining: z.number().nullable(),
  statuses: z.array(
    z.object({
      clusterId: z.uuid(),
      clusterName: z.string(),
      computedAt: z.iso.datetime(),
      error: z.string().nullable().describe('Why the last refresh failed (the numbers are the last good ones)'),
      numbers: sloNumbersSchema.nullable(),
    }),
  ),
});

export const sloHistorySchema = z.object({
  sloId: z.uuid(),
  clusterId: z.uuid(),
  objective: z.number(),
  window: z.string(),
  points: z.array(z.object({ t: z.iso.datetime(), sli: z.number().nullable(), budgetRemaining: z.number() })),
});
