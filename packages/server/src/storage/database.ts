import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';

/** The schema version this code writes; stored in `PRAGMA user_version` so later releases can migrate. */
const SCHEMA_VERSION = 1;

// STRICT tables refuse values of the wrong type instead of silently storing them, and AUTOINCREMENT
// keeps `seq` growing forever: cursors and stream positions are `seq` values, so one must never be
// reused after a delete.
const SCHEMA = `
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

/** A better-sqlite3 connection. */
export type SqliteDatabase = Database.Database;

/**
 * Opens (creating file and parent folder when missing) and migrates the server's database.
 * `':memory:'` gives a private in-memory database, handy for tests.
 */
export function openDatabase(path: string): SqliteDatabase {
  const inMemory = path === ':memory:';
  if (!inMemory) mkdirSync(dirname(resolve(path)), { recursive: true });
  const db = new Database(path);
  try {
    // WAL lets readers (an admin's sqlite3 shell, a backup) work while the server writes.
    if (!inMemory) db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

function migrate(db: SqliteDatabase): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > SCHEMA_VERSION) {
    throw new Error(`The database was written by a newer server (schema ${String(version)}); refusing to open it.`);
  }
  db.transaction(() => {
    db.exec(SCHEMA);
    db.pragma(`user_version = ${String(SCHEMA_VERSION)}`);
  }).immediate();
}
