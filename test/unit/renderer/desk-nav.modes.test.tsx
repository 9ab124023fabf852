// @vitest-environment happy-dom
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { App } from '../../../renderer/src/app/App';
import { useOohStore } from '../../../renderer/src/stores/ooh.store';
import type { OohContext } from '../../../shared/contract/ooh';
import { ok } from '../../../shared/result';
import { installFakeApi } from './fake-api';

/** What the desk's navigation offers a practice desk and an out-of-hours centre's desk. */
beforeEach(() => useOohStore.setState(useOohStore.getInitialState(), true));
afterEach(() => {
  cleanup();
  document.body.innerHTML = '';
});

const targets = { emergency: 60, urgent: 120, 'less-urgent': 360 };
const context = (mode: OohContext['mode']): OohContext => ({
  mode, organisation: { odsCode: 'Y90020', name: 'Leeds Out-of-Hours Centre' }, sites: ['St James’s'], clinicians: [], targets, crossOrgBooking: true,
});

async function navNames(mode: OohContext['mode']): Promise<string[]> {
  installFakeApi({ 'ooh:context': () => ok(context(mode)), 'ooh:board': () => ok({ asOf: '2026-11-25T20:00:00.000Z', targets, encounters: [] }) });
  render(<App />);
  const nav = await screen.findByRole('navigation', { name: 'Desk' });
  if (mode === 'out-of-hours') await within(nav).findByRole('button', { name: 'Out-of-hours board' });
  return within(nav).getAllByRole('button').map((b) => b.textContent ?? '');
}

describe('the desk navigation', () => {
  it("offers an out-of-hours centre its board, report and shifts, and not the practice's prescriptions or rotas", async () => {
    const names = await navNames('out-of-hours');
    expect(names).toEqual(expect.arrayContaining(['Patients', 'Out-of-hours board', 'Centre report', 'Shifts']));
    expect(names).not.toContain('Prescriptions');
    expect(names).not.toContain('Rotas');
  });

  it('offers a practice desk its prescriptions and rotas, and no out-of-hours board', async () => {
    const names = await navNames('practice');
    expect(names).toEqual(expect.arrayContaining(['Patients', 'Prescriptions', 'Rotas']));
    expect(names).not.toContain('Out-of-hours board');
    expect(names).not.toContain('Shifts');
  });
});
