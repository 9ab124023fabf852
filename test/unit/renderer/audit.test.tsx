// @vitest-environment happy-dom
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../../renderer/src/app/App';
import type { AuditEntryView } from '../../../shared/contract';
import { err, ok } from '../../../shared/result';
import { activeSession, installFakeApi, priya, type FakeHandlers } from './fake-api';

/** Access audit, as a clerical manager: who has seen a record (on the UK clock), CSV export, trail check. */

const samViewed: AuditEntryView = {
  seq: 7,
  at: '2026-07-01T08:05:00Z', // 09:05 BST
  userName: 'Sam Taylor',
  roleCode: 'R8009',
  roleName: 'Receptionist',
  workstation: 'DESK-1',
  action: 'patient.view',
  outcome: 'ok',
  detail: '',
};

async function openAudit(handlers: FakeHandlers = {}) {
  const fake = installFakeApi({
    'auth:state': () => ok(activeSession(priya)),
    'audit:patient-access': () => ok([samViewed]),
    ...handlers,
  });
  const user = userEvent.setup();
  render(<App />);
  await user.click(await screen.findByRole('button', { name: 'Access audit' }));
  await screen.findByRole('heading', { name: 'Access audit' });
  return { fake, user };
}

const nhsBox = () => screen.getByRole('textbox', { name: 'NHS number' }) as HTMLInputElement;

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('access audit', () => {
  it('lists who has seen a record, on the UK clock', async () => {
    const { fake, user } = await openAudit();
    await user.type(nhsBox(), '900 000 0009{Enter}');
    expect(fake.calls).toContainEqual({ verb: 'audit:patient-access', input: { nhsNumber: '9000000009' } });
    const table = await screen.findByRole('table', { name: 'Who has seen the record for NHS number 900 000 0009' });
    const headers = within(table).getAllByRole('columnheader').map((h) => h.textContent);
    expect(headers).toEqual(['When', 'Who', 'Role', 'Workstation', 'Action', 'Outcome']);
    const cells = within(within(table).getAllByRole('row')[1]!).getAllByRole('cell').map((c) => c.textContent);
    expect(cells).toEqual(['01-Jul-2026 09:05', 'Sam Taylor', 'Receptionist (R8009)', 'DESK-1', 'Opened the record', 'Allowed']);
    expect(screen.getByRole('status', { name: 'Record access' }).textContent).toBe('1 entry for NHS number 900 000 0009.');
  });

  it('explains an invalid NHS number at once, keeps it, and asks the core nothing', async () => {
    const { fake, user } = await openAudit();
    await user.type(nhsBox(), '900 000 0000{Enter}');
    expect(screen.getByRole('alert').textContent).toMatch(/not a valid NHS number/);
    expect(nhsBox().value).toBe('900 000 0000');
    expect(nhsBox().getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(nhsBox());
    expect(fake.calls.some((c) => c.verb === 'audit:patient-access')).toBe(false);
  });

  it('exports the CSV through a download of the core’s file', async () => {
    const csv = 'when,who\r\n01-Jul-2026 09:05,Sam Taylor\r\n';
    const { fake, user } = await openAudit({ 'audit:export-patient-access': () => ok({ filename: 'access-9000000009.csv', csv }) });
    const blobs: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
      blobs.push(b as Blob);
      return 'blob:test/1';
    });
    const clicked: { href: string; download: string; inPage: boolean }[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push({ href: this.getAttribute('href') ?? '', download: this.download, inPage: this.isConnected });
    });

    await user.type(nhsBox(), '9000000009{Enter}');
    await user.click(await screen.findByRole('button', { name: 'Export CSV' }));
    expect(fake.calls).toContainEqual({ verb: 'audit:export-patient-access', input: { nhsNumber: '9000000009' } });
    await waitFor(() => expect(clicked).toEqual([{ href: 'blob:test/1', download: 'access-9000000009.csv', inPage: true }]));
    expect(await blobs[0]!.text()).toBe(csv);
    expect(blobs[0]!.type).toMatch(/^text\/csv/);
    expect(document.querySelector('a[download]')).toBeNull(); // the temporary link is gone
    expect(screen.getByRole('status', { name: 'Record access' }).textContent).toContain('Downloaded access-9000000009.csv.');
  });

  it('says why an export failed', async () => {
    const { user } = await openAudit({ 'audit:export-patient-access': () => err('INTERNAL', 'The audit could not be read.') });
    await user.type(nhsBox(), '9000000009{Enter}');
    await user.click(await screen.findByRole('button', { name: 'Export CSV' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Could not export: The audit could not be read.');
  });

  it('checks the audit trail: intact, or where it is broken', async () => {
    let verdict = { ok: true, rows: 42, problem: null as { seq: number | null; reason: string } | null };
    const { user } = await openAudit({ 'audit:verify': () => ok(verdict) });
    await user.click(screen.getByRole('button', { name: 'Check the audit trail' }));
    await waitFor(() => expect(screen.getByRole('status', { name: 'Audit trail' }).textContent).toBe('Audit trail intact: 42 entries checked.'));
    expect(screen.queryByRole('alert')).toBeNull();

    verdict = { ok: false, rows: 57, problem: { seq: 57, reason: 'its hash does not match the entry before it' } };
    await user.click(screen.getByRole('button', { name: 'Check the audit trail' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'The audit trail has a problem at entry 57: its hash does not match the entry before it. 57 entries were checked. Tell the practice manager.',
    );
  });
});
