import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** A shared store of immutable snapshots, as `RseClient` hands out for threads and feeds. */
export interface SnapshotStore<S> {
  readonly state: S;
  subscribe(listener: (state: S) => void): () => void;
}

/**
 * Keeps a host rendering one shared store: it watches the store while the host is connected, switches
 * when the host points it at another one, and lets go on disconnect, so the client can close the live
 * stream once nobody reads it.
 *
 * Not `@lit/task`: a thread or a feed is a live stream of snapshots, not one request, and the store
 * already holds loading, error and ready states.
 */
export class StoreController<S, T extends SnapshotStore<S>> implements ReactiveController {
  /** The current snapshot, or `undefined` while there is no store. */
  state: S | undefined;
  private current: T | undefined;
  private key: string | undefined;
  private unsubscribe: (() => void) | undefined;
  private connected = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly onChange?: (state: S, previous: S | undefined) => void,
  ) {
    host.addController(this);
  }

  /** The store being watched. */
  protected get store(): T | undefined {
    return this.current;
  }

  hostConnected(): void {
    this.connected = true;
    this.listen();
  }

  hostDisconnected(): void {
    this.connected = false;
    this.release();
  }

  /** Points the controller at `store`, known by `key`; the same key keeps the current subscription. */
  protected point(store: T | undefined, key: string | undefined): void {
    if (store === this.current && key === this.key) return;
    this.release();
    this.current = store;
    this.key = key;
    this.state = store?.state;
    if (this.connected) this.listen();
  }

  private listen(): void {
    if (!this.current || this.unsubscribe) return;
    this.unsubscribe = this.current.subscribe((state) => {
      const previous = this.state;
      this.state = state;
      this.onChange?.(state, previous);
      this.host.requestUpdate();
    });
    this.state = this.current.state;
  }

  private release(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }
}
