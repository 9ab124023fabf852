import { useRotaStore } from '../../stores/rota.store';
import { SlotTypeForm } from './SlotTypeForm';
import { SlotTypeTable } from './SlotTypeTable';
import { useReturnFocus } from './form-bits';

/** The practice's slot types; a practice manager adds and edits them. */
export function SlotTypesSection({ canEdit }: { canEdit: boolean }) {
  const types = useRotaStore((s) => s.overview?.slotTypes ?? []);
  const categories = useRotaStore((s) => s.overview?.nationalCategories ?? []);
  const draft = useRotaStore((s) => s.slotType);
  const { startSlotType } = useRotaStore.getState();
  const focus = useReturnFocus();
  const open = (id: string | null) => {
    focus.remember();
    startSlotType(id);
  };
  return (
    <>
      {canEdit && (
        <div className="view__toolbar">
          <button type="button" className="button" onClick={() => open(null)}>
            Add a slot type
          </button>
        </div>
      )}
      <SlotTypeTable types={types} onEdit={canEdit ? open : undefined} />
      {canEdit && draft && <SlotTypeForm key={draft.id ?? 'new'} draft={draft} categories={categories} onDone={() => focus.restore()} />}
    </>
  );
}
