import type { ObjectRef } from '@rse/core';
import type { SqliteDatabase } from './database.js';
import { batchKeys, objectRecord, type ObjectStore } from './object-store.js';
import type { ObjectCountsRecord, ObjectRecord } from './records.js';

/** A read marker: the viewer has read the object's thread up to storage position `seq`. */
export interface ReadMarkerRecord {
  readonly object: ObjectRecord;
  readonly seq: number;
}

interface CountRow {
  key: string;
  total: number;
  unread: number;
}

interface MarkerRow {
  seq: number;
  key: string;
  system: string | null;
  type: string;
  id: string;
}

/**
 * Read markers and message counts. A marker holds the storage position of the latest message (of any
 * thread) when the viewer marked the object read: every message of the object at or before it is read,
 * and the same number orders the READ event among messages in the activity stream.
 */
export class ReadStore {
  private readonly statements;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly objects: ObjectStore,
  ) {
    this.statements = {
      latest: db.prepare<[], { seq: number }>('SELECT coalesce(max(seq), 0) AS seq FROM messages'),
      mark: db.prepare<[string, string, number]>(
        `INSERT INTO read_markers (person_id, object_key, seq) VALUES (?, ?, ?)
         ON CONFLICT (person_id, object_key) DO UPDATE SET seq = excluded.seq`,
      ),
      // One statement for the whole batch: the keys travel as one JSON array, and objects nobody
      // discussed (or that do not exist) simply have no group and count zero.
      counts: db.prepare<{ viewer: string; keys: string }, CountRow>(
        `SELECT w.key AS key,
           count(*) AS total,
           count(CASE WHEN m.author_id <> @viewer AND m.seq > coalesce(r.seq, 0) THEN 1 END) AS unread
         FROM (SELECT DISTINCT value AS key FROM json_each(@keys)) w
         JOIN messages m ON m.object_key = w.key
         LEFT JOIN read_markers r ON r.person_id = @viewer AND r.object_key = w.key
         GROUP BY w.key`,
      ),
      since: db.prepare<[string, number, number], MarkerRow>(
        `SELECT r.seq, o.key, o.system, o.type, o.id
         FROM read_markers r JOIN objects o ON o.key = r.object_key
         WHERE r.person_id = ? AND r.seq >= ? ORDER BY r.seq LIMIT ?`,
      ),
    };
  }

  /** Marks the object's whole thread read for `viewer`; `NOT_FOUND` for an unknown object. */
  markRead(viewer: string, object: ObjectRef): ReadMarkerRecord {
    return this.db.transaction((): ReadMarkerRecord => {
      const key = this.objects.require(object);
      const seq = this.statements.latest.get()?.seq ?? 0;
      this.statements.mark.run(viewer, key, seq);
      return { object: objectRecord(object), seq };
    }).immediate();
  }

  /**
   * Counts of several objects for `viewer`, in the order asked: every message (top-level and replies, any
   * kind), and those by others after the viewer's marker (all of them without a marker).
   */
  counts(viewer: string, objects: readonly ObjectRef[]): ObjectCountsRecord[] {
    const keys = batchKeys(objects);
    const byKey = new Map<string, CountRow>();
    if (keys.length > 0) {
      for (const row of this.statements.counts.all({ viewer, keys: JSON.stringify([...new Set(keys)]) })) byKey.set(row.key, row);
    }
    return objects.map((object, index) => {
      const row = byKey.get(keys[index] ?? '');
      return { object: objectRecord(object), total: row?.total ?? 0, unread: row?.unread ?? 0 };
    });
  }

  /** `viewer`'s markers set at or after position `seq`, oldest first, at most `limit` (for stream replay). */
  markersSince(viewer: string, seq: number, limit: number): ReadMarkerRecord[] {
    return this.statements.since.all(viewer, seq, limit).map((row) => ({
      object: { system: row.system, type: row.type, id: row.id, key: row.key },
      seq: row.seq,
    }));
  }
}
