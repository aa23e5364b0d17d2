/** Registers every RSE element. */
import './object-badge/rse-object-badge.js';
import './object-thread/rse-object-thread.js';
import './provider/rse-provider.js';
import './feed/rse-feed.js';
import './share-button/rse-share-button.js';

export * from './index.js';
