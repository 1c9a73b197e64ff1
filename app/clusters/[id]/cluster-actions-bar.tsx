'use client';

import { useRef, useState } from 'react';
import { callApi } from '../../components/api-client';

/** Test connection and delete (with a confirmation dialog) for one cluster. */
export function ClusterActionsBar({ id, name }: { id: string; name: string }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [typed, setTyped] = useState('');
  const [status, setStatus] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function test() {
    setBusy(true);
    setStatus('Testing…');
    const result = await callApi<{ status: { state: string; reason: string | null } }>('POST', `/api/v1/clusters/${id}/test`);
    setBusy(false);
    if (result.ok) window.location.reload();
    else setStatus(result.message);
  }

  async function remove() {
    setBusy(true);
    const result = await callApi('DELETE', `/api/v1/clusters/${id}`);
    setBusy(false);
    if (result.ok) window.location.assign('/clusters');
    else setStatus(result.message);
  }

  return (
    <div className="actions">
      <button className="button secondary" type="button" onClick={test} disabled={busy}>Test connection</button>
      <a className="button secondary" href={`/clusters/${id}/edit`}>Edit</a>
      <button className="button danger" type="button" onClick={() => dialog.current?.showModal()}>Delete</button>
      {status && <span className="hint" role="status">{status}</span>}
      <dialog ref={dialog} aria-labelledby="delete-title" className="card">
        <form
          method="dialog"
          className="form"
          onSubmit={(e) => {
            e.preventDefault();
            void remove();
          }}
        >
          <h2 id="delete-title">Delete {name}?</h2>
          <p>Its settings and credentials are removed. Type the cluster name to confirm.</p>
          <label htmlFor="confirm-name">Cluster name</label>
          <input id="confirm-name" value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" />
          <div className="actions">
            <button className="button danger" type="submit" disabled={typed !== name || busy}>Delete cluster</button>
            <button className="button secondary" type="button" onClick={() => dialog.current?.close()}>Cancel</button>
          </div>
        </form>
      </dialog>
    </div>
  );
}
