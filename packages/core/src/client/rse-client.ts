import type { RseAdapter } from '../adapter.js';
import { objectKey, type ObjectRef, type Person } from '../model.js';
import { ThreadStore } from './thread-store.js';

/** What an {@link RseClient} is built from. */
export interface RseClientOptions {
  /** The backend to talk to. */
  readonly adapter: RseAdapter;
}

/**
 * The one object every element of a page talks to. It owns what elements must not: the cache of
 * threads (one {@link ThreadStore} per object, shared), live subscriptions and the current person.
 * Elements never call the adapter themselves.
 */
export class RseClient {
  /** The backend this client talks to. */
  readonly adapter: RseAdapter;
  private readonly threads = new Map<string, ThreadStore>();
  private mePromise: Promise<Person> | null = null;

  constructor(options: RseClientOptions) {
    this.adapter = options.adapter;
  }

  /** The shared store of one object's thread; the same object always gives the same store. */
  thread(object: ObjectRef): ThreadStore {
    const key = objectKey(object);
    let store = this.threads.get(key);
    if (!store) {
      store = new ThreadStore(this.adapter, object);
      this.threads.set(key, store);
    }
    return store;
  }

  /** The person this client acts for (asked once, then remembered; asked again after a failure). */
  me(): Promise<Person> {
    this.mePromise ??= this.adapter.me().catch((error: unknown) => {
      this.mePromise = null;
      throw error;
    });
    return this.mePromise;
  }

  /** Closes live connections and forgets the cache. */
  close(): void {
    this.threads.clear();
    this.adapter.close?.();
  }
}
