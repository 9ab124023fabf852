import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../../electron/core/db/connection';
import { cacheMigrations } from '../../electron/core/db/migrations/cache.migrations';
import { PatientsRepo } from '../../electron/core/db/repos/patients.repo';
import { seedDemoCache } from '../../electron/core/demo/demo-seed';
import { startSandbox, type Sandbox } from '../../electron/sandbox';
import { TEST_DB_KEY } from '../helpers/db-key';
import { useTempDir } from '../helpers/temp-dir';

/**
 * The demo desk's first start fills its local copy with the demo practice's list (so offline search answers); later
 * starts must neither build nor fetch that list again (it sits on the cold-start path), on a real cache.db.
 */
const temp = useTempDir();
let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, population: 1_000 });
});
afterAll(async () => sandbox.close());

describe('seeding the demo local copy', () => {
  it('seeds the practice list into an empty copy once, and later starts do not ask for it', async () => {
    const db = openDatabase(join(temp(), 'cache.db'), { synchronous: 'NORMAL', migrations: cacheMigrations, key: TEST_DB_KEY });
    const repo = new PatientsRepo(db);
    expect(repo.isEmpty()).toBe(true);
    const list = vi.fn(() => sandbox.population.demoPracticePatients());

    const seeded = await seedDemoCache(repo, list);
    expect(seeded).toBeGreaterThan(0);
    expect(repo.count()).toBe(seeded);
    expect(repo.isEmpty()).toBe(false);

    expect(await seedDemoCache(repo, list)).toBe(0);
    expect(list).toHaveBeenCalledTimes(1); // the second start never built the list
    expect(repo.count()).toBe(seeded);
    db.close();
  });
});
