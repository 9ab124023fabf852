import { useEffect, useId, useRef, useState } from 'react';
import { TextField } from '../../components/TextField';
import { useStaffStore, type CardDraft } from '../../stores/staff.store';
import { FormFooter } from './FormFooter';
import { ProblemSummary } from '../../components/ProblemSummary';

/**
 * Issue a card (or give a card a new passcode, which also clears a lockout). The passcode is typed twice;
 * it is held by this form only, never in a store, so it is gone once the form is.
 */
export function IssueCardForm({ card, onDone }: { card: CardDraft; onDone(): void }) {
  const errors = useStaffStore((s) => s.cardErrors);
  const coreError = useStaffStore((s) => s.cardError);
  const issuing = useStaffStore((s) => s.issuing);
  const { setCardId, issueCard, cancelCard } = useStaffStore.getState();
  const [passcode, setPasscode] = useState('');
  const [confirm, setConfirm] = useState('');
  const headingRef = useRef<HTMLHeadingElement>(null);
  const id = useId();

  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  return (
    <section className="panel" aria-labelledby={`${id}-heading`}>
      <h3 ref={headingRef} id={`${id}-heading`} tabIndex={-1} className="panel__heading">
        Issue a card to {card.holderName}
      </h3>
      <p className="hint">Issuing a card sets its passcode and clears any lockout. Give the passcode to {card.holderName} in person.</p>
      <form
        noValidate
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          void issueCard(passcode, confirm).then((issued) => issued && onDone());
        }}
      >
        <ProblemSummary errors={errors} />
        <TextField label="Card id" hint="4 to 32 letters or digits, as printed on the card" value={card.cardId} onValue={setCardId} error={errors.cardId} />
        <TextField
          label="Passcode"
          hint="6 to 8 digits"
          type="password"
          inputMode="numeric"
          value={passcode}
          onValue={setPasscode}
          error={errors.passcode}
        />
        <TextField label="Passcode again" type="password" inputMode="numeric" value={confirm} onValue={setConfirm} error={errors.confirm} />
        <FormFooter
          submitLabel="Issue card"
          busy={issuing}
          coreError={coreError}
          onCancel={() => {
            cancelCard();
            onDone();
          }}
        />
      </form>
    </section>
  );
}
