import type { PatientRecord, PatientSummary } from '../../../../shared/contract/patients';
import type { Statement } from 'better-sqlite3-multiple-ciphers';
import type { Db } from '../connection';
import { nameKey, postcodeKey, soundsLikeKey } from './name-keys';

export interface CachedPatient {
  summary: PatientSummary;
  telecom: PatientRecord['telecom'];
  versionId: string | null;
  detail: 'summary' | 'full';
  fetchedAt: string;
}

type Row = {
  nhs_number: string;
  family: string | null;
  given_json: string;
  prefix_json: string;
  birth_date: string | null;
  gender: PatientSummary['gender'];
  deceased_date: string | null;
  restricted: 0 | 1;
  address_json: string | null;
  gp_ods: string | null;
  telecom_json: string | null;
  version_id: string | null;
  detail: 'summary' | 'full';
  fetched_at: string;
};

const COLUMNS = `nhs_number, family, given_json, prefix_json, birth_date, gender, deceased_date, restricted,
  address_json, gp_ods, telecom_json, version_id, detail, fetched_at`;

function fromRow(r: Row): CachedPatient {
  return {
    summary: {
      nhsNumber: r.nhs_number,
      family: r.family,
      given: JSON.parse(r.given_json) as string[],
      prefix: JSON.parse(r.prefix_json) as string[],
      birthDate: r.birth_date,
      gender: r.gender,
      deceasedDate: r.deceased_date,
      restricted: r.restricted === 1,
      address: r.address_json ? (JSON.parse(r.address_json) as PatientSummary['address']) : null,
      gpOdsCode: r.gp_ods,
      score: null,
    },
    telecom: r.telecom_json ? (JSON.parse(r.telecom_json) as PatientRecord['telecom']) : [],
    versionId: r.version_id,
    detail: r.detail,
    fetchedAt: r.fetched_at,
  };
}

export interface DemographicQuery {
  familyPrefix: string;
  givenPrefix?: string;
  birthDate: string;
  limit: number;
}

/** The local copy of patients (cache.db). The only place patient SQL lives. */
export class PatientsRepo {
  private readonly upsertStmt;
  private readonly byNhs;
  private readonly supersede;
  private readonly currentFor;
  private readonly seenStmt: Statement;

  private readonly statements = new Map<string, Statement>();

  /** Prepare once, reuse: search runs on every keystroke-triggered query. */
  private prepared(sql: string): Statement {
    let st = this.statements.get(sql);
    if (!st) this.statements.set(sql, (st = this.db.prepare(sql)));
    return st;
  }

  constructor(private readonly db: Db) {
    this.upsertStmt = db.prepare(`
      INSERT INTO patients (nhs_number, family, family_norm, family_soundex, given_json, given_norm, prefix_json, birth_date,
        gender, deceased_date, restricted, address_json, postcode, postcode_norm, telecom_json, gp_ods, version_id, detail, fetched_at, last_seen_at)
      VALUES (@nhs_number, @family, @family_norm, @family_soundex, @given_json, @given_norm, @prefix_json, @birth_date,
        @gender, @deceased_date, @restricted, @address_json, @postcode, @postcode_norm, @telecom_json, @gp_ods, @version_id, @detail, @fetched_at, @fetched_at)
      ON CONFLICT (nhs_number) DO UPDATE SET
        family = excluded.family, family_norm = excluded.family_norm, family_soundex = excluded.family_soundex,
        given_json = excluded.given_json, given_norm = excluded.given_norm, prefix_json = excluded.prefix_json,
        birth_date = excluded.birth_date, gender = excluded.gender, deceased_date = excluded.deceased_date,
        restricted = excluded.restricted, address_json = excluded.address_json, postcode = excluded.postcode,
        postcode_norm = excluded.postcode_norm, gp_ods = excluded.gp_ods, version_id = excluded.version_id,
        fetched_at = excluded.fetched_at,
        -- fetched again (opened, found by a search, refreshed): seen now, for the local copy's expiry
        last_seen_at = excluded.last_seen_at,
        -- a search result carries no phone numbers: keep those from a full read unless the record became restricted
        telecom_json = CASE WHEN excluded.restricted = 1 THEN NULL
                            WHEN excluded.detail = 'full' THEN excluded.telecom_json ELSE patients.telecom_json END,
        detail = CASE WHEN excluded.detail = 'full' OR excluded.restricted = 1 THEN excluded.detail ELSE patients.detail END`);
    this.byNhs = db.prepare(`SELECT ${COLUMNS} FROM patients WHERE nhs_number = ?`);
    this.supersede = db.prepare(
      `INSERT INTO superseded_numbers (old_nhs_number, nhs_number) VALUES (?, ?)
       ON CONFLICT (old_nhs_number) DO UPDATE SET nhs_number = excluded.nhs_number`,
    );
    this.currentFor = db.prepare('SELECT nhs_number FROM superseded_numbers WHERE old_nhs_number = ?');
    this.seenStmt = db.prepare('UPDATE patients SET last_seen_at = ? WHERE nhs_number = ?');
  }

  /** Records shown from the local copy (opened or found while the national service was away): seen at `at`, for expiry. */
  markSeen(nhsNumbers: readonly string[], at: string): void {
    if (nhsNumbers.length === 0) return;
    this.db.transaction(() => {
      for (const nhs of nhsNumbers) this.seenStmt.run(at, nhs);
    })();
  }

  /** Store what the national service returned. Restricted records are stored without any location, whatever is passed. */
  upsert(patients: readonly CachedPatient[]): void {
    const tx = this.db.transaction((list: readonly CachedPatient[]) => {
      for (const p of list) {
        const s = p.summary;
        const r = s.restricted;
        this.upsertStmt.run({
          nhs_number: s.nhsNumber,
          family: s.family,
          family_norm: s.family ? nameKey(s.family) : null,
          family_soundex: s.family ? soundsLikeKey(s.family) : null,
          given_json: JSON.stringify(s.given),
          given_norm: s.given[0] ? nameKey(s.given[0]) : null,
          prefix_json: JSON.stringify(s.prefix),
          birth_date: s.birthDate,
          gender: s.gender,
          deceased_date: s.deceasedDate,
          restricted: r ? 1 : 0,
          address_json: !r && s.address ? JSON.stringify(s.address) : null,
          postcode: !r && s.address?.postcode ? s.address.postcode : null,
          postcode_norm: !r && s.address?.postcode ? postcodeKey(s.address.postcode) : null,
          telecom_json: !r && p.detail === 'full' ? JSON.stringify(p.telecom) : null,
          gp_ods: r ? null : s.gpOdsCode,
          version_id: p.versionId,
          detail: p.detail,
          fetched_at: p.fetchedAt,
        });
      }
    });
    tx(patients);
  }

  recordSuperseded(oldNhsNumber: string, currentNhsNumber: string): void {
    this.supersede.run(oldNhsNumber, currentNhsNumber);
  }

  /** The cached record for a number, following a superseded number to its current record. */
  get(nhsNumber: string): { patient: CachedPatient; supersededFrom: string | null } | null {
    const row = this.byNhs.get(nhsNumber) as Row | undefined;
    if (row) return { patient: fromRow(row), supersededFrom: null };
    const current = this.currentFor.get(nhsNumber) as { nhs_number: string } | undefined;
    const moved = current ? (this.byNhs.get(current.nhs_number) as Row | undefined) : undefined;
    return moved ? { patient: fromRow(moved), supersededFrom: nhsNumber } : null;
  }

  /**
   * Surname prefix + exact date of birth through the (birth_date, family_norm, given_norm) index: the day first, then
   * the prefix within it, so one or two letters cost no more than a whole surname (the patients born that day).
   */
  findByDemographics(q: DemographicQuery): CachedPatient[] {
    const lo = nameKey(q.familyPrefix);
    const hi = lo + '\uffff';
    const given = q.givenPrefix ? nameKey(q.givenPrefix) : null;
    const rows = this.prepared(
        `SELECT ${COLUMNS} FROM patients
         WHERE family_norm >= @lo AND family_norm < @hi AND birth_date = @dob
           AND (@given IS NULL OR given_norm >= @given AND given_norm < @given || '\uffff')
         ORDER BY family_norm = @lo DESC, family_norm, given_norm LIMIT @limit`,
      )
      .all({ lo, hi, dob: q.birthDate, given, limit: q.limit }) as Row[];
    return rows.map(fromRow);
  }

  /** Sounds-like surname + date of birth (local stand-in for PDS fuzzy search). */
  findBySoundsLike(q: { family: string; givenPrefix?: string; birthDate: string; limit: number }): CachedPatient[] {
    const given = q.givenPrefix ? soundsLikeKey(q.givenPrefix) : null;
    const rows = this.prepared(
        `SELECT ${COLUMNS} FROM patients WHERE family_soundex = @sx AND birth_date = @dob ORDER BY family_norm, given_norm LIMIT @limit`,
      )
      .all({ sx: soundsLikeKey(q.family), dob: q.birthDate, limit: q.limit * 4 }) as Row[];
    const list = rows.map(fromRow);
    const filtered = given ? list.filter((p) => p.summary.given[0] && soundsLikeKey(p.summary.given[0]) === given) : list;
    return filtered.slice(0, q.limit);
  }

  /** Full or partial postcode ("LS1 6AE", "LS1") through the FTS5 index. */
  findByPostcode(postcode: string, limit: number): CachedPatient[] {
    const tokens = postcode.trim().split(/\s+/).map((t) => `"${t.replace(/"/g, '')}"`);
    const match = `postcode : ${tokens.join(' + ')}${tokens.length === 1 ? '*' : ''}`;
    const rows = this.prepared(
        `SELECT ${COLUMNS.split(',').map((c) => 'p.' + c.trim()).join(', ')}
         FROM patients_fts f JOIN patients p ON p.rowid = f.rowid
         WHERE patients_fts MATCH @match ORDER BY p.family_norm, p.given_norm LIMIT @limit`,
      )
      .all({ match, limit }) as Row[];
    return rows.map(fromRow);
  }

  /**
   * The baseline the benchmark compares against: what a naive implementation would do, a LIKE over every row
   * (NOT INDEXED: otherwise SQLite would seek the date of birth in patients_dob_family and it would be no baseline).
   */
  scanByDemographics(q: DemographicQuery): CachedPatient[] {
    const rows = this.prepared(`SELECT ${COLUMNS} FROM patients NOT INDEXED WHERE lower(family) LIKE @p AND birth_date = @dob LIMIT @limit`)
      .all({ p: q.familyPrefix.toLowerCase() + '%', dob: q.birthDate, limit: q.limit }) as Row[];
    return rows.map(fromRow);
  }

  scanByNhsNumber(nhsNumber: string): CachedPatient | null {
    // all(), not get(): a LIKE search has to read every row to know it found every match.
    const rows = this.prepared(`SELECT ${COLUMNS} FROM patients WHERE lower(nhs_number) LIKE ?`).all(nhsNumber) as Row[];
    return rows[0] ? fromRow(rows[0]) : null;
  }

  count(): number {
    return (this.prepared('SELECT count(*) AS n FROM patients').get() as { n: number }).n;
  }

  /** No record at all (one row read, where count() walks an index: tens of milliseconds at a million). */
  isEmpty(): boolean {
    return this.prepared('SELECT 1 FROM patients LIMIT 1').get() === undefined;
  }
}
