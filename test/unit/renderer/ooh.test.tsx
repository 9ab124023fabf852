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
import { ok } from '../../../shared/result';
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
