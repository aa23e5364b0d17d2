import type { SqliteDatabase } from './database.js';
import { ErpEventStore } from './erp-event-store.js';
import { FeedStore } from './feed-store.js';
import { MessageLoader } from './message-loader.js';
import { MessageStore } from './message-store.js';
import { ObjectStore } from './object-store.js';
import { PeopleStore } from './people-store.js';
import { ReadStore } from './read-store.js';

/**
 * The server's storage in SQLite, one part per concept, all on one connection: people, ERP objects,
 * feeds, threads (messages and shares), read markers and ERP events, plus the settings table. Each part
 * prepares its statements once; no SQL is ever built from input.
 */
export class RseStore {
  readonly people: PeopleStore;
  readonly objects: ObjectStore;
  readonly feeds: FeedStore;
  readonly messages: MessageStore;
  readonly reads: ReadStore;
  readonly erpEvents: ErpEventStore;
  private readonly statements;

  constructor(private readonly db: SqliteDatabase) {
    const loader = new MessageLoader(db);
    this.people = new PeopleStore(db);
    this.objects = new ObjectStore(db);
    this.feeds = new FeedStore(db, loader, this.people);
    this.messages = new MessageStore(db, loader, this.people, this.objects, this.feeds);
    this.reads = new ReadStore(db, this.objects);
    this.erpEvents = new ErpEventStore(db, this.people, this.objects, this.feeds, this.messages);
    this.statements = {
      setting: db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE name = ?'),
      insertSetting: db.prepare<[string, string]>('INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING'),
      putSetting: db.prepare<[string, string]>(
        'INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value',
      ),
    };
  }

  /** A stored setting, or `undefined`. */
  setting(name: string): string | undefined {
    return this.statements.setting.get(name)?.value;
  }

  /** Stores a setting unless it exists already; returns the value that is stored now. */
  settingOrInsert(name: string, value: string): string {
    this.statements.insertSetting.run(name, value);
    return this.setting(name) ?? value;
  }

  /** Stores a setting, replacing any previous value. */
  putSetting(name: string, value: string): void {
    this.statements.putSetting.run(name, value);
  }

  /** Runs `work` in one transaction (used to seed atomically). */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }
}
