import { hashtagsOf, parseMarkup } from '@rse/core';
import type { SqliteDatabase } from './database.js';

/** The settings row that records which migrations a database has had. */
export const SCHEMA_VERSION_SETTING = 'schema_version';

/** One step from the previous schema version to the next; runs once, inside the migration transaction. */
type Migration = (db: SqliteDatabase) => void;

// STRICT tables refuse values of the wrong type instead of silently storing them, and AUTOINCREMENT
// keeps `seq` growing forever: cursors and stream positions are `seq` values, so one must never be
// reused after a delete.
const VERSION_1 = `
CREATE TABLE IF NOT EXISTS settings (
  name  TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE IF NOT EXISTS people (
  id         TEXT PRIMARY KEY,
  name       TEXT NOT NULL,
  title      TEXT,
  avatar_url TEXT
) STRICT;

CREATE TABLE IF NOT EXISTS objects (
  key    TEXT PRIMARY KEY,
  system TEXT,
  type   TEXT NOT NULL,
  id     TEXT NOT NULL,
  title  TEXT,
  url    TEXT
) STRICT;

CREATE TABLE IF NOT EXISTS messages (
  seq        INTEGER PRIMARY KEY AUTOINCREMENT,
  id         TEXT NOT NULL UNIQUE,
  client_id  TEXT,
  author_id  TEXT NOT NULL REFERENCES people (id),
  object_key TEXT NOT NULL REFERENCES objects (key),
  text       TEXT NOT NULL,
  created_at TEXT NOT NULL,
  edited_at  TEXT,
  reply_to   TEXT REFERENCES messages (id),
  UNIQUE (author_id, client_id)
) STRICT;

CREATE INDEX IF NOT EXISTS messages_thread ON messages (object_key, seq) WHERE reply_to IS NULL;
CREATE INDEX IF NOT EXISTS messages_stream ON messages (object_key, seq);
CREATE INDEX IF NOT EXISTS messages_replies ON messages (reply_to, seq) WHERE reply_to IS NOT NULL;
`;

// Shares, feeds, ERP events, object cards and read markers. Addressing and hashtags live in their own
// tables, written with the message, so feed filters are index look-ups rather than scans of the text.
const VERSION_2 = `
ALTER TABLE people ADD COLUMN is_system INTEGER NOT NULL DEFAULT 0 CHECK (is_system IN (0, 1));
ALTER TABLE objects ADD COLUMN fields TEXT NOT NULL DEFAULT '[]';
ALTER TABLE messages ADD COLUMN kind TEXT NOT NULL DEFAULT 'comment' CHECK (kind IN ('comment', 'share', 'system'));
ALTER TABLE messages ADD COLUMN share_intent TEXT CHECK (share_intent IN ('information', 'request', 'alert'));
ALTER TABLE messages ADD COLUMN share_severity TEXT CHECK (share_severity IN ('info', 'warning', 'critical'));

CREATE INDEX IF NOT EXISTS messages_shares ON messages (seq) WHERE share_intent IS NOT NULL;

CREATE TABLE IF NOT EXISTS feeds (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  description TEXT
) STRICT;

CREATE TABLE IF NOT EXISTS feed_members (
  feed_id   TEXT NOT NULL REFERENCES feeds (id),
  person_id TEXT NOT NULL REFERENCES people (id),
  PRIMARY KEY (feed_id, person_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS feed_members_person ON feed_members (person_id, feed_id);

-- position keeps the audience in the order the author gave it.
CREATE TABLE IF NOT EXISTS message_feeds (
  message_seq INTEGER NOT NULL REFERENCES messages (seq),
  feed_id     TEXT NOT NULL REFERENCES feeds (id),
  position    INTEGER NOT NULL,
  PRIMARY KEY (message_seq, feed_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS message_feeds_feed ON message_feeds (feed_id, message_seq);

CREATE TABLE IF NOT EXISTS message_people (
  message_seq INTEGER NOT NULL REFERENCES messages (seq),
  person_id   TEXT NOT NULL REFERENCES people (id),
  position    INTEGER NOT NULL,
  PRIMARY KEY (message_seq, person_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS message_people_person ON message_people (person_id, message_seq);

-- Tags lower-cased in JavaScript at write time (SQLite's lower() folds ASCII only).
CREATE TABLE IF NOT EXISTS message_hashtags (
  message_seq INTEGER NOT NULL REFERENCES messages (seq),
  tag         TEXT NOT NULL,
  PRIMARY KEY (message_seq, tag)
) STRICT, WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS message_hashtags_tag ON message_hashtags (tag, message_seq);

-- seq: the storage position up to which the person has read the object's thread.
CREATE TABLE IF NOT EXISTS read_markers (
  person_id  TEXT NOT NULL REFERENCES people (id),
  object_key TEXT NOT NULL REFERENCES objects (key),
  seq        INTEGER NOT NULL,
  PRIMARY KEY (person_id, object_key)
) STRICT, WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS read_markers_recent ON read_markers (person_id, seq);

-- One row per accepted ERP event: what makes a replayed delivery a duplicate.
CREATE TABLE IF NOT EXISTS erp_events (
  id          TEXT PRIMARY KEY,
  message_id  TEXT NOT NULL REFERENCES messages (id),
  received_at TEXT NOT NULL
) STRICT;
`;

/** The migrations in order: `MIGRATIONS[n]` takes a database from version `n` to `n + 1`. */
const MIGRATIONS: readonly Migration[] = [
  (db) => {
    db.exec(VERSION_1);
  },
  (db) => {
    db.exec(VERSION_2);
    backfillHashtags(db);
  },
];

/** The schema version this code writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Brings a database to {@link SCHEMA_VERSION}, one migration at a time, in one transaction: a failure
 * leaves the file as it was. The version lives in `settings.schema_version` (and, for an admin's sqlite3
 * shell, in `PRAGMA user_version`, where version 1 recorded it before the settings row existed).
 */
export function migrate(db: SqliteDatabase): void {
  db.transaction(() => {
    const version = storedVersion(db);
    if (version > SCHEMA_VERSION) {
      throw new Error(`The database was written by a newer server (schema ${String(version)}); refusing to open it.`);
    }
    for (const migration of MIGRATIONS.slice(version)) migration(db);
    db.prepare('INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value').run(
      SCHEMA_VERSION_SETTING,
      String(SCHEMA_VERSION),
    );
    db.pragma(`user_version = ${String(SCHEMA_VERSION)}`);
  }).immediate();
}

function storedVersion(db: SqliteDatabase): number {
  const hasSettings = db.prepare("SELECT 1 AS found FROM sqlite_master WHERE type = 'table' AND name = 'settings'").get();
  if (hasSettings) {
    const row = db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE name = ?').get(SCHEMA_VERSION_SETTING);
    if (row) {
      const version = Number(row.value);
      if (!Number.isSafeInteger(version) || version < 0) throw new Error(`Unreadable schema version ${JSON.stringify(row.value)}.`);
      return version;
    }
  }
  return db.pragma('user_version', { simple: true }) as number;
}

/** Messages written before version 2 get their hashtags indexed like new ones. */
function backfillHashtags(db: SqliteDatabase): void {
  const insert = db.prepare<[number, string]>('INSERT OR IGNORE INTO message_hashtags (message_seq, tag) VALUES (?, ?)');
  // all() rather than iterate(): better-sqlite3 refuses writes while a read cursor is open.
  for (const row of db.prepare<[], { seq: number; text: string }>('SELECT seq, text FROM messages').all()) {
    for (const tag of hashtagsOf(parseMarkup(row.text))) insert.run(row.seq, tag.toLowerCase());
  }
}
