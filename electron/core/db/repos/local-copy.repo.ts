import type { Db } from '../connection';

/** Final states of a repeat-prescription request: nothing more happens to it at the desk. */
const FINISHED_RX = `('collected', 'rejected', 'cancelled')`;

/** How many rows each purge removed, per table. Counts only: never which patients. */
export interface PurgeCounts {
  patients: number;
  supersededNumbers: number;
  appointments: number;
  onlineFeed: number;
  rxRequests: number;
  rxTemplates: number;
}

export interface ExpiryCutoffs {
  /** Patient records last seen (opened, found, refreshed) before this instant (ISO) expire… */
  seenBefore: string;
  /** …unless the book holds an appointment for them on this London day (the book's today) or later, or an open request. */
  today: string;
  /** Book appointments on London days before this one are dropped. */
  dayBefore: string;
  /** Finished prescription requests last updated, and online-feed entries noted, before this instant (ISO) are dropped. */
  updatedBefore: string;
}

/**
 * The local copy's expiry and on-demand clearing (issue 9), across the patient, book and prescription caches of
 * cache.db, each in one transaction. Deleting a patient row removes its full-text index entries (the patients_ad
 * trigger), and secure_delete (connection.ts) overwrites the freed pages. The only place this SQL lives.
 */
export class LocalCopyRepo {
  constructor(private readonly db: Db) {}

  private run(sql: string, params: Record<string, string> = {}): number {
    return this.db.prepare(sql).run(params).changes;
  }

  /**
   * What the desk keeps of a patient it has not seen for the window. Nothing the desk needs today goes: patients with
   * an appointment today or later, or a request still in hand, keep their record (the book and queue are named from it),
   * and appointments from today on and unfinished requests stay.
   */
  purgeExpired(c: ExpiryCutoffs): PurgeCounts {
    return this.db.transaction((): PurgeCounts => {
      const patients = this.run(
        `DELETE FROM patients
         WHERE coalesce(last_seen_at, fetched_at) < @seenBefore
           AND nhs_number NOT IN (SELECT nhs_number FROM book_appointments WHERE day >= @today)
           AND nhs_number NOT IN (SELECT nhs_number FROM rx_requests WHERE state NOT IN ${FINISHED_RX})`,
        { seenBefore: c.seenBefore, today: c.today },
      );
      return { patients, ...this.purgeAround({ dayBefore: c.dayBefore, updatedBefore: c.updatedBefore }) };
    })();
  }

  /**
   * "Sign out and clear this PC's copy": every cached patient record, every superseded-number mapping, the online feed,
   * finished requests and past appointments. Kept: appointments from `today` on and requests still in hand (with the
   * templates they ask for) — the practice's working lists for the day, which any signed-in desk fetches again from
   * the national services within a minute; their names are what the national copy gives once the records are gone.
   */
  clearAll(today: string): PurgeCounts {
    return this.db.transaction((): PurgeCounts => {
      const patients = this.run('DELETE FROM patients');
      return { patients, ...this.purgeAround({ dayBefore: today, updatedBefore: '9999-12-31T23:59:59.999Z' }) };
    })();
  }

  /** After patients went: their mappings and templates, and the book's and queue's rows from before the window. */
  private purgeAround(c: { dayBefore: string; updatedBefore: string }): Omit<PurgeCounts, 'patients'> {
    const supersededNumbers = this.run('DELETE FROM superseded_numbers WHERE nhs_number NOT IN (SELECT nhs_number FROM patients)');
    const appointments = this.run('DELETE FROM book_appointments WHERE day < @dayBefore', { dayBefore: c.dayBefore });
    const onlineFeed = this.run('DELETE FROM book_online_feed WHERE at < @updatedBefore', { updatedBefore: c.updatedBefore });
    // Requests made here and not yet sent ('pending-…') stay whatever their state: the outbox still refers to them.
    const rxRequests = this.run(
      `DELETE FROM rx_requests WHERE state IN ${FINISHED_RX} AND updated_at < @updatedBefore AND id NOT LIKE 'pending-%'`,
      { updatedBefore: c.updatedBefore },
    );
    // Templates of patients the desk no longer holds, unless a remaining request asks for them.
    const rxTemplates = this.run(
      `DELETE FROM rx_templates WHERE nhs_number NOT IN (SELECT nhs_number FROM patients)
         AND nhs_number NOT IN (SELECT nhs_number FROM rx_requests)`,
    );
    return { supersededNumbers, appointments, onlineFeed, rxRequests, rxTemplates };
  }
}
