import type { AttentionItem, ServiceState, SyncStatus } from '../../../shared/contract/sync';
import { AppFailure } from '../../../shared/result';
import type { CallContext } from '../call-context';
import { describeChange } from '../outbox/appointment.changes';
import { describeCrossOrgChange } from '../outbox/cross-org.changes';
import { describeRxChange } from '../outbox/prescription.changes';
import type { OutboxService } from '../outbox/outbox.service';
import type { AuditService } from './audit.service';

type Service = SyncStatus['services'][number]['service'];
const RANK: Record<ServiceState, number> = { online: 0, degraded: 1, offline: 2 };

/**
 * Connectivity as the desk shows it: each national service's health (from its circuit breaker) and the outbox,
 * combined into one status pushed on every change, so the indicator never has to poll.
 */
export class SyncService {
  private readonly services = new Map<Service, { state: ServiceState; since: string }>();
  private overall: { state: ServiceState; since: string };

  constructor(
    private readonly d: {
      outbox: OutboxService;
      audit: AuditService;
      publish: (s: SyncStatus) => void;
      now?: () => Date;
    },
  ) {
    this.overall = { state: 'online', since: this.stamp() };
  }

  private stamp(): string {
    return (this.d.now?.() ?? new Date()).toISOString();
  }

  health(service: Service, state: ServiceState): void {
    const was = this.services.get(service);
    if (was?.state === state) return;
    this.services.set(service, { state, since: this.stamp() });
    const worst = [...this.services.values()].reduce<ServiceState>((w, s) => (RANK[s.state] > RANK[w] ? s.state : w), 'online');
    if (worst !== this.overall.state) this.overall = { state: worst, since: this.stamp() };
    this.publish();
  }

  publish(): void {
    this.d.publish(this.status());
  }

  status(): SyncStatus {
    return {
      ...this.overall,
      services: [...this.services.entries()].map(([service, s]) => ({ service, ...s })),
      ...this.d.outbox.status(),
    };
  }

  attention(): AttentionItem[] {
    return this.d.outbox.attention().flatMap((e) => {
      const what = describeChange(e.kind, e.payload) ?? describeRxChange(e.kind, e.payload) ?? describeCrossOrgChange(e.kind, e.payload);
      if (!what) return [];
      return [{ requestId: e.requestId, ...what, problem: e.lastError ?? 'It could not be sent.', madeAt: e.createdAt, settledAt: e.settledAt }];
    });
  }

  resolve(requestId: string, resolution: string, ctx: CallContext): void {
    const item = this.attention().find((a) => a.requestId === requestId);
    if (!item || !this.d.outbox.resolve(requestId, resolution)) throw new AppFailure('NOT_FOUND', 'That item has already been dealt with.');
    this.d.audit.record(ctx, 'outbox.resolve', item.nhsNumber, 'ok', resolution);
  }
}
