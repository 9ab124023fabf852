import { z } from 'zod';
import { verb } from './verb';

export const StaffSession = z.object({
  userId: z.string(),
  name: z.string(),
  roleCode: z.string(),
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
  user: StaffSession,
});
export type AppInfo = z.infer<typeof AppInfo>;

export const app = {
  info: verb('app:info', z.object({}).strict(), AppInfo),
} as const;
