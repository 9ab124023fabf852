import { useId, type InputHTMLAttributes, type Ref } from 'react';

interface Props extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'onChange' | 'value'> {
  label: string;
  value: string;
  onValue(value: string): void;
  /** Shown under the label and read with the field. */
  hint?: string;
  /** What is wrong with what was typed; marks the field invalid and is read with it. */
  error?: string | undefined;
  inputRef?: Ref<HTMLInputElement>;
}

/** A labelled text box with its hint and error tied to it, so a screen reader reads all three together. */
export function TextField({ label, value, onValue, hint, error, inputRef, className = '', ...rest }: Props) {
  const id = useId();
  const describedBy = [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`text-field${error ? ' text-field--error' : ''} ${className}`.trim()}>
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
      <input
        ref={inputRef}
        id={id}
        className="text-input"
        autoComplete="off"
        spellCheck={false}
        {...rest}
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        onChange={(e) => onValue(e.target.value)}
      />
    </div>
  );
}
