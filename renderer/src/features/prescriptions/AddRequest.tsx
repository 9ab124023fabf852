import { useEffect, useId, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import { DESK_CHANNELS, type RxTemplates } from '../../../../shared/contract/prescriptions';
import { checkNhsNumber, formatNhsNumber } from '../../../../shared/domain/nhs-number';
import { Notice } from '../../components/Notice';
import { TextField } from '../../components/TextField';
import { rxErrorText, useRxStore } from '../../stores/rx.store';
import { CHANNEL_LABEL, itemLine } from './rx-words';

type DeskChannel = (typeof DESK_CHANNELS)[number];

/**
 * A request taken at the counter or by phone: NHS number → the patient's repeat templates (flagged ones say why)
 * → which items → how it was asked for → Add. Everything typed stays put when the core refuses.
 */
export function AddRequest({ nhsRef, onDone }: { nhsRef: RefObject<HTMLInputElement | null>; onDone(): void }) {
  const busy = useRxStore((s) => s.busy);
  const [nhs, setNhs] = useState('');
  const [nhsError, setNhsError] = useState<string | undefined>();
  const [looking, setLooking] = useState(false);
  const [templates, setTemplates] = useState<RxTemplates | null>(null);
  const [chosen, setChosen] = useState<string[]>([]);
  const [channel, setChannel] = useState<DeskChannel>('counter');
  const [error, setError] = useState<string | null>(null);
  const id = useId();
  const itemsRef = useRef<HTMLFieldSetElement>(null);
  useEffect(() => nhsRef.current?.focus(), [nhsRef]);

  const find = async () => {
    const check = checkNhsNumber(nhs);
    setError(null);
    if (!check.valid) {
      setNhsError(check.message);
      setTemplates(null);
      return;
    }
    setNhsError(undefined);
    setLooking(true);
    const r = await useRxStore.getState().templates(check.value);
    setLooking(false);
    if (!r.ok) {
      setTemplates(null);
      setNhsError(r.error.code === 'NOT_FOUND' ? r.error.message : rxErrorText(r.error));
      return;
    }
    setTemplates(r.value);
    setChosen([]);
  };

  // The templates arrive: go to the first item, so the person can tick them at once.
  useEffect(() => {
    if (templates && templates.templates.length > 0) itemsRef.current?.querySelector('input')?.focus();
  }, [templates]);

  const add = async () => {
    if (!templates) return;
    if (chosen.length === 0) {
      setError('Choose at least one item.');
      itemsRef.current?.querySelector('input')?.focus();
      return;
    }
    setError(null);
    const refused = await useRxStore.getState().add({ nhsNumber: templates.nhsNumber, channel, templateIds: chosen });
    if (refused === null) onDone();
    else setError(refused);
  };

  const close = () => {
    useRxStore.getState().closePanel();
    onDone();
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'Escape') return;
    e.preventDefault();
    e.stopPropagation();
    close();
  };

  return (
    <section className="rx-panel rx-add" aria-labelledby={`${id}-title`} onKeyDown={onKeyDown}>
      <h3 id={`${id}-title`} className="rx-panel__title">
        Add a repeat request
      </h3>
      <form
        className="rx-add__find"
        onSubmit={(e) => {
          e.preventDefault();
          void find();
        }}
      >
        <TextField
          label="Patient’s NHS number"
          hint="10 digits, as on their letters or NHS App"
          inputMode="numeric"
          className="rx-add__nhs"
          inputRef={nhsRef}
          value={nhs}
          error={nhsError}
          onValue={(v) => {
            setNhs(v);
            if (templates && v.replace(/\s/g, '') !== templates.nhsNumber) setTemplates(null);
          }}
        />
        <button type="submit" className="button" disabled={looking}>
          {looking ? 'Finding…' : 'Find repeat items'}
        </button>
      </form>

      {templates && (
        <form
          className="rx-add__form"
          aria-label={`Request for ${templates.patientName}`}
          onSubmit={(e) => {
            e.preventDefault();
            void add();
          }}
        >
          <p className="rx-add__patient">
            <strong>{templates.patientName}</strong> ({formatNhsNumber(templates.nhsNumber)}).{' '}
            {templates.nominatedPharmacy ? `Nominated pharmacy: ${templates.nominatedPharmacy.name}.` : 'No nominated pharmacy: printed for collection.'}
          </p>
          {templates.fromLocalCopy && <Notice tone="warning">The national service could not be asked: these are the desk’s last copy of the repeat items.</Notice>}
          {error && (
            <p className="field-error" role="alert">
              <span className="visually-hidden">Error: </span>
              {error}
            </p>
          )}
          {templates.templates.length === 0 ? (
            <p>
              {templates.fromLocalCopy
                ? 'This desk holds no repeat items for this patient, and the national service could not be asked: try again when it is back.'
                : 'This patient has no repeat items at this practice.'}
            </p>
          ) : (
            <fieldset ref={itemsRef} className="rx-form__fieldset">
              <legend>Items to request</legend>
              {templates.templates.map((t) => (
                <div key={t.id} className={`rx-add__item${t.flags.length ? ' rx-add__item--flagged' : ''}`}>
                  <label className="checkbox">
                    <input
                      type="checkbox"
                      checked={chosen.includes(t.id)}
                      aria-describedby={t.flags.length ? `${id}-flag-${t.id}` : undefined}
                      onChange={(e) => setChosen(e.target.checked ? [...chosen, t.id] : chosen.filter((x) => x !== t.id))}
                    />{' '}
                    {itemLine(t)}
                  </label>
                  <span className="rx-add__dosage">{t.dosage}</span>
                  {t.flags.length > 0 && (
                    <strong id={`${id}-flag-${t.id}`} className="rx-panel__flag">
                      For the prescriber: {t.flagText.join('; ')}.
                    </strong>
                  )}
                </div>
              ))}
            </fieldset>
          )}
          <fieldset className="rx-form__fieldset">
            <legend>How the patient asked</legend>
            {DESK_CHANNELS.map((c) => (
              <label key={c} className="radio">
                <input type="radio" name={`${id}-channel`} checked={channel === c} onChange={() => setChannel(c)} /> {CHANNEL_LABEL[c]}
              </label>
            ))}
          </fieldset>
          <div className="rx-form__buttons">
            <button type="submit" className="button button--primary" disabled={busy || templates.templates.length === 0}>
              Add request
            </button>
            <button type="button" className="button" onClick={close}>
              Cancel
            </button>
          </div>
        </form>
      )}
      {!templates && (
        <button type="button" className="button" onClick={close}>
          Cancel
        </button>
      )}
    </section>
  );
}
