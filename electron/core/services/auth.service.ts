import { randomUUID } from 'node:crypto';
import type { StaffSession } from '../../../shared/contract/app';
import type { ReaderStatus, SessionState } from '../../../shared/contract/auth';
import { MAX_PASSCODE_ATTEMPTS, PASSCODE_RULE, roleName } from '../../../shared/domain/roles';
import { verifyPasscode } from '../auth/passcode.hash';
import type { CallContext } from '../call-context';
import type { StaffRepo, StaffRow } from '../db/repos/staff.repo';
import type { CardReaderEvent } from '../devices/card-reader';
import type { Actor, AuditService } from './audit.service';

type Phase =
  | { kind: 'signed-out' }
  | { kind: 'card-presented'; cardId: string }
  | { kind: 'choose-role'; cardId: string; person: StaffRow }
  | { kind: 'active' }
  | { kind: 'locked'; reason: 'card-removed' | 'idle' | 'manual' };

interface Session {
  id: string;
  user: StaffSession;
  cardId: string;
}

export interface AuthDeps {
  staff: StaffRepo;
  audit: AuditService;
  /** Publishes every change of state (the `session` push event). */
  publish: (s: SessionState) => void;
  /** Context for audit rows written by reader events (no verb call behind them). */
  systemContext: () => Omit<CallContext, 'user'>;
  idleLockMs: () => number;
  simulatedReader: boolean;
  now?: () => Date;
}

const UNLOCK_HELP = 'A clerical manager can unlock it in Staff and cards.';

/**
 * The login cycle, driven by card events and passcodes: signed out → card presented → (role choice) →
 * active ⇄ locked. Pulling the card locks at once; the same card + passcode resumes the same session; a
 * different card ends it. Wrong passcodes are counted in practice.db, so a lockout survives restarts.
 */
export class AuthService {
  private phase: Phase = { kind: 'signed-out' };
  private session: Session | null = null;
  private cardOnReader: string | null = null;
  private reader: ReaderStatus;
  private message: string | null = null;
  private idleTimer: NodeJS.Timeout | null = null;
  private idleLockAt: Date | null = null;
  /** Passcode checks are slow (scrypt); run auth steps one at a time so counts never race. */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly now: () => Date;

  constructor(private readonly d: AuthDeps) {
    this.now = d.now ?? (() => new Date());
    this.reader = { state: 'disconnected', message: 'Waiting for the card reader…', simulated: d.simulatedReader };
  }

  /** The signed-in, unlocked user, or null. */
  current(): StaffSession | null {
    return this.phase.kind === 'active' ? (this.session?.user ?? null) : null;
  }

  isLocked(): boolean {
    return this.phase.kind === 'locked';
  }

  state(): SessionState {
    const reader = this.reader;
    const p = this.phase;
    switch (p.kind) {
      case 'signed-out':
        return { state: 'signed-out', reader, message: this.message };
      case 'card-presented': {
        const card = this.d.staff.card(p.cardId);
        const person = card ? this.d.staff.get(card.userId) : null;
        return {
          state: 'card-presented',
          reader,
          holderName: person?.name ?? null,
          refusal: this.refusalFor(p.cardId),
          attemptsLeft: card ? Math.max(0, MAX_PASSCODE_ATTEMPTS - card.failedAttempts) : 0,
          message: this.message,
        };
      }
      case 'choose-role':
        return {
          state: 'choose-role',
          reader,
          holderName: p.person.name,
          roles: p.person.roles.map((r) => ({ roleProfileId: r.roleProfileId, roleCode: r.roleCode, roleName: roleName(r.roleCode) })),
        };
      case 'active':
        return { state: 'active', reader, user: this.session!.user, sessionId: this.session!.id };
      case 'locked': {
        const s = this.session!;
        const card = this.d.staff.card(s.cardId);
        return {
          state: 'locked',
          reader,
          user: s.user,
          sessionId: s.id,
          reason: p.reason,
          cardPresent: this.cardOnReader === s.cardId,
          attemptsLeft: card ? Math.max(0, MAX_PASSCODE_ATTEMPTS - card.failedAttempts) : 0,
          message: this.message,
        };
      }
    }
  }

  private refusalFor(cardId: string): string | null {
    const card = this.d.staff.card(cardId);
    if (!card) return 'This card is not registered at this practice. Ask a clerical manager to add it in Staff and cards.';
    if (card.lockedAt) return `This card is locked after ${MAX_PASSCODE_ATTEMPTS} wrong passcodes. ${UNLOCK_HELP}`;
    const person = this.d.staff.get(card.userId);
    if (!person?.active) return 'This card belongs to someone who is not active at this practice.';
    if (person.roles.length === 0) return 'This card has no role at this practice. Ask a clerical manager to add one.';
    return null;
  }

  private publish(): SessionState {
    const s = this.state();
    this.d.publish(s);
    return s;
  }

  private serial<T>(step: () => Promise<T> | T): Promise<T> {
    const next = this.queue.then(step, step);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private audit(action: string, outcome: 'ok' | 'refused' | 'failed', detail = '', actor: Actor | null = this.session?.user ?? null) {
    this.d.audit.record({ ...this.d.systemContext(), user: null }, action, null, outcome, detail, actor);
  }

  private holder(cardId: string): Actor | null {
    const card = this.d.staff.card(cardId);
    const person = card ? this.d.staff.get(card.userId) : null;
    return person ? { userId: person.userId, name: person.name, roleCode: '-', roleProfileId: '-' } : null;
  }

  /** Resolves once every queued auth step (reader events included) has run. */
  settled(): Promise<void> {
    return this.queue.then(() => undefined);
  }

  /** Card reader events. */
  onReader(e: CardReaderEvent): void {
    void this.serial(() => this.handleReader(e));
  }

  private handleReader(e: CardReaderEvent): void {
    this.message = null;
    if (e.type === 'status') {
      this.reader = {
        state: e.state,
        simulated: this.d.simulatedReader,
        message:
          e.state === 'connected'
            ? this.d.simulatedReader ? 'Demo card reader ready' : 'Card reader ready'
            : e.state === 'disconnected'
              ? 'Card reader unplugged: plug it in to sign in'
              : `Card reader unavailable: ${e.reason ?? 'no reader driver'}`,
      };
    } else if (e.type === 'inserted') {
      this.cardOnReader = e.cardId;
      this.cardInserted(e.cardId);
    } else if (e.type === 'removed') {
      this.cardOnReader = null;
      this.cardRemoved();
    } else {
      this.message = 'The card could not be read. Take it out and present it again.';
    }
    this.publish();
  }

  private cardInserted(cardId: string) {
    const s = this.session;
    if (s && cardId === s.cardId) return; // same card back on the reader: the passcode unlocks
    if (s) this.endSession('another card was presented');
    this.phase = { kind: 'card-presented', cardId };
  }

  private cardRemoved() {
    if (this.phase.kind === 'active') this.lockNow('card-removed');
    else if (this.phase.kind === 'card-presented' || this.phase.kind === 'choose-role') this.phase = { kind: 'signed-out' };
  }

  private lockNow(reason: 'card-removed' | 'idle' | 'manual') {
    this.clearIdle();
    this.phase = { kind: 'locked', reason };
    this.audit('session.lock', 'ok', `reason=${reason}`);
  }

  private endSession(why: string) {
    this.clearIdle();
    this.audit('session.end', 'ok', why);
    this.session = null;
    this.phase = { kind: 'signed-out' };
  }

  /** Sign in, or unlock a locked session, with the passcode for the card on the reader. */
  passcode(passcode: string): Promise<SessionState> {
    return this.serial(async () => {
      this.message = null;
      const p = this.phase;
      const cardId = p.kind === 'card-presented' ? p.cardId : p.kind === 'locked' && this.cardOnReader === this.session?.cardId ? this.session.cardId : null;
      if (!cardId) {
        this.message = p.kind === 'locked' ? 'Present your card to resume.' : 'Present your smartcard first.';
        return this.publish();
      }
      const refusal = this.refusalFor(cardId);
      if (refusal) {
        this.audit('login.refused', 'refused', refusal.split('.')[0] ?? '', this.holder(cardId));
        if (p.kind === 'locked') {
          this.endSession('card can no longer be used');
          this.phase = { kind: 'card-presented', cardId };
        }
        return this.publish();
      }
      if (!PASSCODE_RULE.test(passcode)) {
        this.message = 'A passcode is 6 to 8 digits.';
        return this.publish();
      }
      const card = this.d.staff.card(cardId)!;
      if (!(await verifyPasscode(passcode, card.passcodeHash))) {
        const n = this.d.staff.recordFailure(cardId, MAX_PASSCODE_ATTEMPTS, this.now().toISOString());
        this.audit('login.failed', 'failed', `attempt=${n}`, this.holder(cardId));
        const left = MAX_PASSCODE_ATTEMPTS - n;
        if (left <= 0) {
          this.audit('card.locked', 'ok', `after ${n} wrong passcodes`, this.holder(cardId));
          if (p.kind === 'locked') {
            this.endSession('card locked after wrong passcodes');
            this.phase = { kind: 'card-presented', cardId };
          }
        } else {
          this.message = `That passcode is not right. ${left} ${left === 1 ? 'try' : 'tries'} left before the card locks.`;
        }
        return this.publish();
      }
      this.d.staff.resetFailures(cardId);
      if (p.kind === 'locked') {
        this.phase = { kind: 'active' };
        this.audit('session.unlock', 'ok');
        this.armIdle();
        return this.publish();
      }
      const person = this.d.staff.get(card.userId)!;
      if (person.roles.length === 1) this.startSession(cardId, person, person.roles[0]!.roleProfileId);
      else this.phase = { kind: 'choose-role', cardId, person };
      return this.publish();
    });
  }

  chooseRole(roleProfileId: string): Promise<SessionState> {
    return this.serial(() => {
      const p = this.phase;
      this.message = null;
      if (p.kind !== 'choose-role') return this.state();
      if (!p.person.roles.some((r) => r.roleProfileId === roleProfileId)) {
        this.message = 'Choose one of your own roles.';
        return this.publish();
      }
      this.startSession(p.cardId, p.person, roleProfileId);
      return this.publish();
    });
  }

  private startSession(cardId: string, person: StaffRow, roleProfileId: string) {
    const role = person.roles.find((r) => r.roleProfileId === roleProfileId)!;
    this.session = {
      id: randomUUID(),
      cardId,
      user: { userId: person.userId, name: person.name, roleCode: role.roleCode, roleName: roleName(role.roleCode), roleProfileId },
    };
    this.phase = { kind: 'active' };
    this.audit('session.login', 'ok', `role=${role.roleCode}`);
    this.armIdle();
  }

  /** Ctrl+L: lock now, keep the session. */
  lock(): Promise<SessionState> {
    return this.serial(() => {
      if (this.phase.kind === 'active') this.lockNow('manual');
      return this.publish();
    });
  }

  signOut(): Promise<SessionState> {
    return this.serial(() => {
      if (this.session) this.endSession('signed out');
      this.message = null;
      if (this.cardOnReader) this.phase = { kind: 'card-presented', cardId: this.cardOnReader };
      return this.publish();
    });
  }

  /** Activity from the user: restart the idle timer. */
  touch(): { idleLockAt: string | null } {
    if (this.phase.kind === 'active') this.armIdle();
    return { idleLockAt: this.idleLockAt?.toISOString() ?? null };
  }

  private armIdle() {
    this.clearIdle();
    const ms = this.d.idleLockMs();
    this.idleLockAt = new Date(this.now().getTime() + ms);
    this.idleTimer = setTimeout(() => {
      void this.serial(() => {
        if (this.phase.kind === 'active') {
          this.lockNow('idle');
          this.publish();
        }
      });
    }, ms);
    this.idleTimer.unref?.();
  }

  private clearIdle() {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    this.idleLockAt = null;
  }

  stop(): void {
    this.clearIdle();
  }
}
