// @vitest-environment happy-dom
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../../renderer/src/app/App';
import type { DayBook } from '../../../shared/contract/appointments';
import { ok } from '../../../shared/result';
import { BOOK_DAY, dayBook, installFakeApi, janeAppointment } from './fake-api';

/** The week view of the appointment book (one clinician, Monday to Friday), driven by role and accessible name only. */

const WEEKDAY = { '2026-03-09': 'Mon', '2026-03-10': 'Tue', '2026-03-11': 'Wed', '2026-03-12': 'Thu', '2026-03-13': 'Fri' } as Record<string, string>;

/**
 * The fixture day moved to any day, with slot and appointment ids of its own: Jane at Dr Patel's 09:10 on Thursday
 * 12 March (the usual fixture), Gene at the same time on Tuesday, and Dr Patel not working on Wednesday 11 March.
 */
function bookOn(day: string): DayBook {
  const base = dayBook();
  const move = (iso: string) => iso.replace(BOOK_DAY, day);
  const sid = (id: string) => `${id}@${day}`;
  const slots = base.slots
    .filter((s) => !(day === '2026-03-11' && s.clinicianId === 'patel'))
    .map((s) => ({ ...s, id: sid(s.id), start: move(s.start), end: move(s.end), embargoUntil: s.embargoUntil && move(s.embargoUntil), appointmentIds: [] }));
  const who = day === BOOK_DAY ? { patientName: 'SMITH, Jane', reason: 'Cough' } : day === '2026-03-10' ? { patientName: 'TUNNEY, Gene', reason: null } : null;
  const appointments = who
    ? [{ ...janeAppointment, ...who, id: `a1@${day}`, slotId: sid('p2'), start: move(janeAppointment.start), end: move(janeAppointment.end) }]
    : [];
  return { ...base, day, asOf: move(base.asOf), slots, appointments };
}

const dayCalls = (fake: { calls: { verb: string; input: unknown }[] }) => fake.calls.filter((c) => c.verb === 'book:day').map((c) => (c.input as { day: string }).day);
const weekGrid = (name: string | RegExp) => screen.getByRole('grid', { name });
const activeName = (grid: HTMLElement) => {
  const id = grid.getAttribute('aria-activedescendant');
  return id ? document.getElementById(id)?.getAttribute('aria-label') : null;
};

async function setup() {
  const fake = installFakeApi({
    'book:day': (input) => ok(bookOn((input as { day: string }).day)),
    'book:waiting-room': () => ok([]),
    'book:find-free': () => ok([]),
  });
  const user = userEvent.setup();
  render(<App />);
  const nav = await screen.findByRole('navigation', { name: 'Desk' });
  await user.click(await within(nav).findByRole('button', { name: 'Appointments' }));
  const dayGrid = await screen.findByRole('grid', { name: 'Appointment book for Thursday 12 March 2026' });
  await waitFor(() => expect(document.activeElement).toBe(dayGrid));
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

describe('appointment book: week view for one clinician', () => {
  it('switching to Week loads Monday to Friday with five book:day calls and shows the chosen clinician’s slots in words', async () => {
    const { fake, user } = await setup();
    const dayButton = screen.getByRole('button', { name: 'Day' });
    const weekButton = screen.getByRole('button', { name: 'Week' });
    expect(dayButton.getAttribute('aria-pressed')).toBe('true');
    expect(weekButton.getAttribute('aria-pressed')).toBe('false');
    const before = dayCalls(fake).length;

    await user.click(weekButton);
    expect(weekButton.getAttribute('aria-pressed')).toBe('true');
    expect(dayButton.getAttribute('aria-pressed')).toBe('false');
    const grid = await screen.findByRole('grid', { name: 'Week of 9 March 2026 for Dr Patel' });
    expect(dayCalls(fake).slice(before)).toEqual(['2026-03-09', '2026-03-10', '2026-03-11', '2026-03-12', '2026-03-13']);
    expect(screen.queryByRole('grid', { name: /Appointment book for/ })).toBeNull();

    expect(within(grid).getAllByRole('columnheader').map((h) => h.textContent)).toEqual([
      'Monday 9 March',
      'Tuesday 10 March',
      'Wednesday 11 March (no slots)',
      'Thursday 12 March',
      'Friday 13 March',
    ]);
    for (const name of [
      'Mon 9 Mar 09:00, Dr Patel, Routine GP 10 min, free',
      'Tue 10 Mar 09:10, Dr Patel, Routine GP 10 min, booked: TUNNEY, Gene',
      'Thu 12 Mar 09:10, Dr Patel, Routine GP 10 min, booked: SMITH, Jane (Cough)',
      'Thu 12 Mar 09:20, Dr Patel, Routine GP 10 min, online',
      'Fri 13 Mar 09:30, Dr Patel, Routine GP 10 min, embargoed until 09:00',
      'Fri 13 Mar 09:40, Dr Patel, Routine GP 10 min, blocked',
    ]) {
      expect(within(grid).getByRole('gridcell', { name })).toBeTruthy();
    }
    // Words in the cell, not only colour; and only Dr Patel's slots.
    expect(within(grid).getByRole('gridcell', { name: /^Thu 12 Mar 09:10/ }).textContent).toContain('Booked: SMITH, Jane (Cough)');
    expect(within(grid).queryAllByRole('gridcell', { name: /Nurse Jones/ })).toHaveLength(0);

    // Another clinician from the day's list: the same five days, no new calls.
    const calls = dayCalls(fake).length;
    const region = screen.getByRole('region', { name: 'Week of 9 March 2026' });
    await user.selectOptions(within(region).getByRole('combobox', { name: 'Clinician' }), 'Nurse Jones');
    const nurse = weekGrid('Week of 9 March 2026 for Nurse Jones');
    expect(within(nurse).getByRole('gridcell', { name: 'Wed 11 Mar 09:15, Nurse Jones, Nurse 15 min, free' })).toBeTruthy();
    expect(within(nurse).queryAllByRole('gridcell', { name: /Dr Patel/ })).toHaveLength(0);
    expect(dayCalls(fake).length).toBe(calls);
  });

  it('Next week and Previous week move the dates', async () => {
    const { fake, user } = await setup();
    await user.click(screen.getByRole('button', { name: 'Week' }));
    await screen.findByRole('grid', { name: 'Week of 9 March 2026 for Dr Patel' });

    let before = dayCalls(fake).length;
    await user.click(screen.getByRole('button', { name: 'Next week' }));
    const next = await screen.findByRole('grid', { name: 'Week of 16 March 2026 for Dr Patel' });
    expect(dayCalls(fake).slice(before)).toEqual(['2026-03-16', '2026-03-17', '2026-03-18', '2026-03-19', '2026-03-20']);
    expect(within(next).getAllByRole('columnheader')[0]!.textContent).toBe('Monday 16 March');
    expect(within(next).getByRole('gridcell', { name: 'Fri 20 Mar 09:00, Dr Patel, Routine GP 10 min, free' })).toBeTruthy();

    before = dayCalls(fake).length;
    await user.click(screen.getByRole('button', { name: 'Previous week' }));
    await user.click(screen.getByRole('button', { name: 'Previous week' }));
    await screen.findByRole('grid', { name: 'Week of 2 March 2026 for Dr Patel' });
    expect(dayCalls(fake).slice(-5)).toEqual(['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06']);
    expect(dayCalls(fake).length).toBe(before + 10);
  });

  it('is reachable by keyboard: Shift+W opens it on the grid, arrows move, Enter opens that day with the slot selected', async () => {
    const { user } = await setup();
    await user.keyboard('{Shift>}W{/Shift}');
    const grid = await screen.findByRole('grid', { name: 'Week of 9 March 2026 for Dr Patel' });
    await waitFor(() => expect(document.activeElement).toBe(grid));
    expect(activeName(grid)).toBe('Mon 9 Mar 09:00, Dr Patel, Routine GP 10 min, free');

    await user.keyboard('{ArrowDown}{ArrowRight}');
    expect(activeName(grid)).toBe('Tue 10 Mar 09:10, Dr Patel, Routine GP 10 min, booked: TUNNEY, Gene');
    await user.keyboard('{ArrowRight}'); // Wednesday has no slots for Dr Patel: on to Thursday, same time
    expect(activeName(grid)).toBe('Thu 12 Mar 09:10, Dr Patel, Routine GP 10 min, booked: SMITH, Jane (Cough)');
    await user.keyboard('{ArrowLeft}{End}');
    expect(activeName(grid)).toMatch(/^Tue 10 Mar 09:40, Dr Patel, .*blocked$/);
    await user.keyboard('{Home}{ArrowDown}');
    expect(activeName(grid)).toMatch(/^Tue 10 Mar 09:10/);

    await user.keyboard('{Enter}');
    const day = await screen.findByRole('grid', { name: 'Appointment book for Tuesday 10 March 2026' });
    expect(screen.queryByRole('grid', { name: /^Week of/ })).toBeNull();
    expect(screen.getByRole('button', { name: 'Day' }).getAttribute('aria-pressed')).toBe('true');
    await waitFor(() => expect(document.activeElement).toBe(day));
    expect(activeName(day)).toBe('09:10, Dr Patel, Routine GP 10 min, booked: TUNNEY, Gene');
    expect(document.getElementById(day.getAttribute('aria-activedescendant')!)?.getAttribute('aria-selected')).toBe('true');
    // The day view goes on from there: the next slot is Tuesday's.
    await user.keyboard('{ArrowDown}');
    expect(activeName(day)).toBe('09:20, Dr Patel, Routine GP 10 min, online');

    // Back to the week (same week, same clinician, the cursor where it was), and from the button by keyboard too.
    await user.keyboard('{Shift>}W{/Shift}');
    const again = await screen.findByRole('grid', { name: 'Week of 9 March 2026 for Dr Patel' });
    await waitFor(() => expect(document.activeElement).toBe(again));
    expect(activeName(again)).toMatch(/^Tue 10 Mar 09:10/);
    screen.getByRole('button', { name: 'Day' }).focus();
    await user.keyboard(' ');
    expect(await screen.findByRole('grid', { name: 'Appointment book for Tuesday 10 March 2026' })).toBeTruthy();
    screen.getByRole('button', { name: 'Week' }).focus();
    await user.keyboard('{Enter}');
    expect(await screen.findByRole('grid', { name: 'Week of 9 March 2026 for Dr Patel' })).toBeTruthy();
  });

  it('lists the week view keys in the shortcuts dialog', async () => {
    const { user } = await setup();
    await user.keyboard('?');
    const dialog = screen.getByRole('dialog', { name: 'Appointment book shortcuts' });
    expect(dialog.textContent).toContain('Switch between the day view and the week view (one clinician)');
    expect(within(dialog).getByRole('region', { name: 'In the week view grid' }).textContent).toContain('Open that day in the day view, on this slot');
  });
});
