import type { FeedQuery, FeedState, FeedStore, RseClient } from '@rse/core';
import { StoreController } from '../controllers/store-controller.js';

/** Keeps a host rendering one shared {@link FeedStore} (a feed with its filters). */
export class FeedController extends StoreController<FeedState, FeedStore> {
  /** The store being watched. */
  get feed(): FeedStore | undefined {
    return this.store;
  }

  /** Points the controller at `client`'s store for `query`; call it from `willUpdate`. */
  watch(client: RseClient | undefined, query: FeedQuery): void {
    // The client shares stores per query already; the key only saves re-subscribing.
    const key = JSON.stringify([query.feedId ?? null, query.intent ?? null, query.objectType ?? null, query.hashtag ?? null]);
    this.point(client?.feed(query), client ? key : undefined);
  }
}
