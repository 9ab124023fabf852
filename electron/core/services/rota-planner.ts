/**
 * Preview, generate and capacity: the rota's templates laid over the book as it is. Generation is the domain's pure
 * generateSlots; this adds the data (rota, slot types, calendar, hours, leave, the existing book) and, for generate,
 * publishes what is new. Nothing already in the book is deleted or moved: clashes are listed for a person.
 */
import type { CapacityView, GenerateView, GenerationInput, PreviewView } from '../../../shared/contract/rota';
import { capacity } from '../../../shared/domain/rota/capacity';
import { generateSlots, type GenerationResult } from '../../../shared/domain/rota/generate';
import { indexLeave, leaveOverlapping } from '../../../shared/domain/rota/leave';
import type { PracticeSlotType } from '../../../shared/domain/rota/slot-type';
import { AppFailure } from '../../../shared/result';
import type { CallContext } from '../call-context';
import type { PublishSlot } from '../national/slot-publisher';
import { rotaCalendar } from './rota-calendar';
import { RotaBookReader, type RotaBook } from './rota-book';
import { clinicianNames, national, nationalFailure, practiceHours, rebookViews, today, type RotaDeps } from './rota-support';

interface Plan {
  from: string;
  to: string;
  book: RotaBook;
  result: GenerationResult;
  types: Map<string, PracticeSlotType>;
  names: Record<string, string>;
}

export class RotaPlanner {
  private readonly reader: RotaBookReader;

  constructor(private readonly d: RotaDeps) {
    this.reader = new RotaBookReader({ national: d.national, repo: d.book, failure: nationalFailure });
  }

  async preview(input: GenerationInput): Promise<PreviewView> {
    return this.view(input.rotaId, await this.plan(input, 'national-or-local'));
  }

  async generate(input: GenerationInput, ctx: CallContext): Promise<GenerateView> {
    const service = national(this.d);
    const plan = await this.plan(input, 'national');
    const fresh = plan.result.slots.filter((s) => s.isNew);
    const toPublish: PublishSlot[] = fresh.map((s) => {
      const type = plan.types.get(s.slotTypeId)!;
      return {
        id: s.id, clinicianId: s.clinicianId, siteId: s.siteId, start: s.start, end: s.end,
        // A slot type nobody may book (an admin block) is shown in the book but offered to no one.
        status: s.state === 'blocked' || type.bookableBy.length === 0 ? 'busy-unavailable' : 'free',
        slotTypeId: type.id, slotTypeName: type.name, urgent: type.urgent, onlineBookable: s.onlineBookable, embargoUntil: s.embargoUntil,
      };
    });
    const blockExisting = plan.result.blockExisting;
    let created = 0;
    try {
      created = await service.publish(toPublish);
      await service.setStatus(blockExisting, 'busy-unavailable');
    } catch (e) {
      this.d.audit.record(ctx, 'rota.generate', null, 'failed', `rota=${input.rotaId} from=${plan.from} to=${plan.to}`);
      nationalFailure(e, 'generating the slots');
    }
    const blocked = new Set(blockExisting);
    this.recordLeaveBlocks([...fresh.filter((s) => s.state === 'blocked'), ...plan.book.slots.filter((s) => blocked.has(s.id))]);
    this.d.audit.record(
      ctx, 'rota.generate', null, 'ok',
      `rota=${input.rotaId} from=${plan.from} to=${plan.to} created=${created} blocked=${blockExisting.length} clashes=${plan.result.clashes.length}`,
    );
    await this.d.refreshBook().catch(() => undefined); // the slots are in the national book; the desk's copy catches up on its next refresh
    this.d.changed(['rota']);
    return { ...this.view(input.rotaId, plan), created, alreadyInBook: plan.result.slots.length - fresh.length, blockedExisting: blockExisting.length };
  }

  async capacity(input: { from: string; to: string }): Promise<CapacityView> {
    const book = await this.reader.read(input.from, input.to, 'national-or-local');
    const types = new Map(this.d.repo.slotTypes().map((t) => [t.id, t]));
    const names = clinicianNames(this.d.book);
    const r = capacity({
      from: input.from, to: input.to, slots: book.slots, appointments: book.appointments,
      categoryOf: (id) => types.get(id)?.nationalCategory ?? 'Unmapped',
    });
    return { from: input.from, to: input.to, basis: book.basis, ...r, byClinician: r.byClinician.map((c) => ({ ...c, clinicianName: names[c.clinicianId] ?? c.clinicianId })) };
  }

  private async plan(input: GenerationInput, mode: 'national' | 'national-or-local'): Promise<Plan> {
    const rota = this.d.repo.rota(input.rotaId);
    if (!rota) throw new AppFailure('NOT_FOUND', 'There is no rota with that id.');
    if (input.from <= today(this.d)) throw new AppFailure('INVALID_INPUT', 'Generate from tomorrow onwards: today’s book is already in use.');
    // yyyy-mm-dd compares as text: the asked days within the rota's own.
    const from = input.from > rota.from ? input.from : rota.from;
    const to = input.to < rota.to ? input.to : rota.to;
    if (from > to) throw new AppFailure('INVALID_INPUT', `Those dates are outside the rota "${rota.name}" (${rota.from} to ${rota.to}).`);
    const book = await this.reader.read(from, to, mode);
    const slotTypes = this.d.repo.slotTypes();
    const hours = practiceHours(this.d.repo);
    const names = clinicianNames(this.d.book);
    const result = generateSlots({
      templates: rota.templates, slotTypes, from, to,
      calendar: rotaCalendar(this.d.repo.closures().map((c) => c.day)),
      openingHours: hours.practice, siteOpeningHours: hours.sites,
      leave: this.d.repo.leave(),
      existing: { slots: book.slots, appointments: book.appointments },
      clinicianNames: names,
    });
    return { from, to, book, result, types: new Map(slotTypes.map((t) => [t.id, t])), names };
  }

  private view(rotaId: string, p: Plan): PreviewView {
    const { summary } = p.result;
    return {
      rotaId, from: p.from, to: p.to, basis: p.book.basis, note: p.book.note,
      summary: { rows: summary.rows, totalSlots: summary.totalSlots, newSlots: summary.newSlots, blockedSlots: summary.blockedSlots, clashCounts: summary.clashes },
      clashes: p.result.clashes,
      rebook: rebookViews(p.result.rebook, p.book.appointments, p.names),
    };
  }

  /** Slots blocked because of leave, remembered against that leave so removing it gives them back. */
  private recordLeaveBlocks(slots: readonly { id: string; clinicianId: string; start: string; end: string }[]): void {
    if (slots.length === 0) return;
    const index = indexLeave(this.d.repo.leave());
    const byLeave = new Map<string, string[]>();
    for (const s of slots) {
      const l = leaveOverlapping(index, s.clinicianId, Date.parse(s.start), Date.parse(s.end));
      if (l) byLeave.set(l.id, [...(byLeave.get(l.id) ?? []), s.id]);
    }
    for (const [leaveId, ids] of byLeave) this.d.repo.addLeaveBlocks(leaveId, ids);
  }
}
