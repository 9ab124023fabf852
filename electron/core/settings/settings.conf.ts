import Conf, { type Schema } from 'conf';
import { settingsOver, storeOptions, type Settings, type SettingsStore } from './settings.schema';

/** Settings for the browser host (plain Node): conf, the library electron-store is built on. */
export function createConfSettings(dataDir: string): SettingsStore {
  const { schema, ...rest } = storeOptions();
  const conf = new Conf<Settings>({
    cwd: dataDir,
    configName: 'settings',
    projectName: 'gp-reception',
    projectVersion: '0.1.0',
    schema: schema as Schema<Settings>,
    ...rest,
  });
  return settingsOver(conf);
}
