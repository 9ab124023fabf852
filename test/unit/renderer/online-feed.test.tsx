// @vitest-environment happy-dom
import { act, cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { OnlineFeed } from '../../../renderer/src/features/book/OnlineFeed';
import type { OnlineEvent } from '../../../shared/contract/appointments';
import { ok } from '../../../shared/result';
import { installFakeApi } from './fake-api';

/** The receptionist's feed of what patients booked or cancelled online. */
afterEach(() => {
  cleanup();
  document.body.innerHTML = '';
});

const event = (extra: Partial<OnlineEvent>): OnlineEvent => ({
  appointmentId: 'a9',
  kind: 'booked',
  at: '2026-03-12T10:05:00Z',
  nhsNumber: '9434765919',
  patientName: 'SMITH, Jane',
  start: '2026-03-13T09:10:00Z',
  clinicianName: 'Dr Patel',
  ...extra,
});

describe('online bookings feed', () => {
  it('lists online bookings and cancellations in words, and refetches when appointments change', async () => {
    let events: OnlineEvent[] = [event({})];
    const fake = installFakeApi({ 'book:online-feed': () => ok(events) });
    render(<OnlineFeed />);
    const list = await screen.findByRole('list', { name: 'Online bookings and cancellations' });
    expect(within(list).getByRole('listitem').textContent).toBe('Booked SMITH, Jane, Fri 13 Mar 09:10 with Dr Patel (at 10:05)');

    events = [event({ kind: 'cancelled', at: '2026-03-12T10:20:00Z' }), ...events];
    await act(async () => fake.emit('changed', { tables: ['appointments'] }));
    expect((await screen.findAllByRole('listitem')).map((li) => li.textContent)).toEqual([
      'Cancelled SMITH, Jane, Fri 13 Mar 09:10 with Dr Patel (at 10:20)',
      'Booked SMITH, Jane, Fri 13 Mar 09:10 with Dr Patel (at 10:05)',
    ]);
  });

  it('says when there is nothing yet', async () => {
    installFakeApi();
    render(<OnlineFeed />);
    expect(await screen.findByText('No online bookings or cancellations yet today.')).toBeTruthy();
  });
});
