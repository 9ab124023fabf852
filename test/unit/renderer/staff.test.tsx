// @vitest-environment happy-dom
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../../renderer/src/app/App';
import type { StaffMember } from '../../../shared/contract';
import { err, ok } from '../../../shared/result';
import { activeSession, installFakeApi, priya, sam, staffMember, type FakeHandlers } from './fake-api';

/** Staff and cards, as a clerical manager: the list, adding and editing people, issuing and unlocking cards. */

const lockedSam = staffMember(sam, [{ cardId: 'RCPT0001', locked: true, failedAttempts: 3 }]);

async function openStaff(handlers: FakeHandlers = {}) {
  const fake = installFakeApi({
    'auth:state': () => ok(activeSession(priya)),
    'staff:list': () => ok([staffMember(priya, [{ cardId: 'MGR00001', locked: false, failedAttempts: 0 }]), lockedSam]),
    ...handlers,
  });
  const user = userEvent.setup();
  render(<App />);
  await user.click(await screen.findByRole('button', { name: 'Staff and cards' }));
  const table = await screen.findByRole('table', { name: /can sign in at this desk/ });
  return { fake, user, table };
}

const field = (name: string, scope: HTMLElement = document.body) => within(scope).getByLabelText(name) as HTMLInputElement;
const form = () => screen.getByRole('region', { name: /^(Add a person|Edit )/ });

/** Fill the add-a-person form. */
async function fillPerson(user: ReturnType<typeof userEvent.setup>, userId: string, name: string, roleProfileId: string) {
  await user.click(screen.getByRole('button', { name: 'Add a person' }));
  await user.type(field('User id', form()), userId);
  await user.type(field('Name', form()), name);
  await user.type(field('Role profile id', form()), roleProfileId);
}

afterEach(() => cleanup());

describe('staff and cards', () => {
  it('lists each person with user id, roles and cards, locked cards marked with their failed attempts', async () => {
    const { table } = await openStaff();
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    const samRow = within(table).getByRole('row', { name: /Sam Taylor/ });
    expect(samRow.textContent).toContain(sam.userId);
    expect(samRow.textContent).toContain('Receptionist (R8009)');
    expect(samRow.textContent).toContain('RCPT0001');
    expect(samRow.textContent).toContain('Locked');
    expect(samRow.textContent).toContain('3 failed attempts');
    expect(within(samRow).getByRole('button', { name: 'Unlock card RCPT0001' })).toBeTruthy();
    // An unlocked card offers no Unlock.
    expect(within(within(table).getByRole('row', { name: /Priya Shah/ })).queryByRole('button', { name: /Unlock card/ })).toBeNull();
  });

  it('unlocks a locked card and says so', async () => {
    const { fake, user, table } = await openStaff({
      'staff:unlock-card': () => ok(staffMember(sam, [{ cardId: 'RCPT0001', locked: false, failedAttempts: 0 }])),
    });
    await user.click(within(table).getByRole('button', { name: 'Unlock card RCPT0001' }));
    expect(fake.calls).toContainEqual({ verb: 'staff:unlock-card', input: { cardId: 'RCPT0001' } });
    await waitFor(() => expect(screen.getByRole('status', { name: 'Staff and cards' }).textContent).toBe('Card RCPT0001 unlocked: Sam Taylor can sign in with it again.'));
    const samRow = within(table).getByRole('row', { name: /Sam Taylor/ });
    expect(samRow.textContent).not.toContain('Locked');
    expect(samRow.textContent).toContain('0 failed attempts');
  });

  it('checks the form against the contract before sending, and keeps everything typed', async () => {
    const { fake, user } = await openStaff();
    await fillPerson(user, '12345', 'Jo Evans', '555000000201');
    await user.click(within(form()).getByRole('button', { name: 'Save' }));
    const alert = within(form()).getByRole('alert');
    expect(alert.textContent).toContain('A user id (SDS user id) is 12 digits');
    expect(document.activeElement).toBe(alert);
    expect(field('User id', form()).getAttribute('aria-invalid')).toBe('true');
    expect(fake.calls.some((c) => c.verb === 'staff:save')).toBe(false);
    expect(field('User id', form()).value).toBe('12345');
    expect(field('Name', form()).value).toBe('Jo Evans');
  });

  it('shows the core’s refusal next to the form and loses none of the input', async () => {
    const { fake, user } = await openStaff({ 'staff:save': () => err('INVALID_INPUT', 'User id 555000000009 already belongs to Priya Shah.') });
    await fillPerson(user, '555000000009', 'Jo Evans', '555000000201');
    await user.selectOptions(within(form()).getByLabelText('Role'), 'R8011');
    await user.click(within(form()).getByRole('button', { name: 'Save' }));

    expect(fake.calls).toContainEqual({
      verb: 'staff:save',
      input: { userId: '555000000009', name: 'Jo Evans', active: true, roles: [{ roleProfileId: '555000000201', roleCode: 'R8011' }] },
    });
    expect((await within(form()).findByRole('alert')).textContent).toBe('User id 555000000009 already belongs to Priya Shah.');
    expect(field('User id', form()).value).toBe('555000000009');
    expect(field('Name', form()).value).toBe('Jo Evans');
    expect(field('Role profile id', form()).value).toBe('555000000201');
    expect((within(form()).getByLabelText('Role') as HTMLSelectElement).value).toBe('R8011');
  });

  it('adds a person with two role profiles', async () => {
    const saved: StaffMember = {
      userId: '555000000009',
      name: 'Jo Evans',
      active: true,
      roles: [
        { roleProfileId: '555000000201', roleCode: 'R8009', roleName: 'Receptionist' },
        { roleProfileId: '555000000202', roleCode: 'R8011', roleName: 'Clerical manager' },
      ],
      cards: [],
    };
    const { fake, user, table } = await openStaff({ 'staff:save': () => ok(saved) });
    await fillPerson(user, '5550 0000 0009', 'Jo Evans', '555000000201');
    await user.click(within(form()).getByRole('button', { name: 'Add another role profile' }));
    const second = within(form()).getByRole('group', { name: 'Role profile 2' });
    await user.type(field('Role profile id', second), '555000000202');
    await user.selectOptions(within(second).getByLabelText('Role'), 'R8011');
    await user.click(within(form()).getByRole('button', { name: 'Save' }));

    expect(fake.calls).toContainEqual({
      verb: 'staff:save',
      input: {
        userId: '555000000009',
        name: 'Jo Evans',
        active: true,
        roles: [
          { roleProfileId: '555000000201', roleCode: 'R8009' },
          { roleProfileId: '555000000202', roleCode: 'R8011' },
        ],
      },
    });
    await waitFor(() => expect(screen.getByRole('status', { name: 'Staff and cards' }).textContent).toBe('Saved Jo Evans.'));
    expect(screen.queryByRole('region', { name: 'Add a person' })).toBeNull();
    expect(within(table).getByRole('row', { name: /Jo Evans/ }).textContent).toContain('Clerical manager (R8011)');
    // Focus goes back to the button that opened the form.
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Add a person' }));
  });

  it('edits a person with the user id fixed', async () => {
    const { fake, user, table } = await openStaff({ 'staff:save': (input) => ok({ ...lockedSam, name: (input as { name: string }).name }) });
    await user.click(within(table).getByRole('button', { name: 'Edit Sam Taylor' }));
    const edit = screen.getByRole('region', { name: 'Edit Sam Taylor' });
    expect(field('User id', edit).readOnly).toBe(true);
    expect(field('Role profile id', edit).value).toBe(sam.roleProfileId);
    await user.clear(field('Name', edit));
    await user.type(field('Name', edit), 'Samantha Taylor');
    await user.click(within(edit).getByRole('button', { name: 'Save' }));
    expect(fake.calls.find((c) => c.verb === 'staff:save')?.input).toMatchObject({ userId: sam.userId, name: 'Samantha Taylor' });
    expect(await within(table).findByRole('row', { name: /Samantha Taylor/ })).toBeTruthy();
  });

  it('issues a card only when the passcode was typed the same twice; a refusal keeps the input', async () => {
    const { fake, user, table } = await openStaff({ 'staff:issue-card': () => err('INVALID_INPUT', 'Card RCPT0001 already belongs to Sam Taylor.') });
    await user.click(within(table).getByRole('button', { name: 'Issue card to Priya Shah' }));
    const issue = screen.getByRole('region', { name: 'Issue a card to Priya Shah' });
    await user.type(field('Card id', issue), 'RCPT0001');
    await user.type(field('Passcode', issue), '123456');
    await user.type(field('Passcode again', issue), '123465');
    await user.click(within(issue).getByRole('button', { name: 'Issue card' }));
    expect(within(issue).getByRole('alert').textContent).toMatch(/The two passcodes are not the same/);
    expect(fake.calls.some((c) => c.verb === 'staff:issue-card')).toBe(false);

    await user.clear(field('Passcode again', issue));
    await user.type(field('Passcode again', issue), '123456');
    await user.click(within(issue).getByRole('button', { name: 'Issue card' }));
    expect(fake.calls).toContainEqual({ verb: 'staff:issue-card', input: { userId: priya.userId, cardId: 'RCPT0001', passcode: '123456' } });
    expect((await within(issue).findByRole('alert')).textContent).toBe('Card RCPT0001 already belongs to Sam Taylor.');
    expect(field('Card id', issue).value).toBe('RCPT0001');
    expect(field('Passcode', issue).value).toBe('123456');
  });

  it('says when the list cannot be loaded, in the core’s words', async () => {
    installFakeApi({
      'auth:state': () => ok(activeSession(priya)),
      'staff:list': () => err('INTERNAL', 'The staff list could not be read. Try again.'),
    });
    render(<App />);
    await userEvent.setup().click(await screen.findByRole('button', { name: 'Staff and cards' }));
    expect((await screen.findByRole('alert')).textContent).toContain('The staff list could not be read. Try again.');
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
  });
});
