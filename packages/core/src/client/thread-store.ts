import type { ActivityEvent, RseAdapter } from '../adapter.js';
import { toRseError, type RseError, type RseErrorCode } from '../errors.js';
import { newClientId } from '../ids.js';
import { objectKey, type Message, type ObjectRef, type ThreadPage } from '../model.js';
import type { ActivityHandle, ActivityHub } from './activity-hub.js';
import type { Outbox } from './outbox.js';
import type { OutboxEntry, OutboxState } from './outbox-storage.js';

/** Where a thread's first page stands. */
export type ThreadStatus = 'loading' | 'ready' | 'error';

/** A message this client sent and the backend has not confirmed yet. */
export interface PendingMessage {
  readonly clientId: string;
  readonly text: string;
  readonly replyTo: string | null;
  /** `sending` now, `waiting` for the backend to be reachable, or `failed` for good (retry or discard). */
  readonly state: OutboxState;
  /** Why the last attempt failed, if it did. */
  readonly error: { readonly code: RseErrorCode; readonly message: string } | null;
}

/** An immutable snapshot of one thread, replaced as a whole on every change. */
export interface ThreadState {
  readonly status: ThreadStatus;
  /** Why the first page could not be read, when `status` is `error`. */
  readonly error: RseError | null;
  /** Top-level messages, oldest first, each with its replies. */
  readonly messages: readonly Message[];
  /** Whether older messages exist that are not loaded yet. */
  readonly hasOlder: boolean;
  readonly loadingOlder: boolean;
  /** Messages being sent by this client. */
  readonly pending: readonly PendingMessage[];
  /** Whether live events are flowing. */
  readonly live: boolean;
}

type Listener = (state: ThreadState) => void;

/** How many pages a resync reads back at most to close a gap (3,000 messages at the default page size). */
const MAX_GAP_PAGES = 100;

const INITIAL_STATE: ThreadState = {
  status: 'loading',
  error: null,
  messages: [],
  hasOlder: false,
  loadingOlder: false,
  pending: [],
  live: false,
};

/**
 * One object's thread as every element on the page sees it: loaded page by page, kept live, merged
 * with this client's own posts. Obtain it from `RseClient.thread()`, which shares one store per object,
 * so two elements showing the same thread always agree.
 *
 * Loading starts with the first listener and the live subscription ends with the last one; the
 * messages read so far stay cached for the next listener.
 */
export class ThreadStore {
  private current: ThreadState = INITIAL_STATE;
  private readonly listeners = new Set<Listener>();
  private activity: ActivityHandle | null = null;
  /** Own messages shown because the outbox delivered them, not yet seen on a page or the stream. */
  private readonly ownOnly = new Set<string>();
  private stopOutbox: (() => void) | null = null;
  private nextCursor: string | null = null;
  private generation = 0;
  private readonly key: string;

  constructor(
    private readonly adapter: RseAdapter,
    private readonly hub: ActivityHub,
    private readonly outbox: Outbox,
    /** The object this thread is about. */
    readonly object: ObjectRef,
  ) {
    this.key = objectKey(object);
    this.current = { ...this.current, pending: this.pendingFrom(outbox.entries) };
  }

  /** The latest snapshot. */
  get state(): ThreadState {
    return this.current;
  }

  /** Calls `listener` with every new snapshot until the returned function is called. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    if (this.listeners.size === 1) this.start();
    return () => {
      if (!this.listeners.delete(listener) || this.listeners.size > 0) return;
      this.stop();
    };
  }

  /** Loads the page of messages before the oldest one shown. */
  async loadOlder(): Promise<void> {
    if (this.current.loadingOlder || this.nextCursor === null) return;
    this.update({ loadingOlder: true });
    try {
      const page = await this.adapter.getThread(this.object, { before: this.nextCursor });
      this.nextCursor = page.nextCursor;
      this.update({
        loadingOlder: false,
        hasOlder: page.nextCursor !== null,
        messages: mergeMessages(page.items, this.current.messages),
      });
    } catch (error) {
      this.update({ loadingOlder: false });
      throw toRseError(error);
    }
  }

  /**
   * Posts a message, or a reply when `replyTo` names a top-level message, through the client's outbox:
   * it shows as pending at once, is kept and retried while the backend is unreachable, and resolves
   * with the stored message — or rejects if the backend refuses it for good (it then stays pending as
   * `failed`, for {@link retry} or {@link discard}).
   */
  post(text: string, replyTo: string | null = null): Promise<Message> {
    return this.outbox.send({ object: this.object, text, clientId: newClientId(), replyTo });
  }

  /** Sends a failed message again (same client id: never a duplicate). */
  retry(clientId: string): void {
    this.outbox.retry(clientId);
  }

  /** Gives up on a message that was not sent. */
  discard(clientId: string): void {
    this.outbox.discard(clientId);
  }

  /** @internal The outbox delivered a message of this thread. */
  delivered(message: Message): void {
    // Known from the outbox only, not from the stream: a resync must not take it as proof that
    // everything before it was seen.
    if (!this.current.messages.some((m) => m.id === message.id)) this.ownOnly.add(message.id);
    this.receive(message);
  }

  /** Reads the newest page again, e.g. after an error. */
  reload(): void {
    this.stop();
    this.current = { ...INITIAL_STATE, messages: this.current.messages, pending: this.pendingFrom(this.outbox.entries) };
    this.emit();
    if (this.listeners.size > 0) this.start();
  }

  private start(): void {
    const generation = ++this.generation;
    const activity = this.hub.listen({
      next: (event) => {
        this.onActivity(event);
      },
      // The stream dropped and came back: the newest page holds whatever was posted meanwhile.
      resync: () => void this.loadNewest(generation),
      live: (live) => {
        this.update({ live });
      },
    });
    this.activity = activity;
    this.stopOutbox = this.outbox.subscribe((entries) => {
      this.update({ pending: this.pendingFrom(entries) });
    });
    // Listen first and read once the stream delivers: a message posted in between cannot fall into
    // the gap. A stream that fails still reads, so a backend without live events works.
    activity.ready.then(
      () => {
        if (generation !== this.generation) return;
        this.update({ live: this.hub.isLive });
        void this.loadNewest(generation);
      },
      () => {
        if (generation === this.generation) void this.loadNewest(generation);
      },
    );
  }

  private stop(): void {
    this.generation++;
    this.activity?.close();
    this.activity = null;
    this.stopOutbox?.();
    this.stopOutbox = null;
    if (this.current.live) this.update({ live: false });
  }

  private async loadNewest(generation: number): Promise<void> {
    try {
      const page = await this.adapter.getThread(this.object);
      if (generation !== this.generation) return;
      // Keep older pages already read; the newest page replaces what it covers.
      const keepOlder = this.current.status === 'ready';
      if (!keepOlder) this.nextCursor = page.nextCursor;
      if (!keepOlder) {
        this.update({ status: 'ready', error: null, hasOlder: page.nextCursor !== null, messages: mergeMessages(this.current.messages, page.items) });
        return;
      }
      const gap = await this.fillGap(page, generation);
      if (generation !== this.generation) return;
      for (const message of gap.items) this.ownOnly.delete(message.id);
      if (gap.closed) {
        this.update({ status: 'ready', error: null, messages: mergeMessages(this.current.messages, gap.items) });
      } else {
        // Too much was missed to read back at once: show what was read and let the reader page back
        // from there, rather than leave a hole nobody can scroll into.
        this.nextCursor = gap.cursor;
        this.update({ status: 'ready', error: null, messages: mergeMessages([], gap.items), hasOlder: gap.cursor !== null });
      }
    } catch (error) {
      if (generation !== this.generation) return;
      this.update({ status: 'error', error: toRseError(error) });
    }
  }

  /**
   * After a drop, more may have been posted than one page holds: read back page by page until the
   * pages meet a message already shown, so nothing posted while away is missing.
   */
  private async fillGap(newest: ThreadPage, generation: number): Promise<{ items: readonly Message[]; closed: boolean; cursor: string | null }> {
    const known = new Set(this.current.messages.filter((m) => !this.ownOnly.has(m.id)).map((m) => m.id));
    let items = newest.items;
    let cursor = newest.nextCursor;
    const meets = () => known.size === 0 || items.some((m) => known.has(m.id));
    for (let pages = 1; cursor !== null && pages < MAX_GAP_PAGES && !meets(); pages++) {
      const older = await this.adapter.getThread(this.object, { before: cursor });
      if (generation !== this.generation) break;
      items = [...older.items, ...items];
      cursor = older.nextCursor;
    }
    return { items, closed: meets() || cursor === null, cursor };
  }

  private onActivity(event: ActivityEvent): void {
    if (event.type !== 'message-posted' || objectKey(event.message.object) !== this.key) return;
    this.ownOnly.delete(event.message.id);
    this.receive(event.message);
  }

  private receive(message: Message): void {
    this.update({
      messages: mergeMessages(this.current.messages, [message]),
      pending: this.current.pending.filter((p) => p.clientId !== message.clientId),
    });
  }

  private pendingFrom(entries: readonly OutboxEntry[]): PendingMessage[] {
    return entries
      .filter((e) => objectKey(e.input.object) === this.key)
      .map((e) => ({ clientId: e.clientId, text: e.input.text, replyTo: e.input.replyTo ?? null, state: e.state, error: e.error }));
  }

  private update(patch: Partial<ThreadState>): void {
    this.current = { ...this.current, ...patch };
    this.emit();
  }

  private emit(): void {
    for (const listener of this.listeners) listener(this.current);
  }
}

/**
 * Merges `incoming` into `existing`: top-level messages by id (incoming wins, order kept, new ones
 * appended), replies into their parent's replies. Pages, live events and own posts all pass through
 * here, so a message seen twice is shown once.
 */
export function mergeMessages(existing: readonly Message[], incoming: readonly Message[]): Message[] {
  const result = [...existing];
  const position = new Map(result.map((m, i) => [m.id, i]));
  for (const message of incoming) {
    if (message.replyTo === null) {
      const at = position.get(message.id);
      if (at === undefined) {
        position.set(message.id, result.length);
        result.push(message);
      } else {
        const known = result[at];
        result[at] = { ...message, replies: mergeReplies(known?.replies ?? [], message.replies) };
      }
      continue;
    }
    const parentAt = position.get(message.replyTo);
    const parent = parentAt === undefined ? undefined : result[parentAt];
    // A reply to a message not loaded yet is dropped: it arrives with its parent's page.
    if (parent && parentAt !== undefined) {
      result[parentAt] = { ...parent, replies: mergeReplies(parent.replies, [message]) };
    }
  }
  // A message that arrived late (replayed after an outage, or a page read back) goes where it belongs:
  // threads read oldest first. The sort is stable, and skipped when nothing is out of order.
  if (result.some((m, k) => k > 0 && (result[k - 1]?.createdAt ?? '') > m.createdAt)) {
    result.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
  }
  return result;
}

function mergeReplies(existing: readonly Message[], incoming: readonly Message[]): Message[] {
  const known = new Set(existing.map((m) => m.id));
  return [...existing, ...incoming.filter((m) => !known.has(m.id))];
}
