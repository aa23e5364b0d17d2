import { objectKey, type ObjectRef, type RseClient, type ThreadState, type ThreadStore } from '@rse/core';
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Keeps a host rendering one object's shared {@link ThreadStore}: it watches the store while the host is
 * connected, switches stores when the client or the object changes, and lets go on disconnect.
 *
 * Not `@lit/task`: a thread is a live stream of snapshots, not one request, and the store already
 * holds loading, error and ready states.
 */
export class ThreadController implements ReactiveController {
  private store: ThreadStore | undefined;
  private storeKey: string | undefined;
  private unsubscribe: (() => void) | undefined;
  private connected = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly onChange?: (state: ThreadState, previous: ThreadState | undefined) => void,
  ) {
    host.addController(this);
  }

  /** The current snapshot, or `undefined` while there is no client or object. */
  state: ThreadState | undefined;

  /** The store being watched. */
  get thread(): ThreadStore | undefined {
    return this.store;
  }

  /** Points the controller at `client`'s thread of `object`; call it from `willUpdate`. */
  watch(client: RseClient | undefined, object: ObjectRef | undefined): void {
    const key = client && object ? objectKey(object) : undefined;
    const next = client && object ? client.thread(object) : undefined;
    if (next === this.store && key === this.storeKey) return;
    this.release();
    this.store = next;
    this.storeKey = key;
    this.state = next?.state;
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
