/** The pieces every rota form uses: a labelled list box, the problems at the top, the core's refusal and the buttons. */
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { Notice } from '../../components/Notice';
import type { FieldErrors } from './field-errors';

interface SelectProps {
  label: string;
  value: string;
  onValue(value: string): void;
  options: readonly { value: string; label: string }[];
  /** A first, empty choice ("Choose a clinician"); left out when there is none. */
  placeholder?: string;
  hint?: string;
  error?: string | undefined;
}

/** A labelled select with its hint and error read with it, as TextField does for text. */
export function SelectField({ label, value, onValue, options, placeholder, hint, error }: SelectProps) {
  const id = useId();
  const describedBy = [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`text-field${error ? ' text-field--error' : ''}`}>
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="field-error">
          <span className="visually-hidden">Error: </span>
          {error}
        </p>
      )}
      <select id={id} className="select" value={value} aria-invalid={error ? true : undefined} aria-describedby={describedBy} onChange={(e) => onValue(e.target.value)}>
        {placeholder !== undefined && <option value="">{placeholder}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A message for a group of controls (checkboxes, radios) that has no single box to stand under. */
export function GroupError({ error }: { error: string | undefined }) {
  if (!error) return null;
  return (
    <p className="field-error">
      <span className="visually-hidden">Error: </span>
      {error}
    </p>
  );
}

/** The core's refusal of the last attempt, in its own words (a role refusal names the role that may). */
export function CoreRefusal({ error }: { error: string | null }) {
  if (!error) return null;
  return (
    <Notice tone="alert" className="rota-refusal">
      <p>{error}</p>
    </Notice>
  );
}

export function FormActions({ submitLabel, busy, error, onCancel, children }: { submitLabel: string; busy: boolean; error: string | null; onCancel?: () => void; children?: ReactNode }) {
  return (
    <>
      <CoreRefusal error={error} />
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          {submitLabel}
        </button>
        {onCancel && (
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
        )}
        {children}
      </div>
    </>
  );
}

/** Remember the control that opened a form, and go back to it (or to `fallback`) once the form closes. */
export function useReturnFocus() {
  const openedBy = useRef<HTMLElement | null>(null);
  return {
    remember() {
      openedBy.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    },
    restore(fallback?: HTMLElement | null) {
      const to = openedBy.current?.isConnected ? openedBy.current : fallback;
      openedBy.current = null;
      // After React has removed the form.
      setTimeout(() => to?.focus(), 0);
    },
  };
}

/** Focus a form's heading when it opens. */
export function useFocusOnOpen<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return ref;
}
