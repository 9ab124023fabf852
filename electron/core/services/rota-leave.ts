/**
 * Leave and absences: recording leave blocks the clinician's free slots in it and lists the booked patients who
 * must be moved (the rebook list reception works through). Nothing booked is cancelled or moved here; removing
 * the leave gives back exactly the slots it blocked.
 */
import type { LeaveInput, RebookEntryView } from '../../../shared/contract/rota';
import { londonDay } from '../../../shared/domain/appointments/london-time';
import { addDays } from '../../../shared/domain/calendar/days';
import { indexLeave, type Leave, leaveInterval, leaveOverlapping, planLeave } from '../../../shared/domain/rota/leave';
import { AppFailure } from '../../../shared/result';
import type { CallContext } from '../call-context';
import { RotaBookReader } from './rota-book';
import { clinicianNames, national, nationalFailure, newId, rebookViews, type RotaDeps } from './rota-support';

/** The rebook list looks at most this far ahead (two years of leave). */
const REBOOK_HORIZON_DAYS = 731;

export class RotaLeave {
  private readonly reader: RotaBookReader;

  constructor(private readonly d: RotaDeps) {
    this.reader = new RotaBookReader({ national: d.national, repo: d.book, failure: nationalFailure });
  }

  async add(input: LeaveInput, ctx: CallContext): Promise<{ leave: Leave; blocked: number; rebook: RebookEntryView[] }> {
    const service = national(this.d);
    const names = clinicianNames(this.d.book);
    if (Object.keys(names).length > 0 && !names[input.clinicianId]) throw new AppFailure('INVALID_INPUT', 'Choose a clinician from the appointment book.');
    const leave: Leave = { id: newId('leave'), clinicianId: input.clinicianId, from: input.from, to: input.to, ...(input.reason ? { reason: input.reason } : {}) };
    const nowMs = this.d.now().getTime();
    const { startMs, endMs } = leaveInterval(leave);
    if (endMs <= nowMs) throw new AppFailure('INVALID_INPUT', 'That leave is already over: record leave that is still to come.');

    const book = await this.reader.read(londonDay(new Date(Math.max(startMs, nowMs))), londonDay(new Date(endMs - 1)), 'national');
    // Only what is still to come: a slot that has started is not blocked, and its patient is not moved.
    const plan = planLeave({ leave: [leave], slots: book.slots.filter((s) => Date.parse(s.start) > nowMs), appointments: book.appointments });
    try {
      await service.setStatus(plan.block, 'busy-unavailable');
    } catch (e) {
      this.d.audit.record(ctx, 'rota.add-leave', null, 'failed', `clinician=${leave.clinicianId}`);
      nationalFailure(e, 'blocking the slots in the leave');
    }
    this.d.repo.addLeave(leave, plan.block, this.d.now().toISOString());
    this.d.audit.record(ctx, 'rota.add-leave', null, 'ok', `leave=${leave.id} clinician=${leave.clinicianId} blocked=${plan.block.length} rebook=${plan.rebook.length}`);
    await this.d.refreshBook().catch(() => undefined);
    this.d.changed(['rota']);
    return { leave, blocked: plan.block.length, rebook: rebookViews(plan.rebook, book.appointments, names) };
  }

  async remove(leaveId: string, ctx: CallContext): Promise<{ removed: true; unblocked: number }> {
    const service = national(this.d);
    const leave = this.d.repo.leaveById(leaveId);
    if (!leave) throw new AppFailure('NOT_FOUND', 'That leave is not recorded (it may have been removed already).');
    const nowMs = this.d.now().getTime();
    const { startMs, endMs } = leaveInterval(leave);
    let unblock: string[] = [];
    if (endMs > nowMs) {
      const recorded = new Set(this.d.repo.leaveBlocks(leaveId));
      const others = indexLeave(this.d.repo.leave().filter((l) => l.id !== leaveId));
      const unbookable = new Set(this.d.repo.slotTypes().filter((t) => t.bookableBy.length === 0).map((t) => t.id));
      const book = await this.reader.read(londonDay(new Date(Math.max(startMs, nowMs))), londonDay(new Date(endMs - 1)), 'national');
      // Still blocked, still to come, not covered by other leave, and of a type someone may book (an admin block stays blocked).
      unblock = book.slots
        .filter((s) => recorded.has(s.id) && s.state === 'blocked' && Date.parse(s.start) > nowMs && !unbookable.has(s.slotTypeId))
        .filter((s) => !leaveOverlapping(others, s.clinicianId, Date.parse(s.start), Date.parse(s.end)))
        .map((s) => s.id);
      try {
        await service.setStatus(unblock, 'free');
      } catch (e) {
        nationalFailure(e, 'giving back the slots the leave blocked');
      }
    }
    this.d.repo.removeLeave(leaveId);
    this.d.audit.record(ctx, 'rota.remove-leave', null, 'ok', `leave=${leaveId} clinician=${leave.clinicianId} unblocked=${unblock.length}`);
    if (unblock.length > 0) await this.d.refreshBook().catch(() => undefined);
    this.d.changed(['rota']);
    return { removed: true, unblocked: unblock.length };
  }

  /** Patients still booked, from now on, in any recorded leave: what reception has left to move. */
  async rebookList(): Promise<RebookEntryView[]> {
    const nowMs = this.d.now().getTime();
    const current = this.d.repo.leave().filter((l) => leaveInterval(l).endMs > nowMs);
    if (current.length === 0) return [];
    const from = londonDay(new Date(Math.max(nowMs, Math.min(...current.map((l) => leaveInterval(l).startMs)))));
    const last = londonDay(new Date(Math.max(...current.map((l) => leaveInterval(l).endMs)) - 1));
    const horizon = addDays(from, REBOOK_HORIZON_DAYS - 1);
    const book = await this.reader.read(from, last < horizon ? last : horizon, 'national-or-local');
    const plan = planLeave({ leave: current, slots: book.slots.filter((s) => Date.parse(s.start) > nowMs), appointments: book.appointments });
    return rebookViews(plan.rebook, book.appointments, clinicianNames(this.d.book));
  }
}
