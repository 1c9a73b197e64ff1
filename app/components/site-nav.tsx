'use client';

import { useEffect, useRef, useState, type ReactNode } from 'react';

/**
 * The main navigation: a sidebar on laptops; on phones a top bar whose menu button shows and hides
 * the links (aria-expanded). Opening moves focus to the first section link; Escape closes and returns focus
 * to the button.
 */
export function SiteNav({ children }: { children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    // The first section link (the search button and firing count come before the links).
    (panel.current?.querySelector<HTMLElement>('ul.nav a[href]') ?? panel.current?.querySelector<HTMLElement>('a[href], button, input'))?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setOpen(false);
      button.current?.focus();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [open]);

  return (
    <nav className="sidebar" aria-label="Main">
      <div className="flex items-center justify-between gap-3 md:block">
        <a className="brand" href="/">
          Kubewatch
        </a>
        <button
          ref={button}
          type="button"
          className="button secondary small inline-flex items-center gap-1.5 md:hidden"
          aria-expanded={open}
          aria-controls="site-menu"
          onClick={() => setOpen((was) => !was)}
        >
          <svg aria-hidden="true" width="16" height="16" viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round">
            {open ? <path d="M3 3l10 10M13 3L3 13" /> : <path d="M2 4h12M2 8h12M2 12h12" />}
          </svg>
          Menu
        </button>
      </div>
      <div id="site-menu" ref={panel} className={`${open ? 'block' : 'hidden'} pt-3 pb-1 md:block md:p-0`}>
        {children}
      </div>
    </nav>
  );
}
