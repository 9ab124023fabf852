import { useEffect, useId, useRef } from 'react';
import type { StaffSession } from '../../../../shared/contract';
import { can, refusalMessage } from '../../../../shared/domain/roles';
import { LoadFailed } from '../../components/LoadFailed';
import { getApi } from '../../lib/api';
import { ROTA_SECTIONS, useRotaStore, type RotaSection } from '../../stores/rota.store';
import { CapacitySection } from './CapacitySection';
import { HoursSection } from './HoursSection';
import { LeaveSection } from './LeaveSection';
import { PlanSection } from './PlanSection';
import { RotasSection } from './RotasSection';
import { SlotTypesSection } from './SlotTypesSection';

/**
 * Rotas (issue 6): everyone may look; a practice manager ('rota.edit') also gets the forms. The core refuses
 * changes from anyone else whatever the screen offers, and its refusal is shown where the change was tried.
 */
export function RotaView({ user }: { user: StaffSession }) {
  const status = useRotaStore((s) => s.status);
  const loadError = useRotaStore((s) => s.loadError);
  const notice = useRotaStore((s) => s.notice);
  const section = useRotaStore((s) => s.section);
  const overview = useRotaStore((s) => s.overview);
  const { load, setSection } = useRotaStore.getState();
  const canEdit = can(user.roleCode, 'rota.edit');
  const headingRef = useRef<HTMLHeadingElement>(null);
  const sectionRef = useRef<HTMLHeadingElement>(null);
  const id = useId();

  useEffect(() => {
    headingRef.current?.focus();
    void load();
  }, [load]);
  // Another desk (or this one) changed the set-up: read it again.
  useEffect(() => getApi().on('changed', ({ tables }) => tables.includes('rota') && void useRotaStore.getState().load()), []);

  const open = (s: RotaSection) => {
    setSection(s);
    setTimeout(() => sectionRef.current?.focus(), 0);
  };
  const label = ROTA_SECTIONS.find((s) => s.id === section)?.label ?? '';

  return (
    <section className="view rota" aria-labelledby={`${id}-heading`}>
      <h2 ref={headingRef} id={`${id}-heading`} tabIndex={-1} className="view__heading">
        Rotas
      </h2>
      {!canEdit && <p className="hint">You can look at the rotas. {refusalMessage('rota.edit')}</p>}
      <p role="status" aria-label="Rotas" className="view__status">
        {status === 'loading' && !overview ? 'Loading the rotas…' : notice}
      </p>
      {status === 'error' && loadError && <LoadFailed what="the rotas" error={loadError} onRetry={() => void load()} />}
      <nav aria-label="Rota sections" className="rota-nav">
        <ul className="desk-nav__list">
          {ROTA_SECTIONS.map((s) => (
            <li key={s.id}>
              <button type="button" className="desk-nav__item" aria-current={s.id === section ? 'true' : undefined} onClick={() => open(s.id)}>
                {s.label}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      {overview && (
        <section className="rota-section" aria-labelledby={`${id}-section`}>
          <h3 ref={sectionRef} id={`${id}-section`} tabIndex={-1}>
            {label}
          </h3>
          {section === 'slot-types' && <SlotTypesSection canEdit={canEdit} />}
          {section === 'rotas' && <RotasSection canEdit={canEdit} />}
          {section === 'generate' && <PlanSection canEdit={canEdit} />}
          {section === 'leave' && <LeaveSection canEdit={canEdit} />}
          {section === 'hours' && <HoursSection canEdit={canEdit} />}
          {section === 'capacity' && <CapacitySection />}
        </section>
      )}
    </section>
  );
}
