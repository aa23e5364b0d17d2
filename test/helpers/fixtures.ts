import { MemoryNetwork, type MemoryAdapter, type MemoryAdapterOptions, type MemorySeedMessage } from '@rse/core';
import '@rse/elements/define.js';
import type { RseObjectThread } from '@rse/elements';
import { fixture, html, waitUntil } from '@open-wc/testing';

/** The order most tests talk about. */
export const ORDER = { system: 'ERP', type: 'SalesOrder', id: '4711' } as const;

/** People of the test network. */
export const PEOPLE = [
  { id: 'camille', name: 'Camille Laurent', title: 'Seller — Lyon' },
  { id: 'jonas', name: 'Jonas Weber', title: 'Seller — Berlin' },
] as const;

/** A fresh in-memory network with {@link ORDER} and a second order. */
export function createNetwork(messages: readonly MemorySeedMessage[] = []): MemoryNetwork {
  return new MemoryNetwork({
    people: [...PEOPLE],
    objects: [ORDER, { ...ORDER, id: '4712' }],
    messages,
  });
}

/** What {@link renderThread} takes. */
export interface ThreadFixtureOptions {
  readonly network?: MemoryNetwork;
  readonly as?: string;
  readonly adapter?: MemoryAdapterOptions;
  readonly objectId?: string | null;
  readonly lang?: string;
}

/** A thread on {@link ORDER} inside an `<rse-provider>` with a memory adapter acting as Camille. */
export async function renderThread(options: ThreadFixtureOptions = {}) {
  const network = options.network ?? createNetwork();
  const adapter: MemoryAdapter = network.adapterFor(options.as ?? 'camille', options.adapter);
  const objectId = options.objectId === undefined ? ORDER.id : options.objectId;
  const provider = await fixture<HTMLElement>(html`<rse-provider .adapter=${adapter} lang=${options.lang ?? 'en'}>
    <rse-object-thread system="ERP" object-type="SalesOrder" object-id=${objectId ?? ''}></rse-object-thread>
  </rse-provider>`);
  const element = provider.querySelector<RseObjectThread>('rse-object-thread');
  if (!element) throw new Error('the fixture did not render <rse-object-thread>');
  await element.updateComplete;
  return { network, adapter, provider, element };
}

/** The element's shadow root, which every thread test reads. */
export function shadow(element: Element): ShadowRoot {
  if (!element.shadowRoot) throw new Error(`<${element.localName}> has no shadow root`);
  return element.shadowRoot;
}

/** Visible text of the element's shadow root, whitespace collapsed. */
export function textOf(element: Element): string {
  return shadow(element).textContent.replace(/\s+/gu, ' ').trim();
}

/** Waits until the element's visible text contains `text`, or fails naming what it saw. */
export async function waitForText(element: Element, text: string, timeout = 3000): Promise<void> {
  await waitUntil(() => textOf(element).includes(text), `"${text}" never appeared; saw: ${textOf(element).slice(0, 300)}`, { timeout });
}

/** Resolves with the next `type` event on `target`, or fails after `timeout` ms. */
export function nextEvent<E extends Event>(target: EventTarget, type: string, timeout = 3000): Promise<E> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`no ${type} event within ${String(timeout)} ms`));
    }, timeout);
    target.addEventListener(
      type,
      (event) => {
        clearTimeout(timer);
        resolve(event as E);
      },
      { once: true },
    );
  });
}
