import { useEffect, useRef } from 'react';
import type { AttentionItem } from '../../../../shared/contract';
import { formatNhsNumber } from '../../../../shared/domain/nhs-number';
import { LoadFailed } from '../../components/LoadFailed';
import { formatUkTime } from '../../lib/uk-time';
import { getApi } from '../../lib/api';
import { useAppStore } from '../../stores/app.store';
import { useBookStore } from '../../stores/book.store';
import { useSyncStore } from '../../stores/sync.store';

/**
 * Changes made while the national service was away that could not apply when it returned (usually: another desk
 * booked the slot meanwhile). Nothing was overwritten and nothing double-booked; each waits here for a person.
 */
export function NeedsAttention() {
  const items = useSyncStore((s) => s.items);
  const status = useSyncStore((s) => s.status);
  const error = useSyncStore((s) => s.error);
  const notice = useSyncStore((s) => s.notice);
  const count = useAppStore((s) => s.sync?.attention ?? 0);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => heading.current?.focus(), []);
  // The pushed count changes when replay adds an item or another desk resolves one: fetch the list again.
  useEffect(() => void useSyncStore.getState().load(), [count]);
  useEffect(() => getApi().on('changed', () => void useSyncStore.getState().load()), []);

  return (
    <section className="attention" aria-labelledby="attention-heading">
      <h2 id="attention-heading" ref={heading} tabIndex={-1}>
        Needs attention
      </h2>
      <p className="attention__intro">
        Changes made while the national service was away that could not be applied when it came back. Nothing was
        overwritten or double-booked: decide what to do with each.
      </p>
      <p role="status" className="attention__notice">
        {notice}
      </p>
      {status === 'error' && error && <LoadFailed what="the list" error={error} onRetry={() => void useSyncStore.getState().load()} />}
      {items && items.length === 0 && <p>Nothing needs attention.</p>}
      {items && items.length > 0 && (
        <ul className="attention__list" aria-label="Changes that need attention">
          {items.map((item) => (
            <Item key={item.requestId} item={item} />
          ))}
        </ul>
      )}
    </section>
  );
}

function Item({ item }: { item: AttentionItem }) {
  const { resolve } = useSyncStore.getState();
  const title = `${item.patientName} (${formatNhsNumber(item.nhsNumber)})`;
  const bookAnother = () => {
    // The booking form keeps the NHS number while a slot is found (F) and opened.
    const book = useBookStore.getState();
    book.setForm({ nhsNumber: item.nhsNumber });
    book.show();
  };
  return (
    <li className="attention__item" aria-label={title}>
      <h3 className="attention__patient">{title}</h3>
      <p>
        <strong>Intended:</strong> {item.intended}
      </p>
      <p>
        <strong>What happened:</strong> {item.problem}
      </p>
      <p className="attention__when">Made at {formatUkTime(item.madeAt)}</p>
      <div className="attention__actions">
        {item.kind === 'book' && (
          <>
            <button type="button" className="button" onClick={bookAnother}>
              Book another slot for {item.patientName}
            </button>
            <button type="button" className="button" onClick={() => void resolve(item, 'rebooked')}>
              Mark {item.patientName} as rebooked
            </button>
          </>
        )}
        <button type="button" className="button" onClick={() => void resolve(item, 'patient-contacted')}>
          Mark {item.patientName} as contacted
        </button>
        {item.kind === 'cancel' && (
          <button type="button" className="button" onClick={() => void resolve(item, 'dismissed')}>
            Dismiss for {item.patientName}
          </button>
        )}
      </div>
    </li>
  );
}
