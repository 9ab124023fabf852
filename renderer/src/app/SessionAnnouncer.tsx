import type { SessionState } from '../../../shared/contract';

/** One sentence for screen readers when the login cycle moves on (refusals are alerts of their own). */
export function sessionSentence(s: SessionState | null): string {
  switch (s?.state) {
    case undefined:
      return '';
    case 'signed-out':
      return 'Nobody is signed in. Present your smartcard to sign in.';
    case 'card-presented':
      return s.refusal ? '' : `Card for ${s.holderName ?? 'an unknown holder'}: type the passcode.`;
    case 'choose-role':
      return 'Passcode accepted. Choose your role for this session.';
    case 'active':
      return `Signed in as ${s.user.name}, ${s.user.roleName}.`;
    case 'locked':
      return `Desk locked for ${s.user.name}.`;
  }
}

/** Always in the page, so that changes to it are announced. */
export function SessionAnnouncer({ session }: { session: SessionState | null }) {
  return (
    <p role="status" aria-label="Sign-in" className="visually-hidden">
      {sessionSentence(session)}
    </p>
  );
}
