import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import type { RxRequestView } from '../../../../shared/contract/prescriptions';
import { LoadFailed } from '../../components/LoadFailed';
import { shownQueue, useRxStore, type RxQuickAction } from '../../stores/rx.store';
import { isTypingTarget } from '../book/shortcuts';
import { AddRequest } from './AddRequest';
import { RxFilters } from './RxFilters';
import { RxHelpDialog } from './RxHelpDialog';
import { RxQueueList } from './RxQueueList';
import { RxRequestPanel } from './RxRequestPanel';
import { allows, filterRequests, offeredActions, RX_ACTION_KEYS, RX_ACTION_LABEL } from './rx-words';

type Offered = ReturnType<typeof offeredActions>[number];

/**
 * The repeat-prescription queue: filters with counts, the queue (keyboard triage on the selected request), the
 * selected request's details and forms, and adding a request taken at the counter or by phone.
 * View-wide keys (not while typing): L list, F find, N add, ? help, Esc closes the open form.
 */
export function PrescriptionsView() {
  const listRef = useRef<HTMLDivElement>(null);
  const findRef = useRef<HTMLInputElement>(null);
  const nhsRef = useRef<HTMLInputElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [help, setHelp] = useState(false);
  const all = useRxStore((s) => s.all);
  const answer = useRxStore((s) => s.answer);
  const filter = useRxStore((s) => s.filter);
  const text = useRxStore((s) => s.text);
  const status = useRxStore((s) => s.status);
  const error = useRxStore((s) => s.error);
  const selectedId = useRxStore((s) => s.selectedId);
  const lastSelected = useRxStore((s) => s.selected);
  const cursor = useRxStore((s) => s.cursor);
  const panel = useRxStore((s) => s.panel);
  const notice = useRxStore((s) => s.notice);
  const actionError = useRxStore((s) => s.actionError);
  const id = useId();

  useEffect(() => useRxStore.getState().start(), []);
  useEffect(() => {
    void useRxStore.getState().load();
  }, []);

  const shown = useMemo(() => shownQueue({ all, answer, filter }), [all, answer, filter]);
  const requests = useMemo(() => (shown ? filterRequests(shown.requests, shown.filtered ? filter : null, text) : []), [shown, filter, text]);
  const selected = useMemo(
    () => requests.find((r) => r.id === selectedId) ?? all?.requests.find((r) => r.id === selectedId) ?? (lastSelected?.id === selectedId ? lastSelected : null),
    [requests, all, selectedId, lastSelected],
  );

  const focusList = useCallback(() => listRef.current?.focus(), []);

  /** A queue action on the selected request: the forms open in the side panel, the one-step ones act at once. */
  const run = useCallback((r: RxRequestView, action: Offered) => {
    const s = useRxStore.getState();
    if (!allows(r, action)) {
      useRxStore.setState({ notice: `${RX_ACTION_LABEL[action].replace(/…$/, '')} is not offered for ${r.patientName}’s request.`, actionError: null });
      return;
    }
    if (action === 'route' || action === 'approve' || action === 'reject') {
      if (s.selectedId !== r.id) useRxStore.setState({ selectedId: r.id, selected: r });
      s.openPanel(action);
      return;
    }
    void s.act(action as RxQuickAction);
  }, []);

  const onKey = useCallback(
    (key: string, r: RxRequestView) => {
      const action = RX_ACTION_KEYS[key];
      if (!action) return false;
      run(r, action);
      return true;
    },
    [run],
  );

  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.isComposing || e.ctrlKey || e.metaKey || e.altKey) return;
      if (document.querySelector('[role="dialog"][aria-modal="true"]')) return;
      const s = useRxStore.getState();
      if (e.key === 'Escape') {
        if (s.panel !== 'details') {
          e.preventDefault();
          s.closePanel();
          focusList();
        }
        return;
      }
      if (isTypingTarget(e.target)) return;
      const key = e.key.toLowerCase();
      if (e.key === '?') {
        e.preventDefault();
        setHelp(true);
      } else if (key === 'l') {
        e.preventDefault();
        focusList();
      } else if (key === 'f') {
        e.preventDefault();
        findRef.current?.focus();
      } else if (key === 'n') {
        e.preventDefault();
        if (s.panel === 'add') nhsRef.current?.focus();
        else s.openPanel('add');
      }
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [focusList]);

  // Opening the view lands on the list once there is one, unless the user has already gone elsewhere.
  const landed = useRef(false);
  const hasList = shown !== null;
  useEffect(() => {
    if (!hasList || landed.current) return;
    landed.current = true;
    const el = document.activeElement;
    if (!el || el === document.body || el.closest('nav')) focusList();
  }, [hasList, focusList]);

  const total = all?.requests.length ?? null;
  const busy = shown !== null && !shown.fromCore;
  const countText =
    shown === null
      ? ''
      : `${requests.length.toLocaleString('en-GB')} ${requests.length === 1 ? 'request' : 'requests'}${text.trim() ? ` match “${text.trim()}”` : ''}${
          total !== null ? ` (${total.toLocaleString('en-GB')} held at this desk)` : ''
        }; open ones most urgent first.${busy ? ' Checking with the desk service…' : ''}`;

  return (
    <section className="rx" aria-labelledby={`${id}-heading`}>
      <div className="rx__bar">
        <h2 id={`${id}-heading`} className="view__heading">
          Repeat prescriptions
        </h2>
        <p role="status" className="rx__notice">
          {notice ?? ''}
        </p>
        <button type="button" className="button button--small" aria-keyshortcuts="N" aria-expanded={panel === 'add'} onClick={() => useRxStore.getState().openPanel('add')}>
          Add a request (N)
        </button>
        <button type="button" className="button button--small" aria-keyshortcuts="?" onClick={() => setHelp(true)}>
          Keyboard shortcuts (?)
        </button>
      </div>
      {actionError && panel === 'details' && (
        <div role="alert" className="notice notice--alert">
          {actionError}
        </div>
      )}
      <RxFilters findRef={findRef} listRef={listRef} />
      {status === 'error' && error && <LoadFailed what="the prescription queue" error={error} onRetry={() => void useRxStore.getState().load()} />}
      <div className="rx__layout">
        <div className="rx__queue">
          <p id={`${id}-count`} className="rx__count">
            {status === 'loading' && shown === null ? 'Loading the queue…' : countText}
          </p>
          {shown !== null && requests.length === 0 && <p className="rx__empty">No requests match these filters.</p>}
          {shown !== null && requests.length > 0 && (
            <RxQueueList
              listRef={listRef}
              requests={requests}
              selectedId={selectedId}
              cursor={cursor}
              busy={busy}
              describedBy={`${id}-count`}
              onSelect={useRxStore.getState().select}
              onOpen={() => headingRef.current?.focus()}
              onKey={onKey}
            />
          )}
        </div>
        <aside className="rx__side" aria-label={panel === 'add' ? 'Add a request' : 'Selected request'}>
          {panel === 'add' ? (
            <AddRequest nhsRef={nhsRef} onDone={focusList} />
          ) : selected ? (
            <RxRequestPanel request={selected} headingRef={headingRef} onDone={focusList} onAction={(a) => run(selected, a)} />
          ) : (
            <p className="hint">Choose a request in the list to see it here.</p>
          )}
        </aside>
      </div>
      {help && <RxHelpDialog onClose={() => setHelp(false)} />}
    </section>
  );
}
