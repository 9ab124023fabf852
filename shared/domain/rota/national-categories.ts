/**
 * The national slot categories of NHS England's "Appointments in General Practice" (GPAD) data: every practice
 * slot type maps to one, so capacity can be reported nationally whatever the practice calls its slots.
 *
 * 'Unmapped' is what a slot type is until the practice maps it. 'Inconsistent Mapping' is a value the national
 * extract assigns when one slot type has been mapped to more than one category; a practice cannot choose it.
 */
export const GPAD_NATIONAL_SLOT_CATEGORIES = [
  'General Consultation Routine',
  'General Consultation Acute',
  'Planned Clinics',
  'Planned Clinical Procedure',
  'Unplanned Clinical Activity',
  'Clinical Triage',
  'Home Visit',
  'Care Home Visit',
  'Care Home Needs Assessment & Personalised Care and Support Planning',
  'Structured Medication Review',
  'Patient contact as part of a Social Prescribing Service',
  'Service provided by organisation external to the practice',
  'Walk-in',
  'Group Consultation and Group Education',
  'Non-contractual chargeable work',
  'Care Related Encounter but does not fit into any other category',
  'Unmapped',
  'Inconsistent Mapping',
] as const;
export type NationalSlotCategory = (typeof GPAD_NATIONAL_SLOT_CATEGORIES)[number];

/** The categories a practice may map a slot type to. */
export const MAPPABLE_NATIONAL_SLOT_CATEGORIES: readonly NationalSlotCategory[] = GPAD_NATIONAL_SLOT_CATEGORIES.filter(
  (c) => c !== 'Inconsistent Mapping',
);
