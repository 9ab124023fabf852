// @vitest-environment happy-dom
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { App } from '../../../renderer/src/app/App';
import { useBookStore } from '../../../renderer/src/stores/book.store';
import { usePatientsStore } from '../../../renderer/src/stores/patients.store';
import type { StaffSession } from '../../../shared/contract';
import type { SlotView } from '../../../shared/contract/appointments';
import { ok } from '../../../shared/result';
import { activeSession, alex, BOOK_DAY, dayBook, fakeSession, gp, installFakeApi, jane, janeAppointment, recordOf, slotOf, type FakeApi, type FakeHandlers } from './fake-api';

/** Longer journeys of the appointment book: large days, double-booking, cancelling, moving, a new session. */

const grid = () => screen.getByRole('grid', { name: /Appointment book for/ });
const activeName = () => {
  const id = grid().getAttribute('aria-activedescendant');
  return id ? document.getElementById(id)?.getAttribute('aria-label') : null;
};
const callsOf = (fake: FakeApi, verb: string) => fake.calls.filter((c) => c.verb === verb);

async function setup(handlers: FakeHandlers = {}, user: StaffSession = alex) {
  let fake: FakeApi | undefined;
  const session = fakeSession(activeSession(user, 's1'), () => fake!);
  fake = installFakeApi({
    'auth:state': () => ok(session.state),
    'book:day': () => ok(dayBook()),
    'book:waiting-room': () => ok([]),
    'book:find-free': () => ok([]),
    ...handlers,
  });
  const ue = userEvent.setup();
  render(<App />);
  const nav = await screen.findByRole('navigation', { name: 'Desk' });
  await ue.click(await within(nav).findByRole('button', { name: 'Appointments' }));
  await screen.findByRole('grid', { name: /Appointment book for/ });
  await waitFor(() => expect(document.activeElement).toBe(grid()));
  return { fake, user: ue, session };
}

/** Stand-in layout sizes for happy-dom, which lays nothing out. Returns the undo. */
function fakeLayout(size: (el: HTMLElement) => number): () => void {
  const saved = (['clientHeight', 'offsetHeight'] as const).map((k) => [k, Object.getOwnPropertyDescriptor(HTMLElement.prototype, k)] as const);
  for (const [k] of saved) {
    Object.defineProperty(HTMLElement.prototype, k, {
      configurable: true,
      get(this: HTMLElement) {
        return size(this);
      },
    });
  }
  return () => {
    for (const [k, d] of saved) if (d) Object.defineProperty(HTMLElement.prototype, k, d);
  };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-03-12T08:30:00Z'));
});

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('appointment book: a big day', () => {
  it('virtualises 40 clinicians × 60 slots and still reaches every slot from the keyboard', async () => {
    onTestFinished(fakeLayout((el) => (el.getAttribute('role') === 'grid' ? 600 : el.getAttribute('role') === 'row' ? 76 : 0)));
    const clinicians = Array.from({ length: 40 }, (_, i) => ({ id: `c${i}`, name: `Dr C${i}`, role: 'GP', siteIds: ['main'] }));
    const slots: SlotView[] = clinicians.flatMap((c) =>
      Array.from({ length: 60 }, (_, j) => {
        const min = 8 * 60 + j * 10;
        const hhmm = `${String(Math.floor(min / 60)).padStart(2, '0')}:${String(min % 60).padStart(2, '0')}`;
        return slotOf(`${c.id}-${j}`, c.id, 'gp10', hhmm, 10);
      }),
    );
    const { user } = await setup({ 'book:day': () => ok(dayBook({ clinicians, slots, appointments: [] })) });
    expect(within(grid()).getAllByRole('gridcell').length).toBeLessThan(40 * 60 / 2);
    expect(activeName()).toBe('08:30, Dr C0, Routine GP 10 min, free, now'); // today: the slot in progress
    await user.keyboard('{End}');
    expect(activeName()).toBe('17:50, Dr C0, Routine GP 10 min, free');
    await user.keyboard('{Control>}{End}{/Control}');
    expect(activeName()).toBe('17:50, Dr C39, Routine GP 10 min, free');
    await user.keyboard('{Control>}{Home}{/Control}');
    expect(activeName()).toBe('08:00, Dr C0, Routine GP 10 min, free');
  });
});

describe('appointment book: changing the day', () => {
  it('goes to the next and previous day and today', async () => {
    const { fake, user } = await setup({ 'book:day': (input) => ok(dayBook({ day: (input as { day: string }).day })) });
    await user.click(screen.getByRole('button', { name: 'Next day' }));
    expect(await screen.findByRole('grid', { name: 'Appointment book for Friday 13 March 2026' })).toBeTruthy();
    grid().focus();
    await user.keyboard('{Alt>}{ArrowLeft}{ArrowLeft}{/Alt}');
    expect(await screen.findByRole('grid', { name: 'Appointment book for Wednesday 11 March 2026' })).toBeTruthy();
    grid().focus();
    await user.keyboard('t');
    expect(await screen.findByRole('grid', { name: 'Appointment book for Thursday 12 March 2026' })).toBeTruthy();
    expect(callsOf(fake, 'book:day').map((c) => (c.input as { day: string }).day)).toEqual([BOOK_DAY, '2026-03-13', '2026-03-12', '2026-03-11', BOOK_DAY]);
  });
});

describe('appointment book: double-booking, cancelling, moving', () => {
  it('a GP may double-book a taken slot, with a required reason', async () => {
    const { fake, user } = await setup({ 'book:book': () => ok({ ...janeAppointment, id: 'a5', overbookReason: 'Urgent review' }) }, gp);
    await user.keyboard('{ArrowDown}{Enter}');
    await user.click(screen.getByRole('button', { name: 'Double-book with a reason' }));
    const form = screen.getByRole('form', { name: 'Double-book this slot' });
    await user.type(within(form).getByRole('textbox', { name: 'Patient’s NHS number' }), '9434765919');
    await user.click(within(form).getByRole('button', { name: 'Double-book' }));
    expect(within(form).getByRole('textbox', { name: /Reason for double-booking/ }).getAttribute('aria-invalid')).toBe('true');
    expect(callsOf(fake, 'book:book')).toHaveLength(0);
    await user.type(within(form).getByRole('textbox', { name: /Reason for double-booking/ }), 'Urgent review');
    await user.click(within(form).getByRole('button', { name: 'Double-book' }));
    expect(callsOf(fake, 'book:book').map((c) => c.input)).toEqual([
      { slotId: 'p2', nhsNumber: '9434765919', contactPreference: 'phone', overbookReason: 'Urgent review' },
    ]);
  });

  it('a receptionist is not offered double-booking', async () => {
    const { user } = await setup();
    await user.keyboard('{ArrowDown}{Enter}');
    expect(screen.getByRole('region', { name: 'Appointment for SMITH, Jane' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Double-book with a reason' })).toBeNull();
  });

  it('cancels with who asked and a reason', async () => {
    const { fake, user } = await setup({ 'book:cancel': () => ok({ ...janeAppointment, status: 'cancelled-patient' as const }) });
    await user.keyboard('{ArrowDown}{Enter}');
    await user.click(screen.getByRole('button', { name: 'Cancel appointment…' }));
    const form = screen.getByRole('form', { name: 'Cancel the appointment' });
    await user.click(within(form).getByRole('radio', { name: 'The practice' }));
    await user.click(within(form).getByRole('button', { name: 'Cancel appointment' }));
    expect(within(form).getByText('Give a reason for cancelling (at least 3 characters).')).toBeTruthy();
    await user.type(within(form).getByRole('textbox', { name: 'Reason for cancelling' }), 'Dr Patel off sick');
    await user.click(within(form).getByRole('button', { name: 'Cancel appointment' }));
    expect(callsOf(fake, 'book:cancel').map((c) => c.input)).toEqual([{ appointmentId: 'a1', by: 'practice', reason: 'Dr Patel off sick' }]);
    expect(await screen.findByText('Cancelled SMITH, Jane’s appointment at 09:10.')).toBeTruthy();
  });

  it('moves an appointment to a found slot', async () => {
    const j3 = slotOf('j3', 'jones', 'nurse15', '09:30', 15);
    const { fake, user } = await setup({
      'book:find-free': () => ok([j3]),
      'book:move': () => ok({ ...janeAppointment, slotId: 'j3', start: j3.start, end: j3.end }),
    });
    await user.keyboard('{ArrowDown}{Enter}');
    await user.click(screen.getByRole('button', { name: 'Move…' }));
    expect(screen.getByRole('heading', { name: 'Move SMITH, Jane’s 09:10 appointment' })).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Find free slots' }));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('listbox', { name: 'Free slots' })));
    await user.keyboard('{Enter}');
    expect(callsOf(fake, 'book:move').map((c) => c.input)).toEqual([{ appointmentId: 'a1', toSlotId: 'j3' }]);
    expect(await screen.findByText('Moved SMITH, Jane to 09:30.')).toBeTruthy();
    expect(callsOf(fake, 'book:book')).toHaveLength(0);
  });
});

describe('appointment book: the open patient', () => {
  it('offers the patient open in Patients for the booking', async () => {
    const { fake, user } = await setup({ 'book:book': () => ok({ ...janeAppointment, id: 'a7', slotId: 'p1' }) });
    act(() => usePatientsStore.setState({ recordStatus: 'open', record: recordOf(jane) }));
    grid().focus();
    await user.keyboard('{Enter}');
    await user.click(screen.getByRole('button', { name: 'Use the open patient: SMITH, Jane (943 476 5919)' }));
    expect((screen.getByRole('textbox', { name: 'Patient’s NHS number' }) as HTMLInputElement).value).toBe('9434765919');
    await user.click(screen.getByRole('button', { name: 'Book' }));
    expect(callsOf(fake, 'book:book').map((c) => c.input)).toEqual([{ slotId: 'p1', nhsNumber: '9434765919', contactPreference: 'phone' }]);
    // Booked: the panel closes and focus is back on the grid.
    await waitFor(() => expect(document.activeElement).toBe(grid()));
  });
});

describe('appointment book: pushes and sessions', () => {
  it('reloads the day when the core says slots or appointments changed', async () => {
    const { fake } = await setup();
    const before = callsOf(fake, 'book:day').length;
    act(() => fake.emit('changed', { tables: ['slots'] }));
    act(() => fake.emit('changed', { tables: ['patients'] }));
    expect(callsOf(fake, 'book:day').length).toBe(before + 1);
  });

  it('forgets the book, the typed patient and the view when a different person holds the desk', async () => {
    const { user, session } = await setup();
    await user.keyboard('{Enter}');
    await user.type(screen.getByRole('textbox', { name: 'Patient’s NHS number' }), '9434765919');
    session.push(activeSession({ ...alex, name: 'Jo Evans' }, 's2'));
    expect(await screen.findByRole('searchbox', { name: 'Search patients' })).toBeTruthy();
    expect(screen.queryByRole('grid')).toBeNull();
    const s = useBookStore.getState();
    expect([s.shown, s.dayBook, s.form.nhsNumber, s.panelSlot]).toEqual([false, null, '', null]);
  });
});
