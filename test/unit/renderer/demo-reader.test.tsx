// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../../renderer/src/app/App';
import type { SessionState } from '../../../shared/contract';
import { ok } from '../../../shared/result';
import { activeSession, appInfo, installFakeApi, lockedSession, signedOut, type FakeHandlers } from './fake-api';

/** Demo mode's stand-in for a card reader: present a demo card or take it off, by button or shortcut. */

const cards = [
  { cardId: 'RCPT0001', holderName: 'Sam Taylor', roles: ['R8009'], passcode: '123456' },
  { cardId: 'MGR00001', holderName: 'Priya Shah', roles: ['R8011'], passcode: '234567' },
];

function setup(state: SessionState, handlers: FakeHandlers = {}) {
  const fake = installFakeApi({
    'auth:state': () => ok(state),
    'demo:cards': () => ok(cards),
    'demo:present-card': () => ok({ presented: true as const }),
    'demo:withdraw-card': () => ok({ withdrawn: true as const }),
    ...handlers,
  });
  render(<App />);
  return { fake, user: userEvent.setup() };
}

const panel = () => screen.getByRole('region', { name: 'Demo card reader' });
const demoCalls = (fake: ReturnType<typeof setup>['fake']) => fake.calls.filter((c) => c.verb.startsWith('demo:') && c.verb !== 'demo:cards');

afterEach(() => cleanup());

describe('demo card reader', () => {
  it('lists the demo cards with holder, roles, passcode and shortcut, and presents or withdraws one by button', async () => {
    const { fake, user } = setup(signedOut());
    const present = await within(await screen.findByRole('region', { name: 'Demo card reader' })).findByRole('button', { name: 'Present card for Sam Taylor' });
    const items = within(panel()).getAllByRole('listitem');
    expect(items[0]!.textContent).toContain('Sam Taylor');
    expect(items[0]!.textContent).toContain('Receptionist (R8009)');
    expect(items[0]!.textContent).toContain('passcode 123456');
    expect(items[0]!.textContent).toContain('Alt+Shift+1');
    expect(items[1]!.textContent).toContain('Alt+Shift+2');
    expect(present.getAttribute('aria-keyshortcuts')).toBe('Alt+Shift+1');

    await user.click(present);
    await user.click(within(panel()).getByRole('button', { name: 'Withdraw card' }));
    expect(demoCalls(fake)).toEqual([
      { verb: 'demo:present-card', input: { cardId: 'RCPT0001' } },
      { verb: 'demo:withdraw-card', input: {} },
    ]);
    await waitFor(() => expect(within(panel()).getByRole('status', { name: 'Demo card reader' }).textContent).toBe('The card was taken off the reader.'));
  });

  it('Alt+Shift+n presents the nth card and Alt+Shift+0 withdraws, even from the passcode box', async () => {
    const { fake } = setup(lockedSession({ cardPresent: true }));
    await within(await screen.findByRole('region', { name: 'Demo card reader' })).findByRole('button', { name: 'Present card for Priya Shah' });
    expect(document.activeElement).toBe(screen.getByLabelText('Passcode'));
    // As a UK keyboard sends them: with Shift held, `key` is the shifted character; `code` names the key.
    const press = (key: string, code: string) => fireEvent.keyDown(document.activeElement!, { key, code, altKey: true, shiftKey: true });
    press('"', 'Digit2');
    press(')', 'Digit0');
    press('(', 'Digit9'); // no ninth card: nothing happens
    expect(demoCalls(fake)).toEqual([
      { verb: 'demo:present-card', input: { cardId: 'MGR00001' } },
      { verb: 'demo:withdraw-card', input: {} },
    ]);
  });

  it('is there on the desk too, and the core’s refusal is shown', async () => {
    const { user } = setup(activeSession(), {
      'demo:present-card': async () => ({ ok: false, error: { code: 'INVALID_INPUT', message: 'The demo card reader is off: a real card reader is set up.' } }),
    });
    await screen.findByRole('searchbox', { name: 'Search patients' });
    await user.click(await within(panel()).findByRole('button', { name: 'Present card for Sam Taylor' }));
    expect((await within(panel()).findByRole('alert')).textContent).toBe('The demo card reader is off: a real card reader is set up.');
  });

  it('is not shown outside demo mode', async () => {
    setup(signedOut(), { 'app:info': () => ok({ ...appInfo, demo: false }) });
    await screen.findByRole('heading', { name: 'Present your smartcard' });
    await screen.findByText('Beech House Surgery (Y12345)'); // app info has answered
    expect(screen.queryByRole('region', { name: 'Demo card reader' })).toBeNull();
  });
});
