import { ShortcutsDialog } from '../../components/ShortcutsDialog';
import { HELP } from './shortcuts';

/** Every shortcut of the Appointments view. */
export function HelpDialog({ onClose }: { onClose(): void }) {
  return <ShortcutsDialog title="Appointment book shortcuts" groups={HELP} onClose={onClose} />;
}
