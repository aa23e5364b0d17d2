import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { RseErrorEvent, RseFeed, RseObjectOpenEvent } from '@rse/elements';
import { nextEvent, shadow, textOf, waitForText } from '../helpers/fixtures.js';
import { ORDER, PRODUCT, buttonNamed, createShareNetwork, focused, inputLabelled, part, renderFeed, share, until } from '../helpers/share-fixtures.js';

function articles(element: RseFeed): HTMLElement[] {
  return [...shadow(element).querySelectorAll<HTMLElement>('[role="feed"] > article')];
}

function texts(element: RseFeed): string[] {
  return articles(element).map((a) => a.querySelector('.item__text')?.textContent.trim() ?? '');
}

const MIXED = [
  share('FYI: the customer confirmed the order. #bellecour', { minutesAgo: 30 }),
  share('Please check the delivery date #stock', { intent: 'request', minutesAgo: 20, authorId: 'amira' }),
  share('Truck breakdown, delivery late', { intent: 'alert', severity: 'critical', minutesAgo: 10 }),
  share('Is the 55" in stock? #stock', { intent: 'request', minutesAgo: 5, object: PRODUCT }),
];

describe('<rse-feed>', () => {
  describe('accessibility', () => {
    it('passes axe when empty', async () => {
      const { element } = await renderFeed();
      await waitForText(element, 'Nothing shared yet');
      await expect(element).to.be.accessible();
    });

    it('passes axe with items, badges, cards, a hashtag filter and the "N new" button', async () => {
      const network = createShareNetwork(MIXED);
      network.publishErpEvent({ object: ORDER, text: 'Credit limit exceeded for **Hôtel Bellecour**', alert: { severity: 'warning', feedIds: ['sales-floor'] } });
      const { element } = await renderFeed({ network });
      await waitForText(element, 'Hôtel Bellecour');
      await network.adapterFor('jonas').share({ object: ORDER, text: 'Live one', clientId: 'c1', intent: 'information', feedIds: ['sales-floor'], personIds: [] });
      await waitForText(element, '1 new');
      await expect(element).to.be.accessible();
    });

    it('passes axe in the error state', async () => {
      const { element } = await renderFeed({ adapter: { offline: true } });
      await waitForText(element, 'Try again');
      await expect(element).to.be.accessible();
    });
  });

  describe('reading', () => {
    it('lists items newest first as a feed of articles, with who, when, the intent and the text', async () => {
      const { element } = await renderFeed({ network: createShareNetwork(MIXED) });
      await waitForText(element, 'Truck breakdown');
      const feed = part(element, '[role="feed"]');
      expect(feed.getAttribute('aria-busy')).to.equal('false');
      expect(feed.getAttribute('aria-labelledby')).to.equal('feed-heading');
      expect(texts(element)).to.deep.equal([
        'Is the 55" in stock? #stock',
        'Truck breakdown, delivery late',
        'Please check the delivery date #stock',
        'FYI: the customer confirmed the order. #bellecour',
      ]);
      const items = articles(element);
      expect(items.map((a) => a.getAttribute('aria-posinset'))).to.deep.equal(['1', '2', '3', '4']);
      expect(items.every((a) => a.getAttribute('aria-setsize') === '4' && a.tabIndex === 0)).to.equal(true);
      const [product, alert, request, info] = items as [HTMLElement, HTMLElement, HTMLElement, HTMLElement];
      expect(request.textContent).to.contain('Amira Haddad');
      expect(request.querySelector('.badge')?.textContent).to.equal('Request');
      expect(alert.querySelector('.badge')?.textContent).to.equal('Alert · Critical');
      expect(info.querySelector('.badge')?.textContent).to.equal('Information');
      expect(info.textContent).to.contain('30 minutes ago');
      expect(info.textContent).to.contain('Shared with Sales floor');
      expect(product.querySelector('.token--hashtag')?.textContent.trim()).to.equal('#stock');
    });

    it('shows object cards read in one batched request, linking back to the ERP record', async () => {
      const { element, adapter } = await renderFeed({ network: createShareNetwork(MIXED) });
      await waitForText(element, 'Hôtel Bellecour');
      const cards = [...shadow(element).querySelectorAll('[part="card"]')];
      expect(cards).to.have.length(4);
      expect(cards[0]?.textContent).to.contain('LCD TV 55"');
      expect(cards[0]?.textContent).to.contain('Product · TV-LCD-55');
      expect(cards[1]?.textContent).to.contain('Sales order 4711');
      expect(cards[1]?.textContent).to.contain('Customer');
      expect(cards[1]?.querySelector('a')?.getAttribute('href')).to.match(/#\/SalesOrder\/4711$/);
      // A product has no URL: its card is not a link.
      expect(cards[0]?.querySelector('a')).to.equal(null);
      expect(adapter.calls.objects).to.equal(1);
    });

    it('shows events from the ERP as such', async () => {
      const network = createShareNetwork();
      network.publishErpEvent({ object: ORDER, text: 'Credit limit exceeded', alert: { severity: 'critical', feedIds: ['sales-floor'] } });
      const { element } = await renderFeed({ network });
      await waitForText(element, 'Credit limit exceeded');
      const [item] = articles(element);
      expect(item?.querySelector('.item__author')?.textContent).to.equal('ERP');
      expect(item?.textContent).to.contain('ERP event');
      expect(item?.querySelector('.badge')?.textContent).to.equal('Alert · Critical');
    });

    it('renders message text as text, never as HTML', async () => {
      const network = createShareNetwork([share('<img src=x onerror=alert(1)> [x](javascript:alert(1)) https://example.com')]);
      const { element } = await renderFeed({ network });
      await waitForText(element, '<img src=x onerror=alert(1)>');
      expect(shadow(element).querySelector('img')).to.equal(null);
      const links = [...shadow(element).querySelectorAll('.item__text a')].map((a) => a.getAttribute('href'));
      expect(links).to.deep.equal(['https://example.com/']);
    });

    it('says what is loading, what is empty, and what went wrong with a retry', async () => {
      const loading = await renderFeed({ adapter: { latency: Number.POSITIVE_INFINITY } });
      expect(textOf(loading.element)).to.contain('Loading the feed');
      expect(part(loading.element, '[role="feed"]').getAttribute('aria-busy')).to.equal('true');

      const empty = await renderFeed();
      await waitForText(empty.element, 'Nothing shared yet');

      const failing = await renderFeed({ adapter: { offline: true } });
      await waitForText(failing.element, 'The feed could not be loaded: The server cannot be reached.');
      expect(part(failing.element, '[role="alert"]')).to.exist;
      failing.adapter.offline = false;
      buttonNamed(failing.element, 'Try again').click();
      await waitForText(failing.element, 'Nothing shared yet');
    });

    it('answers a feed the viewer is not a member of in words', async () => {
      const { element } = await renderFeed({ as: 'amira', feedId: 'logistics' });
      await waitForText(element, 'This feed does not exist or you are not a member of it.');
    });

    it('names a single feed after it and shows only its items', async () => {
      const network = createShareNetwork([
        share('On the floor'),
        { object: ORDER, authorId: 'jonas', text: 'In logistics', share: { intent: 'information', feedIds: ['logistics'] } },
      ]);
      const { element } = await renderFeed({ network, feedId: 'logistics' });
      await waitForText(element, 'In logistics');
      await until(() => part(element, '#feed-heading').textContent === 'Logistics', 'the heading is not the feed name');
      expect(texts(element)).to.deep.equal(['In logistics']);
    });
  });

  describe('opening records', () => {
    it('fires a cancelable rse-object-open first; a host that prevents it keeps the page', async () => {
      const { element } = await renderFeed({ network: createShareNetwork(MIXED) });
      await waitForText(element, 'Sales order 4711');
      const before = location.href;
      const handler = (event: RseObjectOpenEvent) => {
        event.preventDefault();
      };
      document.addEventListener('rse-object-open', handler);
      try {
        const opened = nextEvent<RseObjectOpenEvent>(element, 'rse-object-open');
        const link = shadow(element).querySelector<HTMLAnchorElement>('[part="card"] a');
        link?.focus();
        await sendKeys({ press: 'Enter' });
        const event = await opened;
        expect(event.cancelable && event.bubbles && event.composed).to.equal(true);
        expect(event.detail.objectKey).to.equal('ERP:SalesOrder:4711');
        expect(event.detail.object).to.deep.equal({ system: 'ERP', type: 'SalesOrder', id: '4711' });
        expect(event.detail.url).to.match(/#\/SalesOrder\/4711$/);
        await new Promise((resolve) => setTimeout(resolve, 50));
        expect(location.href).to.equal(before);
      } finally {
        document.removeEventListener('rse-object-open', handler);
      }
    });

    it("navigates when nobody prevents it, to the host's URL when it maps objects", async () => {
      const { element } = await renderFeed({ network: createShareNetwork([share('About the product', { object: PRODUCT })]) });
      await waitForText(element, 'About the product');
      expect(shadow(element).querySelector('[part="card"] a')).to.equal(null);
      element.objectUrl = (object) => `#/open/${object.type}/${object.id}`;
      await element.updateComplete;
      const opened = nextEvent<RseObjectOpenEvent>(element, 'rse-object-open');
      shadow(element).querySelector<HTMLAnchorElement>('[part="card"] a')?.click();
      expect((await opened).detail.url).to.match(/#\/open\/Product\/TV-LCD-55$/);
      await until(() => location.hash === '#/open/Product/TV-LCD-55', 'did not navigate');
      history.replaceState(null, '', location.pathname + location.search);
    });
  });

  describe('filters', () => {
    it('shows All, Requests or Alerts from a radio group', async () => {
      const { element } = await renderFeed({ network: createShareNetwork(MIXED) });
      await waitForText(element, 'Truck breakdown');
      expect(inputLabelled(element, 'All').checked).to.equal(true);
      inputLabelled(element, 'Requests').click();
      await until(() => texts(element).length === 2, 'Requests did not filter');
      expect(texts(element)).to.deep.equal(['Is the 55" in stock? #stock', 'Please check the delivery date #stock']);
      expect(element.intent).to.equal('request');
      inputLabelled(element, 'Alerts').click();
      await until(() => texts(element).length === 1, 'Alerts did not filter');
      expect(texts(element)).to.deep.equal(['Truck breakdown, delivery late']);
      inputLabelled(element, 'All').click();
      await until(() => texts(element).length === 4, 'All did not show everything');
    });

    it('moves between filters with the arrow keys', async () => {
      const { element } = await renderFeed({ network: createShareNetwork(MIXED) });
      await waitForText(element, 'Truck breakdown');
      inputLabelled(element, 'All').focus();
      await sendKeys({ press: 'ArrowRight' });
      await until(() => texts(element).length === 2, 'ArrowRight did not choose Requests');
    });

    it('filters by object type from the attribute', async () => {
      const { element } = await renderFeed({ network: createShareNetwork(MIXED), objectType: 'Product' });
      await waitForText(element, 'Is the 55"');
      expect(texts(element)).to.deep.equal(['Is the 55" in stock? #stock']);
    });

    it('filters by a hashtag clicked in the feed, with a chip to clear it', async () => {
      const { element } = await renderFeed({ network: createShareNetwork(MIXED) });
      await waitForText(element, 'Truck breakdown');
      const tag = buttonNamed(element, 'Show only #bellecour');
      tag.focus();
      await sendKeys({ press: 'Enter' });
      await until(() => texts(element).length === 1, 'the hashtag did not filter');
      expect(element.hashtag).to.equal('bellecour');
      expect(textOf(element)).to.contain('#bellecour ×');
      const clear = buttonNamed(element, 'Clear the #bellecour filter');
      await until(() => focused(element) === clear, 'focus did not move to the chip');
      await sendKeys({ press: 'Enter' });
      await until(() => texts(element).length === 4, 'clearing did not show everything');
      expect(element.hashtag).to.equal(null);
    });

    it('says when nothing matches the filters', async () => {
      const { element } = await renderFeed({ network: createShareNetwork([share('Just news')]) });
      await waitForText(element, 'Just news');
      inputLabelled(element, 'Alerts').click();
      await waitForText(element, 'Nothing matches these filters.');
    });
  });

  describe('live and paging', () => {
    it('holds a live item behind "1 new", announces it, and shows it on request without moving the reader', async () => {
      const network = createShareNetwork([share('Older news')]);
      const { element } = await renderFeed({ network });
      await waitForText(element, 'Older news');
      await network.adapterFor('jonas').share({ object: ORDER, text: 'Fresh news', clientId: 'c1', intent: 'request', feedIds: ['sales-floor'], personIds: [] });
      await waitForText(element, '1 new');
      expect(texts(element)).to.deep.equal(['Older news']);
      await until(() => part(element, '[aria-live="polite"]').textContent.includes('1 new item'), 'not announced');
      await network.adapterFor('amira').share({ object: ORDER, text: 'Fresher news', clientId: 'c2', intent: 'information', feedIds: ['sales-floor'], personIds: [] });
      await waitForText(element, '2 new');
      await until(() => part(element, '[aria-live="polite"]').textContent.includes('2 new items'), 'not announced');
      const button = buttonNamed(element, '↑ 2 new');
      button.focus();
      await sendKeys({ press: 'Enter' });
      await until(() => texts(element).length === 3, 'the new items did not appear');
      expect(texts(element)).to.deep.equal(['Fresher news', 'Fresh news', 'Older news']);
      await until(() => focused(element) === articles(element)[0], 'focus did not move to the newest item');
      expect(textOf(element)).not.to.contain('2 new');
    });

    it('loads older items with "Show older", the set size unknown until the end', async () => {
      const network = createShareNetwork(Array.from({ length: 45 }, (_, i) => share(`note ${String(i + 1)}`, { minutesAgo: 100 - i })));
      const { element } = await renderFeed({ network });
      await waitForText(element, 'note 45');
      expect(articles(element)).to.have.length(30);
      expect(articles(element)[0]?.getAttribute('aria-setsize')).to.equal('-1');
      buttonNamed(element, 'Show older').click();
      await until(() => articles(element).length === 45, 'older items did not load');
      expect(texts(element).at(-1)).to.equal('note 1');
      expect(articles(element)[44]?.getAttribute('aria-posinset')).to.equal('45');
      expect(articles(element)[0]?.getAttribute('aria-setsize')).to.equal('45');
      expect(shadow(element).querySelector('.feed__older')).to.equal(null);
    });

    it('reports a failed older page with rse-error', async () => {
      const network = createShareNetwork(Array.from({ length: 35 }, (_, i) => share(`note ${String(i + 1)}`)));
      const { element, adapter } = await renderFeed({ network });
      await waitForText(element, 'Show older');
      adapter.offline = true;
      const failed = nextEvent<RseErrorEvent>(element, 'rse-error');
      buttonNamed(element, 'Show older').click();
      expect((await failed).detail).to.include({ operation: 'load-older', code: 'NETWORK' });
    });

    it('moves between items with Page Down and Page Up', async () => {
      const { element } = await renderFeed({ network: createShareNetwork(MIXED) });
      await waitForText(element, 'Truck breakdown');
      const [first, second] = articles(element) as [HTMLElement, HTMLElement];
      first.focus();
      await sendKeys({ press: 'PageDown' });
      expect(focused(element)).to.equal(second);
      await sendKeys({ press: 'PageUp' });
      expect(focused(element)).to.equal(first);
    });
  });

  describe('properties and languages', () => {
    it('fires no event when code sets properties', async () => {
      const { element } = await renderFeed({ network: createShareNetwork(MIXED) });
      await waitForText(element, 'Truck breakdown');
      let fired = 0;
      const count = () => fired++;
      for (const type of ['rse-object-open', 'rse-error']) element.addEventListener(type, count);
      element.intent = 'alert';
      element.hashtag = 'stock';
      element.objectType = 'Product';
      element.feedId = 'logistics';
      element.objectUrl = () => '#nowhere';
      await element.updateComplete;
      await waitForText(element, 'Nothing matches these filters.');
      expect(fired).to.equal(0);
    });

    it('says it is not connected when no client is configured', async () => {
      const element = await fixture<RseFeed>(html`<rse-feed></rse-feed>`);
      expect(textOf(element)).to.contain('Not connected');
    });

    it('speaks French and German', async () => {
      const { element, provider } = await renderFeed({ network: createShareNetwork(MIXED), lang: 'fr' });
      await waitForText(element, 'Alerte · Critique');
      expect(textOf(element)).to.contain('Partagé avec vous');
      expect(inputLabelled(element, 'Demandes')).to.exist;
      provider.setAttribute('lang', 'de');
      await waitForText(element, 'Mit Ihnen geteilt');
      expect(inputLabelled(element, 'Anfragen')).to.exist;
      expect(textOf(element)).to.contain('Alarm · Kritisch');
    });
  });
});
