import { createClient, NetworkError, type ExecutionResult } from 'graphql-sse';
import { RseError, type Subscription } from '@rse/core';
import { fromGraphQLErrors, fromResponse, isNetworkFailure } from './errors.js';
import type { WireLiveEvent } from './operations.js';

/** Reconnection attempts after a live stream drops, before the subscription fails with `NETWORK`. */
const RECONNECT_ATTEMPTS = 8;
/** The longest wait between two reconnection attempts. */
const MAX_RECONNECT_DELAY_MS = 30_000;
/**
 * A stream the server ends on purpose (its token expired) is opened again at once; ended again sooner
 * than this after opening, it counts as a failure instead, so a token that is always about to expire
 * cannot make the client reconnect in a tight loop.
 */
const MIN_STREAM_LIFE_MS = 1000;

/** What a live subscription needs from its adapter. */
export interface StreamConnection {
  /** Absolute URL of the GraphQL-over-SSE endpoint. */
  readonly url: string;
  /**
   * Request headers, authorization included; fetched again for every (re)connection, with `refresh`
   * after the server refused the previous token.
   */
  readonly headers: (refresh: boolean) => Promise<Record<string, string>>;
  /** Whether asking for a fresh token may help after a 401 (a fixed token never changes). */
  readonly canRefresh: boolean;
  readonly fetch: typeof fetch;
}

/** One resumable subscription of the protocol (`threadEvents`, `activity`): what to send and how to read it. */
export interface LiveOperation<E> {
  /** The subscription document; it declares `$after: String`. */
  readonly query: string;
  /** Its variables other than `after`. */
  readonly variables: Record<string, unknown>;
  /** The subscription field, e.g. `threadEvents`. */
  readonly field: string;
  /** A non-READY wire event as the model's event, or `undefined` to skip it. */
  toEvent(wire: WireLiveEvent): E | undefined;
}

/** Callbacks of a live subscription (`ThreadEventHandlers`, `ActivityEventHandlers`). */
export interface LiveHandlers<E> {
  next(event: E): void;
  error?(error: unknown): void;
  connection?(connected: boolean): void;
}

type LiveResult = ExecutionResult<Record<string, WireLiveEvent | null | undefined>, unknown>;

/**
 * One live subscription over graphql-sse ("distinct connections" mode: one SSE response per
 * subscription), for any resumable operation of the protocol. It owns its graphql-sse client so that
 * retry decisions stay per subscription:
 * - before READY nothing is retried, so `ready` settles promptly (an unknown object, a refused token or an
 *   unreachable server all reject it at once);
 * - after READY a dropped stream reconnects with backoff, passing the last cursor as `after`, so the server
 *   replays what was posted meanwhile; refusals (401, 4xx) end it instead, since retrying cannot help;
 * - either way, one 401 is answered by asking the token provider for a fresh token and connecting again
 *   at once; a second 401 in a row is final;
 * - after READY a stream the server ends (`complete`: the token that opened it expired) is opened again
 *   at once with a fresh token and the last cursor, without a word to the subscriber: nothing is missed
 *   and the UI never stops claiming to be live for it.
 */
export class LiveSubscription<E> implements Subscription {
  readonly ready: Promise<void>;
  private settleReady!: { resolve: () => void; reject: (error: RseError) => void };
  private isReady = false;
  private ended = false;
  /** Why the last connection attempt failed; read by the retry policy, which graphql-sse gives no error. */
  private lastFailure: RseError | undefined;
  private readonly variables: Record<string, unknown> & { after: string | null };
  /** Set after a 401: the next connection asks for a fresh token. */
  private refreshToken = false;
  /** Whether the last 401 was already answered with a fresh token (reset by any accepted connection). */
  private refreshedAfterRefusal = false;
  private readonly waits = new AbortController();
  private readonly client;
  private unsubscribe: () => void = () => undefined;
  /** When the current stream was opened (`Date.now()`), to tell a renewal from a failing server. */
  private openedAt = 0;

  constructor(
    connection: StreamConnection,
    private readonly operation: LiveOperation<E>,
    private readonly handlers: LiveHandlers<E>,
    private readonly onEnd: (subscription: Subscription) => void,
  ) {
    this.ready = new Promise<void>((resolve, reject) => {
      this.settleReady = { resolve, reject };
    });
    // As in MemoryAdapter: a failed `ready` is reported through `handlers.error`, never as unhandled.
    this.ready.catch(() => undefined);
    this.variables = { ...operation.variables, after: null };
    this.client = createClient({
      url: connection.url,
      headers: () => {
        const refresh = this.refreshToken;
        this.refreshToken = false;
        return connection.headers(refresh);
      },
      fetchFn: (input: RequestInfo | URL, init?: RequestInit) => this.fetchRecordingFailures(connection.fetch, input, init),
      retryAttempts: RECONNECT_ATTEMPTS,
      retry: (retries) => this.beforeRetry(retries, connection.canRefresh),
    });
    this.open();
  }

  /** Opens the stream; again after the server ends it because its token expired. */
  private open(): void {
    this.openedAt = Date.now();
    // graphql-sse serialises this request object again on every reconnection, so updating
    // `variables.after` as events arrive makes each reconnection resume where the stream stopped.
    const request = { query: this.operation.query, variables: this.variables };
    this.unsubscribe = this.client.subscribe<Record<string, WireLiveEvent | null | undefined>>(request, {
      next: (result) => {
        this.receive(result);
      },
      error: (error) => {
        this.fail(this.toError(error));
      },
      complete: () => {
        if (this.ended) return;
        // The server ends a stream when the token that opened it expires (and when it shuts down): a
        // stream that had started and lived a while is opened again at once, from its last cursor, with
        // whatever token the provider gives now. Any other end, the subscriber must hear about.
        if (this.isReady && Date.now() - this.openedAt >= MIN_STREAM_LIFE_MS) {
          this.open();
          return;
        }
        this.fail(new RseError('NETWORK', 'The server ended the live connection.'));
      },
    });
  }

  close(): void {
    if (this.ended) return;
    this.ended = true;
    // As in MemoryAdapter: closing before READY settles `ready` quietly rather than as a failure.
    this.settleReady.resolve();
    this.dispose();
  }

  private receive(result: LiveResult): void {
    if (this.ended) return;
    if (result.errors && result.errors.length > 0) {
      this.fail(fromGraphQLErrors(result.errors));
      return;
    }
    const event = result.data?.[this.operation.field];
    if (!event) {
      this.fail(new RseError('INTERNAL', 'The server sent an empty live event.'));
      return;
    }
    if (event.cursor !== null) {
      // READY's cursor marks where a fresh stream starts; only a first READY may set it, later ones
      // (after a reconnection) would otherwise move the resume point past replayed messages.
      if (event.kind !== 'READY' || this.variables.after === null) this.variables.after = event.cursor;
    }
    if (event.kind === 'READY') {
      if (!this.isReady) {
        this.isReady = true;
        this.settleReady.resolve();
      } else {
        this.handlers.connection?.(true);
      }
      return;
    }
    const converted = this.operation.toEvent(event);
    if (converted !== undefined) this.handlers.next(converted);
  }

  private fail(error: RseError): void {
    if (this.ended) return;
    this.ended = true;
    this.settleReady.reject(error);
    this.dispose();
    this.handlers.error?.(error);
  }

  private dispose(): void {
    this.waits.abort();
    this.unsubscribe();
    this.client.dispose();
    this.onEnd(this);
  }

  private async fetchRecordingFailures(fetchFn: typeof fetch, input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    let response: Response;
    try {
      response = await fetchFn(input, init);
    } catch (error) {
      if (isNetworkFailure(error)) this.lastFailure = new RseError('NETWORK', 'The server cannot be reached.', { cause: error });
      throw error;
    }
    // graphql-sse never reads the body of a refused stream, so reading it here costs nothing.
    this.lastFailure = response.ok ? undefined : await fromResponse(response.clone());
    if (response.ok) this.refreshedAfterRefusal = false;
    return response;
  }

  private async beforeRetry(retries: number, canRefresh: boolean): Promise<void> {
    const failure = this.lastFailure;
    this.lastFailure = undefined;
    if (failure?.code === 'UNAUTHENTICATED' && canRefresh && !this.refreshedAfterRefusal) {
      // The token expired or was revoked: one immediate attempt with a fresh one, before READY or after.
      this.refreshedAfterRefusal = true;
      this.refreshToken = true;
      return;
    }
    // Throwing anything but graphql-sse's NetworkError ends the subscription with that error.
    if (!this.isReady) throw failure ?? new RseError('NETWORK', 'The live connection could not be opened.');
    if (failure && !failure.retryable) throw failure;
    // Still subscribed, but nothing can arrive until the connection is back: say so, so the UI stops
    // claiming to be live.
    this.handlers.connection?.(false);
    const delay = Math.min(MAX_RECONNECT_DELAY_MS, 1000 * 2 ** retries) + Math.random() * 1000;
    await sleep(delay, this.waits.signal);
  }

  private toError(error: unknown): RseError {
    if (error instanceof RseError) return error;
    if (error instanceof NetworkError) {
      return this.lastFailure ?? new RseError('NETWORK', 'The live connection was lost.', { cause: error });
    }
    if (isNetworkFailure(error)) return new RseError('NETWORK', 'The live connection was lost.', { cause: error });
    return new RseError('INTERNAL', 'The live connection failed.', { cause: error });
  }
}

/** Waits `ms`, or less when `signal` aborts, so a closed subscription leaves no timer keeping Node alive. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve();
      return;
    }
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done);
  });
}
