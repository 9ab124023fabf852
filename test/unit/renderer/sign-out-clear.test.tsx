// @vitest-environment happy-dom
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../../renderer/src/app/App';
import type { SessionState } from '../../../shared/contract';
import { err, ok } from '../../../shared/result';
import { activeSession, cardPresented, fakeSession, installFakeApi, lockedSession, sam, signedOut, type FakeApi, type FakeHandlers } from './fake-api';

/** "Sign out and clear this PC's copy" (issue 9), beside Sign out: found by role and name, confirmed before it acts. */

const NAME = 'Sign out and clear this PC’s copy';

async function setup(initial: SessionState = activeSession(sam, 's1'), handlers: FakeHandlers = {}) {
  let fake: FakeApi | undefined;
  const session = fakeSession(initial, () => fake!);
  fake = installFakeApi({ 'auth:state': () => ok(session.state), ...handlers });
  render(<App />);
  const user = userEvent.setup();
  return { fake: fake, session, user };
}

const clears = (fake: FakeApi) => fake.calls.filter((c) => c.verb === 'auth:sign-out-and-clear');

afterEach(() => cleanup());

describe('sign out and clear this PC’s copy', () => {
  it('sits beside Sign out, is reached with Tab, and asks first: Cancel (focused) or Esc does nothing and gives focus back', async () => {
    const { fake, user } = await setup();
    await screen.findByRole('searchbox', { name: 'Search patients' });
    const header = screen.getByRole('banner');
    const trigger = within(header).getByRole('button', { name: NAME });
    expect(within(header).getByRole('button', { name: 'Sign out' })).toBeTruthy();
    expect(trigger.getAttribute('aria-haspopup')).toBe('dialog');

    // Keyboard: Tab from Sign out reaches it; Enter opens the confirmation.
    within(header).getByRole('button', { name: 'Sign out' }).focus();
    await user.tab();
    expect(document.activeElement).toBe(trigger);
    await user.keyboard('{Enter}');
    const dialog = screen.getByRole('alertdialog', { name: 'Sign out and clear this PC’s copy?' });
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(dialog.getAttribute('aria-describedby')).toBeTruthy();
    expect(document.getElementById(dialog.getAttribute('aria-describedby')!)?.textContent).toMatch(/Every patient record this computer keeps .* will be removed, and\s+you will be signed out/);
    const cancel = within(dialog).getByRole('button', { name: 'Cancel' });
    expect(document.activeElement).toBe(cancel);
    // Tab stays inside: between the two choices.
    await user.tab();
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Sign out and clear' }));
    await user.tab();
    expect(document.activeElement).toBe(cancel);

    await user.keyboard('{Escape}');
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(document.activeElement).toBe(trigger);
    await user.click(trigger);
    await user.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(clears(fake)).toEqual([]);
  });

  it('confirmed, asks the core to clear and sign out, and the login screen follows', async () => {
    const { fake, user } = await setup(activeSession(sam, 's1'), {
      'auth:sign-out-and-clear': () => ok(cardPresented({ holderName: 'Sam Taylor' })),
    });
    await user.click(await screen.findByRole('button', { name: NAME }));
    await user.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Sign out and clear' }));
    expect(clears(fake)).toEqual([{ verb: 'auth:sign-out-and-clear', input: {} }]);
    expect(fake.calls.filter((c) => c.verb === 'auth:sign-out')).toEqual([]);
    expect(await screen.findByRole('heading', { name: 'Card for Sam Taylor' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: NAME })).toBeNull();
  });

  it('says so when the core could not clear it, and the person stays signed in', async () => {
    const { user } = await setup(activeSession(sam, 's1'), {
      'auth:sign-out-and-clear': () => err('INTERNAL', 'The local copy could not be cleared.'),
    });
    await user.click(await screen.findByRole('button', { name: NAME }));
    await user.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Sign out and clear' }));
    await waitFor(() => expect(document.body.textContent).toContain('The local copy could not be cleared.'));
    expect(screen.getByRole('searchbox', { name: 'Search patients' })).toBeTruthy();
  });

  it('is not offered before sign-in or while the desk is locked', async () => {
    const { session } = await setup(signedOut());
    await screen.findByRole('heading', { name: 'Present your smartcard' });
    expect(screen.queryByRole('button', { name: NAME })).toBeNull();
    session.push(lockedSession({ user: sam, sessionId: 's1', reason: 'manual', cardPresent: true }));
    await screen.findByRole('heading', { name: 'Desk locked' });
    expect(screen.queryByRole('button', { name: NAME })).toBeNull();
  });
});
