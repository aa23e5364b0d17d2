/**
 * Every operation of the protocol, asking for every field, so a leak in any field shows up in the
 * bodies the security tests search.
 */
const PERSON = 'id name title avatarUrl';
const OBJECT = 'system type id key';
const MESSAGE = `fragment M on Message {
  id clientId text createdAt editedAt replyTo kind
  object { ${OBJECT} } author { ${PERSON} }
  share { intent severity feeds { id name description } people { ${PERSON} } }
}`;
const PAGE = 'items { ...M replies { ...M } } nextCursor';

export const ME = `{ me { ${PERSON} } }`;
export const FEEDS = '{ feeds { id name description } }';
export const FEED = `query Feed($feedId: ID, $intent: ShareIntent, $objectType: String, $hashtag: String, $before: String, $limit: Int) {
  feed(feedId: $feedId, intent: $intent, objectType: $objectType, hashtag: $hashtag, before: $before, limit: $limit) { ${PAGE} }
} ${MESSAGE}`;
export const THREAD = `query Thread($object: ObjectInput!, $before: String, $limit: Int) {
  thread(object: $object, before: $before, limit: $limit) { ${PAGE} }
} ${MESSAGE}`;
export const PEOPLE = `query People($search: String!) { people(search: $search, limit: 50) { ${PERSON} } }`;
export const OBJECTS = `query Objects($objects: [ObjectInput!]!) { objects(objects: $objects) { object { ${OBJECT} } title url fields { label value } } }`;
export const COUNTS = `query Counts($objects: [ObjectInput!]!) { counts(objects: $objects) { object { ${OBJECT} } total unread } }`;
export const CHECK_ACCESS = `query CheckAccess($object: ObjectInput!, $personIds: [ID!]!) { checkAccess(object: $object, personIds: $personIds) { personId canOpen } }`;
export const POST = `mutation Post($input: PostMessageInput!) { postMessage(input: $input) { ...M replies { ...M } } } ${MESSAGE}`;
export const SHARE = `mutation Share($input: ShareInput!) { share(input: $input) { ...M replies { ...M } } } ${MESSAGE}`;
export const MARK_READ = `mutation MarkRead($object: ObjectInput!) { markRead(object: $object) }`;
export const THREAD_EVENTS = `subscription ThreadEvents($object: ObjectInput!, $after: String) {
  threadEvents(object: $object, after: $after) { kind cursor message { ...M } }
} ${MESSAGE}`;
export const ACTIVITY = `subscription Activity($after: String) {
  activity(after: $after) { kind cursor object { ${OBJECT} } message { ...M } }
} ${MESSAGE}`;
