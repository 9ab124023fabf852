import { describe, expect, it } from 'vitest';
import { factsFromSandbox, type SearchFacts } from '../../electron/sandbox/pds.facts';
import { findMatches, parseSearch, scorePatient, SCORE, type SearchQuery } from '../../electron/sandbox/pds.search';
import { PatientStore } from '../../electron/sandbox/pds.store';
import { generatePopulation } from '../../electron/sandbox/population';
import { scenarioPatients } from '../../electron/sandbox/scenarios';

function query(qs: string): SearchQuery {
  const parsed = parseSearch(new URLSearchParams(qs));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error.body));
  return parsed.query;
}

describe('search scoring', () => {
  const facts: SearchFacts = {
    names: [{ family: 'smith', given: ['jane'], current: true }],
    gender: 'female',
    birthDate: '1980-05-05',
    postcodes: ['LS16AE'],
    gp: 'Y90001',
    phones: [],
    emails: [],
    restricted: false,
  };

  it('never returns a restricted patient to postcode or GP searches, even when the data matches', () => {
    const restricted = { ...facts, restricted: true };
    expect(scorePatient(query('family=Smith&birthdate=eq1980-05-05'), restricted)).toBe(1);
    expect(scorePatient(query('family=Smith&birthdate=eq1980-05-05&address-postalcode=LS1 6AE'), facts)).toBe(1);
    expect(scorePatient(query('family=Smith&birthdate=eq1980-05-05&address-postalcode=LS1 6AE'), restricted)).toBe(0);
    expect(scorePatient(query('family=Smith&birthdate=eq1980-05-05&general-practitioner=Y90001'), restricted)).toBe(0);
  });

  it('scores wildcards, history, homophones and transposed names below an exact match', () => {
    expect(scorePatient(query('family=Sm*&birthdate=eq1980-05-05'), facts)).toBe(SCORE.wildcardName);
    expect(scorePatient(query('family=smith&birthdate=eq1980-05-05&address-postalcode=ls1*'), facts)).toBe(SCORE.wildcardPostcode);
    expect(scorePatient(query('family=Smyth&given=Jayne&birthdate=eq1980-05-05&_fuzzy-match=true'), facts)).toBe(0.8976);
    expect(scorePatient(query('family=Jane&given=Smith&birthdate=eq1980-05-05&_fuzzy-match=true'), facts)).toBe(0.9);
    expect(scorePatient(query('family=Smyth&birthdate=eq1980-05-05'), facts)).toBe(0); // no homophones without fuzzy
    const married = { ...facts, names: [{ family: 'jones', given: ['jane'], current: true }, { family: 'smith', given: ['jane'], current: false }] };
    expect(scorePatient(query('family=Smith&birthdate=eq1980-05-05'), married)).toBe(0);
    expect(scorePatient(query('family=Smith&birthdate=eq1980-05-05&_history=true'), married)).toBe(SCORE.history);
    expect(scorePatient(query('given=Jane&family=Smith&birthdate=eq1980-05-05&_fuzzy-match=true'), married)).toBe(SCORE.history);
  });

  it('matches birth-date ranges and death-date filters', () => {
    expect(scorePatient(query('family=Smith&birthdate=ge1980-01-01&birthdate=le1980-12-31'), facts)).toBe(1);
    expect(scorePatient(query('family=Smith&birthdate=ge1981-01-01'), facts)).toBe(0);
    expect(scorePatient(query('family=Smith&birthdate=le1980-05-05&death-date=le2020-01-01'), facts)).toBe(0);
    expect(scorePatient(query('family=Smith&birthdate=le1980-05-05&death-date=le2020-01-01'), { ...facts, deathDate: '2019-02-07' })).toBe(1);
  });
});

describe('indexed search over 100,000 patients', () => {
  const population = generatePopulation({ size: 100_000, seed: 11, today: '2025-06-30' });
  const store = new PatientStore([...scenarioPatients(), ...population]);

  it('finds exactly what a full scan finds', () => {
    const target = population.find((p) => p.name?.family === 'Smith' && p.address)!;
    const qs = [
      `family=Smith&birthdate=eq${target.birthDate}`,
      `family=Sm*&birthdate=ge${target.birthDate}&birthdate=le${target.birthDate}`,
      `family=${target.name!.family}&birthdate=ge1990-01-01&birthdate=le1990-03-31`,
      `family=Smith&given=${target.name!.given[0]}&birthdate=eq${target.birthDate}&_fuzzy-match=true`,
      `family=Smith&birthdate=le1950-01-01&address-postalcode=${target.address!.postcode.slice(0, 3)}*`,
    ];
    for (const qsi of qs) {
      const q = query(qsi);
      const viaIndex = findMatches(store, q).map((m) => m.nhsNumber).sort();
      const viaScan: string[] = [];
      for (const p of [...scenarioPatients(), ...population]) if (scorePatient(q, factsFromSandbox(p)) > 0) viaScan.push(p.nhsNumber);
      expect(viaIndex, qsi).toEqual(viaScan.sort());
    }
    expect(findMatches(store, query(`family=Smith&birthdate=eq${target.birthDate}`)).map((m) => m.nhsNumber)).toContain(target.nhsNumber);
  });
});
