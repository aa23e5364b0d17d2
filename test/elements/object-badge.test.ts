import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { computeAccessibleName } from 'dom-accessibility-api';
import { sendKeys } from '@web/test-runner-commands';
import { MemoryNetwork, type MemoryAdapterOptions, type MemorySeedMessage } from '@rse/core';
import type { RseObjectBadge, RseObjectOpenEvent } from '@rse/elements';
import { ORDER, PEOPLE, createNetwork, nextEvent, shadow } from '../helpers/fixtures.js';

/** Three messages on the order: two by the viewer (Camille), one by Jonas she has not read. */
const THREE_ONE_UNREAD: readonly MemorySeedMessage[] = [
  { object: ORDER, authorId: 'camille', text: 'Delivery before 15 March?', minutesAgo: 30 },
  { object: ORDER, authorId: 'jonas', text: 'Berlin has 12 in stock.', minutesAgo: 20 },
  { object: ORDER, authorId: 'camille', text: 'Reserve 10, please.', minutesAgo: 10, replyToIndex: 1 },
];

interface BadgeOptions {
  readonly network?: MemoryNetwork;
  readonly adapter?: MemoryAdapterOptions;
  readonly attributes?: string;
  readonly lang?: string;
  readonly objectId?: string;
  readonly compact?: boolean;
  readonly url?: string;
  readonly title?: string;
}

/** One badge on {@link ORDER} inside a provider whose memory adapter acts as Camille. */
async function renderBadge(options: BadgeOptions = {}) {
  const network = options.network ?? createNetwork();
  const adapter = network.adapterFor('camille', options.adapter);
  const provider = await fixture<HTMLElement>(html`<rse-provider .adapter=${adapter} lang=${options.lang ?? 'en'}>
    <rse-object-badge
      system="ERP"
      object-type="SalesOrder"
      object-id=${options.objectId ?? ORDER.id}
      object-url=${options.url ?? ''}
      object-title=${options.title ?? ''}
      ?compact=${options.compact ?? false}
    ></rse-object-badge>
  </rse-provider>`);
  const element = provider.querySelector<RseObjectBadge>('rse-object-badge');
  if (!element) throw new Error('the fixture did not render <rse-object-badge>');
  // Empty attributes mean "not given" for these tests.
  if (!options.url) element.objectUrl = null;
  if (!options.title) element.objectTitle = null;
  await element.updateComplete;
  return { network, adapter, provider, element };
}

function buttonOf(element: RseObjectBadge): HTMLButtonElement {
  const button = shadow(element).querySelector('button');
  if (!button) throw new Error('the badge has no button');
  return button;
}

/** The button's accessible name, as the accessible-name algorithm computes it. */
function labelOf(element: RseObjectBadge): string {
  // Nothing yet: a badge draws nothing while its counts are a moment away (see the loading tests).
  const button = shadow(element).querySelector('button');
  return button ? computeAccessibleName(button) : '';
}

async function waitForLabel(element: RseObjectBadge, label: string, timeout = 3000): Promise<void> {
  await waitUntil(() => labelOf(element) === label, `label never became "${label}"; it is "${labelOf(element)}"`, { timeout });
}

/** What a sighted reader sees, piece by piece: the text of each part of the button that shows. */
function visiblePieces(element: RseObjectBadge): string[] {
  return [...buttonOf(element).querySelectorAll('[part]')]
    .filter((part) => getComputedStyle(part).display !== 'none')
    .map((part) => part.textContent.trim())
    .filter((text) => text !== '');
}

function visibleText(element: RseObjectBadge): string {
  return visiblePieces(element).join(' ');
}

/**
 * Whether people who drive the page by voice can say what they see (WCAG 2.5.3, label in name): the
 * accessible name starts with the first piece shown and contains every other piece, in order.
 */
function labelHoldsWhatIsShown(element: RseObjectBadge): boolean {
  const name = labelOf(element);
  const [first, ...rest] = visiblePieces(element);
  if (first === undefined) return true;
  let from = first.length;
  if (!name.startsWith(first)) return false;
  for (const piece of rest) {
    const at = name.indexOf(piece, from);
    if (at < 0) return false;
    from = at + piece.length;
  }
  return true;
}

describe('<rse-object-badge>', () => {
  describe('accessibility', () => {
    it('passes axe while loading', async () => {
      const { element } = await renderBadge({ adapter: { latency: Number.POSITIVE_INFINITY } });
      await waitUntil(() => element.shadowRoot?.querySelector('[aria-busy="true"]') != null, 'no loading state');
      expect(labelOf(element)).to.equal('Loading comments…');
      await expect(element).to.be.accessible();
    });

    it('passes axe with no comments', async () => {
      const { element } = await renderBadge();
      await waitForLabel(element, '0 comments');
      await expect(element).to.be.accessible();
    });

    it('passes axe with unread comments, compact or not', async () => {
      const { element } = await renderBadge({ network: createNetwork(THREE_ONE_UNREAD) });
      await waitForLabel(element, '3 comments, 1 unread');
      await expect(element).to.be.accessible();
      element.compact = true;
      await element.updateComplete;
      await expect(element).to.be.accessible();
    });

    it('passes axe when the counts are unavailable, and stays a button', async () => {
      const { element } = await renderBadge({ adapter: { offline: true } });
      await waitForLabel(element, 'Comments unavailable');
      expect(buttonOf(element).disabled).to.equal(false);
      expect(buttonOf(element).getAttribute('title')).to.equal('The server cannot be reached.');
      await expect(element).to.be.accessible();
    });
  });

  describe('counts and labels', () => {
    it('shows the count and the unread count, with a label that says both', async () => {
      const { element } = await renderBadge({ network: createNetwork(THREE_ONE_UNREAD) });
      await waitForLabel(element, '3 comments, 1 unread');
      expect(visibleText(element)).to.equal('3 1 unread');
      expect(shadow(element).querySelector('[part~="count"]')?.textContent).to.equal('3');
      expect(shadow(element).querySelector('[part~="unread"]')?.textContent).to.equal('1 unread');
      expect(labelHoldsWhatIsShown(element), 'the label leaves out what is shown').to.equal(true);
      expect(shadow(element).querySelector('[part~="icon"]')?.getAttribute('aria-hidden')).to.equal('true');
    });

    it('uses singular and plural forms, and says when nobody has written', async () => {
      const zero = await renderBadge();
      await waitForLabel(zero.element, '0 comments');
      expect(visibleText(zero.element)).to.equal('0');
      expect(shadow(zero.element).querySelector('[part~="unread"]')).to.equal(null);

      const one = await renderBadge({ network: createNetwork([{ object: ORDER, authorId: 'camille', text: 'Only me' }]) });
      await waitForLabel(one.element, '1 comment');
    });

    it('prefixes the object title to the label when given', async () => {
      const { element } = await renderBadge({ network: createNetwork(THREE_ONE_UNREAD), title: 'Sales order 4711' });
      await waitForLabel(element, 'Sales order 4711: 3 comments, 1 unread');
    });

    it('speaks French and German, with their plural rules', async () => {
      const fr = await renderBadge({ network: createNetwork(THREE_ONE_UNREAD), lang: 'fr' });
      await waitForLabel(fr.element, '3 commentaires, 1 non lu');
      expect(visibleText(fr.element)).to.equal('3 1 non lu');
      expect(labelHoldsWhatIsShown(fr.element), 'the French label leaves out what is shown').to.equal(true);
      const de = await renderBadge({ network: createNetwork(THREE_ONE_UNREAD), lang: 'de' });
      await waitForLabel(de.element, '3 Kommentare, 1 ungelesen');
      const frZero = await renderBadge({ lang: 'fr' });
      await waitForLabel(frZero.element, '0 commentaire');
    });

    it('tells the language of its words when the page does not: none declared, or one with no catalogue', async () => {
      const network = createNetwork(THREE_ONE_UNREAD);
      const previous = document.documentElement.getAttribute('lang');
      document.documentElement.removeAttribute('lang');
      try {
        const host = await fixture<HTMLElement>(html`<div lang="ja"><rse-provider .adapter=${network.adapterFor('camille')}>
          <rse-object-badge system="ERP" object-type="SalesOrder" object-id=${ORDER.id}></rse-object-badge>
        </rse-provider></div>`);
        const element = host.querySelector<RseObjectBadge>('rse-object-badge')!;
        // Japanese is declared but has no catalogue: the words are English, and the button says so.
        await waitForLabel(element, '3 comments, 1 unread');
        expect(buttonOf(element).getAttribute('lang')).to.equal('en');
        // French is declared and spoken: the button inherits it.
        host.setAttribute('lang', 'fr');
        await waitForLabel(element, '3 commentaires, 1 non lu');
        expect(buttonOf(element).hasAttribute('lang')).to.equal(false);
        // Nothing declared: the browser's language is used, and named on the button.
        host.removeAttribute('lang');
        await waitUntil(() => buttonOf(element).hasAttribute('lang'), 'the button never said its language');
        expect(buttonOf(element).getAttribute('lang')?.split('-')[0]).to.equal(navigator.language.split('-')[0]);
      } finally {
        if (previous === null) document.documentElement.removeAttribute('lang');
        else document.documentElement.setAttribute('lang', previous);
      }
    });

    it('shows its counts under a malformed lang such as en_US, in English', async () => {
      const network = createNetwork(THREE_ONE_UNREAD);
      const host = await fixture<HTMLElement>(html`<div lang="en_US"><rse-provider .adapter=${network.adapterFor('camille')}>
        <rse-object-badge system="ERP" object-type="SalesOrder" object-id=${ORDER.id}></rse-object-badge>
      </rse-provider></div>`);
      const element = host.querySelector<RseObjectBadge>('rse-object-badge')!;
      await waitForLabel(element, '3 comments, 1 unread');
      expect(visibleText(element)).to.equal('3 1 unread');
      expect(buttonOf(element).getAttribute('lang')).to.equal('en');
    });

    it('shows only the number and a dot when compact', async () => {
      const { element } = await renderBadge({ network: createNetwork(THREE_ONE_UNREAD), compact: true });
      await waitForLabel(element, '3 comments, 1 unread');
      expect(element.hasAttribute('compact')).to.equal(true);
      expect(visibleText(element)).to.equal('3');
      const icon = shadow(element).querySelector('[part~="icon"]');
      expect(icon === null || getComputedStyle(icon).display === 'none', 'the icon shows in compact mode').to.equal(true);
      const dot = shadow(element).querySelector('[part~="unread"]');
      expect(dot).to.exist;
      expect(dot?.textContent).to.equal('');
    });

    it('renders a disabled badge and one dev warning when object-id is missing', async () => {
      const warnings: string[] = [];
      const original = console.warn;
      console.warn = (...args: unknown[]) => warnings.push(args.join(' '));
      try {
        const { element } = await renderBadge({ objectId: '' });
        expect(buttonOf(element).disabled).to.equal(true);
        // A row with no record yet is a state, not a failure: no error styling, no "unavailable".
        expect(labelOf(element)).to.equal('No record');
        expect(buttonOf(element).classList.contains('badge--error')).to.equal(false);
        await expect(element).to.be.accessible();
        expect(warnings.filter((w) => w.includes('rse-object-badge') && w.includes('object-id'))).to.have.length(1);
      } finally {
        console.warn = original;
      }
    });
  });

  describe('loading', () => {
    /** Records whether the badge ever showed its loading placeholder, from insertion on. */
    function watchPlaceholder(element: RseObjectBadge): () => boolean {
      let seen = false;
      const check = () => {
        seen ||= element.shadowRoot?.querySelector('[aria-busy="true"]') != null;
      };
      const observer = new MutationObserver(check);
      observer.observe(element.shadowRoot!, { subtree: true, childList: true, attributes: true });
      return () => {
        check();
        observer.disconnect();
        return seen;
      };
    }

    /** A badge for the order, inserted under a provider whose backend answers after `latency` ms. */
    async function badgeAnsweredAfter(latency: number): Promise<RseObjectBadge> {
      const network = createNetwork(THREE_ONE_UNREAD);
      const provider = await fixture<HTMLElement>(html`<rse-provider .adapter=${network.adapterFor('camille', { latency })} lang="en"></rse-provider>`);
      const element = document.createElement('rse-object-badge');
      element.setAttribute('system', ORDER.system);
      element.setAttribute('object-type', ORDER.type);
      element.setAttribute('object-id', ORDER.id);
      provider.append(element);
      return element;
    }

    it('counts that arrive quickly are drawn at once, with no loading placeholder flashing first', async () => {
      const element = await badgeAnsweredAfter(60);
      const stop = watchPlaceholder(element);
      await waitForLabel(element, '3 comments, 1 unread');
      expect(stop(), 'the placeholder flashed').to.equal(false);
    });

    it('counts that take longer show the loading placeholder meanwhile, then the counts', async () => {
      const element = await badgeAnsweredAfter(900);
      await waitUntil(() => element.shadowRoot?.querySelector('[aria-busy="true"]') != null, 'no loading state while the counts were slow', { timeout: 800 });
      expect(labelOf(element)).to.equal('Loading comments…');
      await waitForLabel(element, '3 comments, 1 unread');
    });
  });

  describe('changing object', () => {
    it('shows its loading state while the new counts come, keeping its button and the keyboard focus', async () => {
      const network = createNetwork(THREE_ONE_UNREAD);
      const { element } = await renderBadge({ network, adapter: { latency: 150 } });
      await waitForLabel(element, '3 comments, 1 unread');
      buttonOf(element).focus();
      element.objectId = '4712';
      await element.updateComplete;
      // Booleans, not elements: chai would try to print a DOM node in its failure message.
      expect(shadow(element).querySelector('button') !== null, 'the badge went blank').to.equal(true);
      expect(buttonOf(element).getAttribute('aria-busy')).to.equal('true');
      expect(shadow(element).activeElement === buttonOf(element), 'the focus was lost').to.equal(true);
      await waitForLabel(element, '0 comments');
    });
  });

  describe('opening', () => {
    afterEach(() => {
      history.replaceState(null, '', location.pathname + location.search);
    });

    it('fires a cancelable rse-object-open on click, and does not navigate when prevented', async () => {
      const { element } = await renderBadge({ url: '#order-4711' });
      await waitForLabel(element, '0 comments');
      const opened = nextEvent<RseObjectOpenEvent>(element, 'rse-object-open');
      element.addEventListener('rse-object-open', (event) => {
        event.preventDefault();
      }, { once: true });
      buttonOf(element).click();
      const event = await opened;
      expect(event.cancelable && event.bubbles && event.composed).to.equal(true);
      expect(event.defaultPrevented).to.equal(true);
      expect(event.detail.objectKey).to.equal('ERP:SalesOrder:4711');
      expect(event.detail.object).to.deep.equal({ system: 'ERP', type: 'SalesOrder', id: '4711' });
      expect(event.detail.url).to.equal(new URL('#order-4711', location.href).href);
      expect(location.hash).to.equal('');
    });

    it('navigates to object-url when nobody prevents it', async () => {
      const { element } = await renderBadge({ url: '#order-4711' });
      await waitForLabel(element, '0 comments');
      buttonOf(element).click();
      await waitUntil(() => location.hash === '#order-4711', 'the badge did not navigate');
    });

    it('opens from the keyboard with Enter and Space', async () => {
      const { element } = await renderBadge();
      await waitForLabel(element, '0 comments');
      let opened = 0;
      element.addEventListener('rse-object-open', (event) => {
        opened++;
        event.preventDefault();
      });
      buttonOf(element).focus();
      await sendKeys({ press: 'Enter' });
      await sendKeys({ press: 'Space' });
      await waitUntil(() => opened === 2, `opened ${String(opened)} times`);
    });

    it('never follows a javascript: URL', async () => {
      const { element } = await renderBadge({ url: 'javascript:alert(1)' });
      await waitForLabel(element, '0 comments');
      const opened = nextEvent<RseObjectOpenEvent>(element, 'rse-object-open');
      buttonOf(element).click();
      expect((await opened).detail.url).to.equal(null);
    });
  });

  describe('live', () => {
    it('counts a colleague’s new message as it is posted', async () => {
      const { element, network } = await renderBadge({ network: createNetwork(THREE_ONE_UNREAD) });
      await waitForLabel(element, '3 comments, 1 unread');
      await network.adapterFor('jonas').postMessage({ object: ORDER, text: 'Truck leaves Monday.', clientId: 'live-1' });
      await waitForLabel(element, '4 comments, 2 unread');
      expect(visibleText(element)).to.equal('4 2 unread');
    });

    it('drops the unread count when a thread on the page has been read', async () => {
      const network = createNetwork(THREE_ONE_UNREAD);
      const adapter = network.adapterFor('camille');
      const provider = await fixture<HTMLElement>(html`<rse-provider .adapter=${adapter} lang="en">
        <rse-object-badge system="ERP" object-type="SalesOrder" object-id="4711"></rse-object-badge>
        <rse-object-thread system="ERP" object-type="SalesOrder" object-id="4711"></rse-object-thread>
      </rse-provider>`);
      const element = provider.querySelector<RseObjectBadge>('rse-object-badge');
      if (!element) throw new Error('no badge');
      // The thread is in view, so reading it marks it read; the badge follows without asking again.
      await waitForLabel(element, '3 comments', 4000);
      expect(adapter.calls.counts).to.equal(1);
    });

    it('follows a change of object, and lets go of the old one', async () => {
      const { element, network } = await renderBadge({ network: createNetwork(THREE_ONE_UNREAD) });
      await waitForLabel(element, '3 comments, 1 unread');
      element.objectId = '4712';
      await waitForLabel(element, '0 comments');
      await network.adapterFor('jonas').postMessage({ object: ORDER, text: 'Not about 4712', clientId: 'live-2' });
      await network.adapterFor('jonas').postMessage({ object: { ...ORDER, id: '4712' }, text: 'About 4712', clientId: 'live-3' });
      await waitForLabel(element, '1 comment, 1 unread');
    });
  });

  describe('batching and properties', () => {
    it('asks once for 200 badges of 200 objects, and paints every count', async () => {
      const objects = Array.from({ length: 200 }, (_, i) => ({ system: 'ERP', type: 'SalesOrder', id: String(5000 + i) }));
      const network = new MemoryNetwork({
        people: [...PEOPLE],
        objects,
        messages: objects.flatMap((object, i) =>
          Array.from({ length: i % 4 }, (_, n) => ({ object, authorId: n % 2 === 0 ? 'jonas' : 'camille', text: `note ${String(n)}` })),
        ),
      });
      const adapter = network.adapterFor('camille');
      const provider = await fixture<HTMLElement>(html`<rse-provider .adapter=${adapter} lang="en">
        <ul>
          ${objects.map(
            (o) => html`<li><rse-object-badge system=${o.system} object-type=${o.type} object-id=${o.id}></rse-object-badge></li>`,
          )}
        </ul>
      </rse-provider>`);
      const badges = [...provider.querySelectorAll<RseObjectBadge>('rse-object-badge')];
      expect(badges).to.have.length(200);
      await waitUntil(() => badges.every((b) => labelOf(b) !== '' && !labelOf(b).startsWith('Loading')), 'not every badge got its counts');
      expect(adapter.calls.counts).to.equal(1);
      // Object i has i % 4 messages, the even ones by Jonas (unread for Camille).
      const expected = ['0 comments', '1 comment, 1 unread', '2 comments, 1 unread', '3 comments, 2 unread'];
      badges.forEach((badge, i) => {
        expect(labelOf(badge)).to.equal(expected[i % 4]);
      });
    });

    it('fires no event when code sets properties', async () => {
      const { element } = await renderBadge({ network: createNetwork(THREE_ONE_UNREAD) });
      await waitForLabel(element, '3 comments, 1 unread');
      let fired = 0;
      const count = () => fired++;
      for (const type of ['rse-object-open', 'rse-error', 'click']) element.addEventListener(type, count);
      element.objectId = '4712';
      element.compact = true;
      element.objectUrl = '#elsewhere';
      element.objectTitle = 'Sales order 4712';
      await waitForLabel(element, 'Sales order 4712: 0 comments');
      expect(fired).to.equal(0);
      expect(location.hash).to.equal('');
    });

    it('maps kebab-case attributes to properties', async () => {
      const { element } = await renderBadge({ url: 'https://erp.example/orders/4711', title: 'Order' });
      expect(element.objectType).to.equal('SalesOrder');
      expect(element.objectId).to.equal('4711');
      expect(element.system).to.equal('ERP');
      expect(element.objectUrl).to.equal('https://erp.example/orders/4711');
      expect(element.objectTitle).to.equal('Order');
    });
  });
});
