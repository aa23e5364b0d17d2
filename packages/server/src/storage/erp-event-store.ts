import { RseError, type AlertSeverity } from '@rse/core';
import type { SqliteDatabase } from './database.js';
import type { FeedStore } from './feed-store.js';
import type { MessageStore } from './message-store.js';
import type { ObjectStore } from './object-store.js';
import type { PeopleStore } from './people-store.js';
import type { MessageRecord, ObjectRegistration } from './records.js';

/** An event an ERP back end reported about one of its records, already checked for shape. */
export interface ErpEvent {
  /** The ERP's id for this event: a second delivery with the same id is a duplicate. */
  readonly id: string;
  /** The record, with what its card shows now (the ERP is trusted for its own records). */
  readonly object: ObjectRegistration;
  readonly text: string;
  /** When given, the message is an alert of this severity in these feeds. */
  readonly alert?: { readonly severity: AlertSeverity; readonly feedIds: readonly string[] } | null;
}

/** What recording an event did. */
export type ErpEventOutcome =
  | { readonly status: 'created'; readonly message: MessageRecord }
  | { readonly status: 'duplicate'; readonly messageId: string };

/**
 * ERP events, recorded at most once each: the first delivery of an id stores a system message in the
 * object's thread (authored by the ERP system's own person) and remembers the id; later deliveries of
 * the same id store nothing.
 */
export class ErpEventStore {
  private readonly statements;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly people: PeopleStore,
    private readonly objects: ObjectStore,
    private readonly feeds: FeedStore,
    private readonly messages: MessageStore,
  ) {
    this.statements = {
      find: db.prepare<[string], { message_id: string }>('SELECT message_id FROM erp_events WHERE id = ?'),
      insert: db.prepare<[string, string, string]>('INSERT INTO erp_events (id, message_id, received_at) VALUES (?, ?, ?)'),
    };
  }

  /**
   * Records `event` unless its id was seen before. Unknown alert feeds are `INVALID_INPUT` and the text
   * is checked like a post's; either way nothing is stored.
   */
  record(event: ErpEvent): ErpEventOutcome {
    // IMMEDIATE: two deliveries of one id racing through two processes cannot both pass the check.
    return this.db.transaction((): ErpEventOutcome => {
      const seen = this.statements.find.get(event.id);
      if (seen) return { status: 'duplicate', messageId: seen.message_id };
      for (const feedId of event.alert?.feedIds ?? []) {
        if (!this.feeds.exists(feedId)) throw new RseError('INVALID_INPUT', `Unknown feed ${JSON.stringify(feedId)}.`);
      }
      this.objects.merge(event.object);
      const createdAt = new Date().toISOString();
      const message = this.messages.importMessage({
        object: event.object,
        authorId: this.people.systemPerson(event.object.system ?? null),
        text: event.text,
        createdAt,
        kind: 'system',
        share: event.alert ? { intent: 'alert', severity: event.alert.severity, feedIds: event.alert.feedIds } : null,
      });
      this.statements.insert.run(event.id, message.id, createdAt);
      return { status: 'created', message };
    }).immediate();
  }
}
