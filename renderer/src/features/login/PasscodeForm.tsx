import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { MAX_PASSCODE_ATTEMPTS, PASSCODE_RULE } from '../../../../shared/domain/roles';
import { Notice } from '../../components/Notice';

interface Props {
  /** Words on the button: "Sign in" at login, "Unlock" on the lock view. */
  submitLabel: string;
  busy: boolean;
  /** The core's words after a refused passcode, or null. */
  message: string | null;
  attemptsLeft: number;
  onSubmit(passcode: string): void;
}

/** Does the core's message already say how many goes are left? Then it is not said twice. */
const SAYS_ATTEMPTS = /\b(attempts?|tries|try)\b/i;

export const attemptsLeftSentence = (n: number): string =>
  n === 1 ? '1 attempt left before the card locks.' : `${n} attempts left before the card locks.`;

/**
 * The passcode box, shared by login and the lock view. Focused as soon as it appears; a refused passcode
 * empties it and puts the cursor back. Obvious slips (letters, too short) are caught here, so they never
 * use up one of the card's three attempts.
 */
export function PasscodeForm({ submitLabel, busy, message, attemptsLeft, onSubmit }: Props) {
  const [value, setValue] = useState('');
  const [slip, setSlip] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const id = useId();

  // Runs when the form appears and after each refusal (the core's message or the count changes).
  useEffect(() => {
    setValue('');
    inputRef.current?.focus();
  }, [message, attemptsLeft]);

  const refused = message !== null && attemptsLeft < MAX_PASSCODE_ATTEMPTS;
  const problem = slip ?? (refused ? message : null);
  const describedBy = [problem ? `${id}-problem` : null, `${id}-hint`].filter(Boolean).join(' ');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const passcode = value.trim();
    if (!PASSCODE_RULE.test(passcode)) {
      setSlip(passcode ? 'A passcode is 6 to 8 digits, numbers only. Check it and type it again.' : 'Type your passcode.');
      inputRef.current?.focus();
      return;
    }
    setSlip(null);
    onSubmit(passcode);
  };

  return (
    <form className="passcode-form" onSubmit={submit} noValidate>
      {slip && (
        <Notice tone="alert">
          <p id={`${id}-problem`}>{slip}</p>
        </Notice>
      )}
      {!slip && message && (
        <Notice tone={refused ? 'alert' : 'info'}>
          <p id={`${id}-problem`}>{message}</p>
          {refused && attemptsLeft > 0 && !SAYS_ATTEMPTS.test(message) && <p>{attemptsLeftSentence(attemptsLeft)}</p>}
        </Notice>
      )}
      {!slip && !message && attemptsLeft > 0 && attemptsLeft < MAX_PASSCODE_ATTEMPTS && (
        // Wrong passcodes count across sign-ins: say so before the next one, not after.
        <Notice tone="warning">
          <p>{attemptsLeftSentence(attemptsLeft)}</p>
        </Notice>
      )}
      <label htmlFor={`${id}-passcode`} className="field-label">
        Passcode
      </label>
      <div className="passcode-form__row">
        <input
          ref={inputRef}
          id={`${id}-passcode`}
          name="passcode"
          type="password"
          inputMode="numeric"
          autoComplete="off"
          autoFocus
          spellCheck={false}
          className="text-input text-input--passcode"
          value={value}
          aria-invalid={problem ? true : undefined}
          aria-describedby={describedBy}
          onChange={(e) => {
            setValue(e.target.value);
            if (slip) setSlip(null);
          }}
        />
        <button type="submit" className="button button--primary" disabled={busy}>
          {submitLabel}
        </button>
      </div>
      <p id={`${id}-hint`} className="hint">
        6 to 8 digits. Press Enter when done.
      </p>
    </form>
  );
}
