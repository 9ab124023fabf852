import type { EventName, EventPayload, PushMessage } from '../../shared/contract/events';

/** Push events from core to every connected window or browser tab. */
export class EventBus {
  private readonly listeners = new Set<(m: PushMessage) => void>();
  private readonly last = new Map<EventName, PushMessage>();

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    const m = { event, payload } as PushMessage;
    this.last.set(event, m);
    for (const l of this.listeners) l(m);
  }

  /** Subscribe; state-like events (connectivity, card) are replayed so a new window starts in step. */
  subscribe(listener: (m: PushMessage) => void): () => void {
    this.listeners.add(listener);
    for (const m of this.last.values()) if (m.event !== 'changed') listener(m);
    return () => this.listeners.delete(listener);
  }
}
