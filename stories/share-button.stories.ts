import '@rse/elements/define.js';
import { MemoryNetwork, type MemoryAdapter, type MemoryAdapterOptions } from '@rse/core';
import type { RseProvider, RseShareEvent, RseShareRequestEvent } from '@rse/elements';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { PEOPLE, SALES_ORDER_CARD, createShareDemoNetwork } from './support/demo-network.js';
import { withFaults } from './support/faults.js';
import { HOST_THEMES, hostFont, type HostTheme } from './support/host-theme.js';

interface ShareArgs {
  system: string;
  objectType: string;
  objectId: string;
  objectTitle: string;
  iconOnly: boolean;
  open: boolean;
  label: string;
}

interface ShareOptions {
  /** Options for Camille's adapter (latency, offline). */
  adapter?: MemoryAdapterOptions;
  /** Calls that hang or fail (see support/faults.ts). */
  faults?: Parameters<typeof withFaults>[1];
  /** Another network than the usual demo one. */
  network?: MemoryNetwork;
  lang?: string;
}

/** The button as an ERP integrator writes it, beside a record, with Camille's adapter on a fresh network. */
function shareButton(args: ShareArgs, options: ShareOptions = {}) {
  const network = options.network ?? createShareDemoNetwork();
  const memory = network.adapterFor(PEOPLE.camille.id, options.adapter);
  const adapter = options.faults ? withFaults(memory, options.faults) : memory;
  return html`<rse-provider .adapter=${adapter}>
    <rse-share-button
      system=${ifDefined(args.system || undefined)}
      object-type=${args.objectType}
      object-id=${args.objectId}
      object-title=${ifDefined(args.objectTitle || undefined)}
      ?icon-only=${args.iconOnly}
      ?open=${args.open}
      lang=${ifDefined(options.lang)}
      >${args.label}</rse-share-button
    >
  </rse-provider>`;
}

/**
 * Testing Library queries scoped to the button's shadow root, where the button and its sheet live
 * (`within(canvasElement)` does not pierce shadow DOM). Queries run on the wrapper, not on the
 * ShadowRoot, whose pretty-printing would turn a clear failure into a timeout.
 */
async function inShare(canvasElement: HTMLElement) {
  const base = await waitFor(() => {
    const wrapper = canvasElement.querySelector('rse-share-button')?.shadowRoot?.querySelector<HTMLElement>('[part="base"]');
    if (!wrapper) throw new Error('<rse-share-button> has not rendered');
    return wrapper;
  });
  return { root: base.getRootNode() as ShadowRoot, ...within(base) };
}

/** The adapter the story handed to its provider, for plays that change the backend mid-story. */
function storyAdapter(canvasElement: HTMLElement): MemoryAdapter {
  return canvasElement.querySelector<RseProvider>('rse-provider')?.adapter as MemoryAdapter;
}

const meta = {
  title: 'Elements/Share button',
  component: 'rse-share-button',
  tags: ['autodocs'],
  args: {
    system: SALES_ORDER_CARD.system,
    objectType: SALES_ORDER_CARD.type,
    objectId: SALES_ORDER_CARD.id,
    objectTitle: 'Sales order 4711',
    iconOnly: false,
    open: false,
    label: '',
  },
  argTypes: {
    system: { control: 'text' },
    objectType: { control: 'text' },
    objectId: { control: 'text' },
    objectTitle: { control: 'text' },
    iconOnly: { control: 'boolean' },
    open: { control: 'boolean' },
    label: { control: 'text', description: 'Default slot: the button label ("Share" when empty).' },
  },
  render: (args) => shareButton(args),
} satisfies Meta<ShareArgs>;

export default meta;
type Story = StoryObj<ShareArgs>;

/** Share the record with a feed: write, choose the audience, send; the sheet closes and `rse-share` fires. */
export const Playground: Story = {
  play: async ({ canvasElement }) => {
    const s = await inShare(canvasElement);
    let shared: RseShareEvent | undefined;
    canvasElement.addEventListener('rse-share', (event) => (shared = event), { once: true });

    await userEvent.click(s.getByRole('button', { name: 'Share' }));
    const dialog = await s.findByRole('dialog', { name: 'Share Sales order 4711' });
    await expect(dialog).toBeVisible();
    // `toHaveFocus` reads document.activeElement, which is the host; focus inside is the shadow root's.
    await waitFor(() => expect(s.root.activeElement).toBe(s.getByLabelText('Message')));
    await expect(await s.findByText('Hôtel Bellecour, Lyon')).toBeVisible();
    const send = s.getByRole('button', { name: 'Send' });
    await expect(send).toBeDisabled();

    await userEvent.type(s.getByLabelText('Message'), 'The hotel wants delivery before 15 March.');
    await userEvent.click(await s.findByRole('checkbox', { name: 'Sales floor' }));
    await expect(send).toBeEnabled();
    await userEvent.click(send);

    await waitFor(() => expect(shared?.detail.intent).toBe('information'));
    await waitFor(() => expect(dialog).not.toBeVisible());
    await expect(s.root.activeElement).toBe(s.getByRole('button', { name: 'Share' }));
  },
};

/** Closed, as it sits beside a record: a labelled button that opens a dialog, nothing else on screen. */
export const Closed: Story = {
  play: async ({ canvasElement }) => {
    const s = await inShare(canvasElement);
    const button = s.getByRole('button', { name: 'Share' });
    await expect(button).toBeVisible();
    await expect(button).toHaveAttribute('aria-haspopup', 'dialog');
    await expect(s.queryByRole('dialog')).toBeNull();
  },
};

/** In a dense ERP toolbar: only the icon, named "Share {title}" for assistive technology. */
export const IconOnly: Story = {
  name: 'Icon only',
  args: { iconOnly: true },
  play: async ({ canvasElement }) => {
    const s = await inShare(canvasElement);
    const button = s.getByRole('button', { name: 'Share Sales order 4711' });
    await expect(button).toBeVisible();
    // The label stays in the template (a removed slot loses slotchange), hidden.
    await expect(button.querySelector('.share__button-label')).not.toBeVisible();
  },
};

/** The sheet, open: the record's card, a message with @mentions, the audience, the kind of share. */
export const OpenSheet: Story = {
  name: 'Open sheet',
  args: { open: true },
  play: async ({ canvasElement }) => {
    const s = await inShare(canvasElement);
    await expect(await s.findByRole('dialog', { name: 'Share Sales order 4711' })).toBeVisible();
    await expect(await s.findByText('Net value')).toBeVisible();
    await expect(s.getByRole('radio', { name: 'Information' })).toBeChecked();

    // @mention: type @ and a few letters, choose with the keyboard.
    const message = s.getByLabelText('Message');
    await userEvent.type(message, 'Please confirm, @jo');
    const option = await s.findByRole('option', { name: /Jonas Weber/ });
    await expect(option).toHaveAttribute('aria-selected', 'true');
    await userEvent.keyboard('{Enter}');
    await expect(message).toHaveValue('Please confirm, @[Jonas Weber](jonas) ');

    // People are added through the same search.
    await userEvent.type(s.getByRole('combobox', { name: 'Add people' }), 'ami');
    await userEvent.click(await s.findByRole('option', { name: /Amira Haddad/ }));
    await expect(await s.findByRole('button', { name: 'Remove Amira Haddad' })).toBeVisible();
  },
};

/** Camille belongs to no feed yet: the sheet says so, and people can still be added by name. */
export const NoFeeds: Story = {
  name: 'No feeds',
  args: { open: true },
  render: (args) =>
    shareButton(args, { network: new MemoryNetwork({ people: Object.values(PEOPLE), objects: [SALES_ORDER_CARD] }) }),
  play: async ({ canvasElement }) => {
    const s = await inShare(canvasElement);
    await s.findByRole('dialog');
    await expect(await s.findByText(/^You are not a member of any feed/)).toBeVisible();
    await expect(s.queryAllByRole('checkbox')).toHaveLength(0);
    await expect(s.getByRole('combobox', { name: 'Add people' })).toBeVisible();
  },
};

/** The feeds cannot be listed: the reason, while the rest of the sheet still works. */
export const FeedsError: Story = {
  name: 'Feeds error',
  args: { open: true },
  render: (args) => shareButton(args, { faults: { listFeeds: 'NETWORK' } }),
  play: async ({ canvasElement }) => {
    const s = await inShare(canvasElement);
    await s.findByRole('dialog');
    await expect(await s.findByText(/^Your feeds could not be loaded: The server cannot be reached\./)).toBeVisible();
    await expect(s.queryAllByRole('checkbox')).toHaveLength(0);
    await expect(s.getByLabelText('Message')).toBeVisible();
  },
};

/** Send was pressed and the backend has not answered yet: the button says so and cannot be pressed twice. */
export const Sending: Story = {
  args: { open: true },
  render: (args) => shareButton(args, { faults: { share: 'hang' } }),
  play: async ({ canvasElement }) => {
    const s = await inShare(canvasElement);
    await s.findByRole('dialog');
    await userEvent.type(s.getByLabelText('Message'), 'Delivery confirmed for Thursday.');
    await userEvent.click(await s.findByRole('checkbox', { name: 'Sales floor' }));
    await userEvent.click(s.getByRole('button', { name: 'Send' }));
    const sending = await s.findByRole('button', { name: 'Sending…' });
    await expect(sending).toBeDisabled();
    await expect(s.getByRole('dialog')).toBeVisible();
  },
};

/** No record bound (no `object-id`): the sheet explains there is nothing to share, instead of an empty form. */
export const NoObject: Story = {
  name: 'No object',
  args: { open: true, objectId: '', objectTitle: '' },
  play: async ({ canvasElement }) => {
    const s = await inShare(canvasElement);
    await expect(await s.findByRole('dialog')).toBeVisible();
    await expect(s.getByText(/^Nothing to share/)).toBeVisible();
    await expect(s.queryByLabelText('Message')).toBeNull();
    await expect(s.getByRole('button', { name: 'Cancel' })).toBeVisible();
  },
};

/** An alert asks how urgent it is; the severity only shows for alerts. */
export const AlertKind: Story = {
  name: 'Alert kind',
  args: { open: true },
  play: async ({ canvasElement }) => {
    const s = await inShare(canvasElement);
    let requested: RseShareRequestEvent | undefined;
    // A host may own the share (confirm, enrich, route): preventing the request sends nothing.
    canvasElement.addEventListener(
      'rse-share-request',
      (event) => {
        requested = event;
        event.preventDefault();
      },
      { once: true },
    );
    await s.findByRole('dialog');
    await expect(s.queryByLabelText('Severity')).toBeNull();
    await userEvent.click(s.getByRole('radio', { name: 'Alert' }));
    const severity = s.getByLabelText('Severity');
    await expect(severity).toHaveValue('warning');
    await userEvent.selectOptions(severity, 'critical');
    await expect(within(severity).getByRole('option', { name: 'Critical' })).toHaveProperty('selected', true);
    await userEvent.type(s.getByLabelText('Message'), 'Credit block: do not ship.');
    await userEvent.click(await s.findByRole('checkbox', { name: 'Logistics' }));
    await userEvent.click(s.getByRole('button', { name: 'Send' }));
    await waitFor(() => expect(requested?.detail).toMatchObject({ intent: 'alert', severity: 'critical', feedIds: ['logistics'] }));
    await expect(s.getByRole('dialog')).toBeVisible();
  },
};

/** The server is unreachable when Send is pressed: the reason in words, and the draft kept for a retry. */
export const FailedSend: Story = {
  name: 'Failed send',
  args: { open: true },
  play: async ({ canvasElement }) => {
    const s = await inShare(canvasElement);
    await userEvent.type(s.getByLabelText('Message'), 'Do not lose this.');
    await userEvent.click(await s.findByRole('checkbox', { name: 'Sales floor' }));
    storyAdapter(canvasElement).offline = true;
    await userEvent.click(s.getByRole('button', { name: 'Send' }));
    await expect(await s.findByText('Not shared: The server cannot be reached. Your message is kept; try again.')).toBeVisible();
    await expect(s.getByRole('alert')).toHaveTextContent('The server cannot be reached.');
    await expect(s.getByLabelText('Message')).toHaveValue('Do not lose this.');
    await expect(s.getByRole('checkbox', { name: 'Sales floor' })).toBeChecked();
  },
};

/** English, the default: set here through the Language toolbar, as an ERP shell sets `lang` on the page. */
export const English: Story = {
  globals: { locale: 'en' },
  args: { open: true },
  play: async ({ canvasElement }) => {
    const s = await inShare(canvasElement);
    await expect(await s.findByRole('dialog', { name: 'Share Sales order 4711' })).toBeVisible();
    await expect(s.getByRole('radio', { name: 'Request' })).toBeVisible();
    await expect(s.getByRole('button', { name: 'Send' })).toBeDisabled();
    await expect(s.getByRole('button', { name: 'Cancel' })).toBeVisible();
  },
};

/** `lang="fr"` on the element (or any ancestor) switches its language. */
export const French: Story = {
  globals: { locale: 'fr' },
  args: { open: true },
  render: (args) => shareButton(args, { lang: 'fr' }),
  play: async ({ canvasElement }) => {
    const s = await inShare(canvasElement);
    await expect(await s.findByRole('dialog', { name: 'Partager Sales order 4711' })).toBeVisible();
    await expect(s.getByRole('radio', { name: 'Demande' })).toBeVisible();
    await expect(s.getByRole('button', { name: 'Envoyer' })).toBeDisabled();
    await expect(s.getByRole('button', { name: 'Annuler' })).toBeVisible();
  },
};

/** German, whose longer labels must still fit the sheet. */
export const German: Story = {
  globals: { locale: 'de' },
  args: { open: true },
  render: (args) => shareButton(args, { lang: 'de' }),
  play: async ({ canvasElement }) => {
    const s = await inShare(canvasElement);
    await expect(await s.findByRole('dialog', { name: 'Sales order 4711 teilen' })).toBeVisible();
    await expect(s.getByRole('combobox', { name: 'Personen hinzufügen' })).toBeVisible();
    await expect(s.getByRole('radio', { name: 'Anfrage' })).toBeVisible();
    await userEvent.click(s.getByRole('button', { name: 'Abbrechen' }));
    await waitFor(() => expect(s.root.activeElement).toBe(s.getByRole('button', { name: 'Teilen' })));
  },
};

/** A right-to-left page (set by the Direction toolbar here): the button and the sheet mirror. */
export const RTL: Story = {
  globals: { direction: 'rtl' },
  args: { open: true },
  play: async ({ canvasElement }) => {
    const s = await inShare(canvasElement);
    const dialog = await s.findByRole('dialog');
    await expect(getComputedStyle(dialog).direction).toBe('rtl');
    // Send comes first in the reading order, so it sits to the right of Cancel.
    const send = s.getByRole('button', { name: 'Send' });
    const cancel = s.getByRole('button', { name: 'Cancel' });
    await expect(send.getBoundingClientRect().left).toBeGreaterThan(cancel.getBoundingClientRect().left);
  },
};

/** Checks that the button inherits the host theme's font and accent colour. */
async function expectTheme(canvasElement: HTMLElement, theme: HostTheme): Promise<void> {
  const s = await inShare(canvasElement);
  const button = s.getByRole('button', { name: 'Share' });
  await expect(getComputedStyle(button).color).toBe(HOST_THEMES[theme].accent);
  await expect(hostFont(s.root.host)).toMatch(HOST_THEMES[theme].fontFamily);
}

/** Inside SAP Fiori (set by the Theme toolbar here): the button picks up the page's SAP theming parameters. */
export const FioriTheme: Story = {
  name: 'Fiori theme',
  globals: { theme: 'fiori' },
  play: async ({ canvasElement }) => {
    await expectTheme(canvasElement, 'fiori');
  },
};

/** Inside Oracle Redwood: with no SAP parameters on the page, the button falls back to Redwood's variables. */
export const RedwoodTheme: Story = {
  name: 'Redwood theme',
  globals: { theme: 'redwood' },
  play: async ({ canvasElement }) => {
    await expectTheme(canvasElement, 'redwood');
  },
};
