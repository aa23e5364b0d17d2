import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { migrate } from './migrations.js';

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
    // SQLite's lower() folds ASCII only; people search must match "élodie" against "Élodie" too.
    db.function('rse_fold', { deterministic: true }, (text: unknown) => (typeof text === 'string' ? text.toLowerCase() : null));
    migrate(db);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}
