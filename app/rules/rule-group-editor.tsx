'use client';

// Create (POST) or replace (PUT) a rule group with its rules. The server validates; its issues
// come back by path (`name`, `scope.selector`, `rules.2.expr`) and are shown at those fields.
import { useRef, useState, type ReactNode } from 'react';
import type { RuleGroupView } from '@/lib/rules/rule-group-record';
import { callApi, problemsAt, useApiProblems } from '../components/api-client';
import { draftToGroupInput, emptyRule, groupToDraft, ruleToDraft, type GroupDraft, type RuleDraft, type RuleLike } from './rule-draft';
import { RuleEditor } from './rule-editor';
import { IssueList } from '@/app/components/issue-list';
import { ConfirmDeleteDialog } from '../components/confirm-delete-dialog';
import { ScopeTypeRadios } from '../components/scope-type-radios';

export interface ClusterChoice {
  id: string;
  name: string;
  label: string;
}

interface Props {
  /** The group being edited; absent when creating one. */
  group?: RuleGroupView;
  clusters: ClusterChoice[];
  /** Rules to start a new group with (from a template). */
  initialRules?: RuleLike[];
  initialName?: string;
  /** Shown but not editable (a group generated from an SLO: the API refuses edits with 409). */
  readOnly?: boolean;
}

export function RuleGroupEditor({ group, clusters, initialRules, initialName, readOnly = false }: Props) {
  const editing = Boolean(group);
  const [draft, setDraft] = useState<GroupDraft>(() => {
    const start = groupToDraft(group, clusters[0]?.id ?? '');
    return { ...start, ...(initialName ? { name: initialName } : {}), ...(initialRules?.length ? { rules: initialRules.map(ruleToDraft) } : {}) };
  });
  const [previewCluster, setPreviewCluster] = useState(() => (group?.scope.type === 'cluster' ? group.scope.clusterId : clusters[0]?.id ?? ''));
  const problems = useApiProblems();
  const [busy, setBusy] = useState<'save' | 'delete'>();
  const deleteDialog = useRef<HTMLDialogElement>(null);

  const set = (patch: Partial<GroupDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const setRule = (index: number, patch: Partial<RuleDraft>) => setDraft((d) => ({ ...d, rules: d.rules.map((r, i) => (i === index ? { ...r, ...patch } : r)) }));
  const at = (path: string) => problemsAt(problems.issues, path);

  async function save(event: React.FormEvent) {
    event.preventDefault();
    if (readOnly) return;
    setBusy('save');
    const body = draftToGroupInput(draft);
    const result = editing ? await callApi<RuleGroupView>('PUT', `/api/v1/rule-groups/${group!.id}`, body) : await callApi<RuleGroupView>('POST', '/api/v1/rule-groups', body);
    setBusy(undefined);
    if (result.ok) {
      window.location.assign(`/rules#group-${result.data.id}`);
      return;
    }
    problems.report(result);
    // The summary at the top lists what is wrong; move the reader there.
    requestAnimationFrame(() => document.getElementById('editor-problems')?.focus());
  }

  async function remove() {
    setBusy('delete');
    const result = await callApi('DELETE', `/api/v1/rule-groups/${group!.id}`);
    setBusy(undefined);
    if (result.ok) window.location.assign('/rules');
    else {
      deleteDialog.current?.close();
      problems.show(result.message);
    }
  }

  const field = (id: string, path: string, label: ReactNode, input: ReactNode, hint?: ReactNode) => (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {input}
      {hint && <span className="hint">{hint}</span>}
      {at(path).length > 0 && (
        <p className="error" id={`${id}-error`}>
          {at(path).join('; ')}
        </p>
      )}
    </div>
  );
  const invalid = (path: string) => ({ 'aria-invalid': at(path).length > 0 });
  const previewName = clusters.find((c) => c.id === previewCluster)?.label;

  return (
    <form className="form rule-group-form" onSubmit={save} noValidate>
      {(problems.message || problems.issues.length > 0) && (
        <div className="error-box" role="alert" id="editor-problems" tabIndex={-1}>
          <strong>{problems.message ?? 'The rule group was not saved: fix the fields marked below.'}</strong>
          <IssueList issues={problems.issues} />
        </div>
      )}

      <fieldset className="contents-fieldset" disabled={readOnly}>
        <fieldset>
          <legend>Group</legend>
          {field('group-name', 'name', 'Name', <input id="group-name" value={draft.name} onChange={(e) => set({ name: e.target.value })} placeholder="Node health" {...invalid('name')} />)}
          {field('group-description', 'description', 'Description (optional)', <textarea id="group-description" rows={2} value={draft.description} onChange={(e) => set({ description: e.target.value })} />)}
          {field('group-interval', 'interval', 'Evaluation interval', <input id="group-interval" value={draft.interval} onChange={(e) => set({ interval: e.target.value })} placeholder="1m" {...invalid('interval')} />, 'How often every rule is evaluated: 10s to 24h, e.g. 30s, 1m, 5m.')}
          <fieldset className="scope-picker">
            <legend>Clusters</legend>
            <ScopeTypeRadios value={draft.scopeType} onChange={(scopeType) => set({ scopeType })} />
            {draft.scopeType === 'cluster' &&
              field(
                'scope-cluster',
                'scope.clusterId',
                'Cluster',
                clusters.length ? (
                  <select id="scope-cluster" value={draft.scopeClusterId} onChange={(e) => set({ scopeClusterId: e.target.value })} {...invalid('scope.clusterId')}>
                    {clusters.map((c) => (
                      <option key={c.id} value={c.id}>
                        {c.label}
                      </option>
                    ))}
                  </select>
                ) : (
                  <p className="hint">No clusters registered yet.</p>
                ),
              )}
            {draft.scopeType === 'selector' &&
              field('scope-selector', 'scope.selector', 'Label selector', <input id="scope-selector" value={draft.scopeSelector} onChange={(e) => set({ scopeSelector: e.target.value })} placeholder="env=prod,region in (eu,us)" {...invalid('scope.selector')} />, 'Kubernetes label-selector syntax over the clusters’ labels; each cluster gets its own alerts.')}
            {draft.scopeType === 'all' && at('scope').length > 0 && <p className="error">{at('scope').join('; ')}</p>}
          </fieldset>
          <label className="row checkbox">
            <input type="checkbox" checked={draft.paused} onChange={(e) => set({ paused: e.target.checked })} /> Paused (not evaluated)
          </label>
        </fieldset>
      </fieldset>

      {!readOnly && (
        <div className="preview-cluster field">
          <label htmlFor="preview-cluster">Cluster for autocomplete and preview</label>
          <select id="preview-cluster" value={previewCluster} onChange={(e) => setPreviewCluster(e.target.value)}>
            <option value="">none</option>
            {clusters.map((c) => (
              <option key={c.id} value={c.id}>
                {c.label}
              </option>
            ))}
          </select>
          <span className="hint">Metric names come from this cluster’s Prometheus; the previews run there. Nothing is saved.</span>
        </div>
      )}

      <fieldset className="contents-fieldset" disabled={readOnly}>
        <h2 className="rules-heading">Rules</h2>
        {at('rules').length > 0 && draft.rules.length === 0 && <p className="error">{at('rules').join('; ')}</p>}
        {draft.rules.map((rule, index) => (
          <RuleEditor
            key={rule.uid}
            rule={rule}
            index={index}
            issues={problems.issues}
            onChange={(patch) => setRule(index, patch)}
            onRemove={!readOnly && draft.rules.length > 1 ? () => set({ rules: draft.rules.filter((_, i) => i !== index) }) : undefined}
            readOnly={readOnly}
            clusterId={previewCluster}
            clusterName={previewName}
            interval={draft.interval}
          />
        ))}
        {!readOnly && (
          <div>
            <button type="button" className="button secondary" onClick={() => set({ rules: [...draft.rules, emptyRule()] })}>
              Add rule
            </button>
          </div>
        )}
      </fieldset>

      {readOnly ? (
        <div className="actions form-actions">
          {group?.slo && (
            <a className="button" href={`/slos/${group.slo.id}/edit`}>
              Edit the SLO
            </a>
          )}
          <a className="button secondary" href="/rules">
            Back to rules
          </a>
        </div>
      ) : (
        <div className="actions form-actions">
          <button className="button" type="submit" disabled={busy !== undefined}>
            {busy === 'save' ? 'Saving…' : editing ? 'Save changes' : 'Create rule group'}
          </button>
          <a className="button secondary" href="/rules">
            Cancel
          </a>
          {editing && (
            <button type="button" className="button danger push-right" onClick={() => deleteDialog.current?.showModal()}>
              Delete group
            </button>
          )}
        </div>
      )}

      {editing && !readOnly && (
        <ConfirmDeleteDialog dialogRef={deleteDialog} id="delete-group-title" title={`Delete “${group!.name}”?`} confirmLabel="Delete rule group" busy={busy === 'delete'} disabled={busy !== undefined} onConfirm={remove}>
          {group!.rules.length === 1 ? 'Its rule is' : `Its ${group!.rules.length} rules are`} no longer evaluated; firing alerts are resolved (and notified as resolved).
        </ConfirmDeleteDialog>
      )}
    </form>
  );
}
