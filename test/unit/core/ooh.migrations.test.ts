import Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../../electron/core/db/connection';
import { migrate } from '../../../electron/core/db/migrate';
import { oohMigrations } from '../../../electron/core/db/migrations/ooh.migrations';
import { OohRepo } from '../../../electron/core/db/repos/ooh.repo';

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
    expect(migrate(db, oohMigrations)).toBe(2);
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
