import type { Migration } from '../migrate';

/**
 * outbox.db: every change bound for a national service, written (synchronous=FULL) before the desk says "saved",
 * with the X-Request-ID it will be sent with, so a replay after a crash or an outage applies it exactly once.
 * Not rebuildable, kept apart from the cache so a cache rebuild can never take queued work with it.
 */
export const outboxMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'outbox',
    sql: `
      CREATE TABLE outbox (
        seq          INTEGER PRIMARY KEY AUTOINCREMENT,
        request_id   TEXT NOT NULL UNIQUE,
        kind         TEXT NOT NULL,
        -- JSON, checked with zod whenever it is read back
        payload      TEXT NOT NULL,
        -- an earlier entry this one needs (a move cancels the old booking only once the new one is made)
        depends_on   TEXT REFERENCES outbox (request_id),
        state        TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'conflict', 'failed', 'withdrawn')),
        attempts     INTEGER NOT NULL DEFAULT 0,
        last_error   TEXT,
        result       TEXT,
        created_at   TEXT NOT NULL,
        settled_at   TEXT,
        user_id      TEXT NOT NULL,
        -- conflicts and failures wait here for a person; resolved_at says one has dealt with it
        resolved_at  TEXT,
        resolution   TEXT
      );
      CREATE INDEX outbox_pending ON outbox (state, seq);
    `,
  },
];
