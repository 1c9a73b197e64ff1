'use client';

// The SLO detail's actions: export (Sloth, Pyrra, Prometheus rules; a refused Pyrra export says
// why), and for editors Edit and Delete.
import { useRef, useState } from 'react';
import type { FieldProblem } from '../components/api-client';
import { ConfirmDeleteDialog } from '../components/confirm-delete-dialog';

const FORMATS = [
  { format: 'sloth', label: 'Sloth spec', hint: 'prometheus/v1 SLO for sloth generate' },
  { format: 'pyrra', label: 'Pyrra SLO', hint: 'ServiceLevelObjective resource' },
  { format: 'prometheus', label: 'Prometheus rules', hint: 'recording and alerting rules' },
] as const;

type Outcome = { kind: 'ok'; text: string } | { kind: 'error'; text: string; issues: FieldProblem[] };

/** The file name from Content-Disposition: attachment; filename="x.yaml". */
const filenameOf = (header: string | null, fallback: string) => /filename="([^"]+)"/.exec(header ?? '')?.[1] ?? fallback;

export function SloActions({ id, name, canWrite }: { id: string; name: string; canWrite: boolean }) {
  const [busy, setBusy] = useState<string>();
  const [outcome, setOutcome] = useState<Outcome>();
  const menu = useRef<HTMLDetailsElement>(null);
  const deleteDialog = useRef<HTMLDialogElement>(null);

  async function download(format: (typeof FORMATS)[number]['format']) {
    setBusy(format);
    setOutcome(undefined);
    if (menu.current) menu.current.open = false;
    try {
      const response = await fetch(`/api/v1/slos/${id}/export?format=${format}`, { credentials: 'same-origin' });
      if (!response.ok) {
        const body = (await response.json().catch(() => ({}))) as { error?: { message?: string; issues?: FieldProblem[] } };
        setOutcome({ kind: 'error', text: body.error?.message ?? `Export failed (HTTP ${response.status})`, issues: body.error?.issues ?? [] });
        return;
      }
      const filename = filenameOf(response.headers.get('Content-Disposition'), `${format}.yaml`);
      const url = URL.createObjectURL(await response.blob());
      const link = document.createElement('a');
      link.href = url;
      link.download = filename;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setOutcome({ kind: 'ok', text: `Downloaded ${filename}.` });
    } catch {
      setOutcome({ kind: 'error', text: 'The server did not answer. Is Kubewatch running?', issues: [] });
    } finally {
      setBusy(undefined);
    }
  }

  async function remove() {
    setBusy('delete');
    const response = await fetch(`/api/v1/slos/${id}`, { method: 'DELETE', credentials: 'same-origin' }).catch(() => null);
    if (response?.ok) {
      window.location.assign('/slos');
      return;
    }
    setBusy(undefined);
    deleteDialog.current?.close();
    setOutcome({ kind: 'error', text: response ? `The SLO was not deleted (HTTP ${response.status}).` : 'The server did not answer.', issues: [] });
  }

  // A fragment: the buttons and the outcome are items of the page head (the outcome on a line of its own).
  return (
    <>
      <div className="actions slo-actions">
        {canWrite && (
          <>
            <a className="button secondary" href={`/slos/${id}/edit`}>
              Edit
            </a>
            <button type="button" className="button danger" onClick={() => deleteDialog.current?.showModal()}>
              Delete
            </button>
          </>
        )}
        <details className="menu" ref={menu}>
          <summary className="button secondary">Export</summary>
          <ul className="menu-list" aria-label="Export formats">
            {FORMATS.map((f) => (
              <li key={f.format}>
                <button type="button" className="menu-item" disabled={busy !== undefined} onClick={() => download(f.format)}>
                  <span>{busy === f.format ? 'Downloading…' : f.label}</span>
                  <span className="hint">{f.hint}</span>
                </button>
              </li>
            ))}
          </ul>
        </details>
      </div>
      {outcome && (
        <div className={outcome.kind === 'ok' ? 'ok export-outcome' : 'error-box export-outcome'} role="status">
          {outcome.kind === 'ok' ? (
            outcome.text
          ) : (
            <>
              <strong>{outcome.text}</strong>
              {outcome.issues.length > 0 && (
                <ul>
                  {outcome.issues.map((issue) => (
                    <li key={issue.message}>{issue.message}</li>
                  ))}
                </ul>
              )}
            </>
          )}
        </div>
      )}
      {canWrite && (
        <ConfirmDeleteDialog dialogRef={deleteDialog} id="delete-slo-title" title={`Delete “${name}”?`} confirmLabel="Delete SLO" busy={busy === 'delete'} disabled={busy !== undefined} onConfirm={remove}>
          Its numbers and its burn-rate alerts go with it; firing alerts are resolved (and notified as resolved).
        </ConfirmDeleteDialog>
      )}
    </>
  );
}
