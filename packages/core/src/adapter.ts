import type { Message, ObjectRef, Person, ThreadPage } from './model.js';

/** What {@link RseAdapter.getThread} takes. */
export interface ThreadQuery {
  /** A `nextCursor` from a previous page: returns the messages before it. Omit for the newest page. */
  readonly before?: string | null;
  /** Top-level messages per page; adapters clamp it to their own maximum. Default 30. */
  readonly limit?: number;
}

/** What {@link RseAdapter.postMessage} takes. */
export interface PostMessageInput {
  readonly object: ObjectRef;
  /** The text exactly as typed; must contain something other than white space. */
  readonly text: string;
  /**
   * An id the client generated before sending. Posting again with the same id (after a timeout, a
   * reload) returns the message already created instead of creating a second one.
   */
  readonly clientId: string;
  /** The id of a top-level message of the same thread, to post a reply. */
  readonly replyTo?: string | null;
}

/** A live event about one object's thread. */
export type ThreadEvent = MessagePostedEvent;

/** A message (top-level or reply) was posted in the thread. */
export interface MessagePostedEvent {
  readonly type: 'message-posted';
  readonly message: Message;
}

/** Callbacks of a live subscription. */
export interface ThreadEventHandlers {
  /** Called for each event, in the order the backend stored them. */
  next(event: ThreadEvent): void;
  /** Called once when the subscription ends on failure (an `RseError`); no more events follow. */
  error?(error: unknown): void;
}

/** A live subscription. */
export interface Subscription {
  /**
   * Settles when the backend is delivering: events that happen after it resolves are not missed.
   * Rejects (with an `RseError`) when the subscription could not be set up.
   */
  readonly ready: Promise<void>;
  /** Stops delivery and frees the connection. Safe to call more than once. */
  close(): void;
}

/**
 * The one interface every RSE backend implements. Elements and `RseClient` only ever talk to an adapter,
 * so the same widgets run on the in-memory adapter (stories, tests), the GraphQL adapter (the reference
 * server), or a host's own backend.
 *
 * Rules every implementation follows — the conformance suite in `@rse/core/conformance.js` checks them:
 * - every failure is thrown (or passed to `error`) as an `RseError` with a meaningful code;
 * - an object the viewer cannot see answers `NOT_FOUND`, exactly like one that does not exist;
 * - `text` is stored and returned exactly as typed; `tokens` are `parseMarkup(text)`;
 * - pages of a thread hold top-level messages oldest first, each with its replies oldest first;
 * - posting the same `clientId` twice as the same author yields the same message.
 */
export interface RseAdapter {
  /** The person this adapter acts for. */
  me(): Promise<Person>;

  /** One page of an object's thread: the newest page first, then older pages by cursor. */
  getThread(object: ObjectRef, query?: ThreadQuery): Promise<ThreadPage>;

  /** Posts a message or a reply as {@link me}; resolves with the stored message. */
  postMessage(input: PostMessageInput): Promise<Message>;

  /** Subscribes to live events of one object's thread. */
  subscribeThread(object: ObjectRef, handlers: ThreadEventHandlers): Subscription;

  /** Frees every connection the adapter holds. */
  close?(): void;
}
