// @vitest-environment happy-dom
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../../renderer/src/app/App';
import type { SessionState } from '../../../shared/contract';
import { ok } from '../../../shared/result';
import { activeSession, cardPresented, fakeSession, installFakeApi, priya, reader, sam, signedOut, type FakeApi, type FakeHandlers } from './fake-api';

/** Signing in at the desk: card, passcode, role; refusals in the core's words. Found by role and name only. */

const passcodeField = () => screen.getByLabelText('Passcode') as HTMLInputElement;

function setup(initial: SessionState, handlers: FakeHandlers = {}) {
  let fake: FakeApi | undefined;
  const session = fakeSession(initial, () => fake!);
  fake = installFakeApi({ 'auth:state': () => ok(session.state), ...handlers });
  render(<App />);
  return { fake, session, user: userEvent.setup() };
}

afterEach(() => cleanup());

describe('login', () => {
  it('asks for a smartcard and says what the card reader is doing', async () => {
    const { session } = setup(signedOut({ reader: { state: 'disconnected', message: 'Card reader unplugged', simulated: false } }));
    expect(await screen.findByRole('heading', { name: 'Present your smartcard' })).toBeTruthy();
    expect(screen.getByRole('status', { name: 'Card reader' }).textContent).toBe('Card reader unplugged');
    // Nothing of the desk is offered before sign-in.
    expect(screen.queryByRole('searchbox')).toBeNull();
    expect(screen.queryByRole('navigation')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Sign out' })).toBeNull();

    session.push(signedOut({ reader }));
    expect(screen.getByRole('status', { name: 'Card reader' }).textContent).toBe('Card reader ready');
  });

  it('signs in with the passcode: the holder is named, the field is focused, and the desk opens at the search box', async () => {
    const { fake, session, user } = setup(signedOut(), {
      'auth:passcode': () => ok(activeSession(sam, 's2')),
    });
    await screen.findByRole('heading', { name: 'Present your smartcard' });
    session.push(cardPresented({ holderName: 'Sam Taylor' }));

    expect(screen.getByRole('heading', { name: 'Card for Sam Taylor' })).toBeTruthy();
    const field = passcodeField();
    expect(field.type).toBe('password');
    expect(field.getAttribute('inputmode')).toBe('numeric');
    expect(document.activeElement).toBe(field);

    await user.type(field, '123456');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(fake.calls).toContainEqual({ verb: 'auth:passcode', input: { passcode: '123456' } });

    const search = await screen.findByRole('searchbox', { name: 'Search patients' });
    await waitFor(() => expect(document.activeElement).toBe(search));
    const header = screen.getByRole('banner');
    expect(within(header).getByText('Sam Taylor')).toBeTruthy();
    expect(within(header).getByText('Receptionist')).toBeTruthy();
    expect(within(header).getByRole('button', { name: 'Lock (Ctrl+L)' })).toBeTruthy();
    expect(within(header).getByRole('button', { name: 'Sign out' })).toBeTruthy();
    expect(screen.getByRole('status', { name: 'Sign-in' }).textContent).toBe('Signed in as Sam Taylor, Receptionist.');
  });

  it('shows a wrong passcode in the core’s words with the attempts left, and empties the field for another go', async () => {
    const { session, user } = setup(cardPresented(), {
      'auth:passcode': () => ok(cardPresented({ attemptsLeft: 2, message: 'That passcode is not right.' })),
    });
    await user.type(await screen.findByLabelText('Passcode'), '111111{Enter}');

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('That passcode is not right.');
    expect(alert.textContent).toContain('2 attempts left before the card locks.');
    await waitFor(() => expect(passcodeField().value).toBe(''));
    expect(document.activeElement).toBe(passcodeField());
    expect(passcodeField().getAttribute('aria-invalid')).toBe('true');

    // When the core already says how many are left, it is not said twice.
    session.push(cardPresented({ attemptsLeft: 1, message: 'That passcode is not right. 1 try left before the card locks.' }));
    expect(screen.getByRole('alert').textContent).toBe('That passcode is not right. 1 try left before the card locks.');
  });

  it('warns before the passcode is typed when earlier wrong ones have used up attempts', async () => {
    setup(cardPresented({ attemptsLeft: 1 }));
    await screen.findByLabelText('Passcode');
    expect(screen.getByText('1 attempt left before the card locks.')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('catches a passcode that cannot be right before it uses up an attempt', async () => {
    const { fake, user } = setup(cardPresented());
    await user.type(await screen.findByLabelText('Passcode'), '12ab{Enter}');
    expect(screen.getByRole('alert').textContent).toMatch(/A passcode is 6 to 8 digits/);
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(fake.calls.some((c) => c.verb === 'auth:passcode')).toBe(false);
    expect(passcodeField().value).toBe('12ab');
  });

  it('shows a locked card’s refusal instead of the passcode field', async () => {
    const refusal = 'This card is locked after 3 wrong passcodes. A clerical manager can unlock it.';
    setup(cardPresented({ holderName: 'Sam Taylor', refusal, attemptsLeft: 0 }));
    expect((await screen.findByRole('alert')).textContent).toBe(refusal);
    expect(screen.queryByLabelText('Passcode')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Sign in' })).toBeNull();
  });

  it('refuses an unknown card in the core’s words', async () => {
    setup(cardPresented({ holderName: null, refusal: 'This card is not known at this practice.' }));
    expect(await screen.findByRole('heading', { name: 'Card on the reader' })).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toBe('This card is not known at this practice.');
  });

  it('lets a holder of several roles choose one, by keyboard, before the desk opens', async () => {
    const { fake, user } = setup(
      {
        state: 'choose-role',
        reader,
        holderName: 'Jo Evans',
        roles: [
          { roleProfileId: '555000000201', roleCode: 'R8009', roleName: 'Receptionist' },
          { roleProfileId: '555000000202', roleCode: 'R8011', roleName: 'Clerical manager' },
        ],
      },
      { 'auth:choose-role': () => ok(activeSession({ ...priya, name: 'Jo Evans', roleProfileId: '555000000202' }, 's3')) },
    );
    const group = await screen.findByRole('radiogroup', { name: 'Choose your role for this session' });
    const radios = within(group).getAllByRole('radio');
    expect(radios.map((r) => r.getAttribute('value'))).toEqual(['555000000201', '555000000202']);
    const receptionist = within(group).getByRole('radio', { name: 'Receptionist (R8009)' }) as HTMLInputElement;
    expect(receptionist.checked).toBe(true);
    expect(document.activeElement).toBe(receptionist);

    await user.click(within(group).getByRole('radio', { name: 'Clerical manager (R8011)' }));
    await user.click(screen.getByRole('button', { name: 'Continue' }));
    expect(fake.calls).toContainEqual({ verb: 'auth:choose-role', input: { roleProfileId: '555000000202' } });

    const nav = await screen.findByRole('navigation', { name: 'Desk' });
    expect(within(nav).getByRole('button', { name: 'Staff and cards' })).toBeTruthy();
    expect(within(screen.getByRole('banner')).getByText('Jo Evans')).toBeTruthy();
  });

  it('says so when the passcode cannot reach the desk service, keeping what was typed', async () => {
    const { user } = setup(cardPresented(), {
      'auth:passcode': async () => ({ ok: false, error: { code: 'SERVICE_UNREACHABLE', message: 'Lost connection to the desk service. Trying to reconnect…' } }),
    });
    await user.type(await screen.findByLabelText('Passcode'), '123456{Enter}');
    expect((await screen.findByRole('alert')).textContent).toMatch(/Lost connection to the desk service/);
    expect(passcodeField().value).toBe('123456');
  });
});
