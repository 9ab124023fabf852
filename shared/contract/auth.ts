import { z } from 'zod';
import { ROLE_CODES } from '../domain/roles';
import { StaffSession } from './app';
import { verb } from './verb';

export const RoleCode = z.enum(ROLE_CODES);
export type RoleCodeValue = z.infer<typeof RoleCode>;
export const Passcode = z.string().regex(/^\d{6,8}$/, 'A passcode is 6 to 8 digits');
export const CardId = z.string().regex(/^[0-9A-Za-z]{4,32}$/, 'A card id is 4 to 32 letters or digits');

export const RoleChoice = z.object({ roleProfileId: z.string(), roleCode: RoleCode, roleName: z.string() });
export type RoleChoice = z.infer<typeof RoleChoice>;

export const ReaderStatus = z.object({
  state: z.enum(['connected', 'disconnected', 'unavailable']),
  /** Plain words for the login screen, e.g. "Card reader unplugged". */
  message: z.string(),
  simulated: z.boolean(),
});
export type ReaderStatus = z.infer<typeof ReaderStatus>;

/**
 * Where the desk is in the login cycle. Never carries a passcode or a secret.
 * - signed-out: waiting for a card
 * - card-presented: a card is on the reader; ask its holder for the passcode (or say it is locked/unknown)
 * - choose-role: passcode accepted; the holder has several role profiles
 * - active: signed in
 * - locked: the session continues but every patient view is hidden until the same card + passcode return
 */
export const SessionState = z.discriminatedUnion('state', [
  z.object({ state: z.literal('signed-out'), reader: ReaderStatus, message: z.string().nullable() }),
  z.object({
    state: z.literal('card-presented'),
    reader: ReaderStatus,
    holderName: z.string().nullable(),
    /** Why this card cannot be used now (unknown card, locked after 3 wrong passcodes…), or null. */
    refusal: z.string().nullable(),
    attemptsLeft: z.number().int().nonnegative(),
    message: z.string().nullable(),
  }),
  z.object({ state: z.literal('choose-role'), reader: ReaderStatus, holderName: z.string(), roles: z.array(RoleChoice) }),
  z.object({ state: z.literal('active'), reader: ReaderStatus, user: StaffSession, sessionId: z.string() }),
  z.object({
    state: z.literal('locked'),
    reader: ReaderStatus,
    user: StaffSession,
    sessionId: z.string(),
    reason: z.enum(['card-removed', 'idle', 'manual']),
    cardPresent: z.boolean(),
    attemptsLeft: z.number().int().nonnegative(),
    message: z.string().nullable(),
  }),
]);
export type SessionState = z.infer<typeof SessionState>;

export const auth = {
  state: verb('auth:state', z.object({}).strict(), SessionState, 'public'),
  /** The passcode for the card on the reader: signs in, or unlocks a locked session. */
  passcode: verb('auth:passcode', z.object({ passcode: z.string().max(64) }).strict(), SessionState, 'public'),
  chooseRole: verb('auth:choose-role', z.object({ roleProfileId: z.string().max(32) }).strict(), SessionState, 'public'),
  /** Ctrl+L: quiet lock. */
  lock: verb('auth:lock', z.object({}).strict(), SessionState, 'public'),
  signOut: verb('auth:sign-out', z.object({}).strict(), SessionState, 'public'),
  /**
   * Sign out and clear this PC's copy (shared PCs, issue 9): every cached patient record is removed from the local copy
   * (audited, with counts only), then the session ends. Any signed-in, unlocked user may; nobody else.
   */
  signOutAndClear: verb('auth:sign-out-and-clear', z.object({}).strict(), SessionState, 'session'),
  /** The user is still there (keyboard or mouse): restarts the idle timer. */
  touch: verb('auth:touch', z.object({}).strict(), z.object({ idleLockAt: z.string().nullable() }), 'public'),
} as const;

/** Demo mode only: the simulated card reader. Refused when a real reader is configured. */
/** The demo's developer panel: one national-service fault at a time, as a receptionist would meet it. */
export const DEMO_FAULT_MODES = ['none', 'down', 'hang', 'slow', 'error-500', 'busy-503', 'rate-limited-429', 'reset', 'malformed'] as const;
export const DemoFaults = z.object({
  mode: z.enum(DEMO_FAULT_MODES),
  /** The next booking sent finds its slot just taken by another desk. */
  otherDeskTakesNextSlot: z.boolean(),
});
export type DemoFaults = z.infer<typeof DemoFaults>;

export const demo = {
  faults: verb('demo:faults', z.object({}).strict(), DemoFaults, 'session'),
  setFaults: verb('demo:set-faults', DemoFaults.strict(), DemoFaults, 'session'),
  presentCard: verb('demo:present-card', z.object({ cardId: CardId }).strict(), z.object({ presented: z.literal(true) }), 'public'),
  withdrawCard: verb('demo:withdraw-card', z.object({}).strict(), z.object({ withdrawn: z.literal(true) }), 'public'),
  cards: verb(
    'demo:cards',
    z.object({}).strict(),
    z.array(z.object({ cardId: z.string(), holderName: z.string(), roles: z.array(z.string()), passcode: z.string() })),
    'public',
  ),
} as const;

export const StaffMember = z.object({
  userId: z.string(),
  name: z.string(),
  active: z.boolean(),
  roles: z.array(RoleChoice),
  cards: z.array(z.object({ cardId: z.string(), locked: z.boolean(), failedAttempts: z.number().int() })),
});
export type StaffMember = z.infer<typeof StaffMember>;

const UserId = z.string().regex(/^\d{12}$/, 'A user id (SDS user id) is 12 digits');
const RoleProfileId = z.string().regex(/^\d{12}$/, 'A role profile id is 12 digits');

export const staff = {
  list: verb('staff:list', z.object({}).strict(), z.array(StaffMember), 'staff.manage'),
  save: verb(
    'staff:save',
    z
      .object({
        userId: UserId,
        name: z.string().trim().min(1, 'Give the name').max(80),
        active: z.boolean().default(true),
        roles: z.array(z.object({ roleProfileId: RoleProfileId, roleCode: RoleCode })).min(1, 'Give at least one role'),
      })
      .strict(),
    StaffMember,
    'staff.manage',
  ),
  /** Issue a card (or replace its passcode); issuing also clears a lockout. */
  issueCard: verb('staff:issue-card', z.object({ userId: UserId, cardId: CardId, passcode: Passcode }).strict(), StaffMember, 'staff.manage'),
  unlockCard: verb('staff:unlock-card', z.object({ cardId: CardId }).strict(), StaffMember, 'staff.manage'),
} as const;

export const AuditEntryView = z.object({
  seq: z.number().int(),
  at: z.string(),
  userName: z.string(),
  roleCode: z.string(),
  roleName: z.string(),
  workstation: z.string(),
  action: z.string(),
  outcome: z.string(),
  detail: z.string(),
});
export type AuditEntryView = z.infer<typeof AuditEntryView>;

export const AuditVerification = z.object({
  ok: z.boolean(),
  rows: z.number().int(),
  /** First row that fails, and how, when ok is false. */
  problem: z.object({ seq: z.number().int().nullable(), reason: z.string() }).nullable(),
});
export type AuditVerification = z.infer<typeof AuditVerification>;

export const audit = {
  patientAccess: verb('audit:patient-access', z.object({ nhsNumber: z.string().regex(/^\d{10}$/) }).strict(), z.array(AuditEntryView), 'audit.read'),
  exportPatientAccess: verb(
    'audit:export-patient-access',
    z.object({ nhsNumber: z.string().regex(/^\d{10}$/) }).strict(),
    z.object({ filename: z.string(), csv: z.string() }),
    'audit.read',
  ),
  verify: verb('audit:verify', z.object({}).strict(), AuditVerification, 'audit.read'),
} as const;
