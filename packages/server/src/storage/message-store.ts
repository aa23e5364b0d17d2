import { randomUUID } from 'node:crypto';
import {
  RseError,
  clampPageSize,
  hashtagsOf,
  messageTextProblem,
  parseMarkup,
  type AlertSeverity,
  type MessageKind,
  type ObjectRef,
  type PostMessageInput,
  type ShareInput,
  type ShareIntent,
} from '@rse/core';
import { decodeCursor, encodeCursor } from '../cursor.js';
import type { SqliteDatabase } from './database.js';
import { hashtagKey, type FeedStore } from './feed-store.js';
import { MESSAGE_COLUMNS, type MessageLoader, type MessageRow } from './message-loader.js';
import { hasUnstorableCharacter } from './message-rules.js';
import type { ObjectStore } from './object-store.js';
import type { PeopleStore } from './people-store.js';
import type { MessageRecord, MessagePageRecord } from './records.js';

/** The longest client id accepted, as in `MemoryNetwork`. */
const MAX_CLIENT_ID_LENGTH = 100;
/** The most feeds, and the most people, one share may address. */
export const MAX_SHARE_AUDIENCE = 100;

const INTENTS: ReadonlySet<string> = new Set<ShareIntent>(['information', 'request', 'alert']);
const SEVERITIES: ReadonlySet<string> = new Set<AlertSeverity>(['info', 'warning', 'critical']);

/** The outcome of a write: the message, and whether this call created it (a retried client id does not). */
export interface WriteOutcome {
  readonly message: MessageRecord;
  readonly created: boolean;
}

/** Intent and audience of a message that goes to feeds or people. */
export interface NewShare {
  readonly intent: ShareIntent;
  readonly severity?: AlertSeverity | null;
  readonly feedIds?: readonly string[];
  readonly personIds?: readonly string[];
}

/** A message written outside the API (seed data, imports, ERP events): no client id, explicit time. */
export interface ImportedMessage {
  readonly object: ObjectRef;
  readonly authorId: string;
  readonly text: string;
  readonly createdAt: string;
  readonly replyTo?: string | null;
  /** `comment` unless `share` is given (then `share`). */
  readonly kind?: MessageKind;
  readonly share?: NewShare | null;
}

interface NewMessage {
  readonly key: string;
  readonly authorId: string;
  readonly text: string;
  readonly clientId: string | null;
  readonly replyTo: string | null;
  readonly createdAt: string;
  readonly kind: MessageKind;
  readonly share: NewShare | null;
}

interface ReplyTargetRow {
  id: string;
  object_key: string;
  reply_to: string | null;
}

/**
 * Threads: reading pages, posting, sharing, importing, and what live streams replay. The rules are
 * `MemoryNetwork`'s (validation order, one level of replies, idempotent client ids, opaque cursors).
 * Every statement is prepared once; no SQL is ever built from input.
 */
export class MessageStore {
  private readonly statements;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly loader: MessageLoader,
    private readonly people: PeopleStore,
    private readonly objects: ObjectStore,
    private readonly feeds: FeedStore,
  ) {
    this.statements = {
      topLevelBefore: db.prepare<[string, number, number], MessageRow>(
        `SELECT ${MESSAGE_COLUMNS}
         WHERE m.object_key = ? AND m.reply_to IS NULL AND m.seq < ?
         ORDER BY m.seq DESC LIMIT ?`,
      ),
      bySeq: db.prepare<[number], MessageRow>(`SELECT ${MESSAGE_COLUMNS} WHERE m.seq = ?`),
      byId: db.prepare<[string], MessageRow>(`SELECT ${MESSAGE_COLUMNS} WHERE m.id = ?`),
      byClientId: db.prepare<[string, string], MessageRow>(`SELECT ${MESSAGE_COLUMNS} WHERE m.author_id = ? AND m.client_id = ?`),
      threadAfter: db.prepare<[string, number], MessageRow>(`SELECT ${MESSAGE_COLUMNS} WHERE m.object_key = ? AND m.seq > ? ORDER BY m.seq`),
      allAfter: db.prepare<[number, number], MessageRow>(`SELECT ${MESSAGE_COLUMNS} WHERE m.seq > ? ORDER BY m.seq LIMIT ?`),
      latestInThread: db.prepare<[string], { seq: number }>('SELECT coalesce(max(seq), 0) AS seq FROM messages WHERE object_key = ?'),
      latest: db.prepare<[], { seq: number }>('SELECT coalesce(max(seq), 0) AS seq FROM messages'),
      countThreadAfter: db.prepare<[string, number, number], { count: number }>(
        'SELECT count(*) AS count FROM (SELECT 1 FROM messages WHERE object_key = ? AND seq > ? LIMIT ?)',
      ),
      countAllAfter: db.prepare<[number, number], { count: number }>(
        'SELECT count(*) AS count FROM (SELECT 1 FROM messages WHERE seq > ? LIMIT ?)',
      ),
      replyTarget: db.prepare<[string], ReplyTargetRow>('SELECT id, object_key, reply_to FROM messages WHERE id = ?'),
      insert: db.prepare<[string, string | null, string, string, string, string, string | null, MessageKind, ShareIntent | null, AlertSeverity | null]>(
        `INSERT INTO messages (id, client_id, author_id, object_key, text, created_at, reply_to, kind, share_intent, share_severity)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      insertFeed: db.prepare<[number, string, number]>('INSERT INTO message_feeds (message_seq, feed_id, position) VALUES (?, ?, ?)'),
      insertPerson: db.prepare<[number, string, number]>('INSERT INTO message_people (message_seq, person_id, position) VALUES (?, ?, ?)'),
      insertHashtag: db.prepare<[number, string]>('INSERT OR IGNORE INTO message_hashtags (message_seq, tag) VALUES (?, ?)'),
    };
  }

  /** One page of a thread: newest page without `before`, older pages by cursor; oldest first within. */
  threadPage(object: ObjectRef, query: { before?: string | null; limit?: number | null }): MessagePageRecord {
    const key = this.objects.require(object);
    const before = query.before == null ? Number.MAX_SAFE_INTEGER : decodeCursor(query.before);
    const limit = clampPageSize(query.limit);
    // One extra row tells whether an older page exists without a count query.
    const rows = this.statements.topLevelBefore.all(key, before, limit + 1);
    const page = rows.slice(0, limit).reverse();
    const first = page[0];
    return {
      items: this.loader.load(page, true),
      nextCursor: rows.length > limit && first ? encodeCursor(first.seq) : null,
    };
  }

  /** Posts a comment or a reply as `authorId`. A client id already used by this author returns its message. */
  post(authorId: string, input: PostMessageInput): WriteOutcome {
    // IMMEDIATE takes the write lock before the client-id check, so two processes sharing the file
    // cannot both insert the same retried post.
    return this.db.transaction((): WriteOutcome => {
      const { key, existing } = this.checkWrite(authorId, input);
      if (existing) return { message: existing, created: false };
      const replyTo = input.replyTo == null ? null : this.replyParent(input.replyTo, key);
      const message = this.insert({ key, authorId, text: input.text, clientId: input.clientId, replyTo, createdAt: now(), kind: 'comment', share: null });
      return { message, created: true };
    }).immediate();
  }

  /**
   * Shares a message about an object with feeds and people, as `authorId`. Validation follows
   * `MemoryNetwork.share`; every check runs before anything is written.
   */
  share(authorId: string, input: ShareInput): WriteOutcome {
    return this.db.transaction((): WriteOutcome => {
      const { key, existing } = this.checkWrite(authorId, input);
      if (existing) return { message: existing, created: false };
      if (!INTENTS.has(input.intent)) throw new RseError('INVALID_INPUT', 'Unknown share intent.');
      const severity = input.intent === 'alert' ? (input.severity ?? null) : null;
      if (input.intent === 'alert' && (severity === null || !SEVERITIES.has(severity))) {
        throw new RseError('INVALID_INPUT', 'An alert needs a severity: info, warning or critical.');
      }
      const feedIds = [...new Set(input.feedIds)];
      const personIds = [...new Set(input.personIds)];
      if (feedIds.length === 0 && personIds.length === 0) throw new RseError('INVALID_INPUT', 'A share needs at least one feed or person.');
      if (feedIds.length > MAX_SHARE_AUDIENCE || personIds.length > MAX_SHARE_AUDIENCE) {
        throw new RseError('INVALID_INPUT', `A share may address at most ${String(MAX_SHARE_AUDIENCE)} feeds and ${String(MAX_SHARE_AUDIENCE)} people.`);
      }
      for (const feedId of feedIds) {
        // An unknown feed and a foreign one answer alike, so feed ids cannot be probed.
        if (!this.feeds.isMember(feedId, authorId)) throw new RseError('FORBIDDEN', 'You may only share to feeds you are a member of.');
      }
      for (const personId of personIds) {
        if (!this.people.person(personId)) throw new RseError('INVALID_INPUT', `Unknown person ${JSON.stringify(personId)}.`);
      }
      const share = { intent: input.intent, severity, feedIds, personIds };
      const message = this.insert({ key, authorId, text: input.text, clientId: input.clientId, replyTo: null, createdAt: now(), kind: 'share', share });
      return { message, created: true };
    }).immediate();
  }

  /** Stores a message written outside the API (seed data, ERP events); it has no client id. */
  importMessage(message: ImportedMessage): MessageRecord {
    const key = this.objects.require(message.object);
    const problem = messageTextProblem(message.text);
    if (problem) throw new RseError('INVALID_INPUT', problem);
    const replyTo = message.replyTo == null ? null : this.replyParent(message.replyTo, key);
    const share = message.share ?? null;
    const kind = message.kind ?? (share ? 'share' : 'comment');
    return this.insert({ key, authorId: message.authorId, text: message.text, clientId: null, replyTo, createdAt: message.createdAt, kind, share });
  }

  /** The message with this id, with its replies, or `undefined`. */
  byId(id: string): MessageRecord | undefined {
    const row = this.statements.byId.get(id);
    return row && this.loader.loadOne(row);
  }

  /** Messages (top-level and replies) of a thread stored after position `seq`, oldest first, without replies. */
  threadAfter(key: string, seq: number): MessageRecord[] {
    return this.loader.load(this.statements.threadAfter.all(key, seq), false);
  }

  /** Up to `limit` messages of any thread stored after position `seq`, oldest first, without replies. */
  allAfter(seq: number, limit: number): MessageRecord[] {
    return this.loader.load(this.statements.allAfter.all(seq, limit), false);
  }

  /** The storage position of a thread's latest message (top-level or reply), `0` for an empty thread. */
  latestInThread(key: string): number {
    return this.statements.latestInThread.get(key)?.seq ?? 0;
  }

  /** The storage position of the latest message of any thread, `0` when there is none. */
  latest(): number {
    return this.statements.latest.get()?.seq ?? 0;
  }

  /** How many messages of a thread were stored after position `seq`, counting at most to `limit`. */
  countThreadAfter(key: string, seq: number, limit: number): number {
    return this.statements.countThreadAfter.get(key, seq, limit)?.count ?? 0;
  }

  /** How many messages of any thread were stored after position `seq`, counting at most to `limit`. */
  countAllAfter(seq: number, limit: number): number {
    return this.statements.countAllAfter.get(seq, limit)?.count ?? 0;
  }

  /** The checks posts and shares share, in `MemoryNetwork`'s order, and the message a retried client id made. */
  private checkWrite(authorId: string, input: PostMessageInput | ShareInput): { key: string; existing: MessageRecord | undefined } {
    if (!this.people.person(authorId)) throw new RseError('UNAUTHENTICATED', 'Unknown person.');
    const key = this.objects.require(input.object);
    const problem = messageTextProblem(input.text);
    if (problem) throw new RseError('INVALID_INPUT', problem);
    const clientId: unknown = input.clientId;
    if (typeof clientId !== 'string' || clientId === '' || clientId.length > MAX_CLIENT_ID_LENGTH) {
      throw new RseError('INVALID_INPUT', `A client id of 1 to ${String(MAX_CLIENT_ID_LENGTH)} characters is required.`);
    }
    // Echoed back on every read and matched on retries: it must come back exactly as sent.
    if (hasUnstorableCharacter(clientId)) throw new RseError('INVALID_INPUT', 'The client id contains a NUL character or a lone surrogate.');
    const row = this.statements.byClientId.get(authorId, clientId);
    return { key, existing: row && this.loader.loadOne(row) };
  }

  private replyParent(replyTo: string, key: string): string {
    const parent = this.statements.replyTarget.get(replyTo);
    if (parent?.object_key !== key) throw new RseError('NOT_FOUND', 'The message to reply to does not exist.');
    // One level of replies: answering a reply joins its parent's replies.
    return parent.reply_to ?? parent.id;
  }

  /** Writes a message with its audience and hashtags; the caller holds the transaction when it needs one. */
  private insert(message: NewMessage): MessageRecord {
    const { share } = message;
    const result = this.statements.insert.run(
      randomUUID(),
      message.clientId,
      message.authorId,
      message.key,
      message.text,
      message.createdAt,
      message.replyTo,
      message.kind,
      share?.intent ?? null,
      share?.intent === 'alert' ? (share.severity ?? null) : null,
    );
    const seq = Number(result.lastInsertRowid);
    if (share) {
      [...new Set(share.feedIds)].forEach((feedId, position) => this.statements.insertFeed.run(seq, feedId, position));
      [...new Set(share.personIds)].forEach((personId, position) => this.statements.insertPerson.run(seq, personId, position));
    }
    for (const tag of hashtagsOf(parseMarkup(message.text))) this.statements.insertHashtag.run(seq, hashtagKey(tag));
    const row = this.statements.bySeq.get(seq);
    if (!row) throw new Error(`Message ${String(seq)} vanished after insert.`);
    return this.loader.loadOne(row);
  }
}

function now(): string {
  return new Date().toISOString();
}
