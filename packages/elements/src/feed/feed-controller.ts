import type { FeedQuery, FeedState, FeedStore, RseClient } from '@rse/core';
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Keeps a host rendering one shared {@link FeedStore}: it watches the store while the host is
 * connected, switches stores when the client or the query (feed and filters) changes, and lets go on
 * disconnect, so the client can close the live stream once nobody reads it.
 *
 * Not `@lit/task`: a feed is a live stream of snapshots, not one request, and the store already holds
 * loading, error and ready states (as `ThreadController` does for threads).
 */
export class FeedController implements ReactiveController {
  private store: FeedStore | undefined;
  private client: RseClient | undefined;
  private queryKey: string | undefined;
  private unsubscribe: (() => void) | undefined;
  private connected = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly onChange?: (state: FeedState, previous: FeedState | undefined) => void,
  ) {
    host.addController(this);
  }

  /** The current snapshot, or `undefined` while there is no client. */
  state: FeedState | undefined;

  /** The store being watched. */
  get feed(): FeedStore | undefined {
    return this.store;
  }

  /** Points the controller at `client`'s store for `query`; call it from `willUpdate`. */
  watch(client: RseClient | undefined, query: FeedQuery): void {
    // The client shares stores per query already; comparing keys here only saves re-subscribing.
    const key = JSON.stringify([query.feedId ?? null, query.intent ?? null, query.objectType ?? null, query.hashtag ?? null]);
    if (client === this.client && key === this.queryKey) return;
    this.release();
    this.client = client;
    this.queryKey = key;
    this.store = client?.feed(query);
    this.state = this.store?.state;
    if (this.connected) this.listen();
  }

  hostConnected(): void {
    this.connected = true;
    this.listen();
  }

  hostDisconnected(): void {
    this.connected = false;
    this.release();
  }

  private listen(): void {
    if (!this.store || this.unsubscribe) return;
    this.unsubscribe = this.store.subscribe((state) => {
      const previous = this.state;
      this.state = state;
      this.onChange?.(state, previous);
      this.host.requestUpdate();
    });
    this.state = this.store.state;
  }

  private release(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }
}
