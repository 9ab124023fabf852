import { z } from 'zod';
import { SessionState } from './auth';
import { SyncStatus } from './sync';

/** The one IPC channel push events travel on in Electron (the browser host sends them over its socket). */
export const PUSH_CHANNEL = 'reception:push';

/** Push events from the core to every connected renderer. Stores refetch on them; nothing polls. */
export const events = {
  changed: z.object({ tables: z.array(z.string()), ids: z.array(z.string()).optional() }),
  connectivity: z.object({
    service: z.enum(['pds', 'appointments', 'prescriptions']),
    state: z.enum(['online', 'degraded', 'offline']),
    since: z.string(),
  }),
  /** The connectivity indicator and the outbox: pushed on every change of either. */
  sync: SyncStatus,
  /** Login cycle: the renderer shows login, role choice, the desk or the lock view from this alone. */
  session: SessionState,
} as const;

export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.infer<(typeof events)[E]>;
export const EVENT_NAMES = Object.keys(events) as EventName[];
export type PushMessage = { [E in EventName]: { event: E; payload: EventPayload<E> } }[EventName];
