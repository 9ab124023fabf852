// @vitest-environment happy-dom
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { App } from '../../../renderer/src/app/App';
import { useRotaStore } from '../../../renderer/src/stores/rota.store';
import type { StaffSession } from '../../../shared/contract';
import type { CapacityView, GenerateView, PreviewView, RebookEntryView, RotaOverview } from '../../../shared/contract/rota';
import { CLASH_KINDS } from '../../../shared/domain/rota/clash';
import { MAPPABLE_NATIONAL_SLOT_CATEGORIES } from '../../../shared/domain/rota/national-categories';
import type { PracticeSlotType } from '../../../shared/domain/rota/slot-type';
import { err, ok } from '../../../shared/result';
import { activeSession, installFakeApi, priya, sam, type FakeHandlers } from './fake-api';

/** The rota screens: a practice manager sets up and generates; everyone else may only look. */

const weekday = { open: '08:00', close: '18:30' };
const ROUTINE: PracticeSlotType = {
  id: 'routine-gp', name: 'Routine GP', lengthMinutes: 10, colour: '#1d70b8', bookableBy: ['reception', 'online', 'clinician'],
  embargo: { kind: 'none' }, autoDna: true, urgent: false, nationalCategory: 'General Consultation Routine',
};
const URGENT: PracticeSlotType = {
  ...ROUTINE, id: 'urgent', name: 'On the day urgent', colour: '#d4351c', bookableBy: ['reception', 'clinician'],
  embargo: { kind: 'on-the-day', at: '08:00' }, urgent: true, nationalCategory: 'General Consultation Acute',
};

function overview(extra: Partial<RotaOverview> = {}): RotaOverview {
  return {
    slotTypes: [ROUTINE, URGENT],
    rotas: [{
      id: 'winter', name: 'Winter 2026', from: '2026-12-01', to: '2027-03-31', updatedAt: '2026-11-25T09:00:00Z',
      templates: [{
        id: 'patel-mon', name: 'Monday surgery', clinicianId: 'patel', siteId: 'main', pattern: { kind: 'weekly', weekdays: [1] },
        start: '08:30', end: '12:00', sequence: [{ slotTypeId: 'urgent', count: 2 }, { slotTypeId: 'routine-gp', count: 10 }], validFrom: '2026-12-01', validTo: null,
      }],
    }],
    leave: [],
    closures: [],
    openingHours: { practice: { mon: weekday, tue: weekday, wed: weekday, thu: weekday, fri: weekday, sat: null, sun: null }, sites: [] },
    clinicians: [{ id: 'patel', name: 'Dr Patel', role: 'GP' }, { id: 'jones', name: 'Nurse Jones', role: 'Practice nurse' }],
    sites: [{ id: 'main', name: 'Beech House' }],
    bankHolidays: [{ date: '2026-12-25', title: 'Christmas Day' }],
    nationalCategories: [...MAPPABLE_NATIONAL_SLOT_CATEGORIES],
    ...extra,
  };
}

const CHRISTMAS = 'No slots for Dr Patel’s 08:30–12:00 session (Monday surgery) on Friday 25 December 2026: it is a bank holiday (Christmas Day).';
const BOOKED = 'Dr Patel already has a booked slot at 09:10–09:20 on Monday 7 December 2026: 1 new slot of the 08:30–12:00 session was not added there. The booking is kept as it is.';

function preview(extra: Partial<PreviewView> = {}): PreviewView {
  const clash = { templateId: 'patel-mon', start: null, end: null, slotIds: [], existingSlotIds: [], appointmentIds: [], otherTemplateId: null, leaveId: null };
  return {
    rotaId: 'winter', from: '2026-12-07', to: '2026-12-27', basis: 'national', note: null,
    summary: {
      rows: [
        { day: '2026-12-07', clinicianId: 'patel', slotTypeId: 'routine-gp', slots: 9, blocked: 0 },
        { day: '2026-12-07', clinicianId: 'patel', slotTypeId: 'urgent', slots: 2, blocked: 0 },
      ],
      totalSlots: 11, newSlots: 11, blockedSlots: 0, clashCounts: { ...Object.fromEntries(CLASH_KINDS.map((k) => [k, 0])), 'existing-booking': 1, 'bank-holiday': 1 } as PreviewView['summary']['clashCounts'],
    },
    clashes: [
      { ...clash, kind: 'existing-booking', message: BOOKED, clinicianId: 'patel', day: '2026-12-07' },
      { ...clash, kind: 'bank-holiday', message: CHRISTMAS, clinicianId: 'patel', day: '2026-12-25' },
    ],
    rebook: [],
    ...extra,
  };
}

const rebookEntry: RebookEntryView = {
  appointmentId: 'a1', slotId: 's1', leaveId: 'l1', clinicianId: 'patel', clinicianName: 'Dr Patel',
  start: '2026-12-09T09:10:00Z', end: '2026-12-09T09:20:00Z', nhsNumber: '9434765919', patientName: 'SMITH, Jane',
};

async function openRotas(user: StaffSession, handlers: FakeHandlers = {}) {
  const fake = installFakeApi({
    'auth:state': () => ok(activeSession(user)),
    'rota:overview': () => ok(overview()),
    'rota:rebook-list': () => ok([]),
    ...handlers,
  });
  const ue = userEvent.setup();
  render(<App />);
  const nav = await screen.findByRole('navigation', { name: 'Desk' });
  await ue.click(within(nav).getByRole('button', { name: 'Rotas' }));
  await screen.findByRole('table', { name: '2 slot types' });
  return { fake, user: ue };
}

const section = (ue: ReturnType<typeof userEvent.setup>, name: string) =>
  ue.click(within(screen.getByRole('navigation', { name: 'Rota sections' })).getByRole('button', { name }));
const field = (name: string | RegExp, scope: HTMLElement = document.body) => within(scope).getByLabelText(name) as HTMLInputElement;
const slotTypeForm = () => screen.getByRole('region', { name: /^(Add a slot type|Edit slot type)/ });

beforeEach(() => useRotaStore.setState(useRotaStore.getInitialState(), true));
afterEach(() => cleanup());

describe('rota screens', () => {
  it('lists slot types in words: length, colour with its code, who may book, release, auto-DNA and national category', async () => {
    await openRotas(sam);
    const row = within(screen.getByRole('table', { name: '2 slot types' })).getByRole('row', { name: /On the day urgent/ });
    expect(row.textContent).toContain('10 min');
    expect(row.textContent).toContain('#d4351c');
    expect(row.textContent).toContain('Reception, Clinicians');
    expect(row.textContent).toContain('Released at 08:00 on the day');
    expect(row.textContent).toContain('Marked automatically');
    expect(row.textContent).toContain('General Consultation Acute');
  });

  it('offers the practice manager every edit control', async () => {
    const { user } = await openRotas(priya);
    expect(screen.getByRole('button', { name: 'Add a slot type' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Edit Routine GP' })).toBeTruthy();
    await section(user, 'Rotas and templates');
    expect(screen.getByRole('button', { name: 'Create a rota' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Add a template to Winter 2026' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Delete Monday surgery' })).toBeTruthy();
    await section(user, 'Leave');
    expect(screen.getByRole('button', { name: 'Record leave' })).toBeTruthy();
    await section(user, 'Opening hours and closures');
    expect(screen.getByRole('button', { name: 'Save opening hours' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Add closure' })).toBeTruthy();
  });

  it('shows a receptionist the rotas with no edit controls, and says who may change them', async () => {
    const { user } = await openRotas(sam, { 'rota:preview': () => ok(preview()) });
    expect(screen.getByText(/Only a Clerical manager \(R8011\) can edit rotas and slot templates/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Add a slot type' })).toBeNull();
    expect(screen.queryByRole('button', { name: /^Edit / })).toBeNull();
    await section(user, 'Rotas and templates');
    expect(screen.getByRole('table', { name: 'Session templates of Winter 2026' }).textContent).toContain('Every week on Mondays');
    expect(screen.queryByRole('button', { name: 'Create a rota' })).toBeNull();
    expect(screen.queryByRole('button', { name: /Add a template|Delete/ })).toBeNull();
    await section(user, 'Leave');
    expect(screen.queryByRole('button', { name: 'Record leave' })).toBeNull();
    await section(user, 'Opening hours and closures');
    expect(screen.getByRole('table', { name: 'Opening hours' }).textContent).toContain('08:00–18:30');
    expect(screen.queryByRole('button', { name: /Save opening hours|Add closure/ })).toBeNull();
    // A preview is reading, so it is allowed; generating is not offered.
    await section(user, 'Preview and generate');
    await user.click(screen.getByRole('button', { name: 'Preview' }));
    expect(await screen.findByText(CHRISTMAS)).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Generate/ })).toBeNull();
  });

  it('previews a range: slots per clinician per day per type, and each clash in its own words', async () => {
    const { fake, user } = await openRotas(priya, { 'rota:preview': () => ok(preview()) });
    await section(user, 'Preview and generate');
    await user.clear(field('From'));
    await user.type(field('From'), '2026-12-07');
    await user.clear(field('To'));
    await user.type(field('To'), '2026-12-27');
    await user.click(screen.getByRole('button', { name: 'Preview' }));
    expect(fake.calls).toContainEqual({ verb: 'rota:preview', input: { rotaId: 'winter', from: '2026-12-07', to: '2026-12-27' } });

    const clashes = await screen.findByRole('list', { name: '2 clashes to look at' });
    expect(within(clashes).getAllByRole('listitem').map((li) => li.textContent)).toEqual([BOOKED, CHRISTMAS]);
    expect(screen.getByText(/1 booked slot already there, 1 bank holiday/)).toBeTruthy();
    const summary = screen.getByRole('table', { name: /Slots per clinician per day/ });
    expect(within(summary).getByRole('row', { name: /Dr Patel On the day urgent 2 0/ })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Generate 11 new slots' })).toBeTruthy();
  });

  it('generates only after a preview, confirming the count, with the range previewed; then says what was created', async () => {
    const generated: GenerateView = { ...preview(), created: 11, alreadyInBook: 0, blockedExisting: 0 };
    const { fake, user } = await openRotas(priya, { 'rota:preview': () => ok(preview()), 'rota:generate': () => ok(generated) });
    await section(user, 'Preview and generate');
    expect(screen.queryByRole('button', { name: /Generate/ })).toBeNull();
    await user.clear(field('From'));
    await user.type(field('From'), '2026-12-07');
    await user.clear(field('To'));
    await user.type(field('To'), '2026-12-27');
    await user.click(screen.getByRole('button', { name: 'Preview' }));
    await user.click(await screen.findByRole('button', { name: 'Generate 11 new slots' }));
    expect(fake.calls.some((c) => c.verb === 'rota:generate')).toBe(false); // not before the yes
    const confirm = screen.getByRole('group', { name: 'Confirm generating' });
    expect(confirm.textContent).toContain('Add 11 new slots to the book from Mon 7 Dec 2026 to Sun 27 Dec 2026?');
    expect(document.activeElement).toBe(confirm);
    await user.click(within(confirm).getByRole('button', { name: 'Yes, generate 11 slots' }));
    expect(fake.calls.filter((c) => c.verb === 'rota:generate')).toEqual([{ verb: 'rota:generate', input: { rotaId: 'winter', from: '2026-12-07', to: '2026-12-27' } }]);
    await waitFor(() => expect(screen.getByRole('status', { name: 'Rotas' }).textContent).toBe('Generated: 11 slots created, 0 already in the book.'));
  });

  it('checks a slot type against the contract before sending: the message stands by its field and the input stays', async () => {
    const { fake, user } = await openRotas(priya);
    await user.click(screen.getByRole('button', { name: 'Add a slot type' }));
    await user.type(field('Name', slotTypeForm()), 'Quick check');
    await user.clear(field('Length (minutes)', slotTypeForm()));
    await user.type(field('Length (minutes)', slotTypeForm()), '3');
    await user.click(within(slotTypeForm()).getByRole('button', { name: 'Save slot type' }));
    const length = field('Length (minutes)', slotTypeForm());
    expect(length.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(length.getAttribute('aria-describedby')!.split(' ')[0]!)?.textContent).toContain('A slot is at least 5 minutes long');
    expect(fake.calls.some((c) => c.verb === 'rota:save-slot-type')).toBe(false);
    expect(length.value).toBe('3');
    expect(field('Name', slotTypeForm()).value).toBe('Quick check');
  });

  it('a refused save shows the core’s message and keeps everything typed', async () => {
    const refusal = 'Only a Clerical manager (R8011) can edit rotas and slot templates.';
    const { fake, user } = await openRotas(priya, { 'rota:save-slot-type': () => err('FORBIDDEN_ROLE', refusal) });
    await user.click(screen.getByRole('button', { name: 'Add a slot type' }));
    await user.type(field('Name', slotTypeForm()), 'Long review');
    await user.clear(field('Length (minutes)', slotTypeForm()));
    await user.type(field('Length (minutes)', slotTypeForm()), '20');
    await user.click(within(slotTypeForm()).getByRole('radio', { name: 'A number of hours before the slot' }));
    await user.clear(field('Hours before the slot', slotTypeForm()));
    await user.type(field('Hours before the slot', slotTypeForm()), '72');
    await user.selectOptions(within(slotTypeForm()).getByLabelText('National category'), 'Planned Clinics');
    await user.click(within(slotTypeForm()).getByRole('button', { name: 'Save slot type' }));

    expect(fake.calls).toContainEqual({
      verb: 'rota:save-slot-type',
      input: { name: 'Long review', lengthMinutes: 20, colour: '#1d70b8', bookableBy: ['reception', 'clinician'], embargo: { kind: 'before', hours: 72 }, autoDna: true, urgent: false, nationalCategory: 'Planned Clinics' },
    });
    expect((await within(slotTypeForm()).findByRole('alert')).textContent).toBe(refusal);
    expect(field('Name', slotTypeForm()).value).toBe('Long review');
    expect(field('Length (minutes)', slotTypeForm()).value).toBe('20');
    expect(field('Hours before the slot', slotTypeForm()).value).toBe('72');
    expect((within(slotTypeForm()).getByLabelText('National category') as HTMLSelectElement).value).toBe('Planned Clinics');
  });

  it('puts the core’s schema messages next to the fields they name', async () => {
    const { user } = await openRotas(priya, {
      'rota:save-rota': () => err('INVALID_INPUT', 'The request was not valid: ✖ The rota must end on or after the day it starts\n  → at to'),
    });
    await section(user, 'Rotas and templates');
    await user.click(screen.getByRole('button', { name: 'Create a rota' }));
    const form = screen.getByRole('region', { name: 'Create a rota' });
    await user.type(field('Rota name', form), 'Spring');
    await user.click(within(form).getByRole('button', { name: 'Save rota' }));
    const last = await waitFor(() => {
      const f = field('Last day', form);
      expect(f.getAttribute('aria-invalid')).toBe('true');
      return f;
    });
    expect(document.getElementById(last.getAttribute('aria-describedby')!.split(' ')[0]!)?.textContent).toContain('The rota must end on or after the day it starts');
    expect(field('Rota name', form).value).toBe('Spring');
  });

  it('adds a template: clinician, site, alternate weeks, times and a sequence of slot types', async () => {
    const { fake, user } = await openRotas(priya, { 'rota:save-template': (i) => ok({ ...(i as { template: object }).template, id: 'tpl-1' }) });
    await section(user, 'Rotas and templates');
    await user.click(screen.getByRole('button', { name: 'Add a template to Winter 2026' }));
    const form = screen.getByRole('region', { name: 'Add a template to Winter 2026' });
    await user.type(field('Template name (optional)', form), 'Lunch reviews');
    await user.selectOptions(within(form).getByLabelText('Clinician'), 'jones');
    await user.selectOptions(within(form).getByLabelText('Site'), 'main');
    await user.click(within(form).getByRole('radio', { name: 'Alternate weeks' }));
    await user.click(within(form).getByRole('checkbox', { name: 'Wednesday' }));
    await user.clear(field('Session starts', form));
    await user.type(field('Session starts', form), '12:00');
    await user.clear(field('Session ends', form));
    await user.type(field('Session ends', form), '13:00');
    await user.selectOptions(within(within(form).getByRole('group', { name: 'Step 1' })).getByLabelText('Slot type'), 'urgent');
    await user.clear(field('Number of slots', within(form).getByRole('group', { name: 'Step 1' })));
    await user.type(field('Number of slots', within(form).getByRole('group', { name: 'Step 1' })), '2');
    await user.click(within(form).getByRole('button', { name: 'Add a step' }));
    const step2 = within(form).getByRole('group', { name: 'Step 2' });
    await user.selectOptions(within(step2).getByLabelText('Slot type'), 'routine-gp');
    await user.clear(field('Number of slots', step2));
    await user.type(field('Number of slots', step2), '4');
    await user.type(field('Length of each (minutes)', step2), '15');
    await user.click(within(form).getByRole('button', { name: 'Save template' }));

    expect(fake.calls).toContainEqual({
      verb: 'rota:save-template',
      input: {
        rotaId: 'winter',
        template: {
          name: 'Lunch reviews', clinicianId: 'jones', siteId: 'main', pattern: { kind: 'alternate', weekdays: [1, 3], anchorWeekStart: '2026-11-30' },
          start: '12:00', end: '13:00', sequence: [{ slotTypeId: 'urgent', count: 2 }, { slotTypeId: 'routine-gp', count: 4, lengthMinutes: 15 }],
          validFrom: '2026-12-01', validTo: '2027-03-31',
        },
      },
    });
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Add a template to Winter 2026' })).toBeNull());
    expect(screen.getByRole('status', { name: 'Rotas' }).textContent).toBe('Saved the template Lunch reviews.');
  });

  it('changes an existing template: the form holds what it was, and saving keeps its id', async () => {
    const { fake, user } = await openRotas(priya, { 'rota:save-template': (i) => ok({ ...(i as { template: object }).template }) });
    await section(user, 'Rotas and templates');
    await user.click(screen.getByRole('button', { name: 'Change Monday surgery' }));
    const form = screen.getByRole('region', { name: 'Change a template of Winter 2026' });
    await waitFor(() => expect(document.activeElement).toBe(within(form).getByRole('heading')));
    expect(field('Template name (optional)', form).value).toBe('Monday surgery');
    expect((within(form).getByLabelText('Clinician') as HTMLSelectElement).value).toBe('patel');
    expect(within(form).getByRole('checkbox', { name: 'Monday' })).toHaveProperty('checked', true);
    expect(field('Session ends', form).value).toBe('12:00');
    expect(field('Number of slots', within(form).getByRole('group', { name: 'Step 2' })).value).toBe('10');
    await user.clear(field('Session ends', form));
    await user.type(field('Session ends', form), '12:30');
    await user.click(within(form).getByRole('button', { name: 'Save template' }));
    expect(fake.calls).toContainEqual({
      verb: 'rota:save-template',
      input: {
        rotaId: 'winter',
        template: {
          id: 'patel-mon', name: 'Monday surgery', clinicianId: 'patel', siteId: 'main', pattern: { kind: 'weekly', weekdays: [1] },
          start: '08:30', end: '12:30', sequence: [{ slotTypeId: 'urgent', count: 2 }, { slotTypeId: 'routine-gp', count: 10 }], validFrom: '2026-12-01', validTo: null,
        },
      },
    });
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Change a template of Winter 2026' })).toBeNull());
  });

  it('renames a rota and moves its last day, keeping its id', async () => {
    const { fake, user } = await openRotas(priya, { 'rota:save-rota': (i) => ok({ ...overview().rotas[0]!, ...(i as object) }) });
    await section(user, 'Rotas and templates');
    await user.click(screen.getByRole('button', { name: 'Rename or re-date Winter 2026' }));
    const form = screen.getByRole('region', { name: 'Rename or re-date a rota' });
    expect(field('Rota name', form).value).toBe('Winter 2026');
    await user.clear(field('Rota name', form));
    await user.type(field('Rota name', form), 'Winter 2026–27');
    await user.clear(field('Last day', form));
    await user.type(field('Last day', form), '2027-04-30');
    await user.click(within(form).getByRole('button', { name: 'Save rota' }));
    expect(fake.calls).toContainEqual({ verb: 'rota:save-rota', input: { id: 'winter', name: 'Winter 2026–27', from: '2026-12-01', to: '2027-04-30' } });
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Rename or re-date a rota' })).toBeNull());
  });

  it('records leave and shows the patients reception must move', async () => {
    let list: RebookEntryView[] = [];
    const { fake, user } = await openRotas(priya, {
      'rota:add-leave': (i) => {
        list = [rebookEntry];
        return ok({ leave: { ...(i as { clinicianId: string; from: string; to: string }), id: 'l1' }, blocked: 5, rebook: [rebookEntry] });
      },
      'rota:rebook-list': () => ok(list),
    });
    await section(user, 'Leave');
    expect(await screen.findByText('No booked patients need moving.')).toBeTruthy();
    await user.selectOptions(screen.getByLabelText('Clinician on leave'), 'patel');
    await user.clear(field('First day of leave'));
    await user.type(field('First day of leave'), '2026-12-09');
    await user.clear(field('Last day of leave'));
    await user.type(field('Last day of leave'), '2026-12-09');
    await user.click(screen.getByRole('button', { name: 'Record leave' }));
    expect(fake.calls).toContainEqual({ verb: 'rota:add-leave', input: { clinicianId: 'patel', from: '2026-12-09', to: '2026-12-09' } });
    const table = await screen.findByRole('table', { name: /1 patient to move/ });
    const row = within(table).getByRole('row', { name: /SMITH, Jane/ });
    expect(row.textContent).toContain('943 476 5919');
    expect(row.textContent).toContain('Wed 9 Dec 2026 09:10–09:20');
    expect(row.textContent).toContain('Dr Patel');
    expect(screen.getByRole('status', { name: 'Rotas' }).textContent).toBe('Leave recorded for Dr Patel: 5 free slots blocked, 1 booked patient to move.');
  });

  it('shows capacity as tables, with a chart whose name says the figures', async () => {
    const cap: CapacityView = {
      from: '2026-12-07', to: '2026-12-13', basis: 'national', weeks: [{ weekStart: '2026-12-07', isoWeek: '2026-W50' }],
      byClinician: [
        { weekStart: '2026-12-07', clinicianId: 'patel', clinicianName: 'Dr Patel', offered: 100, booked: 60, free: 40, blocked: 4 },
        { weekStart: '2026-12-07', clinicianId: 'jones', clinicianName: 'Nurse Jones', offered: 50, booked: 10, free: 40, blocked: 0 },
      ],
      byCategory: [{ weekStart: '2026-12-07', category: 'General Consultation Routine', offered: 150, booked: 70 }],
      totals: { offered: 150, booked: 70, free: 80, blocked: 4 },
    };
    const { fake, user } = await openRotas(sam, { 'rota:capacity': () => ok(cap) });
    await section(user, 'Capacity');
    await user.clear(field('Capacity from'));
    await user.type(field('Capacity from'), '2026-12-07');
    await user.clear(field('Capacity to'));
    await user.type(field('Capacity to'), '2026-12-13');
    await user.click(screen.getByRole('button', { name: 'Show capacity' }));
    expect(fake.calls).toContainEqual({ verb: 'rota:capacity', input: { from: '2026-12-07', to: '2026-12-13' } });
    const byClinician = await screen.findByRole('table', { name: 'Offered and booked per week per clinician' });
    expect(within(byClinician).getByRole('row', { name: /Dr Patel/ }).textContent).toContain('60%');
    expect(screen.getByRole('table', { name: 'Offered and booked per week per national category' }).textContent).toContain('General Consultation Routine');
    expect(screen.getByRole('img', { name: /week of Mon 7 Dec 2026, 150 offered, 70 booked \(47%\)/ })).toBeTruthy();
  });
});
