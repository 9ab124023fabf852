/**
 * Name lists for the synthetic population.
 * The head of each list is a hand-ranked set of very common names in England, so Zipf sampling
 * gives "many Smiths"; faker's en_GB definitions (which fall back to en for people) supply the long tail.
 */
import { faker } from '@faker-js/faker/locale/en_GB';

// Most common surnames in England and Wales, roughly in frequency order.
const COMMON_SURNAMES = [
  'Smith', 'Jones', 'Williams', 'Taylor', 'Brown', 'Davies', 'Evans', 'Wilson', 'Thomas', 'Johnson',
  'Roberts', 'Robinson', 'Thompson', 'Wright', 'Walker', 'White', 'Edwards', 'Hughes', 'Green', 'Hall',
  'Lewis', 'Harris', 'Clarke', 'Patel', 'Jackson', 'Wood', 'Turner', 'Martin', 'Cooper', 'Hill',
  'Ward', 'Morris', 'Moore', 'Clark', 'Lee', 'King', 'Baker', 'Harrison', 'Morgan', 'Allen',
  'James', 'Scott', 'Phillips', 'Watson', 'Davis', 'Parker', 'Price', 'Bennett', 'Young', 'Griffiths',
  'Mitchell', 'Kelly', 'Cook', 'Carter', 'Richardson', 'Bailey', 'Collins', 'Bell', 'Shaw', 'Murphy',
  'Miller', 'Cox', 'Richards', 'Khan', 'Marshall', 'Anderson', 'Simpson', 'Ellis', 'Adams', 'Singh',
  'Begum', 'Wilkinson', 'Foster', 'Chapman', 'Powell', 'Webb', 'Rogers', 'Gray', 'Mason', 'Ali',
  'Hunt', 'Hussain', 'Campbell', 'Matthews', 'Owen', 'Palmer', 'Holmes', 'Mills', 'Barnes', 'Knight',
  'Lloyd', 'Butler', 'Russell', 'Barker', 'Fisher', 'Stevens', 'Jenkins', 'Murray', 'Dixon', 'Harvey',
];

const COMMON_FEMALE = [
  'Margaret', 'Susan', 'Sarah', 'Elizabeth', 'Mary', 'Patricia', 'Helen', 'Emma', 'Olivia', 'Amelia',
  'Emily', 'Sophie', 'Jessica', 'Charlotte', 'Hannah', 'Lucy', 'Grace', 'Isla', 'Ava', 'Ruby',
  'Chloe', 'Rebecca', 'Laura', 'Claire', 'Karen', 'Julie', 'Joan', 'Dorothy', 'Jean', 'Linda',
  'Alison', 'Rachel', 'Amy', 'Lauren', 'Katie', 'Anne', 'Gillian', 'Joanne', 'Nicola', 'Louise',
];

const COMMON_MALE = [
  'David', 'John', 'Michael', 'Paul', 'Andrew', 'Peter', 'James', 'Robert', 'Mark', 'Richard',
  'Stephen', 'Christopher', 'Thomas', 'William', 'George', 'Oliver', 'Harry', 'Jack', 'Daniel', 'Matthew',
  'Ian', 'Gary', 'Kevin', 'Simon', 'Alan', 'Brian', 'Anthony', 'Jamie', 'Samuel', 'Joseph',
  'Charlie', 'Noah', 'Leo', 'Arthur', 'Alfie', 'Jacob', 'Ryan', 'Adam', 'Ben', 'Luke',
];

// Surnames the official PDS sandbox scenarios use; kept out of the random population so the
// scenario searches (Smyth, Smythe, YOUDS, CUFF, TUNNEY) answer the same at any size (see also RESERVED_BIRTH_DATE_RANGES in population.ts).
const RESERVED = new Set(['smyth', 'smythe', 'youds', 'cuff', 'tunney']);

function withTail(head: readonly string[], tail: readonly string[] | undefined): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const name of [...head, ...(tail ?? [])]) {
    const key = name.toLowerCase();
    // Single-word, letters only: keeps the data easy to search and avoids faker oddities like "Hilll".
    if (seen.has(key) || RESERVED.has(key) || !/^[A-Z][a-z]+$/.test(name) || /(.)\1\1/.test(name)) continue;
    seen.add(key);
    out.push(name);
  }
  return out;
}

const person = faker.rawDefinitions.person;

export const SURNAMES: readonly string[] = withTail(COMMON_SURNAMES, person?.last_name?.generic);
export const FEMALE_NAMES: readonly string[] = withTail(COMMON_FEMALE, person?.first_name?.female);
export const MALE_NAMES: readonly string[] = withTail(COMMON_MALE, person?.first_name?.male);
