import type { Embargo, PracticeSlotType } from '../../../shared/domain/rota/slot-type';
import { SLOT_TYPES, type SlotType } from '../../sandbox/appointments/data';
import type { RotaRepo } from '../db/repos/rota.repo';
import { DEFAULT_OPENING_HOURS } from '../services/rota-support';

/** What the sandbox's slot types do not say: colour, national category, auto-DNA (keyed by the sandbox's code). */
const PRACTICE_FACTS: Record<string, { colour: string; category: PracticeSlotType['nationalCategory']; autoDna: boolean }> = {
  'routine-gp': { colour: '#1d70b8', category: 'General Consultation Routine', autoDna: true },
  urgent: { colour: '#d4351c', category: 'General Consultation Acute', autoDna: true },
  telephone: { colour: '#f47738', category: 'General Consultation Routine', autoDna: false },
  admin: { colour: '#505a5f', category: 'Unmapped', autoDna: false },
  'nurse-15': { colour: '#00703c', category: 'Planned Clinics', autoDna: true },
  'hca-bloods': { colour: '#4c2c92', category: 'Planned Clinical Procedure', autoDna: true },
};

function embargoOf(t: SlotType): Embargo {
  switch (t.embargo.kind) {
    case 'none':
      return { kind: 'none' };
    case 'hours-before':
      return { kind: 'before', hours: t.embargo.hours };
    case 'on-the-day': {
      const m = t.embargo.minuteOfDay;
      return { kind: 'on-the-day', at: `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}` };
    }
  }
}

/** The demo practice's slot types, the same ids the sandbox's book uses, so templates can use them at once. */
export function demoSlotTypes(): PracticeSlotType[] {
  return Object.values(SLOT_TYPES).map((t: SlotType) => {
    const facts = PRACTICE_FACTS[t.code] ?? { colour: '#505a5f', category: 'Unmapped' as const, autoDna: true };
    return {
      id: t.code,
      name: t.name,
      lengthMinutes: t.minutes,
      colour: facts.colour,
      bookableBy: t.bookable ? (t.onlineBookable ? ['reception', 'online', 'clinician'] : ['reception', 'clinician']) : [],
      embargo: embargoOf(t),
      autoDna: facts.autoDna,
      urgent: t.urgent,
      nationalCategory: facts.category,
    };
  });
}

/** Demo mode, first start: a practice manager starts with the book's slot types and 08:00–18:30 Monday to Friday. */
export function seedDemoRota(repo: RotaRepo, now = new Date()): number {
  const at = now.toISOString();
  let seeded = 0;
  if (repo.slotTypeCount() === 0) {
    for (const t of demoSlotTypes()) repo.saveSlotType(t, at);
    seeded = Object.keys(SLOT_TYPES).length;
  }
  if (repo.openingHours().practice === null) repo.setOpeningHours(null, DEFAULT_OPENING_HOURS, at);
  return seeded;
}
