/**
 * The core records actions and outcomes as codes (`patient.view`, `ok`); the table says them in words.
 * A code not listed here is shown as it is, so nothing is ever hidden by a missing translation.
 */
const ACTIONS: Record<string, string> = {
  'patient.view': 'Opened the record',
  'patient.search': 'Found in a search',
  'audit.read': 'Looked at who has seen it',
  'audit.export': 'Exported who has seen it',
  refused: 'Tried, and was refused',
};

const OUTCOMES: Record<string, string> = { ok: 'Allowed', refused: 'Refused', failed: 'Failed' };

export const actionWords = (action: string): string => ACTIONS[action] ?? action;
export const outcomeWords = (outcome: string): string => OUTCOMES[outcome] ?? outcome;
