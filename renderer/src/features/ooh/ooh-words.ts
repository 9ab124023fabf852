import { useEffect, useState } from 'react';
import type { OohPriorityValue } from '../../../../shared/contract/ooh';
import { formatLondon } from '../../../../shared/domain/appointments/london-time';
import { OOH_PRIORITIES, PRIORITY_LABEL } from '../../../../shared/domain/ooh/waits';

export { OOH_PRIORITIES, PRIORITY_LABEL };

/** "Emergency (seen within 1 hour)" */
export const priorityOption = (p: OohPriorityValue, targetMinutes: number): string =>
  `${PRIORITY_LABEL[p]} (target ${targetMinutes % 60 === 0 ? `${targetMinutes / 60} ${targetMinutes === 60 ? 'hour' : 'hours'}` : `${targetMinutes} minutes`})`;

export const clock = (iso: string): string => formatLondon(new Date(iso), 'HH:mm');
export const dayAndTime = (iso: string): string => formatLondon(new Date(iso), 'EEE d MMM HH:mm');

/** The current time, ticking every `everyMs`: wait timers count without asking the core. */
export function useNow(everyMs = 15_000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const t = setInterval(() => setNow(new Date()), everyMs);
    return () => clearInterval(t);
  }, [everyMs]);
  return now;
}
