'use client';

// Create or edit a notification channel. The settings form is generated from the type's zod
// schema (as JSON Schema); a new channel is POSTed whole, a stored one PATCHed as a JSON Merge
// Patch (secrets left empty are kept, removed ones sent as null). The preview renders the unsaved
// form through the API.
import { useMemo, useRef, useState } from 'react';
import { callApi, problemsAt, useApiProblems } from '../../components/api-client';
import { IssueList } from '../../components/issue-list';
import { ChannelPreview, type PreviewResult } from './channel-preview';
import { SchemaFields } from './schema-fields';
import { buildConfig, buildPatch, initDraft, type ChannelTypeForm, type Draft } from './schema-draft';
import { ConfirmDeleteDialog } from '../../components/confirm-delete-dialog';

export interface StoredChannel {
  id: string;
  name: string;
  type: string;
  config: Record<string, unknown>;
  secretsSet: string[];
}

interface Props {
  types: ChannelTypeForm[];
  channel?: StoredChannel;
  canWrite: boolean;
  /** Preselected type for a new channel (?type=slack). */
  initialType?: string;
}

export function ChannelForm({ types, channel, canWrite, initialType }: Props) {
  const editing = channel !== undefined;
  const [name, setName] = useState(channel?.name ?? '');
  const [type, setType] = useState(channel?.type ?? (types.some((t) => t.type === initialType) ? initialType! : types[0]!.type));
  const spec = types.find((t) => t.type === type) ?? types[0]!;
  // One draft per type, so trying another type and coming back keeps what was typed.
  const [drafts, setDrafts] = useState<Record<string, Draft>>(() =>
    channel ? { [channel.type]: initDraft(spec.schema, channel.config, [], spec.secretPaths, channel.secretsSet) } : {},
  );
  const draft = useMemo(() => drafts[type] ?? initDraft(spec.schema, {}, [], spec.secretPaths, []), [drafts, type, spec]);
  const [removed, setRemoved] = useState<string[]>([]);
  const [busy, setBusy] = useState<'save' | 'delete'>();
  const problems = useApiProblems();
  const deleteDialog = useRef<HTMLDialogElement>(null);

  const setDraft = (next: Draft) => setDrafts((all) => ({ ...all, [type]: next }));
  const context = { secretPaths: spec.secretPaths, secretsSet: editing ? channel.secretsSet : [], removed };
  const settingsBody = () =>
    editing ? buildPatch(spec.schema, draft, channel.config, context) : buildConfig(spec.schema, draft, context).config;

  function showProblems(result: { message: string; issues: { path: string; message: string }[] }) {
    problems.report(result);
    requestAnimationFrame(() => document.getElementById('channel-problems')?.focus());
  }

  async function save(event: React.FormEvent) {
    event.preventDefault();
    setBusy('save');
    const result = editing
      ? await callApi('PATCH', `/api/v1/channels/${channel.id}`, { name, config: settingsBody() })
      : await callApi('POST', '/api/v1/channels', { name, type, config: settingsBody() });
    setBusy(undefined);
    if (result.ok) {
      window.location.assign('/notifications');
      return;
    }
    showProblems(result);
  }

  async function remove() {
    setBusy('delete');
    const result = await callApi('DELETE', `/api/v1/channels/${channel!.id}`);
    setBusy(undefined);
    if (result.ok) window.location.assign('/notifications');
    else {
      deleteDialog.current?.close();
      problems.show(`The channel was not deleted: ${result.message}`);
    }
  }

  async function preview(status: 'firing' | 'resolved') {
    const body = editing ? { channelId: channel.id, config: settingsBody(), status } : { type, config: settingsBody(), status };
    const result = await callApi<PreviewResult>('POST', '/api/v1/channels/preview', body);
    if (result.ok) {
      // Fixed problems disappear from the fields.
      if (problems.issues.length) problems.clear();
      return { ok: true as const, data: result.data };
    }
    if (result.issues.length) {
      problems.show('The preview could not be rendered: fix the fields marked below.', result.issues);
      return { ok: false as const, message: 'fix the settings marked in the form.' };
    }
    return { ok: false as const, message: result.message };
  }

  const nameProblems = problemsAt(problems.issues, 'name');
  const typeProblems = problemsAt(problems.issues, 'type');
  const fieldProps = {
    type,
    schema: spec.schema,
    draft,
    onChange: setDraft,
    issues: problems.issues,
    secretPaths: spec.secretPaths,
    secretsSet: editing ? channel.secretsSet : [],
    removed,
    onRemovedChange: setRemoved,
  };
  const hasMessageSettings = Object.keys(spec.schema.properties ?? {}).some((k) => ['sendResolved', 'title', 'text'].includes(k));

  return (
    <div className="channel-editor">
      <form className="form channel-form" onSubmit={save} noValidate aria-label={editing ? `Edit channel ${channel.name}` : 'New channel'}>
        {(problems.message || problems.issues.length > 0) && (
          <div className="error-box" role="alert" id="channel-problems" tabIndex={-1}>
            <strong>{problems.message ?? 'The channel was not saved: fix the fields marked below.'}</strong>
            <IssueList issues={problems.issues} />
          </div>
        )}
        <fieldset disabled={!canWrite}>
          <legend>Channel</legend>
          <div className="field">
            <label htmlFor="channel-name">Name</label>
            <input id="channel-name" value={name} onChange={(e) => setName(e.target.value)} placeholder="ops-webhook" aria-invalid={nameProblems.length > 0} aria-describedby="channel-name-hint" autoComplete="off" />
            <span className="hint" id="channel-name-hint">
              {editing
                ? 'Routes of the notification policy name channels as their receiver: a channel the policy names cannot be renamed until the policy no longer does.'
                : 'Routes of the notification policy name channels as their receiver, e.g. ops-webhook or oncall-email.'}
            </span>
            {nameProblems.length > 0 && <p className="error">{nameProblems.join('; ')}</p>}
          </div>
          <div className="field">
            <label htmlFor="channel-type">Type</label>
            <select id="channel-type" value={type} onChange={(e) => setType(e.target.value)} disabled={editing} aria-describedby={editing ? 'channel-type-hint' : undefined} aria-invalid={typeProblems.length > 0}>
              {types.map((t) => (
                <option key={t.type} value={t.type}>
                  {t.title}
                </option>
              ))}
            </select>
            {editing && (
              <span className="hint" id="channel-type-hint">
                The type of a saved channel cannot change: create a new channel instead.
              </span>
            )}
            {typeProblems.length > 0 && <p className="error">{typeProblems.join('; ')}</p>}
          </div>
        </fieldset>
        <fieldset disabled={!canWrite} className="channel-settings">
          <legend>{spec.title} settings</legend>
          <SchemaFields {...fieldProps} part="settings" />
        </fieldset>
        {hasMessageSettings && (
          <fieldset disabled={!canWrite} className="channel-settings">
            <legend>Message</legend>
            <SchemaFields {...fieldProps} part="message" />
          </fieldset>
        )}
        {canWrite ? (
          <div className="actions form-actions">
            <button className="button" type="submit" disabled={busy !== undefined}>
              {busy === 'save' ? 'Saving…' : editing ? 'Save changes' : 'Create channel'}
            </button>
            <a className="button secondary" href="/notifications">
              Cancel
            </a>
            {editing && (
              <button type="button" className="button danger push-right" onClick={() => deleteDialog.current?.showModal()}>
                Delete channel
              </button>
            )}
          </div>
        ) : (
          <p className="hint">You can view this channel; changing it needs the editor role.</p>
        )}
        {editing && canWrite && (
          <ConfirmDeleteDialog dialogRef={deleteDialog} id="delete-channel-title" title={`Delete “${channel.name}”?`} confirmLabel="Delete channel" busy={busy === 'delete'} disabled={busy !== undefined} onConfirm={remove}>
            Its settings and stored secrets are removed. A channel the notification policy routes to cannot be deleted: change the policy first.
          </ConfirmDeleteDialog>
        )}
      </form>
      <ChannelPreview load={preview} />
    </div>
  );
}
