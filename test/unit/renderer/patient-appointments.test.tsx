// @vitest-environment happy-dom
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../../renderer/src/app/App';
import { ok } from '../../../shared/result';
import { installFakeApi, jane, janeAppointment, national, recordOf } from './fake-api';

afterEach(() => cleanup());

describe("the patient's appointments on the banner", () => {
  it('lists future bookings and says how often the patient did not attend', async () => {
    const fake = installFakeApi({
      'patients:search': () => ok(national([jane])),
      'patients:open': () => ok(recordOf(jane)),
      'book:patient-appointments': () =>
        ok({ past: [{ ...janeAppointment, id: 'old', status: 'dna' as const }], future: [janeAppointment, { ...janeAppointment, id: 'gone', status: 'cancelled-patient' as const }], dnaCount: 2 }),
    });
    const user = userEvent.setup();
    render(<App />);
    const box = await screen.findByRole('searchbox', { name: 'Search patients' });
    await user.type(box, 'smith 22/10/2010{Enter}');
    await screen.findByRole('listbox', { name: 'Search results' });
    await user.keyboard('{ArrowDown}{Enter}');
    const section = await screen.findByRole('region', { name: 'Appointments' });
    expect(section.textContent).toContain('Did not attend: 2 times');
    const coming = within(section).getByRole('list', { name: 'Future appointments' });
    expect(within(coming).getAllByRole('listitem')).toHaveLength(1); // the cancelled one is not "coming up"
    expect(coming.textContent).toContain('Booked');
    expect(coming.textContent).toContain('Cough');
    expect(within(section).getByRole('list', { name: 'Past appointments' }).textContent).toContain('Did not attend');
    expect(fake.calls.map((c) => c.verb)).toContain('book:patient-appointments');
  });

  it('shows no appointments section when the book cannot answer', async () => {
    installFakeApi({ 'patients:search': () => ok(national([jane])), 'patients:open': () => ok(recordOf(jane)) });
    const user = userEvent.setup();
    render(<App />);
    await user.type(await screen.findByRole('searchbox', { name: 'Search patients' }), 'smith 22/10/2010{Enter}');
    await screen.findByRole('listbox', { name: 'Search results' });
    await user.keyboard('{ArrowDown}{Enter}');
    await screen.findByRole('region', { name: 'Patient banner' });
    expect(screen.queryByRole('region', { name: 'Appointments' })).toBeNull();
  });
});
