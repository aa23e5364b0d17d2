import { RseError, type PostMessageInput } from '@rse/core';
import { decodeCursor } from '../cursor.js';
import { MAX_REPLAY, type ThreadEventHub, type ThreadEventRecord } from '../thread-events.js';
import type { PersonRecord } from '../storage/records.js';
import type { RseStore } from '../storage/rse-store.js';
import { guard } from './errors.js';

/** What every resolver gets: the person the request's token acts for (checked before Yoga runs). */
export interface RseContext {
  readonly viewer: PersonRecord;
}

/** `ObjectInput` as graphql-js hands it over. */
interface ObjectInput {
  readonly system?: string | null;
  readonly type: string;
  readonly id: string;
}

interface ThreadArgs {
  readonly object: ObjectInput;
  readonly before?: string | null;
  readonly limit?: number | null;
}

interface PostMessageArgs {
  readonly input: PostMessageInput;
}

interface ThreadEventsArgs {
  readonly object: ObjectInput;
  readonly after?: string | null;
}

/** The resolvers of `schema.graphql`; every other field is served by the default resolver from records. */
export function createResolvers(store: RseStore, hub: ThreadEventHub) {
  return {
    Query: {
      me: (_root: unknown, _args: unknown, context: RseContext) => context.viewer,
      thread: (_root: unknown, args: ThreadArgs) => guard(() => store.threadPage(args.object, args)),
    },
    Mutation: {
      postMessage: (_root: unknown, { input }: PostMessageArgs, context: RseContext) =>
        guard(() => {
          const { message, created } = store.post(context.viewer.id, input);
          // A retried client id answers the stored message and stays silent: subscribers saw it already.
          if (created) hub.publish(message);
          return message;
        }),
    },
    Subscription: {
      threadEvents: {
        subscribe: (_root: unknown, args: ThreadEventsArgs) =>
          guard(() => {
            const key = store.requireObject(args.object);
            const afterSeq = args.after == null ? null : decodeCursor(args.after);
            if (afterSeq !== null && store.countMessagesAfter(key, afterSeq, MAX_REPLAY + 1) > MAX_REPLAY) {
              throw new RseError('INVALID_INPUT', 'The stream cursor is too far behind; reload the thread.');
            }
            return hub.stream(key, afterSeq, {
              latestSeq: () => store.latestSeq(key),
              messagesAfter: (seq) => store.messagesAfter(key, seq),
            });
          }),
        resolve: (event: ThreadEventRecord) => event,
      },
    },
  };
}
