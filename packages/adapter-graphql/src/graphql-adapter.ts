import { GraphQLClient } from 'graphql-request';
import {
  RseError,
  type Message,
  type ObjectRef,
  type Person,
  type PostMessageInput,
  type RseAdapter,
  type Subscription,
  type ThreadEventHandlers,
  type ThreadPage,
  type ThreadQuery,
} from '@rse/core';
import { toAdapterError } from './errors.js';
import {
  ME_QUERY,
  POST_MESSAGE_MUTATION,
  THREAD_QUERY,
  toMessage,
  toObjectInput,
  toPerson,
  type WireMessage,
  type WirePerson,
} from './operations.js';
import { ThreadSubscription } from './thread-subscription.js';

/** What {@link createGraphQLAdapter} takes. */
export interface GraphQLAdapterOptions {
  /** The GraphQL endpoint, e.g. `https://rse.example.com/graphql`; relative URLs resolve against the page. */
  readonly url: string;
  /** The GraphQL-over-SSE endpoint for live events; by default the same as `url`. */
  readonly streamUrl?: string;
  /**
   * The bearer token, or a function returning it (called before every request and every stream
   * (re)connection, so it may refresh). Without one, requests go unauthenticated.
   */
  readonly token?: string | (() => string | Promise<string>);
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
  private readonly client: GraphQLClient;
  private readonly streamUrl: string;
  private readonly subscriptions = new Set<ThreadSubscription>();
  private closed = false;

  constructor(private readonly options: GraphQLAdapterOptions) {
    this.streamUrl = absoluteUrl(options.streamUrl ?? options.url);
    this.client = new GraphQLClient(absoluteUrl(options.url), {
      // Looked up per call, so a test or a service worker may replace the global fetch after creation.
      fetch: (input, init) => (this.options.fetch ?? fetch)(input, init),
      requestMiddleware: async (request) => {
        const headers = new Headers(request.headers);
        for (const [name, value] of Object.entries(await this.authorization())) headers.set(name, value);
        return { ...request, headers };
      },
    });
  }

  async me(): Promise<Person> {
    const data = await this.request<{ me: WirePerson }>(ME_QUERY, {});
    return toPerson(data.me);
  }

  async getThread(object: ObjectRef, query: ThreadQuery = {}): Promise<ThreadPage> {
    const data = await this.request<{ thread: { items: WireMessage[]; nextCursor: string | null } }>(THREAD_QUERY, {
      object: toObjectInput(object),
      before: query.before ?? null,
      limit: query.limit ?? null,
    });
    return { items: data.thread.items.map(toMessage), nextCursor: data.thread.nextCursor };
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
    const subscription = new ThreadSubscription(
      {
        url: this.streamUrl,
        headers: () => this.authorization(),
        fetch: (input, init) => (this.options.fetch ?? fetch)(input, init),
      },
      object,
      handlers,
      (ended) => this.subscriptions.delete(ended),
    );
    this.subscriptions.add(subscription);
    // A closed adapter holds no connections: a late subscriber is closed at once (its `ready` resolves).
    if (this.closed) subscription.close();
    return subscription;
  }

  close(): void {
    this.closed = true;
    for (const subscription of [...this.subscriptions]) subscription.close();
  }

  private async request<T>(document: string, variables: Record<string, unknown>): Promise<T> {
    try {
      return await this.client.request<T>(document, variables);
    } catch (error) {
      throw toAdapterError(error);
    }
  }

  private async authorization(): Promise<Record<string, string>> {
    const { token } = this.options;
    let value: string;
    try {
      value = typeof token === 'function' ? await token() : (token ?? '');
    } catch (error) {
      // The host's token source failed (an expired SSO session): to the UI that is "sign in again".
      throw error instanceof RseError ? error : new RseError('UNAUTHENTICATED', 'No token could be obtained.', { cause: error });
    }
    return value === '' ? {} : { authorization: `Bearer ${value}` };
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
