import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryNetwork, RseClient, type FeedState, type ObjectCounts } from '@rse/core';

const PEOPLE = [
  { id: 'camille', name: 'Camille Laurent' },
  { id: 'jonas', name: 'Jonas Weber' },
];
const ORDERS = Array.from({ length: 1000 }, (_, i) => ({ system: 'ERP', type: 'SalesOrder', id: String(5000 + i) }));
const ORDER = ORDERS[0] ?? { type: 'SalesOrder', id: '5000' };

function setup() {
  const network = new MemoryNetwork({
    people: PEOPLE,
    objects: ORDERS,
    feeds: [{ id: 'sales-floor', name: 'Sales floor', description: null, memberIds: ['camille', 'jonas'] }],
  });
  return { network, camille: network.adapterFor('camille'), jonas: network.adapterFor('jonas') };
}

function eventually(condition: () => boolean, what: string, timeout = 2000): Promise<void> {
  const deadline = Date.now() + timeout;
  return new Promise((resolve, reject) => {
    const poll = () => {
      if (condition()) resolve();
      else if (Date.now() > deadline) reject(new Error(`${what} did not happen within ${String(timeout)} ms`));
      else setTimeout(poll, 5);
    };
    poll();
  });
}

test('counts watched in one tick go out as one request; identical lookups are merged', async () => {
  const { camille } = setup();
  const client = new RseClient({ adapter: camille });
  const seen = new Map<string, ObjectCounts>();
  const stops = ORDERS.map((order) => client.watchCounts(order, (counts) => counts && seen.set(order.id, counts)));
  const twice = client.watchCounts(ORDER, () => undefined);
  await eventually(() => seen.size === ORDERS.length, 'all counts');
  assert.equal(camille.calls.counts, 1);
  assert.equal(camille.calls.streams, 1, 'one activity stream for the whole client');
  for (const stop of [...stops, twice]) stop();
});

test('with batching off, each object costs a request (the benchmark baseline)', async () => {
  const { camille } = setup();
  const client = new RseClient({ adapter: camille, batching: false });
  let painted = 0;
  const stops = ORDERS.slice(0, 50).map((order) => client.watchCounts(order, () => painted++));
  await eventually(() => painted === 50, 'all counts');
  assert.equal(camille.calls.counts, 50);
  for (const stop of stops) stop();
});

test('counts stay fresh from the activity stream, and markRead zeroes unread', async () => {
  const { camille, jonas } = setup();
  const client = new RseClient({ adapter: camille });
  let latest = null as ObjectCounts | null;
  const stop = client.watchCounts(ORDER, (counts) => (latest = counts));
  await eventually(() => latest !== null, 'first counts');
  await jonas.postMessage({ object: ORDER, text: 'Stock arrived', clientId: 'j-1' });
  await eventually(() => latest?.total === 1 && latest.unread === 1, "jonas's message counted as unread");
  await client.thread(ORDER).post('Thanks');
  await eventually(() => latest?.total === 2, 'own message counted');
  assert.equal(latest?.unread, 1, 'own message is not unread');
  await client.markRead(ORDER);
  await eventually(() => latest?.unread === 0, 'unread after markRead');
  assert.equal(camille.calls.counts, 1, 'no further count request: live events kept it fresh');
  stop();
});

test('a feed shows live shares as incoming until asked, and publish() shares with a fresh client id', async () => {
  const { camille, jonas } = setup();
  const client = new RseClient({ adapter: camille });
  const store = client.feed({ feedId: 'sales-floor' });
  let state: FeedState = store.state;
  const stop = store.subscribe((s) => (state = s));
  await eventually(() => state.status === 'ready', 'feed ready');
  const jonasClient = new RseClient({ adapter: jonas });
  const shared = await jonasClient.publish({ object: ORDER, text: 'No more LCD TVs', intent: 'alert', severity: 'critical', feedIds: ['sales-floor'], personIds: [] });
  await eventually(() => state.incoming === 1, 'one incoming item');
  assert.equal(state.items.length, 0, 'the reader’s list does not jump');
  store.showIncoming();
  assert.deepEqual(state.items.map((m) => m.id), [shared.id]);
  assert.equal(state.incoming, 0);
  stop();
});

test('object cards are batched and cached', async () => {
  const { camille } = setup();
  const client = new RseClient({ adapter: camille });
  const cards = await Promise.all([client.getObject(ORDER), client.getObject(ORDERS[1] ?? ORDER), client.getObject({ type: 'Nope', id: '1' })]);
  assert.equal(cards[0]?.object.id, ORDER.id);
  assert.equal(cards[2], null);
  await client.getObject(ORDER);
  assert.equal(camille.calls.objects, 1);
});
