import { defineElement } from '../base/define.js';
import { RseObjectBadge } from './object-badge.js';

defineElement('rse-object-badge', RseObjectBadge);

declare global {
  interface HTMLElementTagNameMap {
    'rse-object-badge': RseObjectBadge;
  }
}
