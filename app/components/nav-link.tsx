'use client';

import { usePathname } from 'next/navigation';

/** A sidebar link that marks itself as the current page (aria-current) for styling and screen readers. */
export function NavLink({ href, children }: { href: string; children: React.ReactNode }) {
  const pathname = usePathname();
  const current = pathname === href || pathname.startsWith(`${href}/`);
  return (
    <a href={href} aria-current={current ? 'page' : undefined}>
      {children}
    </a>
  );
}
