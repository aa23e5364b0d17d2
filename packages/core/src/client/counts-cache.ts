import type { ActivityEvent, RseAdapter } from '../adapter.js';
import { toRseError, type RseError } from '../errors.js';
import { objectKey, type ObjectCounts, type ObjectRef } from '../model.js';
import type { ActivityHandle, ActivityHub } from './activity-hub.js';
import { TickBatcher } from './tick-batcher.js';

/** Called with fresh counts, or with the error that prevented reading them. */
export type CountsListener = (counts: ObjectCounts | null, error: RseError | null) => void;

interface Entry {
  readonly object: ObjectRef;
  counts: ObjectCounts | null;
  error: RseError | null;
  readonly watchers: Set<CountsListener>;
}

/**
 * Message counts of every object shown on the page, for badges. Every lookup made in one tick goes out
 * as one `getCounts` call, identical lookups are merged, and the activity stream keeps the numbers
 * fresh without asking again.
 */
export class CountsCache {
  private readonly entries = new Map<string, Entry>();
  private readonly loader: TickBatcher<ObjectRef, ObjectCounts>;
  private activity: ActivityHandle | null = null;

  constructor(
    private readonly adapter: RseAdapter,
    private readonly hub: ActivityHub,
    private readonly viewerId: () => string | null,
    batching: boolean,
  ) {
    this.loader = new TickBatcher((objects) => this.adapter.getCounts(objects), {
      batch: batching,
      maxBatchSize: 1000,
      keyOf: objectKey,
    });
  }

  /** Watches one object's counts until the returned function is called. */
  watch(object: ObjectRef, listener: CountsListener): () => void {
    const key = objectKey(object);
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { object, counts: null, error: null, watchers: new Set() };
      this.entries.set(key, entry);
    }
    const known = entry;
    known.watchers.add(listener);
    this.activity ??= this.hub.listen({
      next: (event) => {
        this.onActivity(event);
      },
      resync: () => {
        this.refreshAll();
      },
    });
    if (known.counts || known.error) listener(known.counts, known.error);
    if (!known.counts && known.watchers.size === 1) void this.refresh(known);
    return () => {
      known.watchers.delete(listener);
      if (known.watchers.size === 0) this.entries.delete(key);
      if (this.entries.size === 0) {
        this.activity?.close();
        this.activity = null;
      }
    };
  }

  /** One object's counts, batched with every other lookup of the tick. */
  get(object: ObjectRef): Promise<ObjectCounts> {
    return this.loader.get(object);
  }

  /** Sets an object's unread count to zero at once (the server's read event confirms it later). */
  markedRead(object: ObjectRef): void {
    const entry = this.entries.get(objectKey(object));
    if (entry?.counts) this.set(entry, { ...entry.counts, unread: 0 });
  }

  private async refresh(entry: Entry): Promise<void> {
    try {
      this.set(entry, await this.loader.get(entry.object));
    } catch (error) {
      entry.error = toRseError(error);
      for (const watcher of entry.watchers) watcher(entry.counts, entry.error);
    }
  }

  private refreshAll(): void {
    for (const entry of this.entries.values()) void this.refresh(entry);
  }

  private onActivity(event: ActivityEvent): void {
    if (event.type === 'read') {
      this.markedRead(event.object);
      return;
    }
    const entry = this.entries.get(objectKey(event.message.object));
    if (!entry?.counts) return;
    const mine = event.message.author.id === this.viewerId();
    this.set(entry, { ...entry.counts, total: entry.counts.total + 1, unread: entry.counts.unread + (mine ? 0 : 1) });
  }

  private set(entry: Entry, counts: ObjectCounts): void {
    entry.counts = counts;
    entry.error = null;
    for (const watcher of entry.watchers) watcher(counts, null);
  }
}
