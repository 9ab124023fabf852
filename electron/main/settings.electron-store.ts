import Store, { type Schema } from 'electron-store';
import { settingsOver, storeOptions, type Settings, type SettingsStore } from '../core/settings/settings.schema';

/** Settings in Electron: electron-store over the same schema and file the browser host's conf uses. */
export function createElectronSettings(dataDir: string): SettingsStore {
  const { schema, ...rest } = storeOptions();
  return settingsOver(new Store<Settings>({ cwd: dataDir, name: 'settings', schema: schema as Schema<Settings>, ...rest }));
}
