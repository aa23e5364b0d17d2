import { defineElement } from '../base/define.js';
import { RseObjectBadge } from './object-badge.js';

defineElement('rse-object-badge', RseObjectBadge);

// Once the page is idle after loading, rather than when its first list of badges renders.
if (typeof requestIdleCallback === 'function') {
  requestIdleCallback(
    () => {
      RseObjectBadge.prepareFormatters(document.documentElement.lang || navigator.language || 'en');
    },
    { timeout: 2_000 },
  );
}

declare global {
  interface HTMLElementTagNameMap {
    'rse-object-badge': RseObjectBadge;
  }
}
