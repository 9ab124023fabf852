import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/core';
import { startSandbox, type Sandbox } from '../../electron/sandbox';
import type { AuditEntryView, StaffMember } from '../../shared/contract/auth';
import { coreHarness, waitFor, type Harness } from '../helpers/core.harness';
import { useTempDir } from '../helpers/temp-dir';

/** Roles enforced by the core itself, the login cycle seen through dispatch, and the access audit report. */
const temp = useTempDir();
let sandbox: Sandbox;
const open: Core[] = [];
const sentHeaders: Headers[] = [];

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, population: 1_000 });
});
afterAll(async () => sandbox.close());
afterEach(async () => {
  for (const c of open.splice(0)) await c.close();
  sentHeaders.length = 0;
});

async function harness(): Promise<Harness> {
  const recording: typeof fetch = (input, init) => {
    sentHeaders.push(new Headers(init?.headers));
    return fetch(input, init);
  };
  const h = await coreHarness({ dataDir: temp(), pdsBaseUrl: sandbox.baseUrl, fetch: recording });
  open.push(h.core);
  return h;
}

describe('roles, enforced in the core', () => {
  it('refuses every signed-in verb before anyone signs in', async () => {
    const h = await harness();
    expect(await h.call('patients:search', { text: '9000000009' })).toMatchObject({ ok: false, error: { code: 'NOT_SIGNED_IN', message: /Sign in with your smartcard/ } });
    expect(await h.call('app:info')).toMatchObject({ ok: true, value: { user: null } });
  });

  it("refuses a receptionist's manager action, says which role it needs, and audits the refusal", async () => {
    const h = await harness();
    await h.signIn('04A1B2C3', '123456');
    const r = await h.call('staff:list');
    expect(r).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_ROLE', message: 'Only a Clerical manager (R8011) can manage staff, cards and roles.' } });
    expect(await h.call('audit:verify')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_ROLE' } });
    const rows = [...h.core.repos.audit.all()].filter((x) => x.action === 'refused');
    expect(rows.map((x) => x.detail)).toEqual(['verb=staff:list needs=staff.manage', 'verb=audit:verify needs=audit.read']);
    expect(rows[0]).toMatchObject({ userName: 'Sam Taylor', roleCode: 'R8009', outcome: 'refused' });
  });

  it('sends the chosen role profile to PDS as NHSD-Session-URID', async () => {
    const h = await harness();
    await h.signIn('04F0A1B2', '456789', '555000000403');
    expect(await h.call('patients:open', { nhsNumber: '9000000009' })).toMatchObject({ ok: true });
    expect(sentHeaders.at(-1)?.get('NHSD-Session-URID')).toBe('555000000403');
    expect(sentHeaders.at(-1)?.get('NHSD-End-User-Organisation-ODS')).toBe('Y90001');
  });

  it('hides everything behind the lock: a locked desk answers no patient verb', async () => {
    const h = await harness();
    await h.signIn('04A1B2C3', '123456');
    await h.reader.withdraw();
    await waitFor(() => h.core.auth.state().state === 'locked');
    expect(await h.call('patients:open', { nhsNumber: '9000000009' })).toMatchObject({ ok: false, error: { code: 'NOT_SIGNED_IN', message: /locked/ } });
  });
});

describe('staff and cards, by a clerical manager', () => {
  it('adds a person with a card; the new card signs in; a lockout is cleared by unlock', async () => {
    const h = await harness();
    await h.signIn('04D4E5F6', '234567');
    const saved = await h.call<StaffMember>('staff:save', { userId: '555000000501', name: 'Chris Green', roles: [{ roleProfileId: '555000000502', roleCode: 'R8009' }] });
    expect(saved).toMatchObject({ ok: true, value: { name: 'Chris Green', roles: [{ roleName: 'Receptionist' }] } });
    expect(await h.call('staff:issue-card', { userId: '555000000501', cardId: '04ABCDEF', passcode: '112233' })).toMatchObject({ ok: true });
    // Bad input is refused with a plain message and nothing changes.
    expect(await h.call('staff:issue-card', { userId: '555000000501', cardId: '04ABCDEF', passcode: '12' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: /6 to 8 digits/ } });
    expect(await h.call('staff:save', { userId: '555000000501', name: 'Chris Green', roles: [{ roleProfileId: '555000000102', roleCode: 'R8009' }] })).toMatchObject({
      ok: false,
      error: { message: /already belongs to Sam Taylor/ },
    });
    expect(await h.call('staff:save', { userId: '555000000201', name: 'Priya Shah', roles: [{ roleProfileId: '555000000202', roleCode: 'R8009' }] })).toMatchObject({
      ok: false,
      error: { message: /cannot remove your own clerical manager role/ },
    });
    for (let i = 0; i < 3; i++) h.core.repos.staff.recordFailure('04A1B2C3', 3, new Date().toISOString());
    const sam = (await h.call<StaffMember[]>('staff:list'));
    expect(sam.ok && sam.value.find((p) => p.name === 'Sam Taylor')?.cards[0]).toMatchObject({ locked: true, failedAttempts: 3 });
    expect(await h.call('staff:unlock-card', { cardId: '04A1B2C3' })).toMatchObject({ ok: true, value: { cards: [{ locked: false, failedAttempts: 0 }] } });
    const list = await h.call<StaffMember[]>('staff:list');
    expect(list.ok && list.value.map((p) => p.name)).toEqual(['Chris Green', 'Dr Alex Morgan', 'Jo Evans', 'Priya Shah', 'Sam Taylor']);
    await h.reader.withdraw();
    await waitFor(() => h.core.auth.state().state === 'locked');
    await h.signIn('04ABCDEF', '112233');
    expect(h.core.auth.current()).toMatchObject({ name: 'Chris Green', roleCode: 'R8009' });
  });
});

describe('the access audit report', () => {
  it("lists who viewed a patient's record and exports it as CSV", async () => {
    const h = await harness();
    await h.signIn('04A1B2C3', '123456');
    await h.call('patients:open', { nhsNumber: '9000000009' });
    await h.reader.withdraw();
    await waitFor(() => h.core.auth.state().state === 'locked');
    await h.signIn('04D4E5F6', '234567');
    const report = await h.call<AuditEntryView[]>('audit:patient-access', { nhsNumber: '9000000009' });
    if (!report.ok) throw new Error(report.error.message);
    expect(report.value[0]).toMatchObject({ userName: 'Sam Taylor', roleName: 'Receptionist', action: 'patient.view', outcome: 'ok' });
    const csv = await h.call<{ filename: string; csv: string }>('audit:export-patient-access', { nhsNumber: '9000000009' });
    if (!csv.ok) throw new Error(csv.error.message);
    expect(csv.value.filename).toMatch(/^access-9000000009-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = csv.value.csv.trim().split('\r\n');
    expect(lines[0]).toBe('"When (UTC)","Who","Role","Role code","Workstation","Action","Outcome","Detail"');
    expect(lines[1]).toContain('"Sam Taylor","Receptionist","R8009"');
    expect(await h.call('audit:verify')).toMatchObject({ ok: true, value: { ok: true } });
  });
});
