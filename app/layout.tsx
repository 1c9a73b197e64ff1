import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { NavLink } from './components/nav-link';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Kubewatch', template: '%s · Kubewatch' },
  description: 'Multi-cluster Kubernetes monitoring and alerting',
};

// Sections that later issues fill in are listed but not yet links.
const SECTIONS = [
  { label: 'Clusters', href: '/clusters' },
  { label: 'Alerts' },
  { label: 'Rules' },
  { label: 'SLOs' },
  { label: 'Notifications' },
  { label: 'Settings' },
];

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <div className="shell">
          <nav className="sidebar" aria-label="Main">
            <a className="brand" href="/">Kubewatch</a>
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
          </nav>
          <main>{children}</main>
        </div>
      </body>
    </html>
  );
}
