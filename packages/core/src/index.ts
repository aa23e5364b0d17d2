/**
 * `@rse/core`: everything RSE Elements needs that is not rendering or networking — usable from any
 * framework, any bundler and Node.
 *
 * @module
 */
export type {
  AccessCheck,
  ActivityEvent,
  ActivityEventHandlers,
  FeedQuery,
  ReadMarkerEvent,
  ShareInput,
  MessagePostedEvent,
  PostMessageInput,
  RseAdapter,
  Subscription,
  ThreadEvent,
  ThreadEventHandlers,
  ThreadQuery,
} from './adapter.js';
export { RseError, isRseErrorCode, toRseError, type RseErrorCode } from './errors.js';
export { newClientId } from './ids.js';
export {
  DEFAULT_PAGE_SIZE,
  MAX_MENTIONS_PER_MESSAGE,
  MAX_MESSAGE_LENGTH,
  MAX_OBJECT_REFS_PER_MESSAGE,
  MAX_PAGE_SIZE,
  clampPageSize,
  messageTextProblem,
} from './limits.js';
export { parseMarkup } from './markup/parse.js';
export type * from './markup/tokens.js';
export {
  objectKey,
  parseObjectKey,
  sameObject,
  type AlertSeverity,
  type Feed,
  type Message,
  type MessageKind,
  type ObjectCard,
  type ObjectCounts,
  type ObjectField,
  type ObjectRef,
  type Page,
  type Person,
  type ShareDetails,
  type ShareIntent,
  type ThreadPage,
} from './model.js';
export { MemoryAdapter, type MemoryAdapterOptions } from './memory/memory-adapter.js';
export {
  MemoryNetwork,
  type MemoryAccessPolicy,
  type MemoryErpEvent,
  type MemoryFeed,
  type MemoryObject,
  type MemorySeed,
  type MemorySeedMessage,
  type MemorySeedShare,
} from './memory/memory-network.js';
export { hashtagsOf } from './markup/hashtags.js';
export { mentionsOf } from './markup/mentions.js';
export { RseClient, type PublishInput, type RseClientOptions } from './client/rse-client.js';
export type { ActivityHandle, ActivityListener } from './client/activity-hub.js';
export type { CountsListener } from './client/counts-cache.js';
export { Outbox } from './client/outbox.js';
export {
  IndexedDbOutboxStorage,
  MemoryOutboxStorage,
  defaultOutboxStorage,
  type OutboxEntry,
  type OutboxState,
  type OutboxStorage,
} from './client/outbox-storage.js';
export { FeedStore, type FeedState, type FeedStatus, type FeedViewer } from './client/feed-store.js';
export { ThreadStore, type PendingMessage, type ThreadState, type ThreadStatus } from './client/thread-store.js';
