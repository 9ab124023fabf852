import { describe, expect, it } from 'vitest';
import { generatePopulation, toFhirPatient, toSearchPatient, RESERVED_BIRTH_DATE_RANGES, type SandboxPatient } from '../../electron/sandbox/population';
import { SCENARIO, scenarioPatients } from '../../electron/sandbox/scenarios';

const TODAY = '2025-06-30';

// Independent Modulus 11 check (not the code under test).
function mod11Valid(n: string): boolean {
  if (!/^\d{10}$/.test(n)) return false;
  const sum = [...n.slice(0, 9)].reduce((s, d, i) => s + Number(d) * (10 - i), 0);
  const check = 11 - (sum % 11);
  return check !== 10 && (check === 11 ? 0 : check) === Number(n[9]);
}

const POSTCODE = /^[A-Z]{1,2}\d{1,2} \d[ABD-HJLNP-UW-Z]{2}$/;
const DRAMA_PHONE = /^(01632960|01134960|01614960|01214960|02079460|01914980|07700900)\d{3}$/;

const share = (pop: SandboxPatient[], pred: (p: SandboxPatient) => boolean): number => pop.filter(pred).length / pop.length;

describe('generatePopulation', () => {
  it('is deterministic for the same seed and differs for another seed', () => {
    const a = generatePopulation({ size: 1_000, seed: 7, today: TODAY });
    const b = generatePopulation({ size: 1_000, seed: 7, today: TODAY });
    const c = generatePopulation({ size: 1_000, seed: 8, today: TODAY });
    expect(a).toHaveLength(1_000);
    expect(b).toEqual(a);
    expect(c.map((p) => p.nhsNumber)).not.toEqual(a.map((p) => p.nhsNumber));
    expect(JSON.stringify(c)).not.toEqual(JSON.stringify(a));
  });

  it('defaults to 10,000 patients and rejects sizes outside 1,000..1,000,000', () => {
    expect(generatePopulation({ seed: 1, today: TODAY })).toHaveLength(10_000);
    expect(() => generatePopulation({ size: 999 })).toThrow(RangeError);
    expect(() => generatePopulation({ size: 1_000_001 })).toThrow(RangeError);
    expect(() => generatePopulation({ size: 1_500.5 })).toThrow(RangeError);
  });

  it('generates 10,000 patients well under a second', () => {
    generatePopulation({ size: 1_000, seed: 3, today: TODAY }); // warm up the JIT
    const t = performance.now();
    generatePopulation({ size: 10_000, seed: 3, today: TODAY });
    expect(performance.now() - t).toBeLessThan(1_000);
  });

  describe('at 100,000 patients', () => {
    const pop = generatePopulation({ size: 100_000, seed: 42, today: TODAY });

    it('gives unique, Modulus-11-valid NHS numbers in the 999 test range, superseded numbers included', () => {
      const all = [...pop.map((p) => p.nhsNumber), ...pop.flatMap((p) => (p.supersededNhsNumber ? [p.supersededNhsNumber] : []))];
      expect(new Set(all).size).toBe(all.length);
      expect(all.filter((n) => !mod11Valid(n))).toEqual([]);
      expect(all.filter((n) => !n.startsWith('999'))).toEqual([]);
    });

    it('has roughly 1% restricted, 2% deceased, 0.5% superseded and 40% at the demo practice', () => {
      expect(share(pop, (p) => p.restricted)).toBeGreaterThan(0.008);
      expect(share(pop, (p) => p.restricted)).toBeLessThan(0.012);
      expect(share(pop, (p) => p.deceased !== undefined)).toBeGreaterThan(0.017);
      expect(share(pop, (p) => p.deceased !== undefined)).toBeLessThan(0.023);
      expect(share(pop, (p) => p.supersededNhsNumber !== undefined)).toBeGreaterThan(0.004);
      expect(share(pop, (p) => p.supersededNhsNumber !== undefined)).toBeLessThan(0.006);
      expect(share(pop, (p) => p.gp?.ods === 'Y90001')).toBeGreaterThan(0.38);
      expect(share(pop, (p) => p.gp?.ods === 'Y90001')).toBeLessThan(0.42);
      const otherPractices = new Set(pop.map((p) => p.gp?.ods).filter((o) => o !== undefined));
      expect([...otherPractices].sort()).toEqual(['Y12345', 'Y90001', 'Y90002', 'Y90003']);
    });

    it('holds no address, telecom, GP or pharmacy for restricted patients, and returns them flagged R', () => {
      const restricted = pop.filter((p) => p.restricted);
      expect(restricted.length).toBeGreaterThan(500);
      for (const p of restricted) {
        expect(p.address ?? p.tempAddress ?? p.phone ?? p.mobile ?? p.email ?? p.gp ?? p.pharmacy ?? p.emergencyContactPhone).toBeUndefined();
        const fhir = toFhirPatient(p);
        expect(fhir.meta.security).toEqual([
          { system: 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality', code: 'R', display: 'restricted' },
        ]);
        expect(fhir.address).toBeUndefined();
        expect(fhir.telecom).toBeUndefined();
        expect(fhir.generalPractitioner).toBeUndefined();
      }
    });

    it('uses Zipf-like surnames (many Smiths), English names, plausible dates, postcodes and drama-range phones', () => {
      const counts = new Map<string, number>();
      for (const p of pop) counts.set(p.name!.family, (counts.get(p.name!.family) ?? 0) + 1);
      const ranked = [...counts].sort((a, b) => b[1] - a[1]);
      expect(ranked.slice(0, 3).map(([name]) => name)).toContain('Smith');
      expect(counts.get('Smith')! / pop.length).toBeGreaterThan(0.01);
      expect(ranked[0]![1]).toBeGreaterThan(10 * (ranked[200]?.[1] ?? 1)); // a long thin tail

      // Collect violations and assert once: 100,000 × 10 expect() calls would dominate the run time.
      const bad: string[] = [];
      const flag = (ok: boolean, what: string, p: SandboxPatient): void => {
        if (!ok) bad.push(`${p.nhsNumber}: ${what}`);
      };
      for (const p of pop) {
        flag(p.birthDate! >= '1920-01-01' && p.birthDate! <= TODAY, `birth date ${p.birthDate}`, p);
        for (const [from, to] of RESERVED_BIRTH_DATE_RANGES) flag(!(p.birthDate! >= from && p.birthDate! <= to), `reserved date ${p.birthDate}`, p);
        if (p.deceased) flag(p.deceased.dateTime.slice(0, 10) >= p.birthDate!, 'died before birth', p);
        if (p.address) flag(POSTCODE.test(p.address.postcode), `postcode ${p.address.postcode}`, p);
        for (const phone of [p.phone, p.mobile, p.emergencyContactPhone]) if (phone) flag(DRAMA_PHONE.test(phone), `phone ${phone}`, p);
        if (p.email) flag(/@example\.(com|org|net)$/.test(p.email), `email ${p.email}`, p);
        flag(p.version === 1 || p.version === 2, `version ${p.version}`, p);
        flag(/^[A-Z][a-z]+(-[A-Z][a-z]+)?$/.test(p.name!.family), `family ${p.name!.family}`, p);
      }
      expect(bad.slice(0, 10)).toEqual([]);
      expect(share(pop, (p) => p.gender === 'female')).toBeGreaterThan(0.45);
      expect(share(pop, (p) => p.gender === 'male')).toBeGreaterThan(0.45);
    });
  });

  it('maps to the reduced search form: usual names, home address, only the death extension', () => {
    const p = generatePopulation({ size: 1_000, seed: 5, today: TODAY }).find((x) => x.previousFamily && x.address && x.pharmacy)!;
    expect(p).toBeDefined();
    const full = toFhirPatient(p);
    expect(full.name?.map((n) => n.use)).toEqual(['usual', 'old']);
    const search = toSearchPatient({ ...p, tempAddress: { ...p.address!, text: 'Second Home' } });
    expect(search.name?.map((n) => n.use)).toEqual(['usual']);
    expect(search.address?.map((a) => a.use)).toEqual(['home']);
    expect(search.extension ?? []).toEqual([]);
    expect('managingOrganization' in search).toBe(false);
  });
});

describe('scenario patients', () => {
  const byNumber = new Map(scenarioPatients().map((p) => [p.nhsNumber, p]));

  it('all have valid NHS numbers (unlike the official 9000000015) and none collides with the population range', () => {
    for (const n of byNumber.keys()) {
      expect(mod11Valid(n), n).toBe(true);
      expect(n.startsWith('999')).toBe(false);
    }
    expect(mod11Valid(SCENARIO.supersededOld)).toBe(true);
    expect(mod11Valid(SCENARIO.unknownValid)).toBe(true);
    expect(mod11Valid(SCENARIO.invalid)).toBe(false);
  });

  it('state the official facts', () => {
    const jane = toFhirPatient(byNumber.get('9000000009')!);
    expect(jane.name?.[0]).toMatchObject({ given: ['Jane'], family: 'Smith', use: 'usual' });
    expect(jane).toMatchObject({ gender: 'female', birthDate: '2010-10-22', deceasedDateTime: '2010-10-22T00:00:00+00:00', meta: { versionId: '2' } });
    expect(jane.generalPractitioner?.[0]?.identifier.value).toBe('Y12345');
    expect(jane.extension?.some((e) => e.url.endsWith('DeathNotificationStatus'))).toBe(true);
    const janet = toFhirPatient(byNumber.get('9000000025')!);
    expect(janet.meta.security[0]?.code).toBe('R');
    expect(janet).toMatchObject({ gender: 'female', birthDate: '2005-06-16' });
    expect(janet.address ?? janet.telecom ?? janet.generalPractitioner).toBeUndefined();
    const minimal = toFhirPatient(byNumber.get('9000000033')!);
    expect(Object.keys(minimal).sort()).toEqual(['id', 'identifier', 'meta', 'resourceType']);
    expect(byNumber.get(SCENARIO.supersededNew)?.supersededNhsNumber).toBe(SCENARIO.supersededOld);
  });
});
