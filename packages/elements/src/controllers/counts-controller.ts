import { objectKey, type ObjectCounts, type ObjectRef, type RseClient, type RseError } from '@rse/core';
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Where an object's counts stand: nothing to watch, waiting for the first answer, known, or failed. */
export type CountsStatus = 'idle' | 'loading' | 'ready' | 'error';

/**
 * Keeps a host rendering one object's live message counts from `RseClient.watchCounts`: one watch per
 * connected host, switched when the client or the object changes and released on disconnect. The client
 * batches every watch of a tick into one request, so this controller must never fetch on its own.
 */
export class CountsController implements ReactiveController {
  /** The latest counts, or `null` before the first answer. */
  counts: ObjectCounts | null = null;
  /** Why the counts could not be read, when they could not. */
  error: RseError | null = null;

  private client: RseClient | undefined;
  private object: ObjectRef | undefined;
  private key: string | undefined;
  private unwatch: (() => void) | undefined;
  private connected = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly onChange?: () => void,
  ) {
    host.addController(this);
  }

  /** What the host should render. */
  get status(): CountsStatus {
    if (!this.client || !this.object) return 'idle';
    // Counts already shown stay shown when a later refresh fails: stale by a message beats blank.
    if (this.counts) return 'ready';
    return this.error ? 'error' : 'loading';
  }

  /** Points the controller at `client`'s counts of `object`; call it from `willUpdate`. */
  watch(client: RseClient | undefined, object: ObjectRef | undefined): void {
    const key = object ? objectKey(object) : undefined;
    if (client === this.client && key === this.key) return;
    this.release();
    this.client = client;
    this.object = object;
    this.key = key;
    this.counts = null;
    this.error = null;
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
    if (!this.client || !this.object || this.unwatch) return;
    // The listener may run at once (counts already cached); that is fine inside `willUpdate`.
    this.unwatch = this.client.watchCounts(this.object, (counts, error) => {
      this.counts = counts;
      this.error = error;
      this.host.requestUpdate();
      this.onChange?.();
    });
  }

  private release(): void {
    this.unwatch?.();
    this.unwatch = undefined;
  }
}
