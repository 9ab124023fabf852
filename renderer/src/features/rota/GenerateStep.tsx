import { useEffect, useRef } from 'react';
import { useRotaStore } from '../../stores/rota.store';
import { CoreRefusal } from './form-bits';
import { plural, shortDay } from './rota-words';

/** After a preview: Generate, then a yes that repeats the count; the result says what was created. */
export function GenerateStep() {
  const preview = useRotaStore((s) => s.preview);
  const confirming = useRotaStore((s) => s.confirming);
  const generated = useRotaStore((s) => s.generated);
  const form = useRotaStore((s) => s.forms.generate);
  const { askGenerate, generate } = useRotaStore.getState();
  const confirmRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);
  if (!preview) return null;
  const n = preview.summary.newSlots;

  if (generated) {
    return (
      <div className="notice rota-result">
        <p>
          Generated: {plural(generated.created, 'slot')} created, {generated.alreadyInBook} already in the book
          {generated.blockedExisting ? `, ${plural(generated.blockedExisting, 'free slot')} blocked for leave` : ''}.
        </p>
      </div>
    );
  }
  if (confirming) {
    return (
      <div ref={confirmRef} tabIndex={-1} role="group" aria-label="Confirm generating" className="notice notice--warning rota-confirm">
        <p>
          Add {plural(n, 'new slot')} to the book from {shortDay(preview.from)} to {shortDay(preview.to)}? Slots already in the book are left as they are.
        </p>
        <CoreRefusal error={form.error} />
        <div className="form__actions">
          <button type="button" className="button button--primary" disabled={form.busy} onClick={() => void generate()}>
            Yes, generate {plural(n, 'slot')}
          </button>
          <button type="button" className="button" onClick={() => askGenerate(false)}>
            Cancel
          </button>
        </div>
      </div>
    );
  }
  return (
    <div className="form__actions">
      <button type="button" className="button button--primary" disabled={n === 0} onClick={() => askGenerate(true)}>
        Generate {plural(n, 'new slot')}
      </button>
      {n === 0 && <p className="hint">Every slot of this preview is already in the book.</p>}
    </div>
  );
}
