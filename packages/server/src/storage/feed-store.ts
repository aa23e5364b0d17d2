import { RseError, clampPageSize, type FeedQuery, type ShareIntent } from '@rse/core';
import { decodeCursor, encodeCursor } from '../cursor.js';
import type { SqliteDatabase } from './database.js';
import { MESSAGE_COLUMNS, type MessageLoader, type MessageRow } from './message-loader.js';
import type { PeopleStore } from './people-store.js';
import type { FeedRecord, FeedRegistration, MessagePageRecord } from './records.js';

/** How a hashtag is stored and looked up: without `#`, lower-cased (as `MemoryNetwork` compares them). */
export function hashtagKey(tag: string): string {
  return tag.replace(/^#/u, '').toLowerCase();
}

interface FeedFilter {
  viewer: string;
  feedId: string | null;
  intent: ShareIntent | null;
  objectType: string | null;
  hashtag: string | null;
  before: number;
  limit: number;
}

// Filters are fixed SQL with optional parameters (`@x IS NULL OR …`): nothing is ever built from input.
const FILTERS = `
  AND m.share_intent IS NOT NULL AND m.seq < @before
  AND (@intent IS NULL OR m.share_intent = @intent)
  AND (@objectType IS NULL OR o.type = @objectType)
  AND (@hashtag IS NULL OR EXISTS (SELECT 1 FROM message_hashtags h WHERE h.message_seq = m.seq AND h.tag = @hashtag))
ORDER BY m.seq DESC LIMIT @limit`;

/** Feeds, their members, and feed pages (the shares and alerts addressed to them). */
export class FeedStore {
  private readonly statements;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly loader: MessageLoader,
    private readonly people: PeopleStore,
  ) {
    this.statements = {
      upsert: db.prepare<[string, string, string | null]>(
        `INSERT INTO feeds (id, name, description) VALUES (?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, description = excluded.description`,
      ),
      clearMembers: db.prepare<[string]>('DELETE FROM feed_members WHERE feed_id = ?'),
      addMember: db.prepare<[string, string]>('INSERT OR IGNORE INTO feed_members (feed_id, person_id) VALUES (?, ?)'),
      isMember: db.prepare<[string, string], { found: number }>('SELECT 1 AS found FROM feed_members WHERE feed_id = ? AND person_id = ?'),
      exists: db.prepare<[string], { found: number }>('SELECT 1 AS found FROM feeds WHERE id = ?'),
      feedsOf: db.prepare<[string], FeedRecord>(
        `SELECT f.id, f.name, f.description FROM feeds f JOIN feed_members fm ON fm.feed_id = f.id WHERE fm.person_id = ?`,
      ),
      oneFeed: db.prepare<FeedFilter, MessageRow>(
        `SELECT ${MESSAGE_COLUMNS}
         WHERE EXISTS (SELECT 1 FROM message_feeds mf WHERE mf.message_seq = m.seq AND mf.feed_id = @feedId) ${FILTERS}`,
      ),
      // What a person follows: shares to their feeds, shares addressed to them, and their own shares.
      following: db.prepare<FeedFilter, MessageRow>(
        `SELECT ${MESSAGE_COLUMNS}
         WHERE (m.author_id = @viewer
           OR EXISTS (SELECT 1 FROM message_people mp WHERE mp.message_seq = m.seq AND mp.person_id = @viewer)
           OR EXISTS (SELECT 1 FROM message_feeds mf JOIN feed_members fm ON fm.feed_id = mf.feed_id
                      WHERE mf.message_seq = m.seq AND fm.person_id = @viewer)) ${FILTERS}`,
      ),
    };
  }

  /** Creates a feed, or updates its name and description and replaces its members. */
  register(feed: FeedRegistration): void {
    if (feed.id === '' || feed.name === '') throw new TypeError('A feed needs a non-empty id and name.');
    for (const personId of feed.memberIds) {
      if (!this.people.person(personId)) throw new TypeError(`Feed ${feed.id}: unknown member ${JSON.stringify(personId)}.`);
    }
    this.db.transaction(() => {
      this.statements.upsert.run(feed.id, feed.name, feed.description ?? null);
      this.statements.clearMembers.run(feed.id);
      for (const personId of feed.memberIds) this.statements.addMember.run(feed.id, personId);
    }).immediate();
  }

  /** Whether `personId` belongs to the feed (`false` for an unknown feed). */
  isMember(feedId: string, personId: string): boolean {
    return this.statements.isMember.get(feedId, personId) !== undefined;
  }

  /** Whether a feed with this id exists. */
  exists(feedId: string): boolean {
    return this.statements.exists.get(feedId) !== undefined;
  }

  /** The feeds `personId` is a member of, by name (compared as people read them, not byte by byte). */
  feedsOf(personId: string): FeedRecord[] {
    return this.statements.feedsOf.all(personId).sort((a, b) => a.name.localeCompare(b.name));
  }

  /**
   * One page of a feed, or of everything `viewer` follows when `query.feedId` is absent: newest first,
   * older pages by cursor. A feed the viewer is not a member of answers `NOT_FOUND`, like an unknown one.
   */
  page(viewer: string, query: FeedQuery): MessagePageRecord {
    const feedId = nonEmpty(query.feedId);
    if (feedId !== null && !this.isMember(feedId, viewer)) throw new RseError('NOT_FOUND', 'No such feed.');
    const hashtag = nonEmpty(query.hashtag);
    const filter: FeedFilter = {
      viewer,
      feedId,
      intent: nonEmpty(query.intent),
      objectType: nonEmpty(query.objectType),
      hashtag: hashtag === null ? null : nonEmpty(hashtagKey(hashtag)),
      before: query.before == null ? Number.MAX_SAFE_INTEGER : decodeCursor(query.before),
      // One extra row tells whether an older page exists without a count query.
      limit: clampPageSize(query.limit) + 1,
    };
    const rows = (feedId === null ? this.statements.following : this.statements.oneFeed).all(filter);
    const page = rows.slice(0, filter.limit - 1);
    const last = page.at(-1);
    return {
      items: this.loader.load(page, true),
      nextCursor: rows.length > page.length && last ? encodeCursor(last.seq) : null,
    };
  }
}

/** Empty filters mean "no filter", as in `MemoryNetwork`. */
function nonEmpty<T extends string>(value: T | null | undefined): T | null {
  return value === undefined || value === null || value === '' ? null : value;
}
