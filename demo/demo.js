// The demo page's script: a plain ES module, no build step. It loads the built CDN bundle (so a broken
// export shows up here first), connects the page to the reference server as the person chosen in the
// shell bar, and renders the sales order picked in `?order=`. The person is kept in `?as=`, so two
// windows can be two people.
//
// No innerHTML anywhere: the page runs under a CSP with Trusted Types enforced.


const BUNDLE_URL = '/rse/rse.js';
const GRAPHQL_URL = new URL('/graphql', location.href).href;
/** Refresh a dev token this long before it expires. */
const TOKEN_MARGIN_MS = 60_000;

const euro = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'EUR' });
const day = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });

/**
 * The record side of the page: what an ERP would render. Ids and customers match the dev server's seed
 * (its messages on 4711 talk about the 12 LCD TVs); delivery dates are relative to today.
 */
const ORDERS = {
  4711: {
    type: 'Standard order',
    customer: 'Boulanger Lyon',
    status: { text: 'In process', tone: 'information' },
    delivery: nextWeekday(5),
    seller: 'Camille Laurent',
    shipTo: 'Boulanger Lyon Part-Dieu, 17 rue du Docteur Bouchut, 69003 Lyon',
    shipping: 'Standard delivery',
    incoterms: 'DAP Lyon',
    payment: '30 days net',
    salesOrg: 'FR01 France South-East',
    items: [
      { product: 'LCD TV 55″', id: 'TV-LCD-55', quantity: 12, price: 549 },
      { product: 'Fibre internet box', id: 'NET-BOX-7', quantity: 6, price: 129 },
      { product: 'Washing machine 8 kg', id: 'WASHER-8KG', quantity: 4, price: 499 },
    ],
  },
  4712: {
    type: 'Standard order',
    customer: 'MediaMarkt Berlin',
    status: { text: 'Open', tone: 'neutral' },
    delivery: daysFromToday(9),
    seller: 'Jonas Weber',
    shipTo: 'MediaMarkt Berlin-Alexanderplatz, Grunerstraße 20, 10179 Berlin',
    shipping: 'Express delivery',
    incoterms: 'DAP Berlin',
    payment: '14 days 2 %, 30 days net',
    salesOrg: 'DE01 Germany East',
    items: [
      { product: 'OLED TV 65″', id: 'TV-OLED-65', quantity: 8, price: 1599 },
      { product: 'No-frost fridge 300 l', id: 'FRIDGE-NF-300', quantity: 5, price: 749 },
    ],
  },
  4713: {
    type: 'Rush order',
    customer: 'Darty Paris',
    status: { text: 'Delivery blocked', tone: 'critical' },
    delivery: daysFromToday(-2),
    seller: 'Amira Haddad',
    shipTo: 'Darty Paris Wagram, 41 avenue de Wagram, 75017 Paris',
    shipping: 'Pick-up',
    incoterms: 'FCA Lyon',
    payment: 'Due on receipt',
    salesOrg: 'FR02 France North',
    items: [
      { product: 'Dishwasher 45 cm', id: 'DISHWASHER-45', quantity: 10, price: 429 },
      { product: 'Washing machine 8 kg', id: 'WASHER-8KG', quantity: 6, price: 499 },
      { product: 'Fibre internet box', id: 'NET-BOX-7', quantity: 10, price: 129 },
      { product: 'Installation service', id: 'SRV-INSTALL', quantity: 1, price: 180 },
    ],
  },
};
const DEFAULT_ORDER = '4711';

function daysFromToday(days) {
  const date = new Date();
  date.setDate(date.getDate() + days);
  return date;
}

/** The next given weekday (0 Sunday … 6 Saturday) after today. */
function nextWeekday(weekday) {
  const today = new Date().getDay();
  return daysFromToday(((weekday - today + 6) % 7) + 1);
}

const $ = (id) => {
  const element = document.getElementById(id);
  if (!element) throw new Error(`demo: #${id} is missing`);
  return element;
};

/** Creates an element with text or child nodes; the only way this page makes DOM. */
function h(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (name === 'class') element.className = value;
    else element.setAttribute(name, value);
  }
  element.append(...children);
  return element;
}

function initials(name) {
  return name
    .trim()
    .split(/\s+/u)
    .slice(0, 2)
    .map((part) => [...part][0]?.toUpperCase() ?? '')
    .join('');
}

function showNotice(text) {
  const notice = $('notice');
  notice.textContent = text;
  notice.hidden = !text;
}

// ---------------------------------------------------------------------------------------------------
// URL state: ?as=<person>&order=<id>

function currentParams() {
  const params = new URLSearchParams(location.search);
  const order = params.get('order');
  return {
    as: params.get('as') ?? '',
    order: order && Object.hasOwn(ORDERS, order) ? order : DEFAULT_ORDER,
  };
}

function hrefFor({ as, order }) {
  const params = new URLSearchParams();
  if (as) params.set('as', as);
  params.set('order', order);
  return `/?${params.toString()}`;
}

function writeParams(next, { push = false } = {}) {
  const href = hrefFor(next);
  if (href === `${location.pathname}${location.search}`) return;
  if (push) history.pushState(null, '', href);
  else history.replaceState(null, '', href);
}

// ---------------------------------------------------------------------------------------------------
// The record

function renderOrder(id) {
  const order = ORDERS[id];
  const title = `Sales order ${id}`;
  document.title = `${title} – Manage Sales Orders – RSE Elements demo`;
  $('order-title').textContent = title;
  $('crumb-current').textContent = id;
  $('order-subtitle').textContent = `${order.type} · ${order.customer}`;
  const status = $('order-status');
  status.textContent = order.status.text;
  status.className = `status status--${order.status.tone}`;
  $('order-customer').textContent = order.customer;
  $('order-delivery').textContent = day.format(order.delivery);
  $('order-seller').textContent = order.seller;
  $('order-ship-to').textContent = order.shipTo;
  $('order-shipping').textContent = order.shipping;
  $('order-incoterms').textContent = order.incoterms;
  $('order-payment').textContent = order.payment;
  $('order-sales-org').textContent = order.salesOrg;

  let total = 0;
  const rows = order.items.map((item, index) => {
    const value = item.quantity * item.price;
    total += value;
    return h(
      'tr',
      {},
      h('td', {}, String((index + 1) * 10)),
      h('td', {}, h('span', { class: 'product' }, item.product), h('span', { class: 'product__id' }, item.id)),
      h('td', { class: 'table__num' }, `${item.quantity} PC`),
      h('td', { class: 'table__num' }, euro.format(item.price)),
      h('td', { class: 'table__num' }, euro.format(value)),
    );
  });
  $('items-body').replaceChildren(...rows);
  $('items-count').textContent = `(${order.items.length})`;
  $('items-total').textContent = euro.format(total);
  $('order-net').textContent = euro.format(total);

  // The conversation follows the record: changing the attributes re-binds the same element.
  const thread = $('thread');
  thread.setAttribute('object-id', id);
  thread.setAttribute('object-title', title);
}

function renderSwitcher({ as, order }) {
  for (const link of $('order-switcher').querySelectorAll('a')) {
    const id = link.textContent.trim();
    link.href = hrefFor({ as, order: id });
    if (id === order) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  $('crumb-list').href = hrefFor({ as, order: DEFAULT_ORDER });
}

// ---------------------------------------------------------------------------------------------------
// People and the connection

/** `GET /dev/people`, tolerant of `[…]`, `{ people: […] }` and `{ data: […] }`. */
async function loadPeople() {
  const response = await fetch('/dev/people', { headers: { Accept: 'application/json' } });
  if (!response.ok) throw new Error(`GET /dev/people answered ${response.status}`);
  const body = await response.json();
  const list = Array.isArray(body) ? body : (body.people ?? body.data ?? []);
  return list
    .filter((p) => p && typeof p.id === 'string')
    .map((p) => ({ id: p.id, name: p.name ?? p.id, title: p.title ?? '' }));
}

/** The seconds-since-epoch `exp` of a JWT, or null. The token is only read, never trusted, here. */
function expiryOf(token) {
  try {
    const payload = token.split('.')[1].replace(/-/gu, '+').replace(/_/gu, '/');
    const { exp } = JSON.parse(atob(payload.padEnd(Math.ceil(payload.length / 4) * 4, '=')));
    return typeof exp === 'number' ? exp * 1000 : null;
  } catch {
    return null;
  }
}

/** A token source for one person: fetched once, refreshed shortly before it expires. */
function tokenSourceFor(personId) {
  let cached = null;
  return () => {
    if (cached && (cached.expires === null || cached.expires - TOKEN_MARGIN_MS > Date.now())) return cached.token;
    const token = fetch(`/dev/token?person=${encodeURIComponent(personId)}`)
      .then((response) => {
        if (!response.ok) throw new Error(`GET /dev/token answered ${response.status}`);
        return response.json();
      })
      .then(({ token: value }) => {
        if (typeof value !== 'string') throw new Error('GET /dev/token returned no token');
        cached = { token: Promise.resolve(value), expires: expiryOf(value) };
        return value;
      })
      .catch((error) => {
        cached = null;
        throw error;
      });
    cached = { token, expires: null };
    return token;
  };
}

function renderPeople(people, selected) {
  const select = $('person');
  select.replaceChildren(
    ...people.map((person) => {
      const label = person.title ? `${person.name} (${person.title})` : person.name;
      const option = h('option', { value: person.id }, label);
      option.selected = person.id === selected;
      return option;
    }),
  );
}

function renderSignedIn(person, people) {
  $('person-avatar').textContent = initials(person.name);
  // Suggest a colleague for the second window, so the live update is one click away: the two sellers of
  // the seeded conversation first, then whoever else exists.
  const preferred = ['jonas', 'camille'].map((id) => people.find((p) => p.id === id));
  const other = [...preferred, ...people].find((p) => p && p.id !== person.id) ?? person;
  const link = $('second-window');
  link.href = hrefFor({ as: other.id, order: currentParams().order });
  link.firstChild.textContent = `open this order as ${other.name}`;
}

/** Loads the bundle; null (with a visible notice) when it is missing or incomplete. */
async function loadBundle() {
  try {
    const rse = await import(BUNDLE_URL);
    if (typeof rse.configure === 'function' && typeof rse.createGraphQLAdapter === 'function') return rse;
    showNotice(`The RSE bundle ${BUNDLE_URL} does not export configure and createGraphQLAdapter.`);
  } catch (error) {
    showNotice(`The RSE bundle ${BUNDLE_URL} did not load (${error.message}). Run npm run build, then reload.`);
    console.error('RSE demo:', error);
  }
  return null;
}

async function main() {
  // The record first: it is the ERP's page and renders whatever happens to the conversation.
  const params = currentParams();
  renderOrder(params.order);
  renderSwitcher(params);

  const [people, rse] = await Promise.all([
    loadPeople().catch((error) => {
      showNotice(`The people of the dev server could not be loaded (${error.message}).`);
      console.error('RSE demo:', error);
      return [];
    }),
    loadBundle(),
  ]);
  if (people.length === 0 || !rse) return;

  // Without ?as=, sign in as the order's seller: the person most likely to talk about it.
  const seller = people.find((p) => p.name === ORDERS[params.order].seller);
  let signedIn = people.find((p) => p.id === params.as) ?? seller ?? people[0];

  const connectAs = (person) => {
    signedIn = person;
    // configure() again swaps the page's client: every element reconnects as the new person.
    rse.configure({ adapter: rse.createGraphQLAdapter({ url: GRAPHQL_URL, token: tokenSourceFor(person.id) }) });
    document.documentElement.dataset.as = person.id;
    writeParams({ ...currentParams(), as: person.id });
    renderSwitcher(currentParams());
    renderSignedIn(person, people);
  };

  renderPeople(people, signedIn.id);
  connectAs(signedIn);

  $('person').addEventListener('change', (event) => {
    connectAs(people.find((p) => p.id === event.target.value) ?? signedIn);
  });

  // Switch orders in place: the same <rse-object-thread> follows its new object-id.
  $('order-switcher').addEventListener('click', (event) => {
    const link = event.target.closest('a');
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey || event.button !== 0) return;
    event.preventDefault();
    const next = { as: signedIn.id, order: link.textContent.trim() };
    writeParams(next, { push: true });
    renderOrder(next.order);
    renderSwitcher(next);
    renderSignedIn(signedIn, people);
    // Move focus to the new title, so screen-reader users hear that the page changed.
    $('order-title').focus({ preventScroll: true });
  });
  window.addEventListener('popstate', () => {
    const next = currentParams();
    renderOrder(next.order);
    renderSwitcher({ ...next, as: signedIn.id });
    renderSignedIn(signedIn, people);
  });

  // Failures are the element's to show; the console keeps the details for whoever runs the demo.
  document.addEventListener('rse-error', (event) => {
    console.warn('rse-error', event.detail);
  });
  document.documentElement.dataset.ready = 'true';
}

main().catch((error) => {
  console.error('RSE demo:', error);
});
