import envPaths from 'env-paths';

/** Where SQLite files and settings live: RECEPTION_DATA_DIR, else the platform's app-data folder. */
export function resolveDataDir(env = process.env): string {
  const chosen = env.RECEPTION_DATA_DIR?.trim();
  return chosen ? chosen : envPaths('GP Reception', { suffix: '' }).data;
}
