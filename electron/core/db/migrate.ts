import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3-multiple-ciphers';

/** A numbered, forward-only schema step. Its SQL is checksummed: editing an applied migration fails loudly. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

const checksum = (m: Migration) => createHash('sha256').update(m.sql).digest('hex');

export function migrate(db: Database.Database, migrations: readonly Migration[]): number {
  db.exec(`CREATE TABLE IF NOT EXISTS _migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const applied = new Map(
    (db.prepare('SELECT version, name, checksum FROM _migrations').all() as { version: number; name: string; checksum: string }[]).map(
      (r) => [r.version, r],
    ),
  );
  const ordered = [...migrations].sort((a, b) => a.version - b.version);
  ordered.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`Migrations must be numbered 1..n without gaps; found ${m.version} at position ${i + 1}`);
  });
  const newest = Math.max(0, ...applied.keys());
  if (newest > ordered.length) {
    throw new Error(`This database was written by a newer version of GP Reception (schema ${newest}); this version knows ${ordered.length}.`);
  }
  const insert = db.prepare('INSERT INTO _migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)');
  for (const m of ordered) {
    const done = applied.get(m.version);
    if (done) {
      if (done.checksum !== checksum(m)) throw new Error(`Migration ${m.version} (${m.name}) was changed after it was applied.`);
      continue;
    }
    db.transaction(() => {
      db.exec(m.sql);
      insert.run(m.version, m.name, checksum(m), new Date().toISOString());
    })();
  }
  return ordered.length;
}
