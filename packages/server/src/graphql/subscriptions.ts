import type { ObjectRef } from '@rse/core';
import type { LiveEventRecord, LiveEvents } from '../live/live-events.js';
import { guard } from './errors.js';
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

/** Serves each event record as is: records already have the shape of `ThreadEvent` and `ActivityEvent`. */
const asIs = (event: LiveEventRecord): LiveEventRecord => event;

/**
 * The `Subscription` resolvers. Streams are checked (object, cursor, replay distance) before they start,
 * so a refusal arrives as the subscription's one GraphQL error with its protocol code.
 */
export function createSubscriptionResolvers(live: LiveEvents) {
  return {
    threadEvents: {
      subscribe: (_root: unknown, args: ThreadEventsArgs) => guard(() => live.threadStream(args.object, args.after)),
      resolve: asIs,
    },
    activity: {
      subscribe: (_root: unknown, args: ActivityArgs, context: RseContext) => guard(() => live.activityStream(context.viewer.id, args.after)),
      resolve: asIs,
    },
  };
}
