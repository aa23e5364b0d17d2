/**
 * The demo world every story shares: an appliance retailer whose sellers talk about an ERP sales order.
 * Each story builds a fresh {@link MemoryNetwork} from this seed, so a message posted in one story never
 * shows up in another (and play functions start from a known state).
 */
import { MemoryNetwork, type MemoryAccessPolicy, type MemoryAdapterOptions, type MemoryAdapter, type MemoryObject, type MemorySeedMessage, type Person } from '@rse/core';

/** The people of the network; `camille` is the signed-in user in every story. */
export const PEOPLE = {
  camille: { id: 'camille', name: 'Camille Laurent', title: 'Seller — Lyon' },
  jonas: { id: 'jonas', name: 'Jonas Weber', title: 'Seller — Berlin' },
  amira: { id: 'amira', name: 'Amira Haddad', title: 'Sales manager' },
} as const satisfies Record<string, Person>;

/** The record the conversation is about. */
export const SALES_ORDER = {
  system: 'ERP',
  type: 'SalesOrder',
  id: '4711',
  title: 'Sales order 4711 — 24 dishwashers for Hôtel Bellecour',
} as const satisfies MemoryObject;

/** An object id the network does not know: how a record the user may not open looks to the client. */
export const RESTRICTED_ID = '9999';

/** A short, realistic exchange about {@link SALES_ORDER}, oldest first. */
export const CONVERSATION: readonly MemorySeedMessage[] = [
  {
    object: SALES_ORDER,
    authorId: 'camille',
    text: 'The customer wants delivery before **15 March**. @[Jonas Weber](jonas), can Berlin ship 10 units from stock?',
    minutesAgo: 180,
  },
  {
    object: SALES_ORDER,
    authorId: 'jonas',
    text: 'We have 12 in the warehouse. I can reserve 10 today. #stock',
    minutesAgo: 150,
  },
  {
    object: SALES_ORDER,
    authorId: 'amira',
    text: 'Approved, but keep the 8 % discount only if they sign this week. See [[Customer:C-1020|Hôtel Bellecour]].',
    minutesAgo: 45,
  },
];

/** `count` messages about {@link SALES_ORDER}, written in turn by the three people, one minute apart, oldest first. */
export function manyMessages(count: number, text: (index: number) => string): MemorySeedMessage[] {
  const authors = ['camille', 'jonas', 'amira'] as const;
  return Array.from({ length: count }, (_, i) => ({
    object: SALES_ORDER,
    authorId: authors[i % authors.length] ?? 'camille',
    text: text(i),
    minutesAgo: count - i,
  }));
}

/**
 * A fresh network holding the seed people, the sales order, and `messages` (none by default). `access`
 * decides who may open which record (by default everyone may open everything).
 */
export function createDemoNetwork(messages: readonly MemorySeedMessage[] = [], access?: MemoryAccessPolicy): MemoryNetwork {
  return new MemoryNetwork({ people: Object.values(PEOPLE), objects: [SALES_ORDER], messages, ...(access ? { access } : {}) });
}

/** Camille's adapter on a fresh network: the usual thing to hand to `<rse-provider .adapter>`. */
export function demoAdapter(messages: readonly MemorySeedMessage[] = [], options?: MemoryAdapterOptions): MemoryAdapter {
  return createDemoNetwork(messages).adapterFor(PEOPLE.camille.id, options);
}

// ——— Shares and feeds (<rse-share-button>, <rse-feed>) ———

/** The sales order as the ERP describes it on cards: a URL back to the record and key fields. */
export const SALES_ORDER_CARD = {
  ...SALES_ORDER,
  url: '#/SalesOrder/4711',
  fields: [
    { label: 'Customer', value: 'Hôtel Bellecour, Lyon' },
    { label: 'Net value', value: '12,480.00 EUR' },
    { label: 'Delivery', value: '14 March' },
  ],
} as const satisfies MemoryObject;

/** A product, so feeds hold more than one kind of record. */
export const PRODUCT = {
  system: 'ERP',
  type: 'Product',
  id: 'TV-LCD-55',
  title: 'LCD TV 55" (TV-LCD-55)',
  url: '#/Product/TV-LCD-55',
  fields: [{ label: 'Stock Berlin', value: '12 units' }],
} as const satisfies MemoryObject;

/** Feeds Camille belongs to (listed by name): everyone is on the sales floor, only two in logistics. */
export const DEMO_FEEDS = [
  { id: 'sales-floor', name: 'Sales floor', description: 'What every seller should know', memberIds: ['camille', 'jonas', 'amira'] },
  { id: 'logistics', name: 'Logistics', description: 'Deliveries, stock and carriers', memberIds: ['camille', 'jonas'] },
] as const;

/** The ERP itself, author of system events (what `publishErpEvent` creates on a live network). */
const ERP_SYSTEM = { id: 'system:ERP', name: 'ERP' } as const satisfies Person;

/** A realistic feed, oldest first: information, requests, an alert from a person and one from the ERP. */
export const FEED_ITEMS: readonly MemorySeedMessage[] = [
  {
    object: SALES_ORDER_CARD,
    authorId: 'amira',
    text: '@[Camille Laurent](camille), please update the price list before Friday. #pricing',
    minutesAgo: 200,
    share: { intent: 'request', personIds: ['camille'] },
  },
  {
    object: SALES_ORDER_CARD,
    authorId: 'jonas',
    text: 'Delivery truck delayed, new ETA **Thursday**. #delivery',
    minutesAgo: 120,
    share: { intent: 'alert', severity: 'warning', feedIds: ['logistics', 'sales-floor'] },
  },
  {
    object: PRODUCT,
    authorId: 'jonas',
    text: 'Restocked: 12 units of the 55" LCD TV in Berlin. #stock',
    minutesAgo: 90,
    share: { intent: 'information', feedIds: ['sales-floor'] },
  },
  {
    object: SALES_ORDER_CARD,
    authorId: 'amira',
    text: 'Can someone confirm the delivery date with the hotel? #delivery',
    minutesAgo: 40,
    share: { intent: 'request', feedIds: ['sales-floor'] },
  },
  {
    object: SALES_ORDER_CARD,
    authorId: ERP_SYSTEM.id,
    kind: 'system',
    text: 'Credit limit exceeded for Hôtel Bellecour: order blocked for delivery.',
    minutesAgo: 12,
    share: { intent: 'alert', severity: 'critical', feedIds: ['sales-floor'] },
  },
];

/** `count` shares to the sales floor, one minute apart, oldest first. */
export function manyShares(count: number, text: (index: number) => string): MemorySeedMessage[] {
  const authors = ['jonas', 'amira'] as const;
  return Array.from({ length: count }, (_, i) => ({
    object: SALES_ORDER_CARD,
    authorId: authors[i % authors.length] ?? 'jonas',
    text: text(i),
    minutesAgo: count - i,
    share: { intent: i % 5 === 0 ? 'request' : 'information', feedIds: ['sales-floor'] },
  }));
}

/** A fresh network with the people, feeds, the sales order's card, the product, and `messages`. */
export function createShareDemoNetwork(messages: readonly MemorySeedMessage[] = []): MemoryNetwork {
  return new MemoryNetwork({
    people: [...Object.values(PEOPLE), ERP_SYSTEM],
    objects: [SALES_ORDER_CARD, PRODUCT],
    feeds: DEMO_FEEDS.map((feed) => ({ ...feed, memberIds: [...feed.memberIds] })),
    messages,
  });
}
