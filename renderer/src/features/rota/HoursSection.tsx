import { useRotaStore } from '../../stores/rota.store';
import { ClosuresPanel } from './ClosuresPanel';
import { HoursTable } from './HoursTable';
import { OpeningHoursForm } from './OpeningHoursForm';

/** Opening hours (a form for a practice manager, a table for everyone else) and local closures. */
export function HoursSection({ canEdit }: { canEdit: boolean }) {
  const overview = useRotaStore((s) => s.overview);
  const draft = useRotaStore((s) => s.hours);
  if (!overview) return null;
  return (
    <>
      <HoursTable overview={overview} />
      {canEdit && draft && <OpeningHoursForm draft={draft} overview={overview} />}
      <ClosuresPanel overview={overview} canEdit={canEdit} />
    </>
  );
}
