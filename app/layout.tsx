import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { headers } from 'next/headers';
import { authenticate } from '@/lib/auth/principal';
import { appContext } from '@/lib/runtime/app-context';
import { NavLink } from './components/nav-link';
import { NavTools } from './components/nav-tools';
import { SignOutButton } from './components/sign-out-button';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Kubewatch', template: '%s · Kubewatch' },
  description: 'Multi-cluster Kubernetes monitoring and alerting',
};

// Sections that later issues fill in are listed but not yet links.
const SECTIONS = [
  { label: 'Overview', href: '/overview' },
  { label: 'Clusters', href: '/clusters' },
  { label: 'Alerts', href: '/alerts' },
  { label: 'Rules', href: '/rules' },
  { label: 'SLOs', href: '/slos' },
  { label: 'Notifications', href: '/notifications' },
  { label: 'Settings', href: '/settings' },
];

async function signedInUser() {
  try {
    const app = await appContext();
    return await authenticate(new Request('http://localhost/', { headers: await headers() }), app);
  } catch {
    return null;
  }
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  const user = await signedInUser();
  return (
    <html lang="en">
      <body>
        <div className="shell">
          <nav className="sidebar" aria-label="Main">
            <a className="brand" href="/">Kubewatch</a>
            {user && <NavTools role={user.role} />}
            {/* Signed out (the setup and sign-in pages) every section leads back to sign-in: none is listed. */}
            {user && (
              <ul className="nav">
                {SECTIONS.map((section) => (
                  <li key={section.label}>
                    {section.href ? (
                      <NavLink href={section.href}>{section.label}</NavLink>
                    ) : (
                      <span title="Coming soon">{section.label}</span>
                    )}
                  </li>
                ))}
              </ul>
            )}
            {user && (
              <div className="user">
                <span>
                  {user.email} · {user.role}
                </span>
                <SignOutButton />
              </div>
            )}
          </nav>
          <main>{children}</main>
        </div>
      </body>
    </html>
  );
}
