// GET /api/v1/slos/{id}/export: the SLO for teams that want it evaluated in-cluster.

import { z } from 'zod';
import { ApiError } from '../../http/errors';
import type { CoreContext } from '../../runtime/app-context';
import { toPrometheusRules } from '../exports/prometheus-rules';
import { toPyrraSLO } from '../exports/pyrra';
import { slugify } from '../exports/slug';
import { toSlothSpec } from '../exports/sloth';
import { getSlo } from './slo-actions';

export const sloExportQuerySchema = z
  .object({
    format: z.enum(['sloth', 'pyrra', 'prometheus']).describe('sloth: a Sloth prometheus/v1 spec; pyrra: a Pyrra ServiceLevelObjective; prometheus: recording and alerting rules'),
    namespace: z.string().regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/).optional().describe('metadata.namespace of the Pyrra resource (default monitoring)'),
    service: z.string().max(100).optional().describe('The Sloth service name (default kubewatch)'),
  })
  .strict();

export async function exportSlo(app: Pick<CoreContext, 'prisma'>, id: string, query: z.output<typeof sloExportQuerySchema>): Promise<{ yaml: string; filename: string }> {
  const slo = (await getSlo(app, id)).spec;
  const base = slugify(slo.name);
  if (query.format === 'sloth') return { yaml: toSlothSpec(slo, { service: query.service }), filename: `${base}.sloth.yaml` };
  if (query.format === 'prometheus') return { yaml: toPrometheusRules(slo), filename: `${base}.rules.yml` };
  const pyrra = toPyrraSLO(slo, { namespace: query.namespace });
  if (!pyrra.ok) {
    throw new ApiError(422, 'not_exportable', 'This SLO cannot be written as a Pyrra ServiceLevelObjective.', pyrra.problems.map((message) => ({ path: 'sli', message })));
  }
  return { yaml: pyrra.yaml, filename: `${base}.pyrra.yaml` };
}
