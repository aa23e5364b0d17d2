import '@rse/elements/define.js';
import { RseClient, type MemoryAdapter, type MemorySeedMessage, type RseAdapter } from '@rse/core';
import type { RseProvider, ThreadFilter } from '@rse/elements';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { expect, spyOn, userEvent, waitFor, within, type MockInstance } from 'storybook/test';
import {
  CONVERSATION,
  PEOPLE,
  RESTRICTED_ID,
  SALES_ORDER,
  createDemoNetwork,
  createShareDemoNetwork,
  demoAdapter,
  manyMessages,
} from './support/demo-network.js';
import { withFaults } from './support/faults.js';
import { HOST_THEMES, hostFont } from './support/host-theme.js';

interface ThreadArgs {
  system: string;
  objectType: string;
  objectId: string;
  objectTitle: string;
}

/**
 * The thread as an ERP integrator writes it: string attributes for the bound record, inside a provider
 * that gives it a backend. Each call gets its own adapter, so every story starts from its own data.
 */
function thread(args: ThreadArgs, adapter: RseAdapter, lang?: string, filter?: ThreadFilter) {
  return html`<rse-provider .adapter=${adapter}>
    <rse-object-thread
      system=${ifDefined(args.system || undefined)}
      object-type=${args.objectType}
      object-id=${args.objectId}
      object-title=${ifDefined(args.objectTitle || undefined)}
      lang=${ifDefined(lang)}
      filter=${ifDefined(filter)}
    ></rse-object-thread>
  </rse-provider>`;
}

/**
 * Testing Library queries scoped to the thread's shadow root, where everything the user sees lives
 * (`screen` and `within(canvasElement)` do not pierce shadow DOM). `findBy*` retry through `waitFor`,
 * so they also wait for the backend's answer.
 */
async function inThread(canvasElement: HTMLElement) {
  const base = await waitFor(() => {
    // A thread that never upgraded (a registration or decorator-transform failure) has no shadow root.
    const section = canvasElement.querySelector('rse-object-thread')?.shadowRoot?.querySelector('section');
    if (!section) throw new Error('<rse-object-thread> has not rendered');
    return section;
  });
  // Queries run on the rendered frame, not on the ShadowRoot itself: Testing Library's failure message
  // pretty-prints its container and throws on a ShadowRoot, which turns a clear failure into a timeout.
  return { root: base.getRootNode() as ShadowRoot, ...within(base) };
}

/** The adapter the story handed to its provider, for plays that change the backend mid-story. */
function storyAdapter(canvasElement: HTMLElement): MemoryAdapter {
  const provider = canvasElement.querySelector<RseProvider>('rse-provider');
  return provider?.adapter as MemoryAdapter;
}

const meta = {
  title: 'Elements/Object thread',
  component: 'rse-object-thread',
  tags: ['autodocs'],
  args: {
    system: SALES_ORDER.system,
    objectType: SALES_ORDER.type,
    objectId: SALES_ORDER.id,
    objectTitle: SALES_ORDER.title,
  },
  argTypes: {
    system: { control: 'text' },
    objectType: { control: 'text' },
    objectId: { control: 'text' },
    objectTitle: { control: 'text' },
  },
  render: (args) => thread(args, demoAdapter(CONVERSATION)),
} satisfies Meta<ThreadArgs>;

export default meta;
type Story = StoryObj<ThreadArgs>;

/** The record's conversation; edit the controls to bind another record (an unknown id shows the error). */
export const Playground: Story = {
  play: async ({ canvasElement }) => {
    const t = await inThread(canvasElement);
    await expect(await t.findByRole('heading', { name: 'Conversation' })).toBeVisible();
    await expect(await t.findByText('Camille Laurent')).toBeVisible();
    const send = t.getByRole('button', { name: 'Send' });
    await expect(send).toBeDisabled();

    await userEvent.type(t.getByLabelText('Write a message'), 'Berlin confirmed: 10 units leave on Monday.');
    await userEvent.click(send);

    await expect(await t.findByText('Berlin confirmed: 10 units leave on Monday.')).toBeVisible();
    await waitFor(() => expect(t.getByLabelText('Write a message')).toHaveValue(''));
  },
};

/** The backend never answers: the user is told the conversation is on its way, and cannot write yet. */
export const Loading: Story = {
  render: (args) => thread(args, demoAdapter(CONVERSATION, { latency: Infinity })),
  play: async ({ canvasElement }) => {
    const t = await inThread(canvasElement);
    await expect(await t.findByText('Loading the conversation…')).toBeVisible();
    await expect(t.queryByLabelText('Write a message')).toBeNull();
  },
};

/** A record nobody has discussed yet: an invitation to start, and the composer to do it. */
export const Empty: Story = {
  render: (args) => thread(args, demoAdapter()),
  play: async ({ canvasElement }) => {
    const t = await inThread(canvasElement);
    await expect(await t.findByText(/^No messages yet/)).toBeVisible();
    await expect(t.getByLabelText('Write a message')).toBeVisible();
  },
};

/** The server cannot be reached: the reason, and a way to try again once it is back. */
// Not `export const Error`: that would shadow the global Error constructor in this module.
export const ErrorState: Story = {
  name: 'Error',
  render: (args) => thread(args, demoAdapter(CONVERSATION, { offline: true })),
  play: async ({ canvasElement }) => {
    const t = await inThread(canvasElement);
    const retry = await t.findByRole('button', { name: 'Try again' });
    await expect(t.getByRole('alert')).toHaveTextContent('The server cannot be reached.');

    storyAdapter(canvasElement).offline = false;
    await userEvent.click(retry);
    await expect(await t.findByText('Camille Laurent')).toBeVisible();
  },
};

/** A record the backend does not know: the same polite answer as for a record the user may not open. */
export const NotFound: Story = {
  name: 'Not found',
  args: { objectId: RESTRICTED_ID, objectTitle: `Sales order ${RESTRICTED_ID}` },
  play: async ({ canvasElement }) => {
    const t = await inThread(canvasElement);
    await expect(await t.findByRole('alert')).toHaveTextContent(/does not exist or you may not open it/);
    await expect(t.getByRole('button', { name: 'Try again' })).toBeVisible();
    await expect(t.queryByLabelText('Write a message')).toBeNull();
  },
};

/**
 * A record that exists, but that this user may not open (the network's access policy says no): the
 * backend answers exactly as for a missing one, so the thread does not reveal that it exists.
 */
export const RestrictedRecord: Story = {
  name: 'Restricted record',
  render: (args) =>
    thread(args, createDemoNetwork(CONVERSATION, (personId) => personId !== PEOPLE.camille.id).adapterFor(PEOPLE.camille.id)),
  play: async ({ canvasElement }) => {
    const t = await inThread(canvasElement);
    await expect(await t.findByRole('alert')).toHaveTextContent(/does not exist or you may not open it/);
    await expect(t.queryByText('Jonas Weber')).toBeNull();
    await expect(t.queryByLabelText('Write a message')).toBeNull();
  },
};

/** The backend refuses outright (FORBIDDEN): the reason in words, and no composer. */
export const Forbidden: Story = {
  render: (args) => thread(args, withFaults(demoAdapter(CONVERSATION), { getThread: 'FORBIDDEN' })),
  play: async ({ canvasElement }) => {
    const t = await inThread(canvasElement);
    await expect(await t.findByRole('alert')).toHaveTextContent('You are not allowed to do this.');
    await expect(t.queryByLabelText('Write a message')).toBeNull();
  },
};

/** No record bound (no `object-id`): a visible, polite note instead of a blank box. */
export const NoObject: Story = {
  name: 'No object',
  args: { objectId: '' },
  play: async ({ canvasElement }) => {
    const t = await inThread(canvasElement);
    await expect(await t.findByText(/^No record selected/)).toBeVisible();
    await expect(t.queryByLabelText('Write a message')).toBeNull();
  },
};

/** No backend: neither `configure({ adapter })` nor an `<rse-provider>` around the element. */
export const NoClient: Story = {
  name: 'No client',
  render: (args) => html`<rse-object-thread
    system=${ifDefined(args.system || undefined)}
    object-type=${args.objectType}
    object-id=${args.objectId}
    object-title=${ifDefined(args.objectTitle || undefined)}
  ></rse-object-thread>`,
  play: async ({ canvasElement }) => {
    const t = await inThread(canvasElement);
    await expect(await t.findByText(/^Not connected/)).toBeVisible();
    await expect(t.queryByLabelText('Write a message')).toBeNull();
  },
};

/** Writes a message and presses Send, once the thread has loaded. */
async function writeAndSend(t: Awaited<ReturnType<typeof inThread>>, text: string): Promise<void> {
  await userEvent.type(await t.findByLabelText('Write a message'), text);
  await userEvent.click(t.getByRole('button', { name: 'Send' }));
}

/** The article of the message showing `text`. */
function articleOf(element: HTMLElement): HTMLElement {
  const article = element.closest('article');
  if (!article) throw new Error('not inside a message');
  return article;
}

/** Own message on its way: it shows at once, marked as sending, and the composer is free again. */
export const Sending: Story = {
  name: 'Outbox: sending',
  render: (args) => thread(args, withFaults(demoAdapter(CONVERSATION), { postMessage: 'hang' })),
  play: async ({ canvasElement }) => {
    const t = await inThread(canvasElement);
    await writeAndSend(t, 'Truck booked for Monday 8:00.');
    const message = articleOf(await t.findByText('Truck booked for Monday 8:00.'));
    await expect(message).toHaveAttribute('aria-busy', 'true');
    await expect(within(message).getByRole('status')).toHaveTextContent('Sending…');
    await expect(t.getByLabelText('Write a message')).toHaveValue('');
  },
};

/** The connection dropped: the message is kept and will go out by itself once the server is back. */
export const Offline: Story = {
  name: 'Outbox: offline',
  play: async ({ canvasElement }) => {
    const t = await inThread(canvasElement);
    await t.findByLabelText('Write a message');
    storyAdapter(canvasElement).offline = true;
    await writeAndSend(t, 'Sent from the warehouse, no signal here.');
    const message = articleOf(await t.findByText('Sent from the warehouse, no signal here.'));
    await waitFor(() => expect(within(message).getByRole('status')).toHaveTextContent(/^Waiting for the connection/));
    await expect(message).toHaveAttribute('aria-busy', 'true');
  },
};

/** The backend refused the message for good: the reason, and Retry, Edit or Discard. */
export const FailedMessage: Story = {
  name: 'Outbox: failed',
  render: (args) => thread(args, withFaults(demoAdapter(CONVERSATION), { postMessage: 'FORBIDDEN' })),
  play: async ({ canvasElement }) => {
    const t = await inThread(canvasElement);
    await writeAndSend(t, 'Discount approved at 12 %.');
    const message = articleOf(await t.findByText('Discount approved at 12 %.'));
    await waitFor(() => expect(within(message).getByRole('alert')).toHaveTextContent('You are not allowed to do this.'));
    await expect(message).toHaveAttribute('aria-busy', 'false');
    for (const name of ['Try again', 'Edit', 'Discard']) await expect(within(message).getByRole('button', { name })).toBeVisible();
  },
};

/** Mentioning someone who may not open the record: a warning before sending, since they would never see it. */
export const MentionWarning: Story = {
  name: 'Mention warning',
  render: (args) =>
    thread(args, createDemoNetwork(CONVERSATION, (personId) => personId !== PEOPLE.amira.id).adapterFor(PEOPLE.camille.id)),
  play: async ({ canvasElement }) => {
    const t = await inThread(canvasElement);
    const composer = await t.findByLabelText('Write a message');
    await userEvent.type(composer, 'Please approve, @ami');
    await userEvent.click(await t.findByRole('option', { name: /Amira Haddad/ }));
    await expect(composer).toHaveValue('Please approve, @[Amira Haddad](amira) ');
    await expect(await t.findByText(/^Amira Haddad cannot open this record/)).toBeVisible();
  },
};

/** Replies are grouped under the message they answer; replying to a reply joins the same group. */
export const Replies: Story = {
  render: (args) =>
    thread(
      args,
      demoAdapter([
        ...CONVERSATION,
        { object: SALES_ORDER, authorId: 'jonas', text: 'Reserved. Pick-up Monday 8:00.', minutesAgo: 170, replyToIndex: 0 },
        { object: SALES_ORDER, authorId: 'amira', text: 'Thanks both. @camille, please update the delivery date.', minutesAgo: 160, replyToIndex: 0 },
      ]),
    ),
  play: async ({ canvasElement }) => {
    const t = await inThread(canvasElement);
    const replies = await t.findByRole('list', { name: `Replies to ${PEOPLE.camille.name}` });
    await expect(within(replies).getByText('Reserved. Pick-up Monday 8:00.')).toBeVisible();

    // Answering a reply names the person answered, and the new message joins the same group
    // (threads are one level deep).
    await userEvent.click(within(replies).getByRole('button', { name: `Reply to ${PEOPLE.amira.name}` }));
    await expect(await t.findByText(`Replying to ${PEOPLE.amira.name}`)).toBeVisible();
    await userEvent.type(t.getByLabelText('Write a message'), 'Delivery date updated to 14 March.');
    await userEvent.click(t.getByRole('button', { name: 'Send' }));

    await waitFor(() => expect(within(replies).getByText('Delivery date updated to 14 March.')).toBeVisible());
    await expect(t.queryByText(/^Replying to /)).toBeNull();
  },
};

/** 200 messages arrive a page at a time; older pages load on request, without losing the reader's place. */
export const LongThread: Story = {
  name: 'Long thread',
  render: (args) => thread(args, demoAdapter(manyMessages(200, (i) => `Delivery update ${String(i + 1)}.`))),
  play: async ({ canvasElement }) => {
    const t = await inThread(canvasElement);
    await expect(await t.findByText('Delivery update 200.')).toBeInTheDocument();
    await expect(t.queryByText('Delivery update 1.')).toBeNull();

    const before = t.getAllByRole('button', { name: /^Reply to / }).length;
    await userEvent.click(t.getByRole('button', { name: 'Show older messages' }));
    await waitFor(() => expect(t.getAllByRole('button', { name: /^Reply to / }).length).toBeGreaterThan(before));
    await expect(t.getByText(`Delivery update ${String(200 - before)}.`)).toBeInTheDocument();
  },
};

const LONG_WORD = 'Geschirrspülmaschinenersatzteillieferungsterminbestätigung'.repeat(6);
const LONG_MESSAGE = Array.from(
  { length: 40 },
  (_, i) => `Line item ${String(i + 1)}: dishwasher DW-60 stainless, confirm quantity, price and date with the hotel.`,
)
  .join(' ')
  .slice(0, 3000);

/** A 3,000-character message and a very long unbroken word wrap inside the frame instead of widening it. */
export const LongText: Story = {
  name: 'Long text',
  render: (args) =>
    thread(
      args,
      demoAdapter([
        { object: SALES_ORDER, authorId: 'amira', text: LONG_MESSAGE, minutesAgo: 20 },
        { object: SALES_ORDER, authorId: 'jonas', text: `Part number: ${LONG_WORD}`, minutesAgo: 10 },
      ]),
    ),
  play: async ({ canvasElement }) => {
    const t = await inThread(canvasElement);
    await expect(LONG_MESSAGE).toHaveLength(3000);
    await expect(await t.findByText(LONG_MESSAGE)).toBeVisible();
    await expect(t.getByText(`Part number: ${LONG_WORD}`)).toBeVisible();
    // No horizontal scrolling: the list is exactly as wide as its frame.
    const list = t.getByRole('region', { name: 'Conversation' });
    await expect(list.scrollWidth).toBeLessThanOrEqual(list.clientWidth);
  },
};

const HOSTILE = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '[click](javascript:alert(1))',
  '@[<b>x</b>](jonas)',
] as const;

let alertSpy: MockInstance<typeof window.alert> | undefined;

/** Markup and script in messages are shown as the text they are, never run or turned into elements. */
export const HostileText: Story = {
  name: 'Hostile text',
  render: (args) =>
    thread(
      args,
      demoAdapter(HOSTILE.map((text, i) => ({ object: SALES_ORDER, authorId: 'jonas', text, minutesAgo: 10 - i }))),
    ),
  // An injected handler would call alert(); a spy makes that a failure instead of a blocked dialog.
  beforeEach: () => {
    alertSpy = spyOn(window, 'alert').mockImplementation(() => undefined);
    return () => {
      alertSpy?.mockRestore();
    };
  },
  play: async ({ canvasElement }) => {
    const t = await inThread(canvasElement);
    await expect(await t.findByText('<script>alert(1)</script>')).toBeVisible();
    await expect(t.getByText('<img src=x onerror=alert(1)>')).toBeVisible();
    await expect(t.getByText('[click](javascript:alert(1))')).toBeVisible();
    await expect(t.getByText('@<b>x</b>')).toBeVisible();

    for (const scope of [t.root, canvasElement]) {
      await expect(scope.querySelectorAll('script, img, b, iframe, object, embed')).toHaveLength(0);
      await expect(scope.querySelectorAll('[href^="javascript:" i], [src^="javascript:" i]')).toHaveLength(0);
      const handlers = [...scope.querySelectorAll('*')].flatMap((el) => el.getAttributeNames().filter((n) => n.startsWith('on')));
      await expect(handlers).toEqual([]);
    }
    await expect(alertSpy).not.toHaveBeenCalled();
  },
};

/** English, the default: set here through the Language toolbar, as an ERP shell sets `lang` on the page. */
export const English: Story = {
  globals: { locale: 'en' },
  play: async ({ canvasElement }) => {
    const t = await inThread(canvasElement);
    await expect(await t.findByRole('button', { name: 'Send' })).toBeVisible();
    await expect(t.getByLabelText('Write a message')).toBeVisible();
    await expect(t.getAllByRole('button', { name: `Reply to ${PEOPLE.jonas.name}` })).toHaveLength(1);
  },
};

/** `lang="fr"` on the element (or any ancestor, as an ERP shell sets it) switches its language. */
export const French: Story = {
  globals: { locale: 'fr' },
  render: (args) => thread(args, demoAdapter(CONVERSATION), 'fr'),
  play: async ({ canvasElement }) => {
    const t = await inThread(canvasElement);
    await expect(await t.findByRole('button', { name: 'Envoyer' })).toBeVisible();
    await expect(t.getByLabelText('Écrire un message')).toBeVisible();
    await expect(t.getAllByRole('button', { name: `Répondre à ${PEOPLE.jonas.name}` })).toHaveLength(1);
  },
};

/** German, whose longer labels must still fit the buttons and the composer. */
export const German: Story = {
  globals: { locale: 'de' },
  render: (args) => thread(args, demoAdapter(CONVERSATION), 'de'),
  play: async ({ canvasElement }) => {
    const t = await inThread(canvasElement);
    await expect(await t.findByRole('button', { name: 'Senden' })).toBeVisible();
    await expect(t.getByLabelText('Nachricht schreiben')).toBeVisible();
    await expect(t.getAllByRole('button', { name: `${PEOPLE.amira.name} antworten` })).toHaveLength(1);
  },
};

/** A right-to-left page (set by the Direction toolbar here): the layout mirrors, mixed-script text stays readable. */
export const RTL: Story = {
  globals: { direction: 'rtl' },
  render: (args) =>
    thread(
      args,
      demoAdapter([
        ...CONVERSATION,
        { object: SALES_ORDER, authorId: 'amira', text: 'تم تأكيد الطلب 4711 — شكراً Jonas!', minutesAgo: 5 },
      ]),
    ),
  play: async ({ canvasElement }) => {
    const t = await inThread(canvasElement);
    await expect(await t.findByText('تم تأكيد الطلب 4711 — شكراً Jonas!')).toBeVisible();
    const composer = t.getByLabelText('Write a message');
    await expect(getComputedStyle(composer).direction).toBe('rtl');
  },
};

/** Inside SAP Fiori (set by the Theme toolbar here): the element picks up the page's SAP theming parameters. */
export const FioriTheme: Story = {
  name: 'Fiori theme',
  globals: { theme: 'fiori' },
  play: async ({ canvasElement }) => {
    const t = await inThread(canvasElement);
    const send = await t.findByRole('button', { name: 'Send' });
    await expect(getComputedStyle(send).backgroundColor).toBe(HOST_THEMES.fiori.accent);
    await expect(hostFont(t.root.host)).toMatch(HOST_THEMES.fiori.fontFamily);
  },
};

/** Inside Oracle Redwood: with no SAP parameters on the page, the element falls back to Redwood's variables. */
export const RedwoodTheme: Story = {
  name: 'Redwood theme',
  globals: { theme: 'redwood' },
  play: async ({ canvasElement }) => {
    const t = await inThread(canvasElement);
    const send = await t.findByRole('button', { name: 'Send' });
    await expect(getComputedStyle(send).backgroundColor).toBe(HOST_THEMES.redwood.accent);
    await expect(hostFont(t.root.host)).toMatch(HOST_THEMES.redwood.fontFamily);
  },
};

/** The conversation, plus what the ERP and colleagues pushed into it: shares with their audience, ERP events. */
const SHARES_AND_EVENTS: readonly MemorySeedMessage[] = [
  { object: SALES_ORDER, authorId: 'system:ERP', kind: 'system', text: 'Sales order created: 24 dishwashers DW-60 for Hôtel Bellecour.', minutesAgo: 240 },
  ...CONVERSATION,
  {
    object: SALES_ORDER,
    authorId: 'jonas',
    text: 'Only 8 units left in Berlin after the reservation. #stock',
    minutesAgo: 40,
    share: { intent: 'alert', severity: 'critical', feedIds: ['sales-floor'], personIds: ['camille'] },
  },
  {
    object: SALES_ORDER,
    authorId: 'amira',
    text: 'Please confirm the delivery slot with the hotel.',
    minutesAgo: 30,
    share: { intent: 'request', feedIds: ['logistics'], personIds: ['jonas'] },
  },
  { object: SALES_ORDER, authorId: 'system:ERP', kind: 'system', text: 'Delivery date changed from 15 March to 14 March.', minutesAgo: 20 },
  { object: SALES_ORDER, authorId: 'camille', text: 'Hotel informed, they are fine with the 14th.', minutesAgo: 10, replyToIndex: 6 },
];

/** Shares show what they ask (information, request, alert and its severity) and who they went to; ERP events stand apart, and can be answered. */
export const SharesAndSystemEvents: Story = {
  name: 'Shares and system events',
  render: (args) => thread(args, createShareDemoNetwork(SHARES_AND_EVENTS).adapterFor(PEOPLE.camille.id)),
  play: async ({ canvasElement }) => {
    const t = await inThread(canvasElement);
    await expect(await t.findByText('Alert · Critical')).toBeVisible();
    await expect(t.getByText('Shared with Sales floor, Camille Laurent')).toBeVisible();
    await expect(t.getByText('Request')).toBeVisible();
    await expect(t.getByText('Shared with Logistics, Jonas Weber')).toBeVisible();
    await expect(t.getAllByText('ERP event')).toHaveLength(2);
    await expect(t.getAllByRole('button', { name: 'Reply to ERP' })).toHaveLength(2);
    const replies = t.getByRole('list', { name: 'Replies to ERP' });
    await expect(within(replies).getByText('Hotel informed, they are fine with the 14th.')).toBeVisible();
    await expect(t.getByRole('radio', { name: 'All' })).toBeChecked();
  },
};

/** Only what the ERP recorded. The filter is a group of native radios: Tab reaches it, arrow keys change the choice. */
export const FilterSystemEvents: Story = {
  name: 'Filter: System events',
  render: (args) => thread(args, createShareDemoNetwork(SHARES_AND_EVENTS).adapterFor(PEOPLE.camille.id), undefined, 'system'),
  play: async ({ canvasElement }) => {
    const t = await inThread(canvasElement);
    await expect(await t.findByText('Delivery date changed from 15 March to 14 March.')).toBeVisible();
    await expect(t.getByRole('radio', { name: 'System events' })).toBeChecked();
    await expect(t.getByText('2 messages')).toBeVisible();
    await expect(t.queryByText(/Only 8 units left/)).toBeNull();

    // Back to the conversation. (Arrow keys move between the radios too: Testing Library's emulation
    // of them fails inside shadow DOM, so the element tests check that with real key presses.)
    await userEvent.click(t.getByRole('radio', { name: 'Conversation' }));
    await expect(t.getByRole('radio', { name: 'Conversation' })).toBeChecked();
    await expect(await t.findByText(/Only 8 units left/)).toBeVisible();
    await expect(t.queryByText('Delivery date changed from 15 March to 14 March.')).toBeNull();
    await expect(t.getByText('5 messages')).toBeVisible();
  },
};

/** Pages already read when the very long thread opens: 600 of its 10,000 messages, past the point where it is virtualized. */
const PRELOADED_PAGES = 20;

/**
 * A client that has already read the newest pages of a 10,000-message thread, as after a reader scrolled
 * up for a while; the story's thread shares its cache.
 */
async function longThreadClient(): Promise<RseClient> {
  const client = new RseClient({ adapter: createDemoNetwork(manyMessages(10_000, (i) => `Delivery update ${String(i + 1)}.`)).adapterFor(PEOPLE.camille.id) });
  const store = client.thread(SALES_ORDER);
  const stop = store.subscribe(() => undefined);
  try {
    await new Promise<void>((resolve) => {
      const off = store.subscribe((state) => {
        if (state.status !== 'loading') {
          off();
          resolve();
        }
      });
    });
    for (let page = 1; page < PRELOADED_PAGES && store.state.hasOlder; page++) await store.loadOlder();
  } finally {
    stop();
  }
  return client;
}

/**
 * 10,000 messages: only those near the viewport are in the DOM, older pages load as the reader scrolls up
 * (or with "Show older messages", for the keyboard), and the reader's place is kept.
 */
export const VeryLongThread: Story = {
  name: 'Very long thread (10,000 messages, virtualized)',
  loaders: [async () => ({ client: await longThreadClient() })],
  render: (args, { loaded }) => html`<rse-provider .client=${loaded.client as RseClient}>
    <rse-object-thread
      system=${ifDefined(args.system || undefined)}
      object-type=${args.objectType}
      object-id=${args.objectId}
      object-title=${ifDefined(args.objectTitle || undefined)}
    ></rse-object-thread>
  </rse-provider>`,
  play: async ({ canvasElement, loaded }) => {
    const store = (loaded.client as RseClient).thread(SALES_ORDER);
    const t = await inThread(canvasElement);
    await expect(await t.findByText('Delivery update 10000.')).toBeVisible();
    await expect(store.state.messages).toHaveLength(PRELOADED_PAGES * 30);
    await expect(t.root.querySelectorAll('article').length).toBeLessThanOrEqual(300);
    await expect(t.getByRole('button', { name: 'Show older messages' })).toBeEnabled();

    // Let the list settle, then scroll to the top like a reader would: the next page loads.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const list = t.root.querySelector<HTMLElement>('[part~="messages"]');
    if (!list) throw new Error('no message list');
    list.scrollTop = 0;
    await waitFor(() => expect(store.state.messages.length).toBeGreaterThan(PRELOADED_PAGES * 30));
    await waitFor(() => expect(list.scrollTop).toBeGreaterThan(0));
    await expect(t.root.querySelectorAll('article').length).toBeLessThanOrEqual(300);
  },
};
