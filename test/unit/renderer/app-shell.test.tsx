// @vitest-environment happy-dom
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../../renderer/src/app/App';
import { err, ok } from '../../../shared/result';
import { appInfo, installFakeApi } from './fake-api';

/** The shell around the lookup: header, national-service state, lost-link banner, start-up signal. */

afterEach(() => {
  cleanup();
  document.body.removeAttribute('data-app-state');
  document.body.innerHTML = '';
});

const nationalStatus = () => screen.getByRole('status', { name: 'National service' });

describe('app shell', () => {
  it('shows the national service as offline, with the UK time since, when the core says so', async () => {
    const fake = installFakeApi();
    render(<App />);
    await screen.findByText('Alex Morgan');
    expect(nationalStatus().textContent).toMatch(/PDS:\s*Online/);

    // 09:42 UTC in July is 10:42 in the UK (BST).
    act(() => fake.emit('connectivity', { service: 'pds', state: 'offline', since: '2026-07-01T09:42:00Z' }));
    expect(nationalStatus().textContent).toMatch(/Offline since 10:42/);
    expect(nationalStatus().textContent).toMatch(/local copy/);

    act(() => fake.emit('connectivity', { service: 'pds', state: 'degraded', since: '2026-01-05T08:00:00Z' }));
    expect(nationalStatus().textContent).toMatch(/Degraded since 08:00/);

    act(() => fake.emit('connectivity', { service: 'pds', state: 'online', since: '2026-01-05T08:10:00Z' }));
    expect(nationalStatus().textContent).not.toMatch(/since/);
  });

  it('shows a clear banner while the link to the desk service is lost, and asks again for app info when it returns', async () => {
    const fake = installFakeApi();
    render(<App />);
    await screen.findByText('Alex Morgan');
    expect(screen.queryByRole('alert')).toBeNull();

    act(() => fake.emit('connectivity', { service: 'pds', state: 'offline', since: '2026-07-01T09:42:00Z' }));
    act(() => fake.setLink({ state: 'lost', message: 'Lost connection to the desk service. Trying to reconnect…' }));
    expect(screen.getByRole('alert').textContent).toMatch(/Lost connection to the desk service/);
    // The national state cannot be known without the desk service: no stale "Offline since …".
    expect(nationalStatus().textContent).toMatch(/Not known/);
    expect(nationalStatus().textContent).not.toMatch(/since/);

    const infoCalls = fake.calls.filter((c) => c.verb === 'app:info').length;
    act(() => fake.setLink({ state: 'open', message: null }));
    expect(screen.queryByRole('alert')).toBeNull();
    await waitFor(() => expect(fake.calls.filter((c) => c.verb === 'app:info').length).toBe(infoCalls + 1));
  });

  it('says when the desk details cannot be loaded, and can try again', async () => {
    let fail = true;
    installFakeApi({ 'app:info': () => (fail ? err('INTERNAL', 'The desk service hit a problem.') : ok(appInfo)) });
    render(<App />);
    expect((await screen.findByRole('alert')).textContent).toMatch(/Could not load the desk details: The desk service hit a problem\./);
    fail = false;
    await userEvent.setup().click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('Alex Morgan')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('main.tsx marks the body ready once app.info has answered', async () => {
    document.body.innerHTML = '<div id="root"></div>';
    vi.resetModules(); // main.tsx runs its start-up once per module load
    const { installFakeApi: install } = await import('./fake-api');
    install();
    await import('../../../renderer/src/main');
    await waitFor(() => expect(document.body.dataset.appState).toBe('ready'));
    expect(screen.getByRole('main')).toBeTruthy();
    expect(screen.getByRole('banner').textContent).toContain('Beech House Surgery');
  });
});
