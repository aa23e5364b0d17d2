import type { RseStore } from './storage/rse-store.js';
import type { ObjectRegistration } from './storage/records.js';

/** The people of the demo network: an appliance retailer's sellers, manager and warehouse. */
export const DEV_PEOPLE = [
  { id: 'camille', name: 'Camille Laurent', title: 'Seller — Lyon' },
  { id: 'jonas', name: 'Jonas Weber', title: 'Seller — Berlin' },
  { id: 'amira', name: 'Amira Haddad', title: 'Sales manager' },
  { id: 'lucas', name: 'Lucas Martin', title: 'Warehouse — Lyon' },
  { id: 'sofia', name: 'Sofia Rossi', title: 'Customer service' },
] as const;

const CUSTOMERS = [
  'Boulanger Lyon',
  'MediaMarkt Berlin',
  'Darty Paris',
  'Saturn Hamburg',
  'Fnac Marseille',
  'Expert Lille',
  'Euronics München',
  'Conforama Bordeaux',
  'Krëfel Bruxelles',
  'Electro Dépôt Grenoble',
];

/** Sales orders 4711 to 4720. */
const SALES_ORDERS: ObjectRegistration[] = CUSTOMERS.map((customer, index) => {
  const id = String(4711 + index);
  return { system: 'ERP', type: 'SalesOrder', id, title: `Sales order ${id} — ${customer}` };
});

const PRODUCTS: ObjectRegistration[] = [
  { system: 'ERP', type: 'Product', id: 'TV-LCD-55', title: 'LCD TV 55"' },
  { system: 'ERP', type: 'Product', id: 'TV-OLED-65', title: 'OLED TV 65"' },
  { system: 'ERP', type: 'Product', id: 'FRIDGE-NF-300', title: 'No-frost fridge 300 l' },
  { system: 'ERP', type: 'Product', id: 'WASHER-8KG', title: 'Washing machine 8 kg' },
  { system: 'ERP', type: 'Product', id: 'DISHWASHER-45', title: 'Dishwasher 45 cm' },
];

/** Every object the demo knows. */
export const DEV_OBJECTS: readonly ObjectRegistration[] = [...SALES_ORDERS, ...PRODUCTS];

const ORDER_4711 = { system: 'ERP', type: 'SalesOrder', id: '4711' };

function minutesAgo(minutes: number): string {
  return new Date(Date.now() - minutes * 60_000).toISOString();
}

/**
 * Fills an empty network with the demo data; a network that already has people is left alone, so a
 * restart on the same database keeps what was said.
 */
export function seedDevData(store: RseStore): void {
  store.transaction(() => {
    // Objects are (re)registered every time: a newer seed may add products to an older database.
    for (const object of DEV_OBJECTS) store.registerObject(object);
    if (store.countPeople() > 0) return;
    for (const person of DEV_PEOPLE) store.registerPerson(person);
    const question = store.importMessage({
      object: ORDER_4711,
      authorId: 'camille',
      text: 'Bonjour ! Boulanger Lyon veut être livré avant vendredi pour les 12 [[ERP:Product:TV-LCD-55]]. @jonas, tu as du stock à Berlin ? #livraison',
      createdAt: minutesAgo(185),
    });
    store.importMessage({
      object: ORDER_4711,
      authorId: 'jonas',
      text: 'Yes — 8 units in Berlin, I can ship them tomorrow morning. The other 4 have to come from Lyon.',
      createdAt: minutesAgo(160),
      replyTo: question.id,
    });
    store.importMessage({
      object: ORDER_4711,
      authorId: 'lucas',
      text: 'Entrepôt de Lyon : 4 unités **réservées** pour cette commande, départ demain 9 h.',
      createdAt: minutesAgo(95),
    });
    store.importMessage({
      object: ORDER_4711,
      authorId: 'amira',
      text: 'Thanks both. @camille please confirm the delivery date to the customer before noon. #priority',
      createdAt: minutesAgo(30),
    });
  });
}
