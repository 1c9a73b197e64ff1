/**
 * A loading skeleton for a page (a route's loading.tsx): grey blocks where the content will be,
 * `aria-busy` with a "Loading …" status for screen readers, and no pulsing when the person asked
 * for reduced motion.
 */
export function PageSkeleton({ what, layout = 'list', count = 4 }: { what: string; layout?: 'cards' | 'table' | 'list' | 'detail'; count?: number }) {
  const items = Array.from({ length: count }, (_, i) => i);
  return (
    <div aria-busy="true" className="grid gap-5" data-testid="page-skeleton">
      <p role="status" className="sr-only">
        Loading {what}…
      </p>
      <div aria-hidden="true" className="grid gap-2">
        <div className="skeleton h-7 w-48 max-w-full" />
        <div className="skeleton h-4 w-96 max-w-full" />
      </div>
      {layout === 'cards' && (
        <div aria-hidden="true" className="grid grid-cols-[repeat(auto-fill,minmax(min(100%,320px),1fr))] gap-3.5">
          {items.map((i) => (
            <div key={i} className="grid content-start gap-3 rounded-panel border border-border bg-panel p-4">
              <div className="skeleton h-5 w-1/2" />
              <div className="skeleton h-2 w-full" />
              <div className="skeleton h-2 w-full" />
              <div className="skeleton h-3 w-3/4" />
            </div>
          ))}
        </div>
      )}
      {layout === 'table' && (
        <div aria-hidden="true" className="overflow-hidden rounded-panel border border-border bg-panel">
          {items.map((i) => (
            <div key={i} className="flex gap-4 border-b border-border px-3.5 py-3 last:border-b-0">
              <div className="skeleton h-4 w-1/4" />
              <div className="skeleton h-4 w-1/6" />
              <div className="skeleton h-4 flex-1" />
            </div>
          ))}
        </div>
      )}
      {layout === 'list' && (
        <div aria-hidden="true" className="grid gap-3.5">
          {items.map((i) => (
            <div key={i} className="grid gap-2.5 rounded-panel border border-border bg-panel p-4">
              <div className="skeleton h-5 w-1/3" />
              <div className="skeleton h-3 w-5/6" />
              <div className="skeleton h-3 w-2/3" />
            </div>
          ))}
        </div>
      )}
      {layout === 'detail' && (
        <div aria-hidden="true" className="grid gap-4">
          <div className="grid grid-cols-[repeat(auto-fit,minmax(min(100%,200px),1fr))] gap-3">
            {items.map((i) => (
              <div key={i} className="grid gap-2 rounded-panel border border-border bg-panel p-4">
                <div className="skeleton h-3 w-1/2" />
                <div className="skeleton h-6 w-2/3" />
              </div>
            ))}
          </div>
          <div className="skeleton h-56 w-full rounded-panel" />
        </div>
      )}
    </div>
  );
}
