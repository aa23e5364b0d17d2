/**
 * Databases written by the previous server (schema version 1, such as the demo's `.data/demo.sqlite`)
 * are migrated in place when opened, keeping every message; a database from a newer server is refused.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { createRseApp, startRseServer } from '@rse/server';
import { data, devToken, recordingLogger } from './server-client.js';

/** What version 1 of the server created, verbatim. */
const VERSION_1_SCHEMA = `
CREATE TABLE settings (name TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
CREATE TABLE people (id TEXT PRIMARY KEY, name TEXT NOT NULL, title TEXT, avatar_url TEXT) STRICT;
CREATE TABLE objects (key TEXT PRIMARY KEY, system TEXT, type TEXT NOT NULL, id TEXT NOT NULL, title TEXT, url TEXT) STRICT;
CREATE TABLE messages (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, client_id TEXT,
  author_id TEXT NOT NULL REFERENCES people (id), object_key TEXT NOT NULL REFERENCES objects (key),
  text TEXT NOT NULL, created_at TEXT NOT NULL, edited_at TEXT, reply_to TEXT REFERENCES messages (id),
  UNIQUE (author_id, client_id)
) STRICT;
CREATE INDEX messages_thread ON messages (object_key, seq) WHERE reply_to IS NULL;
CREATE INDEX messages_stream ON messages (object_key, seq);
CREATE INDEX messages_replies ON messages (reply_to, seq) WHERE reply_to IS NOT NULL;
PRAGMA user_version = 1;
`;

const ORDER_4711 = { system: 'ERP', type: 'SalesOrder', id: '4711' };
const THREAD = 'query($object: ObjectInput!) { thread(object: $object) { items { id text kind share { intent } replies { text kind } } } }';
const FEED = 'query($feedId: ID, $hashtag: String) { feed(feedId: $feedId, hashtag: $hashtag) { items { kind text share { intent } } } }';

/** A version 1 demo database: its people, order 4711 and a short conversation with a hashtag. */
function writeVersion1(file: string): void {
  const db = new Database(file);
  db.exec(VERSION_1_SCHEMA);
  db.prepare("INSERT INTO settings VALUES ('dev_jwt_secret', 'c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA')").run();
  for (const [id, name] of [['camille', 'Camille Laurent'], ['jonas', 'Jonas Weber'], ['amira', 'Amira Haddad'], ['lucas', 'Lucas Martin']]) {
    db.prepare('INSERT INTO people (id, name) VALUES (?, ?)').run(id, name);
  }
  db.prepare("INSERT INTO objects VALUES ('ERP:SalesOrder:4711', 'ERP', 'SalesOrder', '4711', 'Sales order 4711', NULL)").run();
  const insert = db.prepare("INSERT INTO messages (id, client_id, author_id, object_key, text, created_at, reply_to) VALUES (?, ?, ?, 'ERP:SalesOrder:4711', ?, '2025-01-01T10:00:00.000Z', ?)");
  insert.run('m1', 'c1', 'camille', 'Written before the upgrade #Legacy', null);
  insert.run('m2', 'c2', 'jonas', 'A reply from back then', 'm1');
  db.close();
}

describe('migrating a version 1 database', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'rse-migration-'));
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  test('keeps every message, adds feeds and shares, and records the schema version', async () => {
    const file = join(dir, 'demo.sqlite');
    writeVersion1(file);
    for (let start = 0; start < 2; start++) {
      const server = await startRseServer({ db: file, dev: true, port: 0, logger: recordingLogger() });
      try {
        const token = await devToken(server, 'camille');
        const { thread } = await data<{ thread: { items: { id: string; text: string; kind: string; share: unknown; replies: { text: string; kind: string }[] }[] } }>(
          server,
          THREAD,
          { object: ORDER_4711 },
          token,
        );
        const old = thread.items.find((m) => m.id === 'm1');
        assert.deepEqual(
          old && [old.text, old.kind, old.share, old.replies],
          ['Written before the upgrade #Legacy', 'COMMENT', null, [{ text: 'A reply from back then', kind: 'COMMENT' }]],
          `start ${String(start + 1)}`,
        );
        // The dev seed's new part (shares) reached the old database, once.
        const { feed } = await data<{ feed: { items: { kind: string; share: { intent: string } }[] } }>(server, FEED, { feedId: 'sales-floor' }, token);
        assert.deepEqual(feed.items.map((m) => m.share.intent).sort(), ['INFORMATION', 'REQUEST'], `start ${String(start + 1)}`);
      } finally {
        await server.close();
      }
    }
    const db = new Database(file, { readonly: true });
    try {
      assert.equal(db.prepare<[], { value: string }>("SELECT value FROM settings WHERE name = 'schema_version'").get()?.value, '2');
      assert.equal(db.pragma('user_version', { simple: true }), 2);
      // Hashtags of messages written before the upgrade were indexed too.
      assert.deepEqual(db.prepare("SELECT tag FROM message_hashtags mh JOIN messages m ON m.seq = mh.message_seq WHERE m.id = 'm1'").all(), [{ tag: 'legacy' }]);
    } finally {
      db.close();
    }
  });

  test('a database written by a newer server is refused, untouched', async () => {
    const file = join(dir, 'newer.sqlite');
    const app = await createRseApp({ db: file, openAccess: true, logger: recordingLogger() });
    await app.close();
    const db = new Database(file);
    db.prepare("UPDATE settings SET value = '99' WHERE name = 'schema_version'").run();
    db.close();
    await assert.rejects(createRseApp({ db: file, openAccess: true, logger: recordingLogger() }), /newer server \(schema 99\)/);
  });
});
