// @vitest-environment happy-dom
import { act, cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CrossOrgBooking } from '../../../renderer/src/features/ooh/CrossOrgBooking';
import { OohBoardView } from '../../../renderer/src/features/ooh/OohBoardView';
import { useOohStore } from '../../../renderer/src/stores/ooh.store';
import type { PatientRecord } from '../../../shared/contract';
import type { CrossBookingView, EncounterView, OohBoard, OohContext, SharedSlotView } from '../../../shared/contract/ooh';
import { waitStatus } from '../../../shared/domain/ooh/waits';
import { err, ok } from '../../../shared/result';
import { installFakeApi } from './fake-api';

/** Out-of-hours board and cross-organisation booking (issue 8), against a fake core. */
beforeEach(() => useOohStore.setState(useOohStore.getInitialState(), true));
afterEach(() => {
  cleanup();
  document.body.innerHTML = '';
});

const targets = { emergency: 60, urgent: 120, 'less-urgent': 360 };
const context: OohContext = {
  mode: 'out-of-hours', organisation: { odsCode: 'Y90020', name: 'Leeds Out-of-Hours Centre' }, sites: ['St James’s', 'Wharfedale'],
  clinicians: ['Dr Sam Okafor'], targets, crossOrgBooking: true,
};
const AS_OF = '2026-11-25T20:00:00.000Z';
const encounter = (x: Partial<EncounterView> & Pick<EncounterView, 'id' | 'patientName' | 'priority' | 'arrivedAt'>): EncounterView => {
  const base = {
    nhsNumber: '9434765919', registeredOds: 'Y90002', registeredName: 'Castle Street Surgery', site: 'St James’s', reason: null, seenAt: null,
    clinician: null, outcome: null, outcomeNote: null, completedAt: null, state: 'waiting' as const, ...x,
  };
  return { ...base, wait: waitStatus(base, new Date(AS_OF), targets) };
};

describe('the out-of-hours board', () => {
  it('lists the most urgent first with the wait against its target in words, and records an arrival', async () => {
    const board: OohBoard = {
      asOf: AS_OF, targets,
      encounters: [
        encounter({ id: 'e1', patientName: 'JONES, Amy', priority: 'less-urgent', arrivedAt: '2026-11-25T19:30:00.000Z' }),
        encounter({ id: 'e2', patientName: 'SMITH, Jane', priority: 'emergency', arrivedAt: '2026-11-25T18:55:00.000Z', nhsNumber: '9000000009' }),
      ],
    };
    const fake = installFakeApi({
      'ooh:context': () => ok(context),
      'ooh:board': () => ok(board),
      'ooh:arrive': () => ok(encounter({ id: 'e3', patientName: 'BROWN, Tom', priority: 'urgent', arrivedAt: AS_OF })),
    });
    await act(async () => useOohStore.getState().loadContext());
    render(<OohBoardView />);
    const table = await screen.findByRole('table', { name: 'Patients at the centre' });
    const rows = (await within(table).findAllByRole('row')).slice(1);
    expect(rows[0]!.textContent).toContain('SMITH, Jane');
    expect(rows[0]!.textContent).toContain('Overdue by 5 minutes (the 1 hour target)');
    expect(rows[1]!.textContent).toContain('Waiting 30 minutes; 5 hours 30 minutes left of the 6 hours target');
    expect(rows[1]!.textContent).toContain('Castle Street Surgery (Y90002)');
    expect(screen.getByRole('region', { name: 'Waiting by priority' }).textContent).toContain('Emergency: 1 waiting, 1 overdue');

    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Record an arrival' }));
    await user.type(screen.getByLabelText('NHS number'), '943 476 5919');
    await user.click(screen.getByRole('button', { name: 'Record arrival' }));
    expect(screen.getByText('Choose a triage priority.')).toBeTruthy();
    await user.click(screen.getByRole('radio', { name: 'Urgent (target 2 hours)' }));
    await user.click(screen.getByRole('button', { name: 'Record arrival' }));
    expect(fake.calls.find((c) => c.verb === 'ooh:arrive')?.input).toEqual({ nhsNumber: '9434765919', priority: 'urgent', site: 'St James’s' });
    expect((await screen.findByRole('status')).textContent).toBe('BROWN, Tom recorded as arrived (urgent).');
  });
});

describe('booking at another organisation from the banner', () => {
  it('finds shared slots, books one, and lists it with the other practice’s name', async () => {
    const slot: SharedSlotView = {
      providerOds: 'Y90002', providerName: 'Castle Street Surgery', slotId: 'Y90002-6', start: '2026-11-26T09:20:00.000Z', end: '2026-11-26T09:30:00.000Z',
      serviceType: 'Routine GP 10 min', deliveryChannel: 'In-person', clinicianName: 'Dr Ann Lee', practitionerId: '1', locationId: '1', locationName: 'Castle Street Surgery',
    };
    const made: CrossBookingView = {
      id: 'xorg-1', appointmentId: 'Y90002-999', providerOds: 'Y90002', providerName: 'Castle Street Surgery', nhsNumber: '9434765919', patientName: 'JONES, Amy',
      start: slot.start, end: slot.end, serviceType: slot.serviceType, deliveryChannel: 'In-person', clinicianName: 'Dr Ann Lee', locationName: 'Castle Street Surgery',
      bookingOrganisation: { odsCode: 'Y90020', name: 'Leeds Out-of-Hours Centre' }, bookedAt: AS_OF, bookedBy: 'Sam Taylor', status: 'booked', problem: null, encounterId: null,
      cancellation: null, cancellable: true,
    };
    let booked: CrossBookingView[] = [];
    const fake = installFakeApi({
      'ooh:context': () => ok(context),
      'gpconnect:find-slots': () => ok({ providers: [{ odsCode: 'Y90002', name: 'Castle Street Surgery', kind: 'gp-practice', relation: 'registered-practice', problem: null }], slots: [slot] }),
      'gpconnect:book': () => ((booked = [made]), ok(made)),
      'gpconnect:bookings': () => ok(booked),
    });
    const record = { nhsNumber: '9434765919', gpOdsCode: 'Y90002', gpName: 'Castle Street Surgery', restricted: false } as PatientRecord;
    render(<CrossOrgBooking record={record} />);
    expect(await screen.findByText('None booked from this desk.')).toBeTruthy();
    const user = userEvent.setup();
    await user.selectOptions(screen.getByLabelText('Where'), 'Castle Street Surgery (Y90002) only');
    await user.click(screen.getByRole('button', { name: 'Find free slots at other organisations' }));
    expect(fake.calls.find((c) => c.verb === 'gpconnect:find-slots')?.input).toEqual({ nhsNumber: '9434765919', days: 7, limit: 50, providerOds: 'Y90002' });
    const table = await screen.findByRole('table', { name: 'Free slots at other organisations' });
    await user.click(within(table).getByRole('button', { name: 'Book Thu 26 Nov 09:20 at Castle Street Surgery' }));
    expect((await screen.findByText('Booked at Castle Street Surgery.')).getAttribute('role')).toBe('status');
    const list = await screen.findByRole('list', { name: 'Booked at other organisations' });
    expect(list.textContent).toContain('Thu 26 Nov 09:20 at Castle Street Surgery (Castle Street Surgery) with Dr Ann Lee, Routine GP 10 min · Booked · booked by Leeds Out-of-Hours Centre');
  });
});

describe('cancelling a booking made at another organisation', () => {
  const base: CrossBookingView = {
    id: 'xorg-1', appointmentId: 'Y90002-999', providerOds: 'Y90002', providerName: 'Castle Street Surgery', nhsNumber: '9434765919', patientName: 'JONES, Amy',
    start: '2026-11-26T09:20:00.000Z', end: '2026-11-26T09:30:00.000Z', serviceType: 'Routine GP 10 min', deliveryChannel: 'In-person', clinicianName: 'Dr Ann Lee',
    locationName: 'Castle Street Surgery', bookingOrganisation: { odsCode: 'Y90020', name: 'Leeds Out-of-Hours Centre' }, bookedAt: AS_OF, bookedBy: 'Sam Taylor',
    status: 'booked', problem: null, encounterId: null, cancellation: null, cancellable: true,
  };
  const record = { nhsNumber: '9434765919', gpOdsCode: 'Y90002', gpName: 'Castle Street Surgery', restricted: false } as PatientRecord;
  const hub: CrossBookingView = { ...base, id: 'xorg-2', providerOds: 'Y90010', providerName: 'Leeds Central Extended Access Hub', start: '2026-11-27T18:30:00.000Z', status: 'waiting-to-send', appointmentId: null };
  const gone: CrossBookingView = {
    ...base, id: 'xorg-3', start: '2026-11-28T10:00:00.000Z', status: 'cancelled', cancellable: false,
    cancellation: { reason: 'Booked in error', at: AS_OF, by: 'Sam Taylor', beforeSending: false },
  };

  it('shows each state, and cancels by keyboard with a reason and a confirmation; the list then says cancelled', async () => {
    let list: CrossBookingView[] = [base, hub, gone, { ...base, id: 'xorg-4', start: '2026-11-29T10:00:00.000Z', status: 'cancel-waiting-to-send', cancellable: false }];
    const fake = installFakeApi({
      'ooh:context': () => ok(context),
      'gpconnect:bookings': () => ok(list),
      'gpconnect:cancel': (input) => {
        const done: CrossBookingView = { ...base, status: 'cancelled', cancellable: false, cancellation: { reason: (input as { reason: string }).reason, at: AS_OF, by: 'Sam Taylor', beforeSending: false } };
        list = [done, ...list.slice(1)];
        return ok(done);
      },
    });
    render(<CrossOrgBooking record={record} />);
    const booked = await screen.findByRole('list', { name: 'Booked at other organisations' });
    const items = within(booked).getAllByRole('listitem');
    expect(items.map((li) => li.textContent?.split(' · ')[1])).toEqual(['Booked', 'Waiting to send', 'Cancelled (Booked in error)', 'Cancellation waiting to send']);
    // A button for each booking that still stands (booked, or waiting to send), named with the organisation and the time.
    expect(within(booked).getAllByRole('button').map((b) => b.getAttribute('aria-label'))).toEqual([
      'Cancel booking at Castle Street Surgery, Thu 26 Nov 09:20',
      'Cancel booking at Leeds Central Extended Access Hub, Fri 27 Nov 18:30',
    ]);

    const user = userEvent.setup();
    const open = within(booked).getByRole('button', { name: 'Cancel booking at Castle Street Surgery, Thu 26 Nov 09:20' });
    open.focus();
    await user.keyboard('{Enter}');
    const form = screen.getByRole('form', { name: 'Cancel the booking at Castle Street Surgery, Thu 26 Nov 09:20' });
    const reason = within(form).getByRole('textbox', { name: 'Reason for cancelling' });
    expect(document.activeElement).toBe(reason);
    expect(form.textContent).toContain('This cancels JONES, Amy’s appointment at Castle Street Surgery on Thu 26 Nov 09:20 with Dr Ann Lee.');

    // Nothing is sent without a reason; the problem is said in words next to the field.
    await user.keyboard('{Enter}');
    expect(within(form).getByText('Give a reason for cancelling (at least 3 characters).')).toBeTruthy();
    expect(reason.getAttribute('aria-invalid')).toBe('true');
    expect(fake.calls.some((c) => c.verb === 'gpconnect:cancel')).toBe(false);

    // Escape keeps the booking and puts focus back on the button.
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('form', { name: /Cancel the booking/ })).toBeNull();
    await act(async () => new Promise<void>((r) => requestAnimationFrame(() => r())));
    expect(document.activeElement?.getAttribute('aria-label')).toBe('Cancel booking at Castle Street Surgery, Thu 26 Nov 09:20');

    await user.keyboard('{Enter}');
    await user.keyboard('Patient feeling better');
    await user.tab();
    expect(document.activeElement?.textContent).toBe('Confirm cancellation at Castle Street Surgery');
    await user.keyboard('{Enter}');
    expect(fake.calls.find((c) => c.verb === 'gpconnect:cancel')?.input).toEqual({ bookingId: 'xorg-1', reason: 'Patient feeling better' });
    expect((await screen.findByText('Cancelled the booking at Castle Street Surgery.')).getAttribute('role')).toBe('status');
    expect(screen.queryByRole('form', { name: /Cancel the booking/ })).toBeNull();
    const after = within(screen.getByRole('list', { name: 'Booked at other organisations' })).getAllByRole('listitem')[0]!;
    expect(after.textContent).toContain('Cancelled (Patient feeling better)');
    expect(within(after).queryByRole('button')).toBeNull();
  });

  it('says in words why the other organisation refused, and keeps the form open', async () => {
    installFakeApi({
      'ooh:context': () => ok(context),
      'gpconnect:bookings': () => ok([base]),
      'gpconnect:cancel': () =>
        err('INVALID_INPUT', 'Castle Street Surgery did not accept the cancellation: Past appointments cannot be amended or cancelled The appointment is still booked there.'),
    });
    render(<CrossOrgBooking record={record} />);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Cancel booking at Castle Street Surgery, Thu 26 Nov 09:20' }));
    await user.type(screen.getByRole('textbox', { name: 'Reason for cancelling' }), 'No longer needed');
    await user.click(screen.getByRole('button', { name: 'Confirm cancellation at Castle Street Surgery' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Castle Street Surgery did not accept the cancellation');
    expect(screen.getByRole('form', { name: /Cancel the booking at Castle Street Surgery/ })).toBeTruthy();
  });

  it('a booking still waiting to send is taken back, and the desk says so', async () => {
    let list = [hub];
    installFakeApi({
      'ooh:context': () => ok(context),
      'gpconnect:bookings': () => ok(list),
      'gpconnect:cancel': () => {
        const done: CrossBookingView = { ...hub, status: 'cancelled', cancellable: false, cancellation: { reason: 'Wrong hub', at: AS_OF, by: 'Sam Taylor', beforeSending: true } };
        list = [done];
        return ok(done);
      },
    });
    render(<CrossOrgBooking record={record} />);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: /^Cancel booking at Leeds Central Extended Access Hub/ }));
    await user.type(screen.getByRole('textbox', { name: 'Reason for cancelling' }), 'Wrong hub{Enter}');
    expect(await screen.findByText('Cancelled: the booking at Leeds Central Extended Access Hub had not been sent yet, so it was taken back.')).toBeTruthy();
    expect(screen.getByRole('list', { name: 'Booked at other organisations' }).textContent).toContain('Cancelled (taken back before it was sent: Wrong hub)');
  });
});
