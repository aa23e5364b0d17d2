import { GraphQLClient } from 'graphql-request';
import {
  type AccessCheck,
  type ActivityEvent,
  type ActivityEventHandlers,
  type Feed,
  type FeedQuery,
  type Message,
  type ObjectCard,
  type ObjectCounts,
  type ObjectRef,
  type Page,
  type Person,
  type PostMessageInput,
  type RseAdapter,
  RseError,
  type ShareInput,
  type Subscription,
  type ThreadEvent,
  type ThreadEventHandlers,
  type ThreadPage,
  type ThreadQuery,
} from '@rse/core';
import { toAdapterError } from './errors.js';
import { LiveSubscription, type LiveHandlers, type LiveOperation } from './live-subscription.js';
import {
  ACTIVITY_SUBSCRIPTION,
  CHECK_ACCESS_QUERY,
  COUNTS_QUERY,
  FEED_QUERY,
  FEEDS_QUERY,
  MARK_READ_MUTATION,
  ME_QUERY,
  OBJECTS_QUERY,
  PEOPLE_QUERY,
  POST_MESSAGE_MUTATION,
  SHARE_MUTATION,
  THREAD_EVENTS_SUBSCRIPTION,
  THREAD_QUERY,
  toMessage,
  toObjectInput,
  toObjectRef,
  toPage,
  toPerson,
  toWireEnum,
  type WireMessage,
  type WireObject,
  type WirePage,
  type WirePerson,
} from './operations.js';
import { TokenSource, type TokenProvider } from './token-source.js';

/** The most objects the protocol takes in one `objects` or `counts` call; longer lists go in several. */
const MAX_OBJECTS_PER_CALL = 1000;
/** The most people the protocol takes in one `checkAccess` call; longer lists go in several. */
const MAX_ACCESS_CHECKS_PER_CALL = 100;

/** What {@link createGraphQLAdapter} takes. */
export interface GraphQLAdapterOptions {
  /** The GraphQL endpoint, e.g. `https://rse.example.com/graphql`; relative URLs resolve against the page. */
  readonly url: string;
  /** The GraphQL-over-SSE endpoint for live events; by default the same as `url`. */
  readonly streamUrl?: string;
  /**
   * The bearer token, or a function returning it (called before every request and every stream
   * (re)connection, so it may refresh). When the server answers 401 (`UNAUTHENTICATED`), the function is
   * called again with `{ refresh: true }` and the request — or the stream's setup — is retried once with
   * the new token. Without a token, requests go unauthenticated.
   */
  readonly token?: string | TokenProvider;
  /** The fetch to use; the global one by default (tests, proxies and service workers may swap it). */
  readonly fetch?: typeof fetch;
}

/** Resolves `url` against the page when there is one; graphql-request and graphql-sse need absolute URLs. */
function absoluteUrl(url: string): string {
  const base = (globalThis as { location?: { href?: string } }).location?.href;
  return new URL(url, base).href;
}

/**
 * The {@link RseAdapter} for any backend that implements `schema.graphql` — the reference server
 * `@rse/server` among them: queries and mutations through graphql-request, live events through graphql-sse.
 */
class GraphQLAdapter implements RseAdapter {
  /** The endpoint: unsent messages are kept per backend, so they are never sent to another one. */
  readonly id: string;
  private readonly client: GraphQLClient;
  private readonly tokens: TokenSource;
  private readonly streamUrl: string;
  private readonly subscriptions = new Set<Subscription>();
  private closed = false;

  constructor(private readonly options: GraphQLAdapterOptions) {
    this.streamUrl = absoluteUrl(options.streamUrl ?? options.url);
    this.tokens = new TokenSource(options.token);
    this.id = absoluteUrl(options.url);
    this.client = new GraphQLClient(this.id, {
      // Looked up per call, so a test or a service worker may replace the global fetch after creation.
      fetch: (input, init) => (this.options.fetch ?? fetch)(input, init),
    });
  }

  async me(): Promise<Person> {
    const data = await this.request<{ me: WirePerson }>(ME_QUERY, {});
    return toPerson(data.me);
  }

  async getThread(object: ObjectRef, query: ThreadQuery = {}): Promise<ThreadPage> {
    const data = await this.request<{ thread: WirePage }>(THREAD_QUERY, {
      object: toObjectInput(object),
      before: query.before ?? null,
      limit: query.limit ?? null,
    });
    return toPage(data.thread);
  }

  async postMessage(input: PostMessageInput): Promise<Message> {
    const data = await this.request<{ postMessage: WireMessage }>(POST_MESSAGE_MUTATION, {
      input: {
        object: toObjectInput(input.object),
        text: input.text,
        clientId: input.clientId,
        replyTo: input.replyTo ?? null,
      },
    });
    return toMessage(data.postMessage);
  }

  subscribeThread(object: ObjectRef, handlers: ThreadEventHandlers): Subscription {
    return this.subscribe<ThreadEvent>(
      {
        query: THREAD_EVENTS_SUBSCRIPTION,
        variables: { object: toObjectInput(object) },
        field: 'threadEvents',
        toEvent: ({ message }) => (message ? { type: 'message-posted', message: toMessage(message) } : undefined),
      },
      handlers,
    );
  }

  async share(input: ShareInput): Promise<Message> {
    const data = await this.request<{ share: WireMessage }>(SHARE_MUTATION, {
      input: {
        object: toObjectInput(input.object),
        text: input.text,
        clientId: input.clientId,
        intent: toWireEnum(input.intent),
        severity: toWireEnum(input.severity),
        feedIds: input.feedIds,
        personIds: input.personIds,
      },
    });
    return toMessage(data.share);
  }

  async listFeeds(): Promise<Feed[]> {
    return (await this.request<{ feeds: Feed[] }>(FEEDS_QUERY, {})).feeds;
  }

  async getFeed(query: FeedQuery = {}): Promise<Page<Message>> {
    const data = await this.request<{ feed: WirePage }>(FEED_QUERY, {
      feedId: query.feedId ?? null,
      intent: toWireEnum(query.intent),
      objectType: query.objectType ?? null,
      hashtag: query.hashtag ?? null,
      before: query.before ?? null,
      limit: query.limit ?? null,
    });
    return toPage(data.feed);
  }

  async searchPeople(query: string, limit?: number): Promise<Person[]> {
    const data = await this.request<{ people: WirePerson[] }>(PEOPLE_QUERY, { search: query, limit: limit ?? null });
    return data.people.map(toPerson);
  }

  getObjects(objects: readonly ObjectRef[]): Promise<(ObjectCard | null)[]> {
    type WireCard = Omit<ObjectCard, 'object'> & { object: WireObject };
    return this.inBatches(objects, async (batch) => {
      const data = await this.request<{ objects: (WireCard | null)[] }>(OBJECTS_QUERY, { objects: batch });
      return data.objects.map((card) => card && { object: toObjectRef(card.object), title: card.title, url: card.url, fields: card.fields });
    });
  }

  getCounts(objects: readonly ObjectRef[]): Promise<ObjectCounts[]> {
    return this.inBatches(objects, async (batch) => {
      const data = await this.request<{ counts: { total: number; unread: number }[] }>(COUNTS_QUERY, { objects: batch });
      // The protocol answers one entry per input, in order, so the objects need not travel back: for a
      // page of 1,000 badges that is 58 KB less to serialize, send and parse. A server that answers
      // another number of entries breaks that promise; no count may then land on the wrong record.
      if (data.counts.length !== batch.length) {
        throw new RseError('INTERNAL', `The server answered ${String(data.counts.length)} counts for ${String(batch.length)} records.`);
      }
      return data.counts.map(({ total, unread }, index) => ({ object: toObjectRef(batch[index] as WireObject), total, unread }));
    });
  }

  async checkAccess(object: ObjectRef, personIds: readonly string[]): Promise<AccessCheck[]> {
    const batches: string[][] = [];
    for (let start = 0; start < personIds.length; start += MAX_ACCESS_CHECKS_PER_CALL) {
      batches.push(personIds.slice(start, start + MAX_ACCESS_CHECKS_PER_CALL));
    }
    // An empty list still asks once: the viewer's own access to the object is part of the answer.
    if (batches.length === 0) batches.push([]);
    const answers = await Promise.all(
      batches.map((batch) => this.request<{ checkAccess: AccessCheck[] }>(CHECK_ACCESS_QUERY, { object: toObjectInput(object), personIds: batch })),
    );
    return answers.flatMap((data) => data.checkAccess.map(({ personId, canOpen }) => ({ personId, canOpen })));
  }

  async markRead(object: ObjectRef): Promise<void> {
    await this.request(MARK_READ_MUTATION, { object: toObjectInput(object) });
  }

  subscribeActivity(handlers: ActivityEventHandlers): Subscription {
    return this.subscribe<ActivityEvent>(
      {
        query: ACTIVITY_SUBSCRIPTION,
        variables: {},
        field: 'activity',
        toEvent: ({ kind, message, object }) => {
          if (kind === 'MESSAGE_POSTED' && message) return { type: 'message-posted', message: toMessage(message) };
          if (kind === 'READ' && object) return { type: 'read', object: toObjectRef(object) };
          // An event kind from a newer server: skipped, so an older client keeps working.
          return undefined;
        },
      },
      handlers,
    );
  }

  close(): void {
    this.closed = true;
    for (const subscription of [...this.subscriptions]) subscription.close();
  }

  private subscribe<E>(operation: LiveOperation<E>, handlers: LiveHandlers<E>): Subscription {
    const subscription = new LiveSubscription(
      {
        url: this.streamUrl,
        headers: (refresh) => this.tokens.headers(refresh),
        canRefresh: this.tokens.refreshable,
        fetch: (input, init) => (this.options.fetch ?? fetch)(input, init),
      },
      operation,
      handlers,
      (ended) => this.subscriptions.delete(ended),
    );
    this.subscriptions.add(subscription);
    // A closed adapter holds no connections: a late subscriber is closed at once (its `ready` resolves).
    if (this.closed) subscription.close();
    return subscription;
  }

  /** Runs `call` on slices the protocol accepts (in parallel) and joins the answers in order. */
  private async inBatches<T>(objects: readonly ObjectRef[], call: (batch: ReturnType<typeof toObjectInput>[]) => Promise<T[]>): Promise<T[]> {
    const batches: ReturnType<typeof toObjectInput>[][] = [];
    for (let start = 0; start < objects.length; start += MAX_OBJECTS_PER_CALL) {
      batches.push(objects.slice(start, start + MAX_OBJECTS_PER_CALL).map(toObjectInput));
    }
    return (await Promise.all(batches.map(call))).flat();
  }

  /**
   * Sends one query or mutation. A 401 means nothing was executed, so after one the provider is asked
   * for a fresh token and the operation is sent once more (posts and shares are idempotent by client id
   * anyway); a second refusal is the caller's `UNAUTHENTICATED`.
   */
  private async request<T>(document: string, variables: Record<string, unknown>): Promise<T> {
    try {
      return await this.send<T>(document, variables, false);
    } catch (error) {
      const failure = toAdapterError(error);
      if (failure.code !== 'UNAUTHENTICATED' || !this.tokens.refreshable) throw failure;
    }
    try {
      return await this.send<T>(document, variables, true);
    } catch (error) {
      throw toAdapterError(error);
    }
  }

  private send<T>(document: string, variables: Record<string, unknown>, refreshToken: boolean): Promise<T> {
    // A token at hand sends the request in this very tick (graphql-request calls fetch synchronously).
    const headers = refreshToken ? this.tokens.headers(true) : this.tokens.headersNow();
    if (headers instanceof Promise) return headers.then((requestHeaders) => this.client.request<T>({ document, variables, requestHeaders }));
    return this.client.request<T>({ document, variables, requestHeaders: headers });
  }
}

/**
 * Creates an {@link RseAdapter} talking to a backend that implements `schema.graphql`.
 *
 * @example
 * const adapter = createGraphQLAdapter({ url: '/graphql', token: () => sso.accessToken() });
 */
export function createGraphQLAdapter(options: GraphQLAdapterOptions): RseAdapter {
  return new GraphQLAdapter(options);
}
