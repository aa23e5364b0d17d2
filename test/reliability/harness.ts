/**
 * What the reliability tests share: dev-token providers that survive an outage, a fetch that counts
 * what goes over the wire, an adapter wrapper that records the live events an `RseClient` receives,
 * a full thread read, and small waiting helpers.
 */
import { createGraphQLAdapter } from '@rse/adapter-graphql';
import {
  RseError,
  type AccessCheck,
  type ActivityEvent,
  type ActivityEventHandlers,
  type FeedQuery,
  type Message,
  type ObjectRef,
  type PostMessageInput,
  type RseAdapter,
  type ShareInput,
  type Subscription,
  type ThreadEventHandlers,
  type ThreadQuery,
} from '@rse/core';

/** Waits `ms`. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves once `condition()` holds; fails with `what` (and `details()`, when given) after `timeoutMs`. */
export async function eventually(condition: () => boolean, what: string, timeoutMs: number, details?: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${String(timeoutMs)} ms${details ? `: ${details()}` : ''}`);
    await sleep(20);
  }
}

/** A dev-mode token for `personId`, straight from `GET /dev/token`. */
export async function fetchDevToken(baseUrl: string, personId: string): Promise<string> {
  const response = await fetch(`${baseUrl}/dev/token?person=${encodeURIComponent(personId)}`, { signal: AbortSignal.timeout(3000) });
  if (!response.ok) throw new Error(`GET /dev/token answered ${String(response.status)}`);
  return ((await response.json()) as { token: string }).token;
}

/**
 * A token provider as an ERP page would write one: the token is kept and handed out again, and a fresh
 * one is fetched only when the adapter says the last one was refused (`refresh`). A fetch that fails
 * because the server is down is reported as `NETWORK` — retry later — not as "sign in again".
 */
export function devTokenProvider(baseUrl: string, personId: string, counters: { tokenFetches: number }) {
  let token: Promise<string> | null = null;
  return ({ refresh }: { refresh: boolean }): Promise<string> => {
    if (token !== null && !refresh) return token;
    counters.tokenFetches++;
    // One fetch shared by every request asking at the same time; forgotten when it fails.
    const fetching = fetchDevToken(baseUrl, personId).catch((error: unknown) => {
      if (token === fetching) token = null;
      throw new RseError('NETWORK', 'The token service cannot be reached.', { cause: error });
    });
    token = fetching;
    return fetching;
  };
}

/** Counts per GraphQL operation name, and transport failures. */
export interface WireCounters {
  /** Requests sent, by operation name (`RsePostMessage`, `RseActivity`, …). */
  readonly sent: Map<string, number>;
  /** Requests whose fetch rejected (server down, connection cut), by operation name. */
  readonly failed: Map<string, number>;
}

function operationName(init: RequestInit | undefined): string {
  if (typeof init?.body !== 'string') return '?';
  try {
    const { query } = JSON.parse(init.body) as { query?: string };
    return /^\s*(?:query|mutation|subscription)\s+(\w+)/u.exec(query ?? '')?.[1] ?? '?';
  } catch {
    return '?';
  }
}

/** A fetch for the adapter that counts every GraphQL request and every transport failure. */
export function countingFetch(counters: WireCounters): typeof fetch {
  const bump = (map: Map<string, number>, name: string): void => {
    map.set(name, (map.get(name) ?? 0) + 1);
  };
  return async (input, init) => {
    const name = operationName(init);
    bump(counters.sent, name);
    try {
      return await fetch(input, init);
    } catch (error) {
      bump(counters.failed, name);
      throw error;
    }
  };
}

/** The sum of a counter map, optionally only for one name. */
export function total(map: ReadonlyMap<string, number>, name?: string): number {
  if (name !== undefined) return map.get(name) ?? 0;
  let sum = 0;
  for (const value of map.values()) sum += value;
  return sum;
}

/**
 * An adapter that passes every call through to `inner` and records what the client receives: each
 * activity event, in the order the client's `ActivityHub` got it, how many activity streams were opened
 * (a second one means the hub gave up on the first and started over), and thread page reads.
 */
export class RecordingAdapter implements RseAdapter {
  readonly id: string | undefined;
  /** Every activity event delivered to the client, in delivery order. */
  readonly activity: ActivityEvent[] = [];
  /** How many activity streams the client opened. */
  activityStreams = 0;
  /** Why activity streams ended, in order. */
  readonly streamErrors: string[] = [];
  /**
   * One line per activity stream the client opened: when (ms since this adapter was made) it opened,
   * became ready and ended, and how many events it delivered.
   */
  readonly streamLog: { opened: number; ready: number | null; ended: number | null; events: number; error: string | null }[] = [];
  private readonly born = Date.now();
  /** Thread pages read: `newest` without a cursor, `older` with one. */
  readonly threadReads = { newest: 0, older: 0 };

  constructor(private readonly inner: RseAdapter) {
    this.id = inner.id;
  }

  me() {
    return this.inner.me();
  }

  getThread(object: ObjectRef, query?: ThreadQuery) {
    if (query?.before == null) this.threadReads.newest++;
    else this.threadReads.older++;
    return this.inner.getThread(object, query);
  }

  postMessage(input: PostMessageInput) {
    return this.inner.postMessage(input);
  }

  subscribeThread(object: ObjectRef, handlers: ThreadEventHandlers): Subscription {
    return this.inner.subscribeThread(object, handlers);
  }

  share(input: ShareInput) {
    return this.inner.share(input);
  }

  listFeeds() {
    return this.inner.listFeeds();
  }

  getFeed(query?: FeedQuery) {
    return this.inner.getFeed(query);
  }

  searchPeople(query: string, limit?: number) {
    return this.inner.searchPeople(query, limit);
  }

  getObjects(objects: readonly ObjectRef[]) {
    return this.inner.getObjects(objects);
  }

  getCounts(objects: readonly ObjectRef[]) {
    return this.inner.getCounts(objects);
  }

  checkAccess(object: ObjectRef, personIds: readonly string[]): Promise<AccessCheck[]> {
    return this.inner.checkAccess(object, personIds);
  }

  markRead(object: ObjectRef) {
    return this.inner.markRead(object);
  }

  subscribeActivity(handlers: ActivityEventHandlers): Subscription {
    this.activityStreams++;
    const entry = { opened: Date.now() - this.born, ready: null as number | null, ended: null as number | null, events: 0, error: null as string | null };
    this.streamLog.push(entry);
    const subscription = this.inner.subscribeActivity({
      next: (event) => {
        entry.events++;
        this.activity.push(event);
        handlers.next(event);
      },
      error: (error) => {
        entry.ended = Date.now() - this.born;
        entry.error = error instanceof RseError ? `${error.code}: ${error.message}` : String(error);
        this.streamErrors.push(entry.error);
        handlers.error?.(error);
      },
      connection: (connected) => {
        handlers.connection?.(connected);
      },
    });
    subscription.ready.then(
      () => (entry.ready = Date.now() - this.born),
      () => undefined,
    );
    return subscription;
  }

  close(): void {
    this.inner.close?.();
  }
}

/** The ids of the `message-posted` events among `events`, in order. */
export function postedIds(events: readonly ActivityEvent[]): string[] {
  return events.flatMap((event) => (event.type === 'message-posted' ? [event.message.id] : []));
}

/**
 * Every top-level message of a thread in storage order, read page by page (100 at a time, the most a
 * page holds) through a fresh adapter with a fresh token: what any newcomer would see.
 */
export async function readWholeThread(graphqlUrl: string, token: string, object: ObjectRef): Promise<Message[]> {
  const adapter = createGraphQLAdapter({ url: graphqlUrl, token });
  try {
    let pages: Message[] = [];
    let before: string | null = null;
    for (;;) {
      const page = await adapter.getThread(object, { before, limit: 100 });
      pages = [...page.items, ...pages];
      if (page.nextCursor === null) return pages;
      before = page.nextCursor;
    }
  } finally {
    adapter.close?.();
  }
}

/** How many entries of `values` occur more than once, and the first few of them. */
export function duplicates(values: readonly string[]): { count: number; examples: string[] } {
  const seen = new Set<string>();
  const repeated: string[] = [];
  for (const value of values) {
    if (seen.has(value)) repeated.push(value);
    seen.add(value);
  }
  return { count: repeated.length, examples: repeated.slice(0, 5) };
}

/** How many adjacent pairs of `positions` go backwards (0 when they are in order). */
export function inversions(positions: readonly number[]): number {
  let count = 0;
  for (let i = 1; i < positions.length; i++) if ((positions[i] ?? 0) < (positions[i - 1] ?? 0)) count++;
  return count;
}
