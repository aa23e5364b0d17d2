import { MemoryNetwork, type MemoryAdapter, type MemoryAdapterOptions, type MemorySeedMessage } from '@rse/core';
import '@rse/elements/define.js';
import type { RseFeed, RseShareButton } from '@rse/elements';
import { fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { shadow } from './fixtures.js';

/** The order shares are about, with what its card shows. */
export const ORDER = {
  system: 'ERP',
  type: 'SalesOrder',
  id: '4711',
  title: 'Sales order 4711',
  url: '#/SalesOrder/4711',
  fields: [
    { label: 'Customer', value: 'Hôtel Bellecour' },
    { label: 'Amount', value: '12,480 EUR' },
  ],
} as const;

/** A product, for object-type filters. */
export const PRODUCT = { system: 'ERP', type: 'Product', id: 'TV-LCD-55', title: 'LCD TV 55"' } as const;

/** People of the share tests; `camille` is the viewer unless a test says otherwise. */
export const PEOPLE = [
  { id: 'camille', name: 'Camille Laurent', title: 'Seller — Lyon' },
  { id: 'jonas', name: 'Jonas Weber', title: 'Seller — Berlin' },
  { id: 'amira', name: 'Amira Haddad', title: 'Sales manager' },
] as const;

/** Feeds: everyone is on the sales floor; only Jonas and Camille are in logistics. Listed by name. */
export const FEEDS = [
  { id: 'sales-floor', name: 'Sales floor', description: 'Everything the sellers need to know', memberIds: ['camille', 'jonas', 'amira'] },
  { id: 'logistics', name: 'Logistics', description: null, memberIds: ['camille', 'jonas'] },
] as const;

/** A share to the sales floor, `minutesAgo` in the past. */
export function share(
  text: string,
  options: { intent?: 'information' | 'request' | 'alert'; severity?: 'info' | 'warning' | 'critical'; minutesAgo?: number; authorId?: string; object?: { system: string; type: string; id: string } } = {},
): MemorySeedMessage {
  return {
    object: options.object ?? ORDER,
    authorId: options.authorId ?? 'jonas',
    text,
    minutesAgo: options.minutesAgo ?? 5,
    share: { intent: options.intent ?? 'information', severity: options.severity ?? null, feedIds: ['sales-floor'], personIds: [] },
  };
}

/** A fresh network with the people, feeds, the order and the product. */
export function createShareNetwork(messages: readonly MemorySeedMessage[] = []): MemoryNetwork {
  return new MemoryNetwork({ people: [...PEOPLE], objects: [ORDER, PRODUCT], feeds: FEEDS.map((f) => ({ ...f, memberIds: [...f.memberIds] })), messages });
}

interface Options {
  readonly network?: MemoryNetwork;
  readonly as?: string;
  readonly adapter?: MemoryAdapterOptions;
  readonly lang?: string;
}

/** A share button for {@link ORDER} inside an `<rse-provider>` acting as Camille. */
export async function renderShareButton(options: Options & { readonly iconOnly?: boolean; readonly label?: string } = {}) {
  const network = options.network ?? createShareNetwork();
  const adapter: MemoryAdapter = network.adapterFor(options.as ?? 'camille', options.adapter);
  const provider = await fixture<HTMLElement>(html`<rse-provider .adapter=${adapter} lang=${options.lang ?? 'en'}>
    <rse-share-button system="ERP" object-type="SalesOrder" object-id="4711" ?icon-only=${options.iconOnly ?? false}
      >${options.label ?? ''}</rse-share-button
    >
  </rse-provider>`);
  const element = provider.querySelector<RseShareButton>('rse-share-button');
  if (!element) throw new Error('the fixture did not render <rse-share-button>');
  await element.updateComplete;
  return { network, adapter, provider, element };
}

/** A feed inside an `<rse-provider>` acting as Camille. */
export async function renderFeed(options: Options & { readonly feedId?: string; readonly objectType?: string } = {}) {
  const network = options.network ?? createShareNetwork();
  const adapter: MemoryAdapter = network.adapterFor(options.as ?? 'camille', options.adapter);
  const provider = await fixture<HTMLElement>(html`<rse-provider .adapter=${adapter} lang=${options.lang ?? 'en'}>
    <rse-feed feed-id=${options.feedId ?? ''} object-type=${options.objectType ?? ''}></rse-feed>
  </rse-provider>`);
  const element = provider.querySelector<RseFeed>('rse-feed');
  if (!element) throw new Error('the fixture did not render <rse-feed>');
  await element.updateComplete;
  return { network, adapter, provider, element };
}

/** The one element of the shadow root matching `selector`, or a failure naming it. */
export function part(element: Element, selector: string): HTMLElement {
  const found = shadow(element).querySelector<HTMLElement>(selector);
  if (!found) throw new Error(`no ${selector} in <${element.localName}>`);
  return found;
}

/** The button whose visible text or accessible label is `label`. */
export function buttonNamed(element: Element, label: string): HTMLButtonElement {
  const buttons = [...shadow(element).querySelectorAll('button')];
  const found = buttons.find((b) => b.getAttribute('aria-label') === label || b.textContent.replace(/\s+/gu, ' ').trim() === label);
  if (!found) throw new Error(`no "${label}" button; buttons: ${buttons.map((b) => b.getAttribute('aria-label') ?? b.textContent.trim()).join(', ')}`);
  return found;
}

/** The form control labelled `label` (by its wrapping `<label>` or a `<label for>`). */
export function controlLabelled(element: Element, label: string): HTMLElement {
  const root = shadow(element);
  for (const candidate of root.querySelectorAll<HTMLLabelElement>('label')) {
    if (candidate.textContent.replace(/\s+/gu, ' ').trim() === label && candidate.control) return candidate.control;
  }
  throw new Error(`no control labelled "${label}" in <${element.localName}>`);
}

/** The `<input>` labelled `label`. */
export function inputLabelled(element: Element, label: string): HTMLInputElement {
  return controlLabelled(element, label) as HTMLInputElement;
}

/** What has focus inside the element's shadow root. */
export function focused(element: Element): Element | null {
  return shadow(element).activeElement;
}

/** Presses Tab until `predicate` holds for the focused element (at most `max` times), like a keyboard user. */
export async function tabUntil(element: Element, predicate: (focused: Element | null) => boolean, max = 15): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (predicate(focused(element))) return;
    await sendKeys({ press: 'Tab' });
  }
  if (!predicate(focused(element))) throw new Error(`Tab never reached the control; focus is on ${focused(element)?.outerHTML.slice(0, 120) ?? 'nothing'}`);
}

/** Waits until `predicate` holds, with a message. */
export function until(predicate: () => boolean, message: string, timeout = 3000): Promise<void> {
  return waitUntil(predicate, message, { timeout });
}
