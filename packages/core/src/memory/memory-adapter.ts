import type {
  AccessCheck,
  ActivityEventHandlers,
  FeedQuery,
  PostMessageInput,
  RseAdapter,
  ShareInput,
  Subscription,
  ThreadEventHandlers,
  ThreadQuery,
} from '../adapter.js';
import { RseError } from '../errors.js';
import type { Feed, Message, ObjectCard, ObjectCounts, ObjectRef, Page, Person, ThreadPage } from '../model.js';
import type { MemoryNetwork } from './memory-network.js';

/** Knobs for showing every data state in stories and tests. */
export interface MemoryAdapterOptions {
  /** Milliseconds every call waits before answering; `Infinity` never answers (a loading state). */
  readonly latency?: number;
  /** Start offline: every call fails with a `NETWORK` error until `offline` is set back to `false`. */
  readonly offline?: boolean;
}

/**
 * The in-process {@link RseAdapter}: one person's view of a {@link MemoryNetwork}. It is a real
 * implementation, not a mock — it validates, paginates, de-duplicates and streams like the server.
 */
export class MemoryAdapter implements RseAdapter {
  /** While `true`, every call fails with a `NETWORK` error, as when the server is unreachable. */
  offline: boolean;
  /** How many batched lookups and activity streams this adapter was asked for (tests check batching with it). */
  readonly calls = { counts: 0, objects: 0, streams: 0 };
  private readonly latency: number;

  constructor(
    private readonly network: MemoryNetwork,
    private readonly personId: string,
    options: MemoryAdapterOptions = {},
  ) {
    this.latency = options.latency ?? 0;
    this.offline = options.offline ?? false;
  }

  me(): Promise<Person> {
    return this.answer(() => this.network.person(this.personId));
  }

  getThread(object: ObjectRef, query?: ThreadQuery): Promise<ThreadPage> {
    return this.answer(() => this.network.getThread(this.personId, object, query));
  }

  postMessage(input: PostMessageInput): Promise<Message> {
    return this.answer(() => this.network.post(this.personId, input));
  }

  share(input: ShareInput): Promise<Message> {
    return this.answer(() => this.network.share(this.personId, input));
  }

  listFeeds(): Promise<Feed[]> {
    return this.answer(() => this.network.listFeeds(this.personId));
  }

  getFeed(query?: FeedQuery): Promise<Page<Message>> {
    return this.answer(() => this.network.getFeed(this.personId, query));
  }

  searchPeople(query: string, limit?: number): Promise<Person[]> {
    return this.answer(() => this.network.searchPeople(query, limit));
  }

  getObjects(objects: readonly ObjectRef[]): Promise<(ObjectCard | null)[]> {
    this.calls.objects++;
    return this.answer(() => this.network.getObjects(this.personId, objects));
  }

  getCounts(objects: readonly ObjectRef[]): Promise<ObjectCounts[]> {
    this.calls.counts++;
    return this.answer(() => this.network.getCounts(this.personId, objects));
  }

  checkAccess(object: ObjectRef, personIds: readonly string[]): Promise<AccessCheck[]> {
    return this.answer(() => this.network.checkAccess(this.personId, object, personIds));
  }

  markRead(object: ObjectRef): Promise<void> {
    return this.answer(() => {
      this.network.markRead(this.personId, object);
    });
  }

  subscribeThread(object: ObjectRef, handlers: ThreadEventHandlers): Subscription {
    return this.subscription(handlers, (deliver) => this.network.listen(this.personId, object, deliver));
  }

  subscribeActivity(handlers: ActivityEventHandlers): Subscription {
    this.calls.streams++;
    return this.subscription(handlers, (deliver) => this.network.listenActivity(this.personId, deliver));
  }

  private subscription<E>(handlers: { next(event: E): void; error?(error: unknown): void }, listen: (deliver: (event: E) => void) => () => void): Subscription {
    let stop: (() => void) | undefined;
    let closed = false;
    const ready = this.answer(() => {
      if (closed) return;
      stop = listen((event) => {
        if (!this.offline) handlers.next(event);
      });
    });
    ready.catch((error: unknown) => handlers.error?.(error));
    return {
      ready,
      close: () => {
        closed = true;
        stop?.();
      },
    };
  }

  private async answer<T>(compute: () => T): Promise<T> {
    if (this.latency === Number.POSITIVE_INFINITY) return new Promise<T>(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, this.latency));
    if (this.offline) throw new RseError('NETWORK', 'The server cannot be reached.');
    return compute();
  }
}
