'use client';

// The navigation's tools: the "Search" button that opens the command palette (also Ctrl+K / Cmd+K,
// and "/" outside text fields), and a live count of firing alerts. The palette's code is loaded
// only when it is first opened (or the button is hovered / focused), not with the page.
import { lazy, Suspense, useCallback, useEffect, useRef, useState } from 'react';
import { callApi } from './api-client';
import { usePolling } from './use-polling';

const loadPalette = () => import('./command-palette');
const CommandPalette = lazy(loadPalette);
const COUNT_REFRESH_MS = 15_000;

function typingIn(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName) || target.closest('.cm-editor') !== null;
}

export function NavTools({ role }: { role: 'viewer' | 'editor' | 'admin' }) {
  const [open, setOpen] = useState(false);
  const [mac, setMac] = useState(false);
  const returnFocus = useRef<HTMLElement | null>(null);

  const show = useCallback(() => {
    returnFocus.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setOpen(true);
  }, []);
  const close = useCallback(() => {
    setOpen(false);
    // Back where the person was (the button, or the field they left).
    const target = returnFocus.current;
    if (target?.isConnected) setTimeout(() => target.focus(), 0);
  }, []);

  useEffect(() => {
    setMac(/Mac|iPhone|iPad/.test(navigator.platform));
    const keydown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return;
      const k = event.key.toLowerCase() === 'k' && (event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey;
      const slash = event.key === '/' && !event.ctrlKey && !event.metaKey && !event.altKey && !typingIn(event.target);
      if (!k && !slash) return;
      event.preventDefault();
      show();
    };
    window.addEventListener('keydown', keydown);
    return () => window.removeEventListener('keydown', keydown);
  }, [show]);

  return (
    <div className="nav-tools">
      <button
        type="button"
        className="palette-button"
        onClick={show}
        onMouseEnter={() => void loadPalette()}
        onFocus={() => void loadPalette()}
        aria-haspopup="dialog"
        aria-keyshortcuts="Control+K Meta+K /"
      >
        <span>Search</span>
        <kbd aria-hidden="true">{mac ? '⌘K' : 'Ctrl K'}</kbd>
      </button>
      <FiringCount />
      {open && (
        <Suspense fallback={null}>
          <CommandPalette role={role} onClose={close} />
        </Suspense>
      )}
    </div>
  );
}

/** "N firing" linking to the firing alerts, refreshed every 15 s while the tab is visible. */
function FiringCount() {
  const [firing, setFiring] = useState<number>();
  usePolling(
    async (signal) => {
      const result = await callApi<{ firing: number; pending: number }>('GET', '/api/v1/alerts/counts');
      if (!signal.stopped && result.ok) setFiring(result.data.firing);
    },
    COUNT_REFRESH_MS,
    [],
  );
  if (firing === undefined) return null;
  return (
    <a className={`nav-firing${firing > 0 ? ' is-firing' : ''}`} href="/alerts?state=firing" data-testid="nav-firing">
      <span className="nav-firing-dot" aria-hidden="true" />
      {firing === 0 ? 'No alerts firing' : `${firing} alert${firing === 1 ? '' : 's'} firing`}
    </a>
  );
}
