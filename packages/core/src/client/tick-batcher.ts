import { afterPendingMicrotasks } from './schedule.js';

interface Waiting<V> {
  readonly resolve: (value: V) => void;
  readonly reject: (error: unknown) => void;
}

/** What a {@link TickBatcher} is built from. */
export interface TickBatcherOptions<K> {
  /** Whether lookups of one tick share a request (on), or each goes alone (the benchmark's baseline). */
  readonly batch: boolean;
  /** The most keys one request may carry; more are split. */
  readonly maxBatchSize: number;
  /** Identical keys (by this string) in one tick are asked once. */
  readonly keyOf: (key: K) => string;
}

/**
 * Collects every lookup made in the same tick and answers them with one call of `load`, merging
 * identical keys. Hand-written rather than DataLoader: we use only this (no cache, no priming) and
 * DataLoader's CommonJS build cost 2.5 KiB min+gzip of a bundle that has to fit in 56 KiB.
 */
export class TickBatcher<K, V> {
  private waiting = new Map<string, { key: K; waiters: Waiting<V>[] }>();
  private scheduled = false;

  constructor(
    private readonly load: (keys: readonly K[]) => Promise<readonly V[]>,
    private readonly options: TickBatcherOptions<K>,
  ) {}

  /** The value for `key`, from the batch of the current tick. */
  get(key: K): Promise<V> {
    return new Promise<V>((resolve, reject) => {
      const id = this.options.keyOf(key);
      const entry = this.waiting.get(id);
      if (entry) entry.waiters.push({ resolve, reject });
      else this.waiting.set(id, { key, waiters: [{ resolve, reject }] });
      if (!this.options.batch) {
        this.dispatch();
      } else if (!this.scheduled) {
        this.scheduled = true;
        afterPendingMicrotasks(() => {
          this.dispatch();
        });
      }
    });
  }

  private dispatch(): void {
    this.scheduled = false;
    const entries = [...this.waiting.values()];
    this.waiting = new Map();
    for (let start = 0; start < entries.length; start += this.options.maxBatchSize) {
      const chunk = entries.slice(start, start + this.options.maxBatchSize);
      this.load(chunk.map((e) => e.key)).then(
        (values) => {
          chunk.forEach((entry, index) => {
            for (const waiter of entry.waiters) {
              if (index < values.length) waiter.resolve(values[index] as V);
              else waiter.reject(new Error('The backend answered fewer values than it was asked for.'));
            }
          });
        },
        (error: unknown) => {
          for (const entry of chunk) for (const waiter of entry.waiters) waiter.reject(error);
        },
      );
    }
  }
}
