/**
 * Rotas and slot templates (issue 6). Everyone may read them ('patients.view': every desk role); only a role with
 * 'rota.edit' (the clerical / practice manager) may change them. Definitions use the domain's own schemas
 * (shared/domain/rota), so the messages a practice manager reads are the same wherever a value is checked.
 */
import { z } from 'zod';
import { dayNumber, isDay } from '../domain/calendar/days';
import { DaySchema } from '../domain/calendar/schemas';
import { CLASH_KINDS } from '../domain/rota/clash';
import { Leave } from '../domain/rota/leave';
import { GPAD_NATIONAL_SLOT_CATEGORIES } from '../domain/rota/national-categories';
import { OpeningHours } from '../domain/rota/opening-hours';
import { PracticeSlotType, RotaId } from '../domain/rota/slot-type';
import { SessionTemplate } from '../domain/rota/template';
import { verb } from './verb';

/** Generation, capacity and leave work on at most a year at a time (the book's national reads are per 28 days). */
export const MAX_ROTA_RANGE_DAYS = 366;

const ordered = (from: string, to: string) => !isDay(from) || !isDay(to) || dayNumber(from) <= dayNumber(to);
const withinYear = (from: string, to: string) => !isDay(from) || !isDay(to) || dayNumber(to) - dayNumber(from) < MAX_ROTA_RANGE_DAYS;

/** A range of London days, both included, at most a year. */
export const DayRange = z
  .object({ from: DaySchema, to: DaySchema })
  .strict()
  .refine((r) => ordered(r.from, r.to), { message: 'The last day must be on or after the first day', path: ['to'] })
  .refine((r) => withinYear(r.from, r.to), { message: 'Choose at most a year (366 days) at a time', path: ['to'] });

export const GenerationInput = z
  .object({ rotaId: RotaId, from: DaySchema, to: DaySchema })
  .strict()
  .refine((r) => ordered(r.from, r.to), { message: 'The last day must be on or after the first day', path: ['to'] })
  .refine((r) => withinYear(r.from, r.to), { message: 'Generate at most a year (366 days) at a time', path: ['to'] });
export type GenerationInput = z.infer<typeof GenerationInput>;

/** Re-check a value with a domain schema that has object-level rules, passing those rules' messages on. */
const objectRules =
  <T extends object>(schema: z.ZodType, fill: (v: T) => unknown) =>
  (v: T, ctx: z.RefinementCtx) => {
    const r = schema.safeParse(fill(v));
    if (r.success) return;
    for (const i of r.error.issues) if (i.code === 'custom') ctx.addIssue({ code: 'custom', message: i.message, path: i.path });
  };

/** A slot type as saved: the id may be left out for a new one (the core makes one). */
export const SlotTypeInput = PracticeSlotType.extend({ id: RotaId.optional() });
export type SlotTypeInput = z.infer<typeof SlotTypeInput>;

/** A session template as saved: the id may be left out for a new one. */
export const TemplateInput = z
  .object({ ...SessionTemplate.shape, id: RotaId.optional() })
  .strict()
  .superRefine(objectRules<{ id?: string | undefined }>(SessionTemplate, (t) => ({ ...t, id: t.id ?? 'new' })));
export type TemplateInput = z.infer<typeof TemplateInput>;

export const RotaInput = z
  .object({
    id: RotaId.optional(),
    name: z.string().trim().min(1, 'Give the rota a name').max(80, 'Keep the name to 80 characters'),
    from: DaySchema,
    to: DaySchema,
  })
  .strict()
  .refine((r) => ordered(r.from, r.to), { message: 'The rota must end on or after the day it starts', path: ['to'] });
export type RotaInput = z.infer<typeof RotaInput>;

/** Leave as recorded: whole London days ('yyyy-mm-dd', `to` included) or exact instants (part of a day). */
export const LeaveInput = z
  .object({
    clinicianId: z.string().min(1, 'Choose a clinician'),
    from: z.string(),
    to: z.string(),
    reason: z.string().trim().max(100, 'Keep the reason to 100 characters').optional(),
  })
  .strict()
  .superRefine(objectRules<{ from: string; to: string }>(Leave, (l) => ({ ...l, id: 'new' })))
  .superRefine((l, ctx) => {
    const [a, b] = [l.from.slice(0, 10), l.to.slice(0, 10)];
    if (isDay(a) && isDay(b) && dayNumber(b) - dayNumber(a) >= MAX_ROTA_RANGE_DAYS) ctx.addIssue({ code: 'custom', message: 'Record at most a year of leave at a time', path: ['to'] });
  });
export type LeaveInput = z.infer<typeof LeaveInput>;

export const OpeningHoursInput = z
  .object({
    /** null = the practice's own hours; a site id = that site's hours where they differ. */
    siteId: z.string().min(1).nullable(),
    /** null removes a site's own hours (the site follows the practice's again). */
    hours: OpeningHours.nullable(),
  })
  .strict()
  .refine((i) => i.siteId !== null || i.hours !== null, { message: "The practice's own opening hours cannot be removed, only changed", path: ['hours'] });

export const ClosureInput = z
  .object({ day: DaySchema, reason: z.string().trim().max(100, 'Keep the reason to 100 characters').optional() })
  .strict();

// ---------- views ----------

export const RotaView = z.object({ id: z.string(), name: z.string(), from: DaySchema, to: DaySchema, templates: z.array(SessionTemplate), updatedAt: z.string() });
export type RotaView = z.infer<typeof RotaView>;
export const ClosureView = z.object({ day: DaySchema, reason: z.string().nullable() });
export const OpeningHoursView = z.object({
  practice: OpeningHours,
  /** Sites whose hours differ from the practice's. */
  sites: z.array(z.object({ siteId: z.string(), hours: OpeningHours })),
});
export type OpeningHoursView = z.infer<typeof OpeningHoursView>;

export const RotaOverview = z.object({
  slotTypes: z.array(PracticeSlotType),
  rotas: z.array(RotaView),
  leave: z.array(Leave),
  closures: z.array(ClosureView),
  openingHours: OpeningHoursView,
  /** From the appointment book (the national service's Practitioners and Locations). */
  clinicians: z.array(z.object({ id: z.string(), name: z.string(), role: z.string() })),
  sites: z.array(z.object({ id: z.string(), name: z.string() })),
  /** England and Wales, from resources/bank-holidays-england-and-wales.json. */
  bankHolidays: z.array(z.object({ date: DaySchema, title: z.string() })),
  /** The categories a slot type may be mapped to (GPAD; 'Inconsistent Mapping' is national only). */
  nationalCategories: z.array(z.enum(GPAD_NATIONAL_SLOT_CATEGORIES)),
});
export type RotaOverview = z.infer<typeof RotaOverview>;

/** One clash for a person to resolve; `message` is the plain sentence to show. */
export const ClashView = z.object({
  kind: z.enum(CLASH_KINDS),
  message: z.string(),
  clinicianId: z.string(),
  day: z.string().nullable(),
  templateId: z.string().nullable(),
  start: z.string().nullable(),
  end: z.string().nullable(),
  slotIds: z.array(z.string()),
  existingSlotIds: z.array(z.string()),
  appointmentIds: z.array(z.string()),
  otherTemplateId: z.string().nullable(),
  leaveId: z.string().nullable(),
});
export type ClashView = z.infer<typeof ClashView>;

/** A booked patient whose appointment falls in a clinician's leave: reception moves them (nothing was cancelled). */
export const RebookEntryView = z.object({
  appointmentId: z.string(),
  slotId: z.string(),
  leaveId: z.string(),
  clinicianId: z.string(),
  clinicianName: z.string(),
  start: z.string(),
  end: z.string(),
  nhsNumber: z.string(),
  /** "SMITH, Jane" from the local copy, else "Patient 999 000 0000". */
  patientName: z.string(),
});
export type RebookEntryView = z.infer<typeof RebookEntryView>;

export const SummaryView = z.object({
  /** Slots per clinician per day per slot type (blocked ones included, and counted apart). */
  rows: z.array(z.object({ day: z.string(), clinicianId: z.string(), slotTypeId: z.string(), slots: z.number().int(), blocked: z.number().int() })),
  totalSlots: z.number().int(),
  /** Slots not yet in the book. */
  newSlots: z.number().int(),
  blockedSlots: z.number().int(),
  clashCounts: z.record(z.enum(CLASH_KINDS), z.number().int()),
});

export const PreviewView = z.object({
  rotaId: z.string(),
  /** The days looked at: the asked range within the rota's own dates. */
  from: DaySchema,
  to: DaySchema,
  /** 'local-copy' when the national service did not answer: existing slots beyond the desk's 15 days are then unknown. */
  basis: z.enum(['national', 'local-copy']),
  note: z.string().nullable(),
  summary: SummaryView,
  clashes: z.array(ClashView),
  rebook: z.array(RebookEntryView),
});
export type PreviewView = z.infer<typeof PreviewView>;

export const GenerateView = PreviewView.extend({
  /** Slots added to the national book by this run. */
  created: z.number().int(),
  /** Generated slots that were already in the book (a range generated again): left exactly as they were. */
  alreadyInBook: z.number().int(),
  /** Free slots in the book blocked by leave in this run. */
  blockedExisting: z.number().int(),
});
export type GenerateView = z.infer<typeof GenerateView>;

export const CapacityView = z.object({
  from: DaySchema,
  to: DaySchema,
  basis: z.enum(['national', 'local-copy']),
  /** ISO weeks touched by the range: Monday and label ('2026-W49'). */
  weeks: z.array(z.object({ weekStart: DaySchema, isoWeek: z.string() })),
  /** offered = free + booked (blocked slots are not offered); per week per clinician. */
  byClinician: z.array(
    z.object({ weekStart: DaySchema, clinicianId: z.string(), clinicianName: z.string(), offered: z.number().int(), booked: z.number().int(), free: z.number().int(), blocked: z.number().int() }),
  ),
  /** Per week per GPAD national slot category (via the practice's slot types; 'Unmapped' when a type is not mapped). */
  byCategory: z.array(z.object({ weekStart: DaySchema, category: z.string(), offered: z.number().int(), booked: z.number().int() })),
  totals: z.object({ offered: z.number().int(), booked: z.number().int(), free: z.number().int(), blocked: z.number().int() }),
});
export type CapacityView = z.infer<typeof CapacityView>;

const Empty = z.object({}).strict();
const READ = 'patients.view' as const; // every desk role may see rotas
const EDIT = 'rota.edit' as const;

export const rota = {
  overview: verb('rota:overview', Empty, RotaOverview, READ),
  saveSlotType: verb('rota:save-slot-type', SlotTypeInput, PracticeSlotType, EDIT),
  saveTemplate: verb('rota:save-template', z.object({ rotaId: RotaId, template: TemplateInput }).strict(), SessionTemplate, EDIT),
  /** Slots already generated from the template stay in the book: nothing booked is deleted. */
  deleteTemplate: verb('rota:delete-template', z.object({ templateId: RotaId }).strict(), z.object({ deleted: z.literal(true) }), EDIT),
  saveRota: verb('rota:save-rota', RotaInput, RotaView, EDIT),
  /** Blocks the clinician's free slots in the leave and returns the booked patients to move (none is cancelled). */
  addLeave: verb(
    'rota:add-leave',
    LeaveInput,
    z.object({ leave: Leave, blocked: z.number().int(), rebook: z.array(RebookEntryView) }),
    EDIT,
  ),
  /** Gives back the slots the leave blocked (those still blocked and not in other leave). */
  removeLeave: verb('rota:remove-leave', z.object({ leaveId: z.string().min(1) }).strict(), z.object({ removed: z.literal(true), unblocked: z.number().int() }), EDIT),
  setOpeningHours: verb('rota:set-opening-hours', OpeningHoursInput, z.object({ openingHours: OpeningHoursView, warnings: z.array(z.string()) }), EDIT),
  addClosure: verb('rota:add-closure', ClosureInput, z.object({ closures: z.array(ClosureView), warning: z.string().nullable() }), EDIT),
  removeClosure: verb('rota:remove-closure', z.object({ day: DaySchema }).strict(), z.object({ closures: z.array(ClosureView) }), EDIT),
  /** What generating would do: counts and every clash. Writes nothing. */
  preview: verb('rota:preview', GenerationInput, PreviewView, READ),
  generate: verb('rota:generate', GenerationInput, GenerateView, EDIT),
  /** Booked appointments in recorded leave, from now on, still to be moved. */
  rebookList: verb('rota:rebook-list', Empty, z.array(RebookEntryView), READ),
  capacity: verb('rota:capacity', DayRange, CapacityView, READ),
} as const;
