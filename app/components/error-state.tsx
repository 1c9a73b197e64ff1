'use client';

/**
 * What a route's error.tsx shows: which page failed, the reason when it is safe to show (server
 * errors only carry a reference to the server log), "Try again", and where else to go.
 */
export function ErrorState({ what, error, retry, elsewhere = { href: '/overview', label: 'Go to the overview' } }: { what: string; error: unknown; retry: () => void; elsewhere?: { href: string; label: string } }) {
  const digest = error instanceof Error && 'digest' in error ? String((error as Error & { digest?: string }).digest ?? '') : '';
  const message = error instanceof Error && !digest ? error.message : '';
  return (
    <section className="empty border-solid border-firing" role="alert" aria-labelledby="error-title">
      <h2 id="error-title">
        <span aria-hidden="true">✕ </span>
        {what} could not be loaded
      </h2>
      <p>
        {message ? (
          <>
            The page failed with: <code className="break-anywhere">{message}</code>
          </>
        ) : (
          <>The server could not answer this page. {digest && <>Its log has the details under reference <code>{digest}</code>.</>}</>
        )}
      </p>
      <p>Try again; if it keeps failing, check that the web process and its database are up (<a href="/api/readyz">/api/readyz</a> says which check fails).</p>
      <div className="actions center">
        <button type="button" className="button" onClick={() => retry()}>
          Try again
        </button>
        <a className="button secondary" href={elsewhere.href}>
          {elsewhere.label}
        </a>
      </div>
    </section>
  );
}
