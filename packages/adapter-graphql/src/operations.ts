import { parseMarkup, type Message, type ObjectRef, type Person } from '@rse/core';

// Plain strings rather than graphql-tag documents: nothing to parse at import time and nothing extra to
// bundle. The fields follow schema.graphql exactly.

const PERSON_FIELDS = 'id name title avatarUrl';

const MESSAGE_FRAGMENT = `fragment RseMessage on Message {
  id clientId text createdAt editedAt replyTo
  object { system type id key }
  author { ${PERSON_FIELDS} }
}`;

/** `Query.me`. */
export const ME_QUERY = `query RseMe { me { ${PERSON_FIELDS} } }`;

/** `Query.thread`: a page of top-level messages with their replies. */
export const THREAD_QUERY = `query RseThread($object: ObjectInput!, $before: String, $limit: Int) {
  thread(object: $object, before: $before, limit: $limit) {
    items { ...RseMessage replies { ...RseMessage } }
    nextCursor
  }
}
${MESSAGE_FRAGMENT}`;

/** `Mutation.postMessage`. */
export const POST_MESSAGE_MUTATION = `mutation RsePostMessage($input: PostMessageInput!) {
  postMessage(input: $input) { ...RseMessage replies { ...RseMessage } }
}
${MESSAGE_FRAGMENT}`;

/** `Subscription.threadEvents`, resumable with `after`. */
export const THREAD_EVENTS_SUBSCRIPTION = `subscription RseThreadEvents($object: ObjectInput!, $after: String) {
  threadEvents(object: $object, after: $after) {
    kind cursor
    message { ...RseMessage }
  }
}
${MESSAGE_FRAGMENT}`;

/** `Person` on the wire. */
export interface WirePerson {
  readonly id: string;
  readonly name: string;
  readonly title: string | null;
  readonly avatarUrl: string | null;
}

/** `Message` on the wire: text only, no tokens. */
export interface WireMessage {
  readonly id: string;
  readonly clientId: string | null;
  readonly text: string;
  readonly createdAt: string;
  readonly editedAt: string | null;
  readonly replyTo: string | null;
  readonly object: { readonly system: string | null; readonly type: string; readonly id: string; readonly key: string };
  readonly author: WirePerson;
  readonly replies?: readonly WireMessage[];
}

/** `ThreadEvent` on the wire. */
export interface WireThreadEvent {
  readonly kind: 'READY' | 'MESSAGE_POSTED';
  readonly cursor: string | null;
  readonly message: WireMessage | null;
}

/** `ObjectInput`: only the three identifying fields, whatever else the caller's object carries. */
export function toObjectInput(object: ObjectRef): { system: string | null; type: string; id: string } {
  return { system: object.system ?? null, type: object.type, id: object.id };
}

/** A wire person as the model's {@link Person}. */
export function toPerson(wire: WirePerson): Person {
  return { id: wire.id, name: wire.name, title: wire.title, avatarUrl: wire.avatarUrl };
}

/** A wire message as the model's {@link Message}, with `tokens` parsed here since the protocol carries text only. */
export function toMessage(wire: WireMessage): Message {
  const { system, type, id } = wire.object;
  return {
    id: wire.id,
    clientId: wire.clientId,
    object: system === null ? { type, id } : { system, type, id },
    author: toPerson(wire.author),
    text: wire.text,
    tokens: parseMarkup(wire.text),
    createdAt: wire.createdAt,
    editedAt: wire.editedAt,
    replyTo: wire.replyTo,
    replies: (wire.replies ?? []).map(toMessage),
  };
}
