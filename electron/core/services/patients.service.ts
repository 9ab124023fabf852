import type { PatientRecord, PatientSummary, SearchOutcome } from '../../../shared/contract/patients';
import { formatNhsNumber } from '../../../shared/domain/nhs-number';
import { parseSearchText, type SearchQuery } from '../../../shared/domain/search-query';
import { AppFailure } from '../../../shared/result';
import { signedIn, type CallContext } from '../call-context';
import type { CachedPatient, PatientsRepo } from '../db/repos/patients.repo';
import { mapFhirPatient } from '../national/fhir-patient.mapper';
import { NationalBusyError, NationalHttpError, NationalProtocolError, NationalUnreachableError } from '../national/national.errors';
import type { PdsCaller, PdsClient } from '../national/pds.client';
import type { AuditService } from './audit.service';

const LOCAL_LIMIT = 50;

export interface PatientsServiceDeps {
  pds: PdsClient;
  repo: PatientsRepo;
  audit: AuditService;
  /** ODS code → practice name, for the banner. */
  organisationName: (odsCode: string) => string | null;
  /** The practice the desk belongs to (NHSD-End-User-Organisation-ODS). */
  odsCode: () => string;
  now?: () => Date;
}

/**
 * Patient lookup: the national service first, the local copy when it cannot answer. Every national
 * answer refreshes the local copy; every record opened is audited before it is returned.
 */
export class PatientsService {
  private readonly now: () => Date;

  constructor(private readonly d: PatientsServiceDeps) {
    this.now = d.now ?? (() => new Date());
  }

  private caller(ctx: CallContext): PdsCaller {
    return { roleProfileId: signedIn(ctx).roleProfileId, odsCode: this.d.odsCode() };
  }

  async search(text: string, fuzzy: boolean, ctx: CallContext): Promise<SearchOutcome> {
    const parsed = parseSearchText(text, this.now());
    if (!parsed.ok) throw new AppFailure('INVALID_SEARCH', parsed.message);
    const q = parsed.query;
    if (fuzzy && q.kind === 'demographics' && q.given.length === 0) {
      throw new AppFailure('INVALID_SEARCH', 'A sounds-like search needs a first name as well as the surname and date of birth.');
    }
    if (fuzzy && q.kind === 'demographics' && [q.family, ...q.given].some((n) => n.includes('*'))) {
      throw new AppFailure('INVALID_SEARCH', 'A sounds-like search cannot use * wildcards.');
    }
    let outcome: SearchOutcome;
    if (q.kind === 'postcode') {
      outcome = this.local(this.d.repo.findByPostcode(q.postcode, LOCAL_LIMIT).map((p) => p.summary), {
        notice: 'Postcode searches use the local copy: the national service needs a surname and date of birth.',
      });
    } else {
      try {
        outcome = await this.national(q, fuzzy, ctx);
      } catch (e) {
        if (!(e instanceof NationalUnreachableError)) throw toFailure(e, q);
        outcome = this.local(this.localSearch(q, fuzzy), {
          notice: `The national service is not answering (${e.reason}).`,
        });
      }
    }
    this.d.audit.record(ctx, 'patient.search', null, 'ok', `kind=${q.kind} fuzzy=${fuzzy} source=${outcome.source} results=${outcome.results.length}`);
    return outcome;
  }

  private async national(q: Exclude<SearchQuery, { kind: 'postcode' }>, fuzzy: boolean, ctx: CallContext): Promise<SearchOutcome> {
    const fetchedAt = this.now().toISOString();
    if (q.kind === 'nhs-number') {
      const { patient } = await this.d.pds.read(q.nhsNumber, this.caller(ctx));
      const m = mapFhirPatient(patient);
      this.d.repo.upsert([{ ...m, detail: 'full', fetchedAt }]);
      const superseded = patient.id !== q.nhsNumber;
      if (superseded) this.d.repo.recordSuperseded(q.nhsNumber, patient.id);
      return { source: 'national', updatedAt: fetchedAt, notice: superseded ? supersededNotice(q.nhsNumber, patient.id) : null, results: [m.summary] };
    }
    const res = await this.d.pds.search(
      {
        family: q.family,
        given: q.given,
        birthdate: [`eq${q.birthDate}`],
        ...(q.postcode ? { postalcode: q.postcode } : {}),
        ...(fuzzy ? { fuzzy: true } : {}),
      },
      this.caller(ctx),
    );
    if (res.kind === 'too-many-matches') {
      throw new AppFailure('TOO_MANY_MATCHES', 'Too many patients match: add a first name or postcode to narrow the search.');
    }
    const mapped = res.entries.map((e) => mapFhirPatient(e.patient, e.score));
    this.d.repo.upsert(mapped.map((m) => ({ ...m, detail: 'summary' as const, fetchedAt })));
    return { source: 'national', updatedAt: fetchedAt, notice: null, results: mapped.map((m) => m.summary) };
  }

  private localSearch(q: Exclude<SearchQuery, { kind: 'postcode' }>, fuzzy: boolean): PatientSummary[] {
    if (q.kind === 'nhs-number') {
      const hit = this.d.repo.get(q.nhsNumber);
      return hit ? [hit.patient.summary] : [];
    }
    const family = q.family.replace(/\*/g, '');
    const givenPrefix = q.given[0]?.replace(/\*/g, '');
    const found = fuzzy
      ? this.d.repo.findBySoundsLike({ family, givenPrefix: givenPrefix ?? '', birthDate: q.birthDate, limit: LOCAL_LIMIT })
      : this.d.repo.findByDemographics({ familyPrefix: family, ...(givenPrefix ? { givenPrefix } : {}), birthDate: q.birthDate, limit: LOCAL_LIMIT });
    const wanted = q.postcode?.replace(/\s/g, '');
    return found
      .map((p) => p.summary)
      .filter((s) => !wanted || s.address?.postcode?.replace(/\s/g, '') === wanted);
  }

  private local(results: PatientSummary[], opts: { notice: string }): SearchOutcome {
    this.d.repo.markSeen(results.map((r) => r.nhsNumber), this.now().toISOString()); // shown: not expired (issue 9)
    return { source: 'local', updatedAt: newestFetch(results.map((r) => this.d.repo.get(r.nhsNumber)?.patient)), notice: opts.notice, results };
  }

  /** Open one record: always audited (who, role, when, which patient, from where) before it is returned. */
  async open(nhsNumber: string, ctx: CallContext): Promise<PatientRecord> {
    let record: PatientRecord;
    try {
      const { patient } = await this.d.pds.read(nhsNumber, this.caller(ctx));
      const fetchedAt = this.now().toISOString();
      const m = mapFhirPatient(patient);
      this.d.repo.upsert([{ ...m, detail: 'full', fetchedAt }]);
      const superseded = patient.id !== nhsNumber ? nhsNumber : null;
      if (superseded) this.d.repo.recordSuperseded(nhsNumber, patient.id);
      record = this.toRecord({ ...m, detail: 'full', fetchedAt }, 'national', superseded);
    } catch (e) {
      if (!(e instanceof NationalUnreachableError)) {
        const failure = toFailure(e, { kind: 'nhs-number', nhsNumber });
        this.d.audit.record(ctx, 'patient.view', nhsNumber, 'failed', failure.code);
        throw failure;
      }
      const hit = this.d.repo.get(nhsNumber);
      if (!hit) {
        this.d.audit.record(ctx, 'patient.view', nhsNumber, 'failed', 'unreachable-not-cached');
        throw new AppFailure(
          'SERVICE_UNREACHABLE',
          `The national service is not answering and ${formatNhsNumber(nhsNumber)} is not in the local copy.`,
        );
      }
      record = this.toRecord(hit.patient, 'local', hit.supersededFrom);
      this.d.repo.markSeen([record.nhsNumber], this.now().toISOString()); // viewed: not expired (issue 9)
    }
    this.d.audit.record(ctx, 'patient.view', record.nhsNumber, 'ok', `source=${record.source}`);
    return record;
  }

  private toRecord(p: CachedPatient, source: 'national' | 'local', supersededFrom: string | null): PatientRecord {
    const s = p.summary;
    return {
      ...s,
      score: null,
      telecom: s.restricted ? [] : p.telecom,
      gpName: s.gpOdsCode ? this.d.organisationName(s.gpOdsCode) : null,
      versionId: p.versionId,
      supersededNhsNumber: supersededFrom,
      source,
      fetchedAt: p.fetchedAt,
    };
  }
}

export const supersededNotice = (old: string, current: string): string =>
  `NHS number ${formatNhsNumber(old)} has been replaced by ${formatNhsNumber(current)}; showing the current record.`;

function newestFetch(list: (CachedPatient | undefined)[]): string | null {
  const times = list.flatMap((p) => (p ? [p.fetchedAt] : [])).sort();
  return times.at(-1) ?? null;
}

/** National errors → the plain messages a receptionist sees (no codes, no jargon). */
function toFailure(e: unknown, q: SearchQuery): AppFailure {
  if (e instanceof AppFailure) return e;
  if (e instanceof NationalBusyError) {
    return new AppFailure('SERVICE_BUSY', `The national service is busy. Try again in ${e.retryAfterSeconds} seconds.`, e.retryAfterSeconds);
  }
  if (e instanceof NationalHttpError) {
    switch (e.spineCode) {
      case 'RESOURCE_NOT_FOUND':
        return new AppFailure('NOT_FOUND', q.kind === 'nhs-number' ? `No patient has NHS number ${formatNhsNumber(q.nhsNumber)}.` : 'No patient found.');
      case 'INVALIDATED_RESOURCE':
        return new AppFailure('NOT_FOUND', 'This record has been withdrawn nationally and cannot be shown.');
      case 'INVALID_RESOURCE_ID':
        return new AppFailure('INVALID_SEARCH', 'That is not a valid NHS number.');
      case 'ACCESS_DENIED':
        return new AppFailure('NATIONAL_ERROR', 'The national service refused access: your smartcard session may have ended.');
      case 'INVALID_SEARCH_DATA':
      case 'MISSING_VALUE':
      case 'INVALID_VALUE':
      case 'ADDITIONAL_PROPERTIES':
      case 'UNSUPPORTED_SERVICE':
        return new AppFailure('INVALID_SEARCH', 'The national service could not use that search. Check the surname and date of birth.');
      default:
        return new AppFailure('NATIONAL_ERROR', `The national service could not answer (error ${e.status}).`);
    }
  }
  if (e instanceof NationalProtocolError) return new AppFailure('NATIONAL_ERROR', 'The national service sent a reply the desk could not read.');
  return new AppFailure('INTERNAL', 'Something went wrong while searching.');
}
