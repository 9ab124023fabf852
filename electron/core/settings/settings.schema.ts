import { hostname } from 'node:os';
import { z } from 'zod';
import { ReaderConfigSchema } from '../devices/card-reader.settings';

/** The embedded demo sandbox instead of a real national endpoint. */
export const EMBEDDED_SANDBOX = 'embedded-sandbox';

/** NHS England PDS FHIR R4 endpoints (NOTES 1.1), selectable by name in settings or RECEPTION_PDS_BASE_URL. */
export const PDS_ENVIRONMENTS = {
  'nhs-sandbox': 'https://sandbox.api.service.nhs.uk/personal-demographics/FHIR/R4',
  'nhs-integration': 'https://int.api.service.nhs.uk/personal-demographics/FHIR/R4',
  'nhs-production': 'https://api.service.nhs.uk/personal-demographics/FHIR/R4',
} as const;

/**
 * One settings schema for both hosts: electron-store in Electron, conf in the browser host.
 * conf validates with the JSON schema derived from this (settingsJsonSchema), so a hand-edited
 * settings file cannot smuggle in a bad value either.
 */
export const Settings = z.object({
  nationalApi: z
    .object({
      pdsBaseUrl: z
        .union([z.literal(EMBEDDED_SANDBOX), z.enum(Object.keys(PDS_ENVIRONMENTS) as [keyof typeof PDS_ENVIRONMENTS]), z.url()])
        .default(EMBEDDED_SANDBOX),
      requestTimeoutMs: z.number().int().min(500).max(60_000).default(8_000),
      /** Longest Retry-After the desk waits out by itself before telling the user the service is busy. */
      maxRetryAfterWaitMs: z.number().int().min(0).max(30_000).default(1_000),
      /**
       * Longest one search or booking waits for the national service, retries included, before the desk answers
       * from the local copy or queues the change (a hung service must not hold the desk for timeouts × attempts).
       */
      interactiveBudgetMs: z.number().int().min(500).max(60_000).default(1_500),
      /** Requests per second the outbox replays at after an outage (the national rate limit); 0 = no limit. */
      rateLimitPerSecond: z.number().min(0).max(100).default(5),
    })
    .prefault({}),
  practice: z
    .object({
      odsCode: z.string().regex(/^[A-Z0-9]{3,10}$/).default('Y90001'),
      name: z.string().min(1).max(120).default('Riverside Medical Practice'),
    })
    .prefault({}),
  workstation: z.object({ name: z.string().min(1).max(64).default(hostname()) }).prefault({}),
  session: z
    .object({
      /** Lock after this long without keyboard or mouse activity (NIST AAL2: at most 30 minutes). */
      idleLockMinutes: z.number().int().min(1).max(30).default(10),
    })
    .prefault({}),
  cardReader: z
    .object({
      /** auto: the simulated reader in demo mode, USB HID readers otherwise. */
      driver: z.enum(['auto', 'simulated', 'node-hid']).default('auto'),
      /** USB readers to look for; empty = the built-in defaults (resources/README-card-readers.md). */
      readers: z.array(ReaderConfigSchema).max(32).default([]),
      pollIntervalMs: z.number().int().min(250).max(60_000).default(2_000),
    })
    .prefault({}),
  book: z
    .object({
      /** The waiting room warns when someone has waited this long. */
      waitWarnMinutes: z.number().int().min(5).max(120).default(20),
    })
    .prefault({}),
  sandbox: z.object({ population: z.number().int().min(1_000).max(1_000_000).default(10_000) }).prefault({}),
  prescriptions: z
    .object({
      /** The practice's turnaround target for repeat requests, in working days (bank holidays do not count). */
      turnaroundWorkingDays: z.number().int().min(1).max(10).default(2),
    })
    .prefault({}),
});
export type Settings = z.infer<typeof Settings>;
export type SettingsPatch = { [K in keyof Settings]?: Partial<Settings[K]> };

export const defaultSettings = (): Settings => Settings.parse({});

/** JSON schema of each top-level key, for conf/electron-store's ajv validation. */
export function settingsJsonSchema(): Record<string, object> {
  const schema = z.toJSONSchema(Settings, { io: 'input', unrepresentable: 'any' }) as { properties: Record<string, object> };
  return schema.properties;
}

/** The interface services see; the hosts plug in electron-store or conf behind it. */
export interface SettingsStore {
  get(): Settings;
  update(patch: SettingsPatch): Settings;
}

/**
 * Options shared by conf and electron-store: the JSON schema (ajv re-checks the file on load) and the
 * defaults. A broken settings file stops start-up with a message; it is never silently wiped.
 */
export function storeOptions() {
  return { schema: settingsJsonSchema(), defaults: defaultSettings(), clearInvalidConfig: false } as const;
}

/** get/update over a conf-like store; every write is checked against the zod schema before it lands. */
export function settingsOver(backing: { store: Settings }): SettingsStore {
  return {
    get: () => Settings.parse(backing.store),
    update(patch) {
      const next = mergeSettings(Settings.parse(backing.store), patch);
      backing.store = next;
      return next;
    },
  };
}

export function mergeSettings(current: Settings, patch: SettingsPatch): Settings {
  const merged: Record<string, unknown> = { ...current };
  for (const [k, v] of Object.entries(patch)) merged[k] = { ...(current as Record<string, object>)[k], ...v };
  return Settings.parse(merged);
}

/** The PDS base URL to use, with RECEPTION_PDS_BASE_URL (a URL or an environment name) taking precedence. */
export function resolvePdsBaseUrl(setting: Settings['nationalApi']['pdsBaseUrl'], env = process.env): string {
  const chosen = env.RECEPTION_PDS_BASE_URL?.trim() || setting;
  if (chosen in PDS_ENVIRONMENTS) return PDS_ENVIRONMENTS[chosen as keyof typeof PDS_ENVIRONMENTS];
  return chosen;
}
