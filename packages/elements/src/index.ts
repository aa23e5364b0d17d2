/**
 * `@rse/elements`: the classes and types, without registering any tag. Import `@rse/elements/define.js`
 * (all elements) or `@rse/elements/rse-<element>.js` (one) to register.
 *
 * @module
 */
export { defineElement } from './base/define.js';
export { RseErrorEvent, type RseErrorDetail } from './base/error-event.js';
export { RseElement } from './base/rse-element.js';
export { clientContext } from './context/client-context.js';
export { configure, type ConfigureOptions } from './context/configure.js';
export { SUPPORTED_LOCALES, type Messages } from './locales/index.js';
export { RseObjectBadge } from './object-badge/object-badge.js';
export { RseObjectThread, type ThreadFilter } from './object-thread/object-thread.js';
export { RseMessagePostEvent, type RseMessagePostDetail } from './object-thread/object-thread.events.js';
export { RseProvider } from './provider/provider.js';
export { RseFeed, type FeedIntentFilter } from './feed/feed.js';
export { FeedController } from './feed/feed-controller.js';
export { RseObjectOpenEvent, type RseObjectOpenDetail } from './feed/feed.events.js';
export { MentionController, type MentionControllerOptions, type MentionField } from './mentions/mention-controller.js';
export { mentionStyles } from './mentions/mention.styles.js';
export { RseShareButton } from './share-button/share-button.js';
export {
  RseShareEvent,
  RseShareRequestEvent,
  type RseShareDetail,
  type RseShareRequestDetail,
} from './share-button/share-button.events.js';
