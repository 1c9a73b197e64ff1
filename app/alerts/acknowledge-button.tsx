'use client';

// Acknowledge a firing alert: stops repeat notifications and escalation; the resolution is still sent.
// An in-page modal dialog (focus stays inside it, Escape or Cancel closes it and focus returns to
// the button) with an optional comment.
import { useEffect, useId, useRef, useState } from 'react';
import { callApi } from '../components/api-client';

export function AcknowledgeButton({ alertId, alertName, onDone }: { alertId: string; alertName?: string; onDone: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const comment = useRef<HTMLTextAreaElement>(null);
  const id = useId().replace(/:/g, '');
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();

  // In the page only while open (so the list holds one "Acknowledge" button per alert).
  useEffect(() => {
    if (!open || !dialog.current || dialog.current.open) return;
    dialog.current.showModal();
    comment.current?.focus();
  }, [open]);

  const acknowledge = async (event: React.FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const text = comment.current?.value.trim() ?? '';
    const result = await callApi('POST', `/api/v1/alerts/${alertId}/acknowledge`, text ? { comment: text } : {});
    setBusy(false);
    if (result.ok) {
      dialog.current?.close();
      onDone();
    } else setProblem(result.issues.map((i) => i.message).join('; ') || result.message);
  };

  return (
    <>
      <button
        type="button"
        className="button secondary small"
        onClick={() => {
          setProblem(undefined);
          setOpen(true);
        }}
        disabled={busy}
        aria-haspopup="dialog"
      >
        {busy ? 'Acknowledging…' : 'Acknowledge'}
      </button>
      {open && (
        <dialog ref={dialog} className="card ack-dialog" aria-labelledby={`${id}-title`} aria-describedby={`${id}-what`} onClose={() => setOpen(false)}>
          <form onSubmit={acknowledge} className="form">
            <h2 id={`${id}-title`}>Acknowledge {alertName ? `“${alertName}”` : 'this alert'}?</h2>
            <p id={`${id}-what`} className="hint">
              No more repeat notifications or escalation for it. Its resolution is still sent.
            </p>
            <label htmlFor={`${id}-comment`}>Comment (optional)</label>
            <textarea id={`${id}-comment`} ref={comment} maxLength={2000} placeholder="What you are doing about it" aria-describedby={problem ? `${id}-problem` : undefined} />
            {problem && (
              <p className="error" id={`${id}-problem`} role="alert">
                {problem}
              </p>
            )}
            <div className="actions">
              <button type="button" className="button secondary" onClick={() => dialog.current?.close()}>
                Cancel
              </button>
              <button type="submit" className="button" disabled={busy}>
                {busy ? 'Acknowledging…' : 'Acknowledge'}
              </button>
            </div>
          </form>
        </dialog>
      )}
    </>
  );
}
