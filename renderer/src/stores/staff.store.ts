import { create } from 'zustand';
import { staff, type StaffMember } from '../../../shared/contract';
import { ROLE_CODES, type RoleCode } from '../../../shared/domain/roles';
import { getApi } from '../lib/api';
import { describeError } from '../lib/error-message';

/** One role profile row of the person form. `key` keeps React rows stable while rows are added and removed. */
export interface RoleDraft {
  key: number;
  roleProfileId: string;
  roleCode: RoleCode;
}

/** The person form as typed. Kept here, not in the component, so a locked desk resumes with it intact. */
export interface PersonDraft {
  mode: 'new' | 'edit';
  userId: string;
  name: string;
  active: boolean;
  roles: RoleDraft[];
}

/** The issue-card form. The passcodes are not kept here: secrets do not outlive the form on screen. */
export interface CardDraft {
  userId: string;
  holderName: string;
  cardId: string;
}

/** Problems found before sending, by field: `userId`, `name`, `roles`, `roles.<i>.roleProfileId`, `cardId`, `passcode`, `confirm`. */
export type FieldErrors = Record<string, string>;

export type ListStatus = 'idle' | 'loading' | 'ready' | 'error';

export interface StaffState {
  members: StaffMember[] | null;
  listStatus: ListStatus;
  listError: string | null;
  /** What was just done, for the polite live region ("Saved Sam Taylor."). */
  notice: string | null;
  /** A refused unlock, shown by the table. */
  tableError: string | null;
  unlocking: string | null;

  person: PersonDraft | null;
  personErrors: FieldErrors;
  /** The core's refusal of the last save, in its own words. */
  personError: string | null;
  saving: boolean;

  card: CardDraft | null;
  cardErrors: FieldErrors;
  cardError: string | null;
  issuing: boolean;

  load(): Promise<void>;
  startNew(): void;
  startEdit(userId: string): void;
  updatePerson(patch: Partial<Pick<PersonDraft, 'userId' | 'name' | 'active'>>): void;
  addRole(): void;
  removeRole(key: number): void;
  updateRole(key: number, patch: Partial<Pick<RoleDraft, 'roleProfileId' | 'roleCode'>>): void;
  cancelPerson(): void;
  /** True when saved (the form then closes); on any problem the form and everything typed stay. */
  save(): Promise<boolean>;

  startCard(userId: string): void;
  setCardId(cardId: string): void;
  cancelCard(): void;
  issueCard(passcode: string, confirm: string): Promise<boolean>;

  unlock(cardId: string): Promise<void>;
  reset(): void;
}

const digitsOnly = (s: string): string => s.replace(/\s+/g, '');

const empty = {
  members: null,
  listStatus: 'idle',
  listError: null,
  notice: null,
  tableError: null,
  unlocking: null,
  person: null,
  personErrors: {},
  personError: null,
  saving: false,
  card: null,
  cardErrors: {},
  cardError: null,
  issuing: false,
} as const satisfies Partial<StaffState>;

/** Zod issues as `{ "roles.0.roleProfileId": "A role profile id is 12 digits" }`, first message per field. */
function fieldErrors(issues: readonly { path: readonly PropertyKey[]; message: string }[]): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of issues) {
    const key = issue.path.map(String).join('.') || 'form';
    out[key] ??= issue.message;
  }
  return out;
}

export const useStaffStore = create<StaffState>()((set, get) => {
  // Bumped by reset(): an answer that arrives for a previous session is dropped.
  let epoch = 0;
  let nextKey = 1;
  const role = (roleProfileId = '', roleCode: RoleCode = ROLE_CODES[0]): RoleDraft => ({ key: nextKey++, roleProfileId, roleCode });

  /** Put a member the core returned into the list, in place or at the end. */
  function merge(member: StaffMember): void {
    const members = get().members ?? [];
    const i = members.findIndex((m) => m.userId === member.userId);
    set({ members: i >= 0 ? members.map((m, j) => (j === i ? member : m)) : [...members, member] });
  }

  const setPerson = (person: PersonDraft) => set({ person, personErrors: {}, personError: null });

  return {
    ...empty,

    async load() {
      const at = epoch;
      set({ listStatus: 'loading', listError: null });
      const r = await getApi().staff.list({});
      if (at !== epoch) return;
      if (r.ok) set({ listStatus: 'ready', members: r.value });
      else set({ listStatus: 'error', listError: describeError(r.error) });
    },

    startNew: () => setPerson({ mode: 'new', userId: '', name: '', active: true, roles: [role()] }),

    startEdit(userId) {
      const m = get().members?.find((x) => x.userId === userId);
      if (!m) return;
      const roles = m.roles.map((r) => role(r.roleProfileId, r.roleCode));
      setPerson({ mode: 'edit', userId: m.userId, name: m.name, active: m.active, roles: roles.length ? roles : [role()] });
    },

    updatePerson(patch) {
      const p = get().person;
      if (p) set({ person: { ...p, ...patch } });
    },

    addRole() {
      const p = get().person;
      if (p) set({ person: { ...p, roles: [...p.roles, role()] } });
    },

    removeRole(key) {
      const p = get().person;
      if (p && p.roles.length > 1) set({ person: { ...p, roles: p.roles.filter((r) => r.key !== key) } });
    },

    updateRole(key, patch) {
      const p = get().person;
      if (p) set({ person: { ...p, roles: p.roles.map((r) => (r.key === key ? { ...r, ...patch } : r)) } });
    },

    cancelPerson: () => set({ person: null, personErrors: {}, personError: null }),

    async save() {
      const p = get().person;
      if (!p || get().saving) return false;
      const input = {
        userId: digitsOnly(p.userId),
        name: p.name.trim(),
        active: p.active,
        roles: p.roles.map((r) => ({ roleProfileId: digitsOnly(r.roleProfileId), roleCode: r.roleCode })),
      };
      // The contract's own rules, checked here first so each field can say what is wrong before a round trip.
      const checked = staff.save.input.safeParse(input);
      if (!checked.success) {
        set({ personErrors: fieldErrors(checked.error.issues), personError: null });
        return false;
      }
      const at = epoch;
      set({ saving: true, personErrors: {}, personError: null, notice: null });
      const r = await getApi().staff.save(input);
      if (at !== epoch) return false;
      set({ saving: false });
      if (!r.ok) {
        set({ personError: describeError(r.error) });
        return false;
      }
      merge(r.value);
      set({ person: null, notice: `Saved ${r.value.name}.` });
      return true;
    },

    startCard(userId) {
      const m = get().members?.find((x) => x.userId === userId);
      if (m) set({ card: { userId, holderName: m.name, cardId: '' }, cardErrors: {}, cardError: null });
    },

    setCardId(cardId) {
      const c = get().card;
      if (c) set({ card: { ...c, cardId } });
    },

    cancelCard: () => set({ card: null, cardErrors: {}, cardError: null }),

    async issueCard(passcode, confirm) {
      const c = get().card;
      if (!c || get().issuing) return false;
      const input = { userId: c.userId, cardId: c.cardId.trim(), passcode };
      const checked = staff.issueCard.input.safeParse(input);
      const errors = checked.success ? {} : fieldErrors(checked.error.issues);
      if (!errors.passcode && passcode !== confirm) errors.confirm = 'The two passcodes are not the same. Type the passcode again in both boxes.';
      if (Object.keys(errors).length) {
        set({ cardErrors: errors, cardError: null });
        return false;
      }
      const at = epoch;
      set({ issuing: true, cardErrors: {}, cardError: null, notice: null });
      const r = await getApi().staff.issueCard(input);
      if (at !== epoch) return false;
      set({ issuing: false });
      if (!r.ok) {
        set({ cardError: describeError(r.error) });
        return false;
      }
      merge(r.value);
      set({ card: null, notice: `Card ${input.cardId} issued to ${r.value.name}.` });
      return true;
    },

    async unlock(cardId) {
      const at = epoch;
      set({ unlocking: cardId, tableError: null, notice: null });
      const r = await getApi().staff.unlockCard({ cardId });
      if (at !== epoch) return;
      set({ unlocking: null });
      if (!r.ok) {
        set({ tableError: describeError(r.error) });
        return;
      }
      merge(r.value);
      set({ notice: `Card ${cardId} unlocked: ${r.value.name} can sign in with it again.` });
    },

    reset() {
      epoch++;
      set({ ...empty });
    },
  };
});
