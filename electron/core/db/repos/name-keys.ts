import { soundex } from 'soundex-code';

/** Search key for a name: lower case, accents, spaces, apostrophes and hyphens removed ("O'Brien-Smith" → "obriensmith"). */
export function nameKey(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
}

/** Sounds-like key, so "Smyth" finds "Smith" in the local copy as PDS fuzzy search would. */
export const soundsLikeKey = (name: string): string => soundex(nameKey(name) || '0');

/** Postcode key: upper case without spaces ("ls1 6ae" → "LS16AE"). */
export const postcodeKey = (postcode: string): string => postcode.replace(/\s+/g, '').toUpperCase();
