import type { Metadata } from 'next';

export const metadata: Metadata = { title: 'Not found' };

/** Any unknown address, and pages whose record is gone (notFound()). */
export default function NotFound() {
  return (
    <section className="empty mt-6" aria-labelledby="not-found-title">
      <h1 id="not-found-title" className="mb-2 text-xl">
        Nothing here
      </h1>
      <p>This address matches no page, or what it showed (a cluster, a rule, an SLO) has been deleted.</p>
      <div className="actions center">
        <a className="button" href="/overview">
          Go to the overview
        </a>
        <a className="button secondary" href="/clusters">
          All clusters
        </a>
      </div>
    </section>
  );
}
