/**
 * Counts and read markers: a screen full of badges asks for up to 1,000 objects in one request, unread
 * follows each viewer's marker, and marking read reaches the viewer's other tabs over `activity`.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { createGraphQLAdapter } from '@rse/adapter-graphql';
import type { ActivityEvent, ObjectRef, RseAdapter } from '@rse/core';
import { startRseServer, type RseServer } from '@rse/server';
import { data, devToken, graphql, openStream, recordingLogger } from './server-client.js';

const POST = 'mutation($input: PostMessageInput!) { postMessage(input: $input) { id } }';
const COUNTS = 'query($objects: [ObjectInput!]!) { counts(objects: $objects) { object { system type id } total unread } }';
const MARK_READ = 'mutation($object: ObjectInput!) { markRead(object: $object) }';

interface Counts {
  object: { system: string | null; type: string; id: string };
  total: number;
  unread: number;
}

describe('counts and read markers', () => {
  let server: RseServer;
  let camille: string;
  let jonas: string;
  before(async () => {
    server = await startRseServer({ db: ':memory:', dev: true, port: 0, logger: recordingLogger() });
    camille = await devToken(server, 'camille');
    jonas = await devToken(server, 'jonas');
  });
  after(() => server.close());

  /** A fresh registered object, so tests never see each other's messages. */
  function newObject(): ObjectRef {
    const object = { system: 'ERP', type: 'SalesOrder', id: `count-${randomUUID()}` };
    server.app.registerObject(object);
    return object;
  }

  async function post(token: string, object: ObjectRef, text: string, replyTo?: string): Promise<string> {
    const input = { object, text, clientId: randomUUID(), replyTo: replyTo ?? null };
    return (await data<{ postMessage: { id: string } }>(server, POST, { input }, token)).postMessage.id;
  }

  async function counts(token: string, objects: readonly ObjectRef[]): Promise<Counts[]> {
    return (await data<{ counts: Counts[] }>(server, COUNTS, { objects }, token)).counts;
  }

  /** A GraphQL adapter for `personId` that counts its HTTP requests. */
  async function countingAdapter(personId: string): Promise<{ adapter: RseAdapter; requests: () => number }> {
    let requests = 0;
    const adapter = createGraphQLAdapter({
      url: `${server.url}/graphql`,
      token: await devToken(server, personId),
      fetch: (input, init) => {
        requests++;
        return fetch(input, init);
      },
    });
    return { adapter, requests: () => requests };
  }

  test('1,000 objects are counted correctly in one request', async () => {
    // Ten discussed objects among registered-but-quiet and unknown ones, at scattered positions.
    const discussed = Array.from({ length: 10 }, () => newObject());
    for (const [index, object] of discussed.entries()) {
      const parent = await post(camille, object, `about ${String(index)}`);
      for (let reply = 0; reply < index % 3; reply++) await post(jonas, object, `reply ${String(reply)}`, parent);
    }
    const quiet = Array.from({ length: 20 }, () => newObject());
    const objects: ObjectRef[] = [];
    for (let position = 0; position < 1000; position++) {
      if (position % 100 === 7) objects.push(discussed[Math.floor(position / 100)]!);
      else if (position % 50 === 3) objects.push(quiet[Math.floor(position / 50)]!);
      else objects.push({ system: 'ERP', type: 'SalesOrder', id: `unknown-${String(position)}` });
    }

    const { adapter, requests } = await countingAdapter('jonas');
    try {
      const started = performance.now();
      const answer = await adapter.getCounts(objects);
      const elapsed = performance.now() - started;
      assert.equal(requests(), 1, 'one HTTP request for 1,000 objects');
      assert.equal(answer.length, 1000);
      for (const [position, counted] of answer.entries()) {
        assert.deepEqual(counted.object, objects[position], `order kept at ${String(position)}`);
        const index = discussed.indexOf(objects[position]!);
        // Jonas wrote the replies: only Camille's top-level message is unread for him.
        const expected = index === -1 ? [0, 0] : [1 + (index % 3), 1];
        assert.deepEqual([counted.total, counted.unread], expected, `counts at ${String(position)}`);
      }
      console.log(`# counts for 1,000 objects: ${elapsed.toFixed(0)} ms`);
    } finally {
      adapter.close?.();
    }
  });

  test('more than 1,000 objects in one call are INVALID_INPUT; the adapter splits them instead', async () => {
    const objects = Array.from({ length: 1001 }, (_, index) => ({ type: 'SalesOrder', id: String(index) }));
    const answer = await graphql(server, COUNTS, { objects }, jonas);
    assert.equal(answer.body.errors?.[0]?.extensions?.code, 'INVALID_INPUT');
    const { adapter, requests } = await countingAdapter('jonas');
    try {
      assert.equal((await adapter.getCounts(objects)).length, 1001);
      assert.equal(requests(), 2);
    } finally {
      adapter.close?.();
    }
  });

  test('unread counts others’ messages after the viewer’s marker; markRead moves it', async () => {
    const object = newObject();
    const first = await post(camille, object, 'one');
    await post(camille, object, 'two');
    await post(jonas, object, 'a reply', first);
    assert.deepEqual(
      (await counts(jonas, [object])).map((c) => [c.total, c.unread]),
      [[3, 2]],
      'no marker: everything by others is unread',
    );
    assert.deepEqual((await counts(camille, [object])).map((c) => [c.total, c.unread]), [[3, 1]]);

    assert.deepEqual((await graphql(server, MARK_READ, { object }, jonas)).body.data, { markRead: true });
    assert.deepEqual((await counts(jonas, [object])).map((c) => [c.total, c.unread]), [[3, 0]]);
    assert.deepEqual((await counts(camille, [object])).map((c) => [c.total, c.unread]), [[3, 1]], 'markers are per viewer');

    await post(camille, object, 'three');
    await post(jonas, object, 'my own message is never unread');
    assert.deepEqual((await counts(jonas, [object])).map((c) => [c.total, c.unread]), [[5, 1]]);

    const unknown = { system: 'ERP', type: 'SalesOrder', id: `missing-${randomUUID()}` };
    assert.equal((await graphql(server, MARK_READ, { object: unknown }, jonas)).body.errors?.[0]?.extensions?.code, 'NOT_FOUND');
  });

  test('marking read in one tab sends READ to the viewer’s other tabs, and to nobody else', async () => {
    const object = newObject();
    await post(camille, object, 'unread for jonas');
    const [tabA, tabB, camilleTab] = await Promise.all([countingAdapter('jonas'), countingAdapter('jonas'), countingAdapter('camille')]);
    const seenByB: ActivityEvent[] = [];
    const seenByCamille: ActivityEvent[] = [];
    let onRead: () => void = () => undefined;
    const readArrived = new Promise<void>((resolve, reject) => {
      onRead = resolve;
      setTimeout(() => {
        reject(new Error('no READ event within 3 s'));
      }, 3000).unref();
    });
    const subscriptionB = tabB.adapter.subscribeActivity({
      next: (event) => {
        seenByB.push(event);
        if (event.type === 'read') onRead();
      },
    });
    const camilleSubscription = camilleTab.adapter.subscribeActivity({ next: (event) => seenByCamille.push(event) });
    try {
      await Promise.all([subscriptionB.ready, camilleSubscription.ready]);
      await tabA.adapter.markRead(object);
      await readArrived;
      assert.deepEqual(
        seenByB.filter((event) => event.type === 'read'),
        [{ type: 'read', object }],
      );
      assert.deepEqual((await tabB.adapter.getCounts([object]))[0]?.unread, 0);
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.equal(seenByCamille.filter((event) => event.type === 'read').length, 0, 'read markers are private');
    } finally {
      for (const { adapter } of [tabA, tabB, camilleTab]) adapter.close?.();
    }
  });

  test('a resumed activity stream replays missed messages and read markers in the order they happened', async () => {
    const object = newObject();
    const query = 'subscription($after: String) { activity(after: $after) { kind cursor message { id } object { type id } } }';
    const first = await openStream(server, jonas, query, { after: null }, 'activity');
    const readyEvent = await first.next();
    first.close();
    assert.equal(readyEvent.kind, 'READY');

    // While jonas is offline: a message, his read marker (another tab), then another message.
    const before = await post(camille, object, 'before the marker');
    await data(server, MARK_READ, { object }, jonas);
    const afterMarker = await post(camille, object, 'after the marker');

    const resumed = await openStream(server, jonas, query, { after: readyEvent.cursor }, 'activity');
    try {
      const events = [await resumed.next()];
      // Other tests' read markers set at the very position of the cursor may come again (READ is
      // idempotent, so at-least-once is enough there): only this object's events are checked.
      while (events.length < 4) {
        const event = await resumed.next();
        if (event.message?.id === before || event.message?.id === afterMarker || event.object?.id === object.id) events.push(event);
      }
      assert.deepEqual(
        events.map((event) => [event.kind, event.message?.id ?? event.object?.id ?? null]),
        [
          ['READY', null],
          ['MESSAGE_POSTED', before],
          ['READ', object.id],
          ['MESSAGE_POSTED', afterMarker],
        ],
      );
      assert.deepEqual(await resumed.drain(100), [], 'nothing else');
    } finally {
      resumed.close();
    }
    const malformed = await openStream(server, jonas, query, { after: 'not-a-cursor' }, 'activity');
    try {
      assert.equal((await malformed.next()).error, 'INVALID_INPUT');
    } finally {
      malformed.close();
    }
  });
});
