import type { ReactNode } from 'react';

export type NoticeTone = 'alert' | 'warning' | 'info';

/**
 * A boxed message. `alert` is announced at once (role=alert) and is for things that went wrong;
 * the others are static text the user reads in place.
 */
export function Notice({ tone, children, className = '' }: { tone: NoticeTone; children: ReactNode; className?: string }) {
  return (
    <div role={tone === 'alert' ? 'alert' : undefined} className={`notice notice--${tone} ${className}`.trim()}>
      {children}
    </div>
  );
}
