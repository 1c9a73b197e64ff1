'use client';

import { useState } from 'react';
import { THEME_COOKIE, type Theme } from './theme';

const CHOICES: { value: Theme; label: string }[] = [
  { value: 'system', label: 'System' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

/** System / Light / Dark as a radio group (Tab to it, arrow keys to choose); remembered for a year in a cookie. */
export function ThemeSwitch({ initial }: { initial: Theme }) {
  const [theme, setTheme] = useState<Theme>(initial);
  function choose(next: Theme) {
    setTheme(next);
    document.documentElement.dataset.theme = next;
    document.cookie = `${THEME_COOKIE}=${next}; path=/; max-age=31536000; samesite=lax`;
  }
  return (
    <fieldset className="theme-switch">
      <legend>Theme</legend>
      <div className="grid w-full max-w-64 grid-cols-3 overflow-hidden rounded-lg border border-border">
        {CHOICES.map((choice) => (
          <label
            key={choice.value}
            className={`flex cursor-pointer items-center justify-center px-2 py-1 text-[13px] font-semibold not-first:border-l not-first:border-border focus-within:outline-2 focus-within:-outline-offset-2 focus-within:outline-accent ${
              theme === choice.value ? 'bg-accent/14 text-accent' : 'text-fg hover:bg-accent/8'
            }`}
          >
            <input type="radio" name="theme" value={choice.value} checked={theme === choice.value} onChange={() => choose(choice.value)} className="sr-only" />
            {choice.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
