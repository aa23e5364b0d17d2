import { defineElement } from '../base/define.js';
import { RseFeed } from './feed.js';

defineElement('rse-feed', RseFeed);

declare global {
  interface HTMLElementTagNameMap {
    'rse-feed': RseFeed;
  }
}
