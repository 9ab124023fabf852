import type { ReactNode } from 'react';

/** Text for screen readers only, e.g. a column's label repeated inside each row. */
export function VisuallyHidden({ children }: { children: ReactNode }) {
  return <span className="visually-hidden">{children}</span>;
}
