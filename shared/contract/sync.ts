import { z } from 'zod';
import { verb } from './verb';

export const ServiceState = z.enum(['online', 'degraded', 'offline']);
export type ServiceState = z.infer<typeof ServiceState>;

/** What the always-visible indicator shows: the worst national service, and the outbox. */
export const SyncStatus = z.object({
  state: ServiceState,
  /** When the desk entered this state ("offline since 10:42"). */
  since: z.string(),
  services: z.array(z.object({ service: z.enum(['pds', 'appointments', 'prescriptions']), state: ServiceState, since: z.string() })),
  /** Changes saved at this desk and not yet confirmed by the national service. */
  waiting: z.number().int().min(0),
  /** Changes that could not apply and wait for a person. */
  attention: z.number().int().min(0),
  replay: z.object({ done: z.number().int().min(0), total: z.number().int().min(0) }).nullable(),
  lastProblem: z.string().nullable(),
});
export type SyncStatus = z.infer<typeof SyncStatus>;

/** A queued change that could not apply: who, what was intended, why, and what can be done. */
export const AttentionItem = z.object({
  requestId: z.string(),
  /** book / cancel: appointment changes; prescription: a repeat-request change (add, route, approve…). */
  kind: z.enum(['book', 'cancel', 'prescription']),
  patientName: z.string(),
  nhsNumber: z.string(),
  /** e.g. "Book Tuesday 1 December 10:30 with Dr Alex Morgan at Riverside" */
  intended: z.string(),
  problem: z.string(),
  madeAt: z.string(),
  settledAt: z.string().nullable(),
});
export type AttentionItem = z.infer<typeof AttentionItem>;

export const ATTENTION_RESOLUTIONS = ['rebooked', 'patient-contacted', 'dismissed'] as const;

export const sync = {
  /** Counts and states only (no patient data), so the indicator shows on the login screen too. */
  status: verb('sync:status', z.object({}).strict(), SyncStatus, 'public'),
  attention: verb('sync:attention', z.object({}).strict(), z.array(AttentionItem), 'patients.view'),
  resolve: verb(
    'sync:resolve',
    z.object({ requestId: z.string().uuid(), resolution: z.enum(ATTENTION_RESOLUTIONS) }).strict(),
    z.object({ resolved: z.literal(true) }),
    'patients.view',
  ),
  /** Try the national services again now rather than at the next automatic retry. */
  retryNow: verb('sync:retry-now', z.object({}).strict(), SyncStatus, 'session'),
} as const;
