import type { AlertSeverity, FeedQuery, MessageKind, ObjectRef, PostMessageInput, ShareInput, ShareIntent } from '@rse/core';
import type { AccessControl } from '../access/access-control.js';
import { visibleFeedPage } from '../access/visible-feed.js';
import type { LiveEvents } from '../live/live-events.js';
import { noSuchObject } from '../storage/object-store.js';
import type { MessageRecord, PersonRecord } from '../storage/records.js';
import type { WriteOutcome } from '../storage/message-store.js';
import type { RseStore } from '../storage/rse-store.js';
import { guarded } from './errors.js';
import { createSubscriptionResolvers } from './subscriptions.js';

/** What every resolver gets: the person the request's token acts for (checked before Yoga runs). */
export interface RseContext {
  readonly viewer: PersonRecord;
  /** Epoch ms after which the request's token is refused: live streams end then. */
  readonly validUntil: number;
}

interface ThreadArgs {
  readonly object: ObjectRef;
  readonly before?: string | null;
  readonly limit?: number | null;
}

interface PeopleArgs {
  readonly search: string;
  readonly limit?: number | null;
}

interface ObjectsArgs {
  readonly objects: readonly ObjectRef[];
}

interface CheckAccessArgs {
  readonly object: ObjectRef;
  readonly personIds: readonly string[];
}

// The schema's enums carry the model's values inside the server: graphql-js maps `SHARE` to 'share' on
// the way out and 'alert' back from `ALERT` on the way in, so stores and records never see wire names.
const ENUMS = {
  MessageKind: { COMMENT: 'comment', SHARE: 'share', SYSTEM: 'system' } satisfies Record<string, MessageKind>,
  ShareIntent: { INFORMATION: 'information', REQUEST: 'request', ALERT: 'alert' } satisfies Record<string, ShareIntent>,
  AlertSeverity: { INFO: 'info', WARNING: 'warning', CRITICAL: 'critical' } satisfies Record<string, AlertSeverity>,
};

/**
 * The resolvers of `schema.graphql`; every other field is served by the default resolver from records.
 * Every resolver that reads or writes about an object asks {@link AccessControl} first: an object the
 * viewer may not open is `NOT_FOUND` (threads, posts, replies, shares, read markers, access checks),
 * `null` (cards), zero (counts) or absent (feed items) — exactly as an object that does not exist.
 * Nothing here returns an object's title or fields except `objects`, and only for objects the viewer
 * may open; messages and events carry bare references.
 */
export function createResolvers(store: RseStore, live: LiveEvents, access: AccessControl) {
  /** A write's outcome, unless a retried client id named a message on an object the author lost. */
  async function visibleOutcome(viewerId: string, outcome: WriteOutcome): Promise<MessageRecord> {
    if (!outcome.created && !(await access.canOpen(viewerId, outcome.message.object))) throw noSuchObject();
    return outcome.message;
  }

  return {
    ...ENUMS,
    Query: {
      me: (_root: unknown, _args: unknown, context: RseContext) => context.viewer,
      thread: (_root: unknown, args: ThreadArgs, context: RseContext) =>
        guarded(async () => {
          await access.requireObject(context.viewer.id, args.object);
          return store.messages.threadPage(args.object, args);
        }),
      feeds: (_root: unknown, _args: unknown, context: RseContext) => store.feeds.feedsOf(context.viewer.id),
      feed: (_root: unknown, args: FeedQuery, context: RseContext) => guarded(() => visibleFeedPage(store, access, context.viewer.id, args)),
      people: (_root: unknown, args: PeopleArgs) => store.people.search(args.search, args.limit),
      objects: (_root: unknown, args: ObjectsArgs, context: RseContext) =>
        guarded(async () => {
          const cards = store.objects.cards(args.objects);
          const allowed = await access.canOpenEach(context.viewer.id, args.objects);
          return cards.map((card, index) => (allowed[index] === true ? card : null));
        }),
      counts: (_root: unknown, args: ObjectsArgs, context: RseContext) =>
        guarded(async () => {
          const counts = store.reads.counts(context.viewer.id, args.objects);
          const allowed = await access.canOpenEach(context.viewer.id, args.objects);
          return counts.map((count, index) => (allowed[index] === true ? count : { ...count, total: 0, unread: 0 }));
        }),
      checkAccess: (_root: unknown, args: CheckAccessArgs, context: RseContext) =>
        guarded(() => access.whoCanOpen(context.viewer.id, args.object, args.personIds)),
    },
    Mutation: {
      postMessage: (_root: unknown, { input }: { input: PostMessageInput }, context: RseContext) =>
        guarded(async () => {
          await access.requireObject(context.viewer.id, input.object);
          // Replying to a message of another object — forbidden or not — is NOT_FOUND in the store.
          const outcome = store.messages.post(context.viewer.id, input);
          // A retried client id answers the stored message and stays silent: subscribers saw it already.
          if (outcome.created) live.messagePosted(outcome.message);
          return visibleOutcome(context.viewer.id, outcome);
        }),
      share: (_root: unknown, { input }: { input: ShareInput }, context: RseContext) =>
        guarded(async () => {
          await access.requireObject(context.viewer.id, input.object);
          // People addressed who may not open the object are stored as addressed, and never shown the
          // share: their feeds and streams leave it out.
          const outcome = store.messages.share(context.viewer.id, input);
          if (outcome.created) live.messagePosted(outcome.message);
          return visibleOutcome(context.viewer.id, outcome);
        }),
      markRead: (_root: unknown, { object }: { object: ObjectRef }, context: RseContext) =>
        guarded(async () => {
          await access.requireObject(context.viewer.id, object);
          live.markedRead(context.viewer.id, store.reads.markRead(context.viewer.id, object));
          return true;
        }),
    },
    Subscription: createSubscriptionResolvers(live),
  };
}
