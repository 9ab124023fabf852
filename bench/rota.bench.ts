import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { addDays } from '../shared/domain/calendar/days';
import { BankHolidayFeed, bankHolidayDays, bankHolidayTitles } from '../shared/domain/calendar/bank-holidays';
import { generateSlots, type GenerateInput } from '../shared/domain/rota/generate';
import type { BookSlot, Leave, SlotAppointment } from '../shared/domain/rota/leave';
import type { OpeningHours } from '../shared/domain/rota/opening-hours';
import type { PracticeSlotType } from '../shared/domain/rota/slot-type';
import type { SessionTemplate } from '../shared/domain/rota/template';
import { summarise, type Figure } from './figures';

const TARGET_MS = 2000;
const CLINICIANS = 40;
const FROM = '2027-01-04'; // a Monday: a year of 52 weeks, nine bank holidays inside
const TO = '2028-01-02';
const BOOKED_SHARE = 0.6;

const type = (id: string, name: string, lengthMinutes: number, over: Partial<PracticeSlotType> = {}): PracticeSlotType => ({
  id, name, lengthMinutes, colour: '#1d70b8', bookableBy: ['reception', 'online', 'clinician'], embargo: { kind: 'none' },
  autoDna: true, urgent: false, nationalCategory: 'General Consultation Routine', ...over,
});
const SLOT_TYPES: PracticeSlotType[] = [
  type('urgent', 'On the day urgent', 10, { embargo: { kind: 'on-the-day', at: '08:00' }, urgent: true, nationalCategory: 'General Consultation Acute', bookableBy: ['reception', 'clinician'] }),
  type('routine', 'Routine GP', 10),
  type('telephone', 'Telephone', 10, { embargo: { kind: 'before', hours: 48 } }),
  type('review', 'Long review', 20, { embargo: { kind: 'days-before', days: 14, at: '08:00' }, nationalCategory: 'Planned Clinics' }),
  type('admin', 'Admin', 30, { bookableBy: [], autoDna: false, nationalCategory: 'Unmapped' }),
];
const WEEKDAY = { open: '08:00', close: '18:30' };
const HOURS: OpeningHours = { mon: WEEKDAY, tue: WEEKDAY, wed: WEEKDAY, thu: WEEKDAY, fri: WEEKDAY, sat: null, sun: null };

/**
 * A practice of 40 clinicians: each works mornings 08:30–12:00 (2 urgent, 16 routine, 1 admin) and afternoons
 * 14:00–17:30 (telephone, routine, admin) Monday to Friday; every other week a lunchtime review clinic; on the first
 * Wednesday of the month an extended evening: 374,044 slots over the year.
 */
function templates(): SessionTemplate[] {
  const base = { siteId: 'main', validFrom: FROM, validTo: null } as const;
  return Array.from({ length: CLINICIANS }, (_, i) => `gp${String(i + 1).padStart(2, '0')}`).flatMap((c, i) => [
    { ...base, id: `${c}-am`, clinicianId: c, pattern: { kind: 'weekly', weekdays: [1, 2, 3, 4, 5] }, start: '08:30', end: '12:00',
      sequence: [{ slotTypeId: 'urgent', count: 2 }, { slotTypeId: 'routine', count: 16 }, { slotTypeId: 'admin', count: 1 }] },
    { ...base, id: `${c}-pm`, clinicianId: c, pattern: { kind: 'weekly', weekdays: [1, 2, 3, 4, 5] }, start: '14:00', end: '17:30',
      sequence: [{ slotTypeId: 'telephone', count: 6 }, { slotTypeId: 'routine', count: 12 }, { slotTypeId: 'admin', count: 1 }] },
    { ...base, id: `${c}-lunch`, clinicianId: c, pattern: { kind: 'alternate', weekdays: [1 + (i % 5)], anchorWeekStart: FROM }, start: '12:20', end: '13:40',
      sequence: [{ slotTypeId: 'review', count: 4 }] },
    { ...base, id: `${c}-late`, clinicianId: c, pattern: { kind: 'nth-weekday', weekday: 3, nth: 1 }, start: '17:40', end: '18:30',
      sequence: [{ slotTypeId: 'routine', count: 5 }] },
  ] satisfies SessionTemplate[]);
}

/**
 * What is already in the book: the first four weeks, 60% booked. Half the clinicians' slots are the ones this rota
 * generates (a range generated before: same ids, kept as they are); the other half are an older layout five minutes
 * off (every new slot there clashes with one or two existing ones). Two clinicians have a week's leave over them.
 */
function existingBook(all: SessionTemplate[], calendar: GenerateInput['calendar']) {
  const first = generateSlots({ templates: all, slotTypes: SLOT_TYPES, from: FROM, to: addDays(FROM, 27), calendar, openingHours: HOURS, leave: [], existing: { slots: [], appointments: [] } });
  const slots: BookSlot[] = [];
  const appointments: SlotAppointment[] = [];
  let seed = 42;
  const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
  const FIVE_MIN = 300_000;
  for (const s of first.slots) {
    const n = Number(s.clinicianId.slice(2));
    const shifted = n % 2 === 0;
    const start = shifted ? new Date(Date.parse(s.start) + FIVE_MIN).toISOString() : s.start;
    const end = shifted ? new Date(Date.parse(s.end) + FIVE_MIN).toISOString() : s.end;
    const id = shifted ? `old-${s.id}` : s.id;
    const booked = s.bookableBy.length > 0 && random() < BOOKED_SHARE;
    slots.push({ id, clinicianId: s.clinicianId, start, end, state: booked ? 'booked' : s.bookableBy.length ? 'free' : 'blocked' });
    if (booked) appointments.push({ id: `appt-${id}`, slotId: id, status: 'booked' });
  }
  const leave: Leave[] = [
    { id: 'leave-1', clinicianId: 'gp03', from: addDays(FROM, 7), to: addDays(FROM, 11), reason: 'Annual leave' },
    { id: 'leave-2', clinicianId: 'gp04', from: addDays(FROM, 14), to: addDays(FROM, 18), reason: 'Course' },
  ];
  return { existing: { slots, appointments }, leave };
}

/** The benchmark's two inputs: the year over the existing book, and over an empty one (also for profiling). */
export function rotaBenchInputs(): { withBook: GenerateInput; emptyBook: GenerateInput } {
  const feed = BankHolidayFeed.parse(JSON.parse(readFileSync(join(__dirname, '../resources/bank-holidays-england-and-wales.json'), 'utf8')));
  const calendar = { bankHolidays: bankHolidayDays(feed), closures: new Set([addDays(FROM, 100)]), bankHolidayTitles: bankHolidayTitles(feed) };
  const all = templates();
  const { existing, leave } = existingBook(all, calendar);
  const names = Object.fromEntries(all.map((t) => [t.clinicianId, `Dr ${t.clinicianId.toUpperCase()}`]));
  const withBook: GenerateInput = { templates: all, slotTypes: SLOT_TYPES, from: FROM, to: TO, calendar, openingHours: HOURS, leave, existing, clinicianNames: names };
  return { withBook, emptyBook: { ...withBook, leave: [], existing: { slots: [], appointments: [] } } };
}

/**
 * A year of slots for 40 clinicians with the preview's clash check (bank holidays, opening hours, overlapping sessions,
 * the existing book, leave): the pure domain generation the core runs for preview and generate. Baseline: the same
 * rota over an empty book (nothing to check against).
 */
export async function benchRota(log: (s: string) => void, rounds = Number(process.env.BENCH_ROTA_ROUNDS ?? 7)): Promise<Figure[]> {
  const { withBook, emptyBook } = rotaBenchInputs();
  const existing = withBook.existing;

  const run = (input: GenerateInput) => {
    const t = performance.now();
    const r = generateSlots(input);
    return { ms: performance.now() - t, r };
  };
  // JIT warm-up, and the sizes for the log (counts only: a year of slots kept alive would weigh on every round's GC).
  const warm = (({ slots, clashes, rebook }) => ({ slots: slots.length, clashes: clashes.length, rebook: rebook.length }))(run(withBook).r);
  log(`  rota: ${warm.slots.toLocaleString('en-GB')} slots of ${CLINICIANS} clinicians over ${FROM}…${TO}; ` +
    `${existing.slots.length.toLocaleString('en-GB')} already in the book (${existing.appointments.length.toLocaleString('en-GB')} booked); ` +
    `${warm.clashes.toLocaleString('en-GB')} clashes, ${warm.rebook} to rebook`);
  run(emptyBook);
  const m: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < rounds; i++) {
    m.push(run(withBook).ms);
    b.push(run(emptyBook).ms);
  }
  const ms = summarise(m);
  const base = summarise(b);
  return [{
    name: 'rota.generate-year', unit: 'ms', median: ms.median, p95: ms.p95, size: warm.slots, target: TARGET_MS,
    baseline: { method: 'same rota over an empty book (no clash check against bookings or leave)', ...base },
    method: 'generateSlots: a year, 40 clinicians, 4 weeks already in the book (60% booked), leave, with the clash list and summary',
    samples: rounds, meetsTarget: ms.p95 <= TARGET_MS,
  }];
}
