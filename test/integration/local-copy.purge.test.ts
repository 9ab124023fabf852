import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { openDatabase, type Db } from '../../electron/core/db/connection';
import { cacheMigrations } from '../../electron/core/db/migrations/cache.migrations';
import { BookRepo, type AppointmentRow } from '../../electron/core/db/repos/book.repo';
import { outboxMigrations } from '../../electron/core/db/migrations/outbox.migrations';
import { LocalCopyRepo } from '../../electron/core/db/repos/local-copy.repo';
import { OutboxRepo } from '../../electron/core/db/repos/outbox.repo';
import { PatientsRepo, type CachedPatient } from '../../electron/core/db/repos/patients.repo';
import { PrescriptionsRepo, type RxRequestRow, type RxTemplateRow } from '../../electron/core/db/repos/prescriptions.repo';
import type { AuditService } from '../../electron/core/services/audit.service';
import { LocalCopyService, type PurgeCounts } from '../../electron/core/services/local-copy.service';
import { TEST_DB_KEY } from '../helpers/db-key';
import { useTempDir } from '../helpers/temp-dir';

/**
 * The local copy's expiry and clearing (issue 9) on real cache.db files: which rows go, which stay because the desk
 * still needs them today, and that a purged patient leaves nothing behind (tables, full-text index, file bytes).
 */
const temp = useTempDir();
const NOW = new Date('2026-11-25T10:00:00.000Z'); // a Wednesday; London = UTC in November
const TODAY = '2026-11-25';
const daysAgo = (n: number) => new Date(NOW.getTime() - n * 86_400_000).toISOString();

function patient(nhsNumber: string, family: string, given: string, seenDaysAgo: number, postcode = 'LS1 6AE'): CachedPatient {
  return {
    summary: {
      nhsNumber, prefix: [], given: [given], family, birthDate: '1961-04-02', gender: 'female', deceasedDate: null, restricted: false,
      address: { lines: ['1 Quarry Street', 'Leeds'], postcode }, gpOdsCode: 'Y90001', score: null,
    },
    telecom: [{ system: 'phone', value: '01632960111', use: 'home' }],
    versionId: '1',
    detail: 'full',
    fetchedAt: daysAgo(seenDaysAgo),
  };
}

const appointment = (id: string, nhsNumber: string, patientName: string, day: string): AppointmentRow => ({
  id, slotId: `slot-${id}`, day, nhsNumber, patientName, clinicianId: 'c1', start: `${day}T09:00:00.000Z`, end: `${day}T09:10:00.000Z`,
  status: 'booked', reason: null, contactPreference: 'phone', arrivedAt: null, calledAt: null, finishedAt: null, overbookReason: null,
  bookedOnline: false, etag: null,
});

const request = (id: string, nhsNumber: string, patientName: string, state: RxRequestRow['state'], updatedDaysAgo: number, templateIds: string[] = []): RxRequestRow => ({
  id, nhsNumber, patientName, channel: 'counter', state, receivedAt: daysAgo(updatedDaysAgo + 2), templateIds, routedTo: null, routedName: null,
  rejectReason: null, decidedBy: null, version: '1', updatedAt: daysAgo(updatedDaysAgo),
});

const template = (id: string, nhsNumber: string): RxTemplateRow => ({
  id, nhsNumber, medication: 'Ramipril 5mg capsules', dosage: 'One daily', quantity: '28', authorisedIssues: 6, issuesSoFar: 2,
  reviewDate: null, pharmacyOds: null, pharmacyName: null, fetchedAt: daysAgo(1),
});

function desk(o: { plain?: boolean; days?: number } = {}) {
  const file = join(temp(), 'cache.db');
  const db = openDatabase(file, { synchronous: 'NORMAL', migrations: cacheMigrations, key: o.plain ? null : TEST_DB_KEY });
  const audit = { record: vi.fn() };
  const purged = vi.fn<(c: PurgeCounts) => void>();
  let days = o.days ?? 30;
  const service = new LocalCopyService({
    repo: new LocalCopyRepo(db),
    outbox: new OutboxRepo(openDatabase(join(temp(), 'outbox.db'), { synchronous: 'FULL', migrations: outboxMigrations, key: TEST_DB_KEY })),
    audit: audit as unknown as AuditService,
    expireAfterDays: () => days,
    now: () => NOW,
    bookNow: () => NOW,
    systemContext: () => ({ transport: 'browser-host', workstation: 'desk-1' }),
    purged,
    log: () => undefined,
  });
  return {
    db, file, service, audit, purged,
    patients: new PatientsRepo(db), book: new BookRepo(db), rx: new PrescriptionsRepo(db),
    setDays: (n: number) => void (days = n),
  };
}

/** Every row of every ordinary table (the full-text index's shadow tables included), as text. */
function everything(db: Db): string {
  const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'").pluck().all() as string[];
  return tables
    .map((t) => JSON.stringify(db.prepare(`SELECT * FROM "${t}"`).raw().all(), (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('latin1') : v)))
    .join('\n');
}

const has = (d: ReturnType<typeof desk>, nhs: string) => d.patients.get(nhs) !== null;

describe('local copy expiry (real cache.db)', () => {
  it('purges a record last seen 31 days ago and keeps one seen 29 days ago', () => {
    const d = desk();
    d.patients.upsert([patient('9990000011', 'Oldfield', 'Ada', 31), patient('9990000022', 'Newbold', 'Bea', 29)]);
    const counts = d.service.purgeExpired();
    expect(counts.patients).toBe(1);
    expect(has(d, '9990000011')).toBe(false);
    expect(has(d, '9990000022')).toBe(true);
    // Audited and reported with counts only, as the desk itself.
    expect(d.audit.record).toHaveBeenCalledTimes(1);
    const [ctx, action, nhs, outcome, detail, actor] = d.audit.record.mock.calls[0]!;
    expect([ctx, action, nhs, outcome]).toEqual([{ transport: 'browser-host', workstation: 'desk-1', user: null }, 'local-copy.expire', null, 'ok']);
    expect(detail).toBe('days=30 patients=1 superseded=0 appointments=0 online-feed=0 rx-requests=0 rx-templates=0 outbox-settled=0');
    expect(actor).toMatchObject({ name: 'Local copy expiry' });
    expect(d.purged).toHaveBeenCalledTimes(1);
    // Nothing more to do: no audit row, no notice.
    d.service.purgeExpired();
    expect(d.audit.record).toHaveBeenCalledTimes(1);
  });

  it('counts a record shown from the local copy (markSeen) as seen then, not when it was fetched', () => {
    const d = desk();
    d.patients.upsert([patient('9990000011', 'Oldfield', 'Ada', 40), patient('9990000022', 'Newbold', 'Bea', 40)]);
    d.patients.markSeen(['9990000011'], daysAgo(2));
    d.service.purgeExpired();
    expect(has(d, '9990000011')).toBe(true);
    expect(has(d, '9990000022')).toBe(false);
  });

  it('runs at start and then on its (unref\'d) timer until stopped', () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      const d = desk();
      d.patients.upsert([patient('9990000011', 'Oldfield', 'Ada', 31)]);
      d.service.start(4 * 60 * 60_000);
      expect(has(d, '9990000011')).toBe(false); // at start
      d.patients.upsert([patient('9990000022', 'Later', 'Lee', 35)]);
      vi.advanceTimersByTime(4 * 60 * 60_000);
      expect(has(d, '9990000022')).toBe(false); // on the timer
      d.service.stop();
      d.patients.upsert([patient('9990000033', 'After', 'Al', 35)]);
      vi.advanceTimersByTime(8 * 60 * 60_000);
      expect(has(d, '9990000033')).toBe(true); // stopped
    } finally {
      vi.useRealTimers();
    }
  });

  it('follows the setting localCopy.expireAfterDays', () => {
    const d = desk({ days: 10 });
    d.patients.upsert([patient('9990000011', 'Oldfield', 'Ada', 11), patient('9990000022', 'Newbold', 'Bea', 9), patient('9990000033', 'Middleton', 'Cy', 20)]);
    expect(d.service.purgeExpired().patients).toBe(2);
    expect(['9990000011', '9990000022', '9990000033'].map((n) => has(d, n))).toEqual([false, true, false]);
    d.patients.upsert([patient('9990000044', 'Longley', 'Di', 20)]);
    d.setDays(30);
    expect(d.service.purgeExpired().patients).toBe(0);
    expect(has(d, '9990000044')).toBe(true);
  });

  it('leaves no trace of a purged patient in any table, the full-text index, a search or the file, and keeps what today needs', () => {
    const d = desk({ plain: true });
    const gone = '9990000011';
    d.patients.upsert([
      patient(gone, 'Zebedee', 'Quenby', 45, 'ZZ9 9ZZ'),
      patient('9990000022', 'Todayson', 'Tia', 45), // seen long ago, but booked in today
      patient('9990000033', 'Openshaw', 'Ola', 45), // seen long ago, but a request is still in hand
    ]);
    d.patients.recordSuperseded('9990000099', gone);
    d.book.putAppointment(appointment('a-old', gone, 'ZEBEDEE, Quenby', '2026-10-01'));
    d.book.putAppointment(appointment('a-recent', '9990000055', 'RECENT, Rae', '2026-11-10')); // inside the window
    d.book.putAppointment(appointment('a-today', '9990000022', 'TODAYSON, Tia', TODAY));
    d.book.noteOnline({ appointmentId: 'a-old', kind: 'booked', at: daysAgo(50), nhsNumber: gone, patientName: 'ZEBEDEE, Quenby', start: '2026-10-01T09:00:00.000Z', clinicianId: 'c1' });
    d.rx.putTemplates([template('t-gone', gone), template('t-open', '9990000033')]);
    d.rx.putRequest(request('r-gone', gone, 'ZEBEDEE, Quenby', 'collected', 40, ['t-gone']));
    d.rx.putRequest(request('r-recent', '9990000066', 'RECENTLY, Rob', 'rejected', 10));
    d.rx.putRequest(request('r-open', '9990000033', 'OPENSHAW, Ola', 'with-prescriber', 40, ['t-open']));
    expect(d.rx.requests()).toHaveLength(3); // read once and kept by the repo

    const counts = d.service.purgeExpired();
    expect(counts).toEqual({ patients: 1, supersededNumbers: 1, appointments: 1, onlineFeed: 1, rxRequests: 1, rxTemplates: 1, outboxSettled: 0 });

    const all = everything(d.db).toLowerCase(); // the full-text index keeps its tokens in lower case
    expect(all).toContain('todayson');
    expect(all).not.toContain('zebedee');
    expect(all).not.toContain('quenby');
    expect(all).not.toContain('zz9');
    expect(all).not.toContain(gone);
    expect(d.patients.findByPostcode('ZZ9', 50)).toEqual([]);
    expect(d.patients.findByDemographics({ familyPrefix: 'zeb', birthDate: '1961-04-02', limit: 50 })).toEqual([]);
    expect(d.patients.get('9990000099')).toBeNull();
    // What the desk needs today, and what is inside the window, stays.
    expect(has(d, '9990000022') && has(d, '9990000033')).toBe(true);
    expect(d.book.appointmentsForDay(TODAY).map((a) => a.id)).toEqual(['a-today']);
    expect(d.book.appointment('a-recent')).not.toBeNull();
    d.rx.forgetKept(); // as the core does after a purge
    expect(d.rx.requests().map((r) => r.id).sort()).toEqual(['r-open', 'r-recent']);
    expect(d.rx.templatesOf('9990000033')).toHaveLength(1);

    // secure_delete: the bytes are overwritten in the file itself, not just unlinked.
    d.db.pragma('wal_checkpoint(TRUNCATE)');
    d.db.close();
    const bytes = readFileSync(d.file).toString('latin1').toLowerCase();
    expect(bytes).toContain('todayson'); // the check can see names…
    expect(bytes).not.toContain('zebedee'); // …and the purged one is not there
    expect(bytes).not.toContain('quenby');
    expect(bytes).not.toContain(gone);
  });

  it('clears every cached record on demand, keeping only today’s book and requests still in hand', () => {
    const d = desk();
    d.patients.upsert([patient('9990000011', 'Fresh', 'Fay', 0), patient('9990000022', 'Todayson', 'Tia', 1), patient('9990000033', 'Openshaw', 'Ola', 2)]);
    d.patients.recordSuperseded('9990000099', '9990000011');
    d.book.putAppointment(appointment('a-yesterday', '9990000011', 'FRESH, Fay', '2026-11-24'));
    d.book.putAppointment(appointment('a-today', '9990000022', 'TODAYSON, Tia', TODAY));
    d.book.putAppointment(appointment('a-next-week', '9990000022', 'TODAYSON, Tia', '2026-12-02'));
    d.book.noteOnline({ appointmentId: 'a-today', kind: 'booked', at: daysAgo(0), nhsNumber: '9990000022', patientName: 'TODAYSON, Tia', start: `${TODAY}T09:00:00.000Z`, clinicianId: 'c1' });
    d.rx.putTemplates([template('t-1', '9990000011'), template('t-open', '9990000033')]);
    d.rx.putRequest(request('r-done', '9990000011', 'FRESH, Fay', 'collected', 0, ['t-1']));
    d.rx.putRequest(request('r-open', '9990000033', 'OPENSHAW, Ola', 'requested', 0, ['t-open']));
    d.rx.putRequest(request('pending-1', '9990000011', 'FRESH, Fay', 'cancelled', 0)); // not yet sent: the outbox refers to it

    const counts = new LocalCopyRepo(d.db).clearAll(TODAY);
    expect(counts).toEqual({ patients: 3, supersededNumbers: 1, appointments: 1, onlineFeed: 1, rxRequests: 1, rxTemplates: 0 });
    expect(d.patients.count()).toBe(0);
    expect(d.db.prepare('SELECT count(*) FROM superseded_numbers').pluck().get()).toBe(0);
    expect(d.patients.findByPostcode('LS1', 50)).toEqual([]);
    expect(d.book.appointment('a-yesterday')).toBeNull();
    expect(d.book.appointment('a-today')).not.toBeNull();
    expect(d.book.appointment('a-next-week')).not.toBeNull();
    d.rx.forgetKept();
    expect(d.rx.requests().map((r) => r.id).sort()).toEqual(['pending-1', 'r-open']);
    // Templates stay only where a remaining request asks for them.
    expect(d.rx.templatesOf('9990000033')).toHaveLength(1);
    expect(d.rx.templatesOf('9990000011')).toHaveLength(1); // pending-1 remains for this patient
  });

  it('migration 6 backfills last_seen_at from fetched_at, and marking a record seen does not touch its index entries', () => {
    const file = join(temp(), 'cache.db');
    const v5 = openDatabase(file, { synchronous: 'NORMAL', migrations: cacheMigrations.slice(0, 5), key: TEST_DB_KEY });
    v5.prepare(
      `INSERT INTO patients (nhs_number, family, given_json, postcode, restricted, detail, fetched_at) VALUES ('9990000011', 'Oldfield', '["Ada"]', 'LS1 6AE', 0, 'full', ?)`,
    ).run(daysAgo(31));
    v5.close();
    const db = openDatabase(file, { synchronous: 'NORMAL', migrations: cacheMigrations, key: TEST_DB_KEY });
    expect(db.prepare('SELECT last_seen_at FROM patients').pluck().get()).toBe(daysAgo(31));
    const repo = new PatientsRepo(db);
    const segments = () => JSON.stringify(db.prepare('SELECT * FROM patients_fts_data').raw().all());
    const before = segments();
    repo.markSeen(['9990000011'], daysAgo(0));
    expect(db.prepare('SELECT last_seen_at FROM patients').pluck().get()).toBe(daysAgo(0));
    expect(segments()).toBe(before);
    expect(repo.findByPostcode('LS1 6AE', 5).map((p) => p.summary.nhsNumber)).toEqual(['9990000011']);
    // A change to the indexed text still re-indexes it.
    repo.upsert([patient('9990000011', 'Renamed', 'Ada', 0, 'LS2 7EE')]);
    expect(repo.findByPostcode('LS1 6AE', 5)).toEqual([]);
    expect(repo.findByPostcode('LS2 7EE', 5).map((p) => p.summary.family)).toEqual(['Renamed']);
    db.close();
  });
});
