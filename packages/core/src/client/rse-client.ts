import type { AccessCheck, FeedQuery, RseAdapter, ShareInput } from '../adapter.js';
import { newClientId } from '../ids.js';
import { objectKey, type Feed, type Message, type ObjectCard, type ObjectRef, type Person } from '../model.js';
import { ActivityHub } from './activity-hub.js';
import { CountsCache, type CountsListener } from './counts-cache.js';
import { FeedStore, type FeedViewer } from './feed-store.js';
import { Outbox } from './outbox.js';
import { defaultOutboxStorage, type OutboxStorage } from './outbox-storage.js';
import { TickBatcher } from './tick-batcher.js';
import { ThreadStore } from './thread-store.js';

/** What an {@link RseClient} is built from. */
export interface RseClientOptions {
  /** The backend to talk to. */
  readonly adapter: RseAdapter;
  /**
   * Whether lookups made in the same tick (counts, object cards) go out as one request. On by default;
   * off only to measure what batching saves.
   */
  readonly batching?: boolean;
  /** Where unsent messages are kept: IndexedDB in browsers by default, memory elsewhere. */
  readonly outboxStorage?: OutboxStorage;
}

/** What {@link RseClient.publish} takes: a share, with the client id made for you unless given. */
export type PublishInput = Omit<ShareInput, 'clientId'> & { readonly clientId?: string };

/**
 * The one object every element of a page talks to. It owns what elements must not: the caches (one
 * {@link ThreadStore} per object, one {@link FeedStore} per feed query, counts and object cards),
 * request batching, and the page's single live stream. Elements never call the adapter themselves.
 */
export class RseClient {
  /** The backend this client talks to. */
  readonly adapter: RseAdapter;
  /** Every message on its way to the backend (pending, waiting for the network, or failed). */
  readonly outbox: Outbox;
  private readonly hub: ActivityHub;
  private readonly counts: CountsCache;
  private readonly objects: TickBatcher<ObjectRef, ObjectCard | null>;
  private readonly cards = new Map<string, Promise<ObjectCard | null>>();
  private readonly threads = new Map<string, ThreadStore>();
  private readonly feedStores = new Map<string, FeedStore>();
  private mePromise: Promise<Person> | null = null;
  private meId: string | null = null;
  private feedsPromise: Promise<Feed[]> | null = null;

  constructor(options: RseClientOptions) {
    this.adapter = options.adapter;
    const batching = options.batching ?? true;
    this.hub = new ActivityHub(this.adapter);
    this.counts = new CountsCache(this.adapter, this.hub, () => this.meId, batching);
    this.objects = new TickBatcher((refs) => this.adapter.getObjects(refs), {
      batch: batching,
      maxBatchSize: 1000,
      keyOf: objectKey,
    });
    this.outbox = new Outbox(
      this.adapter,
      options.outboxStorage ?? defaultOutboxStorage(this.adapter.id),
      async () => (await this.me()).id,
      (message) => this.threads.get(objectKey(message.object))?.delivered(message),
    );
    // Known early, so live counts can tell the viewer's own messages from others'; then whatever an
    // earlier page of this person left unsent goes out.
    this.me().then(
      () => this.outbox.restore(),
      () => undefined,
    );
  }

  /** The shared store of one object's thread; the same object always gives the same store. */
  thread(object: ObjectRef): ThreadStore {
    const key = objectKey(object);
    let store = this.threads.get(key);
    if (!store) {
      store = new ThreadStore(this.adapter, this.hub, this.outbox, object);
      this.threads.set(key, store);
    }
    return store;
  }

  /** The shared store of one feed with its filters; the same query always gives the same store. */
  feed(query: FeedQuery = {}): FeedStore {
    const normalized: FeedQuery = {
      feedId: query.feedId ?? null,
      intent: query.intent ?? null,
      objectType: query.objectType ?? null,
      hashtag: query.hashtag?.replace(/^#/u, '') ?? null,
      limit: query.limit,
    };
    const key = JSON.stringify(normalized);
    let store = this.feedStores.get(key);
    if (!store) {
      store = new FeedStore(this.adapter, this.hub, normalized, () => this.viewer());
      this.feedStores.set(key, store);
    }
    return store;
  }

  /**
   * Watches an object's message counts (for badges) until the returned function is called. Every
   * watch started in the same tick is fetched in one request; live events keep the numbers fresh.
   */
  watchCounts(object: ObjectRef, listener: CountsListener): () => void {
    return this.counts.watch(object, listener);
  }

  /** Marks an object's thread read for the viewer; badges showing it drop their unread count. */
  async markRead(object: ObjectRef): Promise<void> {
    await this.adapter.markRead(object);
    this.counts.markedRead(object);
  }

  /** An object's card, or `null` when it does not exist for the viewer; batched and cached. */
  getObject(object: ObjectRef): Promise<ObjectCard | null> {
    const key = objectKey(object);
    let card = this.cards.get(key);
    if (!card) {
      card = this.objects.get(object);
      // A failure is not an answer: forget it so the next call asks again.
      card.catch(() => this.cards.delete(key));
      this.cards.set(key, card);
    }
    return card;
  }

  /**
   * Publishes an information, a request or an alert about an object to feeds and people — for ERP
   * front-end code, e.g. after saving an order. Retrying with the same `clientId` never duplicates.
   */
  publish(input: PublishInput): Promise<Message> {
    return this.adapter.share({ ...input, clientId: input.clientId ?? newClientId() });
  }

  /** The feeds the viewer belongs to (asked once, then remembered). */
  feeds(): Promise<Feed[]> {
    this.feedsPromise ??= this.adapter.listFeeds().catch((error: unknown) => {
      this.feedsPromise = null;
      throw error;
    });
    return this.feedsPromise;
  }

  /** Which of these people may open the object: composers warn before mentioning someone who may not. */
  checkAccess(object: ObjectRef, personIds: readonly string[]): Promise<AccessCheck[]> {
    return this.adapter.checkAccess(object, personIds);
  }

  /** People matching `query`, for mentions and audiences. */
  searchPeople(query: string, limit?: number): Promise<Person[]> {
    return this.adapter.searchPeople(query, limit);
  }

  /** The person this client acts for (asked once, then remembered; asked again after a failure). */
  me(): Promise<Person> {
    this.mePromise ??= this.adapter.me().then(
      (me) => {
        this.meId = me.id;
        return me;
      },
      (error: unknown) => {
        this.mePromise = null;
        throw error;
      },
    );
    return this.mePromise;
  }

  /** Closes live connections and forgets the caches. */
  close(): void {
    this.threads.clear();
    this.feedStores.clear();
    this.cards.clear();
    this.adapter.close?.();
  }

  private async viewer(): Promise<FeedViewer> {
    const [me, feeds] = await Promise.all([this.me(), this.feeds()]);
    return { personId: me.id, feedIds: new Set(feeds.map((f) => f.id)) };
  }
}
