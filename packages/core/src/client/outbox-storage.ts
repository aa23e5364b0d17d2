import { createStore, del, entries, set, type UseStore } from 'idb-keyval';
import type { PostMessageInput } from '../adapter.js';
import type { RseErrorCode } from '../errors.js';

/** Where a queued message stands. */
export type OutboxState = 'sending' | 'waiting' | 'failed';

/** One message on its way to the backend. Serializable: it is kept across page reloads. */
export interface OutboxEntry {
  /** The client id the message was created with; the backend makes it idempotent per author. */
  readonly clientId: string;
  /** The person who wrote it: after a reload only their own entries are sent, never someone else's. */
  readonly authorId: string;
  readonly input: PostMessageInput;
  /** `sending` now, `waiting` for the backend to be reachable again, or `failed` for good (retry by hand). */
  readonly state: OutboxState;
  readonly attempts: number;
  readonly error: { readonly code: RseErrorCode; readonly message: string } | null;
  readonly createdAt: string;
}

/** Where the outbox keeps its entries. */
export interface OutboxStorage {
  load(): Promise<OutboxEntry[]>;
  save(entry: OutboxEntry): Promise<void>;
  remove(clientId: string): Promise<void>;
}

/** Keeps entries for the page's life only: Node, tests, and browsers without IndexedDB. */
export class MemoryOutboxStorage implements OutboxStorage {
  private readonly entries = new Map<string, OutboxEntry>();

  load(): Promise<OutboxEntry[]> {
    return Promise.resolve([...this.entries.values()]);
  }

  save(entry: OutboxEntry): Promise<void> {
    this.entries.set(entry.clientId, entry);
    return Promise.resolve();
  }

  remove(clientId: string): Promise<void> {
    this.entries.delete(clientId);
    return Promise.resolve();
  }
}

/**
 * Keeps entries in IndexedDB, so a message typed before a reload or a crash is still sent afterwards.
 * idb-keyval (600 bytes, well kept) instead of raw IndexedDB: its promise API is all we need.
 */
export class IndexedDbOutboxStorage implements OutboxStorage {
  private readonly store: UseStore;

  constructor(name = 'rse-outbox') {
    this.store = createStore(name, 'entries');
  }

  async load(): Promise<OutboxEntry[]> {
    const all = await entries<string, OutboxEntry>(this.store);
    return all.map(([, entry]) => entry).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  save(entry: OutboxEntry): Promise<void> {
    return set(entry.clientId, entry, this.store);
  }

  remove(clientId: string): Promise<void> {
    return del(clientId, this.store);
  }
}

/**
 * IndexedDB for a backend with a stable name where the platform has it, one database per backend;
 * memory otherwise (Node, and backends that live only as long as the page).
 */
export function defaultOutboxStorage(backendId: string | undefined): OutboxStorage {
  if (backendId === undefined || typeof indexedDB === 'undefined') return new MemoryOutboxStorage();
  return new IndexedDbOutboxStorage(`rse-outbox:${backendId}`);
}
