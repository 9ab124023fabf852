import { useEffect, useRef, type KeyboardEvent } from 'react';
import { HELP } from './shortcuts';

/** Every shortcut of the Appointments view. Modal: Esc or Close shuts it and focus goes back where it was. */
export function HelpDialog({ onClose }: { onClose(): void }) {
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    closeRef.current?.focus();
    return () => before?.focus();
  }, []);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      onClose();
    } else if (e.key === 'Tab') {
      // The only control is Close: keep focus inside the dialog.
      e.preventDefault();
      closeRef.current?.focus();
    }
  };

  return (
    <div className="book-help__backdrop">
      <div role="dialog" aria-modal="true" aria-labelledby="book-help-title" className="book-help" onKeyDown={onKeyDown}>
        <h2 id="book-help-title">Appointment book shortcuts</h2>
        {HELP.map((g) => (
          <section key={g.group} aria-label={g.group}>
            <h3 className="book-help__group">{g.group}</h3>
            <dl className="book-help__list">
              {g.keys.map((k) => (
                <div key={k.keys + k.what} className="book-help__row">
                  <dt>
                    <kbd>{k.keys}</kbd>
                  </dt>
                  <dd>{k.what}</dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
        <button ref={closeRef} type="button" className="button button--primary" onClick={onClose}>
          Close
        </button>
      </div>
    </div>
  );
}
