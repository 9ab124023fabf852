/**
 * Places and contact details for synthetic patients.
 * Towns are paired with their real postcode area so an address reads plausibly ("Leeds … LS7 3QT");
 * the inward codes are random, so most postcodes are well-formed but not real delivery points.
 * Phone numbers come only from the Ofcom ranges reserved for drama, so nobody real is ever dialled.
 */
import { faker } from '@faker-js/faker/locale/en_GB';
import type { Rng } from './prng';

export interface Town {
  area: string;
  town: string;
  county: string | null;
}

/** The demo practice is in Leeds; its patients mostly live in these areas. */
export const LOCAL_TOWNS: readonly Town[] = [
  { area: 'LS', town: 'Leeds', county: 'West Yorkshire' },
  { area: 'BD', town: 'Bradford', county: 'West Yorkshire' },
  { area: 'WF', town: 'Wakefield', county: 'West Yorkshire' },
  { area: 'HX', town: 'Halifax', county: 'West Yorkshire' },
  { area: 'HD', town: 'Huddersfield', county: 'West Yorkshire' },
];

export const TOWNS: readonly Town[] = [
  ...LOCAL_TOWNS,
  { area: 'S', town: 'Sheffield', county: 'South Yorkshire' },
  { area: 'DN', town: 'Doncaster', county: 'South Yorkshire' },
  { area: 'YO', town: 'York', county: 'North Yorkshire' },
  { area: 'HG', town: 'Harrogate', county: 'North Yorkshire' },
  { area: 'HU', town: 'Hull', county: 'East Riding of Yorkshire' },
  { area: 'M', town: 'Manchester', county: 'Greater Manchester' },
  { area: 'OL', town: 'Oldham', county: 'Greater Manchester' },
  { area: 'BL', town: 'Bolton', county: 'Greater Manchester' },
  { area: 'L', town: 'Liverpool', county: 'Merseyside' },
  { area: 'CH', town: 'Chester', county: 'Cheshire' },
  { area: 'WA', town: 'Warrington', county: 'Cheshire' },
  { area: 'PR', town: 'Preston', county: 'Lancashire' },
  { area: 'LA', town: 'Lancaster', county: 'Lancashire' },
  { area: 'CA', town: 'Carlisle', county: 'Cumbria' },
  { area: 'NE', town: 'Newcastle upon Tyne', county: 'Tyne and Wear' },
  { area: 'SR', town: 'Sunderland', county: 'Tyne and Wear' },
  { area: 'DH', town: 'Durham', county: 'County Durham' },
  { area: 'B', town: 'Birmingham', county: 'West Midlands' },
  { area: 'CV', town: 'Coventry', county: 'West Midlands' },
  { area: 'NG', town: 'Nottingham', county: 'Nottinghamshire' },
  { area: 'DE', town: 'Derby', county: 'Derbyshire' },
  { area: 'LE', town: 'Leicester', county: 'Leicestershire' },
  { area: 'LN', town: 'Lincoln', county: 'Lincolnshire' },
  { area: 'OX', town: 'Oxford', county: 'Oxfordshire' },
  { area: 'CB', town: 'Cambridge', county: 'Cambridgeshire' },
  { area: 'NR', town: 'Norwich', county: 'Norfolk' },
  { area: 'IP', town: 'Ipswich', county: 'Suffolk' },
  { area: 'CM', town: 'Chelmsford', county: 'Essex' },
  { area: 'BS', town: 'Bristol', county: null },
  { area: 'BA', town: 'Bath', county: 'Somerset' },
  { area: 'EX', town: 'Exeter', county: 'Devon' },
  { area: 'PL', town: 'Plymouth', county: 'Devon' },
  { area: 'TR', town: 'Truro', county: 'Cornwall' },
  { area: 'SO', town: 'Southampton', county: 'Hampshire' },
  { area: 'BN', town: 'Brighton', county: 'East Sussex' },
  { area: 'CT', town: 'Canterbury', county: 'Kent' },
  { area: 'RG', town: 'Reading', county: 'Berkshire' },
  { area: 'GU', town: 'Guildford', county: 'Surrey' },
  { area: 'SN', town: 'Swindon', county: 'Wiltshire' },
  { area: 'GL', town: 'Gloucester', county: 'Gloucestershire' },
  { area: 'ST', town: 'Stoke-on-Trent', county: 'Staffordshire' },
  { area: 'N', town: 'London', county: null },
  { area: 'SE', town: 'London', county: null },
];

// en_GB street names ("Abbey Road", "Mill Lane"…); a fallback keeps the generator working if faker changes.
export const STREETS: readonly string[] = (faker.rawDefinitions.location?.street_name ?? ['High Street']).filter(
  (s) => /^[A-Za-z' ]+$/.test(s),
);

// Letters allowed in the inward code (Royal Mail never uses C, I, K, M, O or V there).
const INWARD_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';

export const POSTCODE_PATTERN = /^[A-Z]{1,2}\d{1,2} \d[ABD-HJLNP-UW-Z]{2}$/;

// Postcode parts are cached so a postcode costs one concatenation of two shared strings.
const outwardCodes = new Map<string, string[]>();
const inwardCodes: string[] = [];
for (let sector = 0; sector < 10; sector++) {
  for (const a of INWARD_LETTERS) for (const b of INWARD_LETTERS) inwardCodes.push(`${sector}${a}${b}`);
}

export function randomPostcode(rng: Rng, area: string): string {
  let outward = outwardCodes.get(area);
  if (!outward) {
    outward = Array.from({ length: 20 }, (_, i) => `${area}${i + 1}`);
    outwardCodes.set(area, outward);
  }
  return `${outward[rng.int(20)]!} ${inwardCodes[rng.int(inwardCodes.length)]!}`;
}

// Ofcom drama ranges: each prefix is followed by three random digits (000-999).
const LANDLINE_PREFIXES = ['01632960', '01134960', '01614960', '01214960', '02079460', '01914980'];
const MOBILE_PREFIX = '07700900';

// All 7,000 possible numbers, built once and shared.
const numbersIn = (prefix: string): string[] => Array.from({ length: 1000 }, (_, i) => prefix + String(i).padStart(3, '0'));
const LANDLINES = LANDLINE_PREFIXES.map(numbersIn);
const MOBILES = numbersIn(MOBILE_PREFIX);

export const randomLandline = (rng: Rng): string => rng.pick(LANDLINES)[rng.int(1000)]!;
export const randomMobile = (rng: Rng): string => MOBILES[rng.int(1000)]!;

/** Drama-range check used by tests: the number must sit inside one of the reserved blocks. */
export function isDramaPhoneNumber(value: string): boolean {
  return /^\d{11}$/.test(value) && [...LANDLINE_PREFIXES, MOBILE_PREFIX].some((p) => value.startsWith(p));
}

// RFC 2606 reserved domains, so no email can reach a real mailbox.
export const EMAIL_DOMAINS = ['example.com', 'example.org', 'example.net'] as const;
