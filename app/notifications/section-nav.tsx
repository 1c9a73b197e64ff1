'use client';

import { usePathname } from 'next/navigation';

const SECTIONS = [
  { label: 'Channels', href: '/notifications', also: '/notifications/channels' },
  { label: 'Policy', href: '/notifications/policy' },
  { label: 'Silences', href: '/notifications/silences' },
  { label: 'Mute timings', href: '/notifications/mute-timings' },
  { label: 'Delivery log', href: '/notifications/deliveries' },
];

/** The Notifications section's sub-navigation; the current page is marked (aria-current). */
export function SectionNav() {
  const pathname = usePathname();
  const current = (s: (typeof SECTIONS)[number]) =>
    s.href === '/notifications' ? pathname === s.href || (s.also !== undefined && pathname.startsWith(`${s.also}/`)) : pathname === s.href || pathname.startsWith(`${s.href}/`);
  return (
    <nav className="subnav" aria-label="Notifications">
      <ul>
        {SECTIONS.map((s) => (
          <li key={s.href}>
            <a href={s.href} aria-current={current(s) ? 'page' : undefined}>
              {s.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
