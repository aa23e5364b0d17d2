/**
 * Every element, in every state this page can put it in, switched between English, French and German
 * by the `lang` of an ancestor: no string of another language may remain anywhere in their shadow DOM
 * (text, labels, placeholders, titles). Strings are checked against the catalogues themselves, so a
 * message added without a translation, or an element that misses a language change, shows up here.
 */
import { expect, fixture, html } from '@open-wc/testing';
import type { RseFeed, RseObjectBadge, RseObjectThread, RseShareButton } from '@rse/elements';
import { messagesFor, type Messages } from '../../packages/elements/src/locales/index.js';
import { source } from '../../packages/elements/src/locales/source.js';
import { waitForText } from '../helpers/fixtures.js';
import { ORDER, createShareNetwork, part, share, until } from '../helpers/share-fixtures.js';

const LANGUAGES = ['en', 'fr', 'de'] as const;
const ATTRIBUTES = ['aria-label', 'aria-description', 'aria-roledescription', 'aria-valuetext', 'title', 'placeholder', 'alt'];
const MARK = '\u0001';

/** The fixed words of every message of one language (values cut out), trimmed of punctuation. */
function segmentsOf(messages: Messages): Set<string> {
  const segments = new Set<string>();
  const add = (text: string): void => {
    for (const piece of text.split(MARK)) {
      const trimmed = piece.replace(/^[\s,.:;·…()]+|[\s,.:;·…()]+$/gu, '');
      if (/\p{L}{3}/u.test(trimmed)) segments.add(trimmed);
    }
  };
  for (const key of Object.keys(source) as (keyof Messages)[]) {
    const entry = messages[key] as unknown;
    const forms = typeof entry === 'object' && entry !== null ? Object.values(entry) : [entry];
    for (const form of forms) add(typeof form === 'function' ? (form as (...v: string[]) => string)(MARK, MARK, MARK) : String(form));
  }
  return segments;
}

const SEGMENTS = Object.fromEntries(LANGUAGES.map((language) => [language, segmentsOf(messagesFor(language))])) as Record<(typeof LANGUAGES)[number], Set<string>>;

/** Strings of the other two languages that `language` does not also use. */
function foreignTo(language: (typeof LANGUAGES)[number]): string[] {
  const own = SEGMENTS[language];
  return LANGUAGES.filter((other) => other !== language).flatMap((other) => [...SEGMENTS[other]].filter((segment) => !own.has(segment)));
}

/** Every text node and labelling attribute under `root`, through nested shadow roots. */
function uiStrings(root: Node, found: string[] = []): string[] {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
  for (let node: Node | null = walker.currentNode; node; node = walker.nextNode()) {
    if (node instanceof Text) {
      const text = node.data.replace(/\s+/gu, ' ').trim();
      if (text) found.push(text);
    } else if (node instanceof Element) {
      for (const name of ATTRIBUTES) {
        const value = node.getAttribute(name)?.trim();
        if (value) found.push(value);
      }
      if (node.shadowRoot) uiStrings(node.shadowRoot, found);
    }
  }
  return found;
}

/** The strings that belong to another language than `language`. */
function untranslated(strings: readonly string[], language: (typeof LANGUAGES)[number]): string[] {
  const foreign = foreignTo(language);
  return strings.filter((text) =>
    foreign.some((segment) => text === segment || (segment.includes(' ') && segment.length >= 8 && text.includes(segment))),
  );
}

async function settle(elements: readonly HTMLElement[]): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await Promise.all(elements.map((element) => (element as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete));
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('localization', () => {
  it('switching lang between en, fr and de leaves no string of another language in any element', async () => {
    const network = createShareNetwork([
      share('Customer wants a TV box, not a TV #tip', { minutesAgo: 30 }),
      share('Please confirm the delivery date', { intent: 'request', minutesAgo: 20, authorId: 'amira' }),
      share('No more LCD TVs', { intent: 'alert', severity: 'critical', minutesAgo: 10 }),
    ]);
    network.publishErpEvent({ object: ORDER, text: 'Delivery block removed' });
    const adapter = network.adapterFor('camille');
    const host = await fixture<HTMLElement>(html`<div lang="en">
      <rse-provider .adapter=${adapter}>
        <rse-object-thread system="ERP" object-type="SalesOrder" object-id="4711"></rse-object-thread>
        <rse-object-badge system="ERP" object-type="SalesOrder" object-id="4711"></rse-object-badge>
        <rse-object-badge system="ERP" object-type="SalesOrder" object-id="4711" compact></rse-object-badge>
        <rse-share-button system="ERP" object-type="SalesOrder" object-id="4711"></rse-share-button>
        <rse-feed feed-id="sales-floor"></rse-feed>
      </rse-provider>
    </div>`);
    const thread = host.querySelector<RseObjectThread>('rse-object-thread')!;
    const badge = host.querySelector<RseObjectBadge>('rse-object-badge')!;
    const shareButton = host.querySelector<RseShareButton>('rse-share-button')!;
    const feed = host.querySelector<RseFeed>('rse-feed')!;
    const elements = [...host.querySelectorAll<HTMLElement>('rse-object-thread, rse-object-badge, rse-share-button, rse-feed')];

    await waitForText(thread, 'No more LCD TVs');
    await waitForText(feed, 'No more LCD TVs');
    await until(() => /\d/u.test(badge.shadowRoot?.textContent ?? ''), 'the badge never showed its count');
    // States with more strings: a live item waiting behind "N new", the share sheet open, a reply open.
    await network.adapterFor('jonas').share({ object: ORDER, text: 'Live one', clientId: 'live-1', intent: 'information', feedIds: ['sales-floor'], personIds: [] });
    await waitForText(feed, '1 new');
    part(shareButton, '[part="button"]').click();
    await until(() => (part(shareButton, 'dialog') as HTMLDialogElement).open, 'the share sheet never opened');
    await waitForText(shareButton, 'Sales floor');
    const replyButton = [...thread.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent.trim() === messagesFor('en').reply);
    if (!replyButton) throw new Error('the thread shows no Reply button');
    replyButton.click();

    const report: string[] = [];
    for (const language of [...LANGUAGES, 'en'] as const) {
      host.lang = language;
      await settle(elements);
      const strings = uiStrings(host);
      const wrong = untranslated(strings, language);
      if (wrong.length) report.push(`${language}: ${[...new Set(wrong)].join(' | ')}`);
      // The elements did switch: the share button's label and the thread's filter are in `language`.
      expect(strings, `${language}: share button label`).to.include(messagesFor(language).share);
      expect(strings, `${language}: thread filter`).to.include(messagesFor(language).threadFilterSystem);
    }
    expect(report, report.join('\n')).to.deep.equal([]);
  });

  it('the check finds English left on a German page (negative control)', () => {
    const english = [messagesFor('en').loading, messagesFor('en').threadLabel('Sales order 4711'), messagesFor('en').send];
    expect(untranslated(english, 'de')).to.have.length(3);
    expect(untranslated([messagesFor('de').loading, messagesFor('de').threadLabel('Sales order 4711')], 'de')).to.deep.equal([]);
  });

  it('an element’s own lang wins over its ancestors’, and the document’s applies when none is set', async () => {
    const network = createShareNetwork();
    const host = await fixture<HTMLElement>(html`<div lang="fr">
      <rse-provider .adapter=${network.adapterFor('camille')}>
        <rse-share-button lang="de" system="ERP" object-type="SalesOrder" object-id="4711"></rse-share-button>
        <rse-share-button system="ERP" object-type="SalesOrder" object-id="4711"></rse-share-button>
      </rse-provider>
    </div>`);
    const [german, french] = [...host.querySelectorAll<RseShareButton>('rse-share-button')] as [RseShareButton, RseShareButton];
    await settle([german, french]);
    expect(uiStrings(german)).to.include('Teilen');
    expect(uiStrings(french)).to.include('Partager');
    host.removeAttribute('lang');
    const previous = document.documentElement.lang;
    document.documentElement.lang = 'de';
    try {
      await settle([french]);
      expect(uiStrings(french)).to.include('Teilen');
    } finally {
      document.documentElement.lang = previous;
    }
  });
});
