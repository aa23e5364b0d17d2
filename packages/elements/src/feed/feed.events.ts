import type { ObjectRef } from '@rse/core';

/** What `rse-object-open` says about the record about to open. */
export interface RseObjectOpenDetail {
  /** The canonical key of the object (`objectKey()` of `@rse/core`). */
  readonly objectKey: string;
  readonly object: ObjectRef;
  /** Where it would open, or `null` when no URL is known (a host router may still open it). */
  readonly url: string | null;
}

/**
 * Fired when the user activates an object card's link, before navigating. Cancelable: a host that
 * calls `preventDefault()` (a Fiori router, say) opens the record itself and no navigation happens.
 */
export class RseObjectOpenEvent extends Event {
  static readonly type = 'rse-object-open';

  constructor(readonly detail: RseObjectOpenDetail) {
    super(RseObjectOpenEvent.type, { bubbles: true, composed: true, cancelable: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'rse-object-open': RseObjectOpenEvent;
  }
}
