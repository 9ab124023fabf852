import { z } from 'zod';
import { ROLE_CODES } from '../domain/roles';
import { verb } from './verb';

/** The person at the desk and the role profile they chose at login (sent to PDS as NHSD-Session-URID). */
export const StaffSession = z.object({
  userId: z.string(),
  name: z.string(),
  roleCode: z.enum(ROLE_CODES),
  roleName: z.string(),
  roleProfileId: z.string(),
});
export type StaffSession = z.infer<typeof StaffSession>;

export const AppInfo = z.object({
  version: z.string(),
  demo: z.boolean(),
  transport: z.enum(['electron', 'browser-host']),
  practice: z.object({ odsCode: z.string(), name: z.string() }),
  nationalService: z.object({ label: z.string(), baseUrl: z.string() }),
  /** The person signed in, or null while the desk waits for a card. */
  user: StaffSession.nullable(),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const app = {
  info: verb('app:info', z.object({}).strict(), AppInfo, 'public'),
} as const;
