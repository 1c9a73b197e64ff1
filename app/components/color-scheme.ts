'use client';

import { useEffect, useState } from 'react';

/** Whether the page shows its dark scheme now: the chosen theme, or the system's preference under "System". */
export function isDarkScheme(): boolean {
  const theme = document.documentElement.dataset.theme;
  if (theme === 'dark') return true;
  if (theme === 'light') return false;
  return window.matchMedia('(prefers-color-scheme: dark)').matches;
}

/** Calls `change` whenever the scheme may have changed (theme switch or system preference); returns the unsubscribe. */
export function onSchemeChange(change: () => void): () => void {
  const query = window.matchMedia('(prefers-color-scheme: dark)');
  query.addEventListener('change', change);
  const observer = new MutationObserver(change);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  return () => {
    query.removeEventListener('change', change);
    observer.disconnect();
  };
}

/** The current scheme as state, so a canvas drawn in one scheme is redrawn in the other. */
export function useDarkScheme(): boolean {
  const [dark, setDark] = useState(false);
  useEffect(() => {
    const update = () => setDark(isDarkScheme());
    update();
    return onSchemeChange(update);
  }, []);
  return dark;
}
