/**
 * Rotas through the core (issue 6): real practice.db / cache.db / audit.db files, the sandbox's GP Connect-style
 * appointments service over loopback HTTP (its book: four weeks from 2026-11-25, ~60% booked). One desk runs the
 * whole story in order: set up as the practice manager, preview, generate, generate again, leave over bookings,
 * capacity, a receptionist refused every change, leave removed.
 */
import { openDeskFile } from '../helpers/db-key';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoRota } from '../../electron/core/demo/demo-rota';
import { startSandbox, type Sandbox, type Slot } from '../../electron/sandbox';
import type { DayBook } from '../../shared/contract/appointments';
import type { CapacityView, GenerateView, PreviewView, RebookEntryView, RotaOverview, RotaView } from '../../shared/contract/rota';
import { formatLondon } from '../../shared/domain/appointments/london-time';
import type { Leave } from '../../shared/domain/rota/leave';
import type { PracticeSlotType } from '../../shared/domain/rota/slot-type';
import type { SessionTemplate } from '../../shared/domain/rota/template';
import type { Result } from '../../shared/result';
import { coreHarness, type Harness } from '../helpers/core.harness';

const TODAY = '2026-11-25'; // a Wednesday; the sandbox clock starts at 07:30 London
const FROM = '2026-12-07'; // a Monday: four weeks to 3 January, with Christmas Day, Boxing Day (Mon 28, substitute) and New Year's Day inside
const TO = '2027-01-03';
const LEAVE_DAY = '2026-12-09'; // a Wednesday inside the desk's 15 days, so book:day shows it
const PRIYA = ['04D4E5F6', '234567'] as const; // clerical manager R8011: may edit rotas
const SAM = ['04A1B2C3', '123456'] as const; // receptionist R8009: may only look

let sandbox: Sandbox;
let dir: string;
let h: Harness;

const value = <T>(r: Result<T>): T => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
};
const failure = (r: Result<unknown>) => (r.ok ? null : r.error);
const hhmm = (iso: string) => formatLondon(new Date(iso), 'HH:mm');
const addMinutes = (hm: string, n: number) => {
  const m = Number(hm.slice(0, 2)) * 60 + Number(hm.slice(3)) + n;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
};

// Chosen from the book in the first test.
let clinicianId = '';
let bookedSlot: { id: string; siteId: string; start: string; appointmentId: string };
let longReview: PracticeSlotType;
let rota: RotaView;
let lunch: SessionTemplate;
let overBooking: SessionTemplate;
let generated: GenerateView;
let leave: Leave;
let blockedByLeave = 0;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, population: 1_000, today: TODAY });
  dir = mkdtempSync(join(tmpdir(), 'reception-rota-'));
  h = await coreHarness({ dataDir: dir, pdsBaseUrl: sandbox.baseUrl, appointmentsBaseUrl: sandbox.appointments.baseUrl, bookClock: () => sandbox.appointments.now() });
  seedDemoRota(h.core.repos.rota); // what boot.ts does in demo mode
  await h.signIn(...PRIYA);
});
afterAll(async () => {
  await h.core.close();
  await sandbox.close();
  rmSync(dir, { recursive: true, force: true });
});

async function as(card: readonly [string, string]): Promise<void> {
  await h.reader.withdraw();
  await h.signIn(card[0], card[1]);
}

describe('rotas for practice managers', () => {
  it('starts with the book’s slot types, 08:00–18:30 Monday to Friday, the clinicians, sites and bank holidays', async () => {
    const o = value(await h.call<RotaOverview>('rota:overview'));
    expect(o.slotTypes.map((t) => t.id).sort()).toEqual(['admin', 'hca-bloods', 'nurse-15', 'routine-gp', 'telephone', 'urgent']);
    expect(o.openingHours.practice).toMatchObject({ mon: { open: '08:00', close: '18:30' }, sat: null, sun: null });
    expect(o.clinicians).toHaveLength(12);
    expect(o.sites).toHaveLength(2);
    expect(o.bankHolidays).toContainEqual({ date: '2026-12-28', title: 'Boxing Day' });
    expect(o.nationalCategories).not.toContain('Inconsistent Mapping');

    // A GP with a booked morning appointment on the leave day, early enough for a 20-minute session around it.
    const day = value(await h.call<DayBook>('book:day', { day: LEAVE_DAY }));
    const gps = new Set(day.clinicians.filter((c) => c.role === 'GP').map((c) => c.id));
    const slot = day.slots.find((s) => gps.has(s.clinicianId) && s.display === 'booked' && hhmm(s.start) >= '09:00' && hhmm(s.start) <= '11:00' && s.appointmentIds.length === 1)!;
    expect(slot).toBeDefined();
    clinicianId = slot.clinicianId;
    bookedSlot = { id: slot.id, siteId: slot.siteId, start: slot.start, appointmentId: slot.appointmentIds[0]! };
  });

  it('saves a slot type, a rota and templates, refusing what cannot work with a plain message', async () => {
    const bad = failure(await h.call('rota:save-slot-type', { name: 'Too short', lengthMinutes: 3, colour: '#912b88', bookableBy: [], embargo: { kind: 'none' }, autoDna: true, urgent: false, nationalCategory: 'Planned Clinics' }));
    expect(bad).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('A slot is at least 5 minutes long') });
    longReview = value(
      await h.call<PracticeSlotType>('rota:save-slot-type', {
        name: 'Long review 20 min', lengthMinutes: 20, colour: '#912b88', bookableBy: ['reception', 'clinician'],
        embargo: { kind: 'none' }, autoDna: true, urgent: false, nationalCategory: 'Planned Clinics',
      }),
    );
    expect(longReview.id).toMatch(/^st-[0-9a-f]{8}$/);

    expect(failure(await h.call('rota:save-rota', { name: 'Backwards', from: '2027-03-31', to: '2026-11-26' }))).toMatchObject({
      code: 'INVALID_INPUT', message: expect.stringContaining('The rota must end on or after the day it starts'),
    });
    rota = value(await h.call<RotaView>('rota:save-rota', { name: 'Winter 2026', from: '2026-11-26', to: '2027-03-31' }));

    const template = (over: Partial<SessionTemplate>) => ({
      clinicianId, siteId: bookedSlot.siteId, pattern: { kind: 'weekly', weekdays: [1, 2, 3, 4, 5] }, start: '12:00', end: '13:20',
      sequence: [{ slotTypeId: longReview.id, count: 4 }], validFrom: rota.from, validTo: null, ...over,
    });
    expect(failure(await h.call('rota:save-template', { rotaId: rota.id, template: template({ start: '13:00', end: '12:00' }) }))).toMatchObject({
      code: 'INVALID_INPUT', message: expect.stringContaining('The session must end after it starts'),
    });
    expect(failure(await h.call('rota:save-template', { rotaId: rota.id, template: template({ pattern: { kind: 'weekly', weekdays: [6] } }) }))).toMatchObject({
      code: 'INVALID_INPUT', message: expect.stringMatching(/is closed on Saturdays: a session cannot run then/),
    });
    expect(failure(await h.call('rota:save-template', { rotaId: rota.id, template: template({ sequence: [{ slotTypeId: 'no-such-type', count: 1 }] }) }))).toMatchObject({
      code: 'INVALID_INPUT', message: expect.stringContaining('a slot type that does not exist (no-such-type)'),
    });

    // Lunchtime long reviews every weekday: the sandbox's sessions are 08:30–12:00 and 14:00–18:00, so these are all new.
    lunch = value(await h.call<SessionTemplate>('rota:save-template', { rotaId: rota.id, template: { ...template({}), id: 'lunch-reviews', name: 'Lunchtime reviews' } }));
    // Wednesdays, 20 minutes from the booked appointment: lands on slots already in the book.
    const start = hhmm(bookedSlot.start);
    overBooking = value(
      await h.call<SessionTemplate>('rota:save-template', {
        rotaId: rota.id,
        template: template({ pattern: { kind: 'weekly', weekdays: [3] }, start, end: addMinutes(start, 20), sequence: [{ slotTypeId: 'routine-gp', count: 2 }] }),
      }),
    );
    expect(overBooking.id).toMatch(/^tpl-/);
    const o = value(await h.call<RotaOverview>('rota:overview'));
    expect(o.rotas.find((r) => r.id === rota.id)?.templates.map((t) => t.id).sort()).toEqual([lunch.id, overBooking.id].sort());
  });

  it('previews four weeks: counts per clinician per day per type, and every clash, writing nothing', async () => {
    const stats = sandbox.appointments.stats();
    const p = value(await h.call<PreviewView>('rota:preview', { rotaId: rota.id, from: FROM, to: TO }));
    expect(p).toMatchObject({ from: FROM, to: TO, basis: 'national', note: null });
    expect(p.summary.rows).toContainEqual({ day: FROM, clinicianId, slotTypeId: longReview.id, slots: 4, blocked: 0 });
    // 20 weekdays less three bank holidays (Christmas Day, Boxing Day, New Year's Day), four slots each.
    expect(p.summary.rows.filter((r) => r.slotTypeId === longReview.id).reduce((n, r) => n + r.slots, 0)).toBe(17 * 4);

    const holidays = p.clashes.filter((c) => c.kind === 'bank-holiday');
    expect(holidays.map((c) => c.day)).toEqual(['2026-12-25', '2026-12-28', '2027-01-01']);
    expect(holidays[0]!.message).toMatch(/it is a bank holiday \(Christmas Day\)/);
    expect(holidays[1]!.message).toMatch(/Boxing Day/);

    const booked = p.clashes.find((c) => c.kind === 'existing-booking' && c.existingSlotIds.includes(bookedSlot.id));
    expect(booked).toMatchObject({ clinicianId, day: LEAVE_DAY, appointmentIds: [bookedSlot.appointmentId], templateId: overBooking.id });
    expect(booked!.message).toMatch(/already has a booked slot at .* The booking is kept as it is\./);
    expect(p.summary.clashCounts['bank-holiday']).toBe(3);
    expect(sandbox.appointments.stats()).toEqual({ ...stats, now: sandbox.appointments.stats().now });

    expect(failure(await h.call('rota:preview', { rotaId: rota.id, from: '2027-01-10', to: '2026-12-01' }))).toMatchObject({
      code: 'INVALID_INPUT', message: expect.stringContaining('The last day must be on or after the first day'),
    });
    expect(failure(await h.call('rota:preview', { rotaId: rota.id, from: '2026-12-01', to: '2028-01-10' }))).toMatchObject({
      message: expect.stringContaining('Generate at most a year (366 days) at a time'),
    });
    expect(failure(await h.call('rota:preview', { rotaId: rota.id, from: TODAY, to: TO }))).toMatchObject({ message: expect.stringContaining('Generate from tomorrow onwards') });
  });

  it('generates: the new slots are in the national book and in the desk’s; nothing booked was touched', async () => {
    const before = sandbox.appointments.stats();
    generated = value(await h.call<GenerateView>('rota:generate', { rotaId: rota.id, from: FROM, to: TO }));
    expect(generated.created).toBe(generated.summary.newSlots);
    expect(generated.created).toBeGreaterThanOrEqual(17 * 4);
    expect(generated.clashes.some((c) => c.kind === 'existing-booking')).toBe(true); // left for a person
    const after = sandbox.appointments.stats();
    expect(after.slots.total).toBe(before.slots.total + generated.created);
    expect(after.appointments).toEqual(before.appointments);

    const firstId = `${lunch.id}.20261207T1200Z`;
    const read = await fetch(`${sandbox.appointments.baseUrl}/Slot/${firstId}`);
    expect(read.status).toBe(200);
    expect(((await read.json()) as Slot).serviceType[0]?.text).toBe('Long review 20 min');

    const day = value(await h.call<DayBook>('book:day', { day: FROM }));
    const mine = day.slots.filter((s) => s.id.startsWith(`${lunch.id}.`));
    expect(mine.map((s) => hhmm(s.start))).toEqual(['12:00', '12:20', '12:40', '13:00']);
    expect(mine.every((s) => s.clinicianId === clinicianId && s.slotTypeId === longReview.id && s.display === 'free')).toBe(true);
    expect(day.slotTypes.find((t) => t.id === longReview.id)?.name).toBe('Long review 20 min');
    expect(value(await h.call<DayBook>('book:day', { day: LEAVE_DAY })).slots.find((s) => s.id === bookedSlot.id)?.display).toBe('booked');
  });

  it('generating the same weeks again creates nothing new', async () => {
    const before = sandbox.appointments.stats().slots.total;
    const again = value(await h.call<GenerateView>('rota:generate', { rotaId: rota.id, from: FROM, to: TO }));
    expect(again.created).toBe(0);
    expect(again.summary.newSlots).toBe(0);
    expect(again.alreadyInBook).toBe(generated.summary.totalSlots);
    expect(sandbox.appointments.stats().slots.total).toBe(before);
  });

  it('leave over booked slots blocks the free ones and lists exactly the booked patients to move; nothing is lost', async () => {
    const day = value(await h.call<DayBook>('book:day', { day: LEAVE_DAY }));
    const theirs = day.slots.filter((s) => s.clinicianId === clinicianId);
    const now = sandbox.appointments.now().toISOString();
    const toMove = day.appointments.filter((a) => a.clinicianId === clinicianId && a.status === 'booked' && a.start > now);
    const free = theirs.filter((s) => s.display !== 'booked' && s.display !== 'blocked');
    expect(toMove.length).toBeGreaterThan(0);
    expect(free.length).toBeGreaterThan(0);

    expect(failure(await h.call('rota:add-leave', { clinicianId, from: '2026-12-10', to: LEAVE_DAY }))).toMatchObject({
      code: 'INVALID_INPUT', message: expect.stringContaining('The leave must end after it starts'),
    });
    const added = value(await h.call<{ leave: Leave; blocked: number; rebook: RebookEntryView[] }>('rota:add-leave', { clinicianId, from: LEAVE_DAY, to: LEAVE_DAY, reason: 'Annual leave' }));
    leave = added.leave;
    blockedByLeave = added.blocked;
    expect(added.rebook.map((r) => r.appointmentId).sort()).toEqual(toMove.map((a) => a.id).sort());
    expect(added.blocked).toBe(free.length);
    const entry = added.rebook.find((r) => r.appointmentId === bookedSlot.appointmentId)!;
    const appt = toMove.find((a) => a.id === bookedSlot.appointmentId)!;
    expect(entry).toMatchObject({ slotId: bookedSlot.id, leaveId: leave.id, clinicianId, nhsNumber: appt.nhsNumber, patientName: appt.patientName, start: bookedSlot.start });
    expect(entry.clinicianName).toBe(day.clinicians.find((c) => c.id === clinicianId)?.name);

    const after = value(await h.call<DayBook>('book:day', { day: LEAVE_DAY }));
    for (const s of free) expect(after.slots.find((x) => x.id === s.id)?.display).toBe('blocked');
    for (const a of toMove) {
      expect(after.appointments.find((x) => x.id === a.id)?.status).toBe('booked'); // still booked at the desk
      expect(sandbox.appointments.bookings(a.nhsNumber).some((b) => b.id === a.id)).toBe(true); // and nationally
    }
    const list = value(await h.call<RebookEntryView[]>('rota:rebook-list'));
    expect(list.map((r) => r.appointmentId).sort()).toEqual(toMove.map((a) => a.id).sort());
  });

  it('capacity adds up: offered = free + booked, per clinician per week and in total, and matches the book', async () => {
    const c = value(await h.call<CapacityView>('rota:capacity', { from: FROM, to: LEAVE_DAY }));
    expect(c.weeks).toEqual([{ weekStart: FROM, isoWeek: '2026-W50' }]);
    for (const row of c.byClinician) expect(row.offered).toBe(row.free + row.booked);
    expect(c.totals.offered).toBe(c.totals.free + c.totals.booked);
    expect(c.byCategory.reduce((n, r) => n + r.offered, 0)).toBe(c.totals.offered);
    expect(c.byClinician.reduce((n, r) => n + r.booked, 0)).toBe(c.totals.booked);

    let offered = 0;
    let booked = 0;
    for (const d of ['2026-12-07', '2026-12-08', '2026-12-09']) {
      const day = value(await h.call<DayBook>('book:day', { day: d }));
      const theirs = day.slots.filter((s) => s.clinicianId === clinicianId);
      offered += theirs.filter((s) => s.display !== 'blocked').length;
      booked += theirs.filter((s) => s.display === 'booked').length;
    }
    expect(c.byClinician.find((r) => r.clinicianId === clinicianId)).toMatchObject({ offered, booked, free: offered - booked });
    expect(c.byCategory.find((r) => r.category === 'Planned Clinics')!.offered).toBeGreaterThan(0); // the long reviews
  });

  it('a receptionist sees the rota but every change is refused (FORBIDDEN_ROLE), and nothing changes', async () => {
    await as(SAM);
    const before = value(await h.call<RotaOverview>('rota:overview'));
    const stats = sandbox.appointments.stats().slots;
    const writes: [string, unknown][] = [
      ['rota:save-slot-type', { ...longReview, name: 'Renamed' }],
      ['rota:save-template', { rotaId: rota.id, template: { ...lunch, end: '13:40' } }],
      ['rota:delete-template', { templateId: lunch.id }],
      ['rota:save-rota', { id: rota.id, name: 'Renamed', from: rota.from, to: rota.to }],
      ['rota:add-leave', { clinicianId, from: '2026-12-10', to: '2026-12-10' }],
      ['rota:remove-leave', { leaveId: leave.id }],
      ['rota:set-opening-hours', { siteId: null, hours: { ...before.openingHours.practice, mon: null } }],
      ['rota:add-closure', { day: '2026-12-24' }],
      ['rota:remove-closure', { day: '2026-12-24' }],
      ['rota:generate', { rotaId: rota.id, from: FROM, to: TO }],
    ];
    for (const [verb, input] of writes) {
      expect({ verb, error: failure(await h.call(verb, input)) }).toMatchObject({ verb, error: { code: 'FORBIDDEN_ROLE', message: expect.stringContaining('Clerical manager') } });
    }
    expect(value(await h.call<RotaOverview>('rota:overview'))).toEqual(before);
    expect(sandbox.appointments.stats().slots).toEqual(stats);
    expect(value(await h.call<PreviewView>('rota:preview', { rotaId: rota.id, from: FROM, to: TO })).summary.newSlots).toBe(0); // reading is allowed
    expect(value(await h.call<RebookEntryView[]>('rota:rebook-list')).length).toBeGreaterThan(0);
    await as(PRIYA);
  });

  it('removing the leave gives back exactly the slots it blocked; every change is in the audit, with no patient', async () => {
    const r = value(await h.call<{ removed: true; unblocked: number }>('rota:remove-leave', { leaveId: leave.id }));
    expect(r.unblocked).toBe(blockedByLeave);
    const day = value(await h.call<DayBook>('book:day', { day: LEAVE_DAY }));
    expect(day.slots.filter((s) => s.clinicianId === clinicianId && s.id.startsWith(`${lunch.id}.`)).every((s) => s.display === 'free')).toBe(true);
    expect(value(await h.call<RebookEntryView[]>('rota:rebook-list'))).toEqual([]);

    const db = openDeskFile(join(dir, 'audit.db'), { readonly: true });
    const rows = db.prepare("SELECT action, nhs_number AS nhs, outcome FROM audit_events WHERE action LIKE 'rota.%' ORDER BY seq").all() as { action: string; nhs: string | null; outcome: string }[];
    db.close();
    const actions = rows.map((x) => x.action);
    for (const a of ['rota.save-slot-type', 'rota.save-rota', 'rota.save-template', 'rota.generate', 'rota.add-leave', 'rota.remove-leave']) expect(actions).toContain(a);
    expect(rows.every((x) => x.nhs === null)).toBe(true);
  });

  it('with the national service down: the preview says it used the desk’s copy; generating and leave are refused, nothing half-done', async () => {
    await sandbox.faults.set({ outage: true });
    try {
      const p = value(await h.call<PreviewView>('rota:preview', { rotaId: rota.id, from: FROM, to: LEAVE_DAY }));
      expect(p.basis).toBe('local-copy');
      expect(p.note).toMatch(/did not answer: only the slots in this desk’s copy/);
      expect(failure(await h.call('rota:generate', { rotaId: rota.id, from: FROM, to: TO }))).toMatchObject({ code: 'SERVICE_UNREACHABLE', message: expect.stringContaining('did not happen') });
      expect(failure(await h.call('rota:add-leave', { clinicianId, from: '2026-12-10', to: '2026-12-10' }))).toMatchObject({ code: 'SERVICE_UNREACHABLE' });
      expect(value(await h.call<RotaOverview>('rota:overview')).leave).toEqual([]);
    } finally {
      await sandbox.faults.reset();
    }
  });
});
