/* global window, document, requestAnimationFrame, MutationObserver, customElements */
/**
 * The browser half of `npm run bench`: each function sets up one scenario on this page with the built CDN
 * bundle and measures it with `performance.now()` (durations) or `Date.now()` (instants compared across
 * pages of the same machine). `run.ts` calls them through Playwright as `window.rseBench.<name>(options)`.
 * Every wait here is bounded by a deadline, so a broken element ends a measurement instead of hanging it.
 */
import { configure, createGraphQLAdapter, RseClient } from '/rse/rse.js';
import { MemoryNetwork } from '/rse/rse-memory.js';

const SYSTEM = 'ERP';
const TYPE = 'SalesOrder';

/**
 * Runs `check` in the next animation frame, where the DOM is what that frame is about to show, then
 * `confirm` (by default `check` again) once the frame has been styled, laid out and painted (a task
 * queued from the frame runs after its rendering), and resolves with `seen` — the check's value, or
 * `null` unless both were truthy, so what the frame's own resize observers undid before painting does
 * not count — and `paintedAt`, the instant after the paint. Timing at the frame would leave out the rendering of what it shows for the first
 * time (for 1,000 badges shown at once, ~55 ms); checking only after the paint could count what a task
 * queued meanwhile (a response) changed but no frame has shown yet.
 */
const atNextPaint = (check, confirm = check) =>
  new Promise((resolve) => {
    requestAnimationFrame(() => {
      const atFrame = check();
      setTimeout(() => {
        const paintedAt = performance.now();
        resolve({ seen: atFrame && confirm() ? atFrame : null, paintedAt });
      }, 0);
    });
  });
const always = () => true;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until a painted frame shows `check()` truthy (see {@link atNextPaint}); throws after `timeoutMs`
 * with `what`. Returns the check's value and the instant after that frame's paint.
 */
async function until(check, timeoutMs, what) {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const { seen, paintedAt } = await atNextPaint(check);
    if (seen) return { value: seen, paintedAt };
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
  }
}

/** Every element matching `selector` under `root`, inside nested open shadow roots too. */
function deepQueryAll(root, selector) {
  const found = [...root.querySelectorAll(selector)];
  for (const element of root.querySelectorAll('*')) {
    if (element.shadowRoot) found.push(...deepQueryAll(element.shadowRoot, selector));
  }
  return found;
}

/** Connects every element of the page to the bench server through the GraphQL adapter; returns the client. */
function useServer(token, batching = true) {
  return configure({ adapter: createGraphQLAdapter({ url: '/graphql', token }), batching });
}

// ---------------------------------------------------------------------------------------------------
// 1. A page of badges: time from insertion until every badge shows its count.

/**
 * What a badge shows: `pending` while its count is loading, `error` when it failed, else the count text.
 * Read from the public surface: the button's `aria-busy`, its `badge--error` state, the `count` part.
 */
function badgeState(badge) {
  const button = badge.shadowRoot?.querySelector('[part~="base"]');
  if (!button || button.getAttribute('aria-busy') === 'true') return { state: 'pending' };
  if (button.classList.contains('badge--error')) return { state: 'error', label: button.getAttribute('aria-label') };
  const count = button.querySelector('[part~="count"]');
  if (!count) return { state: 'pending' };
  return { state: 'painted', text: count.textContent.trim() };
}

/**
 * Inserts one badge per id and waits until every one has painted its count (checked after each painted
 * frame, so the time is that of the first painted frame showing them all). `expected` maps ids to the
 * total count the server should answer; a badge showing another number is reported, not counted as
 * painted.
 */
async function badges({ token, batching, ids, expected, timeoutMs }) {
  if (!customElements.get('rse-object-badge')) throw new Error('this build of rse.js does not define <rse-object-badge>');
  useServer(token, batching);
  const container = document.createElement('div');
  for (const id of ids) {
    const badge = document.createElement('rse-object-badge');
    badge.setAttribute('system', SYSTEM);
    badge.setAttribute('object-type', TYPE);
    badge.setAttribute('object-id', id);
    container.append(badge);
  }
  const pending = new Set(container.children);
  const wrong = [];
  const errors = [];
  const started = performance.now();
  document.body.append(container);
  const deadline = started + timeoutMs;
  let firstFrameMs = null;
  let paintedAt = null;
  // Each frame, the badges it shows with their counts leave `pending` (a badge never goes back).
  const scan = () => {
    for (const badge of pending) {
      const shown = badgeState(badge);
      if (shown.state === 'pending') continue;
      pending.delete(badge);
      const id = badge.getAttribute('object-id');
      if (shown.state === 'error') errors.push(`${id}: ${shown.label}`);
      else if (shown.text !== String(expected[id] ?? 0)) wrong.push(`${id}: shows ${shown.text}, expected ${expected[id] ?? 0}`);
    }
    return true;
  };
  while (pending.size > 0 && performance.now() < deadline) {
    // Scanned at the frame only: a badge a later task fills in belongs to a later frame.
    ({ paintedAt } = await atNextPaint(scan, always));
    // The first painted frame after insertion.
    firstFrameMs ??= paintedAt - started;
  }
  const elapsed = (pending.size === 0 ? paintedAt : performance.now()) - started;
  return {
    ms: elapsed,
    firstFrameMs,
    // The insertion as a wall-clock instant, to place the page's requests (timed by the browser) on this run.
    insertedAt: performance.timeOrigin + started,
    total: ids.length,
    painted: ids.length - pending.size - errors.length - wrong.length,
    timedOut: pending.size,
    errors: errors.slice(0, 5),
    wrong: wrong.slice(0, 5),
  };
}

// ---------------------------------------------------------------------------------------------------
// 2. A 10,000-message thread: first render with every message already in the client's cache.

const THREAD_OBJECT = { system: SYSTEM, type: TYPE, id: 'BENCH-LONG' };
const PEOPLE = [
  { id: 'camille', name: 'Camille Laurent', title: 'Seller — Lyon' },
  { id: 'jonas', name: 'Jonas Weber', title: 'Seller — Berlin' },
  { id: 'amira', name: 'Amira Haddad', title: 'Sales manager' },
  { id: 'lucas', name: 'Lucas Martin', title: 'Warehouse — Lyon' },
];
/** Texts with the usual markup, so token rendering costs what it costs in real threads. */
const SAMPLE_TEXTS = [
  (i) => `Message ${i}: the customer confirmed the delivery window, see [[ERP:Product:TV-LCD-55]].`,
  (i) => `Message ${i}: @jonas can you check the stock in Berlin? #stock`,
  (i) => `Message ${i}: **urgent** — the truck leaves at 9, details on https://erp.example.com/orders/4711`,
  (i) => `Message ${i}: _noted_, I will call them back this afternoon.`,
];

let preparedThread = null;

/** Painted frames the thread is watched for after it first shows messages. */
const SETTLE_FRAMES = 10;

/** The text that marks message `i` of the long thread, unique so it can be found on screen. */
const longThreadMarker = (i) => `Message ${i}:`;

/**
 * Builds an in-memory network with `count` top-level messages on one order and a client whose thread
 * store already holds every one of them (read page by page until no older page is left).
 */
async function prepareThread({ count, timeoutMs }) {
  const minutesPerMessage = 1 / 60;
  const messages = Array.from({ length: count }, (_, i) => ({
    object: THREAD_OBJECT,
    authorId: PEOPLE[i % PEOPLE.length].id,
    text: SAMPLE_TEXTS[i % SAMPLE_TEXTS.length](i),
    minutesAgo: (count - i) * minutesPerMessage,
  }));
  const network = new MemoryNetwork({ people: PEOPLE, objects: [THREAD_OBJECT], messages });
  const memory = network.adapterFor('camille');
  // Read with the largest page the adapter allows: what is measured is rendering, not loading.
  const adapter = new Proxy(memory, {
    get(target, name) {
      if (name === 'getThread') return (object, query) => target.getThread(object, { ...query, limit: 100 });
      const value = Reflect.get(target, name, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  const client = new RseClient({ adapter });
  const store = client.thread(THREAD_OBJECT);
  // Held for the whole page: the store keeps what it read while it has a listener.
  store.subscribe(() => undefined);
  const deadline = performance.now() + timeoutMs;
  await until(() => store.state.status !== 'loading', timeoutMs, 'the first page of the long thread');
  if (store.state.status !== 'ready') throw new Error(`the long thread failed to load: ${store.state.error?.message}`);
  for (let page = 0; store.state.hasOlder && page < count; page++) {
    if (performance.now() > deadline) throw new Error('timed out loading every page of the long thread');
    await store.loadOlder();
  }
  preparedThread = { client, count, loaded: store.state.messages.length };
  return { loaded: preparedThread.loaded };
}

/**
 * Turns the thread's virtualization off for a plain baseline, through the switch the thread class
 * exposes: `virtualizeAbove` (a message count; `Infinity` means never), or a boolean `virtualization`.
 * Returns a function restoring the default, or `null` when this build has no switch.
 */
function setVirtualization(enabled) {
  const Thread = customElements.get('rse-object-thread');
  if (Thread && 'virtualizeAbove' in Thread) {
    const previous = Thread.virtualizeAbove;
    if (!enabled) Thread.virtualizeAbove = Number.POSITIVE_INFINITY;
    return () => {
      Thread.virtualizeAbove = previous;
    };
  }
  if (Thread && 'virtualization' in Thread) {
    const previous = Thread.virtualization;
    Thread.virtualization = enabled;
    return () => {
      Thread.virtualization = previous;
    };
  }
  return null;
}

/** The thread's scrolling message list (its `messages` part), or `null` before it renders one. */
function messageList(thread) {
  return thread.shadowRoot?.querySelector('[part~="messages"]') ?? null;
}

/** Whether `article` is laid out inside the visible part of `list`. */
function inView(article, list) {
  const box = article.getBoundingClientRect();
  const view = list.getBoundingClientRect();
  return box.height > 0 && box.bottom > view.top && box.top < view.bottom;
}

/** Message articles visible in the thread's list; with `text`, only the one containing it. */
function visibleArticles(thread, text) {
  const list = messageList(thread);
  if (!list) return [];
  return deepQueryAll(list, 'article').filter((a) => (text === undefined || a.textContent.includes(text)) && inView(a, list));
}

/**
 * Inserts `<rse-provider .client><rse-object-thread>` for the prepared thread and measures the time until
 * a painted frame shows message articles in view in its list (a virtualizer lays out a frame or two
 * late; waiting for the painted frame keeps the comparison honest). Then watches a few more painted
 * frames, counting the most message `article`s its shadow DOM holds, and checks that the list opened at
 * the newest message, in view, as a reader expects.
 */
async function renderThread({ virtualization, timeoutMs }) {
  if (!preparedThread) throw new Error('prepareThread() first');
  if (!customElements.get('rse-object-thread')) throw new Error('this build of rse.js does not define <rse-object-thread>');
  const restore = setVirtualization(virtualization);
  if (!restore && !virtualization) return { unsupported: 'rse-object-thread has no switch to render plainly (static virtualizeAbove or virtualization)' };
  try {
    const provider = document.createElement('rse-provider');
    provider.client = preparedThread.client;
    const thread = document.createElement('rse-object-thread');
    thread.setAttribute('system', SYSTEM);
    thread.setAttribute('object-type', TYPE);
    thread.setAttribute('object-id', THREAD_OBJECT.id);
    provider.append(thread);
    const started = performance.now();
    document.body.append(provider);
    await thread.updateComplete;
    const { paintedAt } = await until(() => visibleArticles(thread).length > 0, timeoutMs, 'the long thread to show messages');
    const elapsed = paintedAt - started;
    // The most message elements the thread holds while it settles, not one instant's count: a
    // virtualizer adds and drops elements over its first frames.
    let articles = deepQueryAll(thread.shadowRoot, 'article').length;
    // Where it opened: the newest message should be in view at once, or at least within a short while.
    const newest = longThreadMarker(preparedThread.count - 1);
    let newestInView = visibleArticles(thread, newest).length > 0;
    const settleBy = performance.now() + 2_000;
    for (let frames = 0; (!newestInView || frames < SETTLE_FRAMES) && performance.now() < settleBy; frames++) {
      await atNextPaint(always);
      articles = Math.max(articles, deepQueryAll(thread.shadowRoot, 'article').length);
      newestInView ||= visibleArticles(thread, newest).length > 0;
    }
    const list = messageList(thread);
    return {
      ms: elapsed,
      articles,
      messages: preparedThread.loaded,
      newestInView,
      scroll: list ? { top: Math.round(list.scrollTop), height: list.scrollHeight } : null,
    };
  } finally {
    restore?.();
  }
}

// ---------------------------------------------------------------------------------------------------
// 3. Post → render latency between two people, each on their own page.

let liveThread = null;

/** Opens the thread of `objectId` on the real server and waits until it is loaded and live. */
async function openLiveThread({ token, objectId, timeoutMs }) {
  const client = useServer(token);
  const object = { system: SYSTEM, type: TYPE, id: objectId };
  const thread = document.createElement('rse-object-thread');
  thread.setAttribute('system', SYSTEM);
  thread.setAttribute('object-type', TYPE);
  thread.setAttribute('object-id', objectId);
  document.body.append(thread);
  const store = client.thread(object);
  await until(() => store.state.status === 'ready' && store.state.live, timeoutMs, 'the thread to be loaded and live');
  await until(() => thread.shadowRoot?.querySelector('article'), timeoutMs, 'the thread to show its messages');
  liveThread = { client, object, thread, seen: new Map() };
  return { messages: store.state.messages.length };
}

/**
 * Starts noting, for every message whose text reads `<prefix>-<n>-<sentAt>`, the `Date.now()` of the
 * first painted frame that shows it: a mutation of the thread's shadow DOM schedules one scan at the
 * next frame, timed once that frame has been painted.
 */
function watchArrivals({ prefix }) {
  if (!liveThread) throw new Error('openLiveThread() first');
  const { thread, seen } = liveThread;
  const pattern = new RegExp(`${prefix}-(\\d+)-(\\d+)`, 'gu');
  let scheduled = false;
  const scan = () => {
    scheduled = false;
    return [...thread.shadowRoot.textContent.matchAll(pattern)];
  };
  const note = ({ seen: shown }) => {
    const now = Date.now();
    for (const match of shown ?? []) {
      const n = Number(match[1]);
      if (!seen.has(n)) seen.set(n, { sentAt: Number(match[2]), seenAt: now });
    }
  };
  const observer = new MutationObserver(() => {
    if (scheduled) return;
    scheduled = true;
    void atNextPaint(scan, always).then(note);
  });
  observer.observe(thread.shadowRoot, { subtree: true, childList: true, characterData: true });
  liveThread.observer = observer;
  return true;
}

/** The arrivals noted so far: `[n, sentAt, seenAt]`. */
function arrivals() {
  return [...(liveThread?.seen ?? new Map())].map(([n, { sentAt, seenAt }]) => [n, sentAt, seenAt]);
}

/** Posts `count` messages through the page's client, one after the other, `gapMs` apart. */
async function postSeries({ prefix, count, gapMs }) {
  if (!liveThread) throw new Error('openLiveThread() first');
  const store = liveThread.client.thread(liveThread.object);
  for (let n = 0; n < count; n++) {
    await store.post(`${prefix}-${n}-${Date.now()}`);
    await sleep(gapMs);
  }
  return count;
}

window.rseBench = { badges, prepareThread, renderThread, openLiveThread, watchArrivals, arrivals, postSeries };
document.documentElement.dataset.ready = 'true';
