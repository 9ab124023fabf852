import { factsFromSandbox } from '../electron/sandbox/pds.facts';
import { findMatches, parseSearch, scorePatient, type SearchQuery } from '../electron/sandbox/pds.search';
import { PatientStore } from '../electron/sandbox/pds.store';
import { scenarioPatients } from '../electron/sandbox/scenarios';
import { figure, sizeLabel, time, type Figure } from './figures';
import { population as sandboxPopulation } from './population-cache';

/** The embedded sandbox must answer like a national service would (≤ 10 ms a search), at up to 1M patients. */
const TARGET_MS = 10;

export function benchSandboxSearch(size: number, log: (s: string) => void): Figure[] {
  const t0 = performance.now();
  const population = sandboxPopulation(size);
  const all = [...scenarioPatients(), ...population];
  const store = new PatientStore(all);
  log(`  sandbox: ${size.toLocaleString('en-GB')} generated and indexed in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const queries: SearchQuery[] = population
    .filter((p, i) => i % 97 === 0 && p.name && p.birthDate)
    .slice(0, 300)
    .flatMap((p) => {
      const parsed = parseSearch(new URLSearchParams({ family: p.name!.family, birthdate: `eq${p.birthDate}` }));
      return parsed.ok ? [parsed.query] : [];
    });
  const scanN = size >= 1_000_000 ? 10 : size >= 100_000 ? 30 : 100;
  const m = time(queries, (q) => findMatches(store, q));
  const b = time(queries.slice(0, scanN), (q) => all.filter((p) => scorePatient(q, factsFromSandbox(p)) > 0));
  return [
    figure({
      name: `sandbox.pds-search.surname-dob.${sizeLabel(size)}`, unit: 'ms', ...m, size, target: TARGET_MS,
      baseline: { method: 'score every patient', ...b }, method: 'family/birth-date indexes', samples: queries.length,
    }),
  ];
}
