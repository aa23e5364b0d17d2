import type { AlertSeverity, FeedQuery, MessageKind, ObjectRef, PostMessageInput, ShareInput, ShareIntent } from '@rse/core';
import type { LiveEvents } from '../live/live-events.js';
import type { PersonRecord } from '../storage/records.js';
import type { RseStore } from '../storage/rse-store.js';
import { guard } from './errors.js';
import { createSubscriptionResolvers } from './subscriptions.js';

/** What every resolver gets: the person the request's token acts for (checked before Yoga runs). */
export interface RseContext {
  readonly viewer: PersonRecord;
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

// The schema's enums carry the model's values inside the server: graphql-js maps `SHARE` to 'share' on
// the way out and 'alert' back from `ALERT` on the way in, so stores and records never see wire names.
const ENUMS = {
  MessageKind: { COMMENT: 'comment', SHARE: 'share', SYSTEM: 'system' } satisfies Record<string, MessageKind>,
  ShareIntent: { INFORMATION: 'information', REQUEST: 'request', ALERT: 'alert' } satisfies Record<string, ShareIntent>,
  AlertSeverity: { INFO: 'info', WARNING: 'warning', CRITICAL: 'critical' } satisfies Record<string, AlertSeverity>,
};

/** The resolvers of `schema.graphql`; every other field is served by the default resolver from records. */
export function createResolvers(store: RseStore, live: LiveEvents) {
  return {
    ...ENUMS,
    Query: {
      me: (_root: unknown, _args: unknown, context: RseContext) => context.viewer,
      thread: (_root: unknown, args: ThreadArgs) => guard(() => store.messages.threadPage(args.object, args)),
      feeds: (_root: unknown, _args: unknown, context: RseContext) => store.feeds.feedsOf(context.viewer.id),
      feed: (_root: unknown, args: FeedQuery, context: RseContext) => guard(() => store.feeds.page(context.viewer.id, args)),
      people: (_root: unknown, args: PeopleArgs) => store.people.search(args.search, args.limit),
      objects: (_root: unknown, args: ObjectsArgs) => guard(() => store.objects.cards(args.objects)),
      counts: (_root: unknown, args: ObjectsArgs, context: RseContext) => guard(() => store.reads.counts(context.viewer.id, args.objects)),
    },
    Mutation: {
      postMessage: (_root: unknown, { input }: { input: PostMessageInput }, context: RseContext) =>
        guard(() => {
          const { message, created } = store.messages.post(context.viewer.id, input);
          // A retried client id answers the stored message and stays silent: subscribers saw it already.
          if (created) live.messagePosted(message);
          return message;
        }),
      share: (_root: unknown, { input }: { input: ShareInput }, context: RseContext) =>
        guard(() => {
          const { message, created } = store.messages.share(context.viewer.id, input);
          if (created) live.messagePosted(message);
          return message;
        }),
      markRead: (_root: unknown, { object }: { object: ObjectRef }, context: RseContext) =>
        guard(() => {
          live.markedRead(context.viewer.id, store.reads.markRead(context.viewer.id, object));
          return true;
        }),
    },
    Subscription: createSubscriptionResolvers(live),
  };
}
