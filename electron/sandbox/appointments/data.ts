/**
 * Deterministic demo data for the appointments sandbox: the demo practice's clinicians, its two
 * sites, slot types, one Schedule per clinician per site and four weeks of Slots from "today",
 * about 60% booked for patients of the synthetic population. Same { seed, today, clinicians,
 * patients } -> same data.
 *
 * Sessions: Mon–Fri 08:30–12:00 and 14:00–18:00 Europe/London; weekends closed.
 */
import demo from '../../../resources/demo-practice.json';
import { FEMALE_NAMES, MALE_NAMES, SURNAMES } from '../names';
import { Rng } from '../prng';
import { dayNumber, formatLondon, londonInstant, weekday } from './time';
import { GPC_EXTENSION, GPC_PROFILE, SYSTEM, type Appointment, type DeliveryChannel, type Location, type Organization, type Practitioner, type SlotStatus } from './types';

export const DEFAULT_CLINICIANS = 12;
export const MAX_CLINICIANS = 200;
export const WEEKS_OF_SLOTS = 4;

export type ClinicianRole = 'gp' | 'nurse' | 'hca';

/** SDS job roles (UK Core SDS Job Role Name, NOTES §5) used for Schedule/Appointment PractitionerRole. */
export const ROLE_CODES: Readonly<Record<ClinicianRole, { code: string; display: string; category: string }>> = {
  gp: { code: 'R0260', display: 'General Medical Practitioner', category: 'General GP Appointments' },
  nurse: { code: 'R8001', display: 'Nurse', category: 'Practice Nurse Appointments' },
  hca: { code: 'R8008', display: 'Admin/Clinical Support Access Role', category: 'Healthcare Assistant Appointments' },
};

/** When a slot of this type becomes bookable (its embargo). */
export type Embargo = { kind: 'none' } | { kind: 'on-the-day'; minuteOfDay: number } | { kind: 'hours-before'; hours: number };

export interface SlotType {
  code: string;
  /** Slot.serviceType[0].text */
  name: string;
  role: ClinicianRole;
  minutes: number;
  urgent: boolean;
  /** Some slots of this type are offered to patients online (NHS App); the others are reception-only. */
  onlineBookable: boolean;
  embargo: Embargo;
  deliveryChannel: DeliveryChannel;
  /** False for admin blocks: they are always busy-unavailable. */
  bookable: boolean;
}

export const SLOT_TYPES = {
  routineGp: { code: 'routine-gp', name: 'Routine GP 10 min', role: 'gp', minutes: 10, urgent: false, onlineBookable: true, embargo: { kind: 'none' }, deliveryChannel: 'In-person', bookable: true },
  urgent: { code: 'urgent', name: 'Urgent on the day', role: 'gp', minutes: 10, urgent: true, onlineBookable: false, embargo: { kind: 'on-the-day', minuteOfDay: 8 * 60 }, deliveryChannel: 'In-person', bookable: true },
  telephone: { code: 'telephone', name: 'Telephone 10 min', role: 'gp', minutes: 10, urgent: false, onlineBookable: true, embargo: { kind: 'hours-before', hours: 48 }, deliveryChannel: 'Telephone', bookable: true },
  admin: { code: 'admin', name: 'Admin block', role: 'gp', minutes: 10, urgent: false, onlineBookable: false, embargo: { kind: 'none' }, deliveryChannel: 'In-person', bookable: false },
  nurse: { code: 'nurse-15', name: 'Nurse 15 min', role: 'nurse', minutes: 15, urgent: false, onlineBookable: true, embargo: { kind: 'none' }, deliveryChannel: 'In-person', bookable: true },
  hcaBloods: { code: 'hca-bloods', name: 'HCA bloods 10 min', role: 'hca', minutes: 10, urgent: false, onlineBookable: true, embargo: { kind: 'none' }, deliveryChannel: 'In-person', bookable: true },
} as const satisfies Record<string, SlotType>;

export const SESSIONS = [
  { name: 'am', from: 8 * 60 + 30, to: 12 * 60 },
  { name: 'pm', from: 14 * 60, to: 18 * 60 },
] as const;

export interface Clinician {
  practitioner: Practitioner;
  role: ClinicianRole;
}

export interface SlotRecord {
  id: string;
  scheduleId: string;
  type: SlotType;
  startMs: number;
  endMs: number;
  start: string;
  end: string;
  status: SlotStatus;
  appointmentId: string | null;
  version: number;
  lastUpdatedMs: number;
  /** Embargo: bookable from this instant (-Infinity when never embargoed). */
  bookableFromMs: number;
  online: boolean;
}

export interface ScheduleRecord {
  id: string;
  practitionerId: string;
  locationId: string;
  role: ClinicianRole;
  /** Sorted by start. */
  slots: SlotRecord[];
}

export interface AppointmentRecord {
  resource: Appointment & { id: string; meta: { versionId: string; lastUpdated: string; profile: string[] } };
  startMs: number;
  nhsNumber: string;
  slotIds: string[];
  version: number;
  lastUpdatedMs: number;
}

export interface AppointmentsData {
  organization: Organization;
  /** Prefix of this book's Slot, Schedule and Appointment ids ('' for the demo practice; e.g. 'Y90002-' for a neighbour). */
  idPrefix?: string;
  locations: Location[];
  clinicians: Clinician[];
  schedules: ScheduleRecord[];
  /** Every slot, sorted by start then id. */
  slots: SlotRecord[];
  appointments: AppointmentRecord[];
  /** The first calendar day with slots (days since epoch) and the planning horizon. */
  firstDay: number;
  horizonStartMs: number;
  horizonEndMs: number;
}

export interface GenerateOptions {
  seed: number;
  /** yyyy-mm-dd, the sandbox's today: slots start on this day. */
  today: string;
  /** The sandbox clock at generation time: appointments are "created" before it, embargoes are judged against it. */
  nowMs: number;
  clinicians?: number;
  /** NHS numbers to book appointments for (patients registered at the demo practice). */
  patients: readonly string[];
  /** Another organisation's book (issue 8: neighbouring practices, the extended-access hub); default the demo practice. */
  organisation?: OrganisationProfile;
  /** Prefix for Slot, Schedule and Appointment ids, so books of different organisations never share an id. */
  idPrefix?: string;
  /** The sessions worked on a weekday (0 = Sunday); default Monday to Friday, SESSIONS. */
  sessionsOn?: (weekday: number) => readonly SessionTimes[];
  /** The slot type at position i of n in a session; default the demo practice's pattern. */
  typeFor?: (role: ClinicianRole, session: 'am' | 'pm', i: number, count: number) => SlotType;
}

export interface SessionTimes {
  name: 'am' | 'pm';
  /** Minutes after midnight, London. */
  from: number;
  to: number;
}

/** Who owns a generated book: its ODS code, name, phone and sites (first site = the organisation's address). */
export interface OrganisationProfile {
  odsCode: string;
  name: string;
  phone: string;
  sites: readonly { name: string; line: readonly string[]; postalCode: string; phone: string }[];
}

/** The running number at the end of an id ('Y90002-17' -> 17, '17' -> 17): the generated order of ids. */
export const idSeq = (id: string): number => Number(/(\d+)$/.exec(id)?.[1] ?? Number.NaN);

export const PRACTICE = {
  odsCode: demo.practice.odsCode,
  name: demo.practice.name,
  phone: '0113 496 0000',
  sites: demo.practice.sites,
} as const;

const SITE_DETAILS = [
  { line: ['1 River Walk', 'Riverside', 'Leeds'], postalCode: 'LS1 4AP', phone: '0113 496 0000' },
  { line: ['27 Mill Lane', 'Millbrook', 'Leeds'], postalCode: 'LS6 2QD', phone: '0113 496 0001' },
];

const DESCRIPTIONS = ['Booked at reception', 'Booked by telephone', 'Follow-up appointment', 'Review appointment', 'Booked online', 'Annual review'];
const COMMENTS = ['Interpreter booked', 'Prefers ground-floor room', 'Call before 10am if running late', 'Carer will attend', 'Wheelchair user'];

const lastUpdatedMeta = (ms: number): string => new Date(ms).toISOString();

export function bookingOrganisation(ods: string, name: string, phone: string): Organization {
  return {
    resourceType: 'Organization',
    id: '1',
    meta: { profile: [GPC_PROFILE.organization] },
    identifier: [{ system: SYSTEM.odsOrganisation, value: ods }],
    type: [{ coding: [{ system: SYSTEM.organisationType, code: 'gp-practice' }] }],
    name,
    telecom: [{ system: 'phone', value: phone }],
  };
}

function roleMix(n: number): ClinicianRole[] {
  const gps = Math.max(1, Math.round(n * 0.5));
  const nurses = Math.max(n >= 2 ? 1 : 0, Math.round(n * 0.33));
  const out: ClinicianRole[] = [];
  for (let i = 0; i < n; i++) out.push(i < gps ? 'gp' : i < gps + nurses ? 'nurse' : 'hca');
  return out;
}

/** Which slot type the i-th slot of a session gets. */
export function slotTypeAt(role: ClinicianRole, session: 'am' | 'pm', i: number, count: number): SlotType {
  if (role === 'nurse') return SLOT_TYPES.nurse;
  if (role === 'hca') return SLOT_TYPES.hcaBloods;
  if (session === 'am') {
    if (i < 4) return SLOT_TYPES.urgent;
    if (i >= count - 2) return SLOT_TYPES.admin;
    if (i >= count - 5) return SLOT_TYPES.telephone;
    return SLOT_TYPES.routineGp;
  }
  if (i < 2) return SLOT_TYPES.admin;
  if (i >= count - 4) return SLOT_TYPES.urgent;
  if (i >= count - 8) return SLOT_TYPES.telephone;
  return SLOT_TYPES.routineGp;
}

export function bookableFrom(type: SlotType, day: number, startMs: number): number {
  switch (type.embargo.kind) {
    case 'none':
      return Number.NEGATIVE_INFINITY;
    case 'on-the-day':
      return londonInstant(day, type.embargo.minuteOfDay);
    case 'hours-before':
      return startMs - type.embargo.hours * 3_600_000;
  }
}

export function generateAppointmentsData(opts: GenerateOptions): AppointmentsData {
  const count = opts.clinicians ?? DEFAULT_CLINICIANS;
  if (!Number.isInteger(count) || count < 1 || count > MAX_CLINICIANS) {
    throw new RangeError(`clinicians must be a whole number from 1 to ${MAX_CLINICIANS}; got ${count}`);
  }
  const rng = new Rng((opts.seed ^ 0x5a7e11) >>> 0);
  const prefix = opts.idPrefix ?? '';
  const typeFor = opts.typeFor ?? slotTypeAt;
  const sessionsOn = opts.sessionsOn ?? ((wd: number): readonly SessionTimes[] => (wd === 0 || wd === 6 ? [] : SESSIONS));
  const owner: OrganisationProfile = opts.organisation ?? {
    odsCode: PRACTICE.odsCode,
    name: PRACTICE.name,
    phone: PRACTICE.phone,
    sites: PRACTICE.sites.map((name, i) => ({ name, ...SITE_DETAILS[i % SITE_DETAILS.length]! })),
  };
  const firstDay = dayNumber(opts.today);
  const days = WEEKS_OF_SLOTS * 7;
  const horizonStartMs = londonInstant(firstDay, 0);
  const horizonEndMs = londonInstant(firstDay + days, 0);
  const generatedAt = opts.nowMs;

  const organization: Organization = {
    resourceType: 'Organization',
    id: '1',
    meta: { versionId: '1', lastUpdated: lastUpdatedMeta(generatedAt), profile: [GPC_PROFILE.organization] },
    identifier: [{ system: SYSTEM.odsOrganisation, value: owner.odsCode }],
    type: [{ coding: [{ system: SYSTEM.organisationType, code: 'gp-practice' }] }],
    name: owner.name,
    telecom: [{ system: 'phone', value: owner.phone, use: 'work' }],
    address: { line: owner.sites[0]!.line.slice(0, 2), city: 'Leeds', district: 'West Yorkshire', postalCode: owner.sites[0]!.postalCode },
  };

  const locations: Location[] = owner.sites.map((site, i) => {
    return {
      resourceType: 'Location',
      id: String(i + 1),
      meta: { versionId: '1', lastUpdated: lastUpdatedMeta(generatedAt), profile: [GPC_PROFILE.location] },
      name: site.name,
      address: { line: [...site.line], postalCode: site.postalCode },
      telecom: [{ system: 'phone', value: site.phone, use: 'work' }],
      managingOrganization: { reference: `Organization/${organization.id}` },
    };
  });

  const usedNames = new Set<string>();
  const clinicians: Clinician[] = roleMix(count).map((role, i) => {
    let given = '';
    let family = '';
    let gender: 'male' | 'female' = 'female';
    do {
      gender = rng.chance(role === 'gp' ? 0.5 : 0.8) ? 'female' : 'male';
      given = rng.pick((gender === 'female' ? FEMALE_NAMES : MALE_NAMES).slice(0, 200));
      family = rng.pick(SURNAMES.slice(0, 300));
    } while (usedNames.has(`${given} ${family}`));
    usedNames.add(`${given} ${family}`);
    const prefix = role === 'gp' ? 'Dr' : gender === 'male' ? 'Mr' : rng.pick(['Mrs', 'Ms', 'Miss']);
    return {
      role,
      practitioner: {
        resourceType: 'Practitioner',
        id: String(i + 1),
        meta: { versionId: '1', lastUpdated: lastUpdatedMeta(generatedAt), profile: [GPC_PROFILE.practitioner] },
        identifier: [{ system: SYSTEM.sdsUser, value: `5551${String(i + 1).padStart(8, '0')}` }],
        name: [{ family, given: [given], prefix: [prefix] }],
        gender,
      },
    };
  });

  // One Schedule per clinician per site.
  const schedules: ScheduleRecord[] = [];
  const scheduleFor = new Map<string, ScheduleRecord>();
  for (const c of clinicians) {
    for (const loc of locations) {
      const s: ScheduleRecord = { id: `${prefix}${schedules.length + 1}`, practitionerId: c.practitioner.id, locationId: loc.id, role: c.role, slots: [] };
      schedules.push(s);
      scheduleFor.set(`${c.practitioner.id}|${loc.id}`, s);
    }
  }

  // Weekly pattern per clinician: for each weekday (1..5) and session, the site worked or none.
  const patterns = clinicians.map((c, ci) => {
    const home = locations[ci % locations.length]!.id;
    const away = locations[(ci + 1) % locations.length]!.id;
    const week: (string | null)[][] = [];
    for (let wd = 0; wd < 7; wd++) {
      week.push(
        sessionsOn(wd).map(() => {
          if (!rng.chance(c.role === 'gp' ? 0.8 : 0.75)) return null;
          return rng.chance(0.75) ? home : away;
        }),
      );
    }
    return week;
  });

  const slots: SlotRecord[] = [];
  const appointments: AppointmentRecord[] = [];
  const patients = opts.patients;
  let nextAppointment = 1;

  for (let d = 0; d < days; d++) {
    const day = firstDay + d;
    const wd = weekday(day);
    const sessions = sessionsOn(wd);
    if (sessions.length === 0) continue;
    // Near days are fuller: ~90% of released slots booked this week, ~50% in week four (~60% of all slots overall).
    const bookedShare = 0.92 - (0.4 * d) / days;
    clinicians.forEach((c, ci) => {
      sessions.forEach((session, si) => {
        const siteId = patterns[ci]![wd]![si];
        if (!siteId) return;
        const schedule = scheduleFor.get(`${c.practitioner.id}|${siteId}`)!;
        const minutes = c.role === 'nurse' ? 15 : 10;
        const n = Math.floor((session.to - session.from) / minutes);
        for (let i = 0; i < n; i++) {
          const type = typeFor(c.role, session.name, i, n);
          const startMs = londonInstant(day, session.from + i * minutes);
          const endMs = londonInstant(day, session.from + (i + 1) * minutes);
          const slot: SlotRecord = {
            id: `${prefix}${slots.length + 1}`,
            scheduleId: schedule.id,
            type,
            startMs,
            endMs,
            start: formatLondon(startMs),
            end: formatLondon(endMs),
            status: 'free',
            appointmentId: null,
            version: 1,
            lastUpdatedMs: generatedAt,
            bookableFromMs: bookableFrom(type, day, startMs),
            online: type.onlineBookable && rng.chance(0.35),
          };
          slots.push(slot);
          schedule.slots.push(slot);
          if (!type.bookable || rng.chance(0.03)) {
            slot.status = 'busy-unavailable';
            continue;
          }
          // Embargoed slots are not released yet, so nobody can have booked them.
          if (slot.bookableFromMs > generatedAt || startMs <= generatedAt) continue;
          if (patients.length === 0 || !rng.chance(bookedShare)) {
            // A few free slots had an appointment that was later cancelled (history for the changes feed).
            if (patients.length > 0 && rng.chance(0.03)) {
              const a = makeAppointment(`${prefix}${nextAppointment++}`, slot, schedule, c, locations, rng, patients, generatedAt, owner);
              cancelGenerated(a, generatedAt - rng.between(1, 72) * 3_600_000);
              appointments.push(a);
            }
            continue;
          }
          const a = makeAppointment(`${prefix}${nextAppointment++}`, slot, schedule, c, locations, rng, patients, generatedAt, owner);
          slot.status = 'busy';
          slot.appointmentId = a.resource.id;
          appointments.push(a);
        }
      });
    });
  }

  slots.sort((a, b) => a.startMs - b.startMs || idSeq(a.id) - idSeq(b.id));
  return { organization, idPrefix: prefix, locations, clinicians, schedules, slots, appointments, firstDay, horizonStartMs, horizonEndMs };
}

function makeAppointment(
  id: string,
  slot: SlotRecord,
  schedule: ScheduleRecord,
  clinician: Clinician,
  locations: Location[],
  rng: Rng,
  patients: readonly string[],
  nowMs: number,
  owner: Pick<OrganisationProfile, 'odsCode' | 'name' | 'phone'>,
): AppointmentRecord {
  const nhsNumber = rng.pick(patients);
  // Created 1 hour to 21 days before now, never after the slot starts.
  const createdMs = Math.min(nowMs - rng.between(1, 21 * 24) * 3_600_000, slot.startMs - 3_600_000);
  const location = locations.find((l) => l.id === schedule.locationId)!;
  const description = slot.online && rng.chance(0.5) ? 'Booked online' : rng.pick(DESCRIPTIONS.filter((d) => d !== 'Booked online'));
  const resource: AppointmentRecord['resource'] = {
    resourceType: 'Appointment',
    id,
    meta: { versionId: '1', lastUpdated: new Date(createdMs).toISOString(), profile: [GPC_PROFILE.appointment] },
    contained: [bookingOrganisation(owner.odsCode, owner.name, owner.phone)],
    extension: [
      { url: GPC_EXTENSION.bookingOrganisation, valueReference: { reference: '#1' } },
      ...appointmentExtensions(clinician.role, slot.type),
    ],
    status: 'booked',
    serviceCategory: [{ text: ROLE_CODES[clinician.role].category }],
    serviceType: [{ text: slot.type.name }],
    description,
    start: slot.start,
    end: slot.end,
    slot: [{ reference: `Slot/${slot.id}` }],
    created: formatLondon(createdMs),
    participant: [
      { actor: { reference: `Patient/${nhsNumber}`, identifier: { system: SYSTEM.nhsNumber, value: nhsNumber } }, status: 'accepted' },
      { actor: { reference: `Location/${location.id}`, display: location.name }, status: 'accepted' },
      { actor: { reference: `Practitioner/${clinician.practitioner.id}` }, status: 'accepted' },
    ],
  };
  if (rng.chance(0.1)) resource.comment = rng.pick(COMMENTS);
  return { resource, startMs: slot.startMs, nhsNumber, slotIds: [slot.id], version: 1, lastUpdatedMs: createdMs };
}

function cancelGenerated(a: AppointmentRecord, atMs: number): void {
  const when = Math.max(atMs, a.lastUpdatedMs + 60_000);
  a.resource.status = 'cancelled';
  a.resource.extension = [...(a.resource.extension ?? []), { url: GPC_EXTENSION.cancellationReason, valueString: 'Patient cancelled by telephone' }];
  a.version = 2;
  a.lastUpdatedMs = when;
  a.resource.meta = { ...a.resource.meta, versionId: '2', lastUpdated: new Date(when).toISOString() };
}

export function appointmentExtensions(role: ClinicianRole, type: SlotType): NonNullable<Appointment['extension']> {
  const r = ROLE_CODES[role];
  return [
    { url: GPC_EXTENSION.practitionerRole, valueCodeableConcept: { coding: [{ system: SYSTEM.sdsJobRole, code: r.code, display: r.display }] } },
    { url: GPC_EXTENSION.deliveryChannel, valueCode: type.deliveryChannel },
  ];
}
