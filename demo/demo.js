// The demo shell's script: a plain ES module, no framework, no build step. It loads the built CDN bundle
// (so a broken export shows up here first), connects the page to the reference server as the person
// chosen in the shell bar, and routes between the shell's screens by hash, the way a Fiori launchpad
// does intent-based navigation:
//
//   #/orders              Manage Sales Orders: the list, with a conversation badge per row
//   #/orders/<id>         the sales order object page, its thread beside the record; the ERP's "Not
//                         authorized" page when the person may not open that order
//   #/feed                the "Sales floor" feed
//   #/inventory[/<id>]    stock levels, where the demo ERP publishes its out-of-stock alert
//
// The person is kept in `?as=`, so two windows can be two people. RSE elements ask before navigating
// (`rse-object-open`); the router answers for the records it has a screen for.
//
// The ERP shows each person the orders of their sales region only (`mayOpen` in erp-data.js). That is
// the ERP's own screen logic, not what protects the conversations: the RSE server asks the demo ERP
// itself (`POST /demo/erp/access`) before it shows or pushes anything, so the "Not authorized" page
// still mounts the order's thread, and the thread says the record does not exist or may not be opened.
//
// The SAP screens are UI5 Web Components (ui5-shellbar, ui5-dynamic-page, ui5-table…) from
// /dist/ui5.js, which `npm run build` bundles from demo/ui5-entry.js; the shell's theme switcher calls
// UI5's setTheme, and the RSE elements follow the theme through UI5's theming parameters, with no code.
// The inventory is an Oracle Redwood screen instead (plain HTML, Redwood's CSS variables).
//
// No innerHTML anywhere: the page runs under a CSP with Trusted Types enforced.

import { ORDERS, ORDER_IDS, ROLES, SYSTEM, mayOpen, netValue, regionsOf } from './erp-data.js';

const BUNDLE_URL = '/rse/rse.js';
const UI5_URL = '/dist/ui5.js';
/** The theme picked in the shell, kept for the next visit. */
const THEME_KEY = 'rse-demo-theme';
/** The language picked in the shell, kept for the next visit. */
const LANGUAGE_KEY = 'rse-demo-language';
const LANGUAGES = ['en', 'fr', 'de'];
const GRAPHQL_URL = new URL('/graphql', location.href).href;
/** Refresh a dev token this long before it expires. */
const TOKEN_MARGIN_MS = 60_000;
/** Tells the demo's other windows (same browser) that the data was reset, so they reload too. */
const CHANNEL = typeof BroadcastChannel === 'function' ? new BroadcastChannel('rse-demo') : null;
const TOAST_MS = 4000;

const euro = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'EUR' });
const day = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });
const count = new Intl.NumberFormat('en-GB');

/** The shell's screens: their title (shell bar and document) and the app they belong to. */
const SCREENS = {
  orders: { app: 'orders', appTitle: 'Manage Sales Orders' },
  order: { app: 'orders', appTitle: 'Manage Sales Orders' },
  denied: { app: 'orders', appTitle: 'Manage Sales Orders' },
  feed: { app: 'feed', appTitle: 'Sales floor' },
  inventory: { app: 'inventory', appTitle: 'Inventory' },
};

const $ = (id) => {
  const element = document.getElementById(id);
  if (!element) throw new Error(`demo: #${id} is missing`);
  return element;
};

/** Creates an element with attributes and text or child nodes; the only way this page makes DOM. */
function h(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === false || value === null || value === undefined) continue;
    if (name === 'class') element.className = value;
    else element.setAttribute(name, value === true ? '' : value);
  }
  element.append(...children);
  return element;
}

/** The page's message strip; `kind` tells a route's notice from the others. */
function showNotice(text, kind = 'page') {
  const notice = $('notice');
  notice.textContent = text;
  notice.dataset.kind = kind;
  notice.hidden = !text;
}

let toastTimer = 0;
/** A Fiori message toast: a short, polite confirmation that fades by itself. */
function toast(text) {
  const element = $('toast');
  element.textContent = text;
  element.classList.add('toast--visible');
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => {
    element.classList.remove('toast--visible');
    element.textContent = '';
  }, TOAST_MS);
}

// ---------------------------------------------------------------------------------------------------
// URL state: ?as=<person>, the screen in the hash

/** The route of a hash, or null for a hash that is not a route (an in-page anchor). */
function parseRoute(hash) {
  if (hash === '' || hash === '#' || hash === '#/') return { screen: 'orders' };
  if (!hash.startsWith('#/')) return null;
  const [name, id, ...rest] = hash.slice(2).split('/').map(decodeURIComponent);
  if (rest.length > 0) return { screen: 'orders', unknown: hash };
  if (name === 'orders' && id === undefined) return { screen: 'orders' };
  if (name === 'orders' && Object.hasOwn(ORDERS, id)) return { screen: 'order', id };
  if (name === 'feed' && id === undefined) return { screen: 'feed' };
  // Product cards link to #/products/<id> (the server's seed) or #/inventory/<id> (the demo ERP's alerts).
  if (name === 'inventory' || name === 'products') return { screen: 'inventory', product: id || undefined };
  return { screen: 'orders', unknown: hash };
}

const routeHash = (route) =>
  route.screen === 'order' ? `#/orders/${route.id}` : route.screen === 'inventory' && route.product ? `#/inventory/${route.product}` : `#/${route.screen}`;

function personParam() {
  return new URLSearchParams(location.search).get('as') ?? '';
}

/** Who the ERP's screens are for: the signed-in person, else (until sign-in) the one `?as=` names, else null. */
function viewerId() {
  return signedIn?.id ?? (personParam() || null);
}

/** Whether the ERP shows sales order `id` to the viewer; before anyone is known, the page waits for sign-in. */
function viewerMayOpenOrder(id) {
  const viewer = viewerId();
  return viewer !== null && mayOpen(viewer, { system: SYSTEM, type: 'SalesOrder', id });
}

/** The sales orders the ERP lists for the viewer, in list order. */
function visibleOrderIds() {
  return ORDER_IDS.filter(viewerMayOpenOrder);
}

/** `/?as=<person>#/<route>`: the URL of a screen for a person. */
function hrefFor(as, hash = location.hash || '#/orders') {
  const params = new URLSearchParams();
  if (as) params.set('as', as);
  const query = params.toString();
  return `/${query ? `?${query}` : ''}${hash}`;
}

function navigate(hash) {
  if (location.hash === hash) render({ focus: true });
  else location.hash = hash;
}

// ---------------------------------------------------------------------------------------------------
// Screens

let currentScreen = null;

/** Shows the screen of the current hash; `focus` moves focus to its heading (after a navigation). */
function render({ focus = false } = {}) {
  const route = parseRoute(location.hash);
  if (!route) return;
  // A wrong address says so until the next navigation; other notices (a missing bundle) stay.
  if (route.unknown) showNotice(`There is no screen at ${route.unknown}; showing the sales orders.`, 'route');
  else if ($('notice').dataset.kind === 'route') showNotice('');
  // A person from another region gets the ERP's refusal instead of the record. Before sign-in (no
  // `?as=`), the order is shown: the person chosen then is its seller.
  const denied = route.screen === 'order' && viewerId() !== null && !viewerMayOpenOrder(route.id);
  const shown = denied ? 'denied' : route.screen;
  const screen = SCREENS[shown];
  for (const name of Object.keys(SCREENS)) $(`screen-${name}`).hidden = name !== shown;
  for (const link of document.querySelectorAll('.side-nav__item')) {
    if (link.dataset.app === screen.app) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  const branding = $('shell-title');
  branding.textContent = screen.appTitle;
  branding.setAttribute('accessible-name', screen.appTitle);
  branding.setAttribute('href', `#/${screen.app}`);

  let heading;
  if (shown === 'order') {
    renderOrder(route.id);
    heading = $('order-title');
  } else {
    unmountThread('thread-slot');
  }
  if (shown === 'denied') {
    renderDenied(route.id);
    heading = $('denied-title');
  } else {
    unmountThread('denied-thread-slot');
  }
  if (route.screen === 'inventory') {
    openProduct(route.product ?? null);
    loadStock();
    // Opening a product from a card or a row lands on its details; the list stays where it was.
    heading = route.product ? $('product-title') : $('inventory-title');
  } else {
    openProduct(null);
  }
  if (route.screen === 'orders') heading = $('orders-title');
  if (route.screen === 'feed') heading = $('feed-title');
  document.title = `${heading.textContent.trim()} – ${screen.appTitle} – RSE Elements demo`;
  const changed = currentScreen !== `${shown}:${routeHash(route)}`;
  currentScreen = `${shown}:${routeHash(route)}`;
  // Move focus to the new heading, so screen-reader users hear that the page changed.
  if (focus && changed) {
    // A ui5-title's own focus() moves to its inner <h1>, which cannot take focus: focus the host itself.
    HTMLElement.prototype.focus.call(heading, { preventScroll: true });
    window.scrollTo({ top: 0 });
  }
}

// ---- Sales order list -------------------------------------------------------------------------------

function orderTitle(id) {
  return `Sales order ${id}`;
}

/** The title the RSE server's card uses ("Sales order 4711 — Boulanger Lyon"). */
function orderCardTitle(id) {
  return `${orderTitle(id)} — ${ORDERS[id].customer}`;
}

/** A UI5 tag's design for each Fiori semantic colour. */
const TAG_DESIGN = { neutral: 'Neutral', information: 'Information', positive: 'Positive', critical: 'Critical', negative: 'Negative' };

/** A status on the SAP screens: a ui5-tag in its semantic colour. */
function statusTag(status) {
  return h('ui5-tag', { design: TAG_DESIGN[status.tone], 'hide-state-icon': true }, status.text);
}

/** A status on the Redwood inventory: a Redwood-style badge. */
function statusBadge(status) {
  return h('span', { class: `status status--${status.tone}` }, status.text);
}

/** The order ids the list shows now (it is rebuilt only when they change). */
let listedOrderIds = null;

/** What the list's subtitle says about the viewer's scope. */
function scopeText(viewer) {
  if (viewer === null) return 'Signing in…';
  const regions = regionsOf(viewer);
  if (regions === '*') return 'Standard · all sales regions';
  if (regions.length === 0) return 'Standard · no sales region';
  return `Standard · sales region ${regions.join(', ')}`;
}

/** The list of the orders the viewer may open, with the ERP's own filter bar applied. */
function renderOrderList() {
  const ids = visibleOrderIds();
  $('orders-scope').textContent = scopeText(viewerId());
  if (listedOrderIds !== null && ids.join() === listedOrderIds.join()) {
    filterOrders();
    return;
  }
  listedOrderIds = ids;
  const select = $('orders-status');
  const chosen = select.value;
  const statuses = [...new Set(ids.map((id) => ORDERS[id].status.text))].sort();
  select.replaceChildren(
    h('ui5-option', { value: '', selected: !statuses.includes(chosen) }, 'All'),
    ...statuses.map((text) => h('ui5-option', { value: text, selected: text === chosen }, text)),
  );
  // A selection the viewer may no longer open goes, with the share button bound to it.
  if (selectedOrder !== null && !ids.includes(selectedOrder)) selectOrder(null);
  filterOrders();
}

/** A row of the list: a ui5-table-row keyed by the order id, opened with Enter or a click. */
function orderRow(id) {
  const order = ORDERS[id];
  const cell = (...children) => h('ui5-table-cell', {}, ...children);
  return h(
    'ui5-table-row',
    { 'row-key': id, 'data-order': id, interactive: true },
    cell(h('div', { class: 'cell__stack' }, h('ui5-link', { href: `#/orders/${id}`, class: 'table__link' }, id), h('span', { class: 'cell__sub' }, order.type))),
    cell(order.customer),
    h('ui5-table-cell', { 'horizontal-align': 'End' }, euro.format(netValue(order))),
    cell(statusTag(order.status)),
    cell(order.seller),
    cell(order.region),
    cell(
      h('rse-object-badge', {
        system: SYSTEM,
        'object-type': 'SalesOrder',
        'object-id': id,
        'object-title': orderTitle(id),
        'object-url': `#/orders/${id}`,
      }),
    ),
  );
}

/** The rows the list shows now, by order id: kept between filterings, so badges are not re-created. */
const orderRows = new Map();

function filterOrders() {
  const query = String($('orders-search').value ?? '').trim().toLocaleLowerCase();
  const status = $('orders-status').value ?? '';
  const shown = (listedOrderIds ?? []).filter((id) => {
    const order = ORDERS[id];
    const haystack = `${id} ${order.customer} ${order.seller} ${order.region} ${order.type}`.toLocaleLowerCase();
    return (!query || haystack.includes(query)) && (!status || order.status.text === status);
  });
  // ui5-table has no hidden rows: the filter rebuilds its row list from the kept rows.
  const table = $('orders-table');
  for (const id of orderRows.keys()) if (!listedOrderIds?.includes(id)) orderRows.delete(id);
  const rows = shown.map((id) => {
    if (!orderRows.has(id)) orderRows.set(id, orderRow(id));
    return orderRows.get(id);
  });
  table.replaceChildren(...[...table.children].filter((child) => child.slot), ...rows);
  $('orders-count').textContent = `(${count.format(shown.length)})`;
  // Before sign-in the list is empty because nobody is known yet, not because of a filter.
  table.noDataText =
    viewerId() === null ? 'Signing in…' : listedOrderIds?.length ? 'No sales orders match the filter.' : 'Your role in the ERP shows no sales orders.';
}

/** The order selected in the list for sharing, and the disabled button that stands in while there is none. */
let selectedOrder = null;
let shareStandIn = null;

function selectOrder(id) {
  selectedOrder = id;
  const selection = $('orders-selection');
  if ((selection.selected ?? '') !== (id ?? '')) selection.selected = id ?? '';
  if (!id) {
    $('selection-hint').textContent = 'Select an order to share it';
    if (shareStandIn && document.getElementById('list-share')) $('list-share-slot').replaceChildren(shareStandIn);
    return;
  }
  let share = document.getElementById('list-share');
  if (!share) {
    share = h('rse-share-button', { id: 'list-share', system: SYSTEM, 'object-type': 'SalesOrder', 'object-id': id });
    $('list-share-slot').replaceChildren(share);
  }
  share.setAttribute('object-id', id);
  share.setAttribute('object-title', orderCardTitle(id));
  share.setAttribute('object-url', `#/orders/${id}`);
  $('selection-hint').textContent = `${orderTitle(id)} selected`;
}

function wireOrderList() {
  shareStandIn = $('list-share-slot').firstElementChild;
  // Space (or the row's radio button) selects a row for sharing, as in a Fiori list report.
  $('orders-selection').addEventListener('change', (event) => {
    selectOrder(event.target.selected || null);
  });
  // Enter or a click on an interactive row opens the order; the link and the badge act themselves.
  $('orders-table').addEventListener('row-click', (event) => {
    const id = event.detail.row.rowKey;
    if (id) navigate(`#/orders/${id}`);
  });
  $('orders-search').addEventListener('input', filterOrders);
  $('orders-status').addEventListener('change', filterOrders);
  $('orders-filter').addEventListener('submit', (event) => {
    event.preventDefault();
    filterOrders();
  });
  selectOrder(null);
}

// ---- Sales order object page ----------------------------------------------------------------------

function renderOrder(id) {
  const order = ORDERS[id];
  const title = orderTitle(id);
  $('order-title').textContent = title;
  $('crumb-current').textContent = id;
  $('order-subtitle').textContent = `${order.type} · ${order.customer}`;
  const status = $('order-status');
  status.textContent = order.status.text;
  status.setAttribute('design', TAG_DESIGN[order.status.tone]);
  $('order-customer').textContent = order.customer;
  $('order-delivery').textContent = day.format(order.delivery);
  $('order-seller').textContent = order.seller;
  $('order-region').textContent = order.region;
  $('order-ship-to').textContent = order.shipTo;
  $('order-shipping').textContent = order.shipping;
  $('order-incoterms').textContent = order.incoterms;
  $('order-payment').textContent = order.payment;
  $('order-sales-org').textContent = order.salesOrg;

  const end = { 'horizontal-align': 'End' };
  const rows = order.items.map((item, index) =>
    h(
      'ui5-table-row',
      { 'row-key': item.id },
      h('ui5-table-cell', {}, String((index + 1) * 10)),
      h('ui5-table-cell', {}, h('div', { class: 'cell__stack' }, h('span', { class: 'product' }, item.product), h('span', { class: 'product__id' }, item.id))),
      h('ui5-table-cell', end, `${count.format(item.quantity)} PC`),
      h('ui5-table-cell', end, euro.format(item.price)),
      h('ui5-table-cell', end, euro.format(item.quantity * item.price)),
    ),
  );
  const items = $('items-table');
  items.replaceChildren(...[...items.children].filter((child) => child.slot), ...rows);
  $('items-count').textContent = `(${order.items.length})`;
  const total = euro.format(netValue(order));
  $('items-total').textContent = total;
  $('order-net').textContent = total;

  // Previous and next orders of the viewer's list, wrapping around, like the up/down buttons of a Fiori
  // object page. Before sign-in the list is not known yet: every order.
  const listed = viewerId() === null ? ORDER_IDS : visibleOrderIds();
  const at = listed.indexOf(id);
  const previous = listed[(at - 1 + listed.length) % listed.length];
  const next = listed[(at + 1) % listed.length];
  $('order-previous').href = `#/orders/${previous}`;
  $('order-previous-label').textContent = `Previous sales order: ${previous}`;
  $('order-next').href = `#/orders/${next}`;
  $('order-next-label').textContent = `Next sales order: ${next}`;

  const share = $('order-share');
  share.setAttribute('object-id', id);
  share.setAttribute('object-title', orderCardTitle(id));
  share.setAttribute('object-url', `#/orders/${id}`);

  mountThread('thread-slot', 'SalesOrder', id, title);
  updateSecondWindowLink();
}

/**
 * The ERP's refusal of an order the viewer may not open. The conversation panel is mounted anyway: it
 * does not rely on the ERP's screen, and the RSE server (asking the ERP itself) answers as if the order
 * did not exist.
 */
function renderDenied(id) {
  const viewer = viewerId();
  const role = Object.hasOwn(ROLES, viewer) ? ROLES[viewer] : null;
  const regions = regionsOf(viewer);
  $('denied-crumb').textContent = id;
  $('denied-text').textContent = `You are not authorized to display sales order ${id}.`;
  $('denied-reason').textContent =
    role && regions !== '*'
      ? `Your ERP role (${role.role}) covers the sales orders of the ${regions.join(', ')} region. Ask your sales manager if you need this one.`
      : 'Your ERP role covers no sales orders. Ask your sales manager if you need this one.';
  mountThread('denied-thread-slot', 'SalesOrder', id, orderTitle(id));
}

/**
 * A thread exists only while its record is open: the lists do not load conversations nobody sees.
 * Moving between records re-binds the same element through its attributes.
 */
function mountThread(slotId, type, id, title) {
  const slot = $(slotId);
  const thread = slot.querySelector('rse-object-thread');
  if (thread?.getAttribute('object-type') === type) {
    thread.setAttribute('object-id', id);
    thread.setAttribute('object-title', title);
    return;
  }
  slot.replaceChildren(h('rse-object-thread', { system: SYSTEM, 'object-type': type, 'object-id': id, 'object-title': title }));
}

function unmountThread(slotId) {
  $(slotId).replaceChildren();
}

// ---- Inventory ----------------------------------------------------------------------------------------

/** The product that moves in the demo's story: the last 55″ LCD TV of the Lyon warehouse. */
const STORY_PRODUCT = 'TV-LCD-55';

function availability(product) {
  if (product.stock === 0) return { text: 'Out of stock', tone: 'negative' };
  if (product.stock < product.reorderPoint) return { text: 'Low stock', tone: 'critical' };
  return { text: 'In stock', tone: 'positive' };
}

/** The stock as last read from the demo ERP, and the product whose details are open. */
let stockProducts = [];
let openProductId = null;

function productName(id) {
  return stockProducts.find((p) => p.id === id)?.name ?? `Product ${id}`;
}

function renderStock() {
  const rows = stockProducts.map((product) => {
    const state = availability(product);
    const href = `#/inventory/${encodeURIComponent(product.id)}`;
    return h(
      'tr',
      { 'data-product': product.id, class: product.id === openProductId ? 'table__row--navigable table__row--selected' : 'table__row--navigable' },
      h('td', {}, h('a', { class: 'product table__link', href }, product.name), h('span', { class: 'product__id' }, product.id)),
      h('td', { class: 'column--optional' }, product.warehouse),
      h('td', { class: 'table__num table__kpi' }, `${count.format(product.stock)} PC`),
      h('td', { class: 'table__num column--optional' }, `${count.format(product.reorderPoint)} PC`),
      h('td', {}, statusBadge(state)),
      h(
        'td',
        {},
        h('rse-object-badge', { system: SYSTEM, 'object-type': 'Product', 'object-id': product.id, 'object-title': product.name, 'object-url': href }),
      ),
      h('td', { class: 'table__actions column--optional' }, stockAction(product) ?? ''),
    );
  });
  $('stock-body').replaceChildren(...rows);
  $('stock-count').textContent = `(${count.format(stockProducts.length)})`;
  renderProductFacts();
}

/**
 * The ERP action a product offers: selling the story product's last unit, or reporting one that is out
 * of stock again. Null for the others.
 */
function stockAction(product) {
  if (product.id !== STORY_PRODUCT && product.stock > 0) return null;
  return h(
    'button',
    { type: 'button', class: 'button', 'data-product': product.id, 'data-action': 'stock-out' },
    product.stock > 0 ? 'Sell last unit' : 'Report out of stock',
    h('span', { class: 'visually-hidden' }, ` of ${product.name}`),
  );
}

/** Shows the details and the conversation of one product beside the list, or closes them (`null`). */
function openProduct(id) {
  openProductId = id;
  $('product-detail').hidden = id === null;
  $('inventory-layout').classList.toggle('master-detail--open', id !== null);
  for (const row of $('stock-body').rows) row.classList.toggle('table__row--selected', id !== null && row.dataset.product === id);
  if (id === null) {
    unmountThread('product-thread-slot');
    return;
  }
  renderProductFacts();
  mountThread('product-thread-slot', 'Product', id, productName(id));
}

function renderProductFacts() {
  const id = openProductId;
  if (id === null) return;
  const product = stockProducts.find((p) => p.id === id);
  $('product-title').textContent = productName(id);
  // The name arrives with the stock, possibly after the route rendered: keep the window title in step.
  document.title = `${productName(id)} – Inventory – RSE Elements demo`;
  $('product-id').textContent = `Product · ${id}`;
  $('product-thread-slot').querySelector('rse-object-thread')?.setAttribute('object-title', productName(id));
  if (!product) {
    $('product-facts').replaceChildren();
    $('product-actions').replaceChildren();
    return;
  }
  // The row's action moves here while the details are open (the list hides that column).
  const action = stockAction(product);
  $('product-actions').replaceChildren(...(action ? [action] : []));
  const fact = (label, ...value) => h('div', { class: 'facts__group' }, h('dt', {}, label), h('dd', {}, ...value));
  $('product-facts').replaceChildren(
    fact('Availability', statusBadge(availability(product))),
    fact('Stock', `${count.format(product.stock)} PC`),
    fact('Warehouse', product.warehouse),
  );
}

let stockRequest = 0;
async function loadStock() {
  const request = ++stockRequest;
  try {
    const response = await fetch('/demo/erp/products', { headers: { Accept: 'application/json' } });
    if (!response.ok) throw new Error(`GET /demo/erp/products answered ${response.status}`);
    const { products } = await response.json();
    if (request !== stockRequest) return;
    stockProducts = products;
    renderStock();
  } catch (error) {
    $('stock-body').replaceChildren(h('tr', {}, h('td', { colspan: '7' }, `The stock could not be loaded (${error.message}).`)));
  }
}

function inventoryNotice(text, tone = 'success') {
  const notice = $('inventory-notice');
  notice.className = `message-strip message-strip--${tone}`;
  notice.textContent = text;
  notice.hidden = !text;
}

function wireInventory() {
  // A click on a product's row opens its details, like the order list; links, badges and buttons act themselves.
  $('stock-body').addEventListener('click', (event) => {
    const row = event.target.closest('tr[data-product]');
    if (!row || event.target.closest('a, button, input, rse-object-badge')) return;
    if (String(window.getSelection() ?? '') !== '') return;
    navigate(`#/inventory/${encodeURIComponent(row.dataset.product)}`);
  });
  $('screen-inventory').addEventListener('click', async (event) => {
    const button = event.target.closest('button[data-action="stock-out"]');
    if (!button || button.getAttribute('aria-disabled') === 'true') return;
    const productId = button.dataset.product;
    // aria-disabled rather than disabled: the button keeps focus while the ERP works.
    button.setAttribute('aria-disabled', 'true');
    inventoryNotice('');
    try {
      const response = await fetch('/demo/erp/stock-out', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ product: productId }),
      });
      // A failure may come without a JSON body (a proxy, a crash): say what is known.
      const outcome = await response.json().catch(() => ({}));
      if (!response.ok) throw new Error(outcome.error ?? `the ERP answered ${outcome.status ?? response.status}`);
      await loadStock();
      inventoryNotice(`The ERP posted a critical out-of-stock alert for ${outcome.product.name} to the Sales floor.`);
      // The row was redrawn: keep keyboard users on the product's action, wherever it is shown.
      const again = [...$('screen-inventory').querySelectorAll(`button[data-product="${CSS.escape(productId)}"]`)];
      again.find((candidate) => candidate.checkVisibility())?.focus();
    } catch (error) {
      inventoryNotice(`The alert was not published: ${error.message}`, 'error');
      button.removeAttribute('aria-disabled');
    }
  });
}

// ---- Reset ------------------------------------------------------------------------------------------

function wireReset() {
  const dialog = $('reset-dialog');
  $('reset-open').accessibilityAttributes = { hasPopup: 'dialog' };
  $('reset-open').addEventListener('click', () => {
    dialog.returnValue = '';
    dialog.showModal();
  });
  dialog.addEventListener('close', async () => {
    if (dialog.returnValue !== 'reset') {
      $('reset-open').focus();
      return;
    }
    const button = $('reset-open');
    button.disabled = true;
    showNotice('Resetting the demo data…');
    try {
      const response = await fetch('/demo/reset', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: '{}',
      });
      if (!response.ok) throw new Error(`POST /demo/reset answered ${response.status}`);
      CHANNEL?.postMessage('reset');
      // New database, new dev token secret: start over with fresh tokens and caches.
      location.reload();
    } catch (error) {
      showNotice(`The demo data could not be reset (${error.message}).`);
      button.disabled = false;
      button.focus();
    }
  });
  CHANNEL?.addEventListener('message', (event) => {
    if (event.data === 'reset') location.reload();
  });
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
      return h('ui5-option', { value: person.id, selected: person.id === selected }, label);
    }),
  );
}

let signedIn = null;
let everyone = [];

/** The "open this order as …" link: a colleague, so the live update is one click away. */
function updateSecondWindowLink() {
  if (!signedIn) return;
  // A colleague the ERP lets open the order too: the sellers and the warehouse first, the manager last.
  const route = parseRoute(location.hash);
  const mayOpenIt = (person) => route?.screen !== 'order' || mayOpen(person.id, { system: SYSTEM, type: 'SalesOrder', id: route.id });
  const preferred = ['camille', 'jonas', 'lucas', 'amira'].map((id) => everyone.find((p) => p.id === id));
  const other = [...preferred, ...everyone].find((p) => p && p.id !== signedIn.id && mayOpenIt(p)) ?? signedIn;
  const link = $('second-window');
  link.href = hrefFor(other.id);
  link.firstChild.textContent = `open this order as ${other.name}`;
}

function renderSignedIn() {
  updateSecondWindowLink();
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

/** Where the router opens a record, or null for records without a screen here. */
function screenOf(object) {
  if (object.system && object.system !== SYSTEM) return null;
  if (object.type === 'SalesOrder' && Object.hasOwn(ORDERS, object.id)) return `#/orders/${object.id}`;
  if (object.type === 'Product') return `#/inventory/${encodeURIComponent(object.id)}`;
  return null;
}

function wireShell() {
  // In-page anchors (the skip link, the anchor bar) must not replace the route in the hash.
  document.addEventListener('click', (event) => {
    const link = event.target.closest('a[data-focus]');
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey || event.button !== 0) return;
    event.preventDefault();
    const target = $(link.dataset.focus);
    target.scrollIntoView({ block: 'start' });
    target.focus({ preventScroll: true });
  });
  window.addEventListener('hashchange', () => {
    render({ focus: true });
  });

  // Intent-based navigation: RSE elements ask before opening a record, and the shell opens it in place.
  document.addEventListener('rse-object-open', (event) => {
    const target = screenOf(event.detail.object);
    if (!target) return;
    event.preventDefault();
    navigate(target);
  });
  document.addEventListener('rse-share', (event) => {
    toast(event.detail.intent === 'request' ? 'Request shared' : event.detail.intent === 'alert' ? 'Alert shared' : 'Shared');
  });
  // Failures are the elements' to show; the console keeps the details for whoever runs the demo.
  document.addEventListener('rse-error', (event) => {
    console.warn('rse-error', event.detail);
    if (event.detail.code === 'UNAUTHENTICATED') {
      showNotice('The server no longer accepts this window’s sign-in (was the demo data reset?). Reload the page.');
    }
  });
}

/** Loads the UI5 bundle (the SAP screens' components and the theme switcher); null when it is missing. */
async function loadUi5() {
  try {
    return await import(UI5_URL);
  } catch (error) {
    showNotice(`The UI5 bundle ${UI5_URL} did not load (${error.message}). Run npm run build, then reload.`);
    console.error('RSE demo:', error);
    return null;
  }
}

/** Keeps a shell setting for the next visit; storage may be off (private windows), and then it is not kept. */
function remember(key, value) {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Not kept: the setting lasts until the page is left.
  }
}

/** A shell setting kept from an earlier visit, or null. */
function recall(key) {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

/**
 * The shell's theme switcher: UI5's setTheme swaps the theming parameters (--sapBrandColor…) on the
 * document, which restyles UI5's components, the page and the RSE elements alike.
 */
async function wireThemes(ui5) {
  const select = $('theme');
  const apply = async (theme) => {
    await ui5.setTheme(theme);
    document.documentElement.dataset.theme = theme;
    for (const option of select.children) option.selected = option.value === theme;
  };
  select.addEventListener('change', (event) => {
    const theme = event.detail.selectedOption.value;
    remember(THEME_KEY, theme);
    void apply(theme);
  });
  const saved = recall(THEME_KEY);
  await apply(ui5.SHELL_THEMES.some((theme) => theme.id === saved) ? saved : ui5.getTheme());
}

/**
 * The shell's language switcher. An ERP sets the user's logon language on the page; the RSE elements
 * follow the document's `lang` (unless one of their ancestors or they themselves set another) and
 * re-render in it at once, dates and counts included. No call into the elements is needed.
 */
function wireLanguage() {
  const select = $('language');
  const apply = (language) => {
    document.documentElement.lang = language;
    for (const option of select.children) option.selected = option.value === language;
  };
  select.addEventListener('change', (event) => {
    const language = event.detail.selectedOption.value;
    remember(LANGUAGE_KEY, language);
    apply(language);
  });
  const saved = recall(LANGUAGE_KEY);
  apply(LANGUAGES.includes(saved) ? saved : 'en');
}

/**
 * UI5's dynamic page marks its header area as a banner landmark; inside the page's <main> that is a
 * misplaced second banner (axe: landmark-banner-is-top-level), so each page's header becomes a named
 * region instead, through UI5's own accessibility attributes.
 */
function fixDynamicPageLandmarks() {
  for (const page of document.querySelectorAll('ui5-dynamic-page')) {
    const heading = page.querySelector('ui5-title[level="H1"]');
    page.accessibilityAttributes = { header: { role: 'region', name: `${heading?.textContent.trim() ?? 'Page'} header` } };
  }
}

async function main() {
  // A link from before hash routing (`/?order=4712`) still opens its order.
  const legacy = new URLSearchParams(location.search).get('order');
  if (legacy && !location.hash) history.replaceState(null, '', hrefFor(personParam(), `#/orders/${legacy}`));
  if (!location.hash || location.hash === '#' || location.hash === '#/') history.replaceState(null, '', hrefFor(personParam(), '#/orders'));

  // The UI5 components first, so the screens below render into defined elements.
  const ui5 = await loadUi5();
  if (ui5) {
    await Promise.all(['ui5-table', 'ui5-select', 'ui5-dynamic-page'].map((tag) => customElements.whenDefined(tag)));
    fixDynamicPageLandmarks();
    await wireThemes(ui5);
    wireLanguage();
  }
  // The ERP's screens next: they render whatever happens to the collaboration.
  renderOrderList();
  wireOrderList();
  wireInventory();
  wireReset();
  wireShell();
  render();

  const [people, rse] = await Promise.all([
    loadPeople().catch((error) => {
      showNotice(`The people of the dev server could not be loaded (${error.message}).`);
      console.error('RSE demo:', error);
      return [];
    }),
    loadBundle(),
  ]);
  if (people.length === 0 || !rse) return;
  everyone = people;

  // Without ?as=, sign in as the open order's seller, else the first person.
  const route = parseRoute(location.hash);
  const seller = route?.screen === 'order' ? people.find((p) => p.name === ORDERS[route.id].seller) : undefined;
  const initial = people.find((p) => p.id === personParam()) ?? seller ?? people[0];

  const connectAs = (person) => {
    signedIn = person;
    // configure() again swaps the page's client: every element reconnects as the new person.
    rse.configure({ adapter: rse.createGraphQLAdapter({ url: GRAPHQL_URL, token: tokenSourceFor(person.id) }) });
    document.documentElement.dataset.as = person.id;
    history.replaceState(null, '', hrefFor(person.id));
    renderSignedIn();
    // The ERP's screens follow the person: their list of orders, and the open order or its refusal.
    renderOrderList();
    render();
  };

  renderPeople(people, initial.id);
  connectAs(initial);
  $('person').addEventListener('change', (event) => {
    connectAs(people.find((p) => p.id === event.detail.selectedOption.value) ?? signedIn);
  });

  document.documentElement.dataset.ready = 'true';
}

main().catch((error) => {
  console.error('RSE demo:', error);
});
