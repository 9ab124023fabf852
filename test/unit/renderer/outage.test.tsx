// @vitest-environment happy-dom
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../../renderer/src/app/App';
import { useBookStore } from '../../../renderer/src/stores/book.store';
import type { AttentionItem, SyncStatus } from '../../../shared/contract';
import { ok } from '../../../shared/result';
import { installFakeApi } from './fake-api';

/** The connectivity indicator, the outbox count and replay progress, and the "needs attention" list. */
afterEach(() => {
  cleanup();
  document.body.innerHTML = '';
});

const status = (extra: Partial<SyncStatus> = {}): SyncStatus => ({
  state: 'online',
  since: '2026-07-01T09:00:00Z',
  services: [],
  waiting: 0,
  attention: 0,
  replay: null,
  lastProblem: null,
  ...extra,
});

const item: AttentionItem = {
  requestId: '0b6f1f4e-2c7a-4a53-9d0e-6f1c2b3a4d5e',
  kind: 'book',
  patientName: 'SMITH, Jane',
  nhsNumber: '9000000009',
  intended: 'Book Thursday 2 July 10:30 with Dr Asha Patel at Riverside Surgery',
  problem: 'Another desk or the patient booked this slot before the change could be sent.',
  madeAt: '2026-07-01T09:50:00Z',
  settledAt: '2026-07-01T10:05:00Z',
};

describe('working through an outage', () => {
  it('says offline since when, how many changes wait, and shows the replay as it runs', async () => {
    const fake = installFakeApi();
    render(<App />);
    await screen.findByText('Alex Morgan');
    const national = screen.getByRole('status', { name: 'National service' });

    act(() => fake.emit('sync', status({ state: 'offline', since: '2026-07-01T09:42:00Z', waiting: 3, lastProblem: 'The national service is not answering; changes wait here and are sent when it returns.' })));
    expect(national.textContent).toMatch(/Offline since 10:42/);
    expect(national.textContent).toMatch(/local copy/);
    expect(screen.getByText('3 changes waiting to send')).toBeTruthy();
    expect(screen.queryByRole('progressbar')).toBeNull();

    act(() => fake.emit('sync', status({ waiting: 2, replay: { done: 1, total: 3 } })));
    expect(national.textContent).toMatch(/Online/);
    const bar = screen.getByRole('progressbar', { name: 'Sending changes' });
    expect(bar.getAttribute('value')).toBe('1');
    expect(bar.getAttribute('max')).toBe('3');
    expect(screen.getByText(/1 of 3 sent/)).toBeTruthy();

    act(() => fake.emit('sync', status()));
    expect(screen.queryByRole('progressbar')).toBeNull();
    expect(screen.queryByText(/waiting to send/)).toBeNull();
  });

  it('lists what needs attention, with the patient and what was intended, and records what was done', async () => {
    let items = [item];
    const fake = installFakeApi({
      'sync:attention': () => ok(items),
      'sync:resolve': () => {
        items = [];
        return ok({ resolved: true });
      },
    });
    const user = userEvent.setup();
    render(<App />);
    await screen.findByText('Alex Morgan');
    act(() => fake.emit('sync', status({ attention: 1 })));

    await user.click(screen.getByRole('button', { name: 'Needs attention (1)' }));
    const entry = await screen.findByRole('listitem', { name: 'SMITH, Jane (900 000 0009)' });
    expect(entry.textContent).toMatch(/Book Thursday 2 July 10:30 with Dr Asha Patel/);
    expect(entry.textContent).toMatch(/booked this slot before the change could be sent/);

    await user.click(within(entry).getByRole('button', { name: 'Mark SMITH, Jane as contacted' }));
    expect(fake.calls.find((c) => c.verb === 'sync:resolve')?.input).toEqual({ requestId: item.requestId, resolution: 'patient-contacted' });
    await waitFor(() => expect(screen.getByText('Nothing needs attention.')).toBeTruthy());
    expect(screen.getByText('SMITH, Jane: marked as patient contacted.')).toBeTruthy();
  });

  it('"Book another slot" opens the book with the patient ready in the booking form', async () => {
    const fake = installFakeApi({ 'sync:attention': () => ok([item]) });
    const user = userEvent.setup();
    render(<App />);
    await screen.findByText('Alex Morgan');
    act(() => fake.emit('sync', status({ attention: 1 })));
    await user.click(screen.getByRole('button', { name: 'Needs attention (1)' }));
    await user.click(await screen.findByRole('button', { name: 'Book another slot for SMITH, Jane' }));
    expect(useBookStore.getState().shown).toBe(true);
    expect(useBookStore.getState().form.nhsNumber).toBe('9000000009');
  });
});
