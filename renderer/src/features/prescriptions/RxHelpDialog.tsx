import { useEffect, useRef, type KeyboardEvent } from 'react';
import { RX_HELP } from './rx-words';

/** Every shortcut of the Prescriptions view (as the book's help). Modal: Esc or Close shuts it, focus goes back. */
export function RxHelpDialog({ onClose }: { onClose(): void }) {
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
      <div role="dialog" aria-modal="true" aria-labelledby="rx-help-title" className="book-help" onKeyDown={onKeyDown}>
        <h2 id="rx-help-title">Prescription queue shortcuts</h2>
        <p className="hint">Only what your role may do with the selected request is offered; the others do nothing.</p>
        {RX_HELP.map((g) => (
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
