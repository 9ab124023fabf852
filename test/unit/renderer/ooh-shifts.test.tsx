// @vitest-environment happy-dom
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ShiftsView } from '../../../renderer/src/features/ooh/ShiftsView';
import { useOohShiftsStore } from '../../../renderer/src/stores/ooh-shifts.store';
import { useOohStore } from '../../../renderer/src/stores/ooh.store';
import type { OohContext, ShiftList, ShiftView } from '../../../shared/contract/ooh';
import { err, ok } from '../../../shared/result';
import { alex, installFakeApi, priya } from './fake-api';

/** The out-of-hours centre's shifts (issue 8), against a fake core. */
beforeEach(() => {
  useOohStore.setState(useOohStore.getInitialState(), true);
  useOohShiftsStore.getState().reset();
});
afterEach(() => {
  cleanup();
  document.body.innerHTML = '';
});

const MAIN = 'St James’s';
const context: OohContext = {
  mode: 'out-of-hours', organisation: { odsCode: 'Y90020', name: 'Leeds Out-of-Hours Centre' }, sites: [MAIN, 'Wharfedale'],
  clinicians: ['Dr Sam Okafor'], targets: { emergency: 60, urgent: 120, 'less-urgent': 360 }, crossOrgBooking: true,
};
const okafor: ShiftView = {
  id: 'shift-1', site: MAIN, clinician: 'Dr Sam Okafor', role: 'GP', start: '2026-11-24T18:30:00.000Z', end: '2026-11-25T08:00:00.000Z',
  night: '2026-11-24', updatedBy: 'Priya Shah', updatedAt: '2026-11-20T10:00:00.000Z',
};
const week = (shifts: ShiftView[] = [okafor]): ShiftList => ({
  from: '2026-11-23', to: '2026-11-29', asOf: '2026-11-24T12:00:00.000Z', shifts, sites: [MAIN, 'Wharfedale'],
  clinicians: ['Dr Sam Okafor', 'Dr Helen Price', 'Nurse practitioner Lee Grant'],
});
const field = (name: string | RegExp, scope: HTMLElement = document.body) => within(scope).getByLabelText(name) as HTMLInputElement;
/** The words read with a field: its hint and its error. */
const description = (el: HTMLElement) =>
  (el.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean).map((id) => document.getElementById(id)?.textContent ?? '').join(' ');

async function open(user = priya, handlers: Parameters<typeof installFakeApi>[0] = {}) {
  const fake = installFakeApi({ 'ooh:context': () => ok(context), 'ooh:shifts': () => ok(week()), ...handlers });
  await act(async () => useOohStore.getState().loadContext());
  render(<ShiftsView user={user} />);
  await screen.findByRole('region', { name: 'Tuesday 24 November' });
  return { fake, user: userEvent.setup() };
}

describe('the centre’s shifts', () => {
  it('lists the week by night: an overnight shift under the night it starts, saying it ends next morning', async () => {
    await open();
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('Shifts: Leeds Out-of-Hours Centre');
    const tuesday = screen.getByRole('region', { name: 'Tuesday 24 November' });
    const row = within(within(tuesday).getByRole('table', { name: 'Tuesday 24 November' })).getAllByRole('row')[1]!;
    expect(row.textContent).toContain('18:30 – 08:00 next morning');
    expect(row.textContent).toContain('Dr Sam Okafor (GP)');
    expect(row.textContent).toContain('13 hours 30 minutes');
    expect(within(screen.getByRole('region', { name: 'Wednesday 25 November' })).getByText('No shifts recorded.')).toBeTruthy();
    expect(screen.getAllByRole('heading', { level: 3 })).toHaveLength(7);
  });

  it('adds an overnight shift by keyboard: the form says the end is the next morning, and sends London times as instants', async () => {
    const { fake, user } = await open(priya, { 'ooh:shift-save': (i) => ok({ ...okafor, ...(i as object), id: 'shift-2', night: '2026-11-26' }) });
    await user.click(screen.getByRole('button', { name: 'Add a shift' }));
    const form = screen.getByRole('region', { name: 'Add a shift' });
    await waitFor(() => expect(document.activeElement).toBe(within(form).getByRole('heading')));
    await user.selectOptions(within(form).getByLabelText('Site'), 'Wharfedale');
    await user.type(field('Clinician', form), 'Dr Helen Price');
    await user.type(field('Role (optional)', form), 'GP');
    await user.clear(field('Starts on', form));
    await user.type(field('Starts on', form), '2026-11-26');
    expect(description(field('End time', form))).toContain('Ends the next morning, Friday 27 November (13 hours 30 minutes).');
    await user.clear(field('End time', form));
    await user.type(field('End time', form), '23:00');
    expect(description(field('End time', form))).toContain('Ends the same day (4 hours 30 minutes).');
    await user.clear(field('End time', form));
    await user.type(field('End time', form), '07:00{Enter}');
    expect(fake.calls.find((c) => c.verb === 'ooh:shift-save')?.input).toEqual({
      site: 'Wharfedale', clinician: 'Dr Helen Price', role: 'GP', start: '2026-11-26T18:30:00.000Z', end: '2026-11-27T07:00:00.000Z',
    });
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Add a shift' })).toBeNull());
    expect(screen.getByRole('status').textContent).toBe('Saved Dr Helen Price’s shift, Thu 26 Nov 18:30 – Fri 27 Nov 07:00 at Wharfedale.');
  });

  it('shows each problem at its field and announces it; nothing is sent and nothing typed is lost; the core’s refusal is announced too', async () => {
    const refusal = 'Dr Helen Price is already on shift Mon 30 Nov 06:00 – 12:00 at Wharfedale.';
    const { fake, user } = await open(priya, { 'ooh:shift-save': () => err('INVALID_INPUT', refusal) });
    await user.click(screen.getByRole('button', { name: 'Add a shift' }));
    const form = screen.getByRole('region', { name: 'Add a shift' });
    // Dr Okafor is on Tuesday 18:30 → Wednesday 08:00 already; the end is also too late.
    await user.type(field('Clinician', form), 'dr sam okafor');
    await user.clear(field('Starts on', form));
    await user.type(field('Starts on', form), '2026-11-24');
    await user.clear(field('End time', form));
    await user.type(field('End time', form), '11:00');
    await user.click(within(form).getByRole('button', { name: 'Save shift' }));

    const summary = await within(form).findByRole('alert');
    expect(summary.textContent).toContain('A shift is at most 16 hours; this one is 16 hours 30 minutes.');
    expect(summary.textContent).toContain('Dr Sam Okafor is already on shift Tue 24 Nov 18:30 – Wed 25 Nov 08:00 at St James’s.');
    expect(document.activeElement).toBe(summary);
    expect(field('Clinician', form).getAttribute('aria-invalid')).toBe('true');
    expect(description(field('Clinician', form))).toContain('Dr Sam Okafor is already on shift');
    expect(description(field('End time', form))).toContain('at most 16 hours');
    expect(fake.calls.some((c) => c.verb === 'ooh:shift-save')).toBe(false);
    expect(field('Clinician', form).value).toBe('dr sam okafor');
    expect(field('End time', form).value).toBe('11:00');

    // Corrected: the core refuses (a clash the desk could not see); the words are announced and the form stays filled.
    await user.clear(field('Clinician', form));
    await user.type(field('Clinician', form), 'Dr Helen Price');
    await user.clear(field('End time', form));
    await user.type(field('End time', form), '08:00');
    await user.click(within(form).getByRole('button', { name: 'Save shift' }));
    await waitFor(() => expect(within(form).getByRole('alert').textContent).toContain(refusal));
    expect(field('Clinician', form).value).toBe('Dr Helen Price');
    expect(screen.getByRole('region', { name: 'Add a shift' })).toBeTruthy();
  });

  it('removes a shift only after asking: Keep it has the focus, Esc keeps the shift', async () => {
    const { fake, user } = await open(priya, { 'ooh:shift-remove': () => ok({ removed: true as const }) });
    const remove = screen.getByRole('button', { name: 'Remove Dr Sam Okafor’s shift, Tue 24 Nov 18:30' });
    await user.click(remove);
    let dialog = screen.getByRole('alertdialog', { name: 'Remove Dr Sam Okafor’s shift?' });
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Keep it' }));
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(fake.calls.some((c) => c.verb === 'ooh:shift-remove')).toBe(false);

    await user.click(remove);
    dialog = screen.getByRole('alertdialog', { name: 'Remove Dr Sam Okafor’s shift?' });
    await user.click(within(dialog).getByRole('button', { name: 'Remove shift' }));
    expect(fake.calls.find((c) => c.verb === 'ooh:shift-remove')?.input).toEqual({ id: 'shift-1' });
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Removed Dr Sam Okafor’s shift, Tue 24 Nov 18:30 – Wed 25 Nov 08:00.'));
  });

  it('is read-only for a receptionist: who is on, and no way to change it', async () => {
    await open(alex);
    expect(screen.getByText('You can see the shifts; only a clerical manager can change them.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Add a shift' })).toBeNull();
    expect(screen.queryByRole('button', { name: /^Change|^Remove/ })).toBeNull();
    expect(screen.getByRole('region', { name: 'Tuesday 24 November' }).textContent).toContain('Dr Sam Okafor');
  });
});
