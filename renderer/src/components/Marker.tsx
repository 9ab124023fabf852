import type { ReactNode } from 'react';

export type MarkerTone = 'restricted' | 'deceased' | 'info' | 'locked';

/** A flag on a patient (or a card). Always words first; the colour only repeats what the words say. */
export function Marker({ tone, children }: { tone: MarkerTone; children: ReactNode }) {
  return <span className={`marker marker--${tone}`}>{children}</span>;
}
