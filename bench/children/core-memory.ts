/**
 * Child process of bench/memory.bench.ts: the desk's core alone (no host, no embedded sandbox: the national service
 * is the sandbox in the parent) over a data folder, signed in, after a few searches of every kind. Prints one JSON
 * line with this process's memory. Run with `node --import tsx bench/children/core-memory.ts '<json>'`.
 */
import { createCore } from '../../electron/core/core';
import { BENCH_DB_KEY } from '../bench-key';
import { seedDemoStaff } from '../../electron/core/demo/demo-staff';
import { SimulatedCardReader } from '../../electron/core/devices';
import { defaultSettings, type Settings } from '../../electron/core/settings/settings.schema';

interface Input {
  dataDir: string;
  pdsBaseUrl: string;
  appointmentsBaseUrl: string;
  prescriptionsBaseUrl: string;
  /** The sandbox's clock (ISO) when the parent started this child: the book runs on it. */
  sandboxNow: string;
  /** Searches the national service can answer (NHS numbers and "Surname Given dd/mm/yyyy"). */
  national: string[];
  /** Postcodes: always answered from the local copy (FTS over the whole cache). */
  postcodes: string[];
  /** Surname prefixes (1–5 letters) + dates of birth, asked of the local copy directly (the offline path). */
  local: { familyPrefix: string; birthDate: string }[];
}

async function main() {
  const input = JSON.parse(process.argv[2] ?? '{}') as Input;
  const settings: Settings = defaultSettings();
  const reader = new SimulatedCardReader();
  const offset = Date.parse(input.sandboxNow) - Date.now();
  const core = createCore({
    dataDir: input.dataDir, dbKey: BENCH_DB_KEY, settings: { get: () => settings, update: () => settings }, transport: 'browser-host', pdsBaseUrl: input.pdsBaseUrl,
    nationalLabel: 'bench', demo: true, version: 'bench', reader, demoCards: { present: (id) => void reader.present(id), withdraw: () => void reader.withdraw() },
    appointmentsBaseUrl: input.appointmentsBaseUrl, prescriptionsBaseUrl: input.prescriptionsBaseUrl, bookClock: () => new Date(Date.now() + offset),
  });
  await seedDemoStaff(core.repos.staff);
  await core.start();
  await core.firstRefreshed(); // measure the desk with its book loaded, as before start stopped waiting for it
  try {
    await reader.present('04A1B2C3');
    await new Promise((r) => setTimeout(r, 50));
    const signed = await core.dispatch('auth:passcode', { passcode: '123456' });
    if (!signed.ok) throw new Error('sign-in failed');
    const cached = core.repos.patients.count();
    for (const text of [...input.national, ...input.postcodes]) {
      const r = await core.dispatch('patients:search', { text, fuzzy: false });
      if (!r.ok) throw new Error(`search "${text}" failed: ${JSON.stringify(r.error)}`);
    }
    for (const q of input.local) core.repos.patients.findByDemographics({ ...q, limit: 50 });
    const nhs = input.national.filter((t) => /^\d{10}$/.test(t)).slice(0, 3);
    for (const n of nhs) await core.dispatch('patients:open', { nhsNumber: n });
    await new Promise((r) => setTimeout(r, 300));
    const m = process.memoryUsage();
    process.stdout.write(JSON.stringify({ cached, rss: m.rss, heapUsed: m.heapUsed, external: m.external, maxRssKb: process.resourceUsage().maxRSS }) + '\n');
  } finally {
    await core.close();
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e instanceof Error ? e.stack : String(e));
    process.exit(1);
  },
);
