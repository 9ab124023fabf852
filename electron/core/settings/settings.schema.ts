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
 * National services are reached over TLS only (Electron security checklist item 1, "only load secure content":
 * here the content is patient data). Plain http is allowed to this machine alone, for a sandbox run locally.
 */
export function isSecureServiceUrl(url: string): boolean {
  try {
    const u = new URL(url);
    if (u.protocol === 'https:') return true;
    return u.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);
  } catch {
    return false;
  }
}
const INSECURE_URL = 'Use an https:// address (plain http:// only to this computer, 127.0.0.1 or localhost)';

/**
 * One settings schema for both hosts: electron-store in Electron, conf in the browser host.
 * conf validates with the JSON schema derived from this (settingsJsonSchema), so a hand-edited
 * settings file cannot smuggle in a bad value either.
 */
export const Settings = z.object({
  nationalApi: z
    .object({
      pdsBaseUrl: z
        .union([z.literal(EMBEDDED_SANDBOX), z.enum(Object.keys(PDS_ENVIRONMENTS) as [keyof typeof PDS_ENVIRONMENTS]), z.url().refine(isSecureServiceUrl, INSECURE_URL)])
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
      /**
       * Outside demo mode (where the embedded sandbox serves them all): the practice's appointments service (GP Connect
       * FHIR R4 base), the repeat-prescription service, and the root of other organisations' GP Connect endpoints
       * ({root}/{ods}/FHIR/R4). null = that part of the desk is not offered.
       */
      appointmentsBaseUrl: z.url().refine(isSecureServiceUrl, INSECURE_URL).nullable().default(null),
      prescriptionsBaseUrl: z.url().refine(isSecureServiceUrl, INSECURE_URL).nullable().default(null),
      gpConnectRootUrl: z.url().refine(isSecureServiceUrl, INSECURE_URL).nullable().default(null),
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
  /**
   * The local copy's expiry (issue 9): cached patient records not opened, found by a search or refreshed for this many
   * days are purged from cache.db, with what the book and prescription caches hold about them from before then
   * (README: Local copy expiry).
   */
  localCopy: z
    .object({
      expireAfterDays: z.number().int().min(1).max(365).default(30),
    })
    .prefault({}),
  /**
   * Out-of-hours mode (issue 8): the desk serves an out-of-hours centre instead of the practice. RECEPTION_MODE
   * (practice | out-of-hours) overrides `mode` for a run without changing the file. Targets: minutes from arrival
   * to being seen per triage priority (National Quality Requirements for out-of-hours services, QR12; see
   * shared/domain/ooh/waits.ts).
   */
  outOfHours: z
    .object({
      mode: z.enum(['practice', 'out-of-hours']).default('practice'),
      centreOdsCode: z.string().regex(/^[A-Z0-9]{3,10}$/).default('Y90020'),
      centreName: z.string().min(1).max(120).default('Leeds Out-of-Hours Centre'),
      sites: z.array(z.string().trim().min(1).max(80)).min(1).max(20).default(["St James's Urgent Treatment Centre", 'Wharfedale Out-of-Hours Base']),
      /** Who is on shift, offered when recording who saw a patient (free text is accepted too). */
      clinicians: z.array(z.string().trim().min(1).max(80)).max(100).default(['Dr Sam Okafor', 'Dr Helen Price', 'Nurse practitioner Lee Grant']),
      targets: z
        .object({
          emergencyMinutes: z.number().int().min(5).max(1_440).default(60),
          urgentMinutes: z.number().int().min(5).max(1_440).default(120),
          lessUrgentMinutes: z.number().int().min(5).max(1_440).default(360),
        })
        .prefault({}),
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
  if (chosen !== EMBEDDED_SANDBOX && !isSecureServiceUrl(chosen)) throw new Error(`RECEPTION_PDS_BASE_URL / nationalApi.pdsBaseUrl: ${INSECURE_URL}.`);
  return chosen;
}
