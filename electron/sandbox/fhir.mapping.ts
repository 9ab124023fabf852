/**
 * SandboxPatient -> PDS FHIR R4 Patient, shaped like the official examples
 * (pds/examples/spec-examples/Patient.json, sandbox-stubs/patientResponses/*.json).
 * Also the two PDS views of a stored record: the reduced search form and the restricted redaction.
 */
import type {
  Address,
  ContactPoint,
  Extension,
  FhirPatient,
  FhirSearchPatient,
  HumanName,
  SecurityLabel,
} from './fhir.types';
import type { SandboxAddress, SandboxPatient } from './patient.types';

export const NHS_NUMBER_SYSTEM = 'https://fhir.nhs.uk/Id/nhs-number';
export const ODS_SYSTEM = 'https://fhir.nhs.uk/Id/ods-organization-code';
export const CONFIDENTIALITY_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality';
const UK_CORE = 'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-';
export const DEATH_NOTIFICATION_URL = `${UK_CORE}DeathNotificationStatus`;

const DEATH_NOTIFICATION_DISPLAY = {
  '1': 'Informal - death notice received via an update from a local NHS Organisation such as GP or Trust',
  '2': 'Formal - death notice received from Registrar of Deaths',
} as const;

export const SECURITY_UNRESTRICTED: SecurityLabel = { system: CONFIDENTIALITY_SYSTEM, code: 'U', display: 'unrestricted' };
export const SECURITY_RESTRICTED: SecurityLabel = { system: CONFIDENTIALITY_SYSTEM, code: 'R', display: 'restricted' };

/**
 * Stable object ids (PDS echoes these and PATCH must quote them). Derived from the NHS number so the
 * same patient always has the same ids without storing them. FNV-1a, 8 upper-case hex digits like PDS's "254406A3".
 */
export function objectId(nhsNumber: string, kind: string): string {
  let h = 0x811c9dc5;
  const text = `${nhsNumber}:${kind}`;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).toUpperCase().padStart(8, '0');
}

const odsExtension = (kind: string, ods: string): Extension => ({
  url: `${UK_CORE}${kind}`,
  valueReference: { identifier: { system: ODS_SYSTEM, value: ods } },
});

function deathNotification(dateTime: string, code: '1' | '2'): Extension {
  return {
    url: DEATH_NOTIFICATION_URL,
    extension: [
      {
        url: 'deathNotificationStatus',
        valueCodeableConcept: {
          coding: [
            {
              system: 'https://fhir.hl7.org.uk/CodeSystem/UKCore-DeathNotificationStatus',
              version: '1.0.0',
              code,
              display: DEATH_NOTIFICATION_DISPLAY[code],
            },
          ],
        },
      },
      { url: 'systemEffectiveDate', valueDateTime: dateTime },
    ],
  };
}

function address(p: SandboxPatient, a: SandboxAddress, kind: 'home' | 'temp'): Address {
  const out: Address = {
    id: objectId(p.nhsNumber, `address-${kind}`),
    period: { start: a.since },
    use: kind,
    line: [...a.lines],
    postalCode: a.postcode,
  };
  if (a.pafKey) {
    out.extension = [
      {
        url: `${UK_CORE}AddressKey`,
        extension: [
          { url: 'type', valueCoding: { system: 'https://fhir.hl7.org.uk/CodeSystem/UKCore-AddressKeyType', code: 'PAF' } },
          { url: 'value', valueString: a.pafKey },
        ],
      },
    ];
  }
  return out;
}

function telecom(p: SandboxPatient): ContactPoint[] {
  const since = p.address?.since ?? p.name?.since ?? p.birthDate ?? '2000-01-01';
  const out: ContactPoint[] = [];
  const add = (kind: string, cp: Omit<ContactPoint, 'id' | 'period'>): void => {
    out.push({ id: objectId(p.nhsNumber, `telecom-${kind}`), period: { start: since }, ...cp });
  };
  if (p.phone) add('phone', { system: 'phone', value: p.phone, use: 'home' });
  if (p.mobile) add('mobile', { system: 'phone', value: p.mobile, use: 'mobile' });
  if (p.email) add('email', { system: 'email', value: p.email, use: 'home' });
  if (p.textphone) {
    add('textphone', {
      system: 'other',
      value: p.textphone,
      use: 'home',
      extension: [
        {
          url: `${UK_CORE}OtherContactSystem`,
          valueCoding: {
            system: 'https://fhir.hl7.org.uk/CodeSystem/UKCore-OtherContactSystem',
            code: 'textphone',
            display: 'Minicom (Textphone)',
          },
        },
      ],
    });
  }
  return out;
}

function names(p: SandboxPatient): HumanName[] | undefined {
  if (!p.name) return undefined;
  const n = p.name;
  const usual: HumanName = {
    id: objectId(p.nhsNumber, 'name-usual'),
    use: 'usual',
    period: { start: n.since },
    given: [...n.given],
    family: n.family,
    ...(n.prefix ? { prefix: [n.prefix] } : {}),
    ...(n.suffix ? { suffix: [n.suffix] } : {}),
  };
  const out = [usual];
  if (p.previousFamily) {
    out.push({
      id: objectId(p.nhsNumber, 'name-old'),
      use: 'old',
      period: { start: p.birthDate ?? n.since, end: n.since },
      given: [...n.given],
      family: p.previousFamily,
    });
  }
  return out;
}

function extensions(p: SandboxPatient): Extension[] {
  const out: Extension[] = [];
  if (p.pharmacy?.nominated) out.push(odsExtension('NominatedPharmacy', p.pharmacy.nominated));
  if (p.pharmacy?.preferredDispenser) out.push(odsExtension('PreferredDispenserOrganization', p.pharmacy.preferredDispenser));
  if (p.pharmacy?.applianceSupplier) out.push(odsExtension('MedicalApplianceSupplier', p.pharmacy.applianceSupplier));
  if (p.deceased) out.push(deathNotification(p.deceased.dateTime, p.deceased.notification));
  if (p.language) {
    out.push({
      url: `${UK_CORE}NHSCommunication`,
      extension: [
        {
          url: 'language',
          valueCodeableConcept: {
            coding: [
              {
                system: 'https://fhir.hl7.org.uk/CodeSystem/UKCore-HumanLanguage',
                version: '1.0.0',
                code: p.language.code,
                display: p.language.display,
              },
            ],
          },
        },
        { url: 'interpreterRequired', valueBoolean: p.language.interpreterRequired },
      ],
    });
  }
  if (p.birthPlace) {
    out.push({ url: 'http://hl7.org/fhir/StructureDefinition/patient-birthPlace', valueAddress: { ...p.birthPlace } });
  }
  return out;
}

/** The full record PDS returns from GET /Patient/{id} (restricted records already hold no location data). */
export function toFhirPatient(p: SandboxPatient): FhirPatient {
  const out: FhirPatient = {
    resourceType: 'Patient',
    id: p.nhsNumber,
    identifier: [
      {
        system: NHS_NUMBER_SYSTEM,
        value: p.nhsNumber,
        extension: [
          {
            url: `${UK_CORE}NHSNumberVerificationStatus`,
            valueCodeableConcept: {
              coding: [
                {
                  system: 'https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatus',
                  version: '1.0.0',
                  code: '01',
                  display: 'Number present and verified',
                },
              ],
            },
          },
        ],
      },
    ],
    meta: { versionId: String(p.version), security: [p.restricted ? SECURITY_RESTRICTED : SECURITY_UNRESTRICTED] },
  };
  const nameList = names(p);
  if (nameList) out.name = nameList;
  if (p.gender) out.gender = p.gender;
  if (p.birthDate) out.birthDate = p.birthDate;
  if (p.multipleBirth !== undefined) out.multipleBirthInteger = p.multipleBirth;
  if (p.deceased) out.deceasedDateTime = p.deceased.dateTime;
  if (!p.restricted) {
    if (p.gp) {
      out.generalPractitioner = [
        {
          id: objectId(p.nhsNumber, 'gp'),
          type: 'Organization',
          identifier: { system: ODS_SYSTEM, value: p.gp.ods, period: { start: p.gp.since } },
        },
      ];
    }
  }
  const ext = extensions(p);
  if (ext.length > 0) out.extension = ext;
  if (!p.restricted) {
    const tel = telecom(p);
    if (tel.length > 0) out.telecom = tel;
    if (p.emergencyContactPhone) {
      out.contact = [
        {
          id: objectId(p.nhsNumber, 'contact'),
          period: { start: p.address?.since ?? p.birthDate ?? '2000-01-01' },
          relationship: [
            { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0131', code: 'C', display: 'Emergency Contact' }] },
          ],
          telecom: [{ system: 'phone', value: p.emergencyContactPhone }],
        },
      ];
    }
    const addresses: Address[] = [];
    if (p.address) addresses.push(address(p, p.address, 'home'));
    if (p.tempAddress) addresses.push({ ...address(p, p.tempAddress, 'temp'), text: p.tempAddress.text });
    if (addresses.length > 0) out.address = addresses;
  }
  return redactRestricted(out);
}

export const isRestricted = (patient: Pick<FhirPatient, 'meta'>): boolean =>
  patient.meta.security.some((s) => s.code === 'R');

const LOCATION_EXTENSIONS = new Set([
  `${UK_CORE}NominatedPharmacy`,
  `${UK_CORE}PreferredDispenserOrganization`,
  `${UK_CORE}MedicalApplianceSupplier`,
  'http://hl7.org/fhir/StructureDefinition/patient-birthPlace',
]);

/**
 * PDS strips location-sensitive data from restricted ("R") records before answering:
 * address, telecom, contact, GP, pharmacy and birth-place extensions. Applied to every answer,
 * so even a record that somehow holds such data never leaks it.
 */
export function redactRestricted<T extends FhirSearchPatient>(patient: T): T {
  if (!isRestricted(patient)) return patient;
  const copy: T = { ...patient };
  delete copy.address;
  delete copy.telecom;
  delete copy.contact;
  delete copy.generalPractitioner;
  if ('managingOrganization' in copy) delete (copy as FhirPatient).managingOrganization;
  if (copy.extension) {
    const kept = copy.extension.filter((e) => !LOCATION_EXTENSIONS.has(e.url));
    if (kept.length > 0) copy.extension = kept;
    else delete copy.extension;
  }
  return copy;
}

const SEARCH_NAME_USES = new Set(['usual', 'nickname', 'temp']);

/**
 * The reduced Patient a PDS search returns (PDS search "Patient data returned"; PatientSearch.yaml):
 * usual/nickname/temp names, home address only, no pharmacies, communication, preferences or birth place,
 * no managingOrganization; only the death-notification extension survives.
 */
export function reduceForSearch(patient: FhirPatient): FhirSearchPatient {
  const { managingOrganization: _dropped, ...rest } = patient;
  const out: FhirSearchPatient = { ...rest };
  if (out.name) {
    const kept = out.name.filter((n) => SEARCH_NAME_USES.has(n.use));
    if (kept.length > 0) out.name = kept;
    else delete out.name;
  }
  if (out.address) {
    const kept = out.address.filter((a) => a.use === 'home');
    if (kept.length > 0) out.address = kept;
    else delete out.address;
  }
  if (out.extension) {
    const kept = out.extension.filter((e) => e.url === DEATH_NOTIFICATION_URL);
    if (kept.length > 0) out.extension = kept;
    else delete out.extension;
  }
  return redactRestricted(out);
}

export const toSearchPatient = (p: SandboxPatient): FhirSearchPatient => reduceForSearch(toFhirPatient(p));
