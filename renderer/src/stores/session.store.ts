import { create } from 'zustand';
import type { SessionState } from '../../../shared/contract';
import type { Result } from '../../../shared/result';
import { connection, getApi } from '../lib/api';
import { describeError } from '../lib/error-message';
import { useAuditStore } from './audit.store';
import { useDeskStore } from './desk.store';
import { usePatientsStore } from './patients.store';
import { useStaffStore } from './staff.store';

/** The core's idle timer is reset at most this often, however busy the keyboard and mouse are. */
export const TOUCH_EVERY_MS = 30_000;

export type SessionAction = 'passcode' | 'choose-role' | 'lock' | 'sign-out' | 'sign-out-and-clear';

interface SessionStore {
  /** Where the desk is in the login cycle, as the core last said; null until it first answers. */
  session: SessionState | null;
  /** Why the state could not be loaded (only shown while there is no state at all). */
  loadError: string | null;
  /** The login action in flight, if any. */
  busy: SessionAction | null;
  /** A login action that did not reach the core (the core's own refusals arrive inside the state). */
  actionError: string | null;

  /** Load the state and follow the `session` push; returns the stop function. */
  start(): () => void;
  load(): Promise<void>;
  submitPasscode(passcode: string): Promise<void>;
  chooseRole(roleProfileId: string): Promise<void>;
  lock(): Promise<void>;
  signOut(): Promise<void>;
  /** Sign out and clear this PC's copy of patient records (shared PCs). */
  signOutAndClear(): Promise<void>;
  /** The user did something: tell the core (throttled), so its idle timer starts again. */
  touch(now?: number): void;
}

/** The signed-in session the desk's work belongs to (active or locked), or null when nobody holds the desk. */
export function sessionIdOf(s: SessionState | null): string | null {
  return s && (s.state === 'active' || s.state === 'locked') ? s.sessionId : null;
}

/**
 * A different person (or nobody) now holds the desk: forget every trace of the previous person's work,
 * so it can never be shown to someone else. Locking and resuming the same session forgets nothing.
 */
function forgetDeskWork(): void {
  usePatientsStore.getState().reset();
  useStaffStore.getState().reset();
  useAuditStore.getState().reset();
  useDeskStore.getState().reset();
}

export const useSessionStore = create<SessionStore>()((set, get) => {
  let loading: Promise<void> | null = null;
  let lastTouch = 0;

  function apply(next: SessionState): void {
    const prev = get().session;
    // Cleared before the new state is stored, so no render ever pairs the new session with old work.
    if (sessionIdOf(prev) !== sessionIdOf(next)) forgetDeskWork();
    if (next.state === 'active' && prev?.state !== 'active') lastTouch = Date.now(); // signing in or resuming counts
    set({ session: next, loadError: null, actionError: null });
  }

  async function act(action: SessionAction, call: () => Promise<Result<SessionState>>): Promise<void> {
    set({ busy: action, actionError: null });
    const r = await call();
    set({ busy: null });
    if (r.ok) apply(r.value);
    else set({ actionError: describeError(r.error) });
  }

  return {
    session: null,
    loadError: null,
    busy: null,
    actionError: null,

    start() {
      const { api, link } = connection();
      const stopPush = api.on('session', apply);
      // After the link to the core comes back, the session may have moved on (or the core restarted).
      let wasLost = link.status().state === 'lost';
      const stopLink = link.subscribe((status) => {
        if (status.state === 'open' && wasLost) void get().load();
        wasLost = status.state === 'lost';
      });
      void get().load();
      return () => {
        stopPush();
        stopLink();
      };
    },

    load() {
      loading ??= getApi()
        .auth.state({})
        .then((r) => (r.ok ? apply(r.value) : set({ loadError: describeError(r.error) })))
        .finally(() => {
          loading = null;
        });
      return loading;
    },

    submitPasscode: (passcode) => act('passcode', () => getApi().auth.passcode({ passcode })),
    chooseRole: (roleProfileId) => act('choose-role', () => getApi().auth.chooseRole({ roleProfileId })),
    lock: () => act('lock', () => getApi().auth.lock({})),
    signOut: () => act('sign-out', () => getApi().auth.signOut({})),
    signOutAndClear: () => act('sign-out-and-clear', () => getApi().auth.signOutAndClear({})),

    touch(now = Date.now()) {
      if (get().session?.state !== 'active' || now - lastTouch < TOUCH_EVERY_MS) return;
      lastTouch = now;
      void getApi().auth.touch({}); // best effort: if it fails, the worst case is an early idle lock
    },
  };
});
