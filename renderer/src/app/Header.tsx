import type { AppInfo, StaffSession, SyncStatus } from '../../../shared/contract';
import { Marker } from '../components/Marker';
import { SignOutAndClear } from './SignOutAndClear';
import { formatUkTime } from '../lib/uk-time';
import type { NationalStatus } from '../stores/app.store';

const STATE_TEXT: Record<NationalStatus['state'], string> = { online: 'Online', degraded: 'Degraded', offline: 'Offline' };
const STATE_HINT: Record<NationalStatus['state'], string> = {
  online: '',
  degraded: 'answers may be slow or from the local copy',
  offline: 'working from the local copy; changes are kept and sent when it returns',
};

interface Props {
  info: AppInfo | null;
  national: NationalStatus;
  sync: SyncStatus | null;
  linkLost: boolean;
  /** The person signed in, while the desk is open (not while it is locked or waiting for a card). */
  user: StaffSession | null;
  busy: boolean;
  onLock(): void;
  onSignOut(): void;
  /** Sign out and clear this PC's copy (shared PCs); offered only when given. */
  onSignOutAndClear?: () => void;
}

/** Who is at the desk (with Lock and Sign out), for which practice, and whether the national service can be reached. */
export function Header({ info, national, sync, linkLost, user, busy, onLock, onSignOut, onSignOutAndClear }: Props) {
  // Without the desk service we cannot know the national state: say so rather than show a stale "Online".
  const stateText = linkLost ? 'Not known' : STATE_TEXT[national.state];
  const since = !linkLost && national.state !== 'online' ? formatUkTime(national.since) : '';
  const hint = linkLost ? 'no connection to the desk service' : STATE_HINT[national.state];
  const tone = linkLost ? 'unknown' : national.state;
  return (
    <header className="app-header">
      <div className="app-header__identity">
        <h1 className="app-name">GP Reception</h1>
        {info?.demo && <Marker tone="info">Demo data</Marker>}
        <p className="practice">{info ? `${info.practice.name} (${info.practice.odsCode})` : 'Loading practice…'}</p>
      </div>
      {user && (
        <div className="staff">
          <p className="staff__who">
            <span className="staff__name">{user.name}</span> <span className="staff__role">{user.roleName}</span>
          </p>
          <button type="button" className="button button--header" aria-keyshortcuts="Control+L" disabled={busy} onClick={onLock}>
            Lock (Ctrl+L)
          </button>
          <button type="button" className="button button--header" disabled={busy} onClick={onSignOut}>
            Sign out
          </button>
          {onSignOutAndClear && <SignOutAndClear busy={busy} onConfirm={onSignOutAndClear} />}
        </div>
      )}
      <p role="status" aria-label="National service" className={`national national--${tone}`}>
        <span className="national__label">{info?.nationalService.label ?? 'National service'}:</span>{' '}
        <strong>
          {stateText}
          {since && ` since ${since}`}
        </strong>
        {hint && <span className="national__hint"> ({hint})</span>}
      </p>
      {!linkLost && sync && <Outbox sync={sync} />}
    </header>
  );
}

/**
 * What waits to be sent, and the replay's progress. Kept out of the live status above, so a count that changes
 * with every change sent is shown, not announced over and over.
 */
function Outbox({ sync }: { sync: SyncStatus }) {
  const { waiting, replay } = sync;
  if (waiting === 0 && !replay) return null;
  const done = replay ? Math.min(replay.done, replay.total) : 0;
  return (
    <div className="outbox">
      <span className="outbox__waiting">
        {waiting === 1 ? '1 change waiting to send' : `${waiting} changes waiting to send`}
      </span>
      {replay && replay.total > 0 && (
        <>
          {' '}
          <progress className="outbox__progress" aria-label="Sending changes" max={replay.total} value={done} aria-valuetext={`${done} of ${replay.total} sent`} />
          <span className="outbox__count">
            {' '}
            {done} of {replay.total} sent
          </span>
        </>
      )}
      {!replay && sync.lastProblem && <span className="outbox__problem"> {sync.lastProblem}</span>}
    </div>
  );
}
