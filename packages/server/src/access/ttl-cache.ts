/**
 * A small map whose entries expire, bounded in size: when full, the oldest insertion goes first. Access
 * decisions are cached briefly so a page of twenty badges costs one ERP round trip, and briefly enough
 * that a withdrawn right is seen within seconds.
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, { value: V; expiresAt: number }>();

  constructor(private readonly maxEntries: number) {}

  /** The live value under `key` at time `now` (ms), or `undefined`. */
  get(key: string, now: number): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= now) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  /** Stores `value` under `key` until `expiresAt` (ms). */
  set(key: string, value: V, expiresAt: number): void {
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) {
      // Map iteration follows insertion order: the first key is the oldest entry.
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) this.entries.delete(oldest.value);
    }
    this.entries.set(key, { value, expiresAt });
  }

  /** Forgets everything. */
  clear(): void {
    this.entries.clear();
  }
}
