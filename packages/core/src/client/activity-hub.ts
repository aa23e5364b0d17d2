import type { ActivityEvent, RseAdapter, Subscription } from '../adapter.js';

/** What a store registers with the hub. */
export interface ActivityListener {
  /** Every event of the viewer's activity stream. */
  next(event: ActivityEvent): void;
  /** The stream came back after a drop: whatever was missed must be read again. */
  resync?(): void;
  /** The stream started or stopped delivering. */
  live?(live: boolean): void;
}

/** A listener's hold on the hub. */
export interface ActivityHandle {
  /** Settles once the stream delivers (rejects when it could not be opened); read after it, never before. */
  readonly ready: Promise<void>;
  /** Lets go; the stream closes with the last listener. */
  close(): void;
}

/** Reconnection waits grow from 1 s to 30 s, so a dead server is not hammered by every open screen. */
const RECONNECT_DELAYS_MS = [1000, 2000, 5000, 10_000, 30_000] as const;

/**
 * The page's one live connection: a single activity subscription shared by every thread, feed and badge
 * of a client, opened with the first listener and closed with the last. When the stream drops it
 * reconnects with back-off and asks every listener to read again what it may have missed.
 */
export class ActivityHub {
  private readonly listeners = new Set<ActivityListener>();
  private subscription: Subscription | null = null;
  private ready: Promise<void> = Promise.resolve();
  private live = false;
  private wasLost = false;
  private attempt = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly adapter: RseAdapter) {}

  /** Whether events are flowing now. */
  get isLive(): boolean {
    return this.live;
  }

  /** Registers a listener, opening the stream if it is the first. */
  listen(listener: ActivityListener): ActivityHandle {
    this.listeners.add(listener);
    if (!this.subscription) this.open();
    return {
      ready: this.ready,
      close: () => {
        if (!this.listeners.delete(listener) || this.listeners.size > 0) return;
        this.shut();
      },
    };
  }

  private open(): void {
    clearTimeout(this.reconnectTimer);
    const subscription = this.adapter.subscribeActivity({
      next: (event) => {
        for (const listener of [...this.listeners]) listener.next(event);
      },
      error: () => {
        this.lost(subscription);
      },
      connection: (connected) => {
        if (this.subscription === subscription) this.setLive(connected);
      },
    });
    this.subscription = subscription;
    this.ready = subscription.ready.then(() => {
      if (this.subscription !== subscription) return;
      this.attempt = 0;
      this.setLive(true);
      if (this.wasLost) {
        this.wasLost = false;
        for (const listener of [...this.listeners]) listener.resync?.();
      }
    });
    this.ready.catch(() => {
      this.lost(subscription);
    });
  }

  private lost(subscription: Subscription): void {
    if (this.subscription !== subscription) return;
    subscription.close();
    this.subscription = null;
    this.wasLost = true;
    this.setLive(false);
    const delay = RECONNECT_DELAYS_MS[Math.min(this.attempt, RECONNECT_DELAYS_MS.length - 1)];
    this.attempt++;
    this.reconnectTimer = setTimeout(() => {
      if (this.listeners.size > 0 && !this.subscription) this.open();
    }, delay);
  }

  private shut(): void {
    clearTimeout(this.reconnectTimer);
    this.subscription?.close();
    this.subscription = null;
    this.wasLost = false;
    this.attempt = 0;
    this.setLive(false);
  }

  private setLive(live: boolean): void {
    if (this.live === live) return;
    this.live = live;
    for (const listener of [...this.listeners]) listener.live?.(live);
  }
}
