// @vitest-environment happy-dom
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../../renderer/src/app/App';
import { err, ok } from '../../../shared/result';
import { BOOK_DAY, dayBook, installFakeApi, janeAppointment, slotOf, type FakeHandlers } from './fake-api';

/** The appointment book at the desk, driven by role and accessible name only. */

const grid = () => screen.getByRole('grid', { name: 'Appointment book for Thursday 12 March 2026' });
const activeCell = () => {
  const id = grid().getAttribute('aria-activedescendant');
  return id ? document.getElementById(id) : null;
};
const activeName = () => activeCell()?.getAttribute('aria-label');
const callsOf = (fake: { calls: { verb: string; input: unknown }[] }, verb: string) => fake.calls.filter((c) => c.verb === verb);

async function setup(handlers: FakeHandlers = {}) {
  const fake = installFakeApi({
    'book:day': () => ok(dayBook()),
    'book:waiting-room': () => ok([]),
    'book:find-free': () => ok([]),
    ...handlers,
  });
  const user = userEvent.setup();
  render(<App />);
  const nav = await screen.findByRole('navigation', { name: 'Desk' });
  await user.click(await within(nav).findByRole('button', { name: 'Appointments' }));
  await screen.findByRole('grid', { name: /Appointment book for/ });
  return { fake, user };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-03-12T08:30:00Z'));
});

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('appointment book: day view', () => {
  it('offers Appointments in the nav and shows one column per clinician with every slot named in words', async () => {
    const { fake } = await setup();
    expect(within(screen.getByRole('navigation', { name: 'Desk' })).getAllByRole('button').map((b) => b.textContent)).toEqual([
      'Patients',
      'Appointments',
      'Prescriptions',
      'Rotas',
    ]);
    expect(fake.calls).toContainEqual({ verb: 'book:day', input: { day: BOOK_DAY } });
    expect(within(grid()).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Dr Patel GP', 'Nurse Jones Practice nurse']);
    for (const name of [
      '09:00, Dr Patel, Routine GP 10 min, free',
      '09:10, Dr Patel, Routine GP 10 min, booked: SMITH, Jane (Cough)',
      '09:20, Dr Patel, Routine GP 10 min, online',
      '09:30, Dr Patel, Routine GP 10 min, embargoed until 09:00',
      '09:40, Dr Patel, Routine GP 10 min, blocked',
      '09:15, Nurse Jones, Nurse 15 min, free',
    ]) {
      expect(within(grid()).getByRole('gridcell', { name: name })).toBeTruthy();
    }
    // The state is in the cell's text, not only in its colour.
    expect(within(grid()).getByRole('gridcell', { name: /^09:10/ }).textContent).toContain('Booked: SMITH, Jane (Cough)');
  });

  it('marks a booking saved offline as waiting to send, in words, until the national service confirms it', async () => {
    await setup({ 'book:day': () => ok(dayBook({ appointments: [{ ...janeAppointment, waitingToSend: true }] })) });
    const cell = within(grid()).getByRole('gridcell', { name: /^09:10/ });
    expect(cell.textContent).toContain('Waiting to send');
    expect(cell.getAttribute('aria-label')).toMatch(/waiting to send/i);
  });

  it('shows a double-booked slot with its reason', async () => {
    const over = { ...janeAppointment, id: 'a2', patientName: 'TUNNEY, Gene', reason: null, overbookReason: 'Urgent, seen by Dr Patel' };
    await setup({ 'book:day': () => ok(dayBook({ appointments: [janeAppointment, over] })) });
    const cell = within(grid()).getByRole('gridcell', { name: /^09:10/ });
    expect(cell.textContent).toContain('Double-booked: Urgent, seen by Dr Patel');
    expect(cell.getAttribute('aria-label')).toContain('booked: TUNNEY, Gene, double-booked: Urgent, seen by Dr Patel');
  });

  it('moves with the arrow keys, Home and End, and opens the slot with Enter', async () => {
    const { user } = await setup();
    await waitFor(() => expect(document.activeElement).toBe(grid()));
    expect(activeName()).toBe('09:00, Dr Patel, Routine GP 10 min, free');
    await user.keyboard('{ArrowDown}');
    expect(activeName()).toMatch(/^09:10, Dr Patel/);
    expect(activeCell()?.getAttribute('aria-selected')).toBe('true');
    await user.keyboard('{ArrowRight}'); // the nurse's slot nearest 09:10
    expect(activeName()).toBe('09:15, Nurse Jones, Nurse 15 min, free');
    await user.keyboard('{End}');
    expect(activeName()).toMatch(/^09:30, Nurse Jones/);
    await user.keyboard('{Home}');
    expect(activeName()).toMatch(/^09:00, Nurse Jones/);
    await user.keyboard('{ArrowLeft}{End}');
    expect(activeName()).toMatch(/^09:40, Dr Patel, .*blocked$/);
    await user.keyboard('{ArrowUp}{ArrowUp}{ArrowUp}{ArrowUp}');
    expect(activeName()).toMatch(/^09:00, Dr Patel/);

    await user.keyboard('{Enter}');
    const panel = screen.getByRole('form', { name: 'Book this slot' });
    expect(panel.textContent).toContain('Thu 12 Mar 09:00, Dr Patel, Routine GP 10 min');
    expect(document.activeElement).toBe(screen.getByRole('textbox', { name: 'Patient’s NHS number' }));
    // Esc closes the panel and goes back to the grid, on the same slot.
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('form', { name: 'Book this slot' })).toBeNull();
    expect(document.activeElement).toBe(grid());
    expect(activeName()).toMatch(/^09:00, Dr Patel/);
  });
});

describe('appointment book: finding and booking', () => {
  it('finds free slots, picks one with Enter and books it with a reason and contact preference', async () => {
    const j2 = slotOf('j2', 'jones', 'nurse15', '09:15', 15);
    const { fake, user } = await setup({
      'book:find-free': () => ok([slotOf('p1', 'patel', 'gp10', '09:00', 10), j2]),
      'book:book': () => ok({ ...janeAppointment, id: 'a9', slotId: 'j2', start: j2.start, end: j2.end }),
    });
    await waitFor(() => expect(document.activeElement).toBe(grid()));
    await user.keyboard('f');
    const clinician = screen.getByRole('combobox', { name: 'Clinician' });
    expect(document.activeElement).toBe(clinician);
    await user.selectOptions(clinician, 'Nurse Jones');
    await user.click(screen.getByRole('checkbox', { name: 'Today only' }));
    await user.click(screen.getByRole('button', { name: 'Find free slots' }));
    expect(fake.calls).toContainEqual({ verb: 'book:find-free', input: { clinicianIds: ['jones'], onTheDayOnly: true, limit: 10 } });

    const list = await screen.findByRole('listbox', { name: 'Free slots' });
    await waitFor(() => expect(document.activeElement).toBe(list));
    expect(within(list).getAllByRole('option').map((o) => o.textContent)).toEqual([
      'Thu 12 Mar 09:00, Dr Patel, Routine GP 10 min',
      'Thu 12 Mar 09:15, Nurse Jones, Nurse 15 min',
    ]);
    await user.keyboard('{ArrowDown}{Enter}');
    const form = screen.getByRole('form', { name: 'Book this slot' });
    expect(form.textContent).toContain('09:15, Nurse Jones');

    await user.type(screen.getByRole('textbox', { name: 'Patient’s NHS number' }), '943 476 5919');
    await user.type(screen.getByRole('textbox', { name: 'Reason (optional, staff only)' }), 'Blood test');
    expect(screen.getByText('10 of 100 characters')).toBeTruthy();
    await user.click(screen.getByRole('radio', { name: 'Text message' }));
    await user.click(within(form).getByRole('button', { name: 'Book' }));

    expect(callsOf(fake, 'book:book').map((c) => c.input)).toEqual([
      { slotId: 'j2', nhsNumber: '9434765919', contactPreference: 'sms', reason: 'Blood test' },
    ]);
    expect(await screen.findByText('Booked SMITH, Jane at 09:15.')).toBeTruthy();
    expect(screen.queryByRole('form', { name: 'Book this slot' })).toBeNull();
    await waitFor(() => expect(callsOf(fake, 'book:day').length).toBeGreaterThanOrEqual(2));
  });

  it('checks the NHS number before asking the core', async () => {
    const { fake, user } = await setup();
    await waitFor(() => expect(document.activeElement).toBe(grid()));
    await user.keyboard('{Enter}');
    await user.type(screen.getByRole('textbox', { name: 'Patient’s NHS number' }), '9434765918{Enter}');
    expect(screen.getByText(/An NHS number has digits only|check digit|not a valid/i)).toBeTruthy();
    expect(screen.getByRole('textbox', { name: 'Patient’s NHS number' }).getAttribute('aria-invalid')).toBe('true');
    expect(callsOf(fake, 'book:book')).toHaveLength(0);
  });

  it('shows a refusal from the core, keeps what was typed and reloads the day', async () => {
    let taken = false;
    const { fake, user } = await setup({
      'book:day': () =>
        ok(taken ? dayBook({ slots: dayBook().slots.map((s) => (s.id === 'p1' ? { ...s, display: 'booked' as const } : s)) }) : dayBook()),
      'book:book': () => {
        taken = true;
        return err('INVALID_INPUT', 'Someone else has just booked that slot. The book has been refreshed: choose another slot.');
      },
    });
    await waitFor(() => expect(document.activeElement).toBe(grid()));
    const before = callsOf(fake, 'book:day').length;
    await user.keyboard('{Enter}');
    await user.type(screen.getByRole('textbox', { name: 'Patient’s NHS number' }), '9434765919');
    await user.type(screen.getByRole('textbox', { name: 'Reason (optional, staff only)' }), 'Rash');
    await user.click(screen.getByRole('button', { name: 'Book' }));

    expect((await screen.findByRole('alert')).textContent).toBe('Someone else has just booked that slot. The book has been refreshed: choose another slot.');
    await waitFor(() => expect(callsOf(fake, 'book:day').length).toBe(before + 1));
    expect(await within(grid()).findByRole('gridcell', { name: '09:00, Dr Patel, Routine GP 10 min, booked' })).toBeTruthy();
    // What was typed is still there, ready for another slot.
    expect((screen.getByRole('textbox', { name: 'Patient’s NHS number' }) as HTMLInputElement).value).toBe('9434765919');
    expect((screen.getByRole('textbox', { name: 'Reason (optional, staff only)' }) as HTMLInputElement).value).toBe('Rash');
  });
});

describe('appointment book: front-desk steps', () => {
  it('A on a booked slot marks the patient arrived; a step not allowed now is explained without asking the core', async () => {
    const arrived = { ...janeAppointment, status: 'arrived' as const, arrivedAt: '2026-03-12T08:30:00Z' };
    let state = janeAppointment;
    const { fake, user } = await setup({
      'book:day': () => ok(dayBook({ appointments: [state] })),
      'book:act': () => {
        state = arrived;
        return ok(arrived);
      },
    });
    await waitFor(() => expect(document.activeElement).toBe(grid()));
    await user.keyboard('{ArrowDown}');
    expect(activeName()).toMatch(/^09:10, Dr Patel/);

    await user.keyboard('c'); // call in before arrival
    expect(screen.getByRole('alert').textContent).toBe('The patient has not arrived yet: mark them as arrived first.');
    expect(callsOf(fake, 'book:act')).toHaveLength(0);

    await user.keyboard('a');
    expect(callsOf(fake, 'book:act').map((c) => c.input)).toEqual([{ appointmentId: 'a1', action: 'arrive' }]);
    expect(await screen.findByText('SMITH, Jane: Arrived.')).toBeTruthy();
    expect(await within(grid()).findByRole('gridcell', { name: /^09:10, Dr Patel, .*arrived: SMITH, Jane/ })).toBeTruthy();
  });

  it('Enter on a booked slot shows the appointment with a button per allowed step', async () => {
    const { fake, user } = await setup({ 'book:act': () => ok({ ...janeAppointment, status: 'arrived' as const }) });
    await waitFor(() => expect(document.activeElement).toBe(grid()));
    await user.keyboard('{ArrowDown}{Enter}');
    const panel = screen.getByRole('region', { name: 'Appointment for SMITH, Jane' });
    expect(within(panel).getByText('Booked')).toBeTruthy();
    const actions = within(within(panel).getByRole('group', { name: 'Actions' }))
      .getAllByRole('button')
      .map((b) => b.textContent);
    // 08:30 on the day, before the 09:10 start: arrive, move and cancel; not call in, DNA or finish.
    expect(actions).toEqual(['Arrived A', 'Move…', 'Cancel appointment…']);
    await user.click(within(panel).getByRole('button', { name: /Arrived/ }));
    expect(callsOf(fake, 'book:act').map((c) => c.input)).toEqual([{ appointmentId: 'a1', action: 'arrive' }]);
  });
});

describe('appointment book: waiting room and help', () => {
  it('lists who is waiting, how long, says when it is over 20 minutes, and refreshes on a change', async () => {
    const waiting = [
      { appointmentId: 'a1', patientName: 'SMITH, Jane', clinicianName: 'Dr Patel', slotStart: '2026-03-12T08:00:00Z', arrivedAt: '2026-03-12T08:05:00Z', waitMinutes: 25, overThreshold: true, thresholdMinutes: 20 },
      { appointmentId: 'a3', patientName: 'TUNNEY, Gene', clinicianName: 'Nurse Jones', slotStart: '2026-03-12T08:30:00Z', arrivedAt: '2026-03-12T08:25:00Z', waitMinutes: 5, overThreshold: false, thresholdMinutes: 20 },
    ];
    const { fake } = await setup({ 'book:waiting-room': () => ok(waiting) });
    const list = await screen.findByRole('list', { name: 'Patients waiting' });
    const items = within(list).getAllByRole('listitem');
    expect(items[0]!.textContent).toBe('SMITH, Jane for Dr Patel at 08:00, arrived 08:05, waiting 25 min Waiting over 20 minutes');
    expect(items[1]!.textContent).toBe('TUNNEY, Gene for Nurse Jones at 08:30, arrived 08:25, waiting 5 min');
    expect(within(list).getAllByText('Waiting over 20 minutes')).toHaveLength(1);

    const before = callsOf(fake, 'book:waiting-room').length;
    act(() => fake.emit('changed', { tables: ['appointments'] }));
    await waitFor(() => expect(callsOf(fake, 'book:waiting-room').length).toBe(before + 1));
    act(() => fake.emit('changed', { tables: ['staff'] }));
    expect(callsOf(fake, 'book:waiting-room').length).toBe(before + 1);
  });

  it('? opens the shortcuts dialog; Esc closes it and focus goes back', async () => {
    const { user } = await setup();
    await waitFor(() => expect(document.activeElement).toBe(grid()));
    await user.keyboard('?');
    const dialog = screen.getByRole('dialog', { name: 'Appointment book shortcuts' });
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(dialog.textContent).toContain('Arrived (booked slot)');
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Close' }));
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(grid());
  });
});
