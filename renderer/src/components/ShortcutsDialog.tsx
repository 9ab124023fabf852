import { useId, useRef, type ReactNode } from 'react';
import { useModalKeys } from './use-modal-keys';

export interface ShortcutGroup {
  group: string;
  keys: readonly { keys: string; what: string }[];
}

/**
 * A view's keyboard shortcuts, opened with `?`. Modal: Esc or Close shuts it and focus goes back where it was;
 * Close is the only control, so Tab stays on it.
 */
export function ShortcutsDialog({ title, groups, intro, onClose }: { title: string; groups: readonly ShortcutGroup[]; intro?: ReactNode; onClose(): void }) {
  const closeRef = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const onKeyDown = useModalKeys([closeRef], onClose);

  return (
    <div className="book-help__backdrop">
      <div role="dialog" aria-modal="true" aria-labelledby={titleId} className="book-help" onKeyDown={onKeyDown}>
        <h2 id={titleId}>{title}</h2>
        {intro}
        {groups.map((g) => (
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
