import { describe, expect, it } from 'vitest';
import {
  RX_ACTIONS,
  RX_STATES,
  availableRxActions,
  transition,
  type RxAction,
  type RxState,
} from '../../../../shared/domain/prescriptions/request-state';
import { ROLE_CODES, type RoleCode } from '../../../../shared/domain/roles';

/** Every change the model allows, written out by hand so the table in the code is checked, not restated. */
const ALLOWED: Record<string, RxState> = {
  'requested|route': 'with-prescriber',
  'with-prescriber|route': 'with-prescriber',
  'requested|approve-to-pharmacy': 'sent-to-pharmacy',
  'with-prescriber|approve-to-pharmacy': 'sent-to-pharmacy',
  'requested|approve-to-print': 'printed',
  'with-prescriber|approve-to-print': 'printed',
  'requested|reject': 'rejected',
  'with-prescriber|reject': 'rejected',
  'requested|cancel-by-patient': 'cancelled',
  'printed|mark-ready': 'ready-to-collect',
  'ready-to-collect|mark-collected': 'collected',
};
const PRESCRIBER_ONLY: RxAction[] = ['approve-to-pharmacy', 'approve-to-print', 'reject'];
const PRESCRIBERS: RoleCode[] = ['R8000', 'R0260'];
const OTHERS: RoleCode[] = ['R8009', 'R8011'];

describe('repeat request transitions', () => {
  it('knows every role', () => {
    expect([...PRESCRIBERS, ...OTHERS].sort()).toEqual([...ROLE_CODES].sort());
  });

  for (const state of RX_STATES) {
    for (const action of RX_ACTIONS) {
      const to = ALLOWED[`${state}|${action}`];
      it(`${state} --${action}--> ${to ?? 'refused'}`, () => {
        for (const role of PRESCRIBERS) {
          const t = transition(state, action, role);
          if (to) expect(t).toEqual({ ok: true, to });
          else expect(t).toMatchObject({ ok: false, why: 'state' });
        }
        for (const role of OTHERS) {
          const t = transition(state, action, role);
          if (PRESCRIBER_ONLY.includes(action)) expect(t).toMatchObject({ ok: false, why: 'role' });
          else if (to) expect(t).toEqual({ ok: true, to });
          else expect(t).toMatchObject({ ok: false, why: 'state' });
        }
      });
    }
  }

  it('reception may not approve or reject, and is told who can', () => {
    const t = transition('with-prescriber', 'approve-to-print', 'R8009');
    expect(t).toEqual({ ok: false, why: 'role', reason: expect.stringMatching(/^Only a Clinical practitioner \(GP\) \(R8000\) or General medical practitioner \(R0260\) can approve or reject prescriptions\.$/) });
    expect(transition('requested', 'reject', 'R8011')).toMatchObject({ ok: false, why: 'role' });
  });

  it('the patient can cancel only while the request is still requested, with a plain reason otherwise', () => {
    expect(transition('requested', 'cancel-by-patient', 'R8009')).toEqual({ ok: true, to: 'cancelled' });
    expect(transition('with-prescriber', 'cancel-by-patient', 'R8009')).toEqual({
      ok: false,
      why: 'state',
      reason: 'This request is already with the prescriber, so the patient can no longer cancel it: ask the prescriber to reject it instead.',
    });
    expect(transition('rejected', 'cancel-by-patient', 'R8009')).toEqual({ ok: false, why: 'state', reason: 'This request is rejected, so it cannot be cancelled by the patient.' });
  });

  it('a decided request cannot be decided again', () => {
    expect(transition('sent-to-pharmacy', 'reject', 'R8000')).toEqual({ ok: false, why: 'state', reason: 'This request is approved and sent to the pharmacy, so it cannot be rejected.' });
    expect(transition('cancelled', 'approve-to-print', 'R8000')).toMatchObject({ ok: false, why: 'state' });
    expect(transition('collected', 'route', 'R8009')).toMatchObject({ ok: false, why: 'state' });
  });

  it('only printed prescriptions are collected at the practice, and ready comes first', () => {
    expect(transition('sent-to-pharmacy', 'mark-ready', 'R8009')).toMatchObject({ ok: false, reason: expect.stringMatching(/pharmacy tells the patient/) });
    expect(transition('printed', 'mark-collected', 'R8009')).toMatchObject({ ok: false, reason: 'Mark the printed prescription ready to collect first.' });
  });

  it('offers each role only what it may do', () => {
    expect(availableRxActions('requested', 'R8009')).toEqual(['route', 'cancel-by-patient']);
    expect(availableRxActions('requested', 'R8000')).toEqual(['route', 'approve-to-pharmacy', 'approve-to-print', 'reject', 'cancel-by-patient']);
    expect(availableRxActions('with-prescriber', 'R8009')).toEqual(['route']);
    expect(availableRxActions('printed', 'R8009')).toEqual(['mark-ready']);
    expect(availableRxActions('collected', 'R0260')).toEqual([]);
  });
});
