import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { cookies } from 'next/headers';
import { currentPrincipal } from './_lib/session';
import { NavLink } from './components/nav-link';
import { NavTools } from './components/nav-tools';
import { SignOutButton } from './components/sign-out-button';
import { SiteNav } from './components/site-nav';
import { parseTheme, THEME_COOKIE } from './components/theme';
import { ThemeSwitch } from './components/theme-switch';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Kubewatch', template: '%s · Kubewatch' },
  description: 'Multi-cluster Kubernetes monitoring and alerting',
};

const SECTIONS = [
  { label: 'Overview', href: '/overview' },
  { label: 'Clusters', href: '/clusters' },
  { label: 'Alerts', href: '/alerts' },
  { label: 'Rules', href: '/rules' },
  { label: 'SLOs', href: '/slos' },
  { label: 'Notifications', href: '/notifications' },
  { label: 'Settings', href: '/settings' },
];

export default async function RootLayout({ children }: { children: ReactNode }) {
  const user = await currentPrincipal().catch(() => null);
  // The chosen theme is rendered on <html>, so the first paint is already in it (no flash).
  const theme = parseTheme((await cookies()).get(THEME_COOKIE)?.value);
  return (
    <html lang="en" data-theme={theme}>
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <div className="shell">
          <SiteNav>
            {user && <NavTools role={user.role} />}
            {/* Signed out (the setup and sign-in pages) every section leads back to sign-in: none is listed. */}
            {user && (
              <ul className="nav">
                {SECTIONS.map((section) => (
                  <li key={section.label}>
                    <NavLink href={section.href}>{section.label}</NavLink>
                  </li>
                ))}
              </ul>
            )}
            {user && (
              <div className="user">
                <span className="break-anywhere">
                  {user.email} · {user.role}
                </span>
                <SignOutButton />
              </div>
            )}
            <ThemeSwitch initial={theme} />
          </SiteNav>
          <main id="main" tabIndex={-1} className="max-w-[1200px] min-w-0 p-5 focus:outline-none md:px-9 md:py-7">
            {children}
          </main>
        </div>
      </body>
    </html>
  );
}
