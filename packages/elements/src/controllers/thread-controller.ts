import { objectKey, type ObjectRef, type RseClient, type ThreadState, type ThreadStore } from '@rse/core';
import { StoreController } from './store-controller.js';

/** Keeps a host rendering one object's shared {@link ThreadStore}. */
export class ThreadController extends StoreController<ThreadState, ThreadStore> {
  /** The store being watched. */
  get thread(): ThreadStore | undefined {
    return this.store;
  }

  /** Points the controller at `client`'s thread of `object`; call it from `willUpdate`. */
  watch(client: RseClient | undefined, object: ObjectRef | undefined): void {
    if (!client || !object) this.point(undefined, undefined);
    else this.point(client.thread(object), objectKey(object));
  }
}
