import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { RseErrorEvent, RseMessagePostEvent, RseObjectThread } from '@rse/elements';
import { ORDER, createNetwork, nextEvent, renderThread, shadow, textOf, waitForText } from '../helpers/fixtures.js';

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

    it('keeps the draft and says why when sending fails', async () => {
      const { element, adapter } = await renderThread();
      await waitForText(element, 'No messages yet');
      await type(element, 'Do not lose me');
      adapter.offline = true;
      const failed = nextEvent<RseErrorEvent>(element, 'rse-error');
      button(element, 'Send').click();
      const event = await failed;
      expect(event.detail).to.include({ operation: 'post', code: 'NETWORK' });
      await waitForText(element, 'Your message was not sent');
      expect(textarea(element).value).to.equal('Do not lose me');
      expect(shadow(element).querySelector('.composer__error')?.getAttribute('role')).to.equal('alert');
      adapter.offline = false;
      button(element, 'Send').click();
      await waitForText(element, 'Do not lose me');
      await waitUntil(() => textarea(element).value === '');
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
      await waitUntil(() => shadow(element).querySelector('[aria-live="polite"]')?.textContent.includes('New message from Jonas Weber'));
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
});
