/**
 * Flags on the items of a repeat request, taken from the patient's repeat template (the authorisation):
 * past its review date, or every authorised issue already used. A flagged item goes to the prescriber and is
 * never issued by reception; a prescriber issuing one confirms they have looked at it.
 */
import { formatDate } from '../patient-format';
import { can, type RoleCode } from '../roles';
import type { LondonDay } from '../appointments/london-time';

/** The parts of a repeat template (MedicationRequest, intent plan) the flags depend on. */
export interface RepeatAuthorisation {
  medication: string;
  /** Issues the prescriber authorised before the next review. */
  authorisedIssues: number;
  /** Issues made so far under this authorisation. */
  issuesSoFar: number;
  /** yyyy-MM-dd, or null when the template has none. */
  reviewDate: LondonDay | null;
}

export const ITEM_FLAGS = ['past-review-date', 'no-issues-left'] as const;
export type ItemFlag = (typeof ITEM_FLAGS)[number];

/**
 * Decision: an item is past review from the day after its review date (on the day itself it may still be
 * issued); it has no issues left once issues so far reach the authorised number (one more would go over).
 */
export function itemFlags(t: RepeatAuthorisation, today: LondonDay): ItemFlag[] {
  const flags: ItemFlag[] = [];
  if (t.reviewDate !== null && today > t.reviewDate) flags.push('past-review-date');
  if (t.issuesSoFar >= t.authorisedIssues) flags.push('no-issues-left');
  return flags;
}

/** "Review date 12-Mar-2026 has passed", "All 6 authorised issues have been used". */
export function flagText(flag: ItemFlag, t: RepeatAuthorisation): string {
  if (flag === 'past-review-date') return `Review date ${formatDate(t.reviewDate)} has passed`;
  return t.authorisedIssues === 1 ? 'The one authorised issue has been used' : `All ${t.authorisedIssues} authorised issues have been used`;
}

const lowerFirst = (s: string): string => s.charAt(0).toLowerCase() + s.slice(1);

export type IssueCheck =
  | { ok: true }
  /** 'role': only a prescriber may issue this; 'acknowledge': a prescriber must confirm they have reviewed it. */
  | { ok: false; why: 'role' | 'acknowledge'; reason: string };

/**
 * May this role issue these items? Flagged items are for the prescriber, never issued by reception; a prescriber
 * must say they have reviewed the flagged items (the medication review or re-authorisation) before issuing them.
 */
export function issueCheck(items: readonly (RepeatAuthorisation & { flags: readonly ItemFlag[] })[], role: RoleCode, acknowledged: boolean): IssueCheck {
  const flagged = items.filter((i) => i.flags.length > 0);
  if (flagged.length === 0) return { ok: true };
  const first = flagged[0]!;
  const what = `${first.medication}: ${first.flags.map((f) => lowerFirst(flagText(f, first))).join(' and ')}`;
  const more = flagged.length > 1 ? ` (and ${flagged.length - 1} more flagged item${flagged.length > 2 ? 's' : ''})` : '';
  if (!can(role, 'prescriptions.approve')) {
    return { ok: false, why: 'role', reason: `${what}${more}. Flagged items are for the prescriber and are never issued by reception.` };
  }
  if (!acknowledged) {
    return { ok: false, why: 'acknowledge', reason: `${what}${more}. Confirm you have reviewed the flagged items to issue them.` };
  }
  return { ok: true };
}
