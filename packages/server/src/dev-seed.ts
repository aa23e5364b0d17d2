import type { FeedRegistration, ObjectRegistration } from './storage/records.js';
import type { RseStore } from './storage/rse-store.js';

/** The people of the demo network: an appliance retailer's sellers, manager and warehouse. */
export const DEV_PEOPLE = [
  { id: 'camille', name: 'Camille Laurent', title: 'Seller — Lyon' },
  { id: 'jonas', name: 'Jonas Weber', title: 'Seller — Berlin' },
  { id: 'amira', name: 'Amira Haddad', title: 'Sales manager' },
  { id: 'lucas', name: 'Lucas Martin', title: 'Warehouse — Lyon' },
  { id: 'sofia', name: 'Sofia Rossi', title: 'Customer service' },
] as const;

/** The demo's feeds: one for the whole sales floor, one per store. */
export const DEV_FEEDS: readonly FeedRegistration[] = [
  {
    id: 'sales-floor',
    name: 'Sales floor',
    description: 'Everyone who sells: tips, requests and alerts across stores.',
    memberIds: DEV_PEOPLE.map((person) => person.id),
  },
  { id: 'lyon-store', name: 'Lyon store', description: 'The Lyon store team.', memberIds: ['camille', 'lucas', 'amira'] },
  { id: 'berlin-store', name: 'Berlin store', description: 'The Berlin store team.', memberIds: ['jonas', 'amira'] },
];

/** Sales orders 4711 to 4720: customer, net value, days until delivery, seller. */
const ORDERS: readonly (readonly [customer: string, netValue: number, deliveryInDays: number, seller: string])[] = [
  ['Boulanger Lyon', 9358, 4, 'Camille Laurent'],
  ['MediaMarkt Berlin', 16_537, 9, 'Jonas Weber'],
  ['Darty Paris', 8754, -2, 'Amira Haddad'],
  ['Saturn Hamburg', 12_480, 6, 'Jonas Weber'],
  ['Fnac Marseille', 4390, 12, 'Camille Laurent'],
  ['Expert Lille', 2745, 3, 'Amira Haddad'],
  ['Euronics München', 7992, 15, 'Jonas Weber'],
  ['Conforama Bordeaux', 5615, 8, 'Camille Laurent'],
  ['Krëfel Bruxelles', 3388, 10, 'Amira Haddad'],
  ['Electro Dépôt Grenoble', 6120, 5, 'Camille Laurent'],
];

/** Products: the three the demo's shares talk about first, then those its order lines show. */
const PRODUCTS: readonly (readonly [id: string, title: string, stock: number, warehouse: string])[] = [
  ['TV-LCD-55', '55" LCD TV', 16, 'Lyon'],
  ['BOX-TV-4K', '4K TV box', 140, 'Lyon, Berlin'],
  ['WASH-8KG', 'Washing machine 8 kg', 3, 'Lyon'],
  ['TV-OLED-65', 'OLED TV 65"', 9, 'Berlin'],
  ['FRIDGE-NF-300', 'No-frost fridge 300 l', 22, 'Berlin'],
  ['WASHER-8KG', 'Washing machine 8 kg (previous model)', 7, 'Lyon'],
  ['DISHWASHER-45', 'Dishwasher 45 cm', 31, 'Lyon'],
];

const EURO = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'EUR' });
const DAY = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });

function daysFromToday(days: number): string {
  const date = new Date();
  date.setDate(date.getDate() + days);
  return DAY.format(date);
}

/** Every object the demo knows, with card fields and links into the demo page. */
export function devObjects(): ObjectRegistration[] {
  const orders = ORDERS.map(([customer, netValue, deliveryInDays, seller], index): ObjectRegistration => {
    const id = String(4711 + index);
    return {
      system: 'ERP',
      type: 'SalesOrder',
      id,
      title: `Sales order ${id} — ${customer}`,
      url: `#/orders/${id}`,
      fields: [
        { label: 'Customer', value: customer },
        { label: 'Net value', value: EURO.format(netValue) },
        { label: 'Delivery date', value: daysFromToday(deliveryInDays) },
        { label: 'Seller', value: seller },
      ],
    };
  });
  const products = PRODUCTS.map(([id, title, stock, warehouse]): ObjectRegistration => ({
    system: 'ERP',
    type: 'Product',
    id,
    title,
    url: `#/products/${id}`,
    fields: [
      { label: 'Stock', value: `${String(stock)} units` },
      { label: 'Warehouse', value: warehouse },
    ],
  }));
  return [...orders, ...products];
}

const ORDER_4711 = { system: 'ERP', type: 'SalesOrder', id: '4711' };

/** Which parts of the demo conversation a database already has (1: order 4711's thread, 2: shares). */
const SEED_LEVEL_SETTING = 'dev_seed_level';
const SEED_LEVEL = 2;

function minutesAgo(minutes: number): string {
  return new Date(Date.now() - minutes * 60_000).toISOString();
}

/**
 * Fills the network with the demo data. People, objects and feeds are (re)registered on every start, so a
 * newer seed reaches an older database; each part of the conversation is written once, so a restart on
 * the same database keeps what was said and never repeats the seed.
 */
export function seedDevData(store: RseStore): void {
  store.transaction(() => {
    // Databases seeded before levels were recorded have people and order 4711's thread: level 1.
    const level = Number(store.setting(SEED_LEVEL_SETTING) ?? (store.people.count() > 0 ? 1 : 0));
    for (const person of DEV_PEOPLE) store.people.register(person);
    for (const object of devObjects()) store.objects.register(object);
    for (const feed of DEV_FEEDS) store.feeds.register(feed);
    if (level < 1) seedOrderThread(store);
    if (level < 2) seedShares(store);
    store.putSetting(SEED_LEVEL_SETTING, String(SEED_LEVEL));
  });
}

function seedOrderThread(store: RseStore): void {
  const question = store.messages.importMessage({
    object: ORDER_4711,
    authorId: 'camille',
    text: 'Bonjour ! Boulanger Lyon veut être livré avant vendredi pour les 12 [[ERP:Product:TV-LCD-55]]. @lucas, on a le stock à Lyon ? #livraison',
    createdAt: minutesAgo(185),
  });
  store.messages.importMessage({
    object: ORDER_4711,
    // Lucas, not Jonas: the demo ERP lets only the Lyon region (and the manager) open this Lyon order.
    authorId: 'lucas',
    text: 'Only 8 units in Lyon. The other 4 would have to come from Berlin: ask on the Sales floor.',
    createdAt: minutesAgo(160),
    replyTo: question.id,
  });
  store.messages.importMessage({
    object: ORDER_4711,
    authorId: 'lucas',
    text: 'Entrepôt de Lyon : 8 unités **réservées** pour cette commande, départ demain 9 h.',
    createdAt: minutesAgo(95),
  });
  store.messages.importMessage({
    object: ORDER_4711,
    authorId: 'amira',
    text: 'Thanks both. @camille please confirm the delivery date to the customer before noon. #priority',
    createdAt: minutesAgo(30),
  });
}

// Written after order 4711's thread (also when an older database is upgraded), so their times come
// after it too: threads and feeds show storage order, and times must not contradict it.
function seedShares(store: RseStore): void {
  store.messages.importMessage({
    object: ORDER_4711,
    authorId: 'camille',
    text: 'Boulanger Lyon needs 12 [[ERP:Product:TV-LCD-55]] by Friday. Which store can spare 4 units? #stock',
    createdAt: minutesAgo(12),
    share: { intent: 'request', feedIds: ['sales-floor'] },
  });
  store.messages.importMessage({
    object: { system: 'ERP', type: 'Product', id: 'BOX-TV-4K' },
    authorId: 'amira',
    text: 'Customers asking for a new TV often only need the [[ERP:Product:BOX-TV-4K|4K TV box]]: suggest it first, both stores have plenty. #tip',
    createdAt: minutesAgo(8),
    share: { intent: 'information', feedIds: ['sales-floor'] },
  });
  store.messages.importMessage({
    object: { system: 'ERP', type: 'Product', id: 'WASH-8KG' },
    authorId: store.people.systemPerson('ERP'),
    text: 'Stock below safety level in Lyon: 3 units left (safety stock 10). #stock',
    createdAt: minutesAgo(5),
    kind: 'system',
    share: { intent: 'alert', severity: 'warning', feedIds: ['lyon-store'] },
  });
}
