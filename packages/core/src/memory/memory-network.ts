import type {
  ActivityEvent,
  FeedQuery,
  MessagePostedEvent,
  PostMessageInput,
  ShareInput,
  ThreadQuery,
} from '../adapter.js';
import { RseError } from '../errors.js';
import { clampPageSize, messageTextProblem } from '../limits.js';
import { hashtagsOf } from '../markup/hashtags.js';
import { parseMarkup } from '../markup/parse.js';
import {
  objectKey,
  type AlertSeverity,
  type Feed,
  type Message,
  type MessageKind,
  type ObjectCard,
  type ObjectCounts,
  type ObjectField,
  type ObjectRef,
  type Page,
  type Person,
  type ShareIntent,
  type ThreadPage,
} from '../model.js';
import { MemoryAdapter, type MemoryAdapterOptions } from './memory-adapter.js';

/** An ERP object the in-memory network knows about, with what its card shows. */
export interface MemoryObject extends ObjectRef {
  readonly title?: string;
  readonly url?: string;
  readonly fields?: readonly ObjectField[];
}

/** A feed to create, with the ids of its members. */
export interface MemoryFeed extends Feed {
  readonly memberIds: readonly string[];
}

/** The share part of a seeded message. */
export interface MemorySeedShare {
  readonly intent: ShareIntent;
  readonly severity?: AlertSeverity | null;
  readonly feedIds?: readonly string[];
  readonly personIds?: readonly string[];
}

/** A message to preload, written by `authorId`, optionally `minutesAgo` in the past. */
export interface MemorySeedMessage {
  readonly object: ObjectRef;
  readonly authorId: string;
  readonly text: string;
  readonly minutesAgo?: number;
  /** Index in the seed list of the top-level message this one answers. */
  readonly replyToIndex?: number;
  /** `comment` unless `share` is given (then `share`); `system` for ERP events. */
  readonly kind?: MessageKind;
  readonly share?: MemorySeedShare;
}

/** Whether a person may open an object: the ERP's decision, asked on every read and every push. */
export type MemoryAccessPolicy = (personId: string, object: ObjectRef) => boolean;

/** Everything a {@link MemoryNetwork} starts with. */
export interface MemorySeed {
  readonly people: readonly Person[];
  readonly objects: readonly MemoryObject[];
  readonly feeds?: readonly MemoryFeed[];
  readonly messages?: readonly MemorySeedMessage[];
  /** Who may open what; everyone may open everything when absent. */
  readonly access?: MemoryAccessPolicy;
}

/** An event from the ERP itself, as the server's `POST /erp/events` receives it. */
export interface MemoryErpEvent {
  readonly object: MemoryObject;
  readonly text: string;
  readonly alert?: { readonly severity: AlertSeverity; readonly feedIds: readonly string[] };
}

interface StoredShare {
  readonly intent: ShareIntent;
  readonly severity: AlertSeverity | null;
  readonly feedIds: readonly string[];
  readonly personIds: readonly string[];
}

interface StoredMessage {
  readonly seq: number;
  readonly id: string;
  readonly clientId: string | null;
  readonly objectKey: string;
  readonly object: ObjectRef;
  readonly authorId: string;
  readonly text: string;
  readonly createdAt: string;
  readonly replyTo: string | null;
  readonly kind: MessageKind;
  readonly share: StoredShare | null;
  /** Lower-cased hashtags of the text, for feed filters. */
  readonly hashtags: ReadonlySet<string>;
}

interface Listener {
  readonly viewerId: string;
  readonly deliver: (event: MessagePostedEvent) => void;
}
type ActivityListener = (event: ActivityEvent) => void;

const CURSOR_PREFIX = 'mem:';
const INTENTS: ReadonlySet<string> = new Set<ShareIntent>(['information', 'request', 'alert']);
const SEVERITIES: ReadonlySet<string> = new Set<AlertSeverity>(['info', 'warning', 'critical']);
const MAX_BATCH = 1000;
const DEFAULT_PEOPLE_LIMIT = 8;
const MAX_PEOPLE_LIMIT = 50;

/**
 * A complete RSE backend held in memory: people, objects, feeds, threads, read markers and live events.
 * Several {@link MemoryAdapter}s, one per person, share one network, so stories and tests can show two
 * people talking. It follows the same rules as the reference server and passes the same conformance suite.
 */
export class MemoryNetwork {
  private readonly people = new Map<string, Person>();
  private readonly objects = new Map<string, MemoryObject>();
  private readonly feeds = new Map<string, { feed: Feed; members: Set<string> }>();
  private readonly messages: StoredMessage[] = [];
  private readonly byId = new Map<string, StoredMessage>();
  private readonly byClientId = new Map<string, StoredMessage>();
  private readonly threadListeners = new Map<string, Set<Listener>>();
  private readonly activityListeners = new Map<string, Set<ActivityListener>>();
  private readonly readMarkers = new Map<string, number>();
  private seq = 0;
  private access: MemoryAccessPolicy;

  constructor(seed: MemorySeed) {
    this.access = seed.access ?? (() => true);
    for (const person of seed.people) this.people.set(person.id, person);
    for (const object of seed.objects) this.addObject(object);
    for (const feed of seed.feeds ?? []) this.addFeed(feed);
    const seeded: StoredMessage[] = [];
    const now = Date.now();
    for (const message of seed.messages ?? []) {
      const parent = message.replyToIndex === undefined ? undefined : seeded[message.replyToIndex];
      const share = message.share
        ? {
            intent: message.share.intent,
            severity: message.share.severity ?? null,
            feedIds: message.share.feedIds ?? [],
            personIds: message.share.personIds ?? [],
          }
        : null;
      seeded.push(
        this.store({
          object: message.object,
          authorId: message.authorId,
          text: message.text,
          clientId: null,
          replyTo: parent?.id ?? null,
          createdAt: new Date(now - (message.minutesAgo ?? 0) * 60_000).toISOString(),
          kind: message.kind ?? (share ? 'share' : 'comment'),
          share,
        }),
      );
    }
  }

  /** An adapter acting as `personId`. */
  adapterFor(personId: string, options?: MemoryAdapterOptions): MemoryAdapter {
    return new MemoryAdapter(this, personId, options);
  }

  /** Makes an object known, or updates its card (as an ERP would when a record is created or changed). */
  addObject(object: MemoryObject): void {
    this.objects.set(objectKey(object), object);
  }

  /** Replaces who may open what; takes effect on the next read and the next live event (revocation). */
  setAccess(access: MemoryAccessPolicy): void {
    this.access = access;
  }

  /** Creates a feed, or replaces its name and members. */
  addFeed(feed: MemoryFeed): void {
    this.feeds.set(feed.id, {
      feed: { id: feed.id, name: feed.name, description: feed.description },
      members: new Set(feed.memberIds),
    });
  }

  /**
   * Records an event from the ERP itself (what the server's signed `POST /erp/events` does): a system
   * message in the object's thread and, for alerts, in the named feeds. The ERP is trusted for its own
   * records, so the object is registered or updated from the event.
   */
  publishErpEvent(event: MemoryErpEvent): Message {
    this.addObject(event.object);
    const systemId = `system:${event.object.system ?? 'ERP'}`;
    if (!this.people.has(systemId)) this.people.set(systemId, { id: systemId, name: event.object.system ?? 'ERP' });
    const problem = messageTextProblem(event.text);
    if (problem) throw new RseError('INVALID_INPUT', problem);
    for (const feedId of event.alert?.feedIds ?? []) {
      if (!this.feeds.has(feedId)) throw new RseError('INVALID_INPUT', `Unknown feed ${JSON.stringify(feedId)}.`);
    }
    const stored = this.store({
      object: event.object,
      authorId: systemId,
      text: event.text,
      clientId: null,
      replyTo: null,
      createdAt: new Date().toISOString(),
      kind: 'system',
      share: event.alert ? { intent: 'alert', severity: event.alert.severity, feedIds: event.alert.feedIds, personIds: [] } : null,
    });
    return this.announce(stored);
  }

  /** @internal */
  person(personId: string): Person {
    const person = this.people.get(personId);
    if (!person) throw new RseError('UNAUTHENTICATED', `Unknown person ${JSON.stringify(personId)}.`);
    return person;
  }

  /** @internal */
  getThread(viewerId: string, object: ObjectRef, query: ThreadQuery = {}): ThreadPage {
    const key = this.requireObject(object, viewerId);
    const before = query.before == null ? Number.POSITIVE_INFINITY : decodeCursor(query.before);
    const limit = clampPageSize(query.limit);
    const older = this.messages.filter((m) => m.objectKey === key && m.replyTo === null && m.seq < before);
    const page = older.slice(-limit);
    const first = page[0];
    return {
      items: page.map((m) => this.toMessage(m)),
      nextCursor: first && older.length > page.length ? encodeCursor(first.seq) : null,
    };
  }

  /** @internal */
  post(authorId: string, input: PostMessageInput): Message {
    const { key, existing } = this.checkWrite(authorId, input);
    if (existing) return this.toMessage(existing);
    let replyTo: string | null = null;
    if (input.replyTo != null) {
      const parent = this.byId.get(input.replyTo);
      if (parent?.objectKey !== key) throw new RseError('NOT_FOUND', 'The message to reply to does not exist.');
      // One level of replies: answering a reply joins its parent's replies.
      replyTo = parent.replyTo ?? parent.id;
    }
    const stored = this.store({
      object: input.object,
      authorId,
      text: input.text,
      clientId: input.clientId,
      replyTo,
      createdAt: new Date().toISOString(),
      kind: 'comment',
      share: null,
    });
    return this.announce(stored);
  }

  /** @internal */
  share(authorId: string, input: ShareInput): Message {
    const { existing } = this.checkWrite(authorId, input);
    if (existing) return this.toMessage(existing);
    if (!INTENTS.has(input.intent)) throw new RseError('INVALID_INPUT', 'Unknown share intent.');
    const severity = input.intent === 'alert' ? (input.severity ?? null) : null;
    if (input.intent === 'alert' && (severity === null || !SEVERITIES.has(severity))) {
      throw new RseError('INVALID_INPUT', 'An alert needs a severity: info, warning or critical.');
    }
    if (input.feedIds.length === 0 && input.personIds.length === 0) {
      throw new RseError('INVALID_INPUT', 'A share needs at least one feed or person.');
    }
    for (const feedId of input.feedIds) {
      if (!this.feeds.get(feedId)?.members.has(authorId)) {
        throw new RseError('FORBIDDEN', 'You may only share to feeds you are a member of.');
      }
    }
    for (const personId of input.personIds) {
      if (!this.people.has(personId)) throw new RseError('INVALID_INPUT', `Unknown person ${JSON.stringify(personId)}.`);
    }
    const stored = this.store({
      object: input.object,
      authorId,
      text: input.text,
      clientId: input.clientId,
      replyTo: null,
      createdAt: new Date().toISOString(),
      kind: 'share',
      share: { intent: input.intent, severity, feedIds: [...new Set(input.feedIds)], personIds: [...new Set(input.personIds)] },
    });
    return this.announce(stored);
  }

  /** @internal */
  listFeeds(viewerId: string): Feed[] {
    return [...this.feeds.values()]
      .filter((f) => f.members.has(viewerId))
      .map((f) => f.feed)
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /** @internal */
  getFeed(viewerId: string, query: FeedQuery = {}): Page<Message> {
    const feedId = query.feedId ?? null;
    if (feedId !== null && !this.feeds.get(feedId)?.members.has(viewerId)) throw new RseError('NOT_FOUND', 'No such feed.');
    const before = query.before == null ? Number.POSITIVE_INFINITY : decodeCursor(query.before);
    const limit = clampPageSize(query.limit);
    const hashtag = query.hashtag?.replace(/^#/u, '').toLowerCase() ?? null;
    const matching = this.messages
      .filter((m) => m.seq < before && m.share !== null && this.inFeed(m, m.share, feedId, viewerId))
      // Items about objects the viewer may not open are left out, not half-shown.
      .filter((m) => this.access(viewerId, m.object))
      .filter((m) => (query.intent ? m.share?.intent === query.intent : true))
      .filter((m) => (query.objectType ? m.object.type === query.objectType : true))
      .filter((m) => (hashtag ? m.hashtags.has(hashtag) : true))
      .reverse();
    const page = matching.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map((m) => this.toMessage(m)),
      nextCursor: last && matching.length > page.length ? encodeCursor(last.seq) : null,
    };
  }

  /** @internal */
  searchPeople(query: string, limit = DEFAULT_PEOPLE_LIMIT): Person[] {
    const needle = query.trim().toLowerCase();
    const max = Math.min(MAX_PEOPLE_LIMIT, Math.max(1, Math.trunc(limit)));
    const scored = [...this.people.values()]
      .filter((p) => !p.id.startsWith('system:'))
      .map((person) => ({ person, score: matchScore(person, needle) }))
      .filter((entry) => entry.score > 0)
      .sort((a, b) => b.score - a.score || a.person.name.localeCompare(b.person.name));
    return scored.slice(0, max).map((entry) => entry.person);
  }

  /** @internal */
  getObjects(viewerId: string, objects: readonly ObjectRef[]): (ObjectCard | null)[] {
    checkBatch(objects);
    return objects.map((ref) => {
      const object = this.objects.get(objectKey(ref));
      if (!object || !this.access(viewerId, object)) return null;
      return {
        object: refOf(object),
        title: object.title ?? null,
        url: object.url ?? null,
        fields: object.fields ?? [],
      };
    });
  }

  /** @internal */
  getCounts(viewerId: string, objects: readonly ObjectRef[]): ObjectCounts[] {
    checkBatch(objects);
    return objects.map((ref) => {
      const key = objectKey(ref);
      if (!this.objects.has(key) || !this.access(viewerId, ref)) return { object: ref, total: 0, unread: 0 };
      const marker = this.readMarkers.get(markerKey(viewerId, key)) ?? 0;
      let total = 0;
      let unread = 0;
      for (const message of this.messages) {
        if (message.objectKey !== key) continue;
        total++;
        if (message.authorId !== viewerId && message.seq > marker) unread++;
      }
      return { object: ref, total, unread };
    });
  }

  /** @internal */
  markRead(viewerId: string, object: ObjectRef): void {
    const key = this.requireObject(object, viewerId);
    const latest = this.messages.findLast((m) => m.objectKey === key)?.seq ?? 0;
    this.readMarkers.set(markerKey(viewerId, key), latest);
    const event: ActivityEvent = { type: 'read', object: refOf(object) };
    for (const listener of this.activityListeners.get(viewerId) ?? []) {
      queueMicrotask(() => {
        listener(event);
      });
    }
  }

  /** @internal */
  listen(viewerId: string, object: ObjectRef, deliver: (event: MessagePostedEvent) => void): () => void {
    const key = this.requireObject(object, viewerId);
    return addTo(this.threadListeners, key, { viewerId, deliver });
  }

  /** @internal */
  checkAccess(viewerId: string, object: ObjectRef, personIds: readonly string[]): { personId: string; canOpen: boolean }[] {
    this.requireObject(object, viewerId);
    return personIds.map((personId) => ({ personId, canOpen: this.people.has(personId) && this.access(personId, object) }));
  }

  /** @internal */
  listenActivity(viewerId: string, listener: ActivityListener): () => void {
    this.person(viewerId);
    return addTo(this.activityListeners, viewerId, listener);
  }

  private checkWrite(authorId: string, input: PostMessageInput | ShareInput): { key: string; existing: StoredMessage | undefined } {
    this.person(authorId);
    const key = this.requireObject(input.object, authorId);
    const problem = messageTextProblem(input.text);
    if (problem) throw new RseError('INVALID_INPUT', problem);
    if (typeof input.clientId !== 'string' || input.clientId === '' || input.clientId.length > 100) {
      throw new RseError('INVALID_INPUT', 'A client id of 1 to 100 characters is required.');
    }
    return { key, existing: this.byClientId.get(clientKey(authorId, input.clientId)) };
  }

  private inFeed(message: StoredMessage, share: StoredShare, feedId: string | null, viewerId: string): boolean {
    if (feedId !== null) return share.feedIds.includes(feedId);
    return (
      message.authorId === viewerId ||
      share.personIds.includes(viewerId) ||
      share.feedIds.some((id) => this.feeds.get(id)?.members.has(viewerId) === true)
    );
  }

  /** The object's key, or NOT_FOUND — the same answer whether it does not exist or the viewer may not open it. */
  private requireObject(object: ObjectRef, viewerId: string): string {
    const key = objectKey(object);
    if (!this.objects.has(key) || !this.access(viewerId, object)) throw new RseError('NOT_FOUND', 'No such object.');
    return key;
  }

  private store(fields: Omit<StoredMessage, 'seq' | 'id' | 'objectKey' | 'hashtags'>): StoredMessage {
    const seq = ++this.seq;
    const stored: StoredMessage = {
      ...fields,
      seq,
      id: `msg-${String(seq)}`,
      objectKey: objectKey(fields.object),
      object: refOf(fields.object),
      hashtags: new Set(hashtagsOf(parseMarkup(fields.text)).map((tag) => tag.toLowerCase())),
    };
    this.messages.push(stored);
    this.byId.set(stored.id, stored);
    if (stored.clientId !== null) this.byClientId.set(clientKey(stored.authorId, stored.clientId), stored);
    return stored;
  }

  /** Delivers a new message to thread and activity listeners, after the caller has its answer, as over a network. */
  private announce(stored: StoredMessage): Message {
    const event: MessagePostedEvent = { type: 'message-posted', message: this.toMessage(stored) };
    // Access is asked at delivery time, for every listener: a withdrawn right stops the very next push.
    const deliveries: [string, (event: MessagePostedEvent) => void][] = [
      ...[...(this.threadListeners.get(stored.objectKey) ?? [])].map((l): [string, (e: MessagePostedEvent) => void] => [l.viewerId, l.deliver]),
      ...[...this.activityListeners].flatMap(([viewerId, set]) => [...set].map((l): [string, (e: MessagePostedEvent) => void] => [viewerId, l])),
    ];
    for (const [viewerId, deliver] of deliveries) {
      queueMicrotask(() => {
        if (this.access(viewerId, stored.object)) deliver(event);
      });
    }
    return event.message;
  }

  private toMessage(stored: StoredMessage): Message {
    const replies =
      stored.replyTo === null ? this.messages.filter((m) => m.replyTo === stored.id).map((m) => this.toMessage(m)) : [];
    return {
      id: stored.id,
      clientId: stored.clientId,
      object: stored.object,
      author: this.person(stored.authorId),
      text: stored.text,
      tokens: parseMarkup(stored.text),
      createdAt: stored.createdAt,
      editedAt: null,
      replyTo: stored.replyTo,
      replies,
      kind: stored.kind,
      share: stored.share
        ? {
            intent: stored.share.intent,
            severity: stored.share.severity,
            feeds: stored.share.feedIds.flatMap((id) => this.feeds.get(id)?.feed ?? []),
            people: stored.share.personIds.flatMap((id) => this.people.get(id) ?? []),
          }
        : null,
    };
  }
}

function addTo<K, V>(map: Map<K, Set<V>>, key: K, value: V): () => void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(value);
  return () => set.delete(value);
}

function refOf(object: ObjectRef): ObjectRef {
  return object.system == null ? { type: object.type, id: object.id } : { system: object.system, type: object.type, id: object.id };
}

function checkBatch(objects: readonly ObjectRef[]): void {
  if (objects.length > MAX_BATCH) throw new RseError('INVALID_INPUT', `At most ${String(MAX_BATCH)} objects per call.`);
}

function matchScore(person: Person, needle: string): number {
  if (needle === '') return 1;
  const name = person.name.toLowerCase();
  const id = person.id.toLowerCase();
  if (name.startsWith(needle) || id.startsWith(needle)) return 3;
  if (name.split(/\s+/u).some((word) => word.startsWith(needle))) return 2;
  return name.includes(needle) || id.includes(needle) ? 1 : 0;
}

function clientKey(authorId: string, clientId: string): string {
  return `${authorId}\u0000${clientId}`;
}

function markerKey(viewerId: string, key: string): string {
  return `${viewerId}\u0000${key}`;
}

function encodeCursor(seq: number): string {
  return `${CURSOR_PREFIX}${String(seq)}`;
}

function decodeCursor(cursor: string): number {
  const seq = cursor.startsWith(CURSOR_PREFIX) ? Number(cursor.slice(CURSOR_PREFIX.length)) : Number.NaN;
  if (!Number.isSafeInteger(seq) || seq < 0) throw new RseError('INVALID_INPUT', 'Malformed cursor.');
  return seq;
}
