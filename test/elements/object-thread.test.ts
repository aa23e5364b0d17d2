import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { MemoryNetwork, RseClient, type MemoryAdapter, type MemorySeedMessage } from '@rse/core';
import type { RseErrorEvent, RseMessagePostEvent, RseObjectThread } from '@rse/elements';
import { ORDER, PEOPLE, createNetwork, nextEvent, renderThread, shadow, textOf, waitForText } from '../helpers/fixtures.js';

// The virtualizer's ResizeObserver may report the harmless "ResizeObserver loop completed with
// undelivered notifications", which mocha's window.onerror counts as a failure. Swallow exactly that
// message. At module scope on purpose: listeners on window run in registration order, so this one must
// be added before mocha installs its handler at run start (a beforeEach would be too late), and it must
// outlive each test's fixture teardown, when the last notifications can still arrive.
window.addEventListener(
  'error',
  (event) => {
    if (event.message.includes('ResizeObserver loop')) {
      event.stopImmediatePropagation();
      event.preventDefault();
    }
  },
  true,
);

function textarea(element: RseObjectThread): HTMLTextAreaElement {
  const area = shadow(element).querySelector('textarea');
  if (!area) throw new Error('no composer textarea');
  return area;
}

function button(element: RseObjectThread, label: string): HTMLButtonElement {
  const found = [...shadow(element).querySelectorAll('button')].find((b) => b.textContent.trim() === label);
  if (!found) throw new Error(`no "${label}" button; buttons: ${[...shadow(element).querySelectorAll('button')].map((b) => b.textContent.trim()).join(', ')}`);
  return found;
}

async function type(element: RseObjectThread, text: string): Promise<void> {
  const area = textarea(element);
  area.focus();
  area.value = text;
  area.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
  await element.updateComplete;
}

describe('<rse-object-thread>', () => {
  describe('accessibility', () => {
    it('passes axe when empty', async () => {
      const { element } = await renderThread();
      await waitForText(element, 'No messages yet');
      await expect(element).to.be.accessible();
    });

    it('passes axe with messages, replies and every token kind', async () => {
      const network = createNetwork([
        { object: ORDER, authorId: 'jonas', text: 'Hi @camille, **urgent**: see [[ERP:Product:TV-LCD-55]] #stock https://example.com', minutesAgo: 5 },
        { object: ORDER, authorId: 'camille', text: 'On it', replyToIndex: 0 },
      ]);
      const { element } = await renderThread({ network });
      await waitForText(element, 'On it');
      await expect(element).to.be.accessible();
    });

    it('passes axe in the error state', async () => {
      const { element } = await renderThread({ objectId: 'no-such-order' });
      await waitForText(element, 'Try again');
      await expect(element).to.be.accessible();
    });
  });

  describe('reading', () => {
    it('shows author, relative time and rendered tokens, with mentions and object references distinct', async () => {
      const network = createNetwork([
        { object: ORDER, authorId: 'jonas', text: 'Ask @[Camille](camille) about [[ERP:Product:TV-LCD-55|the 55" LCD]] #tv', minutesAgo: 3 },
      ]);
      const { element } = await renderThread({ network });
      await waitForText(element, 'Jonas Weber');
      expect(textOf(element)).to.contain('3 minutes ago');
      const root = shadow(element);
      expect(root.querySelector('.token--mention')?.textContent).to.equal('@Camille');
      expect(root.querySelector('.token--object')?.textContent.trim()).to.equal('the 55" LCD');
      expect(root.querySelector('.token--hashtag')?.textContent).to.equal('#tv');
      const time = root.querySelector('time');
      expect(time?.getAttribute('datetime')).to.match(/^\d{4}-\d\d-\d\dT/);
    });

    it('renders links only for safe schemes, opening safely in a new window', async () => {
      const network = createNetwork([
        { object: ORDER, authorId: 'jonas', text: 'Docs https://example.com/a?b=1 and [x](javascript:alert(1)) and <img src=x onerror=alert(1)>' },
      ]);
      const { element } = await renderThread({ network });
      await waitForText(element, 'Docs');
      const links = [...shadow(element).querySelectorAll('a')];
      expect(links.map((a) => a.getAttribute('href'))).to.deep.equal(['https://example.com/a?b=1']);
      expect(links[0]?.getAttribute('rel')).to.equal('noopener noreferrer');
      expect(links[0]?.getAttribute('target')).to.equal('_blank');
      expect(shadow(element).querySelector('img')).to.equal(null);
      expect(textOf(element)).to.contain('<img src=x onerror=alert(1)>');
      expect(textOf(element)).to.contain('[x](javascript:alert(1))');
    });

    it('shows replies under their message, one level deep', async () => {
      const network = createNetwork([
        { object: ORDER, authorId: 'jonas', text: 'Any LCD TVs left?' },
        { object: ORDER, authorId: 'camille', text: 'Two in Lyon.', replyToIndex: 0 },
      ]);
      const { element } = await renderThread({ network });
      await waitForText(element, 'Two in Lyon.');
      const replies = shadow(element).querySelector('ol.replies');
      expect(replies?.getAttribute('aria-label')).to.equal('Replies to Jonas Weber');
      expect(replies?.textContent).to.contain('Two in Lyon.');
    });

    it('loads older messages on demand and keeps the newest page in view', async () => {
      const network = createNetwork(Array.from({ length: 45 }, (_, i) => ({ object: ORDER, authorId: 'jonas', text: `note ${String(i + 1)}` })));
      const { element } = await renderThread({ network });
      await waitForText(element, 'note 45');
      expect(textOf(element)).not.to.contain('note 1 ');
      expect(textOf(element)).not.to.contain('30 messages');
      button(element, 'Show older messages').click();
      await waitForText(element, 'note 1 ');
      expect(textOf(element)).to.contain('45 messages');
      expect(shadow(element).querySelectorAll('ol.messages > li')).to.have.length(45);
    });

    it('says what is loading, and what went wrong with a retry', async () => {
      const loading = await renderThread({ adapter: { latency: Number.POSITIVE_INFINITY } });
      expect(textOf(loading.element)).to.contain('Loading the conversation');
      const failing = await renderThread({ adapter: { offline: true } });
      await waitForText(failing.element, 'The server cannot be reached');
      failing.adapter.offline = false;
      button(failing.element, 'Try again').click();
      await waitForText(failing.element, 'No messages yet');
    });

    it('answers an unknown object like a forbidden one, in words', async () => {
      const { element } = await renderThread({ objectId: 'no-such-order' });
      await waitForText(element, 'does not exist or you may not open it');
      expect(shadow(element).querySelector('[role="alert"]')).to.exist;
    });

    it('shows a polite empty state and one dev warning when object-id is missing', async () => {
      const warnings: unknown[] = [];
      const original = console.warn;
      console.warn = (...args: unknown[]) => warnings.push(args.join(' '));
      try {
        const { element } = await renderThread({ objectId: null });
        expect(textOf(element)).to.contain('No record selected');
        expect(shadow(element).querySelector('[role="status"]')).to.exist;
        expect(warnings.filter((w) => String(w).includes('object-id'))).to.have.length(1);
      } finally {
        console.warn = original;
      }
    });

    it('says it is not connected when no client is configured', async () => {
      const element = await fixture<RseObjectThread>(html`<rse-object-thread object-type="SalesOrder" object-id="1"></rse-object-thread>`);
      expect(textOf(element)).to.contain('Not connected');
    });
  });

  describe('writing', () => {
    it('posts with the Send button, clears the draft and fires rse-message-post', async () => {
      const { element } = await renderThread();
      await waitForText(element, 'No messages yet');
      await type(element, 'Livraison confirmée pour jeudi');
      const posted = nextEvent<RseMessagePostEvent>(element, 'rse-message-post');
      button(element, 'Send').click();
      const event = await posted;
      expect(event.detail.objectKey).to.equal('ERP:SalesOrder:4711');
      expect(event.detail.replyTo).to.equal(null);
      expect(event.bubbles && event.composed).to.equal(true);
      await waitForText(element, 'Livraison confirmée pour jeudi');
      expect(textarea(element).value).to.equal('');
    });

    it('posts with Ctrl+Enter from the keyboard', async () => {
      const { element } = await renderThread();
      await waitForText(element, 'No messages yet');
      textarea(element).focus();
      await sendKeys({ type: 'Typed by keyboard' });
      await sendKeys({ press: 'Control+Enter' });
      await waitForText(element, 'Typed by keyboard');
      expect(textarea(element).value).to.equal('');
    });

    it('keeps a message written while the server is unreachable and sends it when it returns', async () => {
      const { element, adapter, network } = await renderThread();
      await waitForText(element, 'No messages yet');
      await type(element, 'Do not lose me');
      adapter.offline = true;
      const posted = nextEvent<RseMessagePostEvent>(element, 'rse-message-post', 8000);
      button(element, 'Send').click();
      await waitForText(element, 'Waiting for the connection');
      expect(textOf(element)).to.contain('Do not lose me');
      expect(textarea(element).value).to.equal('');
      adapter.offline = false;
      await posted;
      await waitUntil(() => !textOf(element).includes('Waiting for the connection'), 'still waiting', { timeout: 8000 });
      const stored = await network.adapterFor('jonas').getThread(ORDER);
      expect(stored.items.map((m) => m.text)).to.deep.equal(['Do not lose me']);
    });

    it('says why a refused message was not sent, and offers Retry, Edit and Discard', async () => {
      const { element, network } = await renderThread();
      await waitForText(element, 'No messages yet');
      await type(element, 'Refused for good');
      // The ERP withdraws Camille's access to the order while she is writing.
      network.setAccess(() => false);
      const failed = nextEvent<RseErrorEvent>(element, 'rse-error');
      button(element, 'Send').click();
      const event = await failed;
      expect(event.detail).to.include({ operation: 'post', code: 'NOT_FOUND' });
      await waitForText(element, 'Not sent: This record does not exist or you may not open it.');
      expect(shadow(element).querySelector('.message--failed [role="alert"]')).to.exist;
      await expect(element).to.be.accessible();
      button(element, 'Edit').click();
      await element.updateComplete;
      expect(textarea(element).value).to.equal('Refused for good');
      expect(textOf(element)).not.to.contain('Not sent');
      network.setAccess(() => true);
      button(element, 'Send').click();
      await waitUntil(async () => (await network.adapterFor('jonas').getThread(ORDER)).items.length === 1, 'the edited message was not stored');
    });

    it('refuses an over-long message before sending, saying the limit', async () => {
      const { element } = await renderThread();
      await waitForText(element, 'No messages yet');
      await type(element, 'x'.repeat(10_001));
      button(element, 'Send').click();
      await waitForText(element, 'too long');
      expect(textarea(element).value).to.have.length(10_001);
    });

    it('replies by keyboard: Reply focuses the composer, Escape cancels, Ctrl+Enter sends the reply', async () => {
      const network = createNetwork([{ object: ORDER, authorId: 'jonas', text: 'Any LCD TVs left?' }]);
      const { element } = await renderThread({ network });
      await waitForText(element, 'Any LCD TVs left?');
      const reply = shadow(element).querySelector<HTMLButtonElement>('button[aria-label="Reply to Jonas Weber"]');
      expect(reply).to.exist;
      reply?.focus();
      await sendKeys({ press: 'Enter' });
      await element.updateComplete;
      expect(shadow(element).activeElement).to.equal(textarea(element));
      await waitForText(element, 'Replying to Jonas Weber');
      await sendKeys({ press: 'Escape' });
      await element.updateComplete;
      expect(textOf(element)).not.to.contain('Replying to');
      reply?.click();
      await element.updateComplete;
      await sendKeys({ type: 'Two in Lyon.' });
      await sendKeys({ press: 'Control+Enter' });
      await waitUntil(() => shadow(element).querySelector('ol.replies')?.textContent.includes('Two in Lyon.'));
    });
  });

  describe('live', () => {
    it("shows a colleague's message without reload and announces it", async () => {
      const network = createNetwork();
      const { element } = await renderThread({ network });
      await waitForText(element, 'No messages yet');
      await waitUntil(() => textOf(element).includes('Live'));
      await network.adapterFor('jonas').postMessage({ object: ORDER, text: 'Plus de TV LCD en stock', clientId: 'c-1' });
      await waitForText(element, 'Plus de TV LCD en stock');
      await waitUntil(() =>
        [...shadow(element).querySelectorAll('[aria-live="polite"]')].some((region) => region.textContent.includes('New message from Jonas Weber')),
      );
    });

    it('keeps two elements showing the same thread in agreement', async () => {
      const network = createNetwork();
      const adapter = network.adapterFor('camille');
      const provider = await fixture<HTMLElement>(html`<rse-provider .adapter=${adapter}>
        <rse-object-thread system="ERP" object-type="SalesOrder" object-id="4711"></rse-object-thread>
        <rse-object-thread system="ERP" object-type="SalesOrder" object-id="4711"></rse-object-thread>
      </rse-provider>`);
      const [first, second] = [...provider.querySelectorAll('rse-object-thread')] as [RseObjectThread, RseObjectThread];
      await waitForText(first, 'No messages yet');
      await type(first, 'Seen twice, stored once');
      button(first, 'Send').click();
      await waitForText(second, 'Seen twice, stored once');
      expect(shadow(second).querySelectorAll('ol.messages > li')).to.have.length(1);
    });
  });

  describe('properties and languages', () => {
    it('fires no event when code sets properties', async () => {
      const { element } = await renderThread();
      await waitForText(element, 'No messages yet');
      let fired = 0;
      const count = () => fired++;
      element.addEventListener('rse-message-post', count);
      element.addEventListener('rse-error', count);
      element.objectId = '4712';
      await element.updateComplete;
      await waitForText(element, 'No messages yet');
      expect(fired).to.equal(0);
    });

    it('maps kebab-case attributes to properties', async () => {
      const { element } = await renderThread();
      expect(element.objectType).to.equal('SalesOrder');
      expect(element.objectId).to.equal('4711');
      expect(element.system).to.equal('ERP');
    });

    it('speaks French and German from its own or an ancestor lang, following changes', async () => {
      const { element, provider } = await renderThread({ lang: 'fr' });
      await waitForText(element, 'Aucun message');
      expect(button(element, 'Envoyer')).to.exist;
      provider.setAttribute('lang', 'de');
      await waitForText(element, 'Noch keine Nachrichten');
      element.setAttribute('lang', 'en');
      await waitForText(element, 'No messages yet');
    });
  });

  describe('shares, ERP events and the filter', () => {
    /** An order with a comment, an alert shared to a feed and a person, an information share and two ERP events. */
    function mixedNetwork(): MemoryNetwork {
      return new MemoryNetwork({
        people: [...PEOPLE, { id: 'system:ERP', name: 'ERP' }],
        objects: [ORDER],
        feeds: [{ id: 'sales-floor', name: 'Sales floor', description: null, memberIds: ['camille', 'jonas'] }],
        messages: [
          { object: ORDER, authorId: 'system:ERP', kind: 'system', text: 'Order created: 24 dishwashers.', minutesAgo: 60 },
          { object: ORDER, authorId: 'camille', text: 'Can Berlin ship 10 units?', minutesAgo: 50 },
          {
            object: ORDER,
            authorId: 'camille',
            text: 'Stock below the reserved quantity!',
            minutesAgo: 40,
            share: { intent: 'alert', severity: 'critical', feedIds: ['sales-floor'], personIds: ['jonas'] },
          },
          { object: ORDER, authorId: 'jonas', text: 'FYI: truck booked.', minutesAgo: 30, share: { intent: 'information', personIds: ['camille'] } },
          { object: ORDER, authorId: 'system:ERP', kind: 'system', text: 'Delivery date changed to 14 March.', minutesAgo: 20 },
          { object: ORDER, authorId: 'jonas', text: 'Noted.', minutesAgo: 10, replyToIndex: 4 },
        ],
      });
    }

    function radio(element: RseObjectThread, label: string): HTMLInputElement {
      const found = [...shadow(element).querySelectorAll<HTMLInputElement>('input[type="radio"]')].find(
        (input) => input.closest('label')?.textContent.trim() === label,
      );
      if (!found) throw new Error(`no "${label}" radio`);
      return found;
    }

    it('passes axe with shares, ERP events and the filter', async () => {
      const { element } = await renderThread({ network: mixedNetwork() });
      await waitForText(element, 'Noted.');
      await expect(element).to.be.accessible();
    });

    it('shows a share’s intent and audience, and an ERP event as such, with Reply', async () => {
      const { element } = await renderThread({ network: mixedNetwork() });
      await waitForText(element, 'Noted.');
      const text = textOf(element);
      expect(text).to.contain('Alert · Critical');
      expect(text).to.contain('Shared with Sales floor, Jonas Weber');
      expect(text).to.contain('Information');
      expect(text).to.contain('Shared with Camille Laurent');
      const events = [...shadow(element).querySelectorAll('article')].filter((a) => a.textContent.includes('ERP event'));
      expect(events.map((a) => a.querySelector('time')?.previousElementSibling?.textContent.trim())).to.deep.equal(['ERP event', 'ERP event']);
      expect(shadow(element).querySelectorAll('button[aria-label="Reply to ERP"]')).to.have.length(2);
      // An ERP event's replies stay under it.
      const replies = shadow(element).querySelector('ol.replies');
      expect(replies?.getAttribute('aria-label')).to.equal('Replies to ERP');
      expect(replies?.textContent).to.contain('Noted.');
    });

    it('filters conversation and ERP events, with the count following the filter', async () => {
      const { element } = await renderThread({ network: mixedNetwork() });
      await waitForText(element, 'Noted.');
      expect(radio(element, 'All').checked).to.equal(true);
      expect(textOf(element)).to.contain('5 messages');
      expect(shadow(element).querySelector('fieldset legend')?.textContent).to.equal('Show');

      radio(element, 'System events').click();
      await element.updateComplete;
      expect(element.filter).to.equal('system');
      expect(textOf(element)).to.contain('2 messages');
      expect(textOf(element)).to.contain('Delivery date changed');
      expect(textOf(element)).to.contain('Noted.');
      expect(textOf(element)).not.to.contain('Can Berlin ship');

      radio(element, 'Conversation').click();
      await element.updateComplete;
      expect(textOf(element)).to.contain('3 messages');
      expect(textOf(element)).to.contain('Can Berlin ship');
      expect(textOf(element)).not.to.contain('Order created');
    });

    it('changes the filter from the keyboard with the arrow keys', async () => {
      const { element } = await renderThread({ network: mixedNetwork() });
      await waitForText(element, 'Noted.');
      radio(element, 'All').focus();
      await sendKeys({ press: 'ArrowRight' });
      await element.updateComplete;
      expect(element.filter).to.equal('conversation');
      expect(shadow(element).activeElement).to.equal(radio(element, 'Conversation'));
      await sendKeys({ press: 'ArrowRight' });
      await element.updateComplete;
      expect(element.filter).to.equal('system');
      expect(textOf(element)).not.to.contain('Can Berlin ship');
    });

    it('says so when the filter leaves nothing', async () => {
      const network = createNetwork([{ object: ORDER, authorId: 'jonas', text: 'Only people here' }]);
      const { element } = await renderThread({ network });
      await waitForText(element, 'Only people here');
      element.filter = 'system';
      await waitForText(element, 'No system events for this record yet.');
      expect(textOf(element)).not.to.contain('1 message');
      expect(textOf(element)).not.to.contain('Only people here');
    });

    it('takes its initial filter from the attribute and fires no event when it is set', async () => {
      const network = mixedNetwork();
      const adapter = network.adapterFor('camille');
      const provider = await fixture<HTMLElement>(html`<rse-provider .adapter=${adapter} lang="en">
        <rse-object-thread system="ERP" object-type="SalesOrder" object-id="4711" filter="system"></rse-object-thread>
      </rse-provider>`);
      const element = provider.querySelector('rse-object-thread')!;
      let fired = 0;
      element.addEventListener('change', () => fired++);
      element.addEventListener('rse-error', () => fired++);
      await waitForText(element, 'Delivery date changed');
      expect(textOf(element)).not.to.contain('Can Berlin ship');
      element.filter = 'all';
      await waitForText(element, 'Can Berlin ship');
      expect(fired).to.equal(0);
    });
  });

  describe('read markers', () => {
    /** Camille's unread count on the order, read through a separate adapter (its call counters stay untouched). */
    async function unread(network: MemoryNetwork): Promise<number> {
      const [counts] = await network.adapterFor('camille').getCounts([ORDER]);
      return counts?.unread ?? -1;
    }

    /** Counts `markRead` calls on `adapter`. */
    function countMarks(adapter: MemoryAdapter): { count: number } {
      const calls = { count: 0 };
      const original = adapter.markRead.bind(adapter);
      adapter.markRead = (object) => {
        calls.count++;
        return original(object);
      };
      return calls;
    }

    it('marks the thread read once its newest message has been on screen, and again for newer ones', async () => {
      const network = createNetwork([{ object: ORDER, authorId: 'jonas', text: 'Please confirm the date.' }]);
      expect(await unread(network)).to.equal(1);
      const { element, adapter } = await renderThread({ network });
      const marks = countMarks(adapter);
      await waitForText(element, 'Please confirm the date.');
      await waitUntil(async () => (await unread(network)) === 0, 'the thread was never marked read', { timeout: 3000 });
      expect(marks.count).to.equal(1);
      await network.adapterFor('jonas').postMessage({ object: ORDER, text: 'And the quantity.', clientId: 'rm-1' });
      await waitForText(element, 'And the quantity.');
      await waitUntil(async () => (await unread(network)) === 0, 'the newer message was never marked read', { timeout: 3000 });
      expect(marks.count).to.equal(2);
    });

    it('does not mark read for the viewer’s own posts, nor an already-read thread', async () => {
      const own = await renderThread({ network: createNetwork([{ object: ORDER, authorId: 'camille', text: 'Only mine' }]) });
      const ownMarks = countMarks(own.adapter);
      await waitForText(own.element, 'Only mine');
      await new Promise((resolve) => setTimeout(resolve, 900));
      expect(ownMarks.count).to.equal(0);

      const network = createNetwork([{ object: ORDER, authorId: 'jonas', text: 'Read already' }]);
      network.adapterFor('camille').markRead(ORDER).catch(() => undefined);
      await waitUntil(async () => (await unread(network)) === 0);
      const read = await renderThread({ network });
      const readMarks = countMarks(read.adapter);
      await waitForText(read.element, 'Read already');
      await new Promise((resolve) => setTimeout(resolve, 900));
      expect(readMarks.count).to.equal(0);
    });

    it('waits while the page is hidden', async () => {
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
      try {
        const network = createNetwork([{ object: ORDER, authorId: 'jonas', text: 'Seen later' }]);
        const { element } = await renderThread({ network });
        await waitForText(element, 'Seen later');
        await new Promise((resolve) => setTimeout(resolve, 900));
        expect(await unread(network)).to.equal(1);
        delete (document as { visibilityState?: unknown }).visibilityState;
        document.dispatchEvent(new Event('visibilitychange'));
        await waitUntil(async () => (await unread(network)) === 0, 'not marked read once visible', { timeout: 3000 });
      } finally {
        delete (document as { visibilityState?: unknown }).visibilityState;
      }
    });
  });

  describe('long threads', () => {
    /** `count` messages on the order, oldest first, each text unique: `[note N]`. */
    function notes(count: number): MemorySeedMessage[] {
      return Array.from({ length: count }, (_, i) => ({
        object: ORDER,
        authorId: i % 3 === 0 ? 'camille' : 'jonas',
        text: `[note ${String(i + 1)}] ${i % 7 === 0 ? 'A longer line about pallets, trucks and the delivery window at the hotel. '.repeat(3) : 'ok'}`,
        minutesAgo: count - i,
      }));
    }

    async function renderWithClient(client: RseClient) {
      const provider = await fixture<HTMLElement>(html`<rse-provider .client=${client} lang="en">
        <rse-object-thread system="ERP" object-type="SalesOrder" object-id="4711"></rse-object-thread>
      </rse-provider>`);
      const element = provider.querySelector('rse-object-thread')!;
      return element;
    }

    function scrollerOf(element: RseObjectThread): HTMLElement {
      const scroller = shadow(element).querySelector<HTMLElement>('[part~="messages"]');
      if (!scroller) throw new Error('no message list');
      return scroller;
    }

    /** The top-level message articles in the DOM (replies excluded; these notes have none). */
    function articles(element: RseObjectThread): HTMLElement[] {
      return [...shadow(element).querySelectorAll<HTMLElement>('article')];
    }

    function noteOf(article: HTMLElement): string {
      return /\[note \d+\]/u.exec(article.textContent)?.[0] ?? '';
    }

    /** The first article at least partly visible in the list, and its distance from the list's top. */
    function firstVisible(element: RseObjectThread): { note: string; offset: number } {
      const top = scrollerOf(element).getBoundingClientRect().top;
      const visible = articles(element)
        .map((a) => ({ note: noteOf(a), offset: a.getBoundingClientRect().top - top, bottom: a.getBoundingClientRect().bottom - top }))
        .filter((a) => a.bottom > 1)
        .sort((a, b) => a.offset - b.offset);
      const first = visible[0];
      if (!first) throw new Error('no visible article');
      return { note: first.note, offset: first.offset };
    }

    function offsetOf(element: RseObjectThread, note: string): number | null {
      const article = articles(element).find((a) => noteOf(a) === note);
      return article ? article.getBoundingClientRect().top - scrollerOf(element).getBoundingClientRect().top : null;
    }

    it('keeps at most 300 message elements in the DOM for a 10,000-message thread', async () => {
      const network = createNetwork(notes(10_000));
      const client = new RseClient({ adapter: network.adapterFor('camille') });
      // Read every page first, as a reader who scrolled all the way up would have.
      const store = client.thread(ORDER);
      const stop = store.subscribe(() => undefined);
      try {
        await waitUntil(() => store.state.status === 'ready', 'the first page never came', { timeout: 5000 });
        while (store.state.hasOlder) await store.loadOlder();
        expect(store.state.messages).to.have.length(10_000);
        const element = await renderWithClient(client);
        await waitUntil(() => articles(element).some((a) => noteOf(a) === '[note 10000]'), 'the newest note never rendered');
        expect(articles(element).length).to.be.within(1, 300);
        expect(textOf(element)).to.contain('10,000 messages');
        await expect(element).to.be.accessible();
        // The newest message is in view: the list opened at the bottom.
        const scroller = scrollerOf(element);
        await waitUntil(() => {
          const offset = offsetOf(element, '[note 10000]');
          return offset !== null && offset >= 0 && offset < scroller.clientHeight;
        }, 'the newest note is not in view');
        // Scrolling through the middle swaps elements in and out instead of adding them.
        await new Promise((resolve) => setTimeout(resolve, 300));
        scroller.scrollTop = scroller.scrollHeight / 2;
        await waitUntil(() => !articles(element).some((a) => noteOf(a) === '[note 10000]'), 'the newest note never left the DOM');
        expect(articles(element).length).to.be.within(1, 300);
      } finally {
        stop();
      }
    });

    it('loads older pages as the reader scrolls up, keeping their place and the DOM bounded', async () => {
      const network = createNetwork(notes(10_000));
      const client = new RseClient({ adapter: network.adapterFor('camille') });
      const store = client.thread(ORDER);
      const element = await renderWithClient(client);
      await waitUntil(() => articles(element).some((a) => noteOf(a) === '[note 10000]'), 'the newest note never rendered', { timeout: 5000 });
      // Eight pages: past the point where the list switches to virtualized rendering (and its scroller
      // with it, so it is looked up again each time).
      for (let page = 1; page <= 8; page++) {
        const loaded = store.state.messages.length;
        scrollerOf(element).scrollTop = 0;
        await new Promise((resolve) => requestAnimationFrame(resolve));
        const before = firstVisible(element);
        await waitUntil(() => store.state.messages.length > loaded, `page ${String(page)} never loaded`, { timeout: 3000 });
        await waitUntil(
          () => {
            const offset = offsetOf(element, before.note);
            return offset !== null && Math.abs(offset - before.offset) <= 2;
          },
          `page ${String(page)}: ${before.note} moved from ${before.offset.toFixed(0)} px to ${String(offsetOf(element, before.note))}`,
          { timeout: 3000 },
        );
        expect(articles(element).length).to.be.at.most(300);
      }
      expect(store.state.messages).to.have.length(270);
      // The list did not run away loading: the reader is back at what they were reading, not at the top.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(store.state.messages).to.have.length(270);
    });

    it('keeps the reader’s place when a message arrives, and follows new messages only at the bottom', async () => {
      const network = createNetwork(notes(400));
      const client = new RseClient({ adapter: network.adapterFor('camille') });
      const store = client.thread(ORDER);
      const stop = store.subscribe(() => undefined);
      await waitUntil(() => store.state.status === 'ready');
      while (store.state.hasOlder) await store.loadOlder();
      const element = await renderWithClient(client);
      await waitUntil(() => articles(element).some((a) => noteOf(a) === '[note 400]'), 'the newest note never rendered');
      const scroller = scrollerOf(element);

      // Reading in the middle: a new message changes nothing on screen.
      scroller.scrollTop = scroller.scrollHeight / 3;
      await new Promise((resolve) => setTimeout(resolve, 100));
      const before = firstVisible(element);
      await network.adapterFor('jonas').postMessage({ object: ORDER, text: '[note 401] new', clientId: 'pos-1' });
      await waitUntil(() => store.state.messages.length === 401);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(offsetOf(element, before.note)).to.be.closeTo(before.offset, 2);

      // At the bottom: the next message scrolls into view.
      scroller.scrollTop = scroller.scrollHeight;
      await new Promise((resolve) => setTimeout(resolve, 200));
      scroller.scrollTop = scroller.scrollHeight;
      await new Promise((resolve) => setTimeout(resolve, 100));
      await network.adapterFor('jonas').postMessage({ object: ORDER, text: '[note 402] newer', clientId: 'pos-2' });
      await waitUntil(() => {
        const offset = offsetOf(element, '[note 402]');
        return offset !== null && offset >= 0 && offset < scroller.clientHeight;
      }, 'the newest message did not scroll into view');
      stop();
    });
  });
});

describe('<rse-object-thread> mentions', () => {
  it('suggests people after @ and inserts a structured mention', async () => {
    const { element } = await renderThread();
    await waitForText(element, 'No messages yet');
    const area = shadow(element).querySelector('textarea');
    if (!area) throw new Error('no composer');
    area.focus();
    await sendKeys({ type: 'Merci @Jon' });
    await waitUntil(() => shadow(element).querySelector('[role="option"]')?.textContent.includes('Jonas Weber'), 'no suggestion for Jonas');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => area.value.includes('@[Jonas Weber](jonas)'), `mention not inserted: ${area.value}`);
  });

  it('says before sending that a mentioned person cannot open the record', async () => {
    const network = new MemoryNetwork({
      people: [
        { id: 'camille', name: 'Camille Laurent' },
        { id: 'jonas', name: 'Jonas Weber' },
      ],
      objects: [ORDER],
      // The ERP does not let Jonas open order 4711.
      access: (personId) => personId !== 'jonas',
    });
    const { element } = await renderThread({ network });
    await waitForText(element, 'No messages yet');
    const area = shadow(element).querySelector('textarea');
    if (!area) throw new Error('no composer');
    area.value = 'FYI @[Jonas Weber](jonas)';
    area.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
    await waitForText(element, 'Jonas Weber cannot open this record and will not see your message.');
    area.value = 'FYI nobody';
    area.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
    await waitUntil(() => !textOf(element).includes('cannot open this record'), 'the warning stays after the mention is gone');
  });
});
