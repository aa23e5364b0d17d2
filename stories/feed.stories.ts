import '@rse/elements/define.js';
import type { MemoryAdapter, MemoryAdapterOptions, MemoryNetwork, MemorySeedMessage, RseAdapter } from '@rse/core';
import type { RseObjectOpenEvent, RseProvider } from '@rse/elements';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { FEED_ITEMS, PEOPLE, SALES_ORDER_CARD, createShareDemoNetwork, manyShares } from './support/demo-network.js';
import { HOST_THEMES, hostFont, type HostTheme } from './support/host-theme.js';

interface FeedArgs {
  feedId: string;
  intent: '' | 'request' | 'alert';
  objectType: string;
  hashtag: string;
}

// The network behind each story's adapter, for plays that make colleagues share while the story runs.
const networks = new WeakMap<RseAdapter, MemoryNetwork>();

/** The feed as a host page writes it, with Camille's adapter on a fresh network holding `messages`. */
function feed(args: FeedArgs, messages: readonly MemorySeedMessage[], options: { adapter?: MemoryAdapterOptions; lang?: string } = {}) {
  const network = createShareDemoNetwork(messages);
  const adapter = network.adapterFor(PEOPLE.camille.id, options.adapter);
  networks.set(adapter, network);
  return html`<rse-provider .adapter=${adapter}>
    <rse-feed
      feed-id=${ifDefined(args.feedId || undefined)}
      intent=${ifDefined(args.intent || undefined)}
      object-type=${ifDefined(args.objectType || undefined)}
      hashtag=${ifDefined(args.hashtag || undefined)}
      lang=${ifDefined(options.lang)}
      style="max-inline-size: 44rem"
    ></rse-feed>
  </rse-provider>`;
}

/** The adapter the story handed to its provider, for plays that change the backend mid-story. */
function storyAdapter(canvasElement: HTMLElement): MemoryAdapter {
  return canvasElement.querySelector<RseProvider>('rse-provider')?.adapter as MemoryAdapter;
}

/** The network behind the story's adapter. */
function storyNetwork(canvasElement: HTMLElement): MemoryNetwork {
  const network = networks.get(storyAdapter(canvasElement));
  if (!network) throw new Error('the story has no network');
  return network;
}

/** Testing Library queries scoped to the feed's shadow root (see object-thread.stories.ts for why). */
async function inFeed(canvasElement: HTMLElement) {
  const base = await waitFor(() => {
    const section = canvasElement.querySelector('rse-feed')?.shadowRoot?.querySelector<HTMLElement>('[part="base"]');
    if (!section) throw new Error('<rse-feed> has not rendered');
    return section;
  });
  return { root: base.getRootNode() as ShadowRoot, ...within(base) };
}

const meta = {
  title: 'Elements/Feed',
  component: 'rse-feed',
  tags: ['autodocs'],
  args: { feedId: '', intent: '', objectType: '', hashtag: '' },
  argTypes: {
    feedId: { control: 'select', options: ['', 'sales-floor', 'logistics'], description: 'Empty: everything the viewer follows.' },
    intent: { control: 'inline-radio', options: ['', 'request', 'alert'] },
    objectType: { control: 'select', options: ['', 'SalesOrder', 'Product'] },
    hashtag: { control: 'text' },
  },
  render: (args) => feed(args, FEED_ITEMS),
} satisfies Meta<FeedArgs>;

export default meta;
type Story = StoryObj<FeedArgs>;

/** What was shared with Camille, newest first; a record's card opens it (here the host takes over). */
export const Playground: Story = {
  play: async ({ canvasElement }) => {
    const f = await inFeed(canvasElement);
    const items = await f.findAllByRole('article');
    await expect(f.getByRole('feed', { name: 'Shared with you' })).toContainElement(items[0]!);
    await expect(items).toHaveLength(FEED_ITEMS.length);
    await expect(items[0]).toHaveTextContent('ERP event');
    await expect(items[0]).toHaveTextContent('Alert · Critical');
    await expect(items[1]).toHaveTextContent('Amira Haddad');
    await expect(items[1]).toHaveTextContent('Request');
    await expect(await within(items[1]!).findByText('Hôtel Bellecour, Lyon')).toBeVisible();

    // A Fiori router would take over here: the event is cancelable and fires before any navigation.
    let opened: RseObjectOpenEvent | undefined;
    const before = location.href;
    canvasElement.addEventListener(
      'rse-object-open',
      (event) => {
        opened = event;
        event.preventDefault();
      },
      { once: true },
    );
    await userEvent.click(within(items[1]!).getByRole('link', { name: SALES_ORDER_CARD.title }));
    await expect(opened?.detail.objectKey).toBe('ERP:SalesOrder:4711');
    await expect(location.href).toBe(before);
  },
};

/** The backend never answers: the reader is told the feed is on its way. */
export const Loading: Story = {
  render: (args) => feed(args, FEED_ITEMS, { adapter: { latency: Infinity } }),
  play: async ({ canvasElement }) => {
    const f = await inFeed(canvasElement);
    await expect(await f.findByText('Loading the feed…')).toBeVisible();
    await expect(f.getByRole('feed')).toHaveAttribute('aria-busy', 'true');
  },
};

/** Nobody shared anything with Camille yet. */
export const Empty: Story = {
  render: (args) => feed(args, []),
  play: async ({ canvasElement }) => {
    const f = await inFeed(canvasElement);
    await expect(await f.findByText('Nothing shared yet')).toBeVisible();
  },
};

/** The server cannot be reached: the reason, and a way to try again once it is back. */
// Not `export const Error`: that would shadow the global Error constructor in this module.
export const ErrorState: Story = {
  name: 'Error',
  render: (args) => feed(args, FEED_ITEMS, { adapter: { offline: true } }),
  play: async ({ canvasElement }) => {
    const f = await inFeed(canvasElement);
    const retry = await f.findByRole('button', { name: 'Try again' });
    await expect(f.getByRole('alert')).toHaveTextContent('The feed could not be loaded: The server cannot be reached.');
    storyAdapter(canvasElement).offline = false;
    await userEvent.click(retry);
    await expect(await f.findAllByRole('article')).toHaveLength(FEED_ITEMS.length);
  },
};

/** A feed that does not exist, or that Camille is not a member of: said plainly, with a way to try again. */
export const NotFound: Story = {
  name: 'Not found',
  args: { feedId: 'board-room' },
  play: async ({ canvasElement }) => {
    const f = await inFeed(canvasElement);
    await expect(await f.findByRole('alert')).toHaveTextContent(/does not exist or you are not a member of it/);
    await expect(f.getByRole('button', { name: 'Try again' })).toBeVisible();
  },
};

/** No backend: neither `configure({ adapter })` nor an `<rse-provider>` around the element. */
export const NoClient: Story = {
  name: 'No client',
  render: () => html`<rse-feed style="max-inline-size: 44rem"></rse-feed>`,
  play: async ({ canvasElement }) => {
    const f = await inFeed(canvasElement);
    await expect(await f.findByText(/^Not connected/)).toBeVisible();
    await expect(f.queryByRole('feed')).toBeNull();
  },
};

/** Only what colleagues ask for: the Requests filter. */
export const RequestsFilter: Story = {
  name: 'Requests filter',
  play: async ({ canvasElement }) => {
    const f = await inFeed(canvasElement);
    await expect(await f.findAllByRole('article')).toHaveLength(FEED_ITEMS.length);
    await userEvent.click(f.getByRole('radio', { name: 'Requests' }));
    await waitFor(() => expect(f.getAllByRole('article')).toHaveLength(2));
    for (const item of f.getAllByRole('article')) await expect(item).toHaveTextContent('Request');
  },
};

/** Only alerts, from people and from the ERP, set by the `intent` attribute. */
export const AlertsFilter: Story = {
  name: 'Alerts filter',
  args: { intent: 'alert' },
  play: async ({ canvasElement }) => {
    const f = await inFeed(canvasElement);
    await expect(f.getByRole('radio', { name: 'Alerts' })).toBeChecked();
    const items = await f.findAllByRole('article');
    await expect(items).toHaveLength(2);
    await expect(items[0]).toHaveTextContent('Alert · Critical');
    await expect(items[1]).toHaveTextContent('Alert · Warning');

    // A hashtag in an item narrows further; its chip clears it.
    await userEvent.click(within(items[1]!).getByRole('button', { name: 'Show only #delivery' }));
    await waitFor(() => expect(f.getAllByRole('article')).toHaveLength(1));
    await userEvent.click(f.getByRole('button', { name: 'Clear the #delivery filter' }));
    await waitFor(() => expect(f.getAllByRole('article')).toHaveLength(2));
  },
};

/** A hashtag (the `hashtag` attribute, or a tag clicked in an item): a removable chip, and only its items. */
export const HashtagFilter: Story = {
  name: 'Hashtag filter',
  args: { hashtag: 'delivery' },
  play: async ({ canvasElement }) => {
    const f = await inFeed(canvasElement);
    await waitFor(() => expect(f.getAllByRole('article')).toHaveLength(2));
    for (const item of f.getAllByRole('article')) await expect(item).toHaveTextContent('#delivery');
    await expect(f.getByRole('button', { name: 'Clear the #delivery filter' })).toBeVisible();
  },
};

/** Filters that match nothing: a different message from an empty feed, and the filters to widen the search. */
export const FilteredEmpty: Story = {
  name: 'Filters match nothing',
  args: { intent: 'alert', hashtag: 'pricing' },
  play: async ({ canvasElement }) => {
    const f = await inFeed(canvasElement);
    await expect(await f.findByText('Nothing matches these filters.')).toBeVisible();
    await expect(f.getByRole('radio', { name: 'Alerts' })).toBeChecked();
    await expect(f.queryAllByRole('article')).toHaveLength(0);
  },
};

/** Colleagues share while Camille reads: new items wait behind "N new" instead of moving the list. */
export const LiveItems: Story = {
  name: 'Live items',
  play: async ({ canvasElement }) => {
    const f = await inFeed(canvasElement);
    await expect(await f.findAllByRole('article')).toHaveLength(FEED_ITEMS.length);
    const network = storyNetwork(canvasElement);
    const object = { system: SALES_ORDER_CARD.system, type: SALES_ORDER_CARD.type, id: SALES_ORDER_CARD.id };
    await network.adapterFor('jonas').share({ object, text: 'Hotel confirmed: delivery Thursday 8:00.', clientId: 'live-1', intent: 'information', feedIds: ['sales-floor'], personIds: [] });
    await network.adapterFor('amira').share({ object, text: 'Thanks! Closing the request.', clientId: 'live-2', intent: 'information', feedIds: ['sales-floor'], personIds: [] });

    const more = await f.findByRole('button', { name: '2 new' });
    await waitFor(() => expect(f.getByText('2 new items')).toBeInTheDocument());
    await expect(f.getAllByRole('article')).toHaveLength(FEED_ITEMS.length);
    await userEvent.click(more);
    await waitFor(() => expect(f.getAllByRole('article')).toHaveLength(FEED_ITEMS.length + 2));
    await expect(f.getAllByRole('article')[0]).toHaveTextContent('Thanks! Closing the request.');
    // `toHaveFocus` reads document.activeElement, which is the host; focus inside is the shadow root's.
    await expect(f.root.activeElement).toBe(f.getAllByRole('article')[0]);
  },
};

/** 80 items arrive a page at a time; "Show older" reads the next page. */
export const LongFeed: Story = {
  name: 'Long feed',
  render: (args) => feed(args, manyShares(80, (i) => `Stock update ${String(i + 1)}.`)),
  play: async ({ canvasElement }) => {
    const f = await inFeed(canvasElement);
    await expect(await f.findByText('Stock update 80.')).toBeInTheDocument();
    const first = f.getAllByRole('article');
    await expect(first[0]).toHaveAttribute('aria-setsize', '-1');
    await userEvent.click(f.getByRole('button', { name: 'Show older' }));
    await waitFor(() => expect(f.getAllByRole('article').length).toBeGreaterThan(first.length));
    await expect(f.getByText(`Stock update ${String(80 - first.length)}.`)).toBeInTheDocument();
  },
};

/** English, the default: set here through the Language toolbar, as an ERP shell sets `lang` on the page. */
export const English: Story = {
  globals: { locale: 'en' },
  play: async ({ canvasElement }) => {
    const f = await inFeed(canvasElement);
    await expect(await f.findByRole('feed', { name: 'Shared with you' })).toBeInTheDocument();
    await expect(f.getByRole('radio', { name: 'Requests' })).toBeInTheDocument();
    await expect((await f.findAllByRole('article'))[0]).toHaveTextContent('Alert · Critical');
    await expect(f.getByText('Shared with Logistics and Sales floor')).toBeInTheDocument();
  },
};

/** `lang="fr"` on the element (or any ancestor) switches its language, dates and lists included. */
export const French: Story = {
  globals: { locale: 'fr' },
  render: (args) => feed(args, FEED_ITEMS, { lang: 'fr' }),
  play: async ({ canvasElement }) => {
    const f = await inFeed(canvasElement);
    await expect(await f.findByRole('feed', { name: 'Partagé avec vous' })).toBeInTheDocument();
    await expect(f.getByRole('radio', { name: 'Demandes' })).toBeInTheDocument();
    await expect((await f.findAllByRole('article'))[0]).toHaveTextContent('Alerte · Critique');
    await expect(f.getByText('Partagé avec Logistics et Sales floor')).toBeInTheDocument();
  },
};

/** German, whose longer labels must still fit the filters and the cards. */
export const German: Story = {
  globals: { locale: 'de' },
  render: (args) => feed(args, FEED_ITEMS, { lang: 'de' }),
  play: async ({ canvasElement }) => {
    const f = await inFeed(canvasElement);
    await expect(await f.findByRole('feed', { name: 'Mit Ihnen geteilt' })).toBeInTheDocument();
    await expect(f.getByRole('radio', { name: 'Anfragen' })).toBeInTheDocument();
    await expect((await f.findAllByRole('article'))[0]).toHaveTextContent('Alarm · Kritisch');
  },
};

/** A right-to-left page (set by the Direction toolbar here): the header, filters and cards mirror. */
export const RTL: Story = {
  globals: { direction: 'rtl' },
  play: async ({ canvasElement }) => {
    const f = await inFeed(canvasElement);
    await expect(await f.findAllByRole('article')).toHaveLength(FEED_ITEMS.length);
    await expect(getComputedStyle(f.root.host).direction).toBe('rtl');
    // "All" comes first in the reading order, so it sits to the right of "Alerts".
    const all = f.getByRole('radio', { name: 'All' });
    const alerts = f.getByRole('radio', { name: 'Alerts' });
    await expect(all.getBoundingClientRect().left).toBeGreaterThan(alerts.getBoundingClientRect().left);
  },
};

/** Checks that the feed inherits the host theme's font, and its accent colour on the chosen filter. */
async function expectTheme(canvasElement: HTMLElement, theme: HostTheme): Promise<void> {
  const f = await inFeed(canvasElement);
  await expect(await f.findAllByRole('article')).toHaveLength(FEED_ITEMS.length);
  const chosen = f.getByRole('radio', { name: 'All' }).nextElementSibling;
  if (!chosen) throw new Error('the filter has no label');
  await expect(getComputedStyle(chosen).backgroundColor).toBe(HOST_THEMES[theme].accent);
  await expect(hostFont(f.root.host)).toMatch(HOST_THEMES[theme].fontFamily);
}

/** Inside SAP Fiori (set by the Theme toolbar here): the feed picks up the page's SAP theming parameters. */
export const FioriTheme: Story = {
  name: 'Fiori theme',
  globals: { theme: 'fiori' },
  play: async ({ canvasElement }) => {
    await expectTheme(canvasElement, 'fiori');
  },
};

/** Inside Oracle Redwood: with no SAP parameters on the page, the feed falls back to Redwood's variables. */
export const RedwoodTheme: Story = {
  name: 'Redwood theme',
  globals: { theme: 'redwood' },
  play: async ({ canvasElement }) => {
    await expectTheme(canvasElement, 'redwood');
  },
};
