import {
  parseMarkup,
  type AlertSeverity,
  type Feed,
  type Message,
  type MessageKind,
  type ObjectRef,
  type Person,
  type ShareIntent,
} from '@rse/core';

// Plain strings rather than graphql-tag documents: nothing to parse at import time and nothing extra to
// bundle. The fields follow schema.graphql exactly; enum values travel upper-case (`SHARE`) and are
// mapped with plain string operations.

const PERSON_FIELDS = 'id name title avatarUrl';
const OBJECT_FIELDS = 'system type id';
const FEED_FIELDS = 'id name description';

const MESSAGE_FRAGMENT = `fragment RseMessage on Message {
  id clientId text createdAt editedAt replyTo kind
  object { ${OBJECT_FIELDS} }
  author { ${PERSON_FIELDS} }
  share { intent severity feeds { ${FEED_FIELDS} } people { ${PERSON_FIELDS} } }
}`;

/** A page of messages, each with its replies. */
const PAGE_FIELDS = 'items { ...RseMessage replies { ...RseMessage } } nextCursor';

/** `Query.me`. */
export const ME_QUERY = `query RseMe { me { ${PERSON_FIELDS} } }`;

/** `Query.thread`: a page of top-level messages with their replies. */
export const THREAD_QUERY = `query RseThread($object: ObjectInput!, $before: String, $limit: Int) {
  thread(object: $object, before: $before, limit: $limit) { ${PAGE_FIELDS} }
}
${MESSAGE_FRAGMENT}`;

/** `Mutation.postMessage`. */
export const POST_MESSAGE_MUTATION = `mutation RsePostMessage($input: PostMessageInput!) {
  postMessage(input: $input) { ...RseMessage replies { ...RseMessage } }
}
${MESSAGE_FRAGMENT}`;

/** `Mutation.share`. */
export const SHARE_MUTATION = `mutation RseShare($input: ShareInput!) {
  share(input: $input) { ...RseMessage replies { ...RseMessage } }
}
${MESSAGE_FRAGMENT}`;

/** `Query.feeds`. */
export const FEEDS_QUERY = `query RseFeeds { feeds { ${FEED_FIELDS} } }`;

/** `Query.feed`: a page of shares and alerts, newest first. */
export const FEED_QUERY = `query RseFeed($feedId: ID, $intent: ShareIntent, $objectType: String, $hashtag: String, $before: String, $limit: Int) {
  feed(feedId: $feedId, intent: $intent, objectType: $objectType, hashtag: $hashtag, before: $before, limit: $limit) { ${PAGE_FIELDS} }
}
${MESSAGE_FRAGMENT}`;

/** `Query.people`. */
export const PEOPLE_QUERY = `query RsePeople($search: String!, $limit: Int) { people(search: $search, limit: $limit) { ${PERSON_FIELDS} } }`;

/** `Query.objects`. */
export const OBJECTS_QUERY = `query RseObjects($objects: [ObjectInput!]!) {
  objects(objects: $objects) { object { ${OBJECT_FIELDS} } title url fields { label value } }
}`;

/** `Query.counts`. */
export const COUNTS_QUERY = `query RseCounts($objects: [ObjectInput!]!) {
  counts(objects: $objects) { total unread }
}`;

/** `Query.checkAccess`: who of `personIds` may open the object. */
export const CHECK_ACCESS_QUERY = `query RseCheckAccess($object: ObjectInput!, $personIds: [ID!]!) {
  checkAccess(object: $object, personIds: $personIds) { personId canOpen }
}`;

/** `Mutation.markRead`. */
export const MARK_READ_MUTATION = `mutation RseMarkRead($object: ObjectInput!) { markRead(object: $object) }`;

/** `Subscription.threadEvents`, resumable with `after`. */
export const THREAD_EVENTS_SUBSCRIPTION = `subscription RseThreadEvents($object: ObjectInput!, $after: String) {
  threadEvents(object: $object, after: $after) { kind cursor message { ...RseMessage } }
}
${MESSAGE_FRAGMENT}`;

/** `Subscription.activity`, resumable with `after`. */
export const ACTIVITY_SUBSCRIPTION = `subscription RseActivity($after: String) {
  activity(after: $after) { kind cursor object { ${OBJECT_FIELDS} } message { ...RseMessage } }
}
${MESSAGE_FRAGMENT}`;

/** `Person` on the wire. */
export interface WirePerson {
  readonly id: string;
  readonly name: string;
  readonly title: string | null;
  readonly avatarUrl: string | null;
}

/** `ObjectRef` on the wire (the fields the adapter asks for). */
export interface WireObject {
  readonly system: string | null;
  readonly type: string;
  readonly id: string;
}

/** `Message` on the wire: text only, no tokens; enums upper-case. */
export interface WireMessage {
  readonly id: string;
  readonly clientId: string | null;
  readonly text: string;
  readonly createdAt: string;
  readonly editedAt: string | null;
  readonly replyTo: string | null;
  readonly kind: string;
  readonly object: WireObject;
  readonly author: WirePerson;
  readonly share: {
    readonly intent: string;
    readonly severity: string | null;
    readonly feeds: readonly Feed[];
    readonly people: readonly WirePerson[];
  } | null;
  readonly replies?: readonly WireMessage[];
}

/** A page of messages on the wire. */
export interface WirePage {
  readonly items: readonly WireMessage[];
  readonly nextCursor: string | null;
}

/** A `ThreadEvent` or an `ActivityEvent` on the wire. */
export interface WireLiveEvent {
  readonly kind: 'READY' | 'MESSAGE_POSTED' | 'READ';
  readonly cursor: string | null;
  readonly message?: WireMessage | null;
  readonly object?: WireObject | null;
}

/** `ObjectInput`: only the three identifying fields, whatever else the caller's object carries. */
export function toObjectInput(object: ObjectRef): { system: string | null; type: string; id: string } {
  return { system: object.system ?? null, type: object.type, id: object.id };
}

/** A wire object reference as the model's {@link ObjectRef} (no `system` key when there is none). */
export function toObjectRef({ system, type, id }: WireObject): ObjectRef {
  return system === null ? { type, id } : { system, type, id };
}

/** A wire person as the model's {@link Person}. */
export function toPerson(wire: WirePerson): Person {
  return { id: wire.id, name: wire.name, title: wire.title, avatarUrl: wire.avatarUrl };
}

/** A model enum value as the wire's (`alert` → `ALERT`); `null` stays `null`. */
export function toWireEnum(value: string | null | undefined): string | null {
  return value == null ? null : value.toUpperCase();
}

/** A wire message as the model's {@link Message}, with `tokens` parsed here since the protocol carries text only. */
export function toMessage(wire: WireMessage): Message {
  const { share } = wire;
  return {
    id: wire.id,
    clientId: wire.clientId,
    object: toObjectRef(wire.object),
    author: toPerson(wire.author),
    text: wire.text,
    tokens: parseMarkup(wire.text),
    createdAt: wire.createdAt,
    editedAt: wire.editedAt,
    replyTo: wire.replyTo,
    kind: wire.kind.toLowerCase() as MessageKind,
    share: share && {
      intent: share.intent.toLowerCase() as ShareIntent,
      severity: (share.severity?.toLowerCase() ?? null) as AlertSeverity | null,
      feeds: share.feeds.map(({ id, name, description }) => ({ id, name, description })),
      people: share.people.map(toPerson),
    },
    replies: (wire.replies ?? []).map(toMessage),
  };
}

/** A wire page of messages in the model's shape. */
export function toPage(wire: WirePage): { items: Message[]; nextCursor: string | null } {
  return { items: wire.items.map(toMessage), nextCursor: wire.nextCursor };
}
