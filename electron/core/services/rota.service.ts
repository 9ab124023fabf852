/**
 * Rotas for practice managers (issue 6): the set-up (slot types, rotas and their session templates, opening hours,
 * local closures) kept in practice.db, and the work done with it (RotaPlanner: preview, generate, capacity;
 * RotaLeave: leave and the rebook list). Every change is audited (no patient: nhsNumber null) and announced as
 * changed ['rota']. Role checks are the contract's ('rota.edit' for changes), enforced by the handler table.
 */
import type {
  CapacityView,
  GenerateView,
  GenerationInput,
  LeaveInput,
  OpeningHoursView,
  PreviewView,
  RebookEntryView,
  RotaInput,
  RotaOverview,
  RotaView,
  SlotTypeInput,
  TemplateInput,
} from '../../../shared/contract/rota';
import type { IsoWeekday } from '../../../shared/domain/calendar/days';
import { minutesOfWallTime } from '../../../shared/domain/calendar/schemas';
import type { Leave } from '../../../shared/domain/rota/leave';
import { MAPPABLE_NATIONAL_SLOT_CATEGORIES } from '../../../shared/domain/rota/national-categories';
import { hoursOn, type OpeningHours, WEEKDAY_NAMES } from '../../../shared/domain/rota/opening-hours';
import type { PracticeSlotType } from '../../../shared/domain/rota/slot-type';
import type { SessionTemplate } from '../../../shared/domain/rota/template';
import { AppFailure } from '../../../shared/result';
import type { CallContext } from '../call-context';
import { BANK_HOLIDAYS } from './rota-calendar';
import { RotaBookReader } from './rota-book';
import { RotaLeave } from './rota-leave';
import { RotaPlanner } from './rota-planner';
import { nationalFailure, newId, practiceHours, today, WriteQueue, type RotaDeps } from './rota-support';

export type { RotaDeps, RotaNational } from './rota-support';

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

export class RotaService {
  private readonly planner: RotaPlanner;
  private readonly leaveWork: RotaLeave;
  private readonly reader: RotaBookReader;
  private readonly writes = new WriteQueue();

  constructor(private readonly d: RotaDeps) {
    this.planner = new RotaPlanner(d);
    this.leaveWork = new RotaLeave(d);
    this.reader = new RotaBookReader({ national: d.national, repo: d.book, failure: nationalFailure });
  }

  overview(): RotaOverview {
    return {
      slotTypes: this.d.repo.slotTypes(),
      rotas: this.d.repo.rotas(),
      leave: this.d.repo.leave(),
      closures: this.d.repo.closures(),
      openingHours: this.hoursView(),
      clinicians: this.d.book.clinicians(),
      sites: this.d.book.sites(),
      bankHolidays: BANK_HOLIDAYS.events.map((e) => ({ date: e.date, title: e.title })),
      nationalCategories: [...MAPPABLE_NATIONAL_SLOT_CATEGORIES],
    };
  }

  // ---------- set-up ----------

  saveSlotType(input: SlotTypeInput, ctx: CallContext): PracticeSlotType {
    const type: PracticeSlotType = { ...input, id: input.id ?? newId('st') };
    this.d.repo.saveSlotType(type, this.d.now().toISOString());
    this.done(ctx, 'rota.save-slot-type', `slotType=${type.id}`);
    return type;
  }

  saveRota(input: RotaInput, ctx: CallContext): RotaView {
    const id = input.id ?? newId('rota');
    this.d.repo.saveRota({ id, name: input.name, from: input.from, to: input.to }, this.d.now().toISOString());
    this.done(ctx, 'rota.save-rota', `rota=${id} from=${input.from} to=${input.to}`);
    return this.d.repo.rota(id)!;
  }

  saveTemplate(rotaId: string, input: TemplateInput, ctx: CallContext): SessionTemplate {
    if (!this.d.repo.rota(rotaId)) throw new AppFailure('NOT_FOUND', 'There is no rota with that id.');
    const template: SessionTemplate = { ...input, id: input.id ?? newId('tpl') };
    const owner = this.d.repo.templateRota(template.id);
    if (owner !== null && owner !== rotaId) throw new AppFailure('INVALID_INPUT', 'A template with that id belongs to another rota: give this one another id.');
    this.checkTemplate(template);
    this.d.repo.saveTemplate(rotaId, template, this.d.now().toISOString());
    this.done(ctx, 'rota.save-template', `rota=${rotaId} template=${template.id} clinician=${template.clinicianId}`);
    return template;
  }

  deleteTemplate(templateId: string, ctx: CallContext): { deleted: true } {
    if (!this.d.repo.deleteTemplate(templateId)) throw new AppFailure('NOT_FOUND', 'There is no template with that id.');
    this.done(ctx, 'rota.delete-template', `template=${templateId}`);
    return { deleted: true };
  }

  setOpeningHours(siteId: string | null, hours: OpeningHours | null, ctx: CallContext): { openingHours: OpeningHoursView; warnings: string[] } {
    const sites = this.d.book.sites();
    if (siteId !== null && sites.length > 0 && !sites.some((s) => s.id === siteId)) throw new AppFailure('INVALID_INPUT', 'Choose a site from the appointment book.');
    this.d.repo.setOpeningHours(siteId, hours, this.d.now().toISOString());
    this.done(ctx, 'rota.set-opening-hours', `site=${siteId ?? 'practice'}`);
    // Templates that now fall on a closed day are kept (a person decides), but said.
    const warnings = this.d.repo.rotas().flatMap((r) =>
      r.templates.flatMap((t) => {
        const closed = this.closedWeekdays(t);
        return closed.length > 0 ? [`The template ${t.name ? `"${t.name}" ` : ''}(${t.start}–${t.end}) in "${r.name}" runs on ${closed.join(' and ')}, when ${this.siteName(t.siteId)} is now closed: those sessions will not be generated.`] : [];
      }),
    );
    return { openingHours: this.hoursView(), warnings };
  }

  async addClosure(day: string, reason: string | undefined, ctx: CallContext): Promise<{ closures: { day: string; reason: string | null }[]; warning: string | null }> {
    if (day < today(this.d)) throw new AppFailure('INVALID_INPUT', 'Choose today or a later day.');
    this.d.repo.addClosure(day, reason ?? null, this.d.now().toISOString());
    this.done(ctx, 'rota.add-closure', `day=${day}`);
    const book = await this.reader.read(day, day, 'national-or-local');
    const open = book.slots.filter((s) => s.state !== 'blocked');
    const booked = open.filter((s) => s.state === 'booked').length;
    const warning =
      open.length > 0
        ? `The book already has ${plural(open.length, 'slot')} that day (${booked} booked): closing the day stops new slots being generated but does not remove these. Record leave or move the bookings.`
        : null;
    return { closures: this.d.repo.closures(), warning };
  }

  removeClosure(day: string, ctx: CallContext): { closures: { day: string; reason: string | null }[] } {
    if (!this.d.repo.removeClosure(day)) throw new AppFailure('NOT_FOUND', 'That day is not recorded as a closure.');
    this.done(ctx, 'rota.remove-closure', `day=${day}`);
    return { closures: this.d.repo.closures() };
  }

  // ---------- generation, leave, capacity ----------

  preview(input: GenerationInput): Promise<PreviewView> {
    return this.planner.preview(input);
  }

  generate(input: GenerationInput, ctx: CallContext): Promise<GenerateView> {
    return this.writes.run(() => this.planner.generate(input, ctx));
  }

  addLeave(input: LeaveInput, ctx: CallContext): Promise<{ leave: Leave; blocked: number; rebook: RebookEntryView[] }> {
    return this.writes.run(() => this.leaveWork.add(input, ctx));
  }

  removeLeave(leaveId: string, ctx: CallContext): Promise<{ removed: true; unblocked: number }> {
    return this.writes.run(() => this.leaveWork.remove(leaveId, ctx));
  }

  rebookList(): Promise<RebookEntryView[]> {
    return this.leaveWork.rebookList();
  }

  capacity(input: { from: string; to: string }): Promise<CapacityView> {
    return this.planner.capacity(input);
  }

  // ---------- helpers ----------

  private done(ctx: CallContext, action: string, detail: string): void {
    this.d.audit.record(ctx, action, null, 'ok', detail);
    this.d.changed(['rota']);
  }

  private hoursView(): OpeningHoursView {
    const h = practiceHours(this.d.repo);
    return { practice: h.practice, sites: Object.entries(h.sites).map(([siteId, hours]) => ({ siteId, hours })) };
  }

  private hoursFor(siteId: string): OpeningHours {
    const h = practiceHours(this.d.repo);
    return h.sites[siteId] ?? h.practice;
  }

  private siteName(siteId: string): string {
    return this.d.book.sites().find((s) => s.id === siteId)?.name ?? 'the practice';
  }

  /** Weekday names ("Saturdays") the template runs on when its site is closed. */
  private closedWeekdays(t: SessionTemplate): string[] {
    const hours = this.hoursFor(t.siteId);
    const weekdays = weekdaysOf(t);
    return weekdays.filter((w) => !hoursOn(hours, w)).map((w) => `${WEEKDAY_NAMES[w - 1]}s`);
  }

  /** What a template must satisfy beyond its own schema: the slot types, clinician and site exist, and the site is open. */
  private checkTemplate(t: SessionTemplate): void {
    const types = new Set(this.d.repo.slotTypes().map((s) => s.id));
    const missing = [...new Set(t.sequence.map((i) => i.slotTypeId).filter((id) => !types.has(id)))];
    if (missing.length > 0) throw new AppFailure('INVALID_INPUT', `The template uses ${missing.length === 1 ? 'a slot type that does not exist' : 'slot types that do not exist'} (${missing.join(', ')}): create ${missing.length === 1 ? 'it' : 'them'} first, or choose another.`);
    const clinicians = this.d.book.clinicians();
    if (clinicians.length > 0 && !clinicians.some((c) => c.id === t.clinicianId)) throw new AppFailure('INVALID_INPUT', 'Choose a clinician from the appointment book.');
    const sites = this.d.book.sites();
    if (sites.length > 0 && !sites.some((s) => s.id === t.siteId)) throw new AppFailure('INVALID_INPUT', 'Choose a site from the appointment book.');
    const closed = this.closedWeekdays(t);
    if (closed.length > 0) {
      throw new AppFailure('INVALID_INPUT', `${upperFirst(this.siteName(t.siteId))} is closed on ${closed.join(' and ')}: a session cannot run then. Choose other weekdays, or change the opening hours first.`);
    }
    const hours = this.hoursFor(t.siteId);
    const weekdays = weekdaysOf(t);
    const start = minutesOfWallTime(t.start);
    const end = minutesOfWallTime(t.end);
    const overlapsSomeDay = weekdays.some((w) => {
      const h = hoursOn(hours, w);
      return h !== null && start < minutesOfWallTime(h.close) && end > minutesOfWallTime(h.open);
    });
    if (!overlapsSomeDay) {
      const h = hoursOn(hours, weekdays[0]!)!;
      throw new AppFailure('INVALID_INPUT', `The session ${t.start}–${t.end} is wholly outside the opening hours (${h.open}–${h.close}): no slot could be generated.`);
    }
  }
}

const upperFirst = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const weekdaysOf = (t: SessionTemplate): IsoWeekday[] => (t.pattern.kind === 'nth-weekday' ? [t.pattern.weekday] : t.pattern.weekdays) as IsoWeekday[];
