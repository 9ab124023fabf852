import { useEffect } from 'react';
import type { SessionState } from '../../../shared/contract';
import { Notice } from '../components/Notice';
import { DemoReader } from '../features/demo-reader/DemoReader';
import { DemoFaults } from '../features/demo-faults/DemoFaults';
import { LockView } from '../features/lock/LockView';
import { LoginView } from '../features/login/LoginView';
import { useAppStore } from '../stores/app.store';
import { useSessionStore } from '../stores/session.store';
import { Desk } from './Desk';
import { DeskNav } from './DeskNav';
import { Header } from './Header';
import { SessionAnnouncer } from './SessionAnnouncer';

/**
 * The desk's shell. What main shows comes from the session alone: the login screen, the lock view, or
 * (signed in) the desk. The desk is keyed by session, so nothing of one session's screens outlives it.
 */
export function App() {
  const info = useAppStore((s) => s.info);
  const infoError = useAppStore((s) => s.infoError);
  const national = useAppStore((s) => s.national);
  const sync = useAppStore((s) => s.sync);
  const link = useAppStore((s) => s.link);
  const loadInfo = useAppStore((s) => s.loadInfo);
  const session = useSessionStore((s) => s.session);
  const busy = useSessionStore((s) => s.busy);
  const actionError = useSessionStore((s) => s.actionError);

  useEffect(() => useAppStore.getState().start(), []);
  useEffect(() => useSessionStore.getState().start(), []);

  const active = session?.state === 'active' ? session : null;
  const { lock, signOut, signOutAndClear } = useSessionStore.getState();

  return (
    <>
      <Header
        info={info}
        national={national}
        sync={sync}
        linkLost={link.state === 'lost'}
        user={active?.user ?? null}
        busy={busy !== null}
        onLock={() => void lock()}
        onSignOut={() => void signOut()}
        onSignOutAndClear={() => void signOutAndClear()}
      />
      {active && <DeskNav user={active.user} />}
      <main className="app-main">
        {link.state === 'lost' && link.message && (
          <Notice tone="alert" className="connection-lost">
            {link.message}
          </Notice>
        )}
        {link.state !== 'lost' && infoError && (
          <Notice tone="alert">
            Could not load the desk details: {infoError}{' '}
            <button type="button" onClick={() => void loadInfo()}>
              Try again
            </button>
          </Notice>
        )}
        {link.state !== 'lost' && actionError && <Notice tone="alert">{actionError}</Notice>}
        <Gate session={session} linkLost={link.state === 'lost'} />
      </main>
      {info?.demo && <DemoReader />}
      {info?.demo && active && <DemoFaults />}
      <SessionAnnouncer session={session} />
    </>
  );
}

function Gate({ session, linkLost }: { session: SessionState | null; linkLost: boolean }) {
  const loadError = useSessionStore((s) => s.loadError);
  if (!session) {
    if (loadError && !linkLost) {
      return (
        <Notice tone="alert">
          Could not find out who is signed in: {loadError}{' '}
          <button type="button" onClick={() => void useSessionStore.getState().load()}>
            Try again
          </button>
        </Notice>
      );
    }
    return <p className="starting">Connecting to the desk service…</p>;
  }
  switch (session.state) {
    case 'active':
      return <Desk key={session.sessionId} user={session.user} />;
    case 'locked':
      return <LockView session={session} />;
    default:
      return <LoginView session={session} />;
  }
}
