'use client';

import { useEffect, useRef } from 'react';

/**
 * Calls `load` every `intervalMs` while the tab is visible: polling stops when the tab is hidden
 * and, when it shows again, loads at once and resumes. `immediate` loads on mount too (pages
 * rendered on the server already have their first data). `deps` restart it (a new filter).
 */
export function usePolling(load: (signal: { stopped: boolean }) => Promise<void> | void, intervalMs: number, deps: unknown[], immediate = true) {
  const latest = useRef(load);
  latest.current = load;
  useEffect(() => {
    const signal = { stopped: false };
    let timer: ReturnType<typeof setInterval> | undefined;
    const run = () => void latest.current(signal);
    const start = () => {
      if (timer === undefined) timer = setInterval(run, intervalMs);
    };
    const stop = () => {
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
    };
    const visibility = () => {
      if (document.hidden) stop();
      else {
        run();
        start();
      }
    };
    if (immediate) run();
    if (!document.hidden) start();
    document.addEventListener('visibilitychange', visibility);
    return () => {
      signal.stopped = true;
      stop();
      document.removeEventListener('visibilitychange', visibility);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [intervalMs, immediate, ...deps]);
}
