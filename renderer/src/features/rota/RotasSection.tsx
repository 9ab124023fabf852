import { useId } from 'react';
import type { RotaOverview, RotaView } from '../../../../shared/contract/rota';
import { useRotaStore } from '../../stores/rota.store';
import { RotaForm } from './RotaForm';
import { TemplateForm } from './TemplateForm';
import { TemplateTable } from './TemplateTable';
import { useReturnFocus } from './form-bits';
import { shortDay } from './rota-words';

/** Rotas, each with its session templates; a practice manager creates, renames and re-dates rotas, and adds, changes or deletes templates. */
export function RotasSection({ canEdit }: { canEdit: boolean }) {
  const overview = useRotaStore((s) => s.overview);
  const draft = useRotaStore((s) => s.rotaDraft);
  const focus = useReturnFocus();
  if (!overview) return null;
  return (
    <>
      {canEdit && (
        <div className="view__toolbar">
          <button
            type="button"
            className="button"
            onClick={() => {
              focus.remember();
              useRotaStore.getState().startRota();
            }}
          >
            Create a rota
          </button>
        </div>
      )}
      {canEdit && draft && !draft.id && <RotaForm draft={draft} onDone={() => focus.restore()} />}
      {overview.rotas.length === 0 && <p>No rotas yet.{canEdit ? ' Create one, then add its session templates.' : ''}</p>}
      {overview.rotas.map((r) => (
        <RotaBlock key={r.id} rota={r} overview={overview} canEdit={canEdit} />
      ))}
    </>
  );
}

function RotaBlock({ rota, overview, canEdit }: { rota: RotaView; overview: RotaOverview; canEdit: boolean }) {
  const template = useRotaStore((s) => (s.template?.rotaId === rota.id ? s.template : null));
  const editing = useRotaStore((s) => (s.rotaDraft?.id === rota.id ? s.rotaDraft : null));
  const id = useId();
  const focus = useReturnFocus();
  const headingOf = () => document.getElementById(`${id}-heading`);
  return (
    <section className="panel rota-block" aria-labelledby={`${id}-heading`}>
      <h4 id={`${id}-heading`} tabIndex={-1} className="panel__heading">
        {rota.name}
      </h4>
      <p>
        {shortDay(rota.from)} to {shortDay(rota.to)}
      </p>
      {canEdit && !editing && (
        <div className="view__toolbar">
          <button
            type="button"
            className="button button--small"
            onClick={() => {
              focus.remember();
              useRotaStore.getState().startRota(rota.id);
            }}
          >
            Rename or re-date {rota.name}
          </button>
        </div>
      )}
      {canEdit && editing && <RotaForm draft={editing} onDone={() => focus.restore(headingOf())} />}
      <TemplateTable rota={rota} overview={overview} canEdit={canEdit} onChange={() => focus.remember()} />
      {canEdit && !template && (
        <div className="view__toolbar">
          <button
            type="button"
            className="button"
            onClick={() => {
              focus.remember();
              useRotaStore.getState().startTemplate(rota.id);
            }}
          >
            Add a template to {rota.name}
          </button>
        </div>
      )}
      {canEdit && template && <TemplateForm draft={template} rotaName={rota.name} overview={overview} onDone={() => focus.restore(headingOf())} />}
    </section>
  );
}
