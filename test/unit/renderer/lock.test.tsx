// @vitest-environment happy-dom
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../../renderer/src/app/App';
import { usePatientsStore } from '../../../renderer/src/stores/patients.store';
import { TOUCH_EVERY_MS } from '../../../renderer/src/stores/session.store';
import type { SessionState } from '../../../shared/contract';
import { ok } from '../../../shared/result';
import {
  activeSession,
  alex,
  deferred,
  fakeSession,
  installFakeApi,
  jane,
  lockedSession,
  national,
  recordOf,
  sam,
  signedOut,
  type FakeApi,
  type FakeHandlers,
} from './fake-api';

/** Locking keeps the session but takes every patient detail out of the page; a different person starts clean. */

const searchBox = () => screen.getByRole('searchbox', { name: 'Search patients' }) as HTMLInputElement;
const banner = () => screen.getByRole('region', { name: 'Patient banner' });

async function setup(initial: SessionState = activeSession(alex, 's1'), handlers: FakeHandlers = {}) {
  let fake: FakeApi | undefined;
  const session = fakeSession(initial, () => fake!);
  fake = installFakeApi({
    'auth:state': () => ok(session.state),
    'patients:search': () => ok(national([jane])),
    'patients:open': () => ok(recordOf(jane)),
    ...handlers,
  });
  const user = userEvent.setup();
  render(<App />);
  await screen.findByRole('searchbox', { name: 'Search patients' });
  return { fake, session, user };
}

/** Search for Jane and open her record: the desk now shows patient data. */
async function openJane(user: ReturnType<typeof userEvent.setup>) {
  await user.type(searchBox(), 'smith 22/10/2010{Enter}');
  await user.click(await screen.findByRole('option', { name: /SMITH, Jane/ }));
  await screen.findByRole('heading', { name: 'SMITH, Jane (Miss)' });
}

const pageText = () => document.body.textContent ?? '';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-03-12T11:00:00Z'));
});

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('lock view', () => {
  it('takes every patient detail out of the page while locked, and resumes exactly where the person was', async () => {
    const { fake, session, user } = await setup(activeSession(alex, 's1'), {
      'auth:passcode': () => ok(activeSession(alex, 's1')),
    });
    await openJane(user);
    expect(pageText()).toContain('SMITH, Jane');

    session.push(lockedSession({ user: alex, sessionId: 's1', reason: 'card-removed', cardPresent: false }));
    expect(screen.getByRole('heading', { name: 'Desk locked' })).toBeTruthy();
    expect(pageText()).toContain('Locked for Alex Morgan (Receptionist)');
    expect(pageText()).toContain('The smartcard was taken off the reader.');
    expect(pageText()).toContain('Present your card to resume.');
    for (const detail of ['SMITH', 'Jane', '943 476 5919', 'LS1 6AE', '22-Oct-2010']) expect(pageText()).not.toContain(detail);
    expect(screen.queryByRole('searchbox')).toBeNull();
    expect(screen.queryByRole('navigation')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Lock (Ctrl+L)' })).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Desk locked' }));

    session.push(lockedSession({ user: alex, sessionId: 's1', reason: 'card-removed', cardPresent: true }));
    const field = screen.getByLabelText('Passcode');
    expect(document.activeElement).toBe(field);
    await user.type(field, '123456');
    await user.click(screen.getByRole('button', { name: 'Unlock' }));
    expect(fake.calls).toContainEqual({ verb: 'auth:passcode', input: { passcode: '123456' } });

    // Same session: the record is open again, and the search behind it is as it was.
    expect(await screen.findByRole('heading', { name: 'SMITH, Jane (Miss)' })).toBeTruthy();
    expect(within(banner()).getByText('943 476 5919')).toBeTruthy();
    expect(searchBox().value).toBe('smith 22/10/2010');
  });

  it('keeps text typed but not yet searched through a lock of the same session', async () => {
    const { session, user } = await setup();
    await user.type(searchBox(), 'taylor 01/02/1990');
    session.push(lockedSession({ sessionId: 's1', reason: 'idle' }));
    expect(pageText()).toContain('Nobody used the desk for a while, so it locked itself.');
    expect(screen.queryByRole('searchbox')).toBeNull();
    session.push(activeSession(alex, 's1'));
    expect(searchBox().value).toBe('taylor 01/02/1990');
  });

  it('clears the search and the open record when a different session starts', async () => {
    const { session, user } = await setup();
    await openJane(user);
    session.push(lockedSession({ sessionId: 's1' }));
    session.push(activeSession(sam, 's2'));
    await screen.findByRole('searchbox', { name: 'Search patients' });
    expect(searchBox().value).toBe('');
    expect(screen.queryByRole('region', { name: 'Patient banner' })).toBeNull();
    expect(screen.queryByRole('listbox')).toBeNull();
    expect(pageText()).not.toContain('SMITH');
    expect(usePatientsStore.getState()).toMatchObject({ text: '', outcome: null, record: null });
  });

  it('clears everything on sign-out, so the next person signing in sees nothing of it', async () => {
    const { session, user } = await setup();
    await openJane(user);
    session.push(signedOut({ message: 'Sam Taylor signed out.' }));
    expect(screen.getByRole('heading', { name: 'Present your smartcard' })).toBeTruthy();
    expect(usePatientsStore.getState()).toMatchObject({ text: '', outcome: null, record: null });
    session.push(activeSession(sam, 's2'));
    expect(searchBox().value).toBe('');
  });

  it('drops a search answer that arrives after the session changed', async () => {
    const slow = deferred();
    const { session, user } = await setup(activeSession(alex, 's1'), { 'patients:search': slow.handler });
    await user.type(searchBox(), 'smith 22/10/2010{Enter}');
    session.push(activeSession(sam, 's2'));
    await act(async () => slow.resolve(ok(national([jane]))));
    expect(usePatientsStore.getState().outcome).toBeNull();
    expect(screen.queryByRole('option')).toBeNull();
  });

  it('Ctrl+L locks from anywhere, even while typing in the search box', async () => {
    const { fake, user } = await setup(activeSession(alex, 's1'), {
      'auth:lock': () => ok(lockedSession({ sessionId: 's1', reason: 'manual', cardPresent: true })),
    });
    await user.type(searchBox(), 'smi');
    expect(document.activeElement).toBe(searchBox());
    await user.keyboard('{Control>}l{/Control}');
    expect(fake.calls.filter((c) => c.verb === 'auth:lock')).toEqual([{ verb: 'auth:lock', input: {} }]);
    expect(await screen.findByRole('heading', { name: 'Desk locked' })).toBeTruthy();
    expect(pageText()).toContain('Alex Morgan locked the desk.');
    // The card is still on the reader: the passcode is asked for at once.
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText('Passcode')));
  });

  it('locks with the header’s Lock button and signs out with Sign out', async () => {
    const { fake, user } = await setup(activeSession(alex, 's1'), {
      'auth:lock': () => ok(lockedSession({ reason: 'manual', cardPresent: true })),
      'auth:sign-out': () => ok(signedOut()),
    });
    await user.click(screen.getByRole('button', { name: 'Lock (Ctrl+L)' }));
    expect(fake.calls.map((c) => c.verb)).toContain('auth:lock');
    await screen.findByRole('heading', { name: 'Desk locked' });

    // Someone else can end the locked session (losing its unsaved work) without seeing any of it.
    await user.click(screen.getByRole('button', { name: 'Sign out Alex Morgan' }));
    expect(fake.calls.map((c) => c.verb)).toContain('auth:sign-out');
    expect(await screen.findByRole('heading', { name: 'Present your smartcard' })).toBeTruthy();
  });

  it('tells the core about keyboard and mouse use at most once every 30 seconds', async () => {
    const { fake, user } = await setup();
    const touches = () => fake.calls.filter((c) => c.verb === 'auth:touch').length;
    await user.type(searchBox(), 'a');
    expect(touches()).toBe(0); // signing in has just restarted the idle timer

    vi.setSystemTime(Date.now() + TOUCH_EVERY_MS);
    await user.type(searchBox(), 'b');
    await user.pointer({ target: searchBox(), coords: { clientX: 5, clientY: 5 } });
    expect(touches()).toBe(1);

    vi.setSystemTime(Date.now() + TOUCH_EVERY_MS - 1000);
    await user.type(searchBox(), 'c');
    expect(touches()).toBe(1);

    vi.setSystemTime(Date.now() + 1000);
    await user.click(searchBox());
    expect(touches()).toBe(2);
  });

  it('does not touch the core while locked', async () => {
    const { fake, session, user } = await setup();
    session.push(lockedSession({ sessionId: 's1' }));
    vi.setSystemTime(Date.now() + 5 * TOUCH_EVERY_MS);
    await user.keyboard('x');
    await user.click(screen.getByRole('heading', { name: 'Desk locked' }));
    expect(fake.calls.filter((c) => c.verb === 'auth:touch')).toHaveLength(0);
  });
});
