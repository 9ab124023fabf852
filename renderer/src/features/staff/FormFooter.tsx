import { Notice } from '../../components/Notice';

interface Props {
  submitLabel: string;
  busy: boolean;
  /** The core's refusal of the last attempt, in its own words, shown next to the buttons. */
  coreError: string | null;
  onCancel(): void;
}

/** The end of a staff form: why the core refused it (if it did), then submit and Cancel. */
export function FormFooter({ submitLabel, busy, coreError, onCancel }: Props) {
  return (
    <>
      {coreError && (
        <Notice tone="alert">
          <p>{coreError}</p>
        </Notice>
      )}
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          {submitLabel}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </>
  );
}
