import { useEffect, useId } from 'react';
import { ROLES } from '../../../../shared/domain/roles';
import { Notice } from '../../components/Notice';
import { VisuallyHidden } from '../../components/VisuallyHidden';
import { useDemoStore } from '../../stores/demo.store';
import { useDemoShortcuts } from './use-demo-shortcuts';

/** "Receptionist (R8009)" for a role code the desk knows; anything else as it came. */
const describeRole = (role: string): string => (role in ROLES ? `${ROLES[role as keyof typeof ROLES].name} (${role})` : role);

/**
 * Demo mode only: a stand-in for the smartcard reader. Lists the demo cards (their passcodes too: they
 * are demo cards) and puts one on the reader or takes it off, by button or Alt+Shift+1…9 / Alt+Shift+0.
 */
export function DemoReader() {
  const cards = useDemoStore((s) => s.cards);
  const error = useDemoStore((s) => s.error);
  const notice = useDemoStore((s) => s.notice);
  const { load, present, withdraw } = useDemoStore.getState();
  const id = useId();

  useEffect(() => {
    void load();
  }, [load]);
  useDemoShortcuts(cards);

  return (
    <section className="demo-reader" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`} className="demo-reader__heading">
        Demo card reader
      </h2>
      <p className="hint">Demo mode: these cards stand in for real NHS smartcards.</p>
      {error && (
        <Notice tone="alert">
          <p>{error}</p>
        </Notice>
      )}
      {cards && cards.length === 0 && <p>There are no demo cards.</p>}
      {cards && cards.length > 0 && (
        <ul className="demo-reader__cards">
          {cards.map((card, i) => (
            <li key={card.cardId} className="demo-card">
              <span className="demo-card__holder">{card.holderName}</span>
              <span className="demo-card__roles">{card.roles.map(describeRole).join(', ')}</span>
              <span className="demo-card__detail">
                Card {card.cardId}, passcode {card.passcode}
              </span>
              <span className="demo-card__action">
                <button
                  type="button"
                  className="button button--small"
                  aria-keyshortcuts={i < 9 ? `Alt+Shift+${i + 1}` : undefined}
                  onClick={() => void present(card)}
                >
                  Present card<VisuallyHidden> for {card.holderName}</VisuallyHidden>
                </button>
                {i < 9 && <kbd className="demo-card__key">Alt+Shift+{i + 1}</kbd>}
              </span>
            </li>
          ))}
        </ul>
      )}
      <p className="demo-reader__withdraw">
        <button type="button" className="button button--small" aria-keyshortcuts="Alt+Shift+0" onClick={() => void withdraw()}>
          Withdraw card
        </button>{' '}
        <kbd className="demo-card__key">Alt+Shift+0</kbd>
      </p>
      <p role="status" aria-label="Demo card reader" className="demo-reader__status">
        {notice}
      </p>
    </section>
  );
}
