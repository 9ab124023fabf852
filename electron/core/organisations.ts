import demo from '../../resources/demo-practice.json';

/** Practice names by ODS code. The demo directory ships in resources/; a deployment would use the ODS API. */
const names = new Map(demo.organisations.map((o) => [o.odsCode, o.name]));

export const organisationName = (odsCode: string): string | null => names.get(odsCode) ?? null;
export const demoPractice = demo.practice;
export const demoUser = demo.demoUser;
