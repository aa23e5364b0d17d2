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

function encodePart(part: string): string {
  // Only the separator and the escape character need escaping; the key stays readable for logs.
  return part.replaceAll('%', '%25').replaceAll(KEY_SEPARATOR, '%3A');
}

/**
 * The one canonical string for an object reference, used as cache key, map key and wire key:
 * `system:type:id` with an empty system when there is none; `:` and `%` inside parts are escaped.
 */
export function objectKey(ref: ObjectRef): string {
  return [ref.system ?? '', ref.type, ref.id].map(encodePart).join(KEY_SEPARATOR);
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
