import type { Statement } from 'better-sqlite3-multiple-ciphers';
import type { RxChannel, RxPrescriber } from '../../../../shared/contract/prescriptions';
import type { RxState } from '../../../../shared/domain/prescriptions/request-state';
import type { Db } from '../connection';

export interface RxRequestRow {
  /** The national Task id, or 'pending-…' for one made at this desk and not yet sent. */
  id: string;
  nhsNumber: string;
  patientName: string;
  channel: RxChannel;
  state: RxState;
  receivedAt: string;
  templateIds: string[];
  /** A clinician id or 'duty'. */
  routedTo: string | null;
  routedName: string | null;
  rejectReason: string | null;
  decidedBy: string | null;
  /** National meta.versionId (for If-Match); null until the service has it. */
  version: string | null;
  updatedAt: string;
}

export interface RxTemplateRow {
  id: string;
  nhsNumber: string;
  medication: string;
  dosage: string;
  quantity: string | null;
  authorisedIssues: number;
  issuesSoFar: number;
  reviewDate: string | null;
  pharmacyOds: string | null;
  pharmacyName: string | null;
  fetchedAt: string;
}

const REQ_COLS = `id, nhs_number AS nhsNumber, patient_name AS patientName, channel, state, received_at AS receivedAt,
  template_ids AS templateIds, routed_to AS routedTo, routed_name AS routedName, reject_reason AS rejectReason,
  decided_by AS decidedBy, version, updated_at AS updatedAt`;
const TPL_COLS = `id, nhs_number AS nhsNumber, medication, dosage, quantity, authorised_issues AS authorisedIssues,
  issues_so_far AS issuesSoFar, review_date AS reviewDate, pharmacy_ods AS pharmacyOds, pharmacy_name AS pharmacyName, fetched_at AS fetchedAt`;

type RawRequest = Omit<RxRequestRow, 'templateIds'> & { templateIds: string };
const requestOf = (r: RawRequest): RxRequestRow => ({ ...r, templateIds: JSON.parse(r.templateIds) as string[] });

/** A row's stored values as one string (null told apart from the text 'null'): equal keys, equal rows. */
const storedKey = (r: object): string => Object.values(r).map((v) => (v === null ? '\u0000' : String(v))).join('\u001f');
/** A template as the queue shows it: when it was last fetched is not compared (every refresh stamps it anew). */
const templateKey = ({ fetchedAt: _, ...t }: RxTemplateRow): string => storedKey(t);

/**
 * Rows read afresh, each frozen, reusing the object handed out last time for a row whose stored values did not change:
 * after a write only the rows it changed are new objects, so what callers memoise per row (views, the changes journal)
 * holds for the rest.
 */
function reuseUnchanged<R extends { id: string }, T extends object>(
  raw: readonly R[],
  kept: ReadonlyMap<string, { key: string; row: T }>,
  make: (r: R) => T,
  keyOf: (r: R) => string = storedKey,
): { rows: T[]; kept: Map<string, { key: string; row: T }>; unchanged: boolean } {
  const next = new Map<string, { key: string; row: T }>();
  let unchanged = raw.length === kept.size;
  const rows = raw.map((r) => {
    const key = keyOf(r);
    const before = kept.get(r.id);
    const row = before?.key === key ? before.row : Object.freeze(make(r));
    if (row !== before?.row) unchanged = false;
    next.set(r.id, { key, row });
    return row;
  });
  return { rows, kept: next, unchanged };
}

/** The prescription queue's local copy (cache.db). The only place its SQL lives. */
export class PrescriptionsRepo {
  private readonly statements = new Map<string, Statement>();
  /** Every template by id, read once and kept until a template is written (the queue looks items up on every read). */
  private templateMap: ReadonlyMap<string, RxTemplateRow> | null = null;
  /** Every request, oldest first, read once and kept until a request is written (the queue reads them all on each refetch). */
  private requestList: readonly RxRequestRow[] | null = null;
  /** The request and template rows last handed out, by id, with their stored values (see reuseUnchanged). */
  private keptRequests = new Map<string, { key: string; row: RxRequestRow }>();
  private keptTemplates = new Map<string, { key: string; row: RxTemplateRow }>();
  /** The last template map built: handed out again when a re-read finds every template as it was. */
  private lastTemplateMap: ReadonlyMap<string, RxTemplateRow> = new Map();
  constructor(private readonly db: Db) {}

  private q(sql: string): Statement {
    let st = this.statements.get(sql);
    if (!st) this.statements.set(sql, (st = this.db.prepare(sql)));
    return st;
  }

  /**
   * A full refresh: the prescribers, templates and every request the national service returned. National
   * requests it no longer returns are dropped; ones made here and not yet sent ('pending-…') stay.
   */
  replaceAll(data: { prescribers: RxPrescriber[]; requests: RxRequestRow[]; templates: RxTemplateRow[] }): void {
    this.db.transaction(() => {
      this.q('DELETE FROM rx_prescribers').run();
      for (const p of data.prescribers) this.q('INSERT INTO rx_prescribers (id, name) VALUES (?, ?)').run(p.id, p.name);
      this.putTemplates(data.templates);
      this.requestList = null;
      this.q(`DELETE FROM rx_requests WHERE id NOT LIKE 'pending-%'`).run();
      for (const r of data.requests) this.putRequest(r);
    })();
  }

  /** Requests changed nationally (the changes feed), with the templates they ask for. */
  merge(requests: RxRequestRow[], templates: RxTemplateRow[]): void {
    this.db.transaction(() => {
      this.putTemplates(templates);
      for (const r of requests) this.putRequest(r);
    })();
  }

  putRequest(r: RxRequestRow): void {
    this.requestList = null;
    this.q(
      `INSERT INTO rx_requests (id, nhs_number, patient_name, channel, state, received_at, template_ids, routed_to, routed_name,
         reject_reason, decided_by, version, updated_at)
       VALUES (@id, @nhsNumber, @patientName, @channel, @state, @receivedAt, @templateIds, @routedTo, @routedName,
         @rejectReason, @decidedBy, @version, @updatedAt)
       ON CONFLICT (id) DO UPDATE SET nhs_number = excluded.nhs_number, patient_name = excluded.patient_name, channel = excluded.channel,
         state = excluded.state, received_at = excluded.received_at, template_ids = excluded.template_ids, routed_to = excluded.routed_to,
         routed_name = excluded.routed_name, reject_reason = excluded.reject_reason, decided_by = excluded.decided_by,
         version = excluded.version, updated_at = excluded.updated_at`,
    ).run({ ...r, templateIds: JSON.stringify(r.templateIds) });
  }

  request(id: string): RxRequestRow | null {
    const r = this.q(`SELECT ${REQ_COLS} FROM rx_requests WHERE id = ?`).get(id) as RawRequest | undefined;
    return r ? requestOf(r) : null;
  }

  deleteRequest(id: string): void {
    this.requestList = null;
    this.q('DELETE FROM rx_requests WHERE id = ?').run(id);
  }

  /** A request made here has reached the national service: from now on it is known by the service's id. */
  relink(localId: string, nationalId: string, version: string | null): void {
    this.db.transaction(() => {
      const local = this.request(localId);
      if (!local) return;
      this.deleteRequest(localId);
      const national = this.request(nationalId);
      // The changes feed may already have brought it in; the desk's copy stays, as it may hold later local changes.
      this.putRequest({ ...local, id: nationalId, version: national?.version ?? version });
    })();
  }

  /**
   * Requests in any of `states` (all when omitted), routed to `routedTo` when given, oldest first. Answered from the
   * kept list (one read after each write, not one per refetch); the rows are frozen and shared, so callers may
   * memoise per row and must not change them.
   */
  requests(f: { states?: readonly RxState[]; routedTo?: string; nhsNumber?: string } = {}): RxRequestRow[] {
    if (!this.requestList) {
      const read = reuseUnchanged(this.q(`SELECT ${REQ_COLS} FROM rx_requests ORDER BY received_at, id`).all() as RawRequest[], this.keptRequests, requestOf);
      this.keptRequests = read.kept;
      this.requestList = read.rows;
    }
    const states = f.states ? new Set(f.states) : null;
    return this.requestList.filter(
      (r) => (!states || states.has(r.state)) && (f.routedTo === undefined || r.routedTo === f.routedTo) && (f.nhsNumber === undefined || r.nhsNumber === f.nhsNumber),
    );
  }

  putTemplates(rows: readonly RxTemplateRow[]): void {
    this.templateMap = null;
    for (const t of rows) {
      this.q(
        `INSERT INTO rx_templates (id, nhs_number, medication, dosage, quantity, authorised_issues, issues_so_far, review_date,
           pharmacy_ods, pharmacy_name, fetched_at)
         VALUES (@id, @nhsNumber, @medication, @dosage, @quantity, @authorisedIssues, @issuesSoFar, @reviewDate, @pharmacyOds,
           @pharmacyName, @fetchedAt)
         ON CONFLICT (id) DO UPDATE SET nhs_number = excluded.nhs_number, medication = excluded.medication, dosage = excluded.dosage,
           quantity = excluded.quantity, authorised_issues = excluded.authorised_issues, issues_so_far = excluded.issues_so_far,
           review_date = excluded.review_date, pharmacy_ods = excluded.pharmacy_ods, pharmacy_name = excluded.pharmacy_name,
           fetched_at = excluded.fetched_at`,
      ).run(t);
    }
  }

  /** A patient's templates as the national service last listed them (replacing what the desk held). */
  replacePatientTemplates(nhsNumber: string, rows: readonly RxTemplateRow[]): void {
    this.templateMap = null;
    this.db.transaction(() => {
      this.q('DELETE FROM rx_templates WHERE nhs_number = ?').run(nhsNumber);
      this.putTemplates(rows);
    })();
  }

  templatesOf(nhsNumber: string): RxTemplateRow[] {
    return this.q(`SELECT ${TPL_COLS} FROM rx_templates WHERE nhs_number = ? ORDER BY medication`).all(nhsNumber) as RxTemplateRow[];
  }

  /**
   * Every template the desk holds, by id (the queue looks items up here). The same map and rows until a template is
   * changed (writing one as it was changes nothing), so callers may memoise per row and per map; they must not change them.
   */
  templatesById(): ReadonlyMap<string, RxTemplateRow> {
    if (!this.templateMap) {
      const read = reuseUnchanged(this.q(`SELECT ${TPL_COLS} FROM rx_templates`).all() as RxTemplateRow[], this.keptTemplates, (t) => t, templateKey);
      this.keptTemplates = read.kept;
      this.lastTemplateMap = read.unchanged ? this.lastTemplateMap : new Map(read.rows.map((t) => [t.id, t] as const));
      this.templateMap = this.lastTemplateMap;
    }
    return this.templateMap;
  }

  template(id: string): RxTemplateRow | null {
    return (this.q(`SELECT ${TPL_COLS} FROM rx_templates WHERE id = ?`).get(id) as RxTemplateRow | undefined) ?? null;
  }

  /** Rows were removed by the local copy's expiry (LocalCopyRepo, issue 9): read requests and templates afresh. */
  forgetKept(): void {
    this.requestList = null;
    this.templateMap = null;
  }

  prescribers(): RxPrescriber[] {
    return this.q('SELECT id, name FROM rx_prescribers ORDER BY name').all() as RxPrescriber[];
  }
}
