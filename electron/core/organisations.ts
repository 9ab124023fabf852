import demo from '../../resources/demo-practice.json';
import type { RoleCode } from '../../shared/domain/roles';

/** Practice names by ODS code. The demo directory ships in resources/; a deployment would use the ODS API. */
const names = new Map(demo.organisations.map((o) => [o.odsCode, o.name]));

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
