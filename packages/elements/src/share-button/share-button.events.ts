import type { AlertSeverity, ShareIntent } from '@rse/core';

/** What the user is about to share, in `rse-share-request`. */
export interface RseShareRequestDetail {
  /** The canonical key of the object shared (`objectKey()` of `@rse/core`). */
  readonly objectKey: string;
  readonly intent: ShareIntent;
  /** For alerts; `null` otherwise. */
  readonly severity: AlertSeverity | null;
  readonly feedIds: readonly string[];
  readonly personIds: readonly string[];
  /** The message exactly as typed. */
  readonly text: string;
}

/**
 * Fired when the user presses Send, before anything is sent. Cancelable: `preventDefault()` sends
 * nothing and leaves the sheet open with the draft, so a host can confirm, enrich or route the share.
 */
export class RseShareRequestEvent extends Event {
  static readonly type = 'rse-share-request';

  constructor(readonly detail: RseShareRequestDetail) {
    super(RseShareRequestEvent.type, { bubbles: true, composed: true, cancelable: true });
  }
}

/** What `rse-share` says about the share the backend stored. */
export interface RseShareDetail {
  readonly objectKey: string;
  readonly messageId: string;
  readonly intent: ShareIntent;
}

/** Fired after the backend stored the user's share; the sheet then closes. */
export class RseShareEvent extends Event {
  static readonly type = 'rse-share';

  constructor(readonly detail: RseShareDetail) {
    super(RseShareEvent.type, { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'rse-share-request': RseShareRequestEvent;
    'rse-share': RseShareEvent;
  }
}
