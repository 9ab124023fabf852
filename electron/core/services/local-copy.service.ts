import { londonDay } from '../../../shared/domain/appointments/london-time';
import { addDays } from '../../../shared/domain/calendar/days';
import type { CallContext } from '../call-context';
import type { LocalCopyRepo, PurgeCounts as CachePurgeCounts } from '../db/repos/local-copy.repo';
import type { OutboxRepo } from '../db/repos/outbox.repo';
import type { Actor, AuditService } from './audit.service';

const DAY_MS = 86_400_000;
/** Sign-out clears every change that is done with, whenever it was made. */
const END_OF_TIME = '9999-12-31T23:59:59.999Z';

/** What went: cache.db's rows, and outbox.db's changes that were done with (their payloads name patients). */
export type PurgeCounts = CachePurgeCounts & { outboxSettled: number };
/** The expiry runs at start and then this often (an unref'd timer: it never keeps the process alive). */
export const EXPIRY_EVERY_MS = 4 * 60 * 60_000;

/** Who the audit names for the scheduled expiry: the desk itself, not a person. */
const EXPIRY_ACTOR: Actor = { userId: '-', name: 'Local copy expiry', roleCode: '-', roleProfileId: '-' };

export interface LocalCopyDeps {
  repo: LocalCopyRepo;
  /** outbox.db: changes sent, withdrawn or dealt with expire with the local copy. */
  outbox: Pick<OutboxRepo, 'pruneSettled'>;
  audit: AuditService;
  /** Setting localCopy.expireAfterDays, read at each run. */
  expireAfterDays: () => number;
  /** The clock records are stamped "seen" with (the patients service's); tests fake it. */
  now: () => Date;
  /** The appointment book's clock: its today, and the national services' timestamps on requests and the feed. */
  bookNow: () => Date;
  /** Context for the scheduled expiry's audit row (no verb call behind it). */
  systemContext: () => Omit<CallContext, 'user'>;
  /** Rows went: in-memory copies forget them and the screens showing them refetch. */
  purged: (counts: PurgeCounts) => void;
  log?: (line: string) => void;
}

export const purgedTotal = (c: PurgeCounts): number => Object.values(c).reduce((a, b) => a + b, 0);
/** Counts only, never which patients: the log line and the audit row's detail. */
export const describeCounts = (c: PurgeCounts): string =>
  `patients=${c.patients} superseded=${c.supersededNumbers} appointments=${c.appointments} online-feed=${c.onlineFeed} ` +
  `rx-requests=${c.rxRequests} rx-templates=${c.rxTemplates} outbox-settled=${c.outboxSettled}`;

/**
 * Cached patient data expires (issue 9): records nobody has opened, found or refreshed for `expireAfterDays` are
 * purged from cache.db at start and every few hours, with the book's and the prescription queue's rows about the
 * past beyond the window and outbox.db's changes done with before it. On a shared PC, signing out can clear every
 * cached record (and every finished change) at once; what is still to send or waits for a person stays.
 */
export class LocalCopyService {
  private timer: NodeJS.Timeout | null = null;
  private readonly log: (line: string) => void;

  constructor(private readonly d: LocalCopyDeps) {
    this.log = d.log ?? ((line) => console.info(line));
  }

  /** Purge what has not been seen within the window; returns the counts (audited and logged when anything went). */
  purgeExpired(): PurgeCounts {
    const days = this.d.expireAfterDays();
    const bookNow = this.d.bookNow();
    const today = londonDay(bookNow);
    const counts = {
      ...this.d.repo.purgeExpired({
        seenBefore: new Date(this.d.now().getTime() - days * DAY_MS).toISOString(),
        today,
        dayBefore: addDays(today, -days),
        updatedBefore: new Date(bookNow.getTime() - days * DAY_MS).toISOString(),
      }),
      // The outbox stamps its entries with the wall clock, as the patients service does "seen".
      outboxSettled: this.d.outbox.pruneSettled(new Date(this.d.now().getTime() - days * DAY_MS).toISOString()),
    };
    if (purgedTotal(counts) > 0) {
      this.log(`[core] local copy expiry (${days} days): removed ${describeCounts(counts)}`);
      this.d.audit.record({ ...this.d.systemContext(), user: null }, 'local-copy.expire', null, 'ok', `days=${days} ${describeCounts(counts)}`, EXPIRY_ACTOR);
      this.d.purged(counts);
    }
    return counts;
  }

  /** "Sign out and clear this PC's copy": every cached patient record goes (LocalCopyRepo.clearAll); audited with counts. */
  clear(ctx: CallContext): PurgeCounts {
    const counts = { ...this.d.repo.clearAll(londonDay(this.d.bookNow())), outboxSettled: this.d.outbox.pruneSettled(END_OF_TIME) };
    this.d.audit.record(ctx, 'local-copy.clear', null, 'ok', describeCounts(counts));
    this.log(`[core] local copy cleared at sign-out: removed ${describeCounts(counts)}`);
    this.d.purged(counts);
    return counts;
  }

  /** Run the expiry now, then every `everyMs` (0 = only now). A failed run is logged (no patient detail) and retried next time. */
  start(everyMs = EXPIRY_EVERY_MS): void {
    this.runLogged();
    if (everyMs > 0) {
      this.timer = setInterval(() => this.runLogged(), everyMs);
      this.timer.unref();
    }
  }

  private runLogged(): void {
    try {
      this.purgeExpired();
    } catch (e) {
      console.error(`[core] local copy expiry failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
