import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/core';
import { startSandbox, type Sandbox } from '../../electron/sandbox';
import type { AppointmentView, DayBook, SlotView } from '../../shared/contract/appointments';
import type { Result } from '../../shared/result';
import { coreHarness, type Harness } from '../helpers/core.harness';
import { useTempDir } from '../helpers/temp-dir';

/** The appointment book through the core: real SQLite cache, the sandbox's GP Connect-style service over HTTP. */
const temp = useTempDir();
let sandbox: Sandbox;
const cores: Core[] = [];
const TODAY = '2026-11-25'; // a Wednesday; the sandbox clock starts at 07:30 London
let PATIENT = ''; // a living, unrestricted patient of the demo practice
let PATIENT_NAME = '';

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, population: 1_000, today: TODAY });
  const p = sandbox.population.demoPracticePatients().find((x) => !x.deceasedDateTime && x.name?.[0]?.family)!;
  PATIENT = p.id;
  PATIENT_NAME = `${p.name![0]!.family!.toUpperCase()}, ${p.name![0]!.given![0]}`;
});
afterAll(async () => sandbox.close());
afterEach(async () => {
  sandbox.faults.reset();
  for (const c of cores.splice(0)) await c.close();
});

async function desk(card = '04A1B2C3', passcode = '123456'): Promise<Harness> {
  const h = await coreHarness({ dataDir: temp(), pdsBaseUrl: sandbox.baseUrl, appointmentsBaseUrl: sandbox.appointments.baseUrl, bookClock: () => sandbox.appointments.now() });
  cores.push(h.core);
  await h.signIn(card, passcode);
  expect(await h.call('patients:open', { nhsNumber: PATIENT })).toMatchObject({ ok: true }); // puts the patient in the local copy
  return h;
}

const value = <T>(r: Result<T>): T => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
};

async function nextFree(h: Harness, query: Record<string, unknown> = {}): Promise<SlotView> {
  const found = value(await h.call<SlotView[]>('book:find-free', { slotTypeIds: ['routine-gp'], limit: 5, ...query }));
  expect(found.length).toBeGreaterThan(0);
  return found[0]!;
}

describe('the appointment book', () => {
  it('holds today and the next 14 days locally, per clinician, with booked patients named', async () => {
    const h = await desk();
    const day = value(await h.call<DayBook>('book:day', { day: TODAY }));
    expect(day.clinicians.length).toBe(12);
    expect(day.sites.map((s) => s.name).sort()).toEqual(['Millbrook Branch Surgery', 'Riverside Surgery']);
    expect(day.slots.length).toBeGreaterThan(200);
    expect(day.slots.some((s) => s.display === 'booked')).toBe(true);
    expect(day.slots.some((s) => s.display === 'embargoed')).toBe(true); // on-the-day urgent slots before 08:00
    expect(day.appointments.length).toBeGreaterThan(50);
    const branch = day.sites.find((s) => s.name === 'Millbrook Branch Surgery')!;
    const atBranch = value(await h.call<DayBook>('book:day', { day: TODAY, siteId: branch.id }));
    expect(atBranch.slots.length).toBeGreaterThan(0);
    expect(atBranch.slots.every((s) => s.siteId === branch.id)).toBe(true);
    expect(atBranch.clinicians.length).toBeLessThan(day.clinicians.length);
    const inTwoWeeks = value(await h.call<DayBook>('book:day', { day: '2026-12-09' }));
    expect(inTwoWeeks.slots.length).toBeGreaterThan(0);
  });

  it('finds the next free routine GP slot and books it; the book, the slot and the audit show it', async () => {
    const h = await desk();
    const slot = await nextFree(h);
    const appt = value(await h.call<AppointmentView>('book:book', { slotId: slot.id, nhsNumber: PATIENT, reason: 'Sore throat' }));
    expect(appt).toMatchObject({ status: 'booked', nhsNumber: PATIENT, patientName: expect.stringContaining(PATIENT_NAME), reason: 'Sore throat', slotId: slot.id });
    const day = value(await h.call<DayBook>('book:day', { day: slot.start.slice(0, 10) }));
    expect(day.slots.find((s) => s.id === slot.id)).toMatchObject({ display: 'booked', appointmentIds: [appt.id] });
    expect((await nextFree(h)).id).not.toBe(slot.id);
    expect(h.core.repos.audit.listForPatient(PATIENT).map((r) => r.action)).toContain('appointment.book');
  });

  it('books a patient by NHS number alone, looking them up nationally (and auditing that look-up)', async () => {
    const h = await desk();
    const other = sandbox.population.demoPracticePatients().filter((x) => !x.deceasedDateTime && x.id !== PATIENT)[3]!.id;
    expect(h.core.repos.patients.get(other)).toBeNull();
    const slot = await nextFree(h);
    expect(value(await h.call<AppointmentView>('book:book', { slotId: slot.id, nhsNumber: other })).nhsNumber).toBe(other);
    expect(h.core.repos.audit.listForPatient(other).map((r) => r.action)).toEqual(['patient.view', 'appointment.book']);
  });

  it('refuses a double booking, and lets a clerical manager double-book with a recorded reason', async () => {
    const h = await desk();
    const slot = await nextFree(h);
    value(await h.call('book:book', { slotId: slot.id, nhsNumber: PATIENT }));
    expect(await h.call('book:book', { slotId: slot.id, nhsNumber: PATIENT })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await h.call('book:book', { slotId: slot.id, nhsNumber: PATIENT, overbookReason: 'Child with a high fever' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN_ROLE', message: /Clerical manager/ },
    });
    await h.reader.withdraw();
    await h.signIn('04D4E5F6', '234567');
    const extra = value(await h.call<AppointmentView>('book:book', { slotId: slot.id, nhsNumber: PATIENT, overbookReason: 'Child with a high fever' }));
    expect(extra.overbookReason).toBe('Child with a high fever');
    const day = value(await h.call<DayBook>('book:day', { day: slot.start.slice(0, 10) }));
    expect(day.slots.find((s) => s.id === slot.id)?.appointmentIds).toHaveLength(2);
  });

  it('refuses a slot another desk has just taken (409), says so and refreshes the book', async () => {
    const h = await desk();
    const slot = await nextFree(h);
    await sandbox.appointments.bookAsOtherDesk(slot.id);
    const r = await h.call('book:book', { slotId: slot.id, nhsNumber: PATIENT });
    expect(r).toMatchObject({ ok: false, error: { message: /Someone else has just booked that slot/ } });
    const day = value(await h.call<DayBook>('book:day', { day: slot.start.slice(0, 10) }));
    expect(day.slots.find((s) => s.id === slot.id)?.display).toBe('booked');
    expect(h.core.repos.book.appointmentsInSlot(slot.id).filter((a) => a.nhsNumber === PATIENT)).toEqual([]);
  });

  it('arrival → waiting room → in consultation → finished; DNA is refused before the slot starts', async () => {
    const h = await desk();
    const slot = await nextFree(h, { onTheDayOnly: true });
    const appt = value(await h.call<AppointmentView>('book:book', { slotId: slot.id, nhsNumber: PATIENT }));
    expect(await h.call('book:act', { appointmentId: appt.id, action: 'mark-dna' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const arrived = value(await h.call<AppointmentView>('book:act', { appointmentId: appt.id, action: 'arrive' }));
    expect(arrived.status).toBe('arrived');
    expect(arrived.arrivedAt).not.toBeNull();
    const waiting = value(await h.call<{ patientName: string; waitMinutes: number; overThreshold: boolean }[]>('book:waiting-room'));
    expect(waiting).toEqual([expect.objectContaining({ patientName: expect.stringContaining(PATIENT_NAME), waitMinutes: 0, overThreshold: false })]);
    expect(value(await h.call<AppointmentView>('book:act', { appointmentId: appt.id, action: 'call-in' })).status).toBe('in-consultation');
    expect(value(await h.call<AppointmentView>('book:act', { appointmentId: appt.id, action: 'finish' })).status).toBe('finished');
    expect(value(await h.call('book:waiting-room'))).toEqual([]);
    const history = value(await h.call<{ future: AppointmentView[]; dnaCount: number }>('book:patient-appointments', { nhsNumber: PATIENT }));
    expect(history.future.map((a) => a.id)).toContain(appt.id);
  });

  it('cancelling frees the slot nationally and locally; a deceased patient cannot be booked', async () => {
    const h = await desk();
    const slot = await nextFree(h);
    const appt = value(await h.call<AppointmentView>('book:book', { slotId: slot.id, nhsNumber: PATIENT }));
    const cancelled = value(await h.call<AppointmentView>('book:cancel', { appointmentId: appt.id, by: 'patient', reason: 'Feeling better' }));
    expect(cancelled.status).toBe('cancelled-patient');
    expect((await nextFree(h)).id).toBe(slot.id);
    value(await h.call('patients:open', { nhsNumber: '9000000009' }));
    expect(await h.call('book:book', { slotId: slot.id, nhsNumber: '9000000009' })).toMatchObject({ ok: false, error: { message: /deceased/ } });
  });

  it("sees other desks' bookings and cancellations through the changes feed, keeping its own staff-only notes", async () => {
    const h = await desk();
    const mine = await nextFree(h);
    value(await h.call('book:book', { slotId: mine.id, nhsNumber: PATIENT, reason: 'Sore throat' }));
    const slot = await nextFree(h);
    const other = await sandbox.appointments.bookAsOtherDesk(slot.id);
    expect(await h.core.book.pollChanges()).toBeGreaterThanOrEqual(1);
    const day = value(await h.call<DayBook>('book:day', { day: slot.start.slice(0, 10) }));
    expect(day.slots.find((s) => s.id === slot.id)?.display).toBe('booked');
    await sandbox.appointments.cancelAsOtherDesk(other.id!);
    await h.core.book.pollChanges();
    expect(value(await h.call<DayBook>('book:day', { day: slot.start.slice(0, 10) })).slots.find((s) => s.id === slot.id)?.display).toBe('free');
    expect(h.core.repos.book.appointmentsInSlot(mine.id)[0]?.reason).toBe('Sore throat');
  });

  // Last: it moves the sandbox clock past the morning session.
  it('marks unattended appointments DNA once the session has ended (slot types that say so), and audits it', async () => {
    const h = await desk();
    const slot = await nextFree(h, { onTheDayOnly: true, timeOfDay: 'morning' });
    const appt = value(await h.call<AppointmentView>('book:book', { slotId: slot.id, nhsNumber: PATIENT }));
    expect(h.core.book.autoDna({ transport: 'browser-host', workstation: 'desk-1' })).toEqual([]); // session still running
    sandbox.appointments.setNow('2026-11-25T12:05:00Z'); // after the 08:30–12:00 session
    expect(h.core.book.autoDna({ transport: 'browser-host', workstation: 'desk-1' })).toContain(appt.id);
    expect(h.core.repos.book.appointment(appt.id)?.status).toBe('dna');
    expect(h.core.repos.audit.listForPatient(PATIENT).map((r) => r.action)).toContain('appointment.auto-dna');
    const history = value(await h.call<{ dnaCount: number }>('book:patient-appointments', { nhsNumber: PATIENT }));
    expect(history.dnaCount).toBeGreaterThanOrEqual(1);
  });
});

describe('online bookings', () => {
  it('a patient booking online arrives in the book within one poll, marked online, and in the feed; cancelling online too', async () => {
    const h = await desk();
    const booked = sandbox.appointments.bookOnline();
    const slotId = booked.slot[0]!.reference!.replace('Slot/', '');
    expect(await h.core.book.pollChanges()).toBeGreaterThan(0);
    const day = value(await h.call<DayBook>('book:day', { day: booked.start.slice(0, 10) }));
    expect(day.appointments.find((a) => a.id === booked.id)).toMatchObject({ bookedOnline: true, status: 'booked', slotId });
    type Feed = { appointmentId: string; kind: string }[];
    expect(value(await h.call<Feed>('book:online-feed'))[0]).toMatchObject({ appointmentId: booked.id, kind: 'booked' });

    sandbox.appointments.cancelOnline(booked.id!);
    await h.core.book.pollChanges();
    expect(value(await h.call<Feed>('book:online-feed')).map((e) => e.kind)).toEqual(['cancelled', 'booked']);
    await h.core.book.refresh(); // a full refresh sees both again and adds nothing
    expect(value(await h.call<Feed>('book:online-feed'))).toHaveLength(2);
  });

  it('patients online cannot book a slot the practice does not offer online, nor an embargoed one', async () => {
    const h = await desk();
    const free = value(await h.call<SlotView[]>('book:find-free', { limit: 50 }));
    const notOnline = free.find((s) => s.display === 'free')!;
    expect(() => sandbox.appointments.bookOnline(notOnline.id)).toThrow(/not offered for online booking/);
    const later = value(await h.call<DayBook>('book:day', { day: '2026-12-01' })); // on-the-day slots are embargoed until that morning
    const embargoed = later.slots.find((s) => s.display === 'embargoed')!;
    expect(() => sandbox.appointments.bookOnline(embargoed.id)).toThrow(/not released/);
  });
});
