import { makeReceptionApi, type AppInfo, type EventName, type EventPayload, type PatientRecord, type PatientSummary, type ReceptionApi, type SearchOutcome } from '../../../shared/contract';
import { err, ok, type Result } from '../../../shared/result';
import { setConnection } from '../../../renderer/src/lib/api';
import { createLinkSource, type LinkStatus } from '../../../renderer/src/lib/link';
import { useAppStore } from '../../../renderer/src/stores/app.store';
import { usePatientsStore } from '../../../renderer/src/stores/patients.store';

/**
 * A fake core: the real contract's api (`makeReceptionApi`) over an in-memory call function that
 * answers with canned Results, so the renderer under test cannot tell it from the real transport.
 */
type Handler = (input: unknown) => Result<unknown> | Promise<Result<unknown>>;
export type FakeHandlers = Partial<Record<'app:info' | 'patients:search' | 'patients:open', Handler>>;

export interface FakeApi {
  api: ReceptionApi;
  calls: { verb: string; input: unknown }[];
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  setLink(status: LinkStatus): void;
}

export function installFakeApi(handlers: FakeHandlers = {}): FakeApi {
  const calls: FakeApi['calls'] = [];
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const all: FakeHandlers = { 'app:info': () => ok(appInfo), ...handlers };

  const api = makeReceptionApi(
    async (verb, input) => {
      calls.push({ verb, input });
      const h = all[verb as keyof FakeHandlers];
      return h ? h(input) : err('UNKNOWN_VERB', `no fake for ${verb}`);
    },
    (event, listener) => {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener as (p: unknown) => void);
      return () => set.delete(listener as (p: unknown) => void);
    },
  );
  const link = createLinkSource({ state: 'open', message: null });
  setConnection({ api, link });
  usePatientsStore.setState(usePatientsStore.getInitialState(), true);
  useAppStore.setState(useAppStore.getInitialState(), true);

  return {
    api,
    calls,
    emit: (event, payload) => listeners.get(event)?.forEach((l) => l(payload)),
    setLink: (status) => link.set(status),
  };
}

/** A handler that answers only when the test says so, to look at in-between states. */
export function deferred<T>(): { handler: Handler; resolve(r: Result<T>): void } {
  let resolve!: (r: Result<T>) => void;
  const promise = new Promise<Result<T>>((r) => (resolve = r));
  return { handler: () => promise, resolve };
}

export const appInfo: AppInfo = {
  version: '0.1.0',
  demo: true,
  transport: 'browser-host',
  practice: { odsCode: 'Y12345', name: 'Beech House Surgery' },
  nationalService: { label: 'PDS', baseUrl: 'http://127.0.0.1:9000' },
  user: { userId: 'u1', name: 'Alex Morgan', roleCode: 'R8000', roleName: 'Receptionist', roleProfileId: 'p1' },
};

export const jane: PatientSummary = {
  nhsNumber: '9434765919',
  prefix: ['Miss'],
  given: ['Jane'],
  family: 'Smith',
  birthDate: '2010-10-22',
  gender: 'female',
  deceasedDate: null,
  restricted: false,
  address: { lines: ['1 Trevelyan Square', 'Boar Lane', 'Leeds'], postcode: 'LS1 6AE' },
  gpOdsCode: 'Y12345',
  score: 1,
};

export const janet: PatientSummary = {
  ...jane,
  nhsNumber: '9000000025',
  prefix: ['Mrs'],
  given: ['Janet'],
  family: 'Smythe',
  birthDate: '1980-01-01',
  restricted: true,
  address: null,
  gpOdsCode: null,
  score: 0.9,
};

export const tunney: PatientSummary = {
  ...jane,
  nhsNumber: '9733163201',
  prefix: ['Mr'],
  given: ['Gene'],
  family: 'Tunney',
  birthDate: '1936-02-24',
  gender: 'male',
  deceasedDate: '2019-02-07',
  address: { lines: ['2 High Street'], postcode: 'DN17 1AA' },
  score: 0.8,
};

export function recordOf(p: PatientSummary, extra: Partial<PatientRecord> = {}): PatientRecord {
  return {
    ...p,
    telecom: p.restricted ? [] : [{ system: 'phone', value: '01632 960587', use: 'home' }],
    gpName: p.restricted ? null : 'Beech House Surgery',
    versionId: '2',
    supersededNhsNumber: null,
    source: 'national',
    fetchedAt: '2026-03-12T09:30:00Z',
    ...extra,
  };
}

export const national = (results: PatientSummary[]): SearchOutcome => ({ source: 'national', updatedAt: null, notice: null, results });

/** n distinct, valid-looking summaries (NHS numbers are not checked by the renderer once returned). */
export function manyPatients(n: number): PatientSummary[] {
  return Array.from({ length: n }, (_, i) => ({
    ...jane,
    nhsNumber: String(9000000000 + i).padStart(10, '0'),
    given: [`Jane${String.fromCharCode(65 + (i % 26))}`],
    family: `Smith${i}`,
  }));
}
