/**
 * The demo world every story shares: an appliance retailer whose sellers talk about an ERP sales order.
 * Each story builds a fresh {@link MemoryNetwork} from this seed, so a message posted in one story never
 * shows up in another (and play functions start from a known state).
 */
import { MemoryNetwork, type MemoryAdapterOptions, type MemoryAdapter, type MemoryObject, type MemorySeedMessage, type Person } from '@rse/core';

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

/** A fresh network holding the seed people, the sales order, and `messages` (none by default). */
export function createDemoNetwork(messages: readonly MemorySeedMessage[] = []): MemoryNetwork {
  return new MemoryNetwork({ people: Object.values(PEOPLE), objects: [SALES_ORDER], messages });
}

/** Camille's adapter on a fresh network: the usual thing to hand to `<rse-provider .adapter>`. */
export function demoAdapter(messages: readonly MemorySeedMessage[] = [], options?: MemoryAdapterOptions): MemoryAdapter {
  return createDemoNetwork(messages).adapterFor(PEOPLE.camille.id, options);
}
