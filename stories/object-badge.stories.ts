import '@rse/elements/define.js';
import { MemoryNetwork, type MemoryAdapter, type MemoryAdapterOptions, type MemorySeedMessage, type RseAdapter } from '@rse/core';
import type { RseObjectBadge, RseObjectOpenEvent, RseProvider } from '@rse/elements';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { expect, userEvent, waitFor } from 'storybook/test';
import { CONVERSATION, PEOPLE, SALES_ORDER, SALES_ORDER_CARD, createShareDemoNetwork } from './support/demo-network.js';
import { HOST_THEMES, hostFont, type HostTheme } from './support/host-theme.js';

interface BadgeArgs {
  system: string;
  objectType: string;
  objectId: string;
  objectTitle: string;
  objectUrl: string;
  compact: boolean;
}

// The network behind each story's adapter, for plays that make a colleague write while the story runs.
const networks = new WeakMap<RseAdapter, MemoryNetwork>();

/** The badge as an ERP list row writes it, with Camille's adapter on a fresh network holding `messages`. */
function badge(args: BadgeArgs, messages: readonly MemorySeedMessage[], options: { adapter?: MemoryAdapterOptions; lang?: string } = {}) {
  const network = createShareDemoNetwork(messages);
  const adapter = network.adapterFor(PEOPLE.camille.id, options.adapter);
  networks.set(adapter, network);
  return html`<rse-provider .adapter=${adapter}>
    <rse-object-badge
      system=${ifDefined(args.system || undefined)}
      object-type=${args.objectType}
      object-id=${args.objectId}
      object-title=${ifDefined(args.objectTitle || undefined)}
      object-url=${ifDefined(args.objectUrl || undefined)}
      ?compact=${args.compact}
      lang=${ifDefined(options.lang)}
    ></rse-object-badge>
  </rse-provider>`;
}

/** The adapter the story handed to its provider. */
function storyAdapter(canvasElement: HTMLElement): MemoryAdapter {
  return canvasElement.querySelector<RseProvider>('rse-provider')?.adapter as MemoryAdapter;
}

/** The network behind the story's adapter. */
function storyNetwork(canvasElement: HTMLElement): MemoryNetwork {
  const network = networks.get(storyAdapter(canvasElement));
  if (!network) throw new Error('the story has no network');
  return network;
}

/**
 * The badge's button, inside its shadow root (Testing Library's screen queries do not pierce shadow
 * DOM). Its accessible name (its `aria-label`, or its content when it has unread messages) is
 * computed by `toHaveAccessibleName`, as a screen reader would.
 */
async function badgeButton(canvasElement: HTMLElement, index = 0): Promise<HTMLButtonElement> {
  return waitFor(() => {
    const button = canvasElement.querySelectorAll<RseObjectBadge>('rse-object-badge')[index]?.shadowRoot?.querySelector('button');
    if (!button) throw new Error('<rse-object-badge> has not rendered');
    return button;
  });
}

/** What a sighted reader sees on the button: everything but the visually hidden words. */
function visibleText(button: HTMLElement): string {
  const visible = (node: Node): string => {
    if (node instanceof Element && node.classList.contains('visually-hidden')) return ' ';
    if (node.nodeType === Node.TEXT_NODE) return node.textContent ?? '';
    return [...node.childNodes].map(visible).join('');
  };
  return visible(button).replace(/\s+/gu, ' ').trim();
}

const meta = {
  title: 'Elements/Object badge',
  component: 'rse-object-badge',
  tags: ['autodocs'],
  args: {
    system: SALES_ORDER.system,
    objectType: SALES_ORDER.type,
    objectId: SALES_ORDER.id,
    objectTitle: '',
    objectUrl: SALES_ORDER_CARD.url,
    compact: false,
  },
  argTypes: {
    system: { control: 'text' },
    objectType: { control: 'text' },
    objectId: { control: 'text' },
    objectTitle: { control: 'text' },
    objectUrl: { control: 'text' },
    compact: { control: 'boolean' },
  },
  render: (args) => badge(args, CONVERSATION),
} satisfies Meta<BadgeArgs>;

export default meta;
type Story = StoryObj<BadgeArgs>;

/**
 * Three messages about the order, two of them by colleagues Camille has not read. Activating the badge
 * asks the host first (`rse-object-open`, cancelable): here the host routes itself, so nothing navigates.
 */
export const Playground: Story = {
  play: async ({ canvasElement }) => {
    const button = await badgeButton(canvasElement);
    await waitFor(() => expect(button).toHaveAccessibleName('3 comments, 2 unread'));
    await expect(visibleText(button)).toBe('3 2 unread');

    const opened: RseObjectOpenEvent[] = [];
    canvasElement.addEventListener('rse-object-open', (event) => {
      event.preventDefault();
      opened.push(event);
    });
    await userEvent.click(button);
    await expect(opened).toHaveLength(1);
    await expect(opened[0]?.detail.objectKey).toBe('ERP:SalesOrder:4711');
    await expect(opened[0]?.detail.url).toBe(new URL(SALES_ORDER_CARD.url, location.href).href);
  },
};

/** The one count request of the page has not been answered yet: a quiet placeholder, announced as loading. */
export const Loading: Story = {
  render: (args) => badge(args, CONVERSATION, { adapter: { latency: Infinity } }),
  play: async ({ canvasElement }) => {
    const button = await badgeButton(canvasElement);
    await expect(button).toHaveAccessibleName('Loading comments…');
    await expect(button).toHaveAttribute('aria-busy', 'true');
  },
};

/** A record nobody has discussed: the bubble and a zero, "0 comments" for screen readers. */
export const Zero: Story = {
  render: (args) => badge(args, []),
  play: async ({ canvasElement }) => {
    const button = await badgeButton(canvasElement);
    await waitFor(() => expect(button).toHaveAccessibleName('0 comments'));
    await expect(visibleText(button)).toBe('0');
  },
};

/** Messages Camille has all read (here, all her own): the count alone, nothing marked unread. */
export const Counts: Story = {
  render: (args) => badge(args, CONVERSATION.map((message) => ({ ...message, authorId: PEOPLE.camille.id }))),
  play: async ({ canvasElement }) => {
    const button = await badgeButton(canvasElement);
    await waitFor(() => expect(button).toHaveAccessibleName('3 comments'));
    await expect(visibleText(button)).toBe('3');
    await expect(button.querySelector('[part~="unread"]')).toBeNull();
  },
};

/** Unread messages stand out, and the count follows live as a colleague writes. */
export const Unread: Story = {
  render: (args) => badge(args, CONVERSATION),
  play: async ({ canvasElement }) => {
    const button = await badgeButton(canvasElement);
    await waitFor(() => expect(button).toHaveAccessibleName('3 comments, 2 unread'));
    await storyNetwork(canvasElement)
      .adapterFor(PEOPLE.jonas.id)
      .postMessage({ object: SALES_ORDER, text: 'Truck booked for Monday.', clientId: 'badge-story-1' });
    await waitFor(() => expect(button).toHaveAccessibleName('4 comments, 3 unread'));
    await expect(visibleText(button)).toBe('4 3 unread');
  },
};

/** For dense tables: the number and a dot for unread, no icon. */
export const Compact: Story = {
  args: { compact: true },
  play: async ({ canvasElement }) => {
    const button = await badgeButton(canvasElement);
    await waitFor(() => expect(button).toHaveAccessibleName('3 comments, 2 unread'));
    await expect(visibleText(button)).toBe('3');
    const icon = button.querySelector('[part~="icon"]');
    await expect(icon === null || getComputedStyle(icon).display === 'none').toBe(true);
    await expect(button.querySelector('[part~="unread"]')).not.toBeNull();
  },
};

/** The server cannot be reached: still a button (the record can still be opened), saying the counts are unavailable. */
export const ErrorState: Story = {
  name: 'Error',
  render: (args) => badge(args, CONVERSATION, { adapter: { offline: true } }),
  play: async ({ canvasElement }) => {
    const button = await badgeButton(canvasElement);
    await waitFor(() => expect(button).toHaveAccessibleName('Comments unavailable'));
    await expect(button).toBeEnabled();
    await expect(button).toHaveAttribute('title', 'The server cannot be reached.');
  },
};

/** No record bound (no `object-id`): a disabled button rather than a blank cell. */
export const NoObject: Story = {
  name: 'No object',
  args: { objectId: '' },
  play: async ({ canvasElement }) => {
    const button = await badgeButton(canvasElement);
    await expect(button).toBeDisabled();
    await expect(button).not.toHaveAttribute('aria-busy');
    await expect(button).toHaveAccessibleName('No record');
  },
};

const ROWS = Array.from({ length: 50 }, (_, i) => ({
  system: 'ERP',
  type: 'SalesOrder',
  id: String(4800 + i),
  title: `Sales order ${String(4800 + i)}`,
  customer: ['Hôtel Bellecour', 'Boulanger Lyon', 'Kaufhaus Mitte', 'Café des Arts', 'Elektro Nord'][i % 5] ?? '',
}));

/** Every fourth row undiscussed, the others 1 to 6 messages, some by Camille, the rest unread. */
const ROW_MESSAGES: readonly MemorySeedMessage[] = ROWS.flatMap((row, r) =>
  Array.from({ length: r % 4 === 0 ? 0 : 1 + ((r * 5) % 6) }, (_, i) => ({
    object: row,
    authorId: i % 3 === 0 ? PEOPLE.camille.id : PEOPLE.jonas.id,
    text: `Note ${String(i + 1)} about ${row.title}`,
    minutesAgo: 100 - i,
  })),
);

/** An ERP list of 50 sales orders, a badge on each row: one count request for the whole page. */
export const ListOf50Rows: Story = {
  name: 'A list of 50 rows',
  render: () => {
    const network = new MemoryNetwork({ people: Object.values(PEOPLE), objects: ROWS, messages: ROW_MESSAGES });
    const adapter = network.adapterFor(PEOPLE.camille.id);
    return html`<rse-provider .adapter=${adapter}>
      <table style="border-collapse: collapse; min-inline-size: 28rem">
        <caption style="text-align: start; font-weight: 600; padding-block-end: 0.5rem">Open sales orders</caption>
        <thead>
          <tr><th scope="col" style="text-align: start">Order</th><th scope="col" style="text-align: start">Customer</th><th scope="col" style="text-align: start">Comments</th></tr>
        </thead>
        <tbody>
          ${ROWS.map(
            (row) => html`<tr>
              <td>${row.id}</td>
              <td>${row.customer}</td>
              <td><rse-object-badge system=${row.system} object-type=${row.type} object-id=${row.id} object-title=${row.title}></rse-object-badge></td>
            </tr>`,
          )}
        </tbody>
      </table>
    </rse-provider>`;
  },
  play: async ({ canvasElement }) => {
    const badges = [...canvasElement.querySelectorAll<RseObjectBadge>('rse-object-badge')];
    await expect(badges).toHaveLength(50);
    await waitFor(() => {
      for (const b of badges) expect(b.shadowRoot?.querySelector('button')?.getAttribute('aria-busy')).toBeNull();
    });
    await expect(storyAdapter(canvasElement).calls.counts).toBe(1);
    const first = await badgeButton(canvasElement, 0);
    await expect(first).toHaveAccessibleName('Sales order 4800: 0 comments');
  },
};

/** English, the default: set here through the Language toolbar, as an ERP shell sets `lang` on the page. */
export const English: Story = {
  globals: { locale: 'en' },
  play: async ({ canvasElement }) => {
    const button = await badgeButton(canvasElement);
    await waitFor(() => expect(button).toHaveAccessibleName('3 comments, 2 unread'));
    await expect(visibleText(button)).toBe('3 2 unread');
  },
};

/** `lang="fr"`: French words and French plural rules. */
export const French: Story = {
  globals: { locale: 'fr' },
  render: (args) => badge(args, CONVERSATION, { lang: 'fr' }),
  play: async ({ canvasElement }) => {
    const button = await badgeButton(canvasElement);
    await waitFor(() => expect(button).toHaveAccessibleName('3 commentaires, 2 non lus'));
    await expect(visibleText(button)).toBe('3 2 non lus');
  },
};

/** German. */
export const German: Story = {
  globals: { locale: 'de' },
  render: (args) => badge(args, CONVERSATION, { lang: 'de' }),
  play: async ({ canvasElement }) => {
    const button = await badgeButton(canvasElement);
    await waitFor(() => expect(button).toHaveAccessibleName('3 Kommentare, 2 ungelesen'));
  },
};

/** A right-to-left page (set by the Direction toolbar here): the icon, count and unread marker mirror. */
export const RTL: Story = {
  globals: { direction: 'rtl' },
  play: async ({ canvasElement }) => {
    const button = await badgeButton(canvasElement);
    await waitFor(() => expect(button).toHaveAccessibleName('3 comments, 2 unread'));
    await expect(getComputedStyle(button).direction).toBe('rtl');
    // The icon comes first in the reading order, so it sits at the right edge.
    const icon = button.querySelector('[part~="icon"]');
    const unread = button.querySelector('[part~="unread"]');
    if (!icon || !unread) throw new Error('the badge lacks its icon or unread marker');
    await expect(icon.getBoundingClientRect().left).toBeGreaterThan(unread.getBoundingClientRect().left);
  },
};

/** Checks that the badge inherits the host theme's font, and its accent colour on the unread marker. */
async function expectTheme(canvasElement: HTMLElement, theme: HostTheme): Promise<void> {
  const button = await badgeButton(canvasElement);
  await waitFor(() => expect(button).toHaveAccessibleName('3 comments, 2 unread'));
  const unread = button.querySelector('[part~="unread"]');
  if (!unread) throw new Error('no unread marker');
  await expect(getComputedStyle(unread).backgroundColor).toBe(HOST_THEMES[theme].accent);
  await expect(hostFont(button)).toMatch(HOST_THEMES[theme].fontFamily);
}

/** Inside SAP Fiori (set by the Theme toolbar here): the badge picks up the page's SAP theming parameters. */
export const FioriTheme: Story = {
  name: 'Fiori theme',
  globals: { theme: 'fiori' },
  play: async ({ canvasElement }) => {
    await expectTheme(canvasElement, 'fiori');
  },
};

/** Inside Oracle Redwood: with no SAP parameters on the page, the badge falls back to Redwood's variables. */
export const RedwoodTheme: Story = {
  name: 'Redwood theme',
  globals: { theme: 'redwood' },
  play: async ({ canvasElement }) => {
    await expectTheme(canvasElement, 'redwood');
  },
};
