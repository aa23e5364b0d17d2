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
export { RseObjectThread } from './object-thread/object-thread.js';
export { RseMessagePostEvent, type RseMessagePostDetail } from './object-thread/object-thread.events.js';
export { RseProvider } from './provider/provider.js';
