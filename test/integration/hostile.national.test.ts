import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, SCENARIO, type Sandbox } from '../../electron/sandbox';
import { HOSTILE_TEXT } from '../../electron/sandbox/scenarios';
import type { PatientRecord, SearchOutcome } from '../../shared/contract/patients';
import { formatAddress, formatPatientName } from '../../shared/domain/patient-format';
import type { Result } from '../../shared/result';
import { coreHarness } from '../helpers/core.harness';
import { useTempDir } from '../helpers/temp-dir';

/**
 * A national record carrying HTML and script (issue 9), through the core: the desk keeps it as data, exactly as
 * sent — no escaping, stripping or "sanitising" in the core, whose job is to store and pass text; the renderer
 * shows it as text (test/e2e/hostile.spec.ts checks that in Chromium).
 */
const temp = useTempDir();
let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, population: 1_000 });
});
afterAll(async () => sandbox.close());

const value = <T>(r: Result<T>): T => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
};

describe('hostile national data', () => {
  it('opens, caches and searches the record with its text unchanged', async () => {
    const h = await coreHarness({ dataDir: temp(), pdsBaseUrl: sandbox.baseUrl });
    try {
      await h.signIn('04A1B2C3', '123456');
      const rec = value(await h.call<PatientRecord>('patients:open', { nhsNumber: SCENARIO.hostile }));
      expect(rec).toMatchObject({
        nhsNumber: '9000000149',
        prefix: [HOSTILE_TEXT.prefix],
        given: [...HOSTILE_TEXT.given],
        family: HOSTILE_TEXT.family,
        address: { lines: [...HOSTILE_TEXT.lines], postcode: HOSTILE_TEXT.postcode },
      });
      expect(rec.telecom.map((t) => t.value)).toEqual(expect.arrayContaining([HOSTILE_TEXT.phone, HOSTILE_TEXT.email]));
      // What the banner will print, as plain strings.
      expect(formatPatientName(rec)).toBe(`${HOSTILE_TEXT.family.toUpperCase()}, ${HOSTILE_TEXT.given.join(' ')} (${HOSTILE_TEXT.prefix})`);
      expect(formatAddress(rec.address)).toContain(HOSTILE_TEXT.lines[0]);
      // The local copy holds the same text: served again while the service is down.
      await sandbox.faults.set({ outage: true });
      try {
        const local = value(await h.call<SearchOutcome>('patients:search', { text: SCENARIO.hostile }));
        expect(local.source).toBe('local');
        expect(local.results[0]).toMatchObject({ family: HOSTILE_TEXT.family, given: [...HOSTILE_TEXT.given] });
      } finally {
        await sandbox.faults.reset();
      }
    } finally {
      await h.core.close();
    }
  });
});
