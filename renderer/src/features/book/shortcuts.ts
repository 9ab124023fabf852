import type { ShortcutGroup } from '../../components/ShortcutsDialog';
import type { DeskAction } from '../../stores/book.store';

/**
 * Single-key shortcuts for the appointment in the grid's current slot (only while the grid has focus, so they
 * never fire while typing). Letters are the first letter of the word on the button where it is free:
 * A arrived, C call in, X finished (F is taken by "find a slot"), D did not attend, W walked out, U undo arrival.
 */
export const ACTION_KEYS: Readonly<Record<string, DeskAction>> = {
  a: 'arrive',
  c: 'call-in',
  x: 'finish',
  d: 'mark-dna',
  w: 'walk-out',
  u: 'undo-arrival',
};

export const ACTION_LABEL: Readonly<Record<DeskAction, string>> = {
  arrive: 'Arrived',
  'call-in': 'Call in',
  finish: 'Finished',
  'mark-dna': 'Did not attend',
  'walk-out': 'Walked out',
  'undo-arrival': 'Undo arrival',
};

export const KEY_OF: Readonly<Record<DeskAction, string>> = Object.fromEntries(
  Object.entries(ACTION_KEYS).map(([k, a]) => [a, k.toUpperCase()]),
) as Record<DeskAction, string>;

/** Every shortcut of the Appointments view, for the help dialog (the one place they are all listed). */
export const HELP: readonly ShortcutGroup[] = [
  {
    group: 'Anywhere in Appointments (not while typing)',
    keys: [
      { keys: 'F', what: 'Find a free slot' },
      { keys: 'G', what: 'Go to the appointment book grid' },
      { keys: 'Shift+W', what: 'Switch between the day view and the week view (one clinician)' },
      { keys: '?', what: 'Show this list of shortcuts' },
      { keys: 'Esc', what: 'Close the open panel or dialog' },
    ],
  },
  {
    group: 'In the appointment book grid',
    keys: [
      { keys: '↑ / ↓', what: 'Previous / next slot of this clinician' },
      { keys: '← / →', what: 'Previous / next clinician, at the nearest time' },
      { keys: 'Home / End', what: 'First / last slot of this clinician' },
      { keys: 'Ctrl+Home / Ctrl+End', what: 'First / last clinician' },
      { keys: 'Page Up / Page Down', what: 'Six slots up / down' },
      { keys: 'Enter', what: 'Open the slot: book it, or act on its appointment' },
      { keys: 'Alt+← / Alt+→', what: 'Previous / next day' },
      { keys: 'T', what: 'Today' },
      ...Object.entries(ACTION_KEYS).map(([k, a]) => ({ keys: k.toUpperCase(), what: `${ACTION_LABEL[a]} (booked slot)` })),
    ],
  },
  {
    group: 'In the week view grid',
    keys: [
      { keys: '↑ / ↓', what: 'Previous / next slot that day' },
      { keys: '← / →', what: 'Previous / next weekday, at the nearest time' },
      { keys: 'Home / End', what: 'First / last slot that day' },
      { keys: 'Enter', what: 'Open that day in the day view, on this slot' },
      { keys: 'Alt+← / Alt+→', what: 'Previous / next week' },
    ],
  },
  {
    group: 'In lists (free slots)',
    keys: [
      { keys: '↑ / ↓', what: 'Previous / next slot' },
      { keys: 'Enter', what: 'Book the slot (or move the appointment there)' },
    ],
  },
];

const TEXT_INPUT_TYPES = new Set(['text', 'search', 'email', 'number', 'password', 'tel', 'url', 'date', 'time']);

/** Is the user typing somewhere, so that a letter is a character and not a shortcut? */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && TEXT_INPUT_TYPES.has(target.type);
}
