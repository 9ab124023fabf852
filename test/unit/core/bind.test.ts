import { describe, expect, it, vi } from 'vitest';
import { contract } from '../../../shared/contract';
import { makeApi, verbsOf } from '../../../shared/contract/verb';
import { AppFailure } from '../../../shared/result';
import { bind } from '../../../electron/core/handlers/bind';
import type { CallContext } from '../../../electron/core/call-context';

const ctx: CallContext = {
  user: { userId: 'u1', name: 'Sam Taylor', roleCode: 'R8009', roleName: 'Receptionist', roleProfileId: 'p1' },
  transport: 'browser-host',
  workstation: 'desk-1',
};

const record = {
  nhsNumber: '9000000009', prefix: [], given: ['Jane'], family: 'Smith', birthDate: '2010-10-22', gender: 'female',
  deceasedDate: null, restricted: false, address: null, gpOdsCode: null, score: null, telecom: [], gpName: null,
  versionId: '2', supersededNhsNumber: null, source: 'national', fetchedAt: '2026-11-25T10:00:00.000Z',
} as const;

function table(overrides: { search?: () => unknown; open?: () => unknown } = {}) {
  const search = vi.fn(overrides.search ?? (() => ({ source: 'national', updatedAt: null, notice: null, results: [] })));
  const open = vi.fn(overrides.open ?? (() => record));
  const errors: string[] = [];
  // Every other verb answers a stub; these tests are about the table, not the services.
  const impls = Object.fromEntries(
    Object.entries(contract).map(([d, verbs]) => [d, Object.fromEntries(Object.keys(verbs).map((k) => [k, () => ({})]))]),
  ) as Record<string, Record<string, unknown>>;
  impls.patients = { search, open };
  const dispatch = bind(contract, impls as never, { error: (v) => errors.push(v) });
  return { dispatch, search, open, errors };
}

describe('the one handler table', () => {
  it('refuses input that fails the schema with a clear error and never calls the service', async () => {
    const t = table();
    const r = await t.dispatch('patients:open', { nhsNumber: '12' }, ctx);
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringMatching(/10 digits/) } });
    expect(t.open).not.toHaveBeenCalled();
    const extra = await t.dispatch('patients:search', { text: 'Smith 01/01/2000', sql: 'drop table' }, ctx);
    expect(extra).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(t.search).not.toHaveBeenCalled();
  });

  it('refuses a verb the contract does not declare', async () => {
    const r = await table().dispatch('patients:delete', {}, ctx);
    expect(r).toMatchObject({ ok: false, error: { code: 'UNKNOWN_VERB' } });
  });

  it('passes parsed input (defaults applied) and wraps the answer in a Result', async () => {
    const t = table();
    const r = await t.dispatch('patients:search', { text: 'x' }, ctx);
    expect(r.ok).toBe(true);
    expect(t.search).toHaveBeenCalledWith({ text: 'x', fuzzy: false }, ctx);
  });

  it('turns a service AppFailure into an error Result with its code and message', async () => {
    const t = table({ open: () => { throw new AppFailure('SERVICE_BUSY', 'busy', 7); } });
    expect(await t.dispatch('patients:open', { nhsNumber: '9000000009' }, ctx)).toEqual({
      ok: false,
      error: { code: 'SERVICE_BUSY', message: 'busy', retryAfterSeconds: 7 },
    });
  });

  it('never lets an unexpected error or an off-schema answer cross the bridge', async () => {
    const crash = table({ open: () => { throw new TypeError('boom at 9000000009'); } });
    const r = await crash.dispatch('patients:open', { nhsNumber: '9000000009' }, ctx);
    expect(r).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    if (!r.ok) expect(r.error.message).not.toContain('9000000009');
    // An answer of the wrong shape is refused and logged (by verb name only).
    const bad = table({ open: () => ({ ...record, nhsNumber: 'not-a-number' }) });
    expect(await bad.dispatch('patients:open', { nhsNumber: '9000000009' }, ctx)).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(bad.errors).toEqual(['patients:open']);
  });

  it('derives the renderer api from the contract: one function per verb, calling by wire name', async () => {
    const calls: [string, unknown][] = [];
    const api = makeApi(contract, async (name, input) => {
      calls.push([name, input]);
      return { ok: true, value: null };
    });
    await api.patients.search({ text: 'Smith 01/01/2000' });
    await api.patients.open({ nhsNumber: '9000000009' });
    await api.app.info({});
    expect(calls.map((c) => c[0])).toEqual(['patients:search', 'patients:open', 'app:info']);
    await api.staff.unlockCard({ cardId: '04A1B2C3' });
    expect(calls.at(-1)).toEqual(['staff:unlock-card', { cardId: '04A1B2C3' }]);
    const names = verbsOf(contract).map((v) => v.name);
    expect(names.every((n) => /^[a-z]+:[a-z-]+$/.test(n))).toBe(true);
    expect(Object.keys(api).sort()).toEqual(Object.keys(contract).sort());
  });
});

describe('access from the contract, enforced by the table', () => {
  it('refuses before parsing or calling when the guard says no, and passes the verb to the guard', async () => {
    const seen: string[] = [];
    const open = vi.fn(() => record);
    const impls = Object.fromEntries(
      Object.entries(contract).map(([d, verbs]) => [d, Object.fromEntries(Object.keys(verbs).map((k) => [k, () => ({})]))]),
    ) as Record<string, Record<string, unknown>>;
    impls.patients = { search: vi.fn(), open };
    const dispatch = bind(contract, impls as never, { error: () => {} }, (verb) => {
      seen.push(`${verb.name}:${verb.access}`);
      return verb.access === 'public' ? null : { ok: false, error: { code: 'FORBIDDEN_ROLE', message: 'no' } };
    });
    expect(await dispatch('patients:open', { nhsNumber: 'bad' }, ctx)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_ROLE' } });
    expect(open).not.toHaveBeenCalled();
    expect(seen).toEqual(['patients:open:patients.view']);
  });

  it('declares who may call each verb: manager-only staff and audit verbs, public login verbs', () => {
    expect(contract.staff.save.access).toBe('staff.manage');
    expect(contract.audit.exportPatientAccess.access).toBe('audit.read');
    expect(contract.patients.open.access).toBe('patients.view');
    expect(contract.auth.passcode.access).toBe('public');
    const publicVerbs = verbsOf(contract).filter((v) => v.access === 'public').map((v) => v.name);
    // sync:status is counts and states only (the indicator on the login screen); it carries no patient data.
    expect(publicVerbs.filter((n) => !/^(app|auth|demo):/.test(n))).toEqual(['sync:status']);
  });
});
