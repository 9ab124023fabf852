/**
 * Hostile input (issue 9): 10,000 random and malformed payloads spread over every verb of the contract, sent
 * through the real handler table of a whole core (real SQLite files, the sandbox's national services on
 * loopback), signed in as Priya Shah, clerical manager (R8011), so the access check passes wherever her role
 * allows and the payload reaches the input checks.
 *
 * Every payload is refused, exactly:
 * - INVALID_INPUT, for every verb her role may call;
 * - FORBIDDEN_ROLE, for the verbs it may not (rx:approve, rx:reject need a prescriber): access is checked
 *   before input (bind.ts), and each such refusal is audited (access.guard.ts) — the only rows allowed to
 *   appear anywhere. Those verbs are then fuzzed again as Dr Alex Morgan (GP), where INVALID_INPUT is expected.
 * No call throws, nothing is logged as an unexpected failure, no row changes in cache.db, outbox.db or
 * practice.db (counts and contents), Object.prototype is not polluted, and the audit chain still verifies.
 *
 * Reproduce a failure with the printed seed: FUZZ_SEED=<n> npx vitest run test/integration/fuzz.verbs.test.ts
 */
import { openDeskFile } from '../helpers/db-key';
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { seedDemoCache } from '../../electron/core/demo/demo-seed';
import { seedDemoRota } from '../../electron/core/demo/demo-rota';
import { checkInputShape } from '../../electron/core/handlers/input.guard';
import { Rng } from '../../electron/sandbox/prng';
import { startSandbox, type Sandbox } from '../../electron/sandbox';
import { contract } from '../../shared/contract';
import { verbsOf, type Verb } from '../../shared/contract/verb';
import { can } from '../../shared/domain/roles';
import type { Result } from '../../shared/result';
import { coreHarness, type Harness } from '../helpers/core.harness';
import { useTempDir } from '../helpers/temp-dir';

const SEED = Number(process.env.FUZZ_SEED) || 20_260_409;
const PAYLOADS = 10_000;
const TODAY = '2026-11-25';
const PRIYA = ['04D4E5F6', '234567'] as const; // clerical manager, R8011
const GP = ['04C7D8E9', '345678'] as const; // Dr Alex Morgan, R8000
const MB = 1024 * 1024;

/**
 * One valid input for each verb that needs more than `{}`: the fuzzer corrupts these, so most payloads are
 * "nearly right" and reach deep into the schemas. A verb added to the contract with required fields and no
 * sample here fails the first test, by name.
 */
const SAMPLES: Record<string, unknown> = {
  'auth:passcode': { passcode: '123456' },
  'auth:choose-role': { roleProfileId: '555000000102' },
  'demo:set-faults': { mode: 'none', otherDeskTakesNextSlot: false },
  'demo:present-card': { cardId: '04A1B2C3' },
  'staff:save': { userId: '555000000901', name: 'Casey Fuzz', active: true, roles: [{ roleProfileId: '555000000991', roleCode: 'R8009' }] },
  'staff:issue-card': { userId: '555000000901', cardId: '04FFEE01', passcode: '123456' },
  'staff:unlock-card': { cardId: '04A1B2C3' },
  'audit:patient-access': { nhsNumber: '9000000009' },
  'audit:export-patient-access': { nhsNumber: '9000000009' },
  'patients:search': { text: 'Smith 22/10/2010', fuzzy: false },
  'patients:open': { nhsNumber: '9000000009' },
  'book:day': { day: TODAY, siteId: 'site-1' },
  'book:find-free': { clinicianIds: ['c1'], timeOfDay: 'morning', lengthMinutes: 10, onTheDayOnly: false, limit: 5 },
  'book:book': { slotId: 'slot-1', nhsNumber: '9000000009', reason: 'Review', contactPreference: 'phone' },
  'book:cancel': { appointmentId: 'appt-1', by: 'patient', reason: 'Feeling better' },
  'book:move': { appointmentId: 'appt-1', toSlotId: 'slot-2' },
  'book:act': { appointmentId: 'appt-1', action: 'arrive' },
  'book:patient-appointments': { nhsNumber: '9000000009' },
  'sync:resolve': { requestId: '3f0c2b7e-8d4a-4c1e-9b2f-6a5d4e3c2b1a', resolution: 'dismissed' },
  'rota:save-slot-type': {
    name: 'Long review', lengthMinutes: 20, colour: '#912b88', bookableBy: ['reception'], embargo: { kind: 'none' },
    autoDna: true, urgent: false, nationalCategory: 'Planned Clinics',
  },
  'rota:save-template': {
    rotaId: 'rota-1',
    template: {
      clinicianId: 'c1', siteId: 'site-1', pattern: { kind: 'weekly', weekdays: [1, 3] }, start: '09:00', end: '12:00',
      sequence: [{ slotTypeId: 'routine', count: 6 }], validFrom: '2026-12-01', validTo: null,
    },
  },
  'rota:delete-template': { templateId: 'tmpl-1' },
  'rota:save-rota': { name: 'Winter', from: '2026-12-01', to: '2027-03-31' },
  'rota:add-leave': { clinicianId: 'c1', from: '2026-12-09', to: '2026-12-09', reason: 'Annual leave' },
  'rota:remove-leave': { leaveId: 'leave-1' },
  'rota:set-opening-hours': {
    siteId: null,
    hours: { mon: { open: '08:00', close: '18:30' }, tue: { open: '08:00', close: '18:30' }, wed: null, thu: null, fri: null, sat: null, sun: null },
  },
  'rota:add-closure': { day: '2026-12-24', reason: 'Christmas Eve' },
  'rota:remove-closure': { day: '2026-12-24' },
  'rota:preview': { rotaId: 'rota-1', from: '2026-12-07', to: '2027-01-03' },
  'rota:generate': { rotaId: 'rota-1', from: '2026-12-07', to: '2027-01-03' },
  'rota:capacity': { from: '2026-12-07', to: '2027-01-03' },
  'rx:queue': { state: 'open', overdueOnly: false },
  'rx:changes': { since: '0a1b2c3d4e5f.12' },
  'rx:patient': { nhsNumber: '9000000009' },
  'rx:templates': { nhsNumber: '9000000009' },
  'rx:add': { nhsNumber: '9000000009', channel: 'counter', templateIds: ['tmpl-1'] },
  'rx:route': { id: 'rx-1', to: 'duty' },
  'rx:approve': { id: 'rx-1', fulfilment: 'print', acknowledgeFlags: false },
  'rx:reject': { id: 'rx-1', reason: 'Needs a review first' },
  'rx:cancel': { id: 'rx-1' },
  'rx:ready': { id: 'rx-1' },
  'rx:collected': { id: 'rx-1' },
  'ooh:arrive': { nhsNumber: '9000000009', priority: 'urgent', site: 'Main centre', reason: 'Earache' },
  'ooh:triage': { encounterId: 'enc-1', priority: 'emergency' },
  'ooh:seen': { encounterId: 'enc-1', clinician: 'Dr Alex Morgan' },
  'ooh:outcome': { encounterId: 'enc-1', outcome: 'advice', note: 'Fluids and rest' },
  'ooh:report': { from: '2026-11-24T18:00:00Z', to: '2026-11-25T08:00:00Z' },
  'ooh:shifts': { from: '2026-11-23', to: '2026-11-29' },
  'ooh:shift-save': { id: 'shift-1', site: 'Main centre', clinician: 'Dr Sam Okafor', role: 'GP', start: '2026-11-24T18:30:00Z', end: '2026-11-25T08:00:00Z' },
  'ooh:shift-remove': { id: 'shift-1' },
  'gpconnect:find-slots': { nhsNumber: '9000000009', providerOds: 'Y90002', from: TODAY, days: 7, limit: 20 },
  'gpconnect:book': {
    nhsNumber: '9000000009',
    slot: {
      providerOds: 'Y90002', providerName: 'Hub', slotId: 'slot-1', start: '2026-11-25T18:00:00Z', end: '2026-11-25T18:10:00Z',
      serviceType: 'Routine GP 10 min', deliveryChannel: 'In-person', clinicianName: 'Dr A', practitionerId: null, locationId: 'loc-1', locationName: 'Hub site',
    },
    encounterId: 'enc-1',
  },
  'gpconnect:bookings': { nhsNumber: '9000000009' },
  'gpconnect:cancel': { bookingId: 'xorg-1', reason: 'Patient feeling better' },
};

// ---------- hostile values ----------

/** An own property, even for `__proto__` (plain assignment would set the prototype instead). */
function withKey(target: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  Object.defineProperty(target, key, { value, enumerable: true, configurable: true, writable: true });
  return target;
}

function nested(depth: number, asArrays: boolean): unknown {
  // Built from JSON text, as the browser host's bridge would receive it.
  return asArrays ? JSON.parse('['.repeat(depth) + ']'.repeat(depth)) : JSON.parse('{"a":'.repeat(depth) + '1' + '}'.repeat(depth));
}

const HUGE = 'x'.repeat(MB);
const UNICODE = [
  '\u0000', '\uD800', 'a\uDFFFb', '\uFEFF9000000009', '\u202Eevil\u202C', 'e\u0301\u0301\u0301', '🧑‍⚕️👩🏽‍🦰',
  '９０００００００09', '٩٠٠٠٠٠٠٠٠٩', 'Ⅸ', '\r\n\t\v\f', 'İstanbul', 'ß'.repeat(50), '\u200B', '\u2028\u2029',
  'Ω≈ç√∫', '𝕿𝖍𝖊', 'ﷺ', '0️⃣', '\u0007\u001b[31m',
];
const STRINGS = [
  '', ' ', 'a', 'null', 'undefined', 'NaN', '[object Object]', "'; DROP TABLE patients; --", '" OR 1=1 --',
  '<img src=x onerror=alert(1)>', '<script>alert(1)</script>', 'javascript:alert(1)', '../../etc/passwd', '%00', '%',
  '${7*7}', '{{7*7}}', '__proto__', 'constructor', '9000000009 ', ' 9000000009', '900 000 0009', '2026-02-30',
  '2026-13-01', '24:01', '99:99', '-1', '1e309', '0x10', 'A'.repeat(10_000), ...UNICODE,
];
const KEYS = [
  '__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__', 'then',
  '', ' ', 'nhsNumber ', 'NhsNumber', 'nhs_number', 'id\u0000', 'x'.repeat(300), 'sql', 'admin', 'isAdmin', 'role',
  'roleCode', 'user', ...UNICODE,
];

class Instance {
  nhsNumber = '9000000009';
}

function hostileValue(rng: Rng): unknown {
  switch (rng.int(12)) {
    case 0:
      return rng.pick([0, -1, 1.5, -0, 2 ** 53 + 1, 1e308, -1e308, Number.MIN_VALUE, NaN, Infinity, -Infinity]);
    case 1:
      return [true, false, null, undefined][rng.int(4)]; // pick() refuses to return undefined
    case 2:
    case 3:
      return rng.pick(STRINGS);
    case 4:
      return rng.chance(0.5) ? HUGE : rng.pick(UNICODE).repeat(rng.between(2, 2_000));
    case 5:
      return rng.pick([
        {}, [], [null], [undefined], new Array(5), [1, 'a', {}], { length: 1e9 },
        JSON.parse('{"__proto__":{"polluted":"yes"}}'), { constructor: { prototype: { polluted: 'yes' } } },
        JSON.parse('{"a":{"__proto__":{"polluted":"yes"}}}'),
      ]);
    case 6:
      return nested(rng.between(2, 40), rng.chance(0.5));
    case 7:
      return nested(rng.pick([100, 1_000, 10_000]), rng.chance(0.5));
    case 8:
      return rng.pick<unknown>([
        new Date(0), new Map([['nhsNumber', '9000000009']]), new Set([1]), new Uint8Array(16), /x/, new Error('x'),
        Object.create({ nhsNumber: '9000000009' }), new Instance(), () => 1, Symbol('s'), 10n, new ArrayBuffer(8),
      ]);
    case 9:
      return Array.from({ length: rng.pick([2, 50, 200, 25_000]) }, () => rng.pick(STRINGS));
    case 10:
      return withKey({}, rng.pick(KEYS), rng.pick(STRINGS));
    default:
      return rng.pick(UNICODE) + rng.pick(STRINGS);
  }
}

// ---------- mutations of a valid sample ----------

type Path = (string | number)[];

/** Places inside a value that can be replaced: object fields and array items (the samples are shallow; mutated values may not be). */
function paths(value: unknown, prefix: Path = []): Path[] {
  if (value === null || typeof value !== 'object' || prefix.length >= 6) return [];
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== Array.prototype) return []; // a Date or a Map is a value, not a container
  const out: Path[] = [];
  const entries: [string | number, unknown][] = Array.isArray(value)
    ? Array.from(value.slice(0, 20), (v: unknown, i): [number, unknown] => [i, v]) // Array.from fills holes of sparse arrays
    : Object.entries(value).slice(0, 20);
  for (const [k, v] of entries) out.push([...prefix, k], ...paths(v, [...prefix, k]));
  return out;
}

/** A copy with the value at `path` replaced (or removed), sharing everything off the path. */
function setAt(value: unknown, path: Path, next: unknown, remove = false): unknown {
  if (path.length === 0) return next;
  const [head, ...rest] = path;
  if (Array.isArray(value)) {
    const copy = [...value];
    if (remove && rest.length === 0) copy.splice(Number(head), 1);
    else copy[Number(head)] = setAt(copy[Number(head)], rest, next, remove);
    return copy;
  }
  const copy: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (k === head) {
      if (remove && rest.length === 0) continue;
      withKey(copy, k, setAt(v, rest, next, remove));
    } else withKey(copy, k, v);
  }
  return copy;
}

const objectPaths = (value: unknown): Path[] =>
  [[] as Path, ...paths(value)].filter((p) => {
    let v: unknown = value;
    for (const k of p) v = (v as Record<string | number, unknown>)[k];
    return v !== null && typeof v === 'object' && !Array.isArray(v);
  });

const MUTATIONS = ['top-level', 'extra-key', 'drop-key', 'field', 'field', 'field', 'array-for-object', 'huge', 'deep', 'combo'] as const;
type Mutation = (typeof MUTATIONS)[number];

function mutate(rng: Rng, sample: unknown, kind: Mutation): unknown {
  switch (kind) {
    case 'top-level':
      return rng.chance(0.2) ? [sample] : hostileValue(rng);
    case 'extra-key': {
      const at = rng.pick(objectPaths(sample));
      let target: unknown = sample;
      for (const k of at) target = (target as Record<string | number, unknown>)[k];
      const extended = withKey({ ...(target as Record<string, unknown>) }, rng.pick(KEYS), hostileValue(rng));
      return setAt(sample, at, extended);
    }
    case 'drop-key': {
      const all = paths(sample);
      return all.length ? setAt(sample, rng.pick(all), undefined, true) : hostileValue(rng);
    }
    case 'field': {
      const all = paths(sample);
      return all.length ? setAt(sample, rng.pick(all), hostileValue(rng)) : withKey({}, rng.pick(KEYS), hostileValue(rng));
    }
    case 'array-for-object': {
      const at = rng.pick(objectPaths(sample));
      let target: unknown = sample;
      for (const k of at) target = (target as Record<string | number, unknown>)[k];
      return setAt(sample, at, rng.chance(0.5) ? [target] : Object.values(target as object));
    }
    case 'huge': {
      const all = paths(sample);
      if (rng.chance(0.3) || all.length === 0) return withKey({ ...(sample as object) }, rng.chance(0.5) ? HUGE : 'k', HUGE);
      return setAt(sample, rng.pick(all), HUGE);
    }
    case 'deep': {
      const deep = nested(rng.pick([17, 64, 1_000, 100_000]), rng.chance(0.5));
      const all = paths(sample);
      return all.length && rng.chance(0.7) ? setAt(sample, rng.pick(all), deep) : deep;
    }
    case 'combo': {
      let v = sample;
      for (let n = rng.between(2, 4); n > 0; n--) {
        const next = rng.pick(MUTATIONS.filter((m) => m !== 'combo' && m !== 'top-level'));
        v = v !== null && typeof v === 'object' && !Array.isArray(v) ? mutate(rng, v, next) : v;
      }
      return v;
    }
  }
}

/** The test's own judgement that a payload is malformed: the same two gates the handler table applies. */
function isMalformed(v: Verb, payload: unknown): boolean {
  if (checkInputShape(payload) !== null) return true;
  return !v.input.safeParse(payload ?? {}).success;
}

/** A few words about a payload for a failure report: its shape, never the whole thing (it may be 1 MB). */
function describePayload(p: unknown): string {
  try {
    const text = JSON.stringify(p, (_k, x: unknown) => (typeof x === 'bigint' ? `${x}n` : typeof x === 'string' && x.length > 40 ? `${x.slice(0, 20)}…(${x.length})` : x));
    return (text ?? String(p)).slice(0, 300);
  } catch {
    return Object.prototype.toString.call(p);
  }
}

// ---------- the database snapshot ----------

interface TableState {
  rows: number;
  digest: string;
}

/** Row count and a content digest of every table in a database file, read through its own connection. */
function snapshot(file: string): Record<string, TableState> {
  const db = openDeskFile(file, { readonly: true });
  try {
    // Virtual (FTS) tables are read through their content tables; their shadow tables are ordinary ones and are included.
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name")
      .pluck()
      .all() as string[];
    const out: Record<string, TableState> = {};
    for (const t of tables) {
      const rows = db.prepare(`SELECT * FROM "${t.replaceAll('"', '""')}"`).raw().all();
      const lines = rows.map((r) => JSON.stringify(r)).sort();
      out[t] = { rows: rows.length, digest: createHash('sha256').update(lines.join('\n')).digest('hex') };
    }
    return out;
  } finally {
    db.close();
  }
}

interface AuditRowView {
  seq: number;
  action: string;
  outcome: string;
  detail: string;
}
const auditRows = (dir: string, afterSeq: number): AuditRowView[] => {
  const db = openDeskFile(join(dir, 'audit.db'), { readonly: true });
  try {
    return db.prepare('SELECT seq, action, outcome, detail FROM audit_events WHERE seq > ? ORDER BY seq').all(afterSeq) as AuditRowView[];
  } finally {
    db.close();
  }
};
const lastAuditSeq = (dir: string): number => auditRows(dir, -1).at(-1)?.seq ?? 0;

/** Every database but the audit log: cache.db, outbox.db, practice.db, and any a later issue adds. */
const watched = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.db') && f !== 'audit.db').sort();
const snapshotAll = (dir: string) => Object.fromEntries(watched(dir).map((f) => [f, snapshot(join(dir, f))]));

// ---------- the run ----------

const temp = useTempDir('reception-fuzz-');
let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, population: 1_000, today: TODAY });
});
afterAll(async () => sandbox.close());

interface Failure {
  i: number;
  verb: string;
  kind: string;
  got: string;
  payload: string;
}

/** Sends `count` malformed payloads round-robin over `verbs`; returns failures and how many of each code came back. */
async function fuzz(h: Harness, rng: Rng, verbs: Verb[], count: number, expected: (v: Verb) => string) {
  const failures: Failure[] = [];
  const codes: Record<string, number> = {};
  let regenerated = 0;
  for (let i = 0; i < count; i++) {
    const v = verbs[i % verbs.length]!;
    const sample = SAMPLES[v.name] ?? {};
    let kind: Mutation = rng.pick(MUTATIONS);
    let payload = mutate(rng, sample, kind);
    // A mutation can land on something still valid (an optional field dropped): draw again, and count it.
    for (let tries = 0; !isMalformed(v, payload); tries++) {
      regenerated++;
      if (tries > 50) throw new Error(`could not make a malformed payload for ${v.name}`);
      kind = rng.pick(MUTATIONS);
      payload = mutate(rng, sample, kind);
    }
    let r: Result<unknown>;
    try {
      r = await h.core.dispatch(v.name, payload);
    } catch (e) {
      failures.push({ i, verb: v.name, kind, got: `threw ${e instanceof Error ? e.name : typeof e}`, payload: describePayload(payload) });
      continue;
    }
    const code = r.ok ? 'ok' : r.error.code;
    codes[code] = (codes[code] ?? 0) + 1;
    const want = expected(v);
    const tooLong = !r.ok && r.error.message.length > 1_000;
    if (code !== want || tooLong) {
      failures.push({ i, verb: v.name, kind, got: tooLong ? `${code} with a ${r.ok ? 0 : r.error.message.length}-character message` : code, payload: describePayload(payload) });
    }
  }
  return { failures, codes, regenerated };
}

describe(`fuzzing every contract verb (seed ${SEED})`, () => {
  it('has a valid sample for every verb, and every verb refuses unknown keys', () => {
    const missing: string[] = [];
    for (const v of verbsOf(contract)) {
      const sample = SAMPLES[v.name] ?? {};
      if (!v.input.safeParse(sample).success) missing.push(v.name);
      // Strict objects are what make an extra key malformed: every verb input must refuse one.
      else expect(v.input.safeParse({ ...(sample as object), zzUnexpected: 1 }).success, v.name).toBe(false);
    }
    expect(missing, 'add a valid input for these verbs to SAMPLES').toEqual([]);
  });

  it('refuses 10,000 malformed payloads: exact codes, no throw, no write, no pollution', async () => {
    console.log(`[fuzz] seed ${SEED} (FUZZ_SEED=${SEED} reproduces this run)`);
    const dir = temp();
    const h = await coreHarness({
      dataDir: dir,
      pdsBaseUrl: sandbox.baseUrl,
      appointmentsBaseUrl: sandbox.appointments.baseUrl,
      prescriptionsBaseUrl: sandbox.prescriptions.baseUrl,
      bookClock: () => sandbox.appointments.now(),
    });
    const logged = vi.spyOn(console, 'error');
    try {
      // Give every database something to lose: the practice's list, the demo rota, the book and the queue.
      await seedDemoCache(h.core.repos.patients, () => sandbox.population.demoPracticePatients());
      seedDemoRota(h.core.repos.rota);
      const user = await h.signIn(...PRIYA);
      expect(user).toMatchObject({ state: 'active', user: { roleCode: 'R8011' } });

      const before = snapshotAll(dir);
      expect(Object.keys(before)).toEqual(expect.arrayContaining(['cache.db', 'outbox.db', 'practice.db']));
      expect(Object.values(before['cache.db']!).some((t) => t.rows > 0)).toBe(true);
      expect(Object.values(before['practice.db']!).some((t) => t.rows > 0)).toBe(true);
      const auditSeq = lastAuditSeq(dir);
      const protoKeys = Reflect.ownKeys(Object.prototype).length;

      const verbs = verbsOf(contract);
      const refusedByRole = (v: Verb) => v.access !== 'public' && v.access !== 'session' && !can('R8011', v.access);
      const rng = new Rng(SEED);
      const started = Date.now();
      const run = await fuzz(h, rng, verbs, PAYLOADS, (v) => (refusedByRole(v) ? 'FORBIDDEN_ROLE' : 'INVALID_INPUT'));
      console.log(
        `[fuzz] ${PAYLOADS} payloads over ${verbs.length} verbs in ${Date.now() - started} ms: ${JSON.stringify(run.codes)}; ` +
          `${run.regenerated} draws were still valid and drawn again`,
      );
      expect(run.failures.slice(0, 10), `seed ${SEED}`).toEqual([]);
      // Most draws must be malformed as drawn, or the fuzzer is not testing what it claims.
      expect(run.regenerated).toBeLessThan(PAYLOADS / 10);

      expect(snapshotAll(dir)).toEqual(before);
      // The only new audit rows are the role refusals, one per refused call.
      const added = auditRows(dir, auditSeq);
      const forbidden = run.codes.FORBIDDEN_ROLE ?? 0;
      expect(forbidden).toBeGreaterThan(0);
      expect(added).toHaveLength(forbidden);
      for (const row of added) {
        expect(row).toMatchObject({ action: 'refused', outcome: 'refused', detail: expect.stringMatching(/^verb=rx:(approve|reject) needs=prescriptions\.approve$/) });
      }
      expect(Reflect.ownKeys(Object.prototype)).toHaveLength(protoKeys);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(logged.mock.calls.filter((c) => String(c[0]).startsWith('[core]'))).toEqual([]);

      // The verbs a clerical manager may not call, again as a GP: now the input checks answer.
      await h.reader.withdraw();
      await h.signIn(...GP);
      const gpBefore = snapshotAll(dir);
      const gpSeq = lastAuditSeq(dir);
      const prescriberOnly = verbs.filter(refusedByRole);
      expect(prescriberOnly.map((v) => v.name).sort()).toEqual(['rx:approve', 'rx:reject']);
      const gp = await fuzz(h, rng, prescriberOnly, 1_000, () => 'INVALID_INPUT');
      expect(gp.failures.slice(0, 10), `seed ${SEED}`).toEqual([]);
      expect(snapshotAll(dir)).toEqual(gpBefore);
      expect(auditRows(dir, gpSeq)).toEqual([]);

      // Names that are not verbs at all, including ones an object lookup would find.
      for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'patients:delete', '', 'x'.repeat(5_000), 'rx:approve ']) {
        const r = await h.core.dispatch(name, {});
        expect(r).toMatchObject({ ok: false, error: { code: 'UNKNOWN_VERB' } });
        if (!r.ok) expect(r.error.message.length).toBeLessThan(200);
      }
      expect(logged.mock.calls.filter((c) => String(c[0]).startsWith('[core]'))).toEqual([]);

      // After all of it, the audit chain is intact.
      expect(await h.call('audit:verify')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_ROLE' } }); // a GP may not read it
      await h.reader.withdraw();
      await h.signIn(...PRIYA);
      expect(await h.call('audit:verify')).toMatchObject({ ok: true, value: { ok: true } });
    } finally {
      logged.mockRestore();
      await h.core.close();
    }
  }, 180_000);
});
