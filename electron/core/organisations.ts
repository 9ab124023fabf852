import demo from '../../resources/demo-practice.json';
import network from '../../resources/demo-care-network.json';
import type { RoleCode } from '../../shared/domain/roles';

/** Practice names by ODS code. The demo directory ships in resources/; a deployment would use the ODS API. */
const names = new Map([...network.organisations, ...demo.organisations].map((o) => [o.odsCode, o.name]));

/**
 * The care network's organisations (issue 8): practices, the extended-access hub and the out-of-hours centre, with
 * their GP Connect organisation type. A deployment would find these (and their endpoints) through SDS.
 */
export interface NetworkOrganisation {
  odsCode: string;
  name: string;
  kind: 'gp-practice' | 'extended-access-hub' | 'out-of-hours';
  gpcType: string;
  phone: string;
}
export const networkDirectory: readonly NetworkOrganisation[] = network.organisations.map((o) => ({
  odsCode: o.odsCode,
  name: o.name,
  kind: o.kind as NetworkOrganisation['kind'],
  gpcType: o.gpcType,
  phone: o.phone,
}));

export const organisationName = (odsCode: string): string | null => names.get(odsCode) ?? null;
export const demoPractice = demo.practice;

export interface DemoStaffMember {
  userId: string;
  name: string;
  cardId: string;
  passcode: string;
  roles: { roleProfileId: string; roleCode: RoleCode }[];
}
export const demoStaff = demo.demoStaff as DemoStaffMember[];
