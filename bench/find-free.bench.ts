import { FhirTransport } from '../electron/core/national/http.transport';
import { AppointmentsClient } from '../electron/core/national/appointments.client';
import { startSandbox } from '../electron/sandbox';
import { buildSlotIndex, findFreeSlots, type SlotQuery } from '../shared/domain/appointments/slot-finder';
import { isBookableNow, type Slot } from '../shared/domain/appointments/slot';
import { summarise, type Figure } from './figures';

const TARGET_MS = 5;

/**
 * Find-next-free over four weeks of 40 clinicians, as the core answers it from its local copy: the slot
 * index (sorted, per clinician, early exit). Baseline: filter every slot, then sort, then take the first.
 */
export async function benchFindFree(log: (s: string) => void): Promise<Figure[]> {
  const today = '2026-11-25';
  const sandbox = await startSandbox({ port: 0, population: 1_000, clinicians: 40, today });
  try {
    const client = new AppointmentsClient({
      transport: new FhirTransport({ baseUrl: sandbox.appointments.baseUrl, timeoutMs: 60_000, maxRetryAfterWaitMs: 0 }),
      patientName: () => 'Patient',
      practice: () => ({ odsCode: 'Y90001', name: 'Riverside Medical Practice' }),
    });
    const weeks = [await client.fetchRange('2026-11-25', '2026-12-08'), await client.fetchRange('2026-12-09', '2026-12-22')];
    const slots: Slot[] = weeks.flatMap((w) => w.slots);
    const clinicians = weeks[0]!.clinicians.map((c) => c.id);
    log(`  find-free: ${slots.length.toLocaleString('en-GB')} slots of ${clinicians.length} clinicians over 4 weeks`);
    const now = sandbox.appointments.now();
    const index = buildSlotIndex(slots);
    const queries: SlotQuery[] = [];
    for (let i = 0; i < 200; i++) {
      const kind = i % 5;
      queries.push(
        kind === 0 ? { by: 'reception', slotTypeIds: ['routine-gp'] }
        : kind === 1 ? { by: 'reception', clinicianIds: [clinicians[i % clinicians.length]!] }
        : kind === 2 ? { by: 'reception', slotTypeIds: ['urgent'], onTheDayOnly: true }
        : kind === 3 ? { by: 'reception', slotTypeIds: ['nurse-15'], timeOfDay: 'afternoon' }
        : { by: 'online', lengthMinutes: 10, from: new Date(now.getTime() + (i % 20) * 86_400_000) },
      );
    }
    const matches = (s: Slot, q: SlotQuery) =>
      isBookableNow(s, now, q.by) && Date.parse(s.start) > Math.max(now.getTime(), q.from?.getTime() ?? 0) &&
      (!q.clinicianIds?.length || q.clinicianIds.includes(s.clinicianId)) && (!q.slotTypeIds?.length || q.slotTypeIds.includes(s.slotTypeId));
    const m = summarise(queries.map((q) => { const t = performance.now(); findFreeSlots(index, q, now, 1); return performance.now() - t; }));
    const b = summarise(queries.slice(0, 60).map((q) => {
      const t = performance.now();
      slots.filter((s) => matches(s, q)).sort((x, y) => x.start.localeCompare(y.start)).slice(0, 1);
      return performance.now() - t;
    }));
    return [{
      name: 'book.find-next-free', unit: 'ms', median: m.median, p95: m.p95, size: slots.length, target: TARGET_MS,
      baseline: { method: 'filter all slots, sort, take first', ...b }, method: 'slot index (per clinician, sorted, early exit)',
      samples: queries.length, meetsTarget: m.p95 <= TARGET_MS,
    }];
  } finally {
    await sandbox.close();
  }
}
