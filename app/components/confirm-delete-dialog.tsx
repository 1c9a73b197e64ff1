'use client';

import type { ReactNode, RefObject } from 'react';

/** The "Delete X?" dialog of the editors: what goes with it, then Delete or Cancel. */
export function ConfirmDeleteDialog({
  dialogRef,
  id,
  title,
  children,
  confirmLabel,
  busy,
  disabled = false,
  onConfirm,
}: {
  dialogRef: RefObject<HTMLDialogElement | null>;
  id: string;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  /** True while the deletion runs (the button says so and is disabled); `disabled` while anything else runs. */
  busy: boolean;
  disabled?: boolean;
  onConfirm: () => void;
}) {
  return (
    <dialog ref={dialogRef} aria-labelledby={id} className="card">
      <h2 id={id}>{title}</h2>
      <p>{children}</p>
      <div className="actions">
        <button type="button" className="button danger" disabled={busy || disabled} onClick={onConfirm}>
          {busy ? 'Deleting…' : confirmLabel}
        </button>
        <button type="button" className="button secondary" onClick={() => dialogRef.current?.close()}>
          Cancel
        </button>
      </div>
    </dialog>
  );
}
