/**
 * The official PDS sandbox scenario patients, re-stated as our own SandboxPatient data and expanded by
 * the same builder as the random population (so they are conformant by construction).
 * Facts follow NOTES 2.3/2.4 and the official example payloads; where the official data cannot be
 * reproduced (an NHS number failing Modulus 11) we use a valid number and say so.
 * Their birth dates and rare surnames are kept out of the random population (population.ts, names.ts),
 * so these searches answer identically at any population size.
 */
import type { SandboxAddress, SandboxPatient } from './patient.types';

export const SCENARIO = {
  /** Jane Smith: full record, deceased (formal notification), GP Y12345, version 2. */
  janeSmith: '9000000009',
  /** Jayne Smyth: homophone of Jane Smith (fuzzy search) and second hit for `Sm*`. */
  jayneSmyth: '9000000017',
  /** Janet Smythe: restricted (R), no address/telecom/GP. */
  janetSmythe: '9000000025',
  /** Minimal record: no name, gender or birth date. */
  minimal: '9000000033',
  /** John Paul James Smith: compound first given name. The official example uses 9000000015, which fails Modulus 11. */
  johnPaulSmith: '9000000041',
  /** Superseded: reading this old number returns the record below (id differs). */
  supersededOld: '9000000068',
  supersededNew: '9000000076',
  /** Four YOUDS born 1970-01-24: too many matches with _max-results=1. */
  youds: ['9000000084', '9000000092', '9000000106', '9000000114'],
  /** Deceased 2019-02-07, for death-date searches. */
  tunney: '9000000122',
  /**
   * Not an official scenario: a record whose names, address and contact details carry HTML, script and
   * `javascript:` URLs, as a compromised or buggy national service might send them. The desk must show them
   * as text (test/e2e/hostile.spec.ts). Open it with this number; it is registered elsewhere (Y12345), so
   * it is not in the demo practice's list or book.
   */
  hostile: '9000000149',
  /** A valid NHS number that no patient has: 404 RESOURCE_NOT_FOUND. */
  unknownValid: '9111231130',
  /** Fails Modulus 11: 400 INVALID_RESOURCE_ID. */
  invalid: '9000000000',
} as const;

const TREVELYAN_SQUARE: SandboxAddress = {
  lines: ['1 Trevelyan Square', 'Boar Lane', 'City Centre', 'Leeds', 'West Yorkshire'],
  postcode: 'LS1 6AE',
  since: '2020-01-01',
  pafKey: '12345678',
};

const formalDeath = (date: string): SandboxPatient['deceased'] => ({ dateTime: `${date}T00:00:00+00:00`, notification: '2' });

/** Fresh copies every call: callers may hold them as mutable records. */
export function scenarioPatients(): SandboxPatient[] {
  return [
    {
      nhsNumber: SCENARIO.janeSmith,
      version: 2,
      restricted: false,
      name: { prefix: 'Mrs', given: ['Jane'], family: 'Smith', since: '2020-01-01' },
      gender: 'female',
      birthDate: '2010-10-22',
      multipleBirth: 1,
      deceased: formalDeath('2010-10-22'),
      address: { ...TREVELYAN_SQUARE },
      tempAddress: { ...TREVELYAN_SQUARE, text: 'Student Accommodation' },
      phone: '01632960587',
      email: 'jane.smith@example.com',
      textphone: '01632960587',
      emergencyContactPhone: '01632960587',
      gp: { ods: 'Y12345', since: '2020-01-01' },
      pharmacy: { nominated: 'Y12345', preferredDispenser: 'Y23456', applianceSupplier: 'Y34567' },
      language: { code: 'fr', display: 'French', interpreterRequired: true },
      birthPlace: { city: 'Manchester', district: 'Greater Manchester', country: 'GBR' },
    },
    {
      nhsNumber: SCENARIO.jayneSmyth,
      version: 2,
      restricted: false,
      name: { prefix: 'Mrs', given: ['Jayne'], family: 'Smyth', suffix: 'MBE', since: '2020-01-01' },
      gender: 'female',
      birthDate: '2010-10-22',
      multipleBirth: 1,
      deceased: formalDeath('2010-10-22'),
      address: { ...TREVELYAN_SQUARE },
      phone: '01632960587',
      email: 'jayne.smyth@example.com',
      textphone: '01632960587',
      emergencyContactPhone: '01632960587',
      gp: { ods: 'Y12345', since: '2020-01-01' },
    },
    {
      // Official stubs disagree on this record's birth date (2010-10-22 on read, 2005-06-16 in search);
      // we follow the search scenario, and date the death notice to the birth date like the stub.
      nhsNumber: SCENARIO.janetSmythe,
      version: 2,
      restricted: true,
      name: { prefix: 'Mrs', given: ['Janet'], family: 'Smythe', suffix: 'MBE', since: '2020-01-01' },
      gender: 'female',
      birthDate: '2005-06-16',
      multipleBirth: 1,
      deceased: formalDeath('2005-06-16'),
    },
    { nhsNumber: SCENARIO.minimal, version: 2, restricted: false },
    {
      nhsNumber: SCENARIO.johnPaulSmith,
      version: 2,
      restricted: false,
      name: { given: ['John Paul', 'James'], family: 'Smith', since: '2010-10-22' },
      gender: 'male',
      birthDate: '2010-10-22',
      address: { ...TREVELYAN_SQUARE },
      phone: '01632960587',
      email: 'johnp.smith@example.com',
      gp: { ods: 'Y12345', since: '2020-01-01' },
    },
    {
      // Registered at the demo practice so the desk can demonstrate a superseded NHS number.
      nhsNumber: SCENARIO.supersededNew,
      version: 2,
      restricted: false,
      name: { prefix: 'Mrs', given: ['Jane'], family: 'Cuff', since: '1950-06-01' },
      gender: 'female',
      birthDate: '1926-01-07',
      address: { lines: ['4 Church Lane', 'Brigg', 'North Lincolnshire'], postcode: 'DN20 0PQ', since: '1998-04-01' },
      phone: '01632960123',
      gp: { ods: 'Y90001', since: '2001-09-01' },
      supersededNhsNumber: SCENARIO.supersededOld,
    },
    ...youds(),
    hostilePatient(),
    {
      nhsNumber: SCENARIO.tunney,
      version: 3,
      restricted: false,
      name: { prefix: 'Mr', given: ['Harold'], family: 'Tunney', since: '1985-03-14' },
      gender: 'male',
      birthDate: '1985-03-14',
      deceased: formalDeath('2019-02-07'),
      address: { lines: ['17 Mill Lane', 'Scunthorpe', 'North Lincolnshire'], postcode: 'DN15 6XT', since: '2010-05-01' },
      gp: { ods: 'Y90002', since: '2010-05-01' },
    },
  ];
}

/**
 * Every text field a banner shows, carrying markup. The birth date lies inside a reserved range
 * (population.ts), so no random patient shares it; the family name sorts nowhere near a real one.
 */
export const HOSTILE_TEXT = {
  prefix: '<b>Dr</b>',
  given: ['<img src=x onerror=alert(1)>', '<script>alert(2)</script>'],
  family: 'Hostile"><svg onload=alert(3)>',
  lines: ['<img src=x onerror=alert(4)>', '<a href="javascript:alert(5)">1 Script Street</a>', 'javascript:alert(6)', '<iframe src=javascript:alert(7)>'],
  postcode: 'LS1 4AP',
  phone: 'javascript:alert(8)',
  email: '"><script>alert(9)</script>@example.com',
} as const;

function hostilePatient(): SandboxPatient {
  return {
    nhsNumber: SCENARIO.hostile,
    version: 1,
    restricted: false,
    name: { prefix: HOSTILE_TEXT.prefix, given: [...HOSTILE_TEXT.given], family: HOSTILE_TEXT.family, since: '2005-06-18' },
    gender: 'other',
    birthDate: '2005-06-18',
    address: { lines: [...HOSTILE_TEXT.lines], postcode: HOSTILE_TEXT.postcode, since: '2020-01-01' },
    phone: HOSTILE_TEXT.phone,
    email: HOSTILE_TEXT.email,
    gp: { ods: 'Y12345', since: '2020-01-01' },
  };
}

function youds(): SandboxPatient[] {
  const home: SandboxAddress = { lines: ['9 Ferry Road', 'Scunthorpe', 'North Lincolnshire'], postcode: 'DN15 8PG', since: '2002-01-01' };
  const [a, b, c, d] = SCENARIO.youds;
  return [
    { nhsNumber: a, version: 8, restricted: false, name: { given: ['Luke'], family: 'YOUDS', since: '1970-01-24' }, gender: 'male', birthDate: '1970-01-24', address: { ...home }, gp: { ods: 'Y90003', since: '2002-01-01' } },
    { nhsNumber: b, version: 2, restricted: false, name: { given: ['Luke'], family: 'YOUDS', since: '1970-01-24' }, gender: 'female', birthDate: '1970-01-24' },
    { nhsNumber: c, version: 2, restricted: false, name: { given: ['Luke'], family: 'YOUDS', since: '1970-01-24' }, gender: 'unknown', birthDate: '1970-01-24', address: { ...home }, gp: { ods: 'Y90003', since: '2002-01-01' } },
    { nhsNumber: d, version: 2, restricted: false, name: { given: ['Luke', 'Damien'], family: 'YOUDS', since: '1970-01-24' }, gender: 'other', birthDate: '1970-01-24', address: { ...home }, gp: { ods: 'Y90003', since: '2002-01-01' } },
  ];
}
