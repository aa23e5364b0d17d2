import type { Token } from './markup/tokens.js';

/**
 * A reference to a record in an ERP: a sales order, a product, a customer. `system` names the ERP
 * (an SAP client, an Oracle instance) when a network spans several; `type` and `id` are the ERP's own.
 */
export interface ObjectRef {
  readonly system?: string | null;
  readonly type: string;
  readonly id: string;
}

/** A person of the network. `id` is stable and is what mentions carry. */
export interface Person {
  readonly id: string;
  readonly name: string;
  /** Job title or role, shown beside the name when present. */
  readonly title?: string | null;
  readonly avatarUrl?: string | null;
}

/** What kind of entry a message is in its object's thread. */
export type MessageKind = 'comment' | 'share' | 'system';

/** What a share asks of its readers. */
export type ShareIntent = 'information' | 'request' | 'alert';

/** How urgent an alert is. */
export type AlertSeverity = 'info' | 'warning' | 'critical';

/** A feed (a group or a stream such as "Sales floor") people can be members of, read and post to. */
export interface Feed {
  readonly id: string;
  readonly name: string;
  readonly description: string | null;
}

/** What makes a message a share: its intent and who it was addressed to. */
export interface ShareDetails {
  readonly intent: ShareIntent;
  /** Only for alerts. */
  readonly severity: AlertSeverity | null;
  readonly feeds: readonly Feed[];
  readonly people: readonly Person[];
}

/** One labelled value shown on an object card ("Customer: Boulanger Lyon"). */
export interface ObjectField {
  readonly label: string;
  readonly value: string;
}

/** What the viewer may know about an ERP object: enough for a card that links back to the record. */
export interface ObjectCard {
  readonly object: ObjectRef;
  readonly title: string | null;
  /** Where the record opens in the ERP, or `null` when the host maps objects to URLs itself. */
  readonly url: string | null;
  readonly fields: readonly ObjectField[];
}

/** Message counts of one object for the viewer. */
export interface ObjectCounts {
  readonly object: ObjectRef;
  /** All messages (top-level and replies) the viewer can read. */
  readonly total: number;
  /** Messages by others newer than the viewer's read marker. */
  readonly unread: number;
}

/**
 * One message of an object's conversation. Replies are one level deep: a reply's `replyTo` names a
 * top-level message, and only top-level messages carry `replies`.
 */
export interface Message {
  readonly id: string;
  /** The id the posting client generated; the same author and client id always give the same message. */
  readonly clientId: string | null;
  readonly object: ObjectRef;
  readonly author: Person;
  /** The text exactly as typed. */
  readonly text: string;
  /** `text` parsed by `parseMarkup`; render these, never `text` as markup. */
  readonly tokens: readonly Token[];
  /** ISO 8601 instant. */
  readonly createdAt: string;
  /** ISO 8601 instant of the last edit, or `null`. */
  readonly editedAt: string | null;
  /** The top-level message this one answers, or `null` for a top-level message. */
  readonly replyTo: string | null;
  /** A comment written in the thread, a share addressed to feeds and people, or an event from the ERP. */
  readonly kind: MessageKind;
  /** Intent and audience, for shares and for ERP events flagged as alerts; otherwise `null`. */
  readonly share: ShareDetails | null;
  /** Replies to this message, oldest first (always empty on a reply). */
  readonly replies: readonly Message[];
}

/**
 * One page of a list read by cursor. `items` are in display order (oldest first for threads);
 * `nextCursor`, when not `null`, fetches the page that comes before them.
 */
export interface Page<T> {
  readonly items: readonly T[];
  readonly nextCursor: string | null;
}

/** One page of top-level messages of a thread, each with its replies. */
export type ThreadPage = Page<Message>;

const KEY_SEPARATOR = ':';

/** Parts that need escaping; most ERP ids have neither character, and keep their string as it is. */
const NEEDS_ESCAPE = /[%:]/u;

function encodePart(part: string): string {
  // Only the separator and the escape character need escaping; the key stays readable for logs.
  return NEEDS_ESCAPE.test(part) ? part.replaceAll('%', '%25').replaceAll(KEY_SEPARATOR, '%3A') : part;
}

/**
 * The one canonical string for an object reference, used as cache key, map key and wire key:
 * `system:type:id` with an empty system when there is none; `:` and `%` inside parts are escaped.
 */
export function objectKey(ref: ObjectRef): string {
  // Called several times per badge as a list of 1,000 connects and renders: no intermediate array.
  return encodePart(ref.system ?? '') + KEY_SEPARATOR + encodePart(ref.type) + KEY_SEPARATOR + encodePart(ref.id);
}

/** The inverse of {@link objectKey}. Throws a `TypeError` for a string that is not a key. */
export function parseObjectKey(key: string): ObjectRef {
  const parts = key.split(KEY_SEPARATOR);
  if (parts.length !== 3 || parts[1] === '' || parts[2] === '') {
    throw new TypeError(`Not an object key: ${JSON.stringify(key)}`);
  }
  let decoded: string[];
  try {
    decoded = parts.map(decodeURIComponent);
  } catch {
    throw new TypeError(`Not an object key: ${JSON.stringify(key)}`);
  }
  const [system, type, id] = decoded as [string, string, string];
  return system === '' ? { type, id } : { system, type, id };
}

/** Whether two references name the same object. */
export function sameObject(a: ObjectRef, b: ObjectRef): boolean {
  return objectKey(a) === objectKey(b);
}
