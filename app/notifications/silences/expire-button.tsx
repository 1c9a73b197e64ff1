'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { callApi } from '../../components/api-client';

/** Ends a silence now; it stays listed under Expired. */
export function ExpireButton({ id, label }: { id: string; label: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();
  return (
    <>
      <button
        type="button"
        className="button secondary small"
        disabled={busy}
        aria-label={`Expire silence ${label}`}
        onClick={async () => {
          setBusy(true);
          const result = await callApi('POST', `/api/v1/silences/${id}/expire`);
          setBusy(false);
          if (result.ok) router.refresh();
          else setProblem(`Not expired: ${result.message}`);
        }}
      >
        {busy ? 'Expiring…' : 'Expire'}
      </button>
      {problem && (
        <span className="error" role="alert">
          {' '}
          {problem}
        </span>
      )}
    </>
  );
}
