import { defineElement } from '../base/define.js';
import { RseObjectBadge } from './object-badge.js';

defineElement('rse-object-badge', RseObjectBadge);

// Registration's one companion: the badge's formatters for the page's language, built once the page
// is idle after loading rather than in the task that renders its first list (see prepareFormatters).
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
