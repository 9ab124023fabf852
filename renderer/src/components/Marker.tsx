import type { ReactNode } from 'react';

export type MarkerTone = 'restricted' | 'deceased' | 'info';

/** A flag on a patient. Always words first; the colour only repeats what the words say. */
export function Marker({ tone, children }: { tone: MarkerTone; children: ReactNode }) {
  return <span className={`marker marker--${tone}`}>{children}</span>;
}
