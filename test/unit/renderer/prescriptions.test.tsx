// @vitest-environment happy-dom
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { App } from '../../../renderer/src/app/App';
import { useRxStore } from '../../../renderer/src/stores/rx.store';
import type { StaffSession } from '../../../shared/contract';
import type { RxChanges, RxCounts, RxPrescriber, RxRequestView, RxTemplates } from '../../../shared/contract/prescriptions';
import { availableRxActions, RX_STATE_LABEL, type RxState } from '../../../shared/domain/prescriptions/request-state';
import { err, ok } from '../../../shared/result';
import { activeSession, alex, fakeSession, gp, installFakeApi, type FakeApi, type FakeHandlers } from './fake-api';

/** The repeat-prescription queue at the desk, driven by keyboard and found by role and accessible name only. */

const prescribers: RxPrescriber[] = [
  { id: 'duty', name: 'Duty doctor' },
  { id: 'patel', name: 'Dr Asha Patel' },
];

function rx(id: string, patientName: string, state: RxState, role: StaffSession, extra: Partial<RxRequestView> = {}): RxRequestView {
  const open = state === 'requested' || state === 'with-prescriber';
  return {
    id,
    nhsNumber: '9434765919',
    patientName,
    channel: 'online',
    state,
    stateLabel: RX_STATE_LABEL[state],
    receivedAt: '2026-03-10T09:12:00Z',
    deadline: '2026-03-12T09:12:00Z',
    timeLeft: open ? '1 working day 2 hours left' : null,
    overdue: false,
    routedTo: null,
    nominatedPharmacy: null,
    items: [{ templateId: `t-${id}`, medication: 'Amlodipine 5mg tablets', dosage: 'One tablet once a day', quantity: '28 tablets', flags: [], flagText: [] }],
    flagged: false,
    rejectReason: null,
    decidedBy: null,
    updatedAt: '2026-03-10T09:12:00Z',
    waitingToSend: false,
    actions: availableRxActions(state, role.roleCode),
    ...extra,
  };
}

/** Three requests as the core would list them for `role`: one overdue and flagged, one waiting to send, one printed. */
function queueFor(role: StaffSession): RxRequestView[] {
  return [
    rx('1', 'SMITH, Jane', 'requested', role, {
      overdue: true,
      timeLeft: 'overdue by 3 working hours',
      flagged: true,
      items: [
        {
          templateId: 't1',
          medication: 'Ramipril 5mg capsules',
          dosage: 'One capsule once a day',
          quantity: '28 capsules',
          flags: ['past-review-date'],
          flagText: ['Review date 01-Mar-2026 has passed'],
        },
        { templateId: 't2', medication: 'Atorvastatin 20mg tablets', dosage: 'One tablet at night', quantity: '28 tablets', flags: [], flagText: [] },
      ],
    }),
    rx('2', 'JONES, Bob', 'with-prescriber', role, { channel: 'phone', routedTo: { id: 'patel', name: 'Dr Asha Patel' }, waitingToSend: true }),
    rx('3', 'BROWN, Ann', 'printed', role, { decidedBy: 'Dr Asha Patel' }),
  ];
}

const counts: RxCounts = {
  asOf: '2026-03-12T08:30:00Z',
  byState: { requested: 1, 'with-prescriber': 1, 'sent-to-pharmacy': 0, printed: 1, 'ready-to-collect': 0, collected: 0, rejected: 0, cancelled: 0 },
  open: 2,
  overdue: 1,
  byClinician: [
    { id: null, name: 'Not routed yet', open: 1, overdue: 1 },
    { id: 'patel', name: 'Dr Asha Patel', open: 1, overdue: 0 },
  ],
};

/** The core's filtering, as rx:queue does it, over `requests`. */
function queueHandler(requests: () => RxRequestView[]) {
  return (input: unknown) => {
    const f = input as { state?: string; clinicianId?: string; overdueOnly?: boolean };
    const list = requests().filter(
      (r) =>
        (f.state === undefined || (f.state === 'open' ? r.state === 'requested' || r.state === 'with-prescriber' : r.state === f.state)) &&
        (!f.clinicianId || r.routedTo?.id === f.clinicianId) &&
        (!f.overdueOnly || r.overdue),
    );
    return ok({ asOf: '2026-03-12T08:30:00Z', targetWorkingDays: 2, requests: list });
  };
}

const callsOf = (fake: FakeApi, verb: string) => fake.calls.filter((c) => c.verb === verb).map((c) => c.input);
const list = () => screen.getByRole('listbox', { name: 'Repeat prescription requests' });
const selectedOption = () => {
  const id = list().getAttribute('aria-activedescendant');
  return id ? document.getElementById(id) : null;
};

async function setup(role: StaffSession = alex, handlers: FakeHandlers = {}, requests: () => RxRequestView[] = () => queueFor(role)) {
  let fake: FakeApi | undefined;
  const session = fakeSession(activeSession(role, 's1'), () => fake!);
  fake = installFakeApi({
    'auth:state': () => ok(session.state),
    'rx:queue': queueHandler(requests),
    'rx:counts': () => ok(counts),
    'rx:prescribers': () => ok(prescribers),
    ...handlers,
  });
  const user = userEvent.setup();
  render(<App />);
  const nav = await screen.findByRole('navigation', { name: 'Desk' });
  await user.click(within(nav).getByRole('button', { name: 'Prescriptions' }));
  await screen.findByRole('listbox', { name: 'Repeat prescription requests' });
  // The view lands on the list, with the first (most urgent) request selected, so keys act at once.
  await waitFor(() => expect(document.activeElement).toBe(list()));
  await waitFor(() => expect(selectedOption()?.textContent).toMatch(/^SMITH, Jane/));
  return { fake, user };
}

beforeEach(() => useRxStore.getState().reset());
afterEach(() => cleanup());

describe('the repeat-prescription queue', () => {
  it('shows each request in words: patient, items with flags for the prescriber, channel, time left or overdue, waiting to send', async () => {
    const { fake } = await setup();
    expect(callsOf(fake, 'rx:queue')).toContainEqual({ state: 'open' }); // the working queue by default
    const options = within(list()).getAllByRole('option');
    expect(options).toHaveLength(2); // the printed one is not open
    const jane = options[0]!;
    expect(jane.getAttribute('aria-selected')).toBe('true');
    expect(jane.textContent).toContain('Overdue by 3 working hours');
    expect(jane.textContent).toContain('Ramipril 5mg capsules, 28 capsules (For the prescriber: past review date)');
    expect(jane.textContent).toContain('Atorvastatin 20mg tablets, 28 tablets.');
    expect(jane.textContent).toMatch(/Online, received Tue 10 Mar 09:12/);
    expect(options[1]!.textContent).toMatch(/JONES, Bob.*With prescriber: Dr Asha Patel\. Waiting to send\./);
    expect(options[1]!.textContent).toContain('By phone');
    // Counts next to the filters.
    expect(screen.getByRole('combobox', { name: 'Show' }).textContent).toContain('Open (not yet decided) (2)');
    expect(screen.getByRole('checkbox', { name: 'Overdue only (1)' })).toBeTruthy();
    // The selected request's details say the flag in full.
    const details = screen.getByRole('complementary', { name: 'Selected request' });
    expect(within(details).getByRole('heading', { name: 'SMITH, Jane' })).toBeTruthy();
    expect(details.textContent).toContain('For the prescriber: Review date 01-Mar-2026 has passed.');
  });

  it('sends each filter to the core as it changes, and narrows by typed text in the desk', async () => {
    const { fake, user } = await setup();
    const last = () => callsOf(fake, 'rx:queue').at(-1);
    await user.selectOptions(screen.getByRole('combobox', { name: 'Show' }), 'printed');
    await waitFor(() => expect(last()).toEqual({ state: 'printed' }));
    await waitFor(() => expect(within(list()).getAllByRole('option').map((o) => o.textContent?.split(' ')[0])).toEqual(['BROWN,']));

    await user.selectOptions(screen.getByRole('combobox', { name: 'Show' }), 'open');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Routed to' }), 'patel');
    await waitFor(() => expect(last()).toEqual({ state: 'open', clinicianId: 'patel' }));
    expect(within(list()).getAllByRole('option')).toHaveLength(1);

    await user.selectOptions(screen.getByRole('combobox', { name: 'Routed to' }), '');
    await user.click(screen.getByRole('checkbox', { name: /Overdue only/ }));
    await waitFor(() => expect(last()).toEqual({ state: 'open', overdueOnly: true }));
    expect(within(list()).getAllByRole('option').map((o) => o.textContent)).toEqual([expect.stringMatching(/^SMITH, Jane/)]);

    await user.click(screen.getByRole('checkbox', { name: /Overdue only/ }));
    await user.selectOptions(screen.getByRole('combobox', { name: 'Show' }), 'all');
    await waitFor(() => expect(last()).toEqual({}));
    expect(within(list()).getAllByRole('option')).toHaveLength(3);

    // Typing narrows at once, in the desk: nothing typed is sent to the core.
    const before = callsOf(fake, 'rx:queue').length;
    await user.type(screen.getByRole('searchbox', { name: 'Find in queue' }), 'atorva');
    expect(within(list()).getAllByRole('option').map((o) => o.textContent)).toEqual([expect.stringMatching(/^SMITH, Jane/)]);
    expect(callsOf(fake, 'rx:queue')).toHaveLength(before);
    await user.keyboard('{ArrowDown}');
    expect(document.activeElement).toBe(list());
  });

  it('paints a filter at once from the desk’s copy of the whole queue, before the core answers', async () => {
    let hold: ((v: unknown) => void) | null = null;
    const whole = queueHandler(() => queueFor(alex));
    const { user } = await setup(alex, {
      'rx:queue': (input) => {
        if ((input as { state?: string }).state !== 'rejected') return whole(input);
        return new Promise((resolve) => (hold = () => resolve(whole(input))));
      },
    });
    await user.selectOptions(screen.getByRole('combobox', { name: 'Show' }), 'printed');
    await waitFor(() => expect(within(list()).getAllByRole('option')).toHaveLength(1));
    await user.selectOptions(screen.getByRole('combobox', { name: 'Show' }), 'all');
    await waitFor(() => expect(within(list()).getAllByRole('option')).toHaveLength(3));
    await user.selectOptions(screen.getByRole('combobox', { name: 'Show' }), 'rejected');
    // No rejected request is held: the list says so at once, while the core is still being asked.
    expect(screen.getByText('No requests match these filters.')).toBeTruthy();
    expect(screen.getByText(/Checking with the desk service/)).toBeTruthy();
    // The core is asked once the choice has settled; its answer then replaces the desk's copy.
    await waitFor(() => expect(hold).not.toBeNull());
    await act(async () => hold?.(null));
    await waitFor(() => expect(screen.queryByText(/Checking with the desk service/)).toBeNull());
  });

  it('does not offer a receptionist approve or reject, by button or key', async () => {
    const { fake, user } = await setup(alex);
    const details = screen.getByRole('complementary', { name: 'Selected request' });
    const actions = within(details).getByRole('group', { name: 'Actions on this request' });
    expect(within(actions).getAllByRole('button').map((b) => b.textContent)).toEqual(['Route to a prescriber… (R)', 'Cancelled by the patient (C)']);
    await user.keyboard('a');
    expect(screen.getByText('Approve is not offered for SMITH, Jane’s request.')).toBeTruthy();
    await user.keyboard('j');
    expect(screen.getByText('Reject with a reason is not offered for SMITH, Jane’s request.')).toBeTruthy();
    expect(screen.queryByRole('form', { name: /Approve/ })).toBeNull();
    expect(callsOf(fake, 'rx:approve')).toHaveLength(0);
    expect(callsOf(fake, 'rx:reject')).toHaveLength(0);
  });

  it('acts on the selected request by key: arrows move, R routes through the prescriber list, P marks ready', async () => {
    const routed = (id: string) => ({ ...queueFor(alex).find((r) => r.id === id)!, state: 'with-prescriber' as const, stateLabel: 'With prescriber', routedTo: prescribers[0]!, waitingToSend: true, actions: availableRxActions('with-prescriber', 'R8009') });
    const ready = { ...queueFor(alex)[2]!, state: 'ready-to-collect' as const, stateLabel: 'Ready to collect', actions: availableRxActions('ready-to-collect', 'R8009') };
    const { fake, user } = await setup(alex, {
      'rx:route': (input) => ok(routed((input as { id: string }).id)),
      'rx:ready': () => ok(ready),
    });
    await user.keyboard('r');
    const picker = await screen.findByRole('listbox', { name: 'Route to' });
    expect(document.activeElement).toBe(picker);
    expect(within(picker).getAllByRole('option').map((o) => o.textContent)).toEqual(['Duty doctor', 'Dr Asha Patel']);
    await user.keyboard('{Enter}');
    expect(callsOf(fake, 'rx:route')).toEqual([{ id: '1', to: 'duty' }]);
    await waitFor(() => expect(document.activeElement).toBe(list()));
    expect(screen.getByText('SMITH, Jane: routed to Duty doctor (waiting to send).')).toBeTruthy();
    expect(selectedOption()?.textContent).toMatch(/SMITH, Jane.*With prescriber: Duty doctor\. Waiting to send\./);

    // Esc leaves the picker without routing.
    await user.keyboard('r');
    await screen.findByRole('listbox', { name: 'Route to' });
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('listbox', { name: 'Route to' })).toBeNull();
    expect(document.activeElement).toBe(list());
    expect(callsOf(fake, 'rx:route')).toHaveLength(1);

    await user.selectOptions(screen.getByRole('combobox', { name: 'Show' }), 'all');
    await waitFor(() => expect(within(list()).getAllByRole('option')).toHaveLength(3));
    list().focus();
    await user.keyboard('{End}');
    expect(selectedOption()?.textContent).toMatch(/^BROWN, Ann/);
    await user.keyboard('{ArrowUp}');
    expect(selectedOption()?.textContent).toMatch(/^JONES, Bob/);
    await user.keyboard('{ArrowDown}p');
    expect(callsOf(fake, 'rx:ready')).toEqual([{ id: '3' }]);
    await waitFor(() => expect(screen.getByText('BROWN, Ann: prescription ready to collect.')).toBeTruthy());
  });

  it('a GP approves with a tick for flagged items, and the reject form needs a reason and keeps it when refused', async () => {
    let rejectAnswer = err('INVALID_INPUT', 'This request is rejected, so it cannot be rejected.');
    const approved = { ...queueFor(gp)[0]!, state: 'printed' as const, stateLabel: 'Approved: printed', timeLeft: null, overdue: false, decidedBy: 'Dr Alex Morgan', actions: availableRxActions('printed', 'R8000') };
    const { fake, user } = await setup(gp, {
      'rx:approve': () => ok(approved),
      'rx:reject': () => rejectAnswer,
    });
    const details = screen.getByRole('complementary', { name: 'Selected request' });
    expect(within(within(details).getByRole('group', { name: 'Actions on this request' })).getAllByRole('button').map((b) => b.textContent)).toEqual([
      'Route to a prescriber… (R)',
      'Approve… (A)',
      'Reject with a reason… (J)',
      'Cancelled by the patient (C)',
    ]);

    // J: the reason is required; an empty one is never sent.
    await user.keyboard('j');
    const reason = await screen.findByRole('textbox', { name: 'Reason the patient will be told' });
    expect(document.activeElement).toBe(reason);
    await user.click(screen.getByRole('button', { name: 'Reject request' }));
    expect(screen.getByText('Give the reason the patient will be told.')).toBeTruthy();
    expect(reason.getAttribute('aria-invalid')).toBe('true');
    expect(callsOf(fake, 'rx:reject')).toHaveLength(0);
    // Refused by the core: the message shows and what was typed stays.
    await user.type(reason, 'A medication review is due');
    await user.keyboard('{Enter}');
    expect(callsOf(fake, 'rx:reject')).toEqual([{ id: '1', reason: 'A medication review is due' }]);
    expect(await screen.findByText('This request is rejected, so it cannot be rejected.')).toBeTruthy();
    expect((screen.getByRole('textbox', { name: 'Reason the patient will be told' }) as HTMLTextAreaElement).value).toBe('A medication review is due');
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('textbox', { name: 'Reason the patient will be told' })).toBeNull();
    rejectAnswer = err('INVALID_INPUT', 'unused');

    // A: flagged items need the tick before anything is sent.
    await user.keyboard('a');
    const print = await screen.findByRole('radio', { name: 'Print for collection at the desk' });
    expect(document.activeElement).toBe(print);
    await user.click(screen.getByRole('button', { name: 'Approve' }));
    expect(screen.getByText('Confirm you have reviewed the flagged items to issue them.')).toBeTruthy();
    expect(callsOf(fake, 'rx:approve')).toHaveLength(0);
    await user.click(screen.getByRole('checkbox', { name: 'I have reviewed the flagged items' }));
    await user.click(screen.getByRole('button', { name: 'Approve' }));
    expect(callsOf(fake, 'rx:approve')).toEqual([{ id: '1', fulfilment: 'print', acknowledgeFlags: true }]);
    await waitFor(() => expect(screen.getByText('SMITH, Jane: approved, printed for collection.')).toBeTruthy());
    expect(within(screen.getByRole('complementary', { name: 'Selected request' })).getByText('Decided by').nextElementSibling?.textContent).toBe('Dr Alex Morgan');
  });

  it('shows a receptionist the outcome and the reason to tell the patient', async () => {
    const rejected = rx('9', 'GREEN, Tom', 'rejected', alex, { rejectReason: 'A blood test is needed first', decidedBy: 'Dr Alex Morgan' });
    await setup(alex, {}, () => [...queueFor(alex), rejected]);
    const user = userEvent.setup();
    await user.selectOptions(screen.getByRole('combobox', { name: 'Show' }), 'rejected');
    await waitFor(() => expect(within(list()).getAllByRole('option')).toHaveLength(1));
    list().focus();
    await waitFor(() => expect(selectedOption()?.textContent).toMatch(/^GREEN, Tom/));
    const details = screen.getByRole('complementary', { name: 'Selected request' });
    expect(details.textContent).toContain('Rejected. Reason to tell the patient: A blood test is needed first');
    expect(within(details).getByText('Decided by').nextElementSibling?.textContent).toBe('Dr Alex Morgan');
    expect(within(details).queryByRole('group', { name: 'Actions on this request' })).toBeNull();
  });

  it('adds a request taken by phone from the patient’s repeat templates, flags shown', async () => {
    const templates: RxTemplates = {
      nhsNumber: '9434765919',
      patientName: 'SMITH, Jane',
      nominatedPharmacy: { odsCode: 'FY101', name: 'Riverside Pharmacy' },
      fromLocalCopy: false,
      templates: [
        { id: 't1', medication: 'Ramipril 5mg capsules', dosage: 'One capsule once a day', quantity: '28 capsules', authorisedIssues: 6, issuesSoFar: 6, reviewDate: '2026-09-01', flags: ['no-issues-left'], flagText: ['All 6 authorised issues have been used'] },
        { id: 't2', medication: 'Atorvastatin 20mg tablets', dosage: 'One tablet at night', quantity: '28 tablets', authorisedIssues: 6, issuesSoFar: 2, reviewDate: '2026-09-01', flags: [], flagText: [] },
      ],
    };
    const added = rx('pending-1', 'SMITH, Jane', 'requested', alex, { channel: 'phone', waitingToSend: false });
    const { fake, user } = await setup(alex, { 'rx:templates': () => ok(templates), 'rx:add': () => ok(added) });
    await user.keyboard('n');
    const nhs = await screen.findByRole('textbox', { name: /Patient’s NHS number/ });
    expect(document.activeElement).toBe(nhs);
    await user.type(nhs, '943 476 5918{Enter}');
    expect(await screen.findByText(/the check digit does not match/)).toBeTruthy();
    expect(callsOf(fake, 'rx:templates')).toHaveLength(0);
    await user.clear(nhs);
    await user.type(nhs, '943 476 5919{Enter}');
    const items = await screen.findByRole('group', { name: 'Items to request' });
    expect(callsOf(fake, 'rx:templates')).toEqual([{ nhsNumber: '9434765919' }]);
    const ramipril = within(items).getByRole('checkbox', { name: 'Ramipril 5mg capsules, 28 capsules' });
    expect(ramipril.getAttribute('aria-describedby')).toBeTruthy();
    expect(document.getElementById(ramipril.getAttribute('aria-describedby')!)?.textContent).toBe('For the prescriber: All 6 authorised issues have been used.');
    await user.click(screen.getByRole('button', { name: 'Add request' }));
    expect(screen.getByText('Choose at least one item.')).toBeTruthy();
    await user.click(within(items).getByRole('checkbox', { name: 'Atorvastatin 20mg tablets, 28 tablets' }));
    await user.click(screen.getByRole('radio', { name: 'By phone' }));
    await user.click(screen.getByRole('button', { name: 'Add request' }));
    expect(callsOf(fake, 'rx:add')).toEqual([{ nhsNumber: '9434765919', channel: 'phone', templateIds: ['t2'] }]);
    await waitFor(() => expect(document.activeElement).toBe(list()));
    expect(screen.getByText('SMITH, Jane: request added (1 item).')).toBeTruthy();
  });

  it('fetches the queue again when the core says prescriptions changed', async () => {
    let requests = queueFor(alex);
    const { fake } = await setup(alex, {}, () => requests);
    const before = callsOf(fake, 'rx:queue').length;
    requests = [...requests, rx('4', 'WHITE, Sue', 'requested', alex)];
    act(() => fake.emit('changed', { tables: ['appointments'] }));
    expect(callsOf(fake, 'rx:queue')).toHaveLength(before);
    act(() => fake.emit('changed', { tables: ['prescriptions'] }));
    await waitFor(() => expect(within(list()).getAllByRole('option')).toHaveLength(3));
    expect(callsOf(fake, 'rx:counts').length).toBeGreaterThan(1);
  });

  it('on a push, fetches only what changed since the queue it holds and merges it in: no refetch of the queue', async () => {
    const base = queueHandler(() => queueFor(alex));
    let answer: RxChanges = {
      kind: 'changes',
      asOf: '2026-03-12T08:31:00Z',
      targetWorkingDays: 2,
      cursor: 'core1.2',
      // Bob's request was approved and printed elsewhere; a new one came in; Jane's time moved on; none was removed.
      requests: [
        rx('4', 'WHITE, Sue', 'requested', alex, { deadline: '2026-03-13T10:00:00Z', timeLeft: '2 working days left' }),
        rx('2', 'JONES, Bob', 'printed', alex, { decidedBy: 'Dr Asha Patel', updatedAt: '2026-03-12T08:30:30Z' }),
      ],
      times: [{ id: '1', timeLeft: 'overdue by 4 working hours', overdue: true }],
      removed: [],
    };
    const { fake } = await setup(alex, {
      // The whole queue comes with a cursor; a filter's answer does not.
      'rx:queue': (input) => {
        const r = base(input);
        return r.ok && Object.keys(input as object).length === 0 ? ok({ ...r.value, cursor: 'core1.1' }) : r;
      },
      'rx:changes': () => ok(answer),
    });
    expect(callsOf(fake, 'rx:queue')).toEqual(expect.arrayContaining([{}, { state: 'open' }])); // the first load: the whole queue
    const queueCalls = callsOf(fake, 'rx:queue').length;
    const countCalls = callsOf(fake, 'rx:counts').length;

    act(() => fake.emit('changed', { tables: ['prescriptions'] }));
    await waitFor(() => expect(within(list()).getAllByRole('option').map((o) => o.textContent?.split(',')[0])).toEqual(['SMITH', 'WHITE']));
    expect(callsOf(fake, 'rx:changes')).toEqual([{ since: 'core1.1' }]);
    expect(callsOf(fake, 'rx:queue')).toHaveLength(queueCalls); // nothing fetched whole
    await waitFor(() => expect(callsOf(fake, 'rx:counts')).toHaveLength(countCalls + 1)); // the counts are small: asked again
    const [jane, sue] = within(list()).getAllByRole('option');
    expect(jane!.textContent).toContain('Overdue by 4 working hours');
    expect(sue!.textContent).toMatch(/WHITE, Sue.*2 working days left/);
    // The desk's copy of everything has Bob's outcome, in the queue's order (open first, then the latest change first).
    await userEvent.setup().selectOptions(screen.getByRole('combobox', { name: 'Show' }), 'all');
    expect(within(list()).getAllByRole('option').map((o) => o.textContent?.split(',')[0])).toEqual(['SMITH', 'WHITE', 'JONES', 'BROWN']);
    expect(within(list()).getAllByRole('option')[2]!.textContent).toContain('Approved: printed');
    await userEvent.setup().selectOptions(screen.getByRole('combobox', { name: 'Show' }), 'open');

    // The next push carries on from the new cursor; a request gone from the desk is dropped.
    answer = { kind: 'changes', asOf: '2026-03-12T08:32:00Z', targetWorkingDays: 2, cursor: 'core1.3', requests: [], times: [], removed: ['4'] };
    act(() => fake.emit('changed', { tables: ['prescriptions'] }));
    await waitFor(() => expect(within(list()).getAllByRole('option').map((o) => o.textContent?.split(',')[0])).toEqual(['SMITH']));
    expect(callsOf(fake, 'rx:changes')).toEqual([{ since: 'core1.1' }, { since: 'core1.2' }]);
    expect(callsOf(fake, 'rx:queue').filter((i) => Object.keys(i as object).length === 0)).toHaveLength(1);

    // A cursor the core no longer answers for (it restarted): the queue is fetched whole again, and followed from there.
    answer = { kind: 'reload', reason: 'unknown-cursor' };
    act(() => fake.emit('changed', { tables: ['prescriptions'] }));
    await waitFor(() => expect(callsOf(fake, 'rx:queue').filter((i) => Object.keys(i as object).length === 0)).toHaveLength(2));
    await waitFor(() => expect(within(list()).getAllByRole('option').map((o) => o.textContent?.split(',')[0])).toEqual(['SMITH', 'JONES']));
    expect(callsOf(fake, 'rx:changes').at(-1)).toEqual({ since: 'core1.3' });
  });

  it('coalesces a burst of pushes: one rx:changes at a time, and one more for all that came meanwhile', async () => {
    const base = queueHandler(() => queueFor(alex));
    const held: ((r: ReturnType<typeof ok>) => void)[] = [];
    let n = 1;
    const { fake } = await setup(alex, {
      'rx:queue': (input) => {
        const r = base(input);
        return r.ok && Object.keys(input as object).length === 0 ? ok({ ...r.value, cursor: 'c1' }) : r;
      },
      'rx:changes': () =>
        new Promise((resolve) => held.push(() => resolve(ok({ kind: 'changes', asOf: '2026-03-12T08:31:00Z', targetWorkingDays: 2, cursor: `c${++n}`, requests: [], times: [], removed: [] })))),
    });
    act(() => {
      for (let i = 0; i < 5; i++) fake.emit('changed', { tables: ['prescriptions'] });
    });
    await waitFor(() => expect(held).toHaveLength(1));
    await act(async () => held[0]!(ok(null)));
    await waitFor(() => expect(held).toHaveLength(2));
    await act(async () => held[1]!(ok(null)));
    expect(callsOf(fake, 'rx:changes')).toEqual([{ since: 'c1' }, { since: 'c2' }]);
  });

  it('lists the shortcuts in a help dialog (?), closed with Esc back to the list', async () => {
    const { user } = await setup();
    await user.keyboard('?');
    const dialog = screen.getByRole('dialog', { name: 'Prescription queue shortcuts' });
    expect(within(dialog).getByText('Reject, with the reason the patient will be told (prescribers only)')).toBeTruthy();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(list());
  });
});
