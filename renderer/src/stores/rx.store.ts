import { create } from 'zustand';
import type { RxChanges, RxCounts, RxPrescriber, RxQueue, RxRequestView, RxTemplates } from '../../../shared/contract/prescriptions';
import { queueOrder } from '../../../shared/domain/prescriptions/queue-order';
import type { AppError, Result } from '../../../shared/result';
import { DEFAULT_FILTER, passes, queueInput, sameFilter, type RxFilter } from '../features/prescriptions/rx-words';
import { getApi } from '../lib/api';
import { describeError } from '../lib/error-message';
import { sessionIdOf, useSessionStore } from './session.store';

/** What the side panel shows for the selected request (or the add form). */
export type RxPanel = 'details' | 'route' | 'approve' | 'reject' | 'add';
/** The one-step actions (no form): the patient cancelled, ready to collect, collected. */
export type RxQuickAction = 'cancel-by-patient' | 'mark-ready' | 'mark-collected';

export interface RxState {
  filter: RxFilter;
  /** "Find in queue": patient, NHS number or medicine, applied in the desk (never sent). */
  text: string;
  /**
   * Everything the desk holds (`rx:queue {}`): a filter change paints at once from this, filtered the way the core
   * filters, while the core's own answer for the filter is on its way. Kept current from the core's pushes with
   * `rx:changes` from its cursor (only what changed), not fetched whole again.
   */
  all: RxQueue | null;
  /** The core's answer for a filter; shown while it is for the filter chosen. */
  answer: { filter: RxFilter; queue: RxQueue } | null;
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: string | null;
  counts: RxCounts | null;
  prescribers: RxPrescriber[] | null;
  /** The request the list's cursor is on. */
  selectedId: string | null;
  /** Its last known view, kept while it is outside the list (e.g. just routed out of "Requested"). */
  selected: RxRequestView | null;
  /** Where the cursor was, so the arrows carry on from there when the selected request has left the list. */
  cursor: number;
  panel: RxPanel;
  busy: boolean;
  /** A change the core refused (or could not be asked), for the alert. */
  actionError: string | null;
  /** The last thing done, for the status line. */
  notice: string | null;

  /** Follow the core's `changed` pushes; returns the stop function. */
  start(): () => void;
  /** The queue (everything and the chosen filter), its counts and the prescribers. */
  load(): Promise<void>;
  /** Fetch the core's answer for the chosen filter (the list meanwhile is painted from `all`). */
  loadFiltered(): Promise<void>;
  setFilter(patch: Partial<RxFilter>): void;
  setText(text: string): void;
  select(request: RxRequestView, index: number): void;
  openPanel(panel: RxPanel): void;
  closePanel(): void;
  act(action: RxQuickAction): Promise<boolean>;
  route(to: RxPrescriber): Promise<boolean>;
  approve(fulfilment: 'pharmacy' | 'print', acknowledgeFlags: boolean): Promise<boolean>;
  /** Refused or failed: the reason (the form keeps what was typed). */
  reject(reason: string): Promise<string | null>;
  templates(nhsNumber: string): Promise<Result<RxTemplates>>;
  add(input: { nhsNumber: string; channel: 'counter' | 'phone' | 'pharmacy'; templateIds: string[] }): Promise<string | null>;
  reset(): void;
}

/** `?rx-preview=off` waits for the core's answer before painting: only the benchmark uses it, as the baseline. */
const previewAllowed = (): boolean => typeof window === 'undefined' || new URLSearchParams(window.location.search).get('rx-preview') !== 'off';

/** A filter change asks the core for its answer this long after the last change (the list is painted at once meanwhile). */
const ASK_CORE_AFTER_MS = 150;

/** The core's messages for the queue are written for the desk; NOT_FOUND here is about a request, not a patient. */
export const rxErrorText = (e: AppError): string => (e.code === 'NOT_FOUND' ? e.message : describeError(e));

const initial = {
  filter: DEFAULT_FILTER,
  text: '',
  all: null,
  answer: null,
  status: 'idle',
  error: null,
  counts: null,
  prescribers: null,
  selectedId: null,
  selected: null,
  cursor: -1,
  panel: 'details',
  busy: false,
  actionError: null,
  notice: null,
} as const satisfies Partial<RxState>;

/** Put a changed request in place (or first, when new) in a list the core sent, so the list shows it before the refetch. */
function patched(queue: RxQueue, view: RxRequestView, keep: (v: RxRequestView) => boolean): RxQueue {
  const i = queue.requests.findIndex((r) => r.id === view.id);
  if (i < 0) return keep(view) ? { ...queue, requests: [view, ...queue.requests] } : queue;
  const requests = queue.requests.slice();
  requests[i] = view;
  return { ...queue, requests };
}

type Changes = Extract<RxChanges, { kind: 'changes' }>;

/**
 * The whole queue with what changed merged in: changed requests replaced (or added), removed ones dropped, times left
 * moved on, in the queue's order (the core's, shared). The same object when nothing changed.
 */
export function mergeChanges(queue: RxQueue, c: Changes): RxQueue {
  if (c.requests.length === 0 && c.removed.length === 0 && c.times.length === 0) return queue.cursor === c.cursor ? queue : { ...queue, cursor: c.cursor };
  const replaced = new Set([...c.removed, ...c.requests.map((v) => v.id)]);
  const times = new Map(c.times.map((t) => [t.id, t] as const));
  const kept: RxRequestView[] = [];
  for (const v of queue.requests) {
    if (replaced.has(v.id)) continue;
    const t = times.get(v.id);
    kept.push(t ? { ...v, timeLeft: t.timeLeft, overdue: t.overdue } : v);
  }
  // Nearly in order already (a sorted list and a few sorted changes), so the sort is close to one pass.
  const requests = c.requests.length ? kept.concat(c.requests).sort(queueOrder) : kept;
  return { asOf: c.asOf, targetWorkingDays: c.targetWorkingDays, cursor: c.cursor, requests };
}

/** The list as shown: the core's answer for this filter, else (painting at once) the desk's copy of everything, filtered. */
export function shownQueue(s: Pick<RxState, 'all' | 'answer' | 'filter'>): { requests: RxRequestView[]; filtered: boolean; fromCore: boolean } | null {
  if (s.answer && sameFilter(s.answer.filter, s.filter)) return { requests: s.answer.queue.requests, filtered: false, fromCore: true };
  if (s.all && previewAllowed()) return { requests: s.all.requests, filtered: true, fromCore: false };
  // Baseline only: the last answer, until the core answers for the new filter.
  if (s.answer) return { requests: s.answer.queue.requests, filtered: false, fromCore: false };
  return null;
}

const ACT_VERB = { 'cancel-by-patient': 'cancel', 'mark-ready': 'ready', 'mark-collected': 'collected' } as const;
const ACT_DONE: Record<RxQuickAction, string> = {
  'cancel-by-patient': 'request cancelled by the patient',
  'mark-ready': 'prescription ready to collect',
  'mark-collected': 'prescription collected',
};
const waitingNote = (v: RxRequestView) => (v.waitingToSend ? ' (waiting to send)' : '');

/** The repeat-prescription queue at this desk: filters, the selected request and what is done to it. */
export const useRxStore = create<RxState>()((set, get) => {
  let allSeq = 0;
  let answerSeq = 0;
  let countSeq = 0;
  let epoch = 0;
  let filterTimer: ReturnType<typeof setTimeout> | null = null;
  /** The push being followed (one `rx:changes` at a time), and whether another push came meanwhile. */
  let following: Promise<void> | null = null;
  let followAgain = false;

  /** The core changed a request: show its new view at once, everywhere the desk holds it. */
  function changed(view: RxRequestView, notice: string): void {
    const s = get();
    set({
      all: s.all ? patched(s.all, view, () => true) : s.all,
      answer: s.answer ? { ...s.answer, queue: patched(s.answer.queue, view, (v) => passes(v, s.answer!.filter)) } : s.answer,
      selectedId: view.id,
      selected: view,
      panel: 'details',
      busy: false,
      actionError: null,
      notice,
    });
  }

  /** Does the chosen filter narrow the queue? When it does not, its answer is the whole queue and one fetch does for both. */
  const narrowed = (): boolean => Object.keys(queueInput(get().filter)).length > 0;

  async function loadAll(): Promise<void> {
    if (!previewAllowed() || !narrowed()) return;
    const mine = ++allSeq;
    const r = await getApi().rx.queue({});
    if (mine !== allSeq) return;
    if (r.ok) set({ all: r.value });
  }

  /** Fetch the queue again: the whole of it (unless the filter's answer is the whole queue) and the filter's answer. */
  const reload = (): Promise<unknown> => Promise.all([loadAll(), get().loadFiltered()]);

  /** Merge what changed into the desk's copy of everything, and the filter's answer from it (filtered as the core filters). */
  function applyChanges(c: Changes): void {
    const s = get();
    if (!s.all) return;
    const all = mergeChanges(s.all, c);
    if (all === s.all) return;
    const answer = s.answer && {
      filter: s.answer.filter,
      queue: { ...all, requests: all.requests.filter((v) => passes(v, s.answer!.filter)) },
    };
    const selected = s.selected && (all.requests.find((v) => v.id === s.selected!.id) ?? s.selected);
    set({ all, answer, selected });
  }

  /** One step of following the core: what changed since the desk's copy, else (no copy, refused cursor) the queue again. */
  async function followOnce(): Promise<void> {
    const at = epoch;
    const since = previewAllowed() ? get().all?.cursor : undefined;
    if (!since) return void (await reload());
    const r = await getApi().rx.changes({ since });
    if (at !== epoch) return;
    // A fresh copy of the whole queue landed meanwhile (it is newer than this answer's start): ask again from its cursor.
    if (get().all?.cursor !== since) return void (followAgain = true);
    if (r.ok && r.value.kind === 'changes') applyChanges(r.value);
    else await reload(); // the core restarted, the cursor is too old, too much changed, or it could not answer
  }

  /** The core changed the queue: follow it, one fetch at a time; pushes meanwhile make one more fetch, not one each. */
  function follow(): void {
    if (following) {
      followAgain = true;
      return;
    }
    following = (async () => {
      try {
        do {
          followAgain = false;
          await followOnce();
        } while (followAgain);
      } finally {
        following = null;
      }
    })();
  }

  async function loadCounts(): Promise<void> {
    const mine = ++countSeq;
    const r = await getApi().rx.counts({});
    if (mine === countSeq && r.ok) set({ counts: r.value });
  }

  async function loadPrescribers(): Promise<void> {
    const at = epoch;
    const r = await getApi().rx.prescribers({});
    if (at === epoch && r.ok) set({ prescribers: r.value });
  }

  /** Run a change on the selected request; the core's answer is shown, its refusal said in the alert. */
  async function change(call: (id: string) => Promise<Result<RxRequestView>>, notice: (v: RxRequestView) => string): Promise<string | null> {
    const id = get().selectedId;
    if (!id || get().busy) return 'Choose a request first.';
    const at = epoch;
    set({ busy: true, actionError: null, notice: null });
    const r = await call(id);
    if (at !== epoch) return null;
    if (r.ok) {
      changed(r.value, notice(r.value));
      return null;
    }
    const message = rxErrorText(r.error);
    set({ busy: false, actionError: message });
    // The desk's copy was behind (another desk acted, or the request moved on): fetch the queue again.
    if (r.error.code === 'NOT_FOUND' || r.error.code === 'INVALID_INPUT') void get().load();
    return message;
  }

  return {
    ...initial,

    start() {
      return getApi().on('changed', ({ tables }) => {
        if (!tables.includes('prescriptions')) return;
        follow();
        void loadCounts();
      });
    },

    async load() {
      const at = epoch;
      set({ status: get().all || get().answer ? 'ready' : 'loading' });
      const prescribers = get().prescribers ? Promise.resolve() : loadPrescribers();
      await Promise.all([loadAll(), get().loadFiltered(), loadCounts(), prescribers]);
      if (at !== epoch) return;
      // Keys act on the selected request, so there is one as soon as there is a list.
      const s = get();
      if (!s.selectedId) {
        const first = shownQueue(s)?.requests[0];
        if (first) set({ selectedId: first.id, selected: first, cursor: 0 });
      }
    },

    async loadFiltered() {
      const mine = ++answerSeq;
      const filter = get().filter;
      const r = await getApi().rx.queue(queueInput(filter));
      if (mine !== answerSeq) return;
      if (r.ok) {
        const whole = Object.keys(queueInput(filter)).length === 0 && previewAllowed();
        if (whole) allSeq++; // this answer is the newer copy of everything
        set({ answer: { filter, queue: r.value }, ...(whole ? { all: r.value } : {}), status: 'ready', error: null });
      }
      else set({ status: get().answer || get().all ? 'ready' : 'error', error: rxErrorText(r.error) });
    },

    setFilter(patch) {
      set({ filter: { ...get().filter, ...patch } });
      if (filterTimer) clearTimeout(filterTimer);
      filterTimer = null;
      // Painted at once from the desk's copy; the core is asked once the person stops moving through the choices
      // (arrowing down the list would otherwise ask for, and parse, every filter on the way).
      if (get().all && previewAllowed()) {
        filterTimer = setTimeout(() => {
          filterTimer = null;
          void get().loadFiltered();
        }, ASK_CORE_AFTER_MS);
      } else void get().loadFiltered();
    },

    setText: (text) => set({ text }),

    select: (request, index) => set({ selectedId: request.id, selected: request, cursor: index, actionError: null }),

    openPanel: (panel) => set({ panel, actionError: null }),
    closePanel: () => set({ panel: 'details', actionError: null }),

    act: async (action) =>
      (await change(
        (id) => getApi().rx[ACT_VERB[action]]({ id }),
        (v) => `${v.patientName}: ${ACT_DONE[action]}${waitingNote(v)}.`,
      )) === null,

    route: async (to) =>
      (await change(
        (id) => getApi().rx.route({ id, to: to.id }),
        (v) => `${v.patientName}: routed to ${v.routedTo?.name ?? to.name}${waitingNote(v)}.`,
      )) === null,

    approve: async (fulfilment, acknowledgeFlags) =>
      (await change(
        (id) => getApi().rx.approve({ id, fulfilment, acknowledgeFlags }),
        (v) => `${v.patientName}: approved, ${fulfilment === 'pharmacy' ? `sent to ${v.nominatedPharmacy?.name ?? 'the nominated pharmacy'}` : 'printed for collection'}${waitingNote(v)}.`,
      )) === null,

    reject: (reason) =>
      change(
        (id) => getApi().rx.reject({ id, reason }),
        (v) => `${v.patientName}: rejected. Reason to tell the patient: ${v.rejectReason ?? reason}${waitingNote(v)}.`,
      ),

    templates: (nhsNumber) => getApi().rx.templates({ nhsNumber }),

    async add(input) {
      const at = epoch;
      set({ busy: true, actionError: null, notice: null });
      const r = await getApi().rx.add(input);
      if (at !== epoch) return null;
      if (r.ok) {
        const v = r.value;
        changed(v, `${v.patientName}: request added (${v.items.length} item${v.items.length === 1 ? '' : 's'})${waitingNote(v)}.`);
        return null;
      }
      const message = rxErrorText(r.error);
      set({ busy: false });
      return message;
    },

    reset() {
      if (filterTimer) clearTimeout(filterTimer);
      filterTimer = null;
      epoch++;
      followAgain = false;
      allSeq++;
      answerSeq++;
      countSeq++;
      set({ ...initial });
    },
  };
});

// A different person (or nobody) now holds the desk: forget the queue, as session.store forgets the other stores.
useSessionStore.subscribe((next, prev) => {
  if (sessionIdOf(next.session) !== sessionIdOf(prev.session)) useRxStore.getState().reset();
});
