import { useId, useState } from 'react';
import type { ClashView } from '../../../../shared/contract/rota';
import { plural } from './rota-words';

const PAGE = 100;

const KIND_LABEL: Record<ClashView['kind'], string> = {
  'unknown-slot-type': 'unknown slot type',
  'bank-holiday': 'bank holiday',
  'local-closure': 'practice closed',
  'overlapping-session': 'overlapping session',
  'outside-opening-hours': 'outside opening hours',
  'template-ends-mid-slot': 'slots do not fit',
  'existing-booking': 'booked slot already there',
  'existing-slot': 'slot already there',
  leave: 'leave',
  'leave-over-booking': 'leave over a booking',
  'released-after-start': 'released too late',
};

/** Every clash, each in its own plain sentence: for a person to resolve (nothing in the book was changed for them). */
export function ClashList({ clashes }: { clashes: readonly ClashView[] }) {
  const [shown, setShown] = useState(PAGE);
  const id = useId();
  if (clashes.length === 0) return <p>No clashes.</p>;
  const counts = new Map<string, number>();
  for (const c of clashes) counts.set(KIND_LABEL[c.kind], (counts.get(KIND_LABEL[c.kind]) ?? 0) + 1);
  return (
    <section aria-labelledby={`${id}-heading`} className="rota-clashes">
      <h4 id={`${id}-heading`}>{plural(clashes.length, 'clash', 'clashes')} to look at</h4>
      <p>
        {[...counts].map(([k, n]) => `${n} ${k}`).join(', ')}. Nothing already in the book is changed because of a clash.
      </p>
      <ul className="rota-clashes__list" aria-labelledby={`${id}-heading`}>
        {clashes.slice(0, shown).map((c, i) => (
          <li key={i}>{c.message}</li>
        ))}
      </ul>
      {shown < clashes.length && (
        <button type="button" className="button button--small" onClick={() => setShown((n) => n + PAGE * 5)}>
          Show more clashes ({clashes.length - shown} not shown)
        </button>
      )}
    </section>
  );
}
