import { describe, expect, it } from 'vitest';
import { ruleGroupInputSchema } from '../../lib/rules/rule-schema';
import { sloRuleGroup } from '../../lib/slo/alert-rules';
import { errorRatioQuery } from '../../lib/slo/sli-queries';
import { sloInputSchema } from '../../lib/slo/slo-schema';
import { SLO_TEMPLATES } from '../../lib/slo/slo-templates';

// Bucket boundaries of apiserver_request_duration_seconds (Kubernetes 1.23+, staging/src/k8s.io/apiserver/pkg/endpoints/metrics).
const APISERVER_BUCKETS = [0.005, 0.025, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1, 1.25, 1.5, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 45, 60];

describe('SLO_TEMPLATES', () => {
  it.each(SLO_TEMPLATES.map((t) => [t.id, t] as const))('%s passes the SLO schema and makes a valid rule group', (_id, template) => {
    const parsed = sloInputSchema.safeParse(template.slo);
    expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
    const group = ruleGroupInputSchema.safeParse(sloRuleGroup(parsed.data!));
    expect(group.success ? [] : group.error.issues).toEqual([]);
  });

  it('are the three promised ones, with unique ids and names', () => {
    expect(SLO_TEMPLATES.map((t) => t.id)).toEqual(['apiserver-availability', 'apiserver-latency', 'ingress-nginx-success']);
    expect(new Set(SLO_TEMPLATES.map((t) => t.slo.name)).size).toBe(3);
    for (const template of SLO_TEMPLATES) for (const text of [template.title, template.description]) expect(text.trim()).not.toBe('');
  });

  it('leave long-running API server requests out and use a real bucket boundary for latency', () => {
    const [availability, latency] = SLO_TEMPLATES.map((t) => sloInputSchema.parse(t.slo));
    expect(errorRatioQuery(availability!.sli, '5m')).toBe(
      '(sum(rate(apiserver_request_total{verb!~"WATCH|CONNECT",code=~"5.."}[5m]))) / (sum(rate(apiserver_request_total{verb!~"WATCH|CONNECT"}[5m])))',
    );
    expect(latency!.sli).toMatchObject({ type: 'latency', metric: 'apiserver_request_duration_seconds', selector: 'verb!~"WATCH|CONNECT"' });
    expect(APISERVER_BUCKETS).toContain(latency!.sli.type === 'latency' && latency!.sli.thresholdSeconds);
  });

  it('count 5xx statuses as ingress errors', () => {
    const ingress = sloInputSchema.parse(SLO_TEMPLATES[2]!.slo);
    expect(ingress.sli).toEqual({
      type: 'ratio',
      errors: 'sum(rate(nginx_ingress_controller_requests{status=~"5.."}[{{window}}]))',
      total: 'sum(rate(nginx_ingress_controller_requests[{{window}}]))',
    });
  });
});
