import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryNetwork, RseClient, RseError, type ThreadState } from '@rse/core';

const ORDER = { system: 'ERP', type: 'SalesOrder', id: '4711' };

function setup(messageCount = 0) {
  const network = new MemoryNetwork({
    people: [
      { id: 'camille', name: 'Camille Laurent' },
      { id: 'jonas', name: 'Jonas Weber' },
    ],
    objects: [ORDER],
    messages: Array.from({ length: messageCount }, (_, i) => ({
      object: ORDER,
      authorId: 'jonas',
      text: `old ${String(i + 1)}`,
    })),
  });
  const camille = new RseClient({ adapter: network.adapterFor('camille') });
  const jonas = new RseClient({ adapter: network.adapterFor('jonas') });
  return { network, camille, jonas };
}

function until(store: { state: ThreadState; subscribe(l: (s: ThreadState) => void): () => void }, done: (s: ThreadState) => boolean): Promise<ThreadState> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`condition not reached; last state ${JSON.stringify(store.state)}`));
    }, 2000);
    const check = (state: ThreadState) => {
      if (!done(state)) return;
      clearTimeout(timer);
      queueMicrotask(() => {
        stop();
      });
      resolve(state);
    };
    const stop = store.subscribe(check);
    check(store.state);
  });
}

test('the same object gives the same store, so two elements agree', () => {
  const { camille } = setup();
  assert.equal(camille.thread(ORDER), camille.thread({ ...ORDER }));
  assert.notEqual(camille.thread(ORDER), camille.thread({ ...ORDER, id: '4712' }));
});

test('a store loads the newest page when first watched, then older pages on demand', async () => {
  const { camille } = setup(45);
  const store = camille.thread(ORDER);
  const stop = store.subscribe(() => undefined);
  const ready = await until(store, (s) => s.status === 'ready');
  assert.equal(ready.messages.length, 30);
  assert.equal(ready.messages.at(-1)?.text, 'old 45');
  assert.ok(ready.hasOlder);
  await store.loadOlder();
  assert.equal(store.state.messages.length, 45);
  assert.equal(store.state.messages[0]?.text, 'old 1');
  assert.equal(store.state.hasOlder, false);
  stop();
});

test('a post shows as pending, then as the stored message, once, even when its live event also arrives', async () => {
  const { camille } = setup();
  const store = camille.thread(ORDER);
  const states: ThreadState[] = [];
  const stop = store.subscribe((s) => states.push(s));
  await until(store, (s) => s.status === 'ready' && s.live);
  const sending = store.post('Livraison confirmée');
  assert.deepEqual(store.state.pending.map((p) => p.text), ['Livraison confirmée']);
  const message = await sending;
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.deepEqual(store.state.messages.map((m) => m.id), [message.id]);
  assert.equal(store.state.pending.length, 0);
  stop();
});

test("another person's post arrives live, and a reply joins its parent", async () => {
  const { camille, jonas } = setup();
  const mine = camille.thread(ORDER);
  const stop = mine.subscribe(() => undefined);
  await until(mine, (s) => s.status === 'ready' && s.live);
  const parent = await jonas.thread(ORDER).post('No more LCD TVs in Lyon');
  await until(mine, (s) => s.messages.length === 1);
  await jonas.thread(ORDER).post('Restock on Friday', parent.id);
  const state = await until(mine, (s) => s.messages[0]?.replies.length === 1);
  assert.equal(state.messages[0]?.replies[0]?.text, 'Restock on Friday');
  stop();
});

test('a post made while the backend is unreachable waits as pending and is stored once when it returns', async () => {
  const { network } = setup();
  const adapter = network.adapterFor('camille');
  const client = new RseClient({ adapter });
  const store = client.thread(ORDER);
  const stop = store.subscribe(() => undefined);
  await until(store, (s) => s.status === 'ready');
  adapter.offline = true;
  const sending = store.post('sent once the network is back');
  const waiting = await until(store, (s) => s.pending[0]?.state === 'waiting' && s.pending[0].error?.code === 'NETWORK');
  assert.equal(waiting.messages.length, 0);
  adapter.offline = false;
  const message = await sending;
  const done = await until(store, (s) => s.pending.length === 0 && s.messages.length === 1);
  assert.equal(done.messages[0]?.id, message.id);
  assert.equal((await network.adapterFor('jonas').getThread(ORDER)).items.length, 1, 'stored exactly once');
  stop();
});

test('a refused post stays as failed with its reason until retried or discarded', async () => {
  const { camille } = setup();
  const store = camille.thread(ORDER);
  const stop = store.subscribe(() => undefined);
  await until(store, (s) => s.status === 'ready');
  await assert.rejects(store.post('x'.repeat(10_001)), (error: unknown) => error instanceof RseError && error.code === 'INVALID_INPUT');
  const failed = store.state.pending[0];
  assert.equal(failed?.state, 'failed');
  assert.equal(failed.error?.code, 'INVALID_INPUT');
  store.discard(failed.clientId);
  assert.equal(store.state.pending.length, 0);
  stop();
});

test('posts go out one at a time, in the order they were written', async () => {
  const { network, camille } = setup();
  const store = camille.thread(ORDER);
  const stop = store.subscribe(() => undefined);
  await until(store, (s) => s.status === 'ready');
  const texts = Array.from({ length: 20 }, (_, i) => `in order ${String(i)}`);
  await Promise.all(texts.map((text) => store.post(text)));
  const page = await network.adapterFor('jonas').getThread(ORDER, { limit: 50 });
  assert.deepEqual(page.items.map((m) => m.text), texts);
  stop();
});

test('an unknown object ends in an error state that says NOT_FOUND', async () => {
  const { camille } = setup();
  const store = camille.thread({ type: 'SalesOrder', id: 'nope' });
  const stop = store.subscribe(() => undefined);
  const state = await until(store, (s) => s.status === 'error');
  assert.equal(state.error?.code, 'NOT_FOUND');
  stop();
});

test('me() is asked once and remembered', async () => {
  const { camille } = setup();
  const [a, b] = await Promise.all([camille.me(), camille.me()]);
  assert.equal(a, b);
  assert.equal(a.id, 'camille');
});
