import { defineElement } from '../base/define.js';
import { RseShareButton } from './share-button.js';

defineElement('rse-share-button', RseShareButton);

declare global {
  interface HTMLElementTagNameMap {
    'rse-share-button': RseShareButton;
  }
}
