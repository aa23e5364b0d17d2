import type { RseErrorCode } from '@rse/core';

/** What failed, for `rse-error` listeners. Small and serializable, so hosts can log or forward it. */
export interface RseErrorDetail {
  /** The operation that failed, e.g. `post`, `load`. */
  readonly operation: string;
  readonly code: RseErrorCode;
  readonly message: string;
}

/** Fired by any element when a backend operation fails. Bubbles and crosses shadow roots. */
export class RseErrorEvent extends Event {
  static readonly type = 'rse-error';

  constructor(readonly detail: RseErrorDetail) {
    super(RseErrorEvent.type, { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'rse-error': RseErrorEvent;
  }
}
