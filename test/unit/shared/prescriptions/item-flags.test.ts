import { describe, expect, it } from 'vitest';
import { flagText, issueCheck, itemFlags, type RepeatAuthorisation } from '../../../../shared/domain/prescriptions/item-flags';

const t = (o: Partial<RepeatAuthorisation> = {}): RepeatAuthorisation => ({ medication: 'Amlodipine 5mg tablets', authorisedIssues: 6, issuesSoFar: 2, reviewDate: '2026-12-01', ...o });
const withFlags = (a: RepeatAuthorisation, today = '2026-11-25') => ({ ...a, flags: itemFlags(a, today) });

describe('item flags', () => {
  it('flags an item the day after its review date, not on it', () => {
    expect(itemFlags(t({ reviewDate: '2026-11-24' }), '2026-11-25')).toEqual(['past-review-date']);
    expect(itemFlags(t({ reviewDate: '2026-11-25' }), '2026-11-25')).toEqual([]);
    expect(itemFlags(t({ reviewDate: '2026-11-26' }), '2026-11-25')).toEqual([]);
    expect(itemFlags(t({ reviewDate: null }), '2026-11-25')).toEqual([]);
    // Across a year end: day labels compare as dates.
    expect(itemFlags(t({ reviewDate: '2026-12-31' }), '2027-01-01')).toEqual(['past-review-date']);
  });

  it('flags an item whose authorised issues are all used (one more would go over)', () => {
    expect(itemFlags(t({ issuesSoFar: 5 }), '2026-11-25')).toEqual([]);
    expect(itemFlags(t({ issuesSoFar: 6 }), '2026-11-25')).toEqual(['no-issues-left']);
    expect(itemFlags(t({ issuesSoFar: 7 }), '2026-11-25')).toEqual(['no-issues-left']);
    expect(itemFlags(t({ issuesSoFar: 6, reviewDate: '2026-01-01' }), '2026-11-25')).toEqual(['past-review-date', 'no-issues-left']);
  });

  it('says why in plain words', () => {
    expect(flagText('past-review-date', t({ reviewDate: '2026-03-12' }))).toBe('Review date 12-Mar-2026 has passed');
    expect(flagText('no-issues-left', t())).toBe('All 6 authorised issues have been used');
    expect(flagText('no-issues-left', t({ authorisedIssues: 1 }))).toBe('The one authorised issue has been used');
  });
});

describe('issuing flagged items', () => {
  const flagged = withFlags(t({ reviewDate: '2026-03-12' }));
  const clear = withFlags(t({ medication: 'Ramipril 5mg capsules' }));

  it('never lets reception issue a flagged item: it is for the prescriber', () => {
    for (const role of ['R8009', 'R8011'] as const) {
      expect(issueCheck([clear, flagged], role, true)).toEqual({
        ok: false,
        why: 'role',
        reason: 'Amlodipine 5mg tablets: review date 12-Mar-2026 has passed. Flagged items are for the prescriber and are never issued by reception.',
      });
    }
  });

  it('asks a prescriber to confirm they reviewed flagged items, then allows it', () => {
    expect(issueCheck([flagged, withFlags(t({ medication: 'Metformin', issuesSoFar: 6 }))], 'R8000', false)).toMatchObject({
      ok: false,
      why: 'acknowledge',
      reason: expect.stringMatching(/\(and 1 more flagged item\)\. Confirm you have reviewed/),
    });
    expect(issueCheck([flagged], 'R0260', true)).toEqual({ ok: true });
  });

  it('has nothing to say about unflagged items', () => {
    expect(issueCheck([clear], 'R8000', false)).toEqual({ ok: true });
    expect(issueCheck([clear], 'R8009', false)).toEqual({ ok: true }); // approval itself is refused by the transition rules
  });
});
