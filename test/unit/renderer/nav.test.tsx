// @vitest-environment happy-dom
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../../renderer/src/app/App';
import { useDeskStore } from '../../../renderer/src/stores/desk.store';
import type { StaffSession } from '../../../shared/contract';
import { ok } from '../../../shared/result';
import { activeSession, alex, fakeSession, gp, installFakeApi, priya, type FakeApi } from './fake-api';

/** The desk offers each role only what it may do (the core refuses the rest anyway). */

async function signedInAs(user: StaffSession, sessionId = 's1') {
  let fake: FakeApi | undefined;
  const session = fakeSession(activeSession(user, sessionId), () => fake!);
  fake = installFakeApi({
    'auth:state': () => ok(session.state),
    'staff:list': () => ok([]),
    'audit:verify': () => ok({ ok: true, rows: 0, problem: null }),
  });
  render(<App />);
  const nav = await screen.findByRole('navigation', { name: 'Desk' });
  return { nav, session, fake, user: userEvent.setup() };
}

const items = (nav: HTMLElement) => within(nav).getAllByRole('button').map((b) => b.textContent);

afterEach(() => cleanup());

describe('desk navigation', () => {
  it('offers a receptionist Patients and Appointments, Patients marked as the current view', async () => {
    const { nav } = await signedInAs(alex);
    expect(items(nav)).toEqual(['Patients', 'Appointments', 'Prescriptions', 'Rotas']);
    expect(within(nav).getByRole('button', { name: 'Patients' }).getAttribute('aria-current')).toBe('page');
  });

  it('offers a GP Patients and Appointments, not the manager screens', async () => {
    const { nav } = await signedInAs(gp);
    expect(items(nav)).toEqual(['Patients', 'Appointments', 'Prescriptions', 'Rotas']);
  });

  it('offers a clerical manager Staff and cards and Access audit, moving the current mark and focus', async () => {
    const { nav, user } = await signedInAs(priya);
    expect(items(nav)).toEqual(['Patients', 'Appointments', 'Prescriptions', 'Staff and cards', 'Access audit', 'Rotas']);

    await user.click(within(nav).getByRole('button', { name: 'Access audit' }));
    expect(within(nav).getByRole('button', { name: 'Access audit' }).getAttribute('aria-current')).toBe('page');
    expect(within(nav).getByRole('button', { name: 'Patients' }).hasAttribute('aria-current')).toBe(false);
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Access audit' }));
    expect(screen.queryByRole('searchbox', { name: 'Search patients' })).toBeNull();

    await user.click(within(nav).getByRole('button', { name: 'Staff and cards' }));
    expect(await screen.findByRole('heading', { name: 'Staff and cards' })).toBeTruthy();

    // Keyboard: Tab reaches the items and Enter opens one.
    within(nav).getByRole('button', { name: 'Staff and cards' }).focus();
    await user.tab({ shift: true });
    expect(document.activeElement).toBe(within(nav).getByRole('button', { name: 'Prescriptions' }));
    await user.tab({ shift: true });
    expect(document.activeElement).toBe(within(nav).getByRole('button', { name: 'Appointments' }));
    await user.tab({ shift: true });
    expect(document.activeElement).toBe(within(nav).getByRole('button', { name: 'Patients' }));
    await user.keyboard('{Enter}');
    expect(await screen.findByRole('searchbox', { name: 'Search patients' })).toBeTruthy();
  });

  it('never shows a manager view to a role without the permission, whatever the store says', async () => {
    await signedInAs(alex);
    useDeskStore.setState({ view: 'staff' });
    expect(await screen.findByRole('searchbox', { name: 'Search patients' })).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'Staff and cards' })).toBeNull();
  });

  it('a new session starts on Patients, not on the previous person’s view', async () => {
    const { nav, session, user } = await signedInAs(priya, 's1');
    await user.click(within(nav).getByRole('button', { name: 'Access audit' }));
    session.push(activeSession({ ...priya, name: 'Jo Evans' }, 's2'));
    expect(await screen.findByRole('searchbox', { name: 'Search patients' })).toBeTruthy();
    expect(within(screen.getByRole('navigation', { name: 'Desk' })).getByRole('button', { name: 'Patients' }).getAttribute('aria-current')).toBe('page');
  });
});
