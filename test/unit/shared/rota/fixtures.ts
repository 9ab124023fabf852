import type { GenerateInput } from '../../../../shared/domain/rota/generate';
import type { OpeningHours } from '../../../../shared/domain/rota/opening-hours';
import type { PracticeSlotType } from '../../../../shared/domain/rota/slot-type';
import type { SessionTemplate } from '../../../../shared/domain/rota/template';

export const URGENT: PracticeSlotType = {
  id: 'urgent',
  name: 'On the day urgent',
  lengthMinutes: 10,
  colour: '#d4351c',
  bookableBy: ['reception', 'clinician'],
  embargo: { kind: 'on-the-day', at: '08:00' },
  autoDna: true,
  urgent: true,
  nationalCategory: 'General Consultation Acute',
};
export const ROUTINE: PracticeSlotType = {
  id: 'routine',
  name: 'Routine GP',
  lengthMinutes: 10,
  colour: '#1d70b8',
  bookableBy: ['reception', 'online', 'clinician'],
  embargo: { kind: 'none' },
  autoDna: true,
  urgent: false,
  nationalCategory: 'General Consultation Routine',
};
export const ADMIN: PracticeSlotType = {
  id: 'admin',
  name: 'Admin',
  lengthMinutes: 30,
  colour: '#505a5f',
  bookableBy: [],
  embargo: { kind: 'none' },
  autoDna: false,
  urgent: false,
  nationalCategory: 'Unmapped',
};
export const SLOT_TYPES = [URGENT, ROUTINE, ADMIN];

const weekday = { open: '08:00', close: '18:30' };
export const HOURS: OpeningHours = { mon: weekday, tue: weekday, wed: weekday, thu: weekday, fri: weekday, sat: { open: '08:00', close: '12:00' }, sun: null };
/** For the clock-change Sundays: open round the clock. */
export const ALL_DAY = { open: '00:00', close: '24:00' };
export const HOURS_EVERY_DAY: OpeningHours = { mon: ALL_DAY, tue: ALL_DAY, wed: ALL_DAY, thu: ALL_DAY, fri: ALL_DAY, sat: ALL_DAY, sun: ALL_DAY };

/** Monday morning surgery for drA: 2 urgent, 10 routine, 1 admin block, 09:00–12:00 (150 minutes of slots). */
export function template(over: Partial<SessionTemplate> = {}): SessionTemplate {
  return {
    id: 'drA-mon-am',
    clinicianId: 'drA',
    siteId: 'main',
    pattern: { kind: 'weekly', weekdays: [1] },
    start: '09:00',
    end: '12:00',
    sequence: [
      { slotTypeId: 'urgent', count: 2 },
      { slotTypeId: 'routine', count: 10 },
      { slotTypeId: 'admin', count: 1 },
    ],
    validFrom: '2026-01-01',
    validTo: null,
    ...over,
  };
}

export const BANK_2026 = new Set(['2026-01-01', '2026-04-03', '2026-04-06', '2026-05-04', '2026-05-25', '2026-08-31', '2026-12-25', '2026-12-28']);

export function input(over: Partial<GenerateInput> = {}): GenerateInput {
  return {
    templates: [template()],
    slotTypes: SLOT_TYPES,
    from: '2026-06-01',
    to: '2026-06-07',
    calendar: { bankHolidays: BANK_2026, closures: new Set() },
    openingHours: HOURS,
    leave: [],
    existing: { slots: [], appointments: [] },
    clinicianNames: { drA: 'Dr Alex Morgan', drB: 'Dr Bea Patel' },
    ...over,
  };
}

/** London wall-clock 'HH:mm' of an ISO instant. */
export function londonHHmm(iso: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
}
