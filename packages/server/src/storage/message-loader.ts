import type { AlertSeverity, MessageKind, ShareIntent } from '@rse/core';
import type { SqliteDatabase } from './database.js';
import type { FeedRecord, MessageRecord, PersonRecord, ShareRecord } from './records.js';

/** A message row joined with its author and object, as every message query selects it. */
export interface MessageRow {
  seq: number;
  id: string;
  client_id: string | null;
  text: string;
  created_at: string;
  edited_at: string | null;
  reply_to: string | null;
  kind: MessageKind;
  share_intent: ShareIntent | null;
  share_severity: AlertSeverity | null;
  object_key: string;
  object_system: string | null;
  object_type: string;
  object_id: string;
  author_id: string;
  author_name: string;
  author_title: string | null;
  author_avatar_url: string | null;
}

/**
 * The select list and joins every message query starts with (`SELECT ${MESSAGE_COLUMNS} WHERE …`), so one
 * query yields complete rows. `m` is the message, `o` its object, `p` its author.
 */
export const MESSAGE_COLUMNS = `
  m.seq, m.id, m.client_id, m.text, m.created_at, m.edited_at, m.reply_to,
  m.kind, m.share_intent, m.share_severity,
  o.key AS object_key, o.system AS object_system, o.type AS object_type, o.id AS object_id,
  p.id AS author_id, p.name AS author_name, p.title AS author_title, p.avatar_url AS author_avatar_url
FROM messages m
JOIN objects o ON o.key = m.object_key
JOIN people p ON p.id = m.author_id`;

interface AudienceFeedRow {
  message_seq: number;
  id: string;
  name: string;
  description: string | null;
}

interface AudiencePersonRow {
  message_seq: number;
  id: string;
  name: string;
  title: string | null;
  avatar_url: string | null;
}

/**
 * Turns message rows into complete records: replies of top-level messages and the audience of shares
 * are fetched for a whole list at once (three queries at most, whatever the list's length), never per
 * message.
 */
export class MessageLoader {
  private readonly statements;

  constructor(db: SqliteDatabase) {
    this.statements = {
      // The ids and positions travel as one JSON array each.
      repliesOf: db.prepare<[string], MessageRow>(
        `SELECT ${MESSAGE_COLUMNS} WHERE m.reply_to IN (SELECT value FROM json_each(?)) ORDER BY m.seq`,
      ),
      feedsOf: db.prepare<[string], AudienceFeedRow>(
        `SELECT mf.message_seq, f.id, f.name, f.description
         FROM message_feeds mf JOIN feeds f ON f.id = mf.feed_id
         WHERE mf.message_seq IN (SELECT value FROM json_each(?))
         ORDER BY mf.message_seq, mf.position`,
      ),
      peopleOf: db.prepare<[string], AudiencePersonRow>(
        `SELECT mp.message_seq, p.id, p.name, p.title, p.avatar_url
         FROM message_people mp JOIN people p ON p.id = mp.person_id
         WHERE mp.message_seq IN (SELECT value FROM json_each(?))
         ORDER BY mp.message_seq, mp.position`,
      ),
    };
  }

  /**
   * Complete records for `rows`, in the same order. With `withReplies`, top-level messages carry their
   * replies (oldest first); otherwise `replies` is empty, as on live events.
   */
  load(rows: readonly MessageRow[], withReplies: boolean): MessageRecord[] {
    const parentIds = withReplies ? rows.filter((row) => row.reply_to === null).map((row) => row.id) : [];
    const replyRows = parentIds.length === 0 ? [] : this.statements.repliesOf.all(JSON.stringify(parentIds));
    const shares = this.sharesOf([...rows, ...replyRows]);
    const repliesByParent = new Map<string, MessageRecord[]>();
    for (const row of replyRows) {
      if (row.reply_to === null) continue;
      let replies = repliesByParent.get(row.reply_to);
      if (!replies) repliesByParent.set(row.reply_to, (replies = []));
      replies.push(toMessage(row, shares.get(row.seq) ?? null, []));
    }
    return rows.map((row) => toMessage(row, shares.get(row.seq) ?? null, repliesByParent.get(row.id) ?? []));
  }

  /** One complete record. */
  loadOne(row: MessageRow): MessageRecord {
    const [record] = this.load([row], true);
    if (!record) throw new Error('A loaded message vanished.');
    return record;
  }

  private sharesOf(rows: readonly MessageRow[]): Map<number, ShareRecord> {
    const shares = new Map<number, { intent: ShareIntent; severity: AlertSeverity | null; feeds: FeedRecord[]; people: PersonRecord[] }>();
    for (const row of rows) {
      if (row.share_intent !== null) shares.set(row.seq, { intent: row.share_intent, severity: row.share_severity, feeds: [], people: [] });
    }
    if (shares.size === 0) return shares;
    const seqs = JSON.stringify([...shares.keys()]);
    for (const row of this.statements.feedsOf.all(seqs)) {
      shares.get(row.message_seq)?.feeds.push({ id: row.id, name: row.name, description: row.description });
    }
    for (const row of this.statements.peopleOf.all(seqs)) {
      shares.get(row.message_seq)?.people.push({ id: row.id, name: row.name, title: row.title, avatarUrl: row.avatar_url });
    }
    return shares;
  }
}

function toMessage(row: MessageRow, share: ShareRecord | null, replies: readonly MessageRecord[]): MessageRecord {
  return {
    seq: row.seq,
    id: row.id,
    clientId: row.client_id,
    object: { system: row.object_system, type: row.object_type, id: row.object_id, key: row.object_key },
    author: { id: row.author_id, name: row.author_name, title: row.author_title, avatarUrl: row.author_avatar_url },
    text: row.text,
    createdAt: row.created_at,
    editedAt: row.edited_at,
    replyTo: row.reply_to,
    kind: row.kind,
    share,
    replies,
  };
}
