'use client';

// The chart pages' shared time range: presets and a custom absolute window, kept in the page's
// URL (`?range=6h` or `?from=&to=`, so a link shows the same window) and remembered in
// localStorage as the default of the other chart pages.
import { useCallback, useEffect, useId, useState } from 'react';
import {
  checkAbsolute,
  DEFAULT_RANGE,
  deserializeRange,
  parseRangeParams,
  RANGE_PRESETS,
  rangeLabel,
  serializeRange,
  toLocalInput,
  withRange,
  type TimeRange,
} from '@/lib/time/time-range';

const STORAGE_KEY = 'kubewatch.timeRange';

function stored(now: number): TimeRange | null {
  try {
    return deserializeRange(window.localStorage.getItem(STORAGE_KEY), now);
  } catch {
    return null;
  }
}

function remember(range: TimeRange) {
  try {
    window.localStorage.setItem(STORAGE_KEY, serializeRange(range));
  } catch {
    // storage full or disabled: the URL still carries the range
  }
}

function writeUrl(range: TimeRange, mode: 'push' | 'replace') {
  const search = withRange(window.location.search, range);
  const url = `${window.location.pathname}?${search}${window.location.hash}`;
  if (mode === 'push') window.history.pushState(window.history.state, '', url);
  else window.history.replaceState(window.history.state, '', url);
}

/**
 * The page's range: from the URL, else the remembered one, else the last hour. Null until the
 * browser has read it (the server cannot know localStorage). `problem` says why a range in the
 * URL was not used.
 */
export function useTimeRange(defaultRange: TimeRange = DEFAULT_RANGE) {
  const [range, setRangeState] = useState<TimeRange | null>(null);
  const [problem, setProblem] = useState<string>();

  useEffect(() => {
    const read = () => {
      const now = Date.now();
      const fromUrl = parseRangeParams(new URLSearchParams(window.location.search), now);
      if (fromUrl?.ok) {
        setProblem(undefined);
        setRangeState(fromUrl.range);
        remember(fromUrl.range);
        return;
      }
      setProblem(fromUrl ? `The link's time range was not used: ${fromUrl.message}` : undefined);
      const fallback = stored(now) ?? defaultRange;
      setRangeState(fallback);
      writeUrl(fallback, 'replace');
    };
    read();
    window.addEventListener('popstate', read);
    return () => window.removeEventListener('popstate', read);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- read once (and on back / forward)
  }, []);

  const setRange = useCallback((next: TimeRange) => {
    setProblem(undefined);
    setRangeState(next);
    remember(next);
    writeUrl(next, 'push');
  }, []);

  return { range, setRange, problem };
}

export function TimeRangePicker({ range, onChange, problem }: { range: TimeRange | null; onChange: (range: TimeRange) => void; problem?: string }) {
  const id = useId().replace(/:/g, '');
  const [customOpen, setCustomOpen] = useState(false);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [error, setError] = useState<{ field: 'from' | 'to' | 'range'; message: string }>();

  const openCustom = () => {
    const now = Date.now();
    const current = range?.kind === 'absolute' ? range : { from: now - 3600_000, to: now };
    setFrom(toLocalInput(current.from));
    setTo(toLocalInput(current.to));
    setError(undefined);
    setCustomOpen((open) => !open);
  };

  const apply = (event: React.FormEvent) => {
    event.preventDefault();
    const checked = checkAbsolute(from, to, Date.now());
    if (!checked.ok) {
      setError({ field: checked.field, message: checked.message });
      document.getElementById(`${id}-${checked.field === 'to' ? 'to' : 'from'}`)?.focus();
      return;
    }
    setError(undefined);
    setCustomOpen(false);
    onChange(checked.range);
  };

  return (
    <div className="range-picker" data-testid="time-range-picker">
      <span className="range-current" aria-live="polite" id={`${id}-current`}>
        {range ? rangeLabel(range) : ''}
      </span>
      <div className="actions" role="group" aria-label="Time range">
        {RANGE_PRESETS.map((p) => {
          const pressed = range?.kind === 'preset' && range.preset === p.key;
          return (
            <button
              key={p.key}
              type="button"
              className={`button small ${pressed ? '' : 'secondary'}`}
              aria-pressed={pressed}
              title={p.label}
              onClick={() => {
                setCustomOpen(false);
                onChange({ kind: 'preset', preset: p.key });
              }}
            >
              {p.key}
            </button>
          );
        })}
        <button type="button" className={`button small ${range?.kind === 'absolute' ? '' : 'secondary'}`} aria-expanded={customOpen} aria-controls={`${id}-custom`} aria-pressed={range?.kind === 'absolute'} onClick={openCustom}>
          Custom…
        </button>
      </div>
      {problem && (
        <p className="error range-problem" role="alert">
          {problem}
        </p>
      )}
      {customOpen && (
        <form id={`${id}-custom`} className="range-custom" onSubmit={apply} noValidate aria-label="Custom time range">
          {/* The fields are in the browser's time zone; the range's label below is in UTC. */}
          <label htmlFor={`${id}-from`}>
            From (your local time)
            <input
              id={`${id}-from`}
              type="datetime-local"
              value={from}
              onChange={(e) => {
                setFrom(e.target.value);
                setError(undefined);
              }}
              aria-invalid={error?.field === 'from' || undefined}
              aria-describedby={error?.field === 'from' ? `${id}-error` : undefined}
            />
          </label>
          <label htmlFor={`${id}-to`}>
            To (your local time)
            <input id={`${id}-to`} type="datetime-local" value={to} onChange={(e) => {
                setTo(e.target.value);
                setError(undefined);
              }} aria-invalid={error?.field === 'to' || undefined} aria-describedby={error?.field === 'to' ? `${id}-error` : undefined} />
          </label>
          <button type="submit" className="button small">
            Apply
          </button>
          <button type="button" className="button small secondary" onClick={() => setCustomOpen(false)}>
            Cancel
          </button>
          {error && (
            <p className="error" id={`${id}-error`} role="alert">
              {error.message}
            </p>
          )}
        </form>
      )}
    </div>
  );
}
