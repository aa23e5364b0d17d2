import '@rse/elements/define.js';
import type { MemoryAdapter, MemoryAdapterOptions, MemoryNetwork, MemorySeedMessage, RseAdapter } from '@rse/core';
import type { RseObjectOpenEvent, RseProvider } from '@rse/elements';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { FEED_ITEMS, PEOPLE, SALES_ORDER_CARD, createShareDemoNetwork, manyShares } from './support/demo-network.js';

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

/** `lang="fr"` on the element (or any ancestor) switches its language, dates and lists included. */
export const French: Story = {
  render: (args) => feed(args, FEED_ITEMS, { lang: 'fr' }),
  play: async ({ canvasElement }) => {
    const f = await inFeed(canvasElement);
    await expect(await f.findByRole('feed', { name: 'Partagé avec vous' })).toBeInTheDocument();
    await expect(f.getByRole('radio', { name: 'Demandes' })).toBeInTheDocument();
    await expect((await f.findAllByRole('article'))[0]).toHaveTextContent('Alerte · Critique');
    await expect(f.getByText('Partagé avec Logistics et Sales floor')).toBeInTheDocument();
  },
};
