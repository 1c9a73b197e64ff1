import { describe, expect, it } from 'vitest';
import { checkTemplate } from '../../lib/rules/template';
import { alertRuleInputSchema } from '../../lib/rules/rule-schema';
import { RULE_TEMPLATES } from '../../lib/rules/rule-templates';

describe('RULE_TEMPLATES', () => {
  it.each(RULE_TEMPLATES.map((t) => [t.id, t] as const))('%s passes the alert rule schema', (_id, template) => {
    const parsed = alertRuleInputSchema.safeParse(template.rule);
    expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
  });

  it('have unique ids and alert names, a title, a description and a category', () => {
    expect(new Set(RULE_TEMPLATES.map((t) => t.id)).size).toBe(RULE_TEMPLATES.length);
    expect(new Set(RULE_TEMPLATES.map((t) => t.rule.alert)).size).toBe(RULE_TEMPLATES.length);
    for (const template of RULE_TEMPLATES) {
      expect(template.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      for (const text of [template.title, template.description, template.category]) expect(text.trim()).not.toBe('');
    }
  });

  it('have summary and description annotations that are valid Go templates', () => {
    for (const { id, rule } of RULE_TEMPLATES) {
      expect(Object.keys(rule.annotations ?? {}), id).toEqual(expect.arrayContaining(['summary', 'description']));
      for (const text of Object.values(rule.annotations ?? {})) expect(() => checkTemplate(text), `${id}: ${text}`).not.toThrow();
      expect(rule.annotations!.description, id).toContain('{{ $labels.cluster }}');
    }
  });

  it("include Rancher's node defaults as threshold rules", () => {
    const byId = new Map(RULE_TEMPLATES.map((t) => [t.id, t.rule]));
    expect(byId.get('node-cpu-load-high')).toMatchObject({
      threshold: { metric: 'node_load_per_core_percent', operator: '>', value: 100 },
      for: '3m',
    });
    expect(byId.get('node-memory-high')).toMatchObject({ threshold: { metric: 'node_memory_used_percent', operator: '>', value: 80 }, for: '3m' });
  });

  it('make cluster-unreachable fire on query errors and stay quiet on an empty result', () => {
    const rule = alertRuleInputSchema.parse(RULE_TEMPLATES.find((t) => t.id === 'cluster-unreachable')!.rule);
    expect(rule).toMatchObject({ errorState: 'alerting', noDataState: 'ok', severity: 'critical' });
  });
});
