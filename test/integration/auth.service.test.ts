import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SessionState } from '../../shared/contract/auth';
import { openDatabase } from '../../electron/core/db/connection';
import { TEST_DB_KEY } from '../helpers/db-key';
import { auditMigrations } from '../../electron/core/db/migrations/audit.migrations';
import { practiceMigrations } from '../../electron/core/db/migrations/practice.migrations';
import { AuditRepo } from '../../electron/core/db/repos/audit.repo';
import { StaffRepo } from '../../electron/core/db/repos/staff.repo';
import { seedDemoStaff } from '../../electron/core/demo/demo-staff';
import { AuditService } from '../../electron/core/services/audit.service';
import { AuthService } from '../../electron/core/services/auth.service';
import { useTempDir } from '../helpers/temp-dir';

const temp = useTempDir();

/** The login cycle over real practice.db / audit.db files, with card events fed in as a reader would. */
async function setup(dir = temp(), idleMs = 60_000) {
  const practice = openDatabase(join(dir, 'practice.db'), { synchronous: 'FULL', migrations: practiceMigrations, key: TEST_DB_KEY });
  const auditDb = openDatabase(join(dir, 'audit.db'), { synchronous: 'FULL', migrations: auditMigrations, key: TEST_DB_KEY });
  const staff = new StaffRepo(practice);
  await seedDemoStaff(staff);
  const auditRepo = new AuditRepo(auditDb);
  const published: SessionState[] = [];
  const auth = new AuthService({
    staff,
    audit: new AuditService(auditRepo),
    publish: (s) => published.push(s),
    systemContext: () => ({ transport: 'browser-host', workstation: 'desk-1' }),
    idleLockMs: () => idleMs,
    simulatedReader: true,
  });
  const settle = () => auth.settled(); // reader events are queued behind any passcode check
  const insert = async (cardId: string) => {
    auth.onReader({ type: 'inserted', cardId, readerId: 'r1' });
    await settle();
  };
  const remove = async () => {
    auth.onReader({ type: 'removed', readerId: 'r1' });
    await settle();
  };
  const actions = () => [...auditRepo.all()].map((r) => `${r.action}:${r.outcome}`);
  return { auth, staff, published, insert, remove, actions, dir, close: () => (auth.stop(), practice.close(), auditDb.close()) };
}

describe('smartcard login', () => {
  it('card → holder named → passcode → signed in with the one role; every step audited', async () => {
    const t = await setup();
    await t.insert('04A1B2C3');
    expect(t.auth.state()).toMatchObject({ state: 'card-presented', holderName: 'Sam Taylor', refusal: null, attemptsLeft: 3 });
    const s = await t.auth.passcode('123456');
    expect(s).toMatchObject({ state: 'active', user: { name: 'Sam Taylor', roleCode: 'R8009', roleProfileId: '555000000102' } });
    expect(t.auth.current()?.name).toBe('Sam Taylor');
    expect(t.actions()).toEqual(['session.login:ok']);
    t.close();
  });

  it('a person with two role profiles chooses one; only their own can be chosen', async () => {
    const t = await setup();
    await t.insert('04F0A1B2');
    const s = await t.auth.passcode('456789');
    expect(s).toMatchObject({ state: 'choose-role', holderName: 'Jo Evans' });
    if (s.state !== 'choose-role') throw new Error();
    expect(s.roles.map((r) => r.roleCode)).toEqual(['R8009', 'R8011']);
    expect(await t.auth.chooseRole('555000000102')).toMatchObject({ state: 'choose-role' }); // Sam's profile
    expect(await t.auth.chooseRole('555000000403')).toMatchObject({ state: 'active', user: { roleCode: 'R8011', roleProfileId: '555000000403' } });
    t.close();
  });

  it('three wrong passcodes lock the card, say who can unlock it, and the lockout survives a restart', async () => {
    const t = await setup();
    await t.insert('04A1B2C3');
    expect(await t.auth.passcode('000000')).toMatchObject({ state: 'card-presented', message: expect.stringMatching(/2 tries left/) });
    await t.auth.passcode('000001');
    const locked = await t.auth.passcode('000002');
    expect(locked).toMatchObject({ state: 'card-presented', refusal: expect.stringMatching(/locked.*clerical manager/i) });
    expect(await t.auth.passcode('123456')).toMatchObject({ state: 'card-presented', refusal: expect.stringMatching(/locked/) });
    expect(t.auth.current()).toBeNull();
    expect(t.actions()).toEqual(['login.failed:failed', 'login.failed:failed', 'login.failed:failed', 'card.locked:ok', 'login.refused:refused']);
    t.close();
    const again = await setup(t.dir);
    await again.insert('04A1B2C3');
    expect(again.auth.state()).toMatchObject({ state: 'card-presented', refusal: expect.stringMatching(/locked/) });
    again.staff.unlock('04A1B2C3');
    expect(await again.auth.passcode('123456')).toMatchObject({ state: 'active' });
    again.close();
  });

  it('an unknown card is refused with what to do', async () => {
    const t = await setup();
    await t.insert('04000000');
    expect(t.auth.state()).toMatchObject({ state: 'card-presented', holderName: null, refusal: expect.stringMatching(/not registered/) });
    t.close();
  });
});

describe('session lock', () => {
  it('pulling the card locks at once; the same card + passcode resumes the same session', async () => {
    const t = await setup();
    await t.insert('04A1B2C3');
    const active = await t.auth.passcode('123456');
    if (active.state !== 'active') throw new Error();
    await t.remove();
    expect(t.auth.state()).toMatchObject({ state: 'locked', reason: 'card-removed', cardPresent: false, sessionId: active.sessionId });
    expect(t.auth.current()).toBeNull();
    expect(await t.auth.passcode('123456')).toMatchObject({ state: 'locked', message: expect.stringMatching(/Present your card/) });
    await t.insert('04A1B2C3');
    expect(t.auth.state()).toMatchObject({ state: 'locked', cardPresent: true });
    expect(await t.auth.passcode('123456')).toMatchObject({ state: 'active', sessionId: active.sessionId });
    expect(t.actions()).toEqual(['session.login:ok', 'session.lock:ok', 'session.unlock:ok']);
    t.close();
  });

  it('a different card ends the first session cleanly and starts over for the new holder', async () => {
    const t = await setup();
    await t.insert('04A1B2C3');
    await t.auth.passcode('123456');
    await t.remove();
    await t.insert('04D4E5F6');
    expect(t.auth.state()).toMatchObject({ state: 'card-presented', holderName: 'Priya Shah' });
    const s = await t.auth.passcode('234567');
    expect(s).toMatchObject({ state: 'active', user: { name: 'Priya Shah' } });
    expect(t.actions()).toEqual(['session.login:ok', 'session.lock:ok', 'session.end:ok', 'session.login:ok']);
    t.close();
  });

  it('Ctrl+L locks with the card still in; the passcode alone resumes', async () => {
    const t = await setup();
    await t.insert('04C7D8E9');
    await t.auth.passcode('345678');
    expect(await t.auth.lock()).toMatchObject({ state: 'locked', reason: 'manual', cardPresent: true });
    expect(await t.auth.passcode('345678')).toMatchObject({ state: 'active' });
    t.close();
  });

  it('locks after the idle timeout, and activity postpones it', async () => {
    const t = await setup(temp(), 150);
    await t.insert('04A1B2C3');
    await t.auth.passcode('123456');
    await new Promise((r) => setTimeout(r, 100));
    expect(t.auth.touch().idleLockAt).not.toBeNull();
    await new Promise((r) => setTimeout(r, 100));
    expect(t.auth.state().state).toBe('active');
    await new Promise((r) => setTimeout(r, 120));
    expect(t.auth.state()).toMatchObject({ state: 'locked', reason: 'idle' });
    t.close();
  });

  it('three wrong passcodes while locked end the session and lock the card', async () => {
    const t = await setup();
    await t.insert('04A1B2C3');
    await t.auth.passcode('123456');
    await t.auth.lock();
    for (const p of ['111111', '222222', '333333']) await t.auth.passcode(p);
    expect(t.auth.state()).toMatchObject({ state: 'card-presented', refusal: expect.stringMatching(/locked/) });
    expect(t.actions()).toContain('session.end:ok');
    t.close();
  });
});
