/** Registers every RSE element. */
import './object-thread/rse-object-thread.js';
import './provider/rse-provider.js';

export * from './index.js';
