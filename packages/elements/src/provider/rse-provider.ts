import { defineElement } from '../base/define.js';
import { RseProvider } from './provider.js';

defineElement('rse-provider', RseProvider);

declare global {
  interface HTMLElementTagNameMap {
    'rse-provider': RseProvider;
  }
}
