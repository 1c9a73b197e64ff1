import type { ReactNode } from 'react';
import { SectionNav } from './section-nav';

/** Notifications: channels, the routing policy, silences, mute timings and the delivery log. */
export default function NotificationsLayout({ children }: { children: ReactNode }) {
  return (
    <div className="notifications-section">
      <SectionNav />
      {children}
    </div>
  );
}
