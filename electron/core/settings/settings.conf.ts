import Conf, { type Schema } from 'conf';
import { Settings, defaultSettings, mergeSettings, settingsJsonSchema, type SettingsPatch, type SettingsStore } from './settings.schema';

/** Settings for the browser host (plain Node): conf, the library electron-store is built on. */
export function createConfSettings(dataDir: string): SettingsStore {
  const conf = new Conf<Settings>({
    cwd: dataDir,
    configName: 'settings',
    projectName: 'gp-reception',
    projectVersion: '0.1.0',
    schema: settingsJsonSchema() as Schema<Settings>,
    defaults: defaultSettings(),
    clearInvalidConfig: false, // a broken settings file stops start-up with a message; it is never silently wiped
  });
  return {
    get: () => Settings.parse(conf.store),
    update(patch: SettingsPatch) {
      const next = mergeSettings(Settings.parse(conf.store), patch);
      conf.store = next;
      return next;
    },
  };
}
