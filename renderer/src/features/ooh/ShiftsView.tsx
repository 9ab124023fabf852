import { useEffect, useId, useRef, useState } from 'react';
import type { StaffSession } from '../../../../shared/contract';
import type { ShiftView } from '../../../../shared/contract/ooh';
import { atLondonTime, formatLondon, londonDay } from '../../../../shared/domain/appointments/london-time';
import { eachDay } from '../../../../shared/domain/calendar/days';
import { shiftRangeWords } from '../../../../shared/domain/ooh/shifts';
import { durationWords } from '../../../../shared/domain/ooh/waits';
import { can } from '../../../../shared/domain/roles';
import { Notice } from '../../components/Notice';
import { useModalKeys } from '../../components/use-modal-keys';
import { useOohShiftsStore } from '../../stores/ooh-shifts.store';
import { useOohStore } from '../../stores/ooh.store';
import { useReturnFocus } from '../rota/form-bits';
import { draftOf, ShiftForm, type ShiftDraft } from './ShiftForm';
import { TableHead } from '../../components/TableHead';

/** "Tuesday 24 November" for a London day. */
const dayWords = (day: string): string => formatLondon(atLondonTime(day, '12:00'), 'EEEE d MMMM');
const shortStart = (s: ShiftView): string => formatLondon(new Date(s.start), 'EEE d MMM HH:mm');
/** "18:30 – 08:00 next morning" */
function timeWords(s: ShiftView): string {
  const start = new Date(s.start);
  const end = new Date(s.end);
  const next = londonDay(end) !== londonDay(start);
  return `${formatLondon(start, 'HH:mm')} – ${formatLondon(end, 'HH:mm')}${next ? ' next morning' : ''}`;
}

/**
 * The out-of-hours centre's shifts, a week at a time, grouped by night (18:30 Tuesday → 08:00 Wednesday is Tuesday
 * night's). Everyone at the centre sees who is on; a role with 'rota.edit' adds, changes and removes shifts (the
 * core refuses anyone else anyway).
 */
export function ShiftsView({ user }: { user: StaffSession }) {
  const week = useOohShiftsStore((s) => s.week);
  const loadError = useOohShiftsStore((s) => s.loadError);
  const notice = useOohShiftsStore((s) => s.notice);
  const busy = useOohShiftsStore((s) => s.busy);
  const centre = useOohStore((s) => s.context?.organisation.name);
  const canEdit = can(user.roleCode, 'rota.edit');
  const [form, setForm] = useState<ShiftDraft | null>(null);
  const [removing, setRemoving] = useState<ShiftView | null>(null);
  const [removeError, setRemoveError] = useState<string | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const focus = useReturnFocus();
  const id = useId();

  useEffect(() => useOohShiftsStore.getState().start(), []);
  useEffect(() => {
    void useOohShiftsStore.getState().load();
    headingRef.current?.focus();
  }, []);

  const nights = week ? eachDay(week.from, week.to) : [];
  const byNight = new Map<string, ShiftView[]>(nights.map((n) => [n, []]));
  // The core lists what overlaps the week; Sunday night's shift from the week before shows with that week, under its night.
  for (const s of week?.shifts ?? []) byNight.get(s.night)?.push(s);

  const openForm = (draft: ShiftDraft) => {
    focus.remember();
    setForm(draft);
  };
  const closeForm = () => {
    setForm(null);
    focus.restore(headingRef.current);
  };
  const newDraft = (): ShiftDraft => {
    const today = week ? londonDay(new Date(week.asOf)) : '';
    const day = week && today >= week.from && today <= week.to ? today : (week?.from ?? '');
    return { site: week?.sites[0] ?? '', clinician: '', role: '', day, start: '18:30', end: '08:00' };
  };

  return (
    <section className="ooh ooh-shifts" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`} ref={headingRef} tabIndex={-1} className="ooh__heading">
        Shifts{centre ? `: ${centre}` : ''}
      </h2>
      <p role="status" className="ooh__status">
        {notice ?? ''}
      </p>
      {loadError && <Notice tone="alert">Could not load the shifts: {loadError}</Notice>}
      {removeError && <Notice tone="alert">{removeError}</Notice>}
      {!canEdit && <p className="hint">You can see the shifts; only a clerical manager can change them.</p>}

      <div className="ooh__toolbar" role="group" aria-label="Week">
        <button type="button" className="button" disabled={!week} onClick={() => void useOohShiftsStore.getState().moveWeeks(-1)}>
          Previous week
        </button>
        <button type="button" className="button" disabled={!week} onClick={() => void useOohShiftsStore.getState().load()}>
          This week
        </button>
        <button type="button" className="button" disabled={!week} onClick={() => void useOohShiftsStore.getState().moveWeeks(1)}>
          Next week
        </button>
        {canEdit && (
          <button type="button" className="button button--primary" disabled={!week || form !== null} onClick={() => openForm(newDraft())}>
            Add a shift
          </button>
        )}
      </div>
      {week && (
        <p className="ooh-shifts__week" aria-live="polite">
          Nights of {dayWords(week.from)} to {dayWords(week.to)}
        </p>
      )}

      {canEdit && form && week && (
        <ShiftForm key={form.id ?? 'new'} initial={form} sites={week.sites} clinicians={week.clinicians} others={week.shifts} onDone={closeForm} />
      )}

      {!week && !loadError && <p>Loading the shifts…</p>}
      {nights.map((night) => {
        const shifts = byNight.get(night) ?? [];
        return (
          <section key={night} className="ooh-shifts__night" aria-labelledby={`${id}-${night}`}>
            <h3 id={`${id}-${night}`} className="ooh-shifts__night-heading">
              {dayWords(night)}
            </h3>
            {shifts.length === 0 ? (
              <p className="hint">No shifts recorded.</p>
            ) : (
              <table className="data-table" aria-labelledby={`${id}-${night}`}>
                <TableHead columns={['Time', 'Clinician', 'Site', 'Length']} actions={canEdit} />
                <tbody>
                  {shifts.map((s) => (
                    <tr key={s.id}>
                      <td className="nowrap">{timeWords(s)}</td>
                      <th scope="row">
                        {s.clinician}
                        {s.role ? <span className="hint"> ({s.role})</span> : null}
                      </th>
                      <td>{s.site}</td>
                      <td>{durationWords((Date.parse(s.end) - Date.parse(s.start)) / 60_000)}</td>
                      {canEdit && (
                        <td className="nowrap">
                          <button type="button" className="button button--small" aria-label={`Change ${s.clinician}’s shift, ${shortStart(s)}`} disabled={form !== null} onClick={() => openForm(draftOf(s))}>
                            Change
                          </button>{' '}
                          <button
                            type="button"
                            className="button button--small"
                            aria-label={`Remove ${s.clinician}’s shift, ${shortStart(s)}`}
                            aria-haspopup="dialog"
                            disabled={busy}
                            onClick={() => {
                              focus.remember();
                              setRemoveError(null);
                              setRemoving(s);
                            }}
                          >
                            Remove
                          </button>
                        </td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        );
      })}
      {removing && (
        <ConfirmRemove
          shift={removing}
          onCancel={() => {
            setRemoving(null);
          }}
          onConfirm={async () => {
            const s = removing;
            setRemoving(null);
            const refused = await useOohShiftsStore.getState().remove(s, `Removed ${s.clinician}’s shift, ${shiftRangeWords(new Date(s.start), new Date(s.end))}.`);
            setRemoveError(refused);
            focus.restore(headingRef.current);
          }}
        />
      )}
    </section>
  );
}

/** Removing a shift asks first: Keep it has the focus (the safe choice), Esc keeps it, Tab stays in the dialog. */
function ConfirmRemove({ shift: s, onCancel, onConfirm }: { shift: ShiftView; onCancel(): void; onConfirm(): void }) {
  const keepRef = useRef<HTMLButtonElement>(null);
  const removeRef = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const textId = useId();
  const onKeyDown = useModalKeys([keepRef, removeRef], onCancel);
  return (
    <div className="book-help__backdrop">
      <div role="alertdialog" aria-modal="true" aria-labelledby={titleId} aria-describedby={textId} className="book-help clear-copy" onKeyDown={onKeyDown}>
        <h2 id={titleId}>Remove {s.clinician}’s shift?</h2>
        <p id={textId}>
          {shiftRangeWords(new Date(s.start), new Date(s.end))} at {s.site}. It comes off the rota, and off the clinicians offered on the board while it would have run.
        </p>
        <div className="clear-copy__actions">
          <button ref={removeRef} type="button" className="button button--primary" onClick={onConfirm}>
            Remove shift
          </button>
          <button ref={keepRef} type="button" className="button" onClick={onCancel}>
            Keep it
          </button>
        </div>
      </div>
    </div>
  );
}
