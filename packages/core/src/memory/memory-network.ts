import type { MessagePostedEvent, PostMessageInput, ThreadQuery } from '../adapter.js';
import { RseError } from '../errors.js';
import { clampPageSize, messageTextProblem } from '../limits.js';
import { parseMarkup } from '../markup/parse.js';
import { objectKey, type Message, type ObjectRef, type Person, type ThreadPage } from '../model.js';
import { MemoryAdapter, type MemoryAdapterOptions } from './memory-adapter.js';

/** An ERP object the in-memory network knows about. */
export interface MemoryObject extends ObjectRef {
  readonly title?: string;
}

/** A message to preload, written by `authorId`, optionally `minutesAgo` in the past. */
export interface MemorySeedMessage {
  readonly object: ObjectRef;
  readonly authorId: string;
  readonly text: string;
  readonly minutesAgo?: number;
  /** Index in the seed list of the top-level message this one answers. */
  readonly replyToIndex?: number;
}

/** Everything a {@link MemoryNetwork} starts with. */
export interface MemorySeed {
  readonly people: readonly Person[];
  readonly objects: readonly MemoryObject[];
  readonly messages?: readonly MemorySeedMessage[];
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
}

type Listener = (event: MessagePostedEvent) => void;

const CURSOR_PREFIX = 'mem:';

/**
 * A complete RSE backend held in memory: people, objects, threads and live events. Several
 * {@link MemoryAdapter}s, one per person, share one network, so stories and tests can show two people
 * talking. It follows the same rules as the reference server and passes the same conformance suite.
 */
export class MemoryNetwork {
  private readonly people = new Map<string, Person>();
  private readonly objects = new Map<string, MemoryObject>();
  private readonly messages: StoredMessage[] = [];
  private readonly byId = new Map<string, StoredMessage>();
  private readonly byClientId = new Map<string, StoredMessage>();
  private readonly listeners = new Map<string, Set<Listener>>();
  private seq = 0;

  constructor(seed: MemorySeed) {
    for (const person of seed.people) this.people.set(person.id, person);
    for (const object of seed.objects) this.addObject(object);
    const seeded: StoredMessage[] = [];
    const now = Date.now();
    for (const message of seed.messages ?? []) {
      const parent = message.replyToIndex === undefined ? undefined : seeded[message.replyToIndex];
      const createdAt = new Date(now - (message.minutesAgo ?? 0) * 60_000).toISOString();
      seeded.push(this.store(message.object, message.authorId, message.text, null, parent?.id ?? null, createdAt));
    }
  }

  /** An adapter acting as `personId`. */
  adapterFor(personId: string, options?: MemoryAdapterOptions): MemoryAdapter {
    return new MemoryAdapter(this, personId, options);
  }

  /** Makes an object known (as an ERP would when a record is created). */
  addObject(object: MemoryObject): void {
    this.objects.set(objectKey(object), object);
  }

  /** @internal */
  person(personId: string): Person {
    const person = this.people.get(personId);
    if (!person) throw new RseError('UNAUTHENTICATED', `Unknown person ${JSON.stringify(personId)}.`);
    return person;
  }

  /** @internal */
  getThread(object: ObjectRef, query: ThreadQuery = {}): ThreadPage {
    const key = this.requireObject(object);
    const before = query.before == null ? Number.POSITIVE_INFINITY : decodeCursor(query.before);
    const limit = clampPageSize(query.limit);
    const older = this.messages.filter((m) => m.objectKey === key && m.replyTo === null && m.seq < before);
    const page = older.slice(-limit);
    const first = page[0];
    return {
      items: page.map((m) => this.toMessage(m)),
      nextCursor: first && older.length > page.length ? `${CURSOR_PREFIX}${String(first.seq)}` : null,
    };
  }

  /** @internal */
  post(authorId: string, input: PostMessageInput): Message {
    this.person(authorId);
    const key = this.requireObject(input.object);
    const problem = messageTextProblem(input.text);
    if (problem) throw new RseError('INVALID_INPUT', problem);
    if (typeof input.clientId !== 'string' || input.clientId === '' || input.clientId.length > 100) {
      throw new RseError('INVALID_INPUT', 'A client id of 1 to 100 characters is required.');
    }
    const existing = this.byClientId.get(clientKey(authorId, input.clientId));
    if (existing) return this.toMessage(existing);
    let replyTo: string | null = null;
    if (input.replyTo != null) {
      const parent = this.byId.get(input.replyTo);
      if (parent?.objectKey !== key) throw new RseError('NOT_FOUND', 'The message to reply to does not exist.');
      // One level of replies: answering a reply joins its parent's replies.
      replyTo = parent.replyTo ?? parent.id;
    }
    const stored = this.store(input.object, authorId, input.text, input.clientId, replyTo, new Date().toISOString());
    const event: MessagePostedEvent = { type: 'message-posted', message: this.toMessage(stored) };
    for (const listener of this.listeners.get(key) ?? []) {
      // Delivered after the post resolves, as over a network: listeners never run inside the caller.
      queueMicrotask(() => {
        listener(event);
      });
    }
    return event.message;
  }

  /** @internal */
  listen(object: ObjectRef, listener: Listener): () => void {
    const key = this.requireObject(object);
    let set = this.listeners.get(key);
    if (!set) this.listeners.set(key, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  private requireObject(object: ObjectRef): string {
    const key = objectKey(object);
    if (!this.objects.has(key)) throw new RseError('NOT_FOUND', 'No such object.');
    return key;
  }

  private store(
    object: ObjectRef,
    authorId: string,
    text: string,
    clientId: string | null,
    replyTo: string | null,
    createdAt: string,
  ): StoredMessage {
    const seq = ++this.seq;
    const stored: StoredMessage = {
      seq,
      id: `msg-${String(seq)}`,
      clientId,
      objectKey: objectKey(object),
      object: { ...object },
      authorId,
      text,
      createdAt,
      replyTo,
    };
    this.messages.push(stored);
    this.byId.set(stored.id, stored);
    if (clientId !== null) this.byClientId.set(clientKey(authorId, clientId), stored);
    return stored;
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
    };
  }
}

function clientKey(authorId: string, clientId: string): string {
  return `${authorId}\u0000${clientId}`;
}

function decodeCursor(cursor: string): number {
  const seq = cursor.startsWith(CURSOR_PREFIX) ? Number(cursor.slice(CURSOR_PREFIX.length)) : Number.NaN;
  if (!Number.isSafeInteger(seq) || seq < 0) throw new RseError('INVALID_INPUT', 'Malformed cursor.');
  return seq;
}
