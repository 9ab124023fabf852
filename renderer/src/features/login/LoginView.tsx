import { useEffect, useId, useRef } from 'react';
import type { SessionState } from '../../../../shared/contract';
import { Notice } from '../../components/Notice';
import { useSessionStore } from '../../stores/session.store';
import { PasscodeForm } from './PasscodeForm';
import { ReaderStatusLine } from './ReaderStatusLine';
import { RoleChoice } from './RoleChoice';

export type LoginState = Extract<SessionState, { state: 'signed-out' | 'card-presented' | 'choose-role' }>;

/** Nobody holds the desk: wait for a card, then ask its holder for the passcode and, if they have several, a role. */
export function LoginView({ session }: { session: LoginState }) {
  const busy = useSessionStore((s) => s.busy);
  const { submitPasscode, chooseRole } = useSessionStore.getState();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const headingId = useId();
  const refusal = session.state === 'card-presented' ? session.refusal : null;

  // Where there is nothing to type, the heading takes focus so the new screen is read out from the top.
  useEffect(() => {
    if (session.state === 'signed-out' || refusal) headingRef.current?.focus();
  }, [session.state, refusal]);

  return (
    <section className="login" aria-labelledby={headingId}>
      {session.state === 'signed-out' && (
        <>
          <h2 ref={headingRef} id={headingId} tabIndex={-1} className="login__heading">
            Present your smartcard
          </h2>
          <p>Put your smartcard on the card reader to sign in.</p>
          <ReaderStatusLine reader={session.reader} />
          {session.message && (
            <Notice tone="info">
              <p>{session.message}</p>
            </Notice>
          )}
        </>
      )}

      {session.state === 'card-presented' && (
        <>
          <h2 ref={headingRef} id={headingId} tabIndex={-1} className="login__heading">
            {session.holderName ? `Card for ${session.holderName}` : 'Card on the reader'}
          </h2>
          {session.refusal ? (
            <>
              <Notice tone="alert">
                <p>{session.refusal}</p>
              </Notice>
              <p>Take the card off the reader.</p>
            </>
          ) : (
            <>
              <p>Type the passcode for this card.</p>
              <PasscodeForm
                submitLabel="Sign in"
                busy={busy === 'passcode'}
                message={session.message}
                attemptsLeft={session.attemptsLeft}
                onSubmit={(p) => void submitPasscode(p)}
              />
              <p className="hint">Not your card? Take it off the reader.</p>
            </>
          )}
        </>
      )}

      {session.state === 'choose-role' && (
        <>
          <h2 ref={headingRef} id={headingId} tabIndex={-1} className="login__heading">
            Welcome, {session.holderName}
          </h2>
          <RoleChoice roles={session.roles} busy={busy === 'choose-role'} onChoose={(id) => void chooseRole(id)} />
          <p className="hint">To stop, take your card off the reader.</p>
        </>
      )}
    </section>
  );
}
