import { useId, useRef, useState } from 'react';
import { useModalKeys } from '../components/use-modal-keys';

/**
 * "Sign out and clear this PC's copy", beside Sign out (issue 9): for a shared PC, removes every patient record the
 * computer holds, then signs out. It asks first, in a modal confirmation: Cancel has the focus (the safe choice),
 * Tab moves between the two buttons only, Esc cancels, and focus goes back to the button that opened it.
 */
export function SignOutAndClear({ busy, onConfirm }: { busy: boolean; onConfirm(): void }) {
  const [asking, setAsking] = useState(false);
  return (
    <>
      <button type="button" className="button button--header" disabled={busy} aria-haspopup="dialog" onClick={() => setAsking(true)}>
        Sign out and clear this PC&rsquo;s copy
      </button>
      {asking && (
        <ConfirmClear
          onCancel={() => setAsking(false)}
          onConfirm={() => {
            setAsking(false);
            onConfirm();
          }}
        />
      )}
    </>
  );
}

function ConfirmClear({ onCancel, onConfirm }: { onCancel(): void; onConfirm(): void }) {
  const cancelRef = useRef<HTMLButtonElement>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const textId = useId();
  const onKeyDown = useModalKeys([cancelRef, confirmRef], onCancel);

  return (
    <div className="book-help__backdrop">
      <div role="alertdialog" aria-modal="true" aria-labelledby={titleId} aria-describedby={textId} className="book-help clear-copy" onKeyDown={onKeyDown}>
        <h2 id={titleId}>Sign out and clear this PC&rsquo;s copy?</h2>
        <p id={textId}>
          Every patient record this computer keeps for searching when the national service is away will be removed, and
          you will be signed out. Use this on a shared PC. Today&rsquo;s appointments and open prescription requests stay:
          the desk fetches them again from the national services.
        </p>
        <div className="clear-copy__actions">
          <button ref={confirmRef} type="button" className="button button--primary" onClick={onConfirm}>
            Sign out and clear
          </button>
          <button ref={cancelRef} type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </div>
    </div>
  );
}
