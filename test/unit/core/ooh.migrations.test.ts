import Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../../electron/core/db/connection';
import { migrate } from '../../../electron/core/db/migrate';
import { oohMigrations } from '../../../electron/core/db/migrations/ooh.migrations';
import { OohRepo, type ShiftRow } from '../../../electron/core/db/repos/ooh.repo';
import { seedDemoShifts } from '../../../electron/core/demo/demo-shifts';
import { shiftProblems } from '../../../shared/domain/ooh/shifts';

/** ooh.db version 2 (cancelling a booking made at another organisation) on a desk that already has bookings. */
describe('ooh.db: the cancellation columns', () => {
  it('upgrade a version-1 file with bookings in it; a cancellation starts, is refused (the booking stands), and settles', () => {
    const db = new Database(':memory:');
    migrate(db, oohMigrations.slice(0, 1));
    db.prepare(
      `INSERT INTO cross_bookings (id, request_id, provider_ods, provider_name, booking_ods, booking_name, nhs_number, patient_name, slot_id,
         start_utc, end_utc, service_type, delivery_channel, clinician_name, location_name, booked_at, booked_by, status)
       VALUES ('xorg-1', 'r-1', 'Y90002', 'Castle Street Surgery', 'Y90020', 'Leeds Out-of-Hours Centre', '9000000009', 'JONES, Amy', 's-1',
         '2026-11-26T09:20:00.000Z', '2026-11-26T09:30:00.000Z', 'Routine GP 10 min', 'In-person', 'Dr Ann Lee', 'Castle Street Surgery',
         '2026-11-25T20:00:00.000Z', 'Sam Taylor', 'booked')`,
    ).run();
    expect(migrate(db, oohMigrations)).toBe(oohMigrations.length);
    const repo = new OohRepo(db as unknown as Db);
    expect(repo.booking('xorg-1')).toMatchObject({ status: 'booked', cancelState: null, cancelReason: null });

    repo.startCancel('xorg-1', { state: 'pending', requestId: 'c-1', reason: 'Patient feeling better', at: '2026-11-25T21:00:00.000Z', by: 'Sam Taylor' });
    expect(repo.booking('xorg-1')).toMatchObject({ cancelState: 'pending', cancelRequestId: 'c-1', cancelReason: 'Patient feeling better', cancelledBy: 'Sam Taylor' });
    repo.settleCancel('xorg-1', 'stands', 'The cancellation was not accepted: in the past');
    expect(repo.booking('xorg-1')).toMatchObject({ status: 'booked', cancelState: null, cancelRequestId: null, cancelReason: null, problem: 'The cancellation was not accepted: in the past' });
    repo.settleCancel('xorg-1', 'stands', undefined); // withdrawn: the problem is left as it was
    expect(repo.booking('xorg-1')?.problem).toBe('The cancellation was not accepted: in the past');

    repo.startCancel('xorg-1', { state: 'pending', requestId: 'c-2', reason: 'Again', at: '2026-11-25T21:05:00.000Z', by: 'Sam Taylor' });
    expect(repo.booking('xorg-1')?.problem).toBeNull();
    repo.settleCancel('xorg-1', 'cancelled', null);
    expect(repo.booking('xorg-1')).toMatchObject({ status: 'booked', cancelState: 'cancelled', cancelReason: 'Again', problem: null });
    expect(() => db.prepare(`UPDATE cross_bookings SET cancel_state = 'gone'`).run()).toThrow(/CHECK/);
  });
});

/** ooh.db version 3: the centre's shift rota, added to a desk that already has encounters and bookings. */
describe('ooh.db: shifts', () => {
  const row = (x: Partial<ShiftRow>): ShiftRow => ({
    id: 'shift-1', site: 'Main', clinician: 'Dr Sam Okafor', role: 'GP', start: '2026-11-24T18:30:00.000Z', end: '2026-11-25T08:00:00.000Z',
    createdBy: 'Priya Shah', createdAt: '2026-11-20T10:00:00.000Z', updatedBy: 'Priya Shah', updatedAt: '2026-11-20T10:00:00.000Z', ...x,
  });

  it('upgrade a version-2 file (its rows untouched); shifts are kept, changed (creator kept), found by overlap and by "now", removed', () => {
    const db = new Database(':memory:');
    migrate(db, oohMigrations.slice(0, 2));
    db.prepare(
      `INSERT INTO encounters (id, nhs_number, patient_name, site, priority, arrived_at, recorded_by, updated_at)
       VALUES ('enc-1', '9000000009', 'SMITH, Jane', 'Main', 'urgent', '2026-11-24T19:00:00.000Z', 'Sam Taylor', '2026-11-24T19:00:00.000Z')`,
    ).run();
    expect(migrate(db, oohMigrations)).toBe(3);
    const repo = new OohRepo(db as unknown as Db);
    expect(repo.encounter('enc-1')).toMatchObject({ patientName: 'SMITH, Jane' });

    repo.putShift(row({}));
    repo.putShift(row({ id: 'shift-2', clinician: 'Dr Helen Price', start: '2026-11-25T18:30:00.000Z', end: '2026-11-26T08:00:00.000Z' }));
    repo.putShift(row({ end: '2026-11-25T02:00:00.000Z', createdBy: 'Someone else', updatedBy: 'Jo Evans', updatedAt: '2026-11-21T10:00:00.000Z' }));
    expect(repo.shift('shift-1')).toMatchObject({ end: '2026-11-25T02:00:00.000Z', createdBy: 'Priya Shah', updatedBy: 'Jo Evans' });
    // Overlap is strict: a shift ending as the range starts is not in it.
    expect(repo.shiftsOverlapping('2026-11-25T02:00:00.000Z', '2026-11-25T18:30:00.000Z')).toEqual([]);
    expect(repo.shiftsOverlapping('2026-11-25T01:59:00.000Z', '2026-11-25T18:31:00.000Z').map((r) => r.id)).toEqual(['shift-1', 'shift-2']);
    expect(repo.shiftsAt('2026-11-24T18:30:00.000Z').map((r) => r.id)).toEqual(['shift-1']);
    expect(repo.shiftsAt('2026-11-25T02:00:00.000Z')).toEqual([]);
    expect(repo.addShiftOnce(row({ clinician: 'Not me' }))).toBe(false);
    expect(repo.deleteShift('shift-1')).toBe(true);
    expect(repo.deleteShift('shift-1')).toBe(false);
    expect(() => repo.putShift(row({ id: 'shift-3', start: '2026-11-25T08:00:00.000Z', end: '2026-11-25T08:00:00.000Z' }))).toThrow(/CHECK/);
  });

  it('demo seeding: a week of shifts that break no rule, once', () => {
    const db = new Database(':memory:');
    migrate(db, oohMigrations);
    const repo = new OohRepo(db as unknown as Db);
    const o = { sites: ['Main', 'Second'], clinicians: ['Dr Sam Okafor', 'Dr Helen Price', 'Nurse practitioner Lee Grant'], now: new Date('2026-11-25T07:30:00.000Z') };
    const added = seedDemoShifts(repo, o);
    expect(added).toBeGreaterThanOrEqual(7 * 3 - 1);
    const all = repo.shiftsOverlapping('2026-11-20T00:00:00.000Z', '2026-12-05T00:00:00.000Z');
    expect(all).toHaveLength(added);
    for (const s of all) expect(shiftProblems({ ...s, start: new Date(s.start), end: new Date(s.end) }, { sites: o.sites, others: all })).toEqual([]);
    // 07:30 on Wednesday: Tuesday night's on-call GP is still on.
    expect(repo.shiftsAt(o.now.toISOString()).map((s) => s.clinician)).toHaveLength(1);
    expect(seedDemoShifts(repo, o)).toBe(0);
    expect(seedDemoShifts(repo, { ...o, now: new Date('2026-11-26T07:30:00.000Z') })).toBe(0);
    expect(repo.shiftsOverlapping('2026-11-20T00:00:00.000Z', '2026-12-05T00:00:00.000Z')).toHaveLength(added);
  });
});
