// The ERP's side of the demo: the records an ERP would render on its own screens. Ids, customers, net
// values, delivery dates and sellers match the reference server's dev seed (its cards show the same
// values); order lines use the seed's products. Delivery dates are relative to today.
//
// The ERP also decides who may open which record (`mayOpen` below), from its own data: each order
// belongs to a sales region, each person has a role. The page filters its screens with it, and the demo
// server answers the RSE server's access questions with the very same function (`POST /demo/erp/access`),
// so the network shows a conversation only to people the ERP would show the record to.

/** Status of a sales order: its text and its Fiori semantic colour. */
const STATUS = {
  open: { text: 'Open', tone: 'neutral' },
  inProcess: { text: 'In process', tone: 'information' },
  blocked: { text: 'Delivery blocked', tone: 'critical' },
  credit: { text: 'Credit block', tone: 'negative' },
  partial: { text: 'Partially delivered', tone: 'information' },
  completed: { text: 'Completed', tone: 'positive' },
};

/** Products the order lines use, with list prices. */
export const PRODUCTS = {
  'TV-LCD-55': { name: '55″ LCD TV', price: 549 },
  'BOX-TV-4K': { name: '4K TV box', price: 129 },
  'WASH-8KG': { name: 'Washing machine 8 kg', price: 499 },
  'TV-OLED-65': { name: 'OLED TV 65″', price: 1599 },
  'FRIDGE-NF-300': { name: 'No-frost fridge 300 l', price: 749 },
  'DISHWASHER-45': { name: 'Dishwasher 45 cm', price: 429 },
  'SRV-INSTALL': { name: 'Installation service', price: 180 },
};

function daysFromToday(days) {
  const date = new Date();
  date.setDate(date.getDate() + days);
  return date;
}

/** An order line: `[product id, quantity]`. */
function lines(...pairs) {
  return pairs.map(([id, quantity]) => ({ id, product: PRODUCTS[id].name, quantity, price: PRODUCTS[id].price }));
}

/**
 * Sales orders 4711 to 4720, in document order. `region` is the sales office that owns the order:
 * Lyon for France, Berlin for Germany and the Benelux.
 */
export const ORDERS = {
  4711: {
    region: 'Lyon',
    type: 'Standard order',
    customer: 'Boulanger Lyon',
    status: STATUS.inProcess,
    delivery: daysFromToday(4),
    seller: 'Camille Laurent',
    shipTo: 'Boulanger Lyon Part-Dieu, 17 rue du Docteur Bouchut, 69003 Lyon',
    shipping: 'Standard delivery',
    incoterms: 'DAP Lyon',
    payment: '30 days net',
    salesOrg: 'FR01 France South-East',
    items: lines(['TV-LCD-55', 12], ['BOX-TV-4K', 6], ['WASH-8KG', 4]),
  },
  4712: {
    region: 'Berlin',
    type: 'Standard order',
    customer: 'MediaMarkt Berlin',
    status: STATUS.open,
    delivery: daysFromToday(9),
    seller: 'Jonas Weber',
    shipTo: 'MediaMarkt Berlin-Alexanderplatz, Grunerstraße 20, 10179 Berlin',
    shipping: 'Express delivery',
    incoterms: 'DAP Berlin',
    payment: '14 days 2 %, 30 days net',
    salesOrg: 'DE01 Germany East',
    items: lines(['TV-OLED-65', 8], ['FRIDGE-NF-300', 5]),
  },
  4713: {
    region: 'Lyon',
    type: 'Rush order',
    customer: 'Darty Paris',
    status: STATUS.blocked,
    delivery: daysFromToday(-2),
    seller: 'Amira Haddad',
    shipTo: 'Darty Paris Wagram, 41 avenue de Wagram, 75017 Paris',
    shipping: 'Pick-up',
    incoterms: 'FCA Lyon',
    payment: 'Due on receipt',
    salesOrg: 'FR02 France North',
    items: lines(['DISHWASHER-45', 10], ['WASH-8KG', 6], ['BOX-TV-4K', 10], ['SRV-INSTALL', 1]),
  },
  4714: {
    region: 'Berlin',
    type: 'Standard order',
    customer: 'Saturn Hamburg',
    status: STATUS.inProcess,
    delivery: daysFromToday(6),
    seller: 'Jonas Weber',
    shipTo: 'Saturn Hamburg Mönckebergstraße, Mönckebergstraße 1, 20095 Hamburg',
    shipping: 'Standard delivery',
    incoterms: 'DAP Hamburg',
    payment: '30 days net',
    salesOrg: 'DE02 Germany North',
    items: lines(['TV-OLED-65', 7], ['DISHWASHER-45', 3]),
  },
  4715: {
    region: 'Lyon',
    type: 'Standard order',
    customer: 'Fnac Marseille',
    status: STATUS.completed,
    delivery: daysFromToday(12),
    seller: 'Camille Laurent',
    shipTo: 'Fnac Marseille La Valentine, route de la Sablière, 13011 Marseille',
    shipping: 'Standard delivery',
    incoterms: 'DAP Marseille',
    payment: '30 days net',
    salesOrg: 'FR01 France South-East',
    items: lines(['BOX-TV-4K', 5], ['FRIDGE-NF-300', 5]),
  },
  4716: {
    region: 'Lyon',
    type: 'Standard order',
    customer: 'Expert Lille',
    status: STATUS.open,
    delivery: daysFromToday(3),
    seller: 'Amira Haddad',
    shipTo: 'Expert Lille Centre, 12 rue Faidherbe, 59000 Lille',
    shipping: 'Standard delivery',
    incoterms: 'DAP Lille',
    payment: '30 days net',
    salesOrg: 'FR02 France North',
    items: lines(['WASH-8KG', 4], ['FRIDGE-NF-300', 1]),
  },
  4717: {
    region: 'Berlin',
    type: 'Standard order',
    customer: 'Euronics München',
    status: STATUS.credit,
    delivery: daysFromToday(15),
    seller: 'Jonas Weber',
    shipTo: 'Euronics München-Pasing, Landsberger Straße 480, 81241 München',
    shipping: 'Standard delivery',
    incoterms: 'DAP München',
    payment: 'Cash in advance',
    salesOrg: 'DE03 Germany South',
    items: lines(['TV-OLED-65', 4], ['BOX-TV-4K', 4], ['SRV-INSTALL', 6]),
  },
  4718: {
    region: 'Lyon',
    type: 'Standard order',
    customer: 'Conforama Bordeaux',
    status: STATUS.inProcess,
    delivery: daysFromToday(8),
    seller: 'Camille Laurent',
    shipTo: 'Conforama Bordeaux Lac, avenue des 40 Journaux, 33300 Bordeaux',
    shipping: 'Standard delivery',
    incoterms: 'DAP Bordeaux',
    payment: '45 days end of month',
    salesOrg: 'FR03 France South-West',
    items: lines(['TV-LCD-55', 7], ['BOX-TV-4K', 6], ['WASH-8KG', 2]),
  },
  4719: {
    region: 'Berlin',
    type: 'Standard order',
    customer: 'Krëfel Bruxelles',
    status: STATUS.open,
    delivery: daysFromToday(10),
    seller: 'Amira Haddad',
    shipTo: 'Krëfel Anderlecht, boulevard Sylvain Dupuis 233, 1070 Bruxelles',
    shipping: 'Standard delivery',
    incoterms: 'DAP Bruxelles',
    payment: '30 days net',
    salesOrg: 'BE01 Belgium',
    items: lines(['BOX-TV-4K', 8], ['WASH-8KG', 4], ['SRV-INSTALL', 2]),
  },
  4720: {
    region: 'Lyon',
    type: 'Standard order',
    customer: 'Electro Dépôt Grenoble',
    status: STATUS.partial,
    delivery: daysFromToday(5),
    seller: 'Camille Laurent',
    shipTo: 'Electro Dépôt Échirolles, 4 avenue de Grugliasco, 38130 Échirolles',
    shipping: 'Standard delivery',
    incoterms: 'DAP Grenoble',
    payment: '30 days net',
    salesOrg: 'FR01 France South-East',
    items: lines(['TV-LCD-55', 8], ['BOX-TV-4K', 1], ['TV-OLED-65', 1]),
  },
};

/** The order ids in list order. */
export const ORDER_IDS = Object.keys(ORDERS);

/** An order's net value: the sum of its lines. */
export function netValue(order) {
  return order.items.reduce((sum, item) => sum + item.quantity * item.price, 0);
}

/** The ERP system of every record here (`ERP:SalesOrder:4711`). */
export const SYSTEM = 'ERP';

/** The sales regions, in display order. */
export const REGIONS = ['Lyon', 'Berlin'];

/**
 * Each person's role in the ERP and the sales regions whose orders it covers (`'*'`: every region).
 * Sellers and the warehouse see their own region, the sales manager sees every order. Anyone else
 * (customer service, a person the ERP does not know) sees no sales order. Everyone sees products.
 */
export const ROLES = {
  camille: { role: 'Seller', regions: ['Lyon'] },
  jonas: { role: 'Seller', regions: ['Berlin'] },
  lucas: { role: 'Warehouse', regions: ['Lyon'] },
  amira: { role: 'Sales manager', regions: '*' },
};

/**
 * The sales regions whose orders `personId` may open: `'*'` for all of them, else a list (empty for
 * a person without a sales role).
 *
 * @param {string} personId
 * @returns {'*' | readonly string[]}
 */
export function regionsOf(personId) {
  return Object.hasOwn(ROLES, personId) ? ROLES[personId].regions : [];
}

/**
 * Whether the ERP lets `personId` open `object`: any product of this ERP, and the sales orders of the
 * person's regions. Everything else — another system, an unknown type or order — is refused.
 *
 * @param {string} personId
 * @param {{ readonly system?: string | null, readonly type: string, readonly id: string }} object
 * @returns {boolean}
 */
export function mayOpen(personId, object) {
  if (object.system !== SYSTEM) return false;
  if (object.type === 'Product') return true;
  if (object.type !== 'SalesOrder' || !Object.hasOwn(ORDERS, object.id)) return false;
  const regions = regionsOf(personId);
  return regions === '*' || regions.includes(ORDERS[object.id].region);
}
