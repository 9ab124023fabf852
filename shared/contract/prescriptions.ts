import { z } from 'zod';
import { ITEM_FLAGS } from '../domain/prescriptions/item-flags';
import { RX_ACTIONS, RX_STATES } from '../domain/prescriptions/request-state';
import { NhsNumber } from './patients';
import { verb } from './verb';

/**
 * The repeat-prescription queue (issue 7). Reads come from the desk's local copy (cache.db), so they answer
 * offline; every change is committed to the outbox first and shows `waitingToSend` until the national
 * service has it. Reception receives, checks and routes; only a prescriber approves or rejects.
 */
const IsoInstant = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/);
const LondonDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'A day is yyyy-mm-dd');

export const RX_CHANNELS = ['online', 'counter', 'phone', 'pharmacy'] as const;
export type RxChannel = (typeof RX_CHANNELS)[number];
/** Channels reception records by hand; online requests arrive from the national service. */
export const DESK_CHANNELS = ['counter', 'phone', 'pharmacy'] as const;

/** Routing target meaning "whichever doctor is on duty", not a named clinician. */
export const DUTY_DOCTOR = 'duty';

export const RxState = z.enum(RX_STATES);
export const RxPharmacy = z.object({ odsCode: z.string(), name: z.string() });
export type RxPharmacy = z.infer<typeof RxPharmacy>;
/** A prescriber the request can be routed to: a clinician id, or `duty` for the duty doctor. */
export const RxPrescriber = z.object({ id: z.string(), name: z.string() });
export type RxPrescriber = z.infer<typeof RxPrescriber>;

export const RxItemView = z.object({
  templateId: z.string(),
  medication: z.string(),
  dosage: z.string(),
  quantity: z.string().nullable(),
  /** For the prescriber, never issued by reception. */
  flags: z.array(z.enum(ITEM_FLAGS)),
  /** The flags in words: "Review date 12-Mar-2026 has passed". */
  flagText: z.array(z.string()),
});
export type RxItemView = z.infer<typeof RxItemView>;

export const RxRequestView = z.object({
  id: z.string(),
  nhsNumber: NhsNumber,
  /** "SMITH, Jane" */
  patientName: z.string(),
  channel: z.enum(RX_CHANNELS),
  state: RxState,
  /** "With prescriber", "Approved: printed"… */
  stateLabel: z.string(),
  receivedAt: IsoInstant,
  /** The turnaround deadline (practice setting, default 2 working days; bank holidays do not count). */
  deadline: IsoInstant,
  /** "1 working day 4 hours left", "overdue by 2 working hours"; null once decided. */
  timeLeft: z.string().nullable(),
  overdue: z.boolean(),
  /** Who it is with: a named clinician or the duty doctor; null until routed. */
  routedTo: RxPrescriber.nullable(),
  nominatedPharmacy: RxPharmacy.nullable(),
  items: z.array(RxItemView),
  /** Any item flagged (past review, no authorised issues left). */
  flagged: z.boolean(),
  /** Shown to reception so they can tell the patient. */
  rejectReason: z.string().nullable(),
  /** The prescriber who approved or rejected it. */
  decidedBy: z.string().nullable(),
  updatedAt: IsoInstant,
  /** Changed at this desk and not yet confirmed by the national service. */
  waitingToSend: z.boolean(),
  /** What the signed-in role may do with it now (buttons, keyboard triage). */
  actions: z.array(z.enum(RX_ACTIONS)),
});
export type RxRequestView = z.infer<typeof RxRequestView>;

export const RxQueueFilter = z
  .object({
    /** One state, or `open` = requested or with the prescriber. Omitted: everything the desk holds. */
    state: z.union([RxState, z.literal('open')]).optional(),
    /** A clinician id, or `duty`. */
    clinicianId: z.string().min(1).optional(),
    overdueOnly: z.boolean().optional(),
  })
  .strict();

/** Where `rx:changes` carries on from: opaque to the desk, handed back as it came. */
export const RxCursor = z.string().min(1).max(64).regex(/^[\w.-]+$/, 'Not a queue cursor');

export const RxQueue = z.object({
  asOf: IsoInstant,
  targetWorkingDays: z.number().int(),
  /** Open requests first, most urgent first; then the rest, latest change first. */
  requests: z.array(RxRequestView),
  /** Given with the whole queue (`rx:queue {}`, no filter): pass it to `rx:changes` to hear only what changed since. */
  cursor: RxCursor.optional(),
});
export type RxQueue = z.infer<typeof RxQueue>;

/** At most this many requests changed (or removed) in one answer of `rx:changes`; more, and it says to fetch the queue again. */
export const RX_CHANGES_MAX = 1_000;
/** At most this many times left moved on in one answer of `rx:changes` (a few words each). */
export const RX_TIMES_MAX = 20_000;

/**
 * What changed in the queue since a cursor, for a desk that holds the whole queue (`rx:queue {}`) and follows the
 * core's `changed` pushes. `reload`: the cursor is not one this core can answer for (it restarted, or the cursor is too
 * old) or too much changed; fetch the whole queue again.
 */
export const RxChanges = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('changes'),
    asOf: IsoInstant,
    targetWorkingDays: z.number().int(),
    /** For the next `rx:changes`. */
    cursor: RxCursor,
    /**
     * Every request that is new since the cursor, or whose view is different other than in time left alone (its state,
     * routing, items and their flags, waiting to send…), as `rx:queue` would show it now, in the queue's order. One
     * whose state took it out of a filter (collected, cancelled…) is here with that state.
     */
    requests: z.array(RxRequestView).max(RX_CHANGES_MAX),
    /**
     * Requests whose time left or overdue alone moved on with the clock (nothing else of their view changed): their new
     * wording. Open requests' times left read in minutes on their last working day, so most of the queue may be here.
     */
    times: z.array(z.object({ id: z.string(), timeLeft: z.string().nullable(), overdue: z.boolean() })).max(RX_TIMES_MAX),
    /** Requests the desk no longer holds: drop them (a request made here now known by its national id, one withdrawn or expired). */
    removed: z.array(z.string()).max(RX_CHANGES_MAX),
  }),
  z.object({ kind: z.literal('reload'), reason: z.enum(['unknown-cursor', 'too-many']) }),
]);
export type RxChanges = z.infer<typeof RxChanges>;

export const RxCounts = z.object({
  asOf: IsoInstant,
  byState: z.record(RxState, z.number().int()),
  open: z.number().int(),
  overdue: z.number().int(),
  /** Open requests by who they are with; id null = not routed yet. */
  byClinician: z.array(z.object({ id: z.string().nullable(), name: z.string(), open: z.number().int(), overdue: z.number().int() })),
});
export type RxCounts = z.infer<typeof RxCounts>;

export const RxTemplateView = z.object({
  id: z.string(),
  medication: z.string(),
  dosage: z.string(),
  quantity: z.string().nullable(),
  authorisedIssues: z.number().int(),
  issuesSoFar: z.number().int(),
  reviewDate: LondonDay.nullable(),
  flags: z.array(z.enum(ITEM_FLAGS)),
  flagText: z.array(z.string()),
});
export type RxTemplateView = z.infer<typeof RxTemplateView>;

export const RxTemplates = z.object({
  nhsNumber: NhsNumber,
  patientName: z.string(),
  nominatedPharmacy: RxPharmacy.nullable(),
  templates: z.array(RxTemplateView),
  /** The national service could not be asked: this is the desk's last copy. */
  fromLocalCopy: z.boolean(),
});
export type RxTemplates = z.infer<typeof RxTemplates>;

const Id = z.object({ id: z.string().min(1) }).strict();

export const rx = {
  queue: verb('rx:queue', RxQueueFilter, RxQueue, 'patients.view'),
  /** What changed since the cursor of the whole queue or of the last changes: a push refetches this, not the queue. */
  changes: verb('rx:changes', z.object({ since: RxCursor }).strict(), RxChanges, 'patients.view'),
  counts: verb('rx:counts', z.object({}).strict(), RxCounts, 'patients.view'),
  /** Who a request can be routed to: the duty doctor first, then the practice's prescribers. */
  prescribers: verb('rx:prescribers', z.object({}).strict(), z.array(RxPrescriber), 'patients.view'),
  /** One patient's requests (audited against the patient). */
  patient: verb('rx:patient', z.object({ nhsNumber: NhsNumber }).strict(), z.array(RxRequestView), 'patients.view'),
  /** The patient's repeat templates, to choose from when adding a request (audited). */
  templates: verb('rx:templates', z.object({ nhsNumber: NhsNumber }).strict(), RxTemplates, 'patients.view'),
  /** A request taken at the counter, by phone or from a pharmacy, from the patient's repeat templates. */
  add: verb(
    'rx:add',
    z
      .object({
        nhsNumber: NhsNumber,
        channel: z.enum(DESK_CHANNELS),
        templateIds: z.array(z.string().min(1)).min(1, 'Choose at least one item').max(20),
      })
      .strict(),
    RxRequestView,
    'patients.view',
  ),
  route: verb('rx:route', z.object({ id: z.string().min(1), to: z.string().min(1) }).strict(), RxRequestView, 'patients.view'),
  approve: verb(
    'rx:approve',
    z
      .object({
        id: z.string().min(1),
        fulfilment: z.enum(['pharmacy', 'print']),
        /** The prescriber has reviewed the flagged items (past review, no issues left); needed to issue them. */
        acknowledgeFlags: z.boolean().default(false),
      })
      .strict(),
    RxRequestView,
    'prescriptions.approve',
  ),
  reject: verb(
    'rx:reject',
    z.object({ id: z.string().min(1), reason: z.string().trim().min(3, 'Give the reason the patient will be told').max(200) }).strict(),
    RxRequestView,
    'prescriptions.approve',
  ),
  /** The patient cancelled (only while still requested). */
  cancel: verb('rx:cancel', Id, RxRequestView, 'patients.view'),
  /** A printed prescription is ready at the desk. */
  ready: verb('rx:ready', Id, RxRequestView, 'patients.view'),
  collected: verb('rx:collected', Id, RxRequestView, 'patients.view'),
} as const;
