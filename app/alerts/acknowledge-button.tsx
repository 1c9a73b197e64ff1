'use client';

// Acknowledge a firing alert: stops repeat notifications and escalation; the resolution is still sent.
import { useState } from 'react';
import { callApi } from '../components/api-client';

export function AcknowledgeButton({ alertId, onDone }: { alertId: string; onDone: () => void }) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();
  const acknowledge = async () => {
    const comment = window.prompt('Acknowledge this alert. Comment (optional):', '');
    if (comment === null) return;
    setBusy(true);
    const result = await callApi('POST', `/api/v1/alerts/${alertId}/acknowledge`, comment.trim() ? { comment: comment.trim() } : {});
    setBusy(false);
    if (result.ok) onDone();
    else setProblem(result.message);
  };
  return (
    <>
      <button type="button" className="button secondary small" onClick={acknowledge} disabled={busy}>
        {busy ? 'Acknowledging…' : 'Acknowledge'}
      </button>
      {problem && <span className="error" role="alert"> {problem}</span>}
    </>
  );
}
