import { z } from 'zod';
import { londonDay } from '../../../shared/domain/appointments/london-time';
import type { AppointmentRow, SlotRow } from '../db/repos/book.repo';
import { SlotTakenError, type NationalBook } from '../services/appointments.service';
import type { FhirTransport } from './http.transport';
import { NationalHttpError, NationalProtocolError } from './national.errors';

/**
 * GP Connect Appointment Management (FHIR R4 shapes) for the practice's own book. Reads the whole book with
 * the sandbox's `_all-states` extension (a practice's own system sees every slot); books and cancels with
 * GP Connect's rules (409 DUPLICATE_REJECTED when the slot was taken; If-Match on PUT).
 */
const SLOT_FLAGS = 'https://sandbox.gp-reception.invalid/StructureDefinition/Extension-Sandbox-SlotFlags';
const BOOKING_ORG = 'https://fhir.nhs.uk/STU3/StructureDefinition/Extension-GPConnect-BookingOrganisation-1';
const CANCEL_REASON = 'https://fhir.nhs.uk/STU3/StructureDefinition/Extension-GPConnect-AppointmentCancellationReason-1';
const NHS_NUMBER = 'https://fhir.nhs.uk/Id/nhs-number';
const ODS = 'https://fhir.nhs.uk/Id/ods-organization-code';

const Ext = z.looseObject({
  url: z.string(),
  valueCode: z.string().optional(),
  valueBoolean: z.boolean().optional(),
  valueDateTime: z.string().optional(),
  valueString: z.string().optional(),
  valueReference: z.looseObject({ reference: z.string().optional() }).optional(),
  extension: z.array(z.looseObject({ url: z.string(), valueCode: z.string().optional(), valueBoolean: z.boolean().optional(), valueDateTime: z.string().optional() })).optional(),
});
const Ref = z.looseObject({ reference: z.string().optional(), identifier: z.looseObject({ system: z.string(), value: z.string() }).optional() });
const FhirSlot = z.looseObject({
  resourceType: z.literal('Slot'), id: z.string(), status: z.enum(['free', 'busy', 'busy-unavailable']), start: z.string(), end: z.string(),
  schedule: Ref, serviceType: z.array(z.looseObject({ text: z.string().optional() })).optional(), extension: z.array(Ext).optional(),
});
const FhirSchedule = z.looseObject({ resourceType: z.literal('Schedule'), id: z.string(), actor: z.array(Ref) });
const FhirPractitioner = z.looseObject({
  resourceType: z.literal('Practitioner'), id: z.string(),
  name: z.array(z.looseObject({ family: z.string().optional(), given: z.array(z.string()).optional(), prefix: z.array(z.string()).optional() })).optional(),
});
const FhirLocation = z.looseObject({ resourceType: z.literal('Location'), id: z.string(), name: z.string() });
const FhirAppointment = z.looseObject({
  resourceType: z.literal('Appointment'), id: z.string(), status: z.string(), start: z.string(), end: z.string(),
  description: z.string().optional(), slot: z.array(Ref), participant: z.array(z.looseObject({ actor: Ref })), extension: z.array(Ext).optional(),
  meta: z.looseObject({ versionId: z.string().optional() }).optional(),
  contained: z.array(z.looseObject({ resourceType: z.string(), id: z.string().optional(), identifier: z.array(z.looseObject({ system: z.string().optional(), value: z.string() })).optional() })).optional(),
});
const Bundle = z.looseObject({ resourceType: z.literal('Bundle'), meta: z.looseObject({ lastUpdated: z.string().optional() }).optional(), entry: z.array(z.looseObject({ resource: z.looseObject({ resourceType: z.string() }) })).optional() });

const BACKGROUND_BUDGET_MS = 60_000;
/** The whole book in one reply: 40 clinicians × 28 days is about 45 MB, so allow some growth beyond the default 20 MB cap. */
export const BOOK_MAX_REPLY_BYTES = 128 * 1024 * 1024;
/** Patients booking for themselves arrive with the NHS App (NHS England, X26) as the booking organisation. */
const ONLINE_BOOKER_ODS = 'X26';

/** The ODS code of the organisation that made a booking (GP Connect's BookingOrganisation, a contained Organization). */
function bookingOrganisationOds(a: z.infer<typeof FhirAppointment>): string | null {
  const id = a.extension?.find((e) => e.url === BOOKING_ORG)?.valueReference?.reference?.replace(/^#/, '');
  const org = a.contained?.find((c) => c.resourceType === 'Organization' && (!id || c.id === id));
  return org?.identifier?.find((i) => i.system === ODS)?.value.toUpperCase() ?? null;
}

const idOf = (ref: string | undefined, type: string) => (ref?.startsWith(`${type}/`) ? ref.slice(type.length + 1) : null);
const iso = (fhirLocal: string) => new Date(fhirLocal).toISOString();

/** Role shown under a clinician's name, from the sandbox's job-role codes. */
const ROLE_BY_SLOT_TYPE: Record<string, string> = { 'nurse-15': 'Nurse', 'hca-bloods': 'Healthcare assistant' };

export interface AppointmentsClientDeps {
  transport: FhirTransport;
  /** "SMITH, Jane" for an NHS number, from the local copy of patients. */
  patientName: (nhsNumber: string) => string;
  practice: () => { odsCode: string; name: string };
}

export class AppointmentsClient implements NationalBook {
  constructor(private readonly d: AppointmentsClientDeps) {}

  /** Reads run in the background (refresh, changes feed), so they may take longer than an interactive call. */
  private async get(path: string): Promise<unknown> {
    return (await this.d.transport.send({ method: 'GET', path, headers: { Accept: 'application/fhir+json' }, budgetMs: BACKGROUND_BUDGET_MS, maxReplyBytes: BOOK_MAX_REPLY_BYTES })).body;
  }

  async fetchRange(fromDay: string, toDay: string): ReturnType<NationalBook['fetchRange']> {
    const q = new URLSearchParams([
      ['start', `ge${fromDay}`], ['end', `le${toDay}`], ['_include', 'Slot:schedule'], ['_all-states', 'true'],
      ['_include:recurse', 'Schedule:actor:Practitioner'], ['_include:recurse', 'Schedule:actor:Location'], ['_revinclude', 'Appointment:slot'],
    ]);
    const bundle = Bundle.safeParse(await this.get(`/Slot?${q.toString()}`));
    if (!bundle.success) throw new NationalProtocolError('the appointment book was not a Bundle');
    const resources = (bundle.data.entry ?? []).map((e) => e.resource);
    const pick = <T>(schema: z.ZodType<T>, type: string): T[] => resources.filter((r) => r.resourceType === type).flatMap((r) => {
      const p = schema.safeParse(r);
      return p.success ? [p.data] : [];
    });
    const schedules = new Map(pick(FhirSchedule, 'Schedule').map((s) => [s.id, s]));
    const slotTypes = new Map<string, { id: string; name: string; lengthMinutes: number; urgent: boolean; autoDna: boolean }>();
    const clinicianRole = new Map<string, string>();
    const slots: SlotRow[] = pick(FhirSlot, 'Slot').flatMap((s) => {
      const schedule = schedules.get(idOf(s.schedule.reference, 'Schedule') ?? '');
      const clinicianId = idOf(schedule?.actor.map((a) => a.reference).find((r) => r?.startsWith('Practitioner/')), 'Practitioner');
      const siteId = idOf(schedule?.actor.map((a) => a.reference).find((r) => r?.startsWith('Location/')), 'Location');
      if (!schedule || !clinicianId || !siteId) return [];
      const flags = s.extension?.find((e) => e.url === SLOT_FLAGS)?.extension ?? [];
      const flag = (url: string) => flags.find((f) => f.url === url);
      const typeId = flag('slotType')?.valueCode ?? 'unknown';
      const start = iso(s.start);
      const end = iso(s.end);
      if (!slotTypes.has(typeId)) {
        slotTypes.set(typeId, {
          id: typeId, name: s.serviceType?.[0]?.text ?? typeId, lengthMinutes: Math.round((Date.parse(end) - Date.parse(start)) / 60_000),
          urgent: flag('urgent')?.valueBoolean ?? false, autoDna: typeId !== 'telephone', // an unanswered phone call is not a DNA at the desk
        });
      }
      if (!clinicianRole.has(clinicianId) || ROLE_BY_SLOT_TYPE[typeId]) clinicianRole.set(clinicianId, ROLE_BY_SLOT_TYPE[typeId] ?? 'GP');
      const embargo = flag('embargoedUntil')?.valueDateTime;
      return [{
        id: s.id, scheduleId: schedule.id, day: londonDay(new Date(start)), clinicianId, siteId, slotTypeId: typeId, start, end,
        state: s.status === 'free' ? 'free' : s.status === 'busy' ? 'booked' : 'blocked',
        embargoUntil: embargo ? iso(embargo) : null,
        onlineBookable: flag('onlineBookable')?.valueBoolean ?? false,
        bookableBy: s.status === 'busy-unavailable' ? [] : ['reception', 'clinician', ...(flag('onlineBookable')?.valueBoolean ? (['online'] as const) : [])],
      }];
    });
    const slotById = new Map(slots.map((s) => [s.id, s]));
    const appointments: AppointmentRow[] = pick(FhirAppointment, 'Appointment').flatMap((a) => {
      const slot = slotById.get(idOf(a.slot[0]?.reference, 'Slot') ?? '');
      const nhs = a.participant.map((p) => p.actor.identifier).find((i) => i?.system === NHS_NUMBER)?.value;
      if (!slot || !nhs) return [];
      return [this.row(a, slot, nhs)];
    });
    return {
      sites: pick(FhirLocation, 'Location').map((l) => ({ id: l.id, name: l.name })),
      clinicians: pick(FhirPractitioner, 'Practitioner').map((p) => {
        const n = p.name?.[0];
        return { id: p.id, name: [n?.prefix?.[0], n?.given?.[0], n?.family].filter(Boolean).join(' '), role: clinicianRole.get(p.id) ?? 'GP', siteIds: [] };
      }),
      slotTypes: [...slotTypes.values()],
      slots,
      appointments,
    };
  }

  /** Appointments other desks (or patients online) created or changed after `cursor`, and the next cursor. */
  async changesSince(cursor: string, slotOf: (id: string) => SlotRow | null): ReturnType<NationalBook['changesSince']> {
    const bundle = Bundle.safeParse(await this.get(`/Appointment?_lastUpdated=gt${encodeURIComponent(cursor)}`));
    if (!bundle.success) throw new NationalProtocolError('the changes feed was not a Bundle');
    const appointments = (bundle.data.entry ?? []).flatMap((e) => {
      const a = FhirAppointment.safeParse(e.resource);
      if (!a.success) return [];
      const slot = slotOf(idOf(a.data.slot[0]?.reference, 'Slot') ?? '');
      const nhs = a.data.participant.map((p) => p.actor.identifier).find((i) => i?.system === NHS_NUMBER)?.value;
      return slot && nhs ? [this.row(a.data, slot, nhs)] : [];
    });
    return { appointments, cursor: bundle.data.meta?.lastUpdated ?? cursor };
  }

  private row(a: z.infer<typeof FhirAppointment>, slot: SlotRow, nhsNumber: string): AppointmentRow {
    return {
      id: a.id, slotId: slot.id, day: slot.day, nhsNumber, patientName: this.d.patientName(nhsNumber), clinicianId: slot.clinicianId,
      start: iso(a.start), end: iso(a.end), status: a.status === 'cancelled' ? 'cancelled-practice' : 'booked',
      reason: a.description && a.description !== 'Booked at reception' ? a.description : null, contactPreference: 'phone',
      arrivedAt: null, calledAt: null, finishedAt: null, overbookReason: null,
      bookedOnline: bookingOrganisationOds(a) === ONLINE_BOOKER_ODS, etag: a.meta?.versionId ? `W/"${a.meta.versionId}"` : null,
    };
  }

  async book(input: Parameters<NationalBook['book']>[0]): ReturnType<NationalBook['book']> {
    const p = this.d.practice();
    const body = {
      resourceType: 'Appointment',
      meta: { profile: ['https://fhir.nhs.uk/STU3/StructureDefinition/GPConnect-Appointment-1'] },
      contained: [{ resourceType: 'Organization', id: '1', identifier: [{ system: ODS, value: p.odsCode }], name: p.name,
        type: [{ coding: [{ system: 'https://fhir.nhs.uk/STU3/CodeSystem/GPConnect-OrganisationType-1', code: 'gp-practice' }] }] }],
      extension: [{ url: BOOKING_ORG, valueReference: { reference: '#1' } }],
      status: 'booked',
      // GP Connect: description is required and must carry no clinical detail; the staff-only reason stays local.
      description: 'Booked at reception',
      start: input.slot.start,
      end: input.slot.end,
      slot: [{ reference: `Slot/${input.slot.id}` }],
      created: new Date().toISOString(),
      participant: [
        { actor: { identifier: { system: NHS_NUMBER, value: input.nhsNumber } }, status: 'accepted' },
        { actor: { reference: `Location/${input.slot.siteId}` }, status: 'accepted' },
        { actor: { reference: `Practitioner/${input.slot.clinicianId}` }, status: 'accepted' },
      ],
    };
    try {
      const res = await this.d.transport.send({
        method: 'POST', path: '/Appointment', body: JSON.stringify(body),
        headers: { 'Content-Type': 'application/fhir+json', Accept: 'application/fhir+json', 'X-Request-ID': input.requestId },
      });
      const a = FhirAppointment.parse(res.body);
      return { id: a.id, etag: res.headers.get('etag') };
    } catch (e) {
      if (e instanceof NationalHttpError && e.status === 409) throw new SlotTakenError();
      throw e;
    }
  }

  async cancel(appointmentId: string, _etag: string | null, reason: string, requestId: string): ReturnType<NationalBook['cancel']> {
    // Read first for the current version (another desk may have amended it), then PUT the cancellation with If-Match.
    const current = await this.d.transport.send({ method: 'GET', path: `/Appointment/${encodeURIComponent(appointmentId)}`, headers: { Accept: 'application/fhir+json' } });
    const a = FhirAppointment.parse(current.body);
    if (a.status === 'cancelled') return { etag: current.headers.get('etag') }; // already cancelled (a replay, or another desk): nothing to do
    const body = { ...(current.body as object), status: 'cancelled', extension: [...(a.extension ?? []), { url: CANCEL_REASON, valueString: reason }] };
    const res = await this.d.transport.send({
      method: 'PUT', path: `/Appointment/${encodeURIComponent(appointmentId)}`, body: JSON.stringify(body),
      headers: {
        'Content-Type': 'application/fhir+json', Accept: 'application/fhir+json', 'If-Match': current.headers.get('etag') ?? 'W/"1"', 'X-Request-ID': requestId,
      },
    });
    return { etag: res.headers.get('etag') };
  }
}
