import type {
  AlertSeverity,
  Feed,
  Message,
  ObjectCard,
  ObjectCounts,
  ObjectRef,
  Page,
  Person,
  ShareIntent,
  ThreadPage,
} from './model.js';

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

/** What {@link RseAdapter.share} takes: a message about an object, addressed to feeds and people. */
export interface ShareInput {
  readonly object: ObjectRef;
  /** The text exactly as typed; must contain something other than white space. */
  readonly text: string;
  /** As for posts: the same author and client id always give the same share. */
  readonly clientId: string;
  readonly intent: ShareIntent;
  /** Required for alerts, ignored otherwise (stored as `null`). */
  readonly severity?: AlertSeverity | null;
  /** Feeds to post to: each must be one the author is a member of. */
  readonly feedIds: readonly string[];
  /** People to address directly. */
  readonly personIds: readonly string[];
}

/** What {@link RseAdapter.getFeed} takes. */
export interface FeedQuery {
  /** One feed, or `null`/absent for everything the viewer follows (their feeds and shares addressed to them). */
  readonly feedId?: string | null;
  /** Only shares with this intent. */
  readonly intent?: ShareIntent | null;
  /** Only items about objects of this type. */
  readonly objectType?: string | null;
  /** Only items whose text carries this hashtag (without `#`, compared case-insensitively). */
  readonly hashtag?: string | null;
  /** A `nextCursor` from a previous page: returns older items. */
  readonly before?: string | null;
  readonly limit?: number;
}

/** Whether one person may open an object, as the ERP decides. */
export interface AccessCheck {
  readonly personId: string;
  readonly canOpen: boolean;
}

/** A live event about anything the viewer can see. */
export type ActivityEvent = MessagePostedEvent | ReadMarkerEvent;

/** The viewer marked an object read (perhaps in another tab): its unread count is now 0. */
export interface ReadMarkerEvent {
  readonly type: 'read';
  readonly object: ObjectRef;
}

/** Callbacks of an activity subscription. */
export interface ActivityEventHandlers {
  next(event: ActivityEvent): void;
  error?(error: unknown): void;
  /**
   * Called with `false` when an established subscription lost its connection and the adapter is
   * reconnecting on its own (it resumes without loss), and with `true` once events flow again.
   */
  connection?(connected: boolean): void;
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
  /**
   * A stable name of the backend (its URL, say). Clients keep unsent messages across page reloads per
   * backend; an adapter without one (an in-memory backend lives only as long as the page) keeps them
   * in memory.
   */
  readonly id?: string;

  /** The person this adapter acts for. */
  me(): Promise<Person>;

  /** One page of an object's thread: the newest page first, then older pages by cursor. */
  getThread(object: ObjectRef, query?: ThreadQuery): Promise<ThreadPage>;

  /** Posts a message or a reply as {@link me}; resolves with the stored message. */
  postMessage(input: PostMessageInput): Promise<Message>;

  /** Subscribes to live events of one object's thread. */
  subscribeThread(object: ObjectRef, handlers: ThreadEventHandlers): Subscription;

  /**
   * Shares a message about an object with feeds and people: it lands in the object's thread (kind
   * `share`) and in each feed. Posting to a feed the author is not a member of is `FORBIDDEN`.
   */
  share(input: ShareInput): Promise<Message>;

  /** The feeds the viewer is a member of, and may read and post to, by name. */
  listFeeds(): Promise<Feed[]>;

  /**
   * One page of a feed, newest first (the reading order of an activity stream): the shares and alerts
   * addressed to it, filtered as asked. An unknown feed, or one the viewer is not a member of, is
   * `NOT_FOUND`.
   */
  getFeed(query?: FeedQuery): Promise<Page<Message>>;

  /** People whose name or id contains `query` (case-insensitive), best matches first. */
  searchPeople(query: string, limit?: number): Promise<Person[]>;

  /**
   * Cards of several objects in one call, in the order asked; `null` for an object that does not exist
   * or that the viewer may not open (indistinguishable on purpose).
   */
  getObjects(objects: readonly ObjectRef[]): Promise<(ObjectCard | null)[]>;

  /**
   * Message counts of several objects in one call, in the order asked. An object that does not exist
   * or that the viewer may not open counts zero, like an object nobody discussed.
   */
  getCounts(objects: readonly ObjectRef[]): Promise<ObjectCounts[]>;

  /**
   * Which of `personIds` may open the object, so a composer can say before sending that a mentioned
   * person will not see the message (the backend never notifies them either). Answers in the order
   * asked; `NOT_FOUND` when the viewer may not open the object themselves.
   */
  checkAccess(object: ObjectRef, personIds: readonly string[]): Promise<AccessCheck[]>;

  /** Marks everything in the object's thread read for the viewer. */
  markRead(object: ObjectRef): Promise<void>;

  /**
   * Subscribes to everything the viewer can see: every message posted on an object they may open,
   * and their own read markers. One such stream serves every badge and feed of a page.
   */
  subscribeActivity(handlers: ActivityEventHandlers): Subscription;

  /** Frees every connection the adapter holds. */
  close?(): void;
}
