import { z } from 'zod';

const usbId = z.number().int().min(0).max(0xffff);

/** One configured reader, as it can appear in settings (mirrors ReaderConfig in node-hid.driver.ts). */
export const ReaderConfigSchema = z.object({
  vendorId: usbId,
  productId: usbId,
  format: z.enum(['keyboard-wedge', 'vendor-report']),
  name: z.string().min(1).max(80).optional(),
  readerId: z.string().min(1).max(120).optional(),
  presence: z.enum(['none', 'repeat']).optional(),
  presenceTimeoutMs: z.number().int().min(200).max(60_000).optional(),
  usagePage: usbId.optional(),
  usage: usbId.optional(),
  reportId: z.number().int().min(0).max(0xff).optional(),
  reportLength: z.number().int().min(4).max(1024).optional(),
  idTimeoutMs: z.number().int().min(100).max(60_000).optional(),
});

/**
 * Card reader settings, ready to be merged into the app settings schema: which driver, which readers
 * (none listed = DEFAULT_READERS) and how often to look for readers being plugged in.
 */
export const CardReaderSettingsSchema = z.object({
  driver: z.enum(['simulated', 'node-hid']).default('node-hid'),
  readers: z.array(ReaderConfigSchema).max(32).optional(),
  pollIntervalMs: z.number().int().min(250).max(60_000).optional(),
});
export type CardReaderSettingsInput = z.input<typeof CardReaderSettingsSchema>;
