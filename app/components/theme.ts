/** The colour theme a person chose: the system's, or always light / dark. Kept in a cookie, so the
 * server renders <html data-theme> right and the page never flashes the other scheme. */
export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];
export const THEME_COOKIE = 'kubewatch-theme';

export function parseTheme(value: string | undefined | null): Theme {
  return (THEMES as readonly string[]).includes(value ?? '') ? (value as Theme) : 'system';
}
