import { defineElement } from '../base/define.js';
import { RseObjectThread } from './object-thread.js';

defineElement('rse-object-thread', RseObjectThread);

declare global {
  interface HTMLElementTagNameMap {
    'rse-object-thread': RseObjectThread;
  }
}
