import type { StaffSession } from '../../../shared/contract';
import { can } from '../../../shared/domain/roles';
import { AuditView } from '../features/audit/AuditView';
import { bookAvailable } from '../features/book/book.api';
import { BookView } from '../features/book/BookView';
import { PatientLookup } from '../features/patient-search/PatientLookup';
import { PrescriptionsView } from '../features/prescriptions/PrescriptionsView';
import { RotaView } from '../features/rota/RotaView';
import { StaffView } from '../features/staff/StaffView';
import { NeedsAttention } from '../features/sync/NeedsAttention';
import { OohBoardView } from '../features/ooh/OohBoardView';
import { OohReportView } from '../features/ooh/OohReportView';
import { ShiftsView } from '../features/ooh/ShiftsView';
import { useBookStore } from '../stores/book.store';
import { useDeskStore, VIEWS } from '../stores/desk.store';
import { useSessionStore } from '../stores/session.store';
import { useActivityTouch, useLockShortcut } from './use-desk-activity';

/**
 * The signed-in desk: the chosen view, Ctrl+L, and keeping the core's idle timer fed while someone works.
 * Mounted only while the session is active, so locking takes every view (and its patient data) out of the page.
 */
export function Desk({ user }: { user: StaffSession }) {
  const view = useDeskStore((s) => s.view);
  const bookShown = useBookStore((s) => s.shown);
  useLockShortcut(useSessionStore.getState().lock);
  useActivityTouch(useSessionStore.getState().touch);

  // A view this role may not use is never shown, whatever the store says.
  if (bookShown && bookAvailable() && can(user.roleCode, 'patients.view')) return <BookView />;
  const shown = can(user.roleCode, VIEWS[view].permission) ? view : 'patients';
  if (shown === 'prescriptions') return <PrescriptionsView />;
  if (shown === 'staff') return <StaffView />;
  if (shown === 'audit') return <AuditView />;
  if (shown === 'attention') return <NeedsAttention />;
  if (shown === 'rota') return <RotaView user={user} />;
  if (shown === 'ooh') return <OohBoardView />;
  if (shown === 'oohReport') return <OohReportView />;
  if (shown === 'oohShifts') return <ShiftsView user={user} />;
  return <PatientLookup />;
}
