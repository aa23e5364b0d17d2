import type { ObjectRef } from '@rse/core';
import type { LiveEventRecord, LiveEvents } from '../live/live-events.js';
import { noSuchObject } from '../storage/object-store.js';
import { guarded, toGraphQLError } from './errors.js';
import type { RseContext } from './resolvers.js';

/** `Subscription.threadEvents` arguments. */
export interface ThreadEventsArgs {
  readonly object: ObjectRef;
  readonly after?: string | null;
}

/** `Subscription.activity` arguments. */
export interface ActivityArgs {
  readonly after?: string | null;
}

/**
 * Serves each event record as is (records already have the shape of `ThreadEvent` and `ActivityEvent`),
 * except GONE, the last event of a thread stream whose viewer lost the object: it becomes the same
 * `NOT_FOUND` error a subscription to an unknown object gets.
 */
function resolveEvent(event: LiveEventRecord): LiveEventRecord {
  if (event.kind === 'GONE') throw toGraphQLError(noSuchObject());
  return event;
}

/**
 * The `Subscription` resolvers. Streams are checked (access, object, cursor, replay distance) before
 * they start, so a refusal arrives as the subscription's one GraphQL error with its protocol code;
 * access is checked again for every event they deliver, and a stream ends when the token that opened it
 * expires (the client reconnects with a fresh one and resumes from its cursor).
 */
export function createSubscriptionResolvers(live: LiveEvents) {
  return {
    threadEvents: {
      subscribe: (_root: unknown, args: ThreadEventsArgs, context: RseContext) =>
        guarded(() => live.threadStream(context.viewer.id, args.object, args.after, context.validUntil)),
      resolve: resolveEvent,
    },
    activity: {
      subscribe: (_root: unknown, args: ActivityArgs, context: RseContext) =>
        guarded(() => Promise.resolve(live.activityStream(context.viewer.id, args.after, context.validUntil))),
      resolve: resolveEvent,
    },
  };
}
