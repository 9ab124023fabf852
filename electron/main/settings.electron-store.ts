import Store, { type Schema } from 'electron-store';
import {
  Settings,
  defaultSettings,
  mergeSettings,
  settingsJsonSchema,
  type SettingsPatch,
  type SettingsStore,
} from '../core/settings/settings.schema';

/** Settings in Electron: electron-store over the same schema the browser host's conf uses. */
export function createElectronSettings(dataDir: string): SettingsStore {
  const store = new Store<Settings>({
    cwd: dataDir,
    name: 'settings',
    schema: settingsJsonSchema() as Schema<Settings>,
    defaults: defaultSettings(),
    clearInvalidConfig: false,
  });
  return {
    get: () => Settings.parse(store.store),
    update(patch: SettingsPatch) {
      const next = mergeSettings(Settings.parse(store.store), patch);
      store.store = next;
      return next;
    },
  };
}
