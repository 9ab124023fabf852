import { useEffect, useId, useRef } from 'react';
import type { SessionState } from '../../../../shared/contract';
import { Notice } from '../../components/Notice';
import { useSessionStore } from '../../stores/session.store';
import { PasscodeForm } from '../login/PasscodeForm';
import { ReaderStatusLine } from '../login/ReaderStatusLine';

export type LockedState = Extract<SessionState, { state: 'locked' }>;

const WHY: Record<LockedState['reason'], (name: string) => string> = {
  'card-removed': () => 'The smartcard was taken off the reader.',
  idle: () => 'Nobody used the desk for a while, so it locked itself.',
  manual: (name) => `${name} locked the desk.`,
};

/**
 * The whole page while a session is locked. The desk's views are not rendered at all (no patient
 * detail is in the page), but their stores are kept, so the same person resumes exactly where they were.
 */
export function LockView({ session }: { session: LockedState }) {
  const busy = useSessionStore((s) => s.busy);
  const { submitPasscode, signOut } = useSessionStore.getState();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const id = useId();
  const { user } = session;
  const canType = session.cardPresent && session.attemptsLeft > 0;

  // With no passcode to type, the heading takes focus (the view it replaced had it, and is gone).
  useEffect(() => {
    if (!canType) headingRef.current?.focus();
  }, [canType]);

  return (
    <section className="lock" aria-labelledby={`${id}-heading`}>
      <h2 ref={headingRef} id={`${id}-heading`} tabIndex={-1} className="lock__heading">
        Desk locked
      </h2>
      <p className="lock__who">
        Locked for {user.name} ({user.roleName})
      </p>
      <p className="lock__why">{WHY[session.reason](user.name)}</p>

      {canType ? (
        <>
          <p>To carry on, type the passcode for {user.name}’s card.</p>
          <PasscodeForm
            submitLabel="Unlock"
            busy={busy === 'passcode'}
            message={session.message}
            attemptsLeft={session.attemptsLeft}
            onSubmit={(p) => void submitPasscode(p)}
          />
        </>
      ) : (
        <>
          {session.message && (
            <Notice tone={session.cardPresent ? 'alert' : 'info'}>
              <p>{session.message}</p>
            </Notice>
          )}
          <p className="lock__prompt">{session.cardPresent ? 'Take the card off the reader.' : 'Present your card to resume.'}</p>
        </>
      )}
      {session.reader.state !== 'connected' && <ReaderStatusLine reader={session.reader} />}

      <div className="lock__other">
        <p id={`${id}-signout-hint`} className="hint">
          Someone else needs the desk? Signing out ends {user.name}’s session; anything they had not saved is lost.
        </p>
        <button
          type="button"
          className="button"
          aria-describedby={`${id}-signout-hint`}
          disabled={busy === 'sign-out'}
          onClick={() => void signOut()}
        >
          Sign out {user.name}
        </button>
      </div>
    </section>
  );
}
