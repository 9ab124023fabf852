import { act } from '@testing-library/react';
import {
  contract,
  makeReceptionApi,
  verbsOf,
  type AppContract,
  type AppInfo,
  type EventName,
  type EventPayload,
  type PatientRecord,
  type PatientSummary,
  type ReaderStatus,
  type ReceptionApi,
  type SearchOutcome,
  type SessionState,
  type StaffMember,
  type StaffSession,
} from '../../../shared/contract';
import { book as bookVerbs, type AppointmentView, type DayBook, type SlotView } from '../../../shared/contract/appointments';
import { err, ok, type Result } from '../../../shared/result';
import { setConnection } from '../../../renderer/src/lib/api';
import { createLinkSource, type LinkStatus } from '../../../renderer/src/lib/link';
import { useAppStore } from '../../../renderer/src/stores/app.store';
import { useAuditStore } from '../../../renderer/src/stores/audit.store';
import { useBookStore } from '../../../renderer/src/stores/book.store';
import { useDemoStore } from '../../../renderer/src/stores/demo.store';
import { useDeskStore } from '../../../renderer/src/stores/desk.store';
import { usePatientsStore } from '../../../renderer/src/stores/patients.store';
import { useSessionStore } from '../../../renderer/src/stores/session.store';
import { useStaffStore } from '../../../renderer/src/stores/staff.store';
import { useSyncStore } from '../../../renderer/src/stores/sync.store';

/**
 * A fake core: the real contract's api (`makeReceptionApi`) over an in-memory call function that
 * answers with canned Results, so the renderer under test cannot tell it from the real transport.
 */
type Handler = (input: unknown) => Result<unknown> | Promise<Result<unknown>>;
/** Every verb name of the contract, e.g. `auth:passcode`. */
export type VerbName = { [D in keyof AppContract]: { [K in keyof AppContract[D]]: AppContract[D][K] extends { name: infer N } ? N : never }[keyof AppContract[D]] }[keyof AppContract];
/** The appointment book's verbs (`book:day`…). */
export type BookVerbName = (typeof bookVerbs)[keyof typeof bookVerbs]['name'];
export type FakeHandlers = Partial<Record<VerbName | BookVerbName, Handler>>;

const VERBS = new Map(verbsOf(contract).map((v) => [v.name, v]));

export interface FakeApi {
  api: ReceptionApi;
  calls: { verb: string; input: unknown }[];
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  setLink(status: LinkStatus): void;
}

export function installFakeApi(handlers: FakeHandlers = {}): FakeApi {
  const calls: FakeApi['calls'] = [];
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  // By default someone is signed in, so journeys that are not about login start at the desk.
  const all: FakeHandlers = {
    'app:info': () => ok(appInfo),
    'auth:state': () => ok(activeSession()),
    'auth:touch': () => ok({ idleLockAt: null }),
    'demo:cards': () => ok([]),
    'demo:faults': () => ok({ mode: 'none', otherDeskTakesNextSlot: false }),
    'book:online-feed': () => ok([]),
    ...handlers,
  };

  const call = async (verb: string, input: unknown) => {
    calls.push({ verb, input });
    // Input is checked against the contract as the core's handler table does, so a renderer that
    // sends what the core would refuse fails here too.
    const parsed = VERBS.get(verb)?.input.safeParse(input ?? {});
    if (parsed && !parsed.success) return err('INVALID_INPUT', `fake core: ${verb} input refused: ${parsed.error.message}`);
    const h = all[verb as VerbName];
    return h ? h(input) : err('UNKNOWN_VERB', `no fake for ${verb}`);
  };
  const api = makeReceptionApi(
    call,
    (event, listener) => {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener as (p: unknown) => void);
      return () => set.delete(listener as (p: unknown) => void);
    },
  );
  const link = createLinkSource({ state: 'open', message: null });
  setConnection({ api, link });
  for (const store of [usePatientsStore, useAppStore, useSessionStore, useStaffStore, useAuditStore, useDeskStore, useDemoStore, useBookStore, useSyncStore] as const) {
    (store as { setState(s: unknown, replace: true): void; getInitialState(): unknown }).setState(store.getInitialState(), true);
  }

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
  user: null,
};

/** People at the desk. Alex is the receptionist the lookup journeys run as. */
export const alex: StaffSession = { userId: '555000000001', name: 'Alex Morgan', roleCode: 'R8009', roleName: 'Receptionist', roleProfileId: '555000000101' };
export const sam: StaffSession = { userId: '555000000002', name: 'Sam Taylor', roleCode: 'R8009', roleName: 'Receptionist', roleProfileId: '555000000102' };
export const priya: StaffSession = { userId: '555000000003', name: 'Priya Shah', roleCode: 'R8011', roleName: 'Clerical manager', roleProfileId: '555000000103' };
export const gp: StaffSession = { userId: '555000000004', name: 'Dr Alex Morgan', roleCode: 'R8000', roleName: 'Clinical practitioner (GP)', roleProfileId: '555000000104' };

export const reader: ReaderStatus = { state: 'connected', message: 'Card reader ready', simulated: true };

export const signedOut = (extra: Partial<Extract<SessionState, { state: 'signed-out' }>> = {}): SessionState => ({
  state: 'signed-out',
  reader,
  message: null,
  ...extra,
});

export const cardPresented = (extra: Partial<Extract<SessionState, { state: 'card-presented' }>> = {}): SessionState => ({
  state: 'card-presented',
  reader,
  holderName: 'Sam Taylor',
  refusal: null,
  attemptsLeft: 3,
  message: null,
  ...extra,
});

export const activeSession = (user: StaffSession = alex, sessionId = 's1'): SessionState => ({ state: 'active', reader, user, sessionId });

export const lockedSession = (extra: Partial<Extract<SessionState, { state: 'locked' }>> = {}): SessionState => ({
  state: 'locked',
  reader,
  user: alex,
  sessionId: 's1',
  reason: 'card-removed',
  cardPresent: false,
  attemptsLeft: 3,
  message: null,
  ...extra,
});

export function staffMember(user: StaffSession, cards: StaffMember['cards'] = []): StaffMember {
  return {
    userId: user.userId,
    name: user.name,
    active: true,
    roles: [{ roleProfileId: user.roleProfileId, roleCode: user.roleCode, roleName: user.roleName }],
    cards,
  };
}

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

/**
 * A fake core's login cycle: `state` is what `auth:state` answers, and `push` moves it on the way the
 * core does (a `session` push event), inside act() so React has rendered when it returns.
 */
export interface FakeSession {
  state: SessionState;
  push(next: SessionState): void;
}

export function fakeSession(initial: SessionState, getFake: () => FakeApi): FakeSession {
  const session: FakeSession = {
    state: initial,
    push(next) {
      session.state = next;
      act(() => getFake().emit('session', next));
    },
  };
  return session;
}

/**
 * An appointment book for Thursday 12 March 2026 (GMT, so London = UTC): Dr Patel (GP) with 10-minute slots from
 * 09:00, Nurse Jones with 15-minute slots from 09:00, Jane booked at Dr Patel's 09:10.
 */
export const BOOK_DAY = '2026-03-12';
const at = (hhmm: string) => `${BOOK_DAY}T${hhmm}:00Z`;
const plus = (hhmm: string, min: number) => {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  const t = h * 60 + m + min;
  return `${String(Math.floor(t / 60)).padStart(2, '0')}:${String(t % 60).padStart(2, '0')}`;
};

export function slotOf(id: string, clinicianId: string, slotTypeId: string, hhmm: string, len: number, display: SlotView['display'] = 'free', extra: Partial<SlotView> = {}): SlotView {
  return { id, clinicianId, siteId: 'main', slotTypeId, start: at(hhmm), end: at(plus(hhmm, len)), display, embargoUntil: null, appointmentIds: [], ...extra };
}

export const janeAppointment: AppointmentView = {
  id: 'a1',
  slotId: 'p2',
  nhsNumber: '9434765919',
  patientName: 'SMITH, Jane',
  clinicianId: 'patel',
  start: at('09:10'),
  end: at('09:20'),
  status: 'booked',
  reason: 'Cough',
  contactPreference: 'phone',
  arrivedAt: null,
  calledAt: null,
  finishedAt: null,
  overbookReason: null,
  bookedOnline: false,
  waitingToSend: false,
};

export function dayBook(extra: Partial<DayBook> = {}): DayBook {
  return {
    day: BOOK_DAY,
    asOf: '2026-03-12T08:30:00Z',
    sites: [{ id: 'main', name: 'Beech House' }],
    clinicians: [
      { id: 'patel', name: 'Dr Patel', role: 'GP', siteIds: ['main'] },
      { id: 'jones', name: 'Nurse Jones', role: 'Practice nurse', siteIds: ['main'] },
    ],
    slotTypes: [
      { id: 'gp10', name: 'Routine GP', lengthMinutes: 10, urgent: false, autoDna: true },
      { id: 'nurse15', name: 'Nurse', lengthMinutes: 15, urgent: false, autoDna: true },
    ],
    slots: [
      slotOf('p1', 'patel', 'gp10', '09:00', 10),
      slotOf('p2', 'patel', 'gp10', '09:10', 10, 'booked', { appointmentIds: ['a1'] }),
      slotOf('p3', 'patel', 'gp10', '09:20', 10, 'online-bookable'),
      slotOf('p4', 'patel', 'gp10', '09:30', 10, 'embargoed', { embargoUntil: '2026-03-12T09:00:00Z' }),
      slotOf('p5', 'patel', 'gp10', '09:40', 10, 'blocked'),
      slotOf('j1', 'jones', 'nurse15', '09:00', 15),
      slotOf('j2', 'jones', 'nurse15', '09:15', 15),
      slotOf('j3', 'jones', 'nurse15', '09:30', 15),
    ],
    appointments: [janeAppointment],
    ...extra,
  };
}
