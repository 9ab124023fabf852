import { demoStaff } from '../organisations';
import type { AppContract } from '../../../shared/contract';
import type { CoreOptions, DemoCardControl } from '../core';
import type { AuditService } from '../services/audit.service';
import type { AppointmentsService } from '../services/appointments.service';
import type { AuthService } from '../services/auth.service';
import type { PatientsService } from '../services/patients.service';
import type { LocalCopyService } from '../services/local-copy.service';
import type { PrescriptionsService } from '../services/prescriptions.service';
import type { RotaService } from '../services/rota.service';
import type { StaffService } from '../services/staff.service';
import type { SyncService } from '../services/sync.service';
import type { OutboxService } from '../outbox/outbox.service';
import type { CrossOrgService } from '../services/cross-org.service';
import type { OohService } from '../services/ooh.service';
import type { OohShiftsService } from '../services/ooh-shifts.service';
import { applyDemoFaults, modeOf, type SandboxFaultSwitches } from '../demo/demo-faults';
import type { Implementations } from './bind';
import { deskOrganisation, effectiveMode, type DeskMode } from '../ooh.wiring';
import { AppFailure } from '../../../shared/result';

export interface HandlerDeps {
  o: CoreOptions;
  auth: AuthService;
  audit: AuditService;
  staff: StaffService;
  patients: PatientsService;
  book: AppointmentsService;
  prescriptions: PrescriptionsService;
  sync: SyncService;
  outbox: OutboxService;
  /** The demo reader's controls; throws DEMO_ONLY when the reader is a real one. */
  demoCards: () => DemoCardControl;
  /** The sandbox's fault switches; throws DEMO_ONLY outside demo mode. */
  demoFaults: () => SandboxFaultSwitches;
  /** Throws when no appointments service is configured for the practice. */
  bookConfigured: () => void;
  /** Settles once the book's first refresh after start has (or the interactive budget has passed): reads wait for it. */
  bookFirstRefresh: () => Promise<void>;
  rota: RotaService;
  /** Out-of-hours encounter board and report (issue 8). */
  ooh: OohService;
  /** The out-of-hours centre's shift rota (issue 8). */
  oohShifts: OohShiftsService;
  /** Booking at other organisations through GP Connect (issue 8). */
  crossOrg: CrossOrgService;
  /** The local copy's expiry and "sign out and clear this PC's copy" (issue 9). */
  localCopy: LocalCopyService;
}

/** Every verb of the contract mapped to its service call. Access, input and output checks live in bind(). */
export function handlerTable({ ooh, oohShifts, crossOrg, prescriptions, o, auth, audit, staff, patients, book, sync, outbox, demoCards, demoFaults, bookConfigured, bookFirstRefresh, rota, localCopy }: HandlerDeps): Implementations<AppContract> {
  // Verbs that belong to one kind of desk only (least privilege); the role check has already passed in bind().
  const onlyIn =
    (mode: DeskMode, refusal: string) =>
    <G extends object>(group: G): G =>
      Object.fromEntries(
        Object.entries(group).map(([verb, run]: [string, (...args: unknown[]) => unknown]) => [
          verb,
          (...args: unknown[]) => {
            if (effectiveMode(o.settings.get()) !== mode) throw new AppFailure('FORBIDDEN_ROLE', refusal);
            return run(...args);
          },
        ]),
      ) as G;
  // The practice's repeat-prescription queue and rotas are not an out-of-hours centre's to read or change.
  const practiceOnly = onlyIn('practice', "An out-of-hours desk does not work on the practice's repeat prescriptions or rotas.");
  // Nor is the centre's shift rota a practice desk's. Only the shift verbs: ooh:context tells either desk its mode.
  const oohOnly = onlyIn('out-of-hours', "A practice desk does not keep an out-of-hours centre's shifts.");
  return {
    app: {
      info: () => {
        const s = o.settings.get();
        const org = deskOrganisation(s, effectiveMode(s)); // the out-of-hours centre in that mode (issue 8)
        return {
          version: o.version,
          demo: o.demo,
          transport: o.transport,
          practice: { odsCode: org.odsCode, name: org.name },
          nationalService: { label: o.nationalLabel, baseUrl: o.pdsBaseUrl },
          user: auth.current(),
        };
      },
    },
    auth: {
      state: () => auth.state(),
      passcode: (i) => auth.passcode(i.passcode),
      chooseRole: (i) => auth.chooseRole(i.roleProfileId),
      lock: () => auth.lock(),
      signOut: () => auth.signOut(),
      // Clear first: if that fails the person is still signed in and can try again.
      signOutAndClear: (_i, ctx) => {
        localCopy.clear(ctx);
        return auth.signOut();
      },
      touch: () => auth.touch(),
    },
    demo: {
      faults: async () => modeOf(await demoFaults().current()),
      setFaults: (i) => applyDemoFaults(demoFaults(), i),
      presentCard: (i) => {
        demoCards().present(i.cardId);
        return { presented: true as const };
      },
      withdrawCard: () => {
        demoCards().withdraw();
        return { withdrawn: true as const };
      },
      cards: () => {
        demoCards();
        return demoStaff.map((s) => ({ cardId: s.cardId, holderName: s.name, roles: s.roles.map((r) => r.roleCode), passcode: s.passcode }));
      },
    },
    staff: {
      list: () => staff.list(),
      save: (i, ctx) => staff.save(i, ctx),
      issueCard: (i, ctx) => staff.issueCard(i.userId, i.cardId, i.passcode, ctx),
      unlockCard: (i, ctx) => staff.unlockCard(i.cardId, ctx),
    },
    audit: {
      patientAccess: (i, ctx) => {
        audit.record(ctx, 'audit.read', i.nhsNumber, 'ok');
        return audit.patientAccess(i.nhsNumber);
      },
      exportPatientAccess: (i, ctx) => {
        audit.record(ctx, 'audit.export', i.nhsNumber, 'ok');
        return { filename: `access-${i.nhsNumber}-${new Date().toISOString().slice(0, 10)}.csv`, csv: audit.patientAccessCsv(i.nhsNumber) };
      },
      verify: () => audit.verify(),
    },
    patients: {
      search: (input, ctx) => patients.search(input.text, input.fuzzy, ctx),
      open: (input, ctx) => patients.open(input.nhsNumber, ctx),
    },
    book: {
      day: async (i) => (await bookFirstRefresh(), book.day(i.day, i.siteId)),
      findFree: async (i) => (await bookFirstRefresh(), book.findFree(i)),
      book: (i, ctx) => (bookConfigured(), book.book(i, ctx)),
      cancel: (i, ctx) => (bookConfigured(), book.cancel(i.appointmentId, i.by, i.reason, ctx)),
      move: (i, ctx) => (bookConfigured(), book.move(i.appointmentId, i.toSlotId, ctx)),
      act: (i, ctx) => book.act(i.appointmentId, i.action, ctx),
      waitingRoom: async () => (await bookFirstRefresh(), book.waitingRoom()),
      onlineFeed: () => book.onlineFeed(),
      patientAppointments: (i, ctx) => book.patientAppointments(i.nhsNumber, ctx),
    },
    rx: practiceOnly({
      queue: (i, ctx) => prescriptions.queue(i, ctx),
      changes: (i, ctx) => prescriptions.changes(i.since, ctx),
      counts: (_i, ctx) => prescriptions.counts(ctx),
      prescribers: () => prescriptions.prescribers(),
      patient: (i, ctx) => prescriptions.patientRequests(i.nhsNumber, ctx),
      templates: (i, ctx) => prescriptions.templates(i.nhsNumber, ctx),
      add: (i, ctx) => prescriptions.add(i, ctx),
      route: (i, ctx) => prescriptions.route(i.id, i.to, ctx),
      approve: (i, ctx) => prescriptions.approve(i.id, i.fulfilment, i.acknowledgeFlags, ctx),
      reject: (i, ctx) => prescriptions.reject(i.id, i.reason, ctx),
      cancel: (i, ctx) => prescriptions.cancel(i.id, ctx),
      ready: (i, ctx) => prescriptions.ready(i.id, ctx),
      collected: (i, ctx) => prescriptions.collected(i.id, ctx),
    }),
    sync: {
      status: () => sync.status(),
      attention: () => sync.attention(),
      resolve: (i, ctx) => {
        sync.resolve(i.requestId, i.resolution, ctx);
        return { resolved: true as const };
      },
      retryNow: async () => {
        await outbox.kick();
        return sync.status();
      },
    },
    rota: practiceOnly({
      overview: () => rota.overview(),
      saveSlotType: (i, ctx) => rota.saveSlotType(i, ctx),
      saveTemplate: (i, ctx) => rota.saveTemplate(i.rotaId, i.template, ctx),
      deleteTemplate: (i, ctx) => rota.deleteTemplate(i.templateId, ctx),
      saveRota: (i, ctx) => rota.saveRota(i, ctx),
      addLeave: (i, ctx) => rota.addLeave(i, ctx),
      removeLeave: (i, ctx) => rota.removeLeave(i.leaveId, ctx),
      setOpeningHours: (i, ctx) => rota.setOpeningHours(i.siteId, i.hours, ctx),
      addClosure: (i, ctx) => rota.addClosure(i.day, i.reason, ctx),
      removeClosure: (i, ctx) => rota.removeClosure(i.day, ctx),
      preview: (i) => rota.preview(i),
      generate: (i, ctx) => rota.generate(i, ctx),
      rebookList: () => rota.rebookList(),
      capacity: (i) => rota.capacity(i),
    }),
    ooh: {
      context: () => ooh.context(),
      board: (i) => ooh.board(i.includeCompleted),
      arrive: (i, ctx) => ooh.arrive(i, ctx),
      triage: (i, ctx) => ooh.triage(i.encounterId, i.priority, ctx),
      seen: (i, ctx) => ooh.seen(i.encounterId, i.clinician, ctx),
      outcome: (i, ctx) => ooh.outcome(i.encounterId, i.outcome, i.note, ctx),
      report: (i, ctx) => ooh.report(i, ctx),
      ...oohOnly<Pick<Implementations<AppContract>['ooh'], 'shifts' | 'shiftSave' | 'shiftRemove'>>({
        shifts: (i) => oohShifts.list(i),
        shiftSave: (i, ctx) => oohShifts.save(i, ctx),
        shiftRemove: (i, ctx) => oohShifts.remove(i.id, ctx),
      }),
    },
    crossOrg: {
      findSlots: (i, ctx) => crossOrg.findSlots(i, ctx),
      book: (i, ctx) => crossOrg.book(i, ctx),
      bookings: (i, ctx) => crossOrg.bookings(i.nhsNumber, ctx),
      cancel: (i, ctx) => crossOrg.cancel(i, ctx),
    },
  };
}
