import { ShortcutsDialog } from '../../components/ShortcutsDialog';
import { RX_HELP } from './rx-words';

/** Every shortcut of the Prescriptions view. */
export function RxHelpDialog({ onClose }: { onClose(): void }) {
  return (
    <ShortcutsDialog
      title="Prescription queue shortcuts"
      groups={RX_HELP}
      intro={<p className="hint">Only what your role may do with the selected request is offered; the others do nothing.</p>}
      onClose={onClose}
    />
  );
}
