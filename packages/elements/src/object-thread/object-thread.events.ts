/** What `rse-message-post` says about the message the user just posted. */
export interface RseMessagePostDetail {
  /** The canonical key of the object the thread is about (`objectKey()` of `@rse/core`). */
  readonly objectKey: string;
  readonly messageId: string;
  /** The message it answers, or `null` for a top-level message. */
  readonly replyTo: string | null;
}

/** Fired after the backend stored a message the user posted from the thread's composer. */
export class RseMessagePostEvent extends Event {
  static readonly type = 'rse-message-post';

  constructor(readonly detail: RseMessagePostDetail) {
    super(RseMessagePostEvent.type, { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'rse-message-post': RseMessagePostEvent;
  }
}
