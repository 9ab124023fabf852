import type { Slot, SlotType } from '../../../shared/domain/appointments/slot';

export const SLOT_TYPES: SlotType[] = [
  { id: 'gp10', name: 'GP 10 min', lengthMinutes: 10, urgent: false, autoDna: true },
  { id: 'gp20', name: 'GP double', lengthMinutes: 20, urgent: false, autoDna: true },
  { id: 'urgent', name: 'On the day urgent', lengthMinutes: 10, urgent: true, autoDna: true },
  { id: 'phone', name: 'Telephone triage', lengthMinutes: 10, urgent: false, autoDna: false },
];

let seq = 0;
/** A free slot bookable by everyone; `start` is an ISO instant, length defaults to 10 minutes. */
export function slot(start: string, over: Partial<Slot> & { minutes?: number } = {}): Slot {
  const { minutes = 10, ...rest } = over;
  seq += 1;
  return {
    id: `s${String(seq).padStart(5, '0')}`,
    scheduleId: 'sch1',
    clinicianId: 'drA',
    siteId: 'main',
    slotTypeId: 'gp10',
    start,
    end: new Date(Date.parse(start) + minutes * 60_000).toISOString(),
    state: 'free',
    embargoUntil: null,
    onlineBookable: true,
    bookableBy: ['reception', 'online', 'clinician'],
    ...rest,
  };
}
