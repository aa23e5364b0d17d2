/**
 * What the store hands to resolvers: plain objects already shaped like the GraphQL types of
 * `schema.graphql`, so the default field resolvers serve them without N+1 look-ups. Enum values are the
 * model's (`'share'`, `'alert'`); the schema's enum resolvers map them to `SHARE`, `ALERT`.
 */
import type { AlertSeverity, MessageKind, ObjectField, ShareIntent } from '@rse/core';

/** A person as stored. */
export interface PersonRecord {
  readonly id: string;
  readonly name: string;
  readonly title: string | null;
  readonly avatarUrl: string | null;
}

/** An ERP object reference as stored, with its canonical key. */
export interface ObjectRecord {
  readonly system: string | null;
  readonly type: string;
  readonly id: string;
  readonly key: string;
}

/** What {@link ObjectStore.register} takes: a reference plus how the ERP shows it. */
export interface ObjectRegistration {
  readonly system?: string | null;
  readonly type: string;
  readonly id: string;
  /** Human title, e.g. "Sales order 4711 — Boulanger Lyon". */
  readonly title?: string | null;
  /** Where the record opens in the ERP: relative (`#/orders/4711`) or an absolute `http(s):` URL. */
  readonly url?: string | null;
  /** Labelled values for the object's card, in display order. */
  readonly fields?: readonly ObjectField[] | null;
}

/** An object's card as stored. */
export interface ObjectCardRecord {
  readonly object: ObjectRecord;
  readonly title: string | null;
  readonly url: string | null;
  readonly fields: readonly ObjectField[];
}

/** Message counts of one object for one viewer. */
export interface ObjectCountsRecord {
  readonly object: ObjectRecord;
  readonly total: number;
  readonly unread: number;
}

/** A feed as stored. */
export interface FeedRecord {
  readonly id: string;
  readonly name: string;
  readonly description: string | null;
}

/** What {@link FeedStore.register} takes: a feed and the complete list of its members. */
export interface FeedRegistration {
  readonly id: string;
  readonly name: string;
  readonly description?: string | null;
  /** Everyone who belongs to the feed; replaces the previous members. */
  readonly memberIds: readonly string[];
}

/** The share part of a message: intent and audience. */
export interface ShareRecord {
  readonly intent: ShareIntent;
  readonly severity: AlertSeverity | null;
  readonly feeds: readonly FeedRecord[];
  readonly people: readonly PersonRecord[];
}

/** A message as stored, with its author, object, share details and (for top-level messages) replies. */
export interface MessageRecord {
  /** Storage position: orders messages and backs cursors. Not part of the protocol. */
  readonly seq: number;
  readonly id: string;
  readonly clientId: string | null;
  readonly object: ObjectRecord;
  readonly author: PersonRecord;
  readonly text: string;
  readonly createdAt: string;
  readonly editedAt: string | null;
  readonly replyTo: string | null;
  readonly kind: MessageKind;
  readonly share: ShareRecord | null;
  readonly replies: readonly MessageRecord[];
}

/** One page of messages (a thread page oldest first, a feed page newest first). */
export interface MessagePageRecord {
  readonly items: readonly MessageRecord[];
  readonly nextCursor: string | null;
}
