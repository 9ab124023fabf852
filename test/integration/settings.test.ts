import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createConfSettings } from '../../electron/core/settings/settings.conf';
import { PDS_ENVIRONMENTS, resolvePdsBaseUrl } from '../../electron/core/settings/settings.schema';
import { useTempDir } from '../helpers/temp-dir';

const temp = useTempDir();

// electron-store imports `electron` at load time; give it the two things it reads (see TOOLCHAIN §5).
let electronUserData = '';
vi.mock('electron', () => {
  const app = { getPath: () => electronUserData, getVersion: () => '0.1.0', on() {} };
  const ipcMain = { on() {}, handle() {} };
  return { default: { app, ipcMain, shell: {} }, app, ipcMain, shell: {} };
});

describe('settings: one schema, two stores', () => {
  it('conf (browser host) starts from the defaults, persists a valid change and refuses an invalid one with a clear message', () => {
    const dir = temp();
    const s = createConfSettings(dir);
    expect(s.get().nationalApi.pdsBaseUrl).toBe('embedded-sandbox');
    expect(s.get().nationalApi.requestTimeoutMs).toBe(8_000);
    s.update({ practice: { odsCode: 'Y90002' } });
    expect(createConfSettings(dir).get().practice).toMatchObject({ odsCode: 'Y90002', name: 'Riverside Medical Practice' });
    expect(() => s.update({ nationalApi: { requestTimeoutMs: 5 } })).toThrow(/requestTimeoutMs|500/);
    expect(() => s.update({ nationalApi: { pdsBaseUrl: 'not a url' } })).toThrow();
    expect(createConfSettings(dir).get().practice.odsCode).toBe('Y90002'); // nothing lost
  });

  it("a practice's own service addresses (appointments, prescriptions, GP Connect) are settings, https only, unset by default", () => {
    const dir = temp();
    const s = createConfSettings(dir);
    expect(s.get().nationalApi).toMatchObject({ appointmentsBaseUrl: null, prescriptionsBaseUrl: null, gpConnectRootUrl: null });
    s.update({ nationalApi: { appointmentsBaseUrl: 'https://gpconnect.example.nhs.uk/A12345/FHIR/R4' } });
    expect(createConfSettings(dir).get().nationalApi.appointmentsBaseUrl).toBe('https://gpconnect.example.nhs.uk/A12345/FHIR/R4');
    expect(() => s.update({ nationalApi: { prescriptionsBaseUrl: 'http://rx.example.nhs.uk/FHIR/R4' } })).toThrow(/https/);
    expect(createConfSettings(dir).get().nationalApi.prescriptionsBaseUrl).toBeNull();
  });

  it('a hand-edited settings file with a bad value stops start-up instead of being silently wiped', () => {
    const dir = temp();
    createConfSettings(dir);
    const file = join(dir, 'settings.json');
    const json = JSON.parse(readFileSync(file, 'utf8'));
    json.sandbox.population = 5;
    writeFileSync(file, JSON.stringify(json));
    expect(() => createConfSettings(dir)).toThrow(/population|1000/);
    expect(JSON.parse(readFileSync(file, 'utf8')).sandbox.population).toBe(5);
  });

  it('electron-store (Electron) uses the same schema and file', async () => {
    electronUserData = temp();
    const { createElectronSettings } = await import('../../electron/main/settings.electron-store');
    const s = createElectronSettings(electronUserData);
    s.update({ workstation: { name: 'Front desk 2' } });
    expect(createConfSettings(electronUserData).get().workstation.name).toBe('Front desk 2');
    expect(() => s.update({ sandbox: { population: 2_000_000 } })).toThrow();
  });

  it('RECEPTION_PDS_BASE_URL picks an NHS environment by name or any URL', () => {
    expect(resolvePdsBaseUrl('embedded-sandbox', {})).toBe('embedded-sandbox');
    expect(resolvePdsBaseUrl('embedded-sandbox', { RECEPTION_PDS_BASE_URL: 'nhs-sandbox' })).toBe(PDS_ENVIRONMENTS['nhs-sandbox']);
    expect(resolvePdsBaseUrl('nhs-integration', {})).toBe(PDS_ENVIRONMENTS['nhs-integration']);
    expect(resolvePdsBaseUrl('embedded-sandbox', { RECEPTION_PDS_BASE_URL: 'https://pds.example/FHIR/R4' })).toBe('https://pds.example/FHIR/R4');
  });
});
