import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { SharedSlotView } from '../../../shared/contract/ooh';
import { toFhirLocal } from '../../../shared/domain/appointments/london-time';
import { SlotTakenError } from '../services/appointments.service';
import type { FhirTransport } from './http.transport';
import { NationalHttpError, NationalProtocolError } from './national.errors';

/**
 * GP Connect Appointment Management as a consumer (issue 8): search another organisation's free slots and book
 * into them, naming this desk's organisation as the BookingOrganisation. One transport for every provider: its
 * base URL is the root under which each provider's FHIR endpoint sits ({root}/{ods}/FHIR/R4), as SDS would
 * resolve it; the sandbox serves them at /gpconnect/{ods}/FHIR/R4.
 *
 * Search (NOTES §3.2–3.3): status=free, start=ge / end=le (≤ 14 days), _include=Slot:schedule with the
 * practitioner and location, searchFilter = this organisation's type and ODS code; the provider returns only
 * what it shares with us. Book: 201 + Appointment; 409 DUPLICATE_REJECTED when the slot was taken meanwhile.
 * Cancel: read the Appointment for its version, then PUT it back with status cancelled and the cancellation
 * reason, If-Match that version and the outbox entry's X-Request-ID (a repeat is de-duplicated). Amending and
 * cancelling name this organisation as the JWT's requesting_organization: only the booking organisation may.
 */
const BOOKING_ORG = 'https://fhir.nhs.uk/STU3/StructureDefinition/Extension-GPConnect-BookingOrganisation-1';
const DELIVERY_CHANNEL = 'https://fhir.nhs.uk/STU3/StructureDefinition/Extension-GPConnect-DeliveryChannel-2';
const ORG_TYPE = 'https://fhir.nhs.uk/STU3/CodeSystem/GPConnect-OrganisationType-1';
const ODS = 'https://fhir.nhs.uk/Id/ods-organization-code';
const NHS_NUMBER = 'https://fhir.nhs.uk/Id/nhs-number';
const APPOINTMENT_PROFILE = 'https://fhir.nhs.uk/STU3/StructureDefinition/GPConnect-Appointment-1';
const CANCEL_REASON = 'https://fhir.nhs.uk/STU3/StructureDefinition/Extension-GPConnect-AppointmentCancellationReason-1';

const Ref = z.looseObject({ reference: z.string().optional() });
const FhirSlot = z.looseObject({
  resourceType: z.literal('Slot'), id: z.string(), status: z.string(), start: z.string(), end: z.string(), schedule: Ref,
  serviceType: z.array(z.looseObject({ text: z.string().optional() })).optional(),
  extension: z.array(z.looseObject({ url: z.string(), valueCode: z.string().optional() })).optional(),
});
const FhirSchedule = z.looseObject({ resourceType: z.literal('Schedule'), id: z.string(), actor: z.array(Ref) });
const FhirPractitioner = z.looseObject({
  resourceType: z.literal('Practitioner'), id: z.string(),
  name: z.array(z.looseObject({ family: z.string().optional(), given: z.array(z.string()).optional(), prefix: z.array(z.string()).optional() })).optional(),
});
const FhirLocation = z.looseObject({ resourceType: z.literal('Location'), id: z.string(), name: z.string() });
const FhirOrganization = z.looseObject({ resourceType: z.literal('Organization'), id: z.string(), name: z.string().optional() });
const Bundle = z.looseObject({ resourceType: z.literal('Bundle'), entry: z.array(z.looseObject({ resource: z.looseObject({ resourceType: z.string() }) })).optional() });
const Booked = z.looseObject({ resourceType: z.literal('Appointment'), id: z.string() });
const Current = z.looseObject({
  resourceType: z.literal('Appointment'), id: z.string(), status: z.string(),
  extension: z.array(z.looseObject({ url: z.string() })).optional(),
});

const idOf = (ref: string | undefined, type: string) => (ref?.startsWith(`${type}/`) ? ref.slice(type.length + 1) : null);
const iso = (fhirLocal: string) => new Date(fhirLocal).toISOString();

/** This desk's organisation as GP Connect's consumer: searchFilter and BookingOrganisation. */
export interface ConsumerOrganisation {
  odsCode: string;
  name: string;
  /** GPConnect-OrganisationType-1 code, e.g. gp-practice, urgent-care. */
  gpcType: string;
  phone: string;
}

/** The provider would not cancel the appointment; `alreadyCancelled` when it had been cancelled there already. */
export class CancelRefusedError extends Error {
  constructor(
    readonly plain: string,
    readonly alreadyCancelled = false,
  ) {
    super(plain);
    this.name = 'CancelRefusedError';
  }
}

/** The slot does not belong to what the provider shares with this organisation (422 from the provider). */
export class NotSharedError extends Error {
  constructor(readonly plain: string) {
    super(plain);
    this.name = 'NotSharedError';
  }
}

export class GpConnectClient {
  constructor(
    private readonly d: {
      transport: FhirTransport;
      consumer: () => ConsumerOrganisation;
      /** Provider names for the slot views (the directory's name wins over the reply's). */
      providerName: (ods: string) => string | null;
    },
  ) {}

  private base(ods: string): string {
    return `/${encodeURIComponent(ods)}/FHIR/R4`;
  }

  /** Free slots the provider shares with this organisation, fully inside [fromDay, toDay] (London days, ≤ 14 days apart). */
  async freeSlots(providerOds: string, fromDay: string, toDay: string, requestId: string): Promise<SharedSlotView[]> {
    const me = this.d.consumer();
    const q = new URLSearchParams([
      ['status', 'free'], ['start', `ge${fromDay}`], ['end', `le${toDay}`], ['_include', 'Slot:schedule'],
      ['_include:recurse', 'Schedule:actor:Practitioner'], ['_include:recurse', 'Schedule:actor:Location'],
      ['searchFilter', `${ORG_TYPE}|${me.gpcType}`], ['searchFilter', `${ODS}|${me.odsCode}`],
    ]);
    const res = await this.d.transport.send({
      method: 'GET', path: `${this.base(providerOds)}/Slot?${q.toString()}`,
      headers: { Accept: 'application/fhir+json', 'X-Request-ID': requestId, 'Ssp-InteractionID': 'urn:nhs:names:services:gpconnect:fhir:rest:search:slot-1' },
    });
    const bundle = Bundle.safeParse(res.body);
    if (!bundle.success) throw new NationalProtocolError('the slot search was not a Bundle');
    const resources = (bundle.data.entry ?? []).map((e) => e.resource);
    const pick = <T>(schema: z.ZodType<T>, type: string): T[] => resources.filter((r) => r.resourceType === type).flatMap((r) => {
      const p = schema.safeParse(r);
      return p.success ? [p.data] : [];
    });
    const schedules = new Map(pick(FhirSchedule, 'Schedule').map((s) => [s.id, s]));
    const practitioners = new Map(pick(FhirPractitioner, 'Practitioner').map((p) => [p.id, p]));
    const locations = new Map(pick(FhirLocation, 'Location').map((l) => [l.id, l]));
    const providerName = this.d.providerName(providerOds) ?? pick(FhirOrganization, 'Organization')[0]?.name ?? providerOds;
    return pick(FhirSlot, 'Slot').flatMap((s) => {
      if (s.status !== 'free') return [];
      const schedule = schedules.get(idOf(s.schedule.reference, 'Schedule') ?? '');
      const actors = schedule?.actor.map((a) => a.reference) ?? [];
      const practitionerId = idOf(actors.find((r) => r?.startsWith('Practitioner/')), 'Practitioner');
      const locationId = idOf(actors.find((r) => r?.startsWith('Location/')), 'Location');
      if (!schedule || !locationId) return [];
      const n = practitionerId ? practitioners.get(practitionerId)?.name?.[0] : undefined;
      return [{
        providerOds, providerName, slotId: s.id, start: iso(s.start), end: iso(s.end),
        serviceType: s.serviceType?.[0]?.text ?? 'Appointment',
        deliveryChannel: s.extension?.find((e) => e.url === DELIVERY_CHANNEL)?.valueCode ?? 'In-person',
        clinicianName: n ? [n.prefix?.[0], n.given?.[0], n.family].filter(Boolean).join(' ') : 'A clinician',
        practitionerId, locationId, locationName: locations.get(locationId)?.name ?? 'Main site',
      }];
    });
  }

  /** Book a shared slot for a patient; throws SlotTakenError (409) or NotSharedError (422). */
  async book(input: { slot: SharedSlotView; nhsNumber: string; requestId: string }): Promise<{ id: string; etag: string | null }> {
    const me = this.d.consumer();
    const { slot } = input;
    const body = {
      resourceType: 'Appointment',
      meta: { profile: [APPOINTMENT_PROFILE] },
      contained: [{
        resourceType: 'Organization', id: '1', identifier: [{ system: ODS, value: me.odsCode }], name: me.name,
        type: [{ coding: [{ system: ORG_TYPE, code: me.gpcType }] }], telecom: [{ system: 'phone', value: me.phone }],
      }],
      extension: [{ url: BOOKING_ORG, valueReference: { reference: '#1' } }],
      status: 'booked',
      // GP Connect: required, at most 100 characters and never clinical.
      description: `Booked by ${me.name}`.slice(0, 100),
      start: toFhirLocal(new Date(slot.start)),
      end: toFhirLocal(new Date(slot.end)),
      slot: [{ reference: `Slot/${slot.slotId}` }],
      created: new Date().toISOString(),
      participant: [
        { actor: { identifier: { system: NHS_NUMBER, value: input.nhsNumber } }, status: 'accepted' },
        { actor: { reference: `Location/${slot.locationId}` }, status: 'accepted' },
        ...(slot.practitionerId ? [{ actor: { reference: `Practitioner/${slot.practitionerId}` }, status: 'accepted' }] : []),
      ],
    };
    try {
      const res = await this.d.transport.send({
        method: 'POST', path: `${this.base(slot.providerOds)}/Appointment`, body: JSON.stringify(body),
        headers: {
          'Content-Type': 'application/fhir+json', Accept: 'application/fhir+json', 'X-Request-ID': input.requestId,
          'Ssp-InteractionID': 'urn:nhs:names:services:gpconnect:fhir:rest:create:appointment-1',
        },
      });
      const a = Booked.safeParse(res.body);
      if (!a.success) throw new NationalProtocolError('the booking reply was not an Appointment');
      return { id: a.data.id, etag: res.headers.get('etag') };
    } catch (e) {
      if (e instanceof NationalHttpError && e.status === 409) throw new SlotTakenError();
      if (e instanceof NationalHttpError && e.status === 422) {
        throw new NotSharedError(`${slot.providerName} did not accept the booking${e.diagnostics ? `: ${e.diagnostics}` : '.'}`);
      }
      throw e;
    }
  }
  /**
   * Cancel an appointment this organisation booked. Resolves with the new version's ETag; throws CancelRefusedError
   * when the provider will not (already cancelled there, in the past, booked by someone else, unknown), and the
   * transport's errors when it cannot be asked (the outbox keeps the change and tries again).
   */
  async cancel(input: { providerOds: string; providerName: string; appointmentId: string; reason: string; requestId: string }): Promise<{ etag: string | null }> {
    const path = `${this.base(input.providerOds)}/Appointment/${encodeURIComponent(input.appointmentId)}`;
    const refused = (e: NationalHttpError, already: boolean): CancelRefusedError => {
      const diag = e.diagnostics ? `: ${e.diagnostics}` : '.';
      if (already && e.status === 422) return new CancelRefusedError(`${input.providerName} had already cancelled this appointment.`, true);
      if (e.status === 403) return new CancelRefusedError(`${input.providerName} would not let this organisation cancel it: only the organisation that booked an appointment may cancel it.`);
      if (e.status === 404) return new CancelRefusedError(`${input.providerName} has no record of this appointment.`);
      return new CancelRefusedError(`${input.providerName} did not accept the cancellation${diag}`);
    };
    // One re-read if the appointment changed between reading it and sending the cancellation (409, stale If-Match).
    for (let attempt = 1; ; attempt++) {
      let current;
      try {
        current = await this.d.transport.send({ method: 'GET', path, headers: this.headers(randomUUID(), 'read:appointment-1') });
      } catch (e) {
        if (e instanceof NationalHttpError && e.status >= 400 && e.status < 500) throw refused(e, false);
        throw e;
      }
      const a = Current.safeParse(current.body);
      if (!a.success) throw new NationalProtocolError('the appointment read was not an Appointment');
      // Already cancelled: sent anyway with the same X-Request-ID, so a cancellation of ours whose reply was lost is
      // answered again (de-duplicated) rather than mistaken for someone else's.
      const already = a.data.status === 'cancelled';
      const body = {
        ...(current.body as object),
        status: 'cancelled',
        extension: [...(a.data.extension ?? []).filter((x) => x.url !== CANCEL_REASON), { url: CANCEL_REASON, valueString: input.reason }],
      };
      try {
        const res = await this.d.transport.send({
          method: 'PUT', path, body: JSON.stringify(body),
          headers: {
            ...this.headers(input.requestId, 'update:appointment-1'), 'Content-Type': 'application/fhir+json',
            'If-Match': current.headers.get('etag') ?? 'W/"1"',
          },
        });
        return { etag: res.headers.get('etag') };
      } catch (e) {
        if (!(e instanceof NationalHttpError)) throw e;
        if (e.status === 409 && !already && attempt < 2) continue;
        if (e.status >= 400 && e.status < 500 && e.status !== 409) throw refused(e, already);
        throw e;
      }
    }
  }

  /**
   * GP Connect request headers, with the consumer's JWT: unsigned (alg none, as GP Connect specifies), naming this
   * organisation as the requesting_organization so the provider knows who asks to change an appointment.
   */
  private headers(requestId: string, interaction: string): Record<string, string> {
    const me = this.d.consumer();
    const now = Math.floor(Date.now() / 1000);
    const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const jwt = `${part({ alg: 'none', typ: 'JWT' })}.${part({
      iss: 'https://gp-reception.invalid', sub: me.odsCode, aud: this.d.transport.baseUrl, iat: now, exp: now + 300,
      reason_for_request: 'directcare', requested_scope: 'patient/*.write',
      requesting_organization: { resourceType: 'Organization', identifier: [{ system: ODS, value: me.odsCode }], name: me.name },
    })}.`;
    return {
      Accept: 'application/fhir+json', 'X-Request-ID': requestId, Authorization: `Bearer ${jwt}`,
      'Ssp-InteractionID': `urn:nhs:names:services:gpconnect:fhir:rest:${interaction}`,
    };
  }
}
