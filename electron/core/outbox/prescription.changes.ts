import { z } from 'zod';
import { RX_CHANNELS } from '../../../shared/contract/prescriptions';
import { RX_STATES } from '../../../shared/domain/prescriptions/request-state';
import type { PrescriptionsRepo, RxRequestRow } from '../db/repos/prescriptions.repo';
import { NationalHttpError } from '../national/national.errors';
import { targetState, type RxChange } from '../national/prescriptions.fhir';
import type { NationalPrescriptions } from '../services/prescriptions.service';
import { OutboxConflictError, type OutboxHandler, type OutboxService } from './outbox.service';

/** The local row as queued: enough to put it back if the change is refused or the cache is rebuilt first. */
const Row = z.object({
  id: z.string(),
  nhsNumber: z.string(),
  patientName: z.string(),
  channel: z.enum(RX_CHANNELS),
  state: z.enum(RX_STATES),
  receivedAt: z.string(),
  templateIds: z.array(z.string()),
  routedTo: z.string().nullable(),
  routedName: z.string().nullable(),
  rejectReason: z.string().nullable(),
  decidedBy: z.string().nullable(),
  version: z.string().nullable(),
  updatedAt: z.string(),
});

const Person = z.object({ id: z.string(), name: z.string() });
const Change: z.ZodType<RxChange> = z.discriminatedUnion('action', [
  z.object({ action: z.literal('route'), to: Person }),
  z.object({ action: z.literal('approve'), fulfilment: z.enum(['pharmacy', 'print']), by: Person }),
  z.object({ action: z.literal('reject'), reason: z.string(), by: Person }),
  z.object({ action: z.enum(['cancel', 'ready', 'collected']) }),
]);

export const RxAddChange = z.object({ localId: z.string(), row: Row, intended: z.string() });
export type RxAddChange = z.infer<typeof RxAddChange>;

export const RxStatusChange = z.object({
  /** The request's id when the change was made: national, or 'pending-…' while its add was still queued. */
  taskId: z.string(),
  /** The queued add that creates it, when it had not been sent yet: its national id comes from that entry's result. */
  addRequestId: z.string().nullable(),
  change: Change,
  before: Row,
  intended: z.string(),
});
export type RxStatusChange = z.infer<typeof RxStatusChange>;

const Made = z.object({ id: z.string(), version: z.string().nullable() });

export const RX_ADD = 'prescription.add';
/** One outbox kind per change, so the needs-attention list and the audit read plainly. */
export const RX_KINDS = {
  route: 'prescription.route',
  approve: 'prescription.approve',
  reject: 'prescription.reject',
  cancel: 'prescription.cancel',
  ready: 'prescription.ready',
  collected: 'prescription.collected',
} as const satisfies Record<RxChange['action'], string>;
const STATUS_KINDS: ReadonlySet<string> = new Set(Object.values(RX_KINDS));
const DONE: Record<RxChange['action'], string> = {
  route: 'be routed',
  approve: 'be approved',
  reject: 'be rejected',
  cancel: 'be cancelled',
  ready: 'be marked ready to collect',
  collected: 'be marked collected',
};

/** What the change does to the desk's copy, before the national service has it. */
export function applyLocally(row: RxRequestRow, c: RxChange, at: string): RxRequestRow {
  const next: RxRequestRow = { ...row, state: targetState(c), updatedAt: at };
  if (c.action === 'route') Object.assign(next, { routedTo: c.to.id, routedName: c.to.name });
  if (c.action === 'reject') next.rejectReason = c.reason;
  if (c.action === 'approve' || c.action === 'reject') next.decidedBy = c.by.name;
  return next;
}

/** The national id of a request made at this desk, once its add has been sent; otherwise the id it had. */
export function currentIdOf(outbox: OutboxService, taskId: string, addRequestId: string | null): string {
  if (!addRequestId) return taskId;
  const made = Made.safeParse(outbox.get(addRequestId)?.result);
  return made.success ? made.data.id : taskId;
}

export interface PrescriptionChangesDeps {
  repo: PrescriptionsRepo;
  national: NationalPrescriptions;
  outbox: OutboxService;
  /** The local copy changed: tell the renderers. */
  changed(): void;
  /** Fetch the queue again (after a refusal, what the national service holds should show). */
  refresh(): void;
}

/** A refusal by the national service is a conflict for a person; anything else (unreachable, busy) is retried. */
function refusal(e: unknown, what: string): unknown {
  if (!(e instanceof NationalHttpError)) return e;
  if (e.status === 404) return new OutboxConflictError(`The national service no longer has this request, so it could not ${what}.`);
  if (e.status === 409 || e.status === 422) return new OutboxConflictError(`The request had changed at the national service, so it could not ${what}${e.diagnostics ? `: ${e.diagnostics}` : '.'}`);
  return e;
}

/** How prescription changes travel through the outbox, and how the local queue follows each outcome. */
export function registerPrescriptionChanges(d: PrescriptionChangesDeps): void {
  const add: OutboxHandler<RxAddChange> = {
    schema: RxAddChange,
    localIds: (p) => [p.localId],
    async send(p, entry) {
      try {
        const made = await d.national.create({ nhsNumber: p.row.nhsNumber, channel: p.row.channel, templateIds: p.row.templateIds, receivedAt: p.row.receivedAt, requestId: entry.requestId });
        return { id: made.id, version: made.version };
      } catch (e) {
        throw refusal(e, 'be added');
      }
    },
    onSent(p, result) {
      const made = Made.parse(result);
      d.repo.relink(p.localId, made.id, made.version);
      d.changed();
    },
    onRefused(p) {
      d.repo.deleteRequest(p.localId);
      d.changed();
    },
  };

  const status: OutboxHandler<RxStatusChange> = {
    schema: RxStatusChange,
    // Both ids: the local one until the add is sent, the national one after.
    localIds: (p) => [p.taskId, currentIdOf(d.outbox, p.taskId, p.addRequestId)],
    async send(p, entry) {
      const id = currentIdOf(d.outbox, p.taskId, p.addRequestId);
      if (id.startsWith('pending-')) throw new OutboxConflictError('The request it changes was never made at the national service.');
      try {
        return await d.national.change(id, p.change, entry.requestId);
      } catch (e) {
        throw refusal(e, DONE[p.change.action]);
      }
    },
    onSent(p, result) {
      const row = Row.safeParse(result);
      if (!row.success) return;
      d.repo.putRequest(row.data);
      overlayPendingRx(d.repo, d.outbox); // later changes still waiting stay visible
      d.changed();
    },
    onRefused: (p) => restore(p),
    onWithdrawn: (p) => restore(p),
  };

  function restore(p: RxStatusChange) {
    const id = currentIdOf(d.outbox, p.taskId, p.addRequestId);
    if (d.repo.request(id)) d.repo.putRequest({ ...p.before, id });
    d.changed();
    d.refresh();
  }

  d.outbox.register(RX_ADD, add);
  for (const kind of Object.values(RX_KINDS)) d.outbox.register(kind, status);
}

/**
 * Lay the changes still waiting over a freshly fetched queue (the national copy does not know them yet), and
 * re-link requests added just before a restart. Run after every refresh and at start.
 */
export function overlayPendingRx(repo: PrescriptionsRepo, outbox: OutboxService): void {
  for (const e of outbox.recentlySent(RX_ADD)) {
    const p = RxAddChange.safeParse(e.payload);
    const made = Made.safeParse(e.result);
    if (p.success && made.success && repo.request(p.data.localId)) repo.relink(p.data.localId, made.data.id, made.data.version);
  }
  for (const e of outbox.pendingEntries()) {
    if (e.kind === RX_ADD) {
      const p = RxAddChange.safeParse(e.payload);
      if (p.success && !repo.request(p.data.localId)) repo.putRequest(p.data.row);
    } else if (STATUS_KINDS.has(e.kind)) {
      const p = RxStatusChange.safeParse(e.payload);
      if (!p.success) continue;
      const row = repo.request(currentIdOf(outbox, p.data.taskId, p.data.addRequestId));
      if (row) repo.putRequest(applyLocally(row, p.data.change, row.updatedAt));
    }
  }
}

/** How a queued prescription change reads in the "needs attention" list. */
export function describeRxChange(kind: string, payload: unknown): { kind: 'prescription'; patientName: string; nhsNumber: string; intended: string } | null {
  const p = kind === RX_ADD ? RxAddChange.safeParse(payload) : STATUS_KINDS.has(kind) ? RxStatusChange.safeParse(payload) : null;
  if (!p?.success) return null;
  const row = 'row' in p.data ? p.data.row : p.data.before;
  return { kind: 'prescription', patientName: row.patientName, nhsNumber: row.nhsNumber, intended: p.data.intended };
}
