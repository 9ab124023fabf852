import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { toFhirLocal } from '../../../shared/domain/appointments/london-time';
import type { FhirTransport } from './http.transport';
import { NationalProtocolError } from './national.errors';

/**
 * Puts the slots a rota generates into the practice's book on the appointments service, and blocks or frees slots
 * for leave. GP Connect has no such API (the practice's clinical system owns its slots); this speaks the sandbox's
 * documented extension: a FHIR transaction at the service base of conditional Schedule creates, Slot PUTs
 * (idempotent by id) and FHIRPath Patch status changes (electron/sandbox/appointments/publish.ts).
 */
const SLOT_FLAGS = 'https://sandbox.gp-reception.invalid/StructureDefinition/Extension-Sandbox-SlotFlags';
const DELIVERY_CHANNEL = 'https://fhir.nhs.uk/STU3/StructureDefinition/Extension-GPConnect-DeliveryChannel-2';

/** Slots per transaction: ~1 MB, well inside the service's limit, and a failed chunk costs little to send again. */
export const PUBLISH_CHUNK = 1_000;

export interface PublishSlot {
  id: string;
  clinicianId: string;
  siteId: string;
  start: string;
  end: string;
  /** busy-unavailable: nobody may book it (leave, or a slot type nobody books such as an admin block). */
  status: 'free' | 'busy-unavailable';
  slotTypeId: string;
  slotTypeName: string;
  urgent: boolean;
  onlineBookable: boolean;
  embargoUntil: string | null;
}

/** Publishing stopped part-way: the chunks before it are in the book (publishing again adds only the rest). */
export class PublishStoppedError extends Error {
  constructor(
    readonly done: number,
    override readonly cause: unknown,
  ) {
    super(`publishing stopped after ${done} slots`);
    this.name = 'PublishStoppedError';
  }
}

const TransactionResponse = z.looseObject({
  resourceType: z.literal('Bundle'),
  type: z.literal('transaction-response'),
  entry: z.array(z.looseObject({ response: z.looseObject({ status: z.string(), location: z.string().optional() }) })),
});

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export class SlotPublisher {
  constructor(private readonly transport: FhirTransport) {}

  /** Adds the slots; returns how many were new to the service (a slot it already had is left as it is). */
  async publish(slots: readonly PublishSlot[]): Promise<number> {
    let created = 0;
    for (const part of chunks(slots, PUBLISH_CHUNK)) {
      try {
        const answer = await this.send(this.slotBundle(part));
        created += answer.filter((e) => e.response.status.startsWith('201') && e.response.location?.startsWith('Slot/')).length;
      } catch (e) {
        throw new PublishStoppedError(created, e);
      }
    }
    return created;
  }

  /** Blocks (busy-unavailable) or frees slots already in the book. Refused whole (409) when one of a chunk is booked. */
  async setStatus(slotIds: readonly string[], status: 'free' | 'busy-unavailable'): Promise<void> {
    for (const part of chunks(slotIds, PUBLISH_CHUNK)) {
      await this.send({
        resourceType: 'Bundle',
        type: 'transaction',
        entry: part.map((id) => ({
          resource: {
            resourceType: 'Parameters',
            parameter: [
              {
                name: 'operation',
                part: [
                  { name: 'type', valueCode: 'replace' },
                  { name: 'path', valueString: 'Slot.status' },
                  { name: 'value', valueCode: status },
                ],
              },
            ],
          },
          request: { method: 'PATCH', url: `Slot/${id}` },
        })),
      });
    }
  }

  private slotBundle(slots: readonly PublishSlot[]): unknown {
    const schedules = new Map<string, { fullUrl: string; clinicianId: string; siteId: string }>();
    for (const s of slots) {
      const key = `${s.clinicianId}|${s.siteId}`;
      if (!schedules.has(key)) schedules.set(key, { fullUrl: `urn:uuid:${randomUUID()}`, clinicianId: s.clinicianId, siteId: s.siteId });
    }
    const scheduleEntries = [...schedules.values()].map((s) => ({
      fullUrl: s.fullUrl,
      resource: { resourceType: 'Schedule', actor: [{ reference: `Location/${s.siteId}` }, { reference: `Practitioner/${s.clinicianId}` }] },
      request: { method: 'POST', url: 'Schedule', ifNoneExist: `actor=Practitioner/${s.clinicianId}&actor=Location/${s.siteId}` },
    }));
    const slotEntries = slots.map((s) => {
      const flags: Record<string, unknown>[] = [
        { url: 'slotType', valueCode: s.slotTypeId },
        { url: 'urgent', valueBoolean: s.urgent },
        { url: 'onlineBookable', valueBoolean: s.onlineBookable },
      ];
      if (s.embargoUntil) flags.push({ url: 'embargoedUntil', valueDateTime: toFhirLocal(new Date(s.embargoUntil)) });
      return {
        resource: {
          resourceType: 'Slot',
          id: s.id,
          extension: [
            { url: DELIVERY_CHANNEL, valueCode: 'In-person' },
            { url: SLOT_FLAGS, extension: flags },
          ],
          serviceType: [{ text: s.slotTypeName }],
          schedule: { reference: schedules.get(`${s.clinicianId}|${s.siteId}`)!.fullUrl },
          status: s.status,
          start: toFhirLocal(new Date(s.start)),
          end: toFhirLocal(new Date(s.end)),
        },
        request: { method: 'PUT', url: `Slot/${s.id}` },
      };
    });
    return { resourceType: 'Bundle', type: 'transaction', entry: [...scheduleEntries, ...slotEntries] };
  }

  private async send(bundle: unknown): Promise<z.infer<typeof TransactionResponse>['entry']> {
    // One X-Request-ID per transaction: a retry after a lost answer gets the first answer, not a second run.
    const res = await this.transport.send({
      method: 'POST',
      path: '',
      body: JSON.stringify(bundle),
      headers: { 'Content-Type': 'application/fhir+json', Accept: 'application/fhir+json', 'X-Request-ID': randomUUID() },
    });
    const parsed = TransactionResponse.safeParse(res.body);
    if (!parsed.success) throw new NationalProtocolError('the answer to a slot transaction was not a transaction-response Bundle');
    return parsed.data.entry;
  }
}
