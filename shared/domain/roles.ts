/**
 * National RBAC job roles the desk understands (UK Core SDS Job Role Name; NOTES §5) and what each may do.
 * The core enforces these on every call; the UI only uses them to decide what to offer.
 */
export const ROLES = {
  R8009: { name: 'Receptionist' },
  R8011: { name: 'Clerical manager' },
  R8000: { name: 'Clinical practitioner (GP)' },
  R0260: { name: 'General medical practitioner' },
} as const;
export type RoleCode = keyof typeof ROLES;
export const ROLE_CODES = Object.keys(ROLES) as [RoleCode, ...RoleCode[]];

export const PERMISSIONS = {
  'patients.view': 'look up and open patient records',
  'appointments.overbook': 'double-book an appointment slot',
  'rota.edit': 'edit rotas and slot templates',
  'prescriptions.approve': 'approve or reject prescriptions',
  'staff.manage': 'manage staff, cards and roles',
  'audit.read': 'read and export the access audit',
} as const;
export type Permission = keyof typeof PERMISSIONS;

const GRANTS: Record<RoleCode, readonly Permission[]> = {
  R8009: ['patients.view'],
  R8011: ['patients.view', 'appointments.overbook', 'rota.edit', 'staff.manage', 'audit.read'],
  R8000: ['patients.view', 'appointments.overbook', 'prescriptions.approve'],
  R0260: ['patients.view', 'appointments.overbook', 'prescriptions.approve'],
};

export const can = (role: RoleCode, permission: Permission): boolean => GRANTS[role].includes(permission);

export const rolesWith = (permission: Permission): RoleCode[] => ROLE_CODES.filter((r) => can(r, permission));

export const roleName = (role: RoleCode): string => ROLES[role].name;

/** "Only a Clerical manager (R8011) can manage staff, cards and roles." */
export function refusalMessage(permission: Permission): string {
  const who = rolesWith(permission).map((r) => `${roleName(r)} (${r})`);
  const list = who.length > 1 ? `${who.slice(0, -1).join(', ')} or ${who.at(-1)}` : (who[0] ?? 'no role');
  return `Only a ${list} can ${PERMISSIONS[permission]}.`;
}

/** New NHS smartcard passcodes are 6–8 digits (NOTES §5). */
export const PASSCODE_RULE = /^\d{6,8}$/;
export const MAX_PASSCODE_ATTEMPTS = 3;
