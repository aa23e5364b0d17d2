import { randomUUID } from 'node:crypto';
import { RseError, clampPageSize, messageTextProblem, objectKey, type ObjectRef, type PostMessageInput } from '@rse/core';
import { decodeCursor, encodeCursor } from '../cursor.js';
import type { SqliteDatabase } from './database.js';
import type { MessageRecord, ObjectRecord, ObjectRegistration, PersonRecord } from './records.js';

/** The longest client id accepted, as in `MemoryNetwork`. */
const MAX_CLIENT_ID_LENGTH = 100;

/** One thread page as the resolvers return it. */
export interface ThreadPageRecord {
  readonly items: readonly MessageRecord[];
  readonly nextCursor: string | null;
}

/** The outcome of a post: the message, and whether this call created it (a retried client id does not). */
export interface PostOutcome {
  readonly message: MessageRecord;
  readonly created: boolean;
}

/** A message written outside the API (seed data, imports): no client id, explicit time. */
export interface ImportedMessage {
  readonly object: ObjectRef;
  readonly authorId: string;
  readonly text: string;
  readonly createdAt: string;
  readonly replyTo?: string | null;
}

interface MessageRow {
  seq: number;
  id: string;
  client_id: string | null;
  text: string;
  created_at: string;
  edited_at: string | null;
  reply_to: string | null;
  object_key: string;
  object_system: string | null;
  object_type: string;
  object_id: string;
  author_id: string;
  author_name: string;
  author_title: string | null;
  author_avatar_url: string | null;
}

interface PersonRow {
  id: string;
  name: string;
  title: string | null;
  avatar_url: string | null;
}

interface ReplyTargetRow {
  id: string;
  object_key: string;
  reply_to: string | null;
}

// Every message read joins its author and object, so one query yields complete records.
const MESSAGE_COLUMNS = `
  m.seq, m.id, m.client_id, m.text, m.created_at, m.edited_at, m.reply_to,
  o.key AS object_key, o.system AS object_system, o.type AS object_type, o.id AS object_id,
  p.id AS author_id, p.name AS author_name, p.title AS author_title, p.avatar_url AS author_avatar_url
FROM messages m
JOIN objects o ON o.key = m.object_key
JOIN people p ON p.id = m.author_id`;

/**
 * The server's storage: people, ERP objects, threads and settings in SQLite, with exactly the rules of
 * `MemoryNetwork` (validation, one level of replies, idempotent client ids, opaque cursors). Every
 * statement is prepared once; no SQL is ever built from input.
 */
export class RseStore {
  private readonly statements;

  constructor(private readonly db: SqliteDatabase) {
    this.statements = {
      person: db.prepare<[string], PersonRow>('SELECT id, name, title, avatar_url FROM people WHERE id = ?'),
      people: db.prepare<[], PersonRow>('SELECT id, name, title, avatar_url FROM people ORDER BY name, id'),
      countPeople: db.prepare<[], { count: number }>('SELECT count(*) AS count FROM people'),
      upsertPerson: db.prepare<[string, string, string | null, string | null]>(
        `INSERT INTO people (id, name, title, avatar_url) VALUES (?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, title = excluded.title, avatar_url = excluded.avatar_url`,
      ),
      objectExists: db.prepare<[string], { key: string }>('SELECT key FROM objects WHERE key = ?'),
      upsertObject: db.prepare<[string, string | null, string, string, string | null, string | null]>(
        `INSERT INTO objects (key, system, type, id, title, url) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET title = excluded.title, url = excluded.url`,
      ),
      topLevelBefore: db.prepare<[string, number, number], MessageRow>(
        `SELECT ${MESSAGE_COLUMNS}
         WHERE m.object_key = ? AND m.reply_to IS NULL AND m.seq < ?
         ORDER BY m.seq DESC LIMIT ?`,
      ),
      // One query for the replies of a whole page (no N+1): the parent ids travel as one JSON array.
      repliesOf: db.prepare<[string], MessageRow>(
        `SELECT ${MESSAGE_COLUMNS}
         WHERE m.reply_to IN (SELECT value FROM json_each(?))
         ORDER BY m.seq`,
      ),
      messageBySeq: db.prepare<[number], MessageRow>(`SELECT ${MESSAGE_COLUMNS} WHERE m.seq = ?`),
      messageByClientId: db.prepare<[string, string], MessageRow>(
        `SELECT ${MESSAGE_COLUMNS} WHERE m.author_id = ? AND m.client_id = ?`,
      ),
      messagesAfter: db.prepare<[string, number], MessageRow>(
        `SELECT ${MESSAGE_COLUMNS} WHERE m.object_key = ? AND m.seq > ? ORDER BY m.seq`,
      ),
      latestSeq: db.prepare<[string], { seq: number }>(
        'SELECT coalesce(max(seq), 0) AS seq FROM messages WHERE object_key = ?',
      ),
      countMessagesAfter: db.prepare<[string, number, number], { count: number }>(
        'SELECT count(*) AS count FROM (SELECT 1 FROM messages WHERE object_key = ? AND seq > ? LIMIT ?)',
      ),
      replyTarget: db.prepare<[string], ReplyTargetRow>('SELECT id, object_key, reply_to FROM messages WHERE id = ?'),
      insertMessage: db.prepare<[string, string | null, string, string, string, string, string | null]>(
        `INSERT INTO messages (id, client_id, author_id, object_key, text, created_at, reply_to)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ),
      setting: db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE name = ?'),
      insertSetting: db.prepare<[string, string]>('INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING'),
    };
  }

  /** The person with this id, or `undefined`. */
  person(personId: string): PersonRecord | undefined {
    const row = this.statements.person.get(personId);
    return row && toPerson(row);
  }

  /** Everyone, by name. */
  people(): PersonRecord[] {
    return this.statements.people.all().map(toPerson);
  }

  /** How many people are stored (the dev seed runs only on an empty network). */
  countPeople(): number {
    return this.statements.countPeople.get()?.count ?? 0;
  }

  /** Adds a person or updates their name, title and picture. */
  registerPerson(person: { id: string; name: string; title?: string | null; avatarUrl?: string | null }): void {
    if (person.id === '' || person.name === '') throw new TypeError('A person needs a non-empty id and name.');
    this.statements.upsertPerson.run(person.id, person.name, person.title ?? null, person.avatarUrl ?? null);
  }

  /** Makes an ERP object known (or updates its title and link). */
  registerObject(object: ObjectRegistration): void {
    if (object.type === '' || object.id === '') throw new TypeError('An object needs a non-empty type and id.');
    this.statements.upsertObject.run(
      objectKey(object),
      object.system ?? null,
      object.type,
      object.id,
      object.title ?? null,
      object.url ?? null,
    );
  }

  /** The key of a known object; `NOT_FOUND` otherwise (unknown and invisible answer alike). */
  requireObject(object: ObjectRef): string {
    const key = objectKey(object);
    if (!this.statements.objectExists.get(key)) throw new RseError('NOT_FOUND', 'No such object.');
    return key;
  }

  /** One page of a thread: newest page without `before`, older pages by cursor. */
  threadPage(object: ObjectRef, query: { before?: string | null; limit?: number | null }): ThreadPageRecord {
    const key = this.requireObject(object);
    const before = query.before == null ? Number.MAX_SAFE_INTEGER : decodeCursor(query.before);
    const limit = clampPageSize(query.limit);
    // One extra row tells whether an older page exists without a count query.
    const rows = this.statements.topLevelBefore.all(key, before, limit + 1);
    const hasOlder = rows.length > limit;
    const page = rows.slice(0, limit).reverse();
    const repliesByParent = this.repliesOf(page.map((row) => row.id));
    const first = page[0];
    return {
      items: page.map((row) => toMessage(row, repliesByParent.get(row.id) ?? [])),
      nextCursor: hasOlder && first ? encodeCursor(first.seq) : null,
    };
  }

  /**
   * Posts as `authorId`, with the validation order of `MemoryNetwork.post`. A client id already used by
   * this author returns the message it created, with `created: false`.
   */
  post(authorId: string, input: PostMessageInput): PostOutcome {
    // IMMEDIATE takes the write lock before the client-id check, so two processes sharing the file
    // cannot both insert the same retried post.
    return this.db.transaction((): PostOutcome => {
      if (!this.person(authorId)) throw new RseError('UNAUTHENTICATED', 'Unknown person.');
      const key = this.requireObject(input.object);
      const problem = messageTextProblem(input.text);
      if (problem) throw new RseError('INVALID_INPUT', problem);
      const clientId: unknown = input.clientId;
      if (typeof clientId !== 'string' || clientId === '' || clientId.length > MAX_CLIENT_ID_LENGTH) {
        throw new RseError('INVALID_INPUT', `A client id of 1 to ${String(MAX_CLIENT_ID_LENGTH)} characters is required.`);
      }
      const existing = this.statements.messageByClientId.get(authorId, clientId);
      if (existing) return { message: this.withReplies(existing), created: false };
      const replyTo = input.replyTo == null ? null : this.replyParent(input.replyTo, key);
      const seq = this.insert(key, authorId, input.text, clientId, replyTo, new Date().toISOString());
      return { message: this.bySeq(seq), created: true };
    }).immediate();
  }

  /** Stores a message written outside the API (seed data); it has no client id and emits no event. */
  importMessage(message: ImportedMessage): MessageRecord {
    const key = this.requireObject(message.object);
    const replyTo = message.replyTo == null ? null : this.replyParent(message.replyTo, key);
    return this.bySeq(this.insert(key, message.authorId, message.text, null, replyTo, message.createdAt));
  }

  /** Messages (top-level and replies) of a thread stored after position `seq`, oldest first, without replies. */
  messagesAfter(key: string, seq: number): MessageRecord[] {
    return this.statements.messagesAfter.all(key, seq).map((row) => toMessage(row, []));
  }

  /** The storage position of a thread's latest message (top-level or reply), `0` for an empty thread. */
  latestSeq(key: string): number {
    return this.statements.latestSeq.get(key)?.seq ?? 0;
  }

  /** How many messages of a thread were stored after position `seq`, counting at most to `limit`. */
  countMessagesAfter(key: string, seq: number, limit: number): number {
    return this.statements.countMessagesAfter.get(key, seq, limit)?.count ?? 0;
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

  /** Runs `work` in one transaction (used to seed atomically). */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }

  private replyParent(replyTo: string, key: string): string {
    const parent = this.statements.replyTarget.get(replyTo);
    if (parent?.object_key !== key) throw new RseError('NOT_FOUND', 'The message to reply to does not exist.');
    // One level of replies: answering a reply joins its parent's replies.
    return parent.reply_to ?? parent.id;
  }

  private insert(
    key: string,
    authorId: string,
    text: string,
    clientId: string | null,
    replyTo: string | null,
    createdAt: string,
  ): number {
    const result = this.statements.insertMessage.run(randomUUID(), clientId, authorId, key, text, createdAt, replyTo);
    return Number(result.lastInsertRowid);
  }

  private bySeq(seq: number): MessageRecord {
    const row = this.statements.messageBySeq.get(seq);
    if (!row) throw new Error(`Message ${String(seq)} vanished after insert.`);
    return this.withReplies(row);
  }

  private withReplies(row: MessageRow): MessageRecord {
    return toMessage(row, row.reply_to === null ? (this.repliesOf([row.id]).get(row.id) ?? []) : []);
  }

  private repliesOf(parentIds: readonly string[]): Map<string, MessageRecord[]> {
    const byParent = new Map<string, MessageRecord[]>();
    if (parentIds.length === 0) return byParent;
    for (const row of this.statements.repliesOf.all(JSON.stringify(parentIds))) {
      const parentId = row.reply_to;
      if (parentId === null) continue;
      let replies = byParent.get(parentId);
      if (!replies) byParent.set(parentId, (replies = []));
      replies.push(toMessage(row, []));
    }
    return byParent;
  }
}

function toPerson(row: PersonRow): PersonRecord {
  return { id: row.id, name: row.name, title: row.title, avatarUrl: row.avatar_url };
}

function toMessage(row: MessageRow, replies: readonly MessageRecord[]): MessageRecord {
  const object: ObjectRecord = { system: row.object_system, type: row.object_type, id: row.object_id, key: row.object_key };
  const author: PersonRecord = {
    id: row.author_id,
    name: row.author_name,
    title: row.author_title,
    avatarUrl: row.author_avatar_url,
  };
  return {
    seq: row.seq,
    id: row.id,
    clientId: row.client_id,
    object,
    author,
    text: row.text,
    createdAt: row.created_at,
    editedAt: row.edited_at,
    replyTo: row.reply_to,
    replies,
  };
}
