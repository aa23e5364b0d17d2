import { objectKey, type ObjectRef, type RseClient } from '@rse/core';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { CountsController } from '../controllers/counts-controller.js';

/** How long the newest message must stay on screen before it counts as read. */
export const MARK_READ_DELAY_MS = 500;

/**
 * Marks a thread read once the reader has seen its newest message: the last message element stayed in
 * the viewport for {@link MARK_READ_DELAY_MS} while the page was visible, and something by someone else
 * is newer than the last mark. The server's unread count (from `watchCounts`, batched and live) decides
 * whether there is anything to mark, so opening an already-read thread sends nothing; when counts are
 * unavailable, the newest message seen here decides.
 */
export class ReadMarkerController implements ReactiveController {
  private readonly counts: CountsController;
  private client: RseClient | undefined;
  private object: ObjectRef | undefined;
  private key: string | undefined;
  /** The newest message by someone else that the reader can see, or `null`. */
  private newest: string | null = null;
  /** The newest message by someone else when the thread was last marked read. */
  private markedThrough: string | null = null;
  private observer: IntersectionObserver | undefined;
  private target: Element | null = null;
  private intersecting = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private connected = false;

  constructor(
    host: ReactiveControllerHost,
    private readonly onError: (error: unknown) => void,
  ) {
    this.counts = new CountsController(host, () => {
      this.evaluate();
    });
    host.addController(this);
  }

  /** What to mark and when it is worth it; call it from the host's `willUpdate`. */
  update(client: RseClient | undefined, object: ObjectRef | undefined, newestFromOthers: string | null): void {
    this.counts.watch(client, object);
    const key = object ? objectKey(object) : undefined;
    if (client !== this.client || key !== this.key) this.markedThrough = null;
    this.client = client;
    this.object = object;
    this.key = key;
    this.newest = newestFromOthers;
    this.evaluate();
  }

  /** Watches `element`, the last message shown (or nothing); call it after each render. */
  observe(element: Element | null): void {
    if (element === this.target) return;
    if (this.target) this.observer?.unobserve(this.target);
    this.target = element;
    this.intersecting = false;
    if (element && this.connected) this.ensureObserver().observe(element);
    this.evaluate();
  }

  hostConnected(): void {
    this.connected = true;
    document.addEventListener('visibilitychange', this.onVisibilityChange);
    if (this.target) this.ensureObserver().observe(this.target);
  }

  hostDisconnected(): void {
    this.connected = false;
    document.removeEventListener('visibilitychange', this.onVisibilityChange);
    this.observer?.disconnect();
    this.observer = undefined;
    this.intersecting = false;
    this.evaluate();
  }

  private readonly onVisibilityChange = (): void => {
    this.evaluate();
  };

  private ensureObserver(): IntersectionObserver {
    // The implicit root (the viewport) rather than the thread's scroller: a thread scrolled out of the
    // ERP page, or hidden in a collapsed panel, has not been read even if its list is at the bottom.
    this.observer ??= new IntersectionObserver((entries) => {
      const entry = entries.at(-1);
      if (entry?.target !== this.target) return;
      this.intersecting = entry.isIntersecting;
      this.evaluate();
    });
    return this.observer;
  }

  private get worthMarking(): boolean {
    if (!this.client || !this.object || this.newest === null || this.newest === this.markedThrough) return false;
    switch (this.counts.status) {
      case 'ready':
        return (this.counts.counts?.unread ?? 0) > 0;
      case 'loading':
        // The answer is one batched request away; marking before it would often be for nothing.
        return false;
      default:
        return true;
    }
  }

  private evaluate(): void {
    const due = this.connected && this.intersecting && document.visibilityState === 'visible' && this.worthMarking;
    if (!due) {
      clearTimeout(this.timer);
      this.timer = undefined;
      return;
    }
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.mark();
    }, MARK_READ_DELAY_MS);
  }

  private mark(): void {
    const { client, object, newest } = this;
    if (!client || !object || !this.intersecting || document.visibilityState !== 'visible' || !this.worthMarking) return;
    const previous = this.markedThrough;
    this.markedThrough = newest;
    client.markRead(object).catch((error: unknown) => {
      // Try again on the next occasion (a scroll, a new message), not in a loop.
      if (this.markedThrough === newest) this.markedThrough = previous;
      this.onError(error);
    });
  }
}
