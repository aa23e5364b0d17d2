/**
 * `POST /erp/events`: an ERP back end reports events about its records, signed with a shared secret.
 * Each refusal must be a clear 4xx that stores nothing; the first valid delivery stores one system
 * message, which goes live and, for alerts, into the named feeds.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { DEV_ERP_SECRET, signErpEvent, startRseServer, type RseServer } from '@rse/server';
import { data, devToken, openStream, recordingLogger } from './server-client.js';

const ORDER_4714 = { system: 'ERP', type: 'SalesOrder', id: '4714' };

const MESSAGE_FIELDS = 'id kind text author { id name } share { intent severity feeds { id } people { id } }';
const THREAD = `query($object: ObjectInput!) { thread(object: $object) { items { ${MESSAGE_FIELDS} } } }`;
const FEED = `query($feedId: ID, $intent: ShareIntent) { feed(feedId: $feedId, intent: $intent) { items { id kind } } }`;
const COUNTS = 'query($objects: [ObjectInput!]!) { counts(objects: $objects) { total } }';
const CARDS = 'query($objects: [ObjectInput!]!) { objects(objects: $objects) { title url fields { label value } } }';

interface WireMessage {
  id: string;
  kind: string;
  text: string;
  author: { id: string; name: string };
  share: { intent: string; severity: string | null; feeds: { id: string }[]; people: { id: string }[] } | null;
}

interface Delivery {
  status: number;
  body: { error?: string; messageId?: string; status?: string };
}

/** Posts a raw body with the given headers to the ERP endpoint. */
async function deliver(server: RseServer, body: string, headers: Record<string, string>, method = 'POST'): Promise<Delivery> {
  const response = await fetch(`${server.url}/erp/events`, { method, headers, body: method === 'GET' ? null : body });
  const text = await response.text();
  assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
  return { status: response.status, body: JSON.parse(text) as Delivery['body'] };
}

/** Posts `event` as JSON, signed with `secret` at `timestamp` (now by default). */
function deliverSigned(server: RseServer, event: unknown, secret = DEV_ERP_SECRET, timestamp?: number): Promise<Delivery> {
  const body = JSON.stringify(event);
  return deliver(server, body, { 'content-type': 'application/json', ...signErpEvent(secret, body, timestamp) });
}

function anEvent(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: `evt-${randomUUID()}`,
    object: ORDER_4714,
    text: 'Delivery blocked: the credit limit of Saturn Hamburg is exceeded. #credit',
    ...overrides,
  };
}

describe('POST /erp/events (dev mode, the documented dev secret)', () => {
  let server: RseServer;
  let token: string;
  before(async () => {
    server = await startRseServer({ db: ':memory:', dev: true, port: 0, logger: recordingLogger() });
    token = await devToken(server, 'amira');
  });
  after(() => server.close());

  async function total(object: object = ORDER_4714): Promise<number> {
    const { counts } = await data<{ counts: { total: number }[] }>(server, COUNTS, { objects: [object] }, token);
    return counts[0]?.total ?? -1;
  }

  test('a correctly signed alert is stored once: in the thread, live, in its feed, with the card updated', async () => {
    const stream = await openStream(
      server,
      token,
      'subscription($object: ObjectInput!) { threadEvents(object: $object) { kind message { id kind } } }',
      { object: ORDER_4714 },
      'threadEvents',
    );
    try {
      assert.equal((await stream.next()).kind, 'READY');
      const event = anEvent({
        object: { ...ORDER_4714, title: 'Sales order 4714 — Saturn Hamburg (blocked)', url: '#/orders/4714', fields: [{ label: 'Status', value: 'Blocked' }] },
        alert: { severity: 'critical', feeds: ['sales-floor'] },
      });
      const before = await total();
      const accepted = await deliverSigned(server, event);
      assert.equal(accepted.status, 201, JSON.stringify(accepted.body));
      assert.equal(accepted.body.status, 'created');
      const messageId = accepted.body.messageId;
      assert.ok(messageId);
      assert.equal(await total(), before + 1);

      const live = await stream.next();
      assert.deepEqual([live.kind, live.message?.id, live.message?.kind], ['MESSAGE_POSTED', messageId, 'SYSTEM']);

      const { thread } = await data<{ thread: { items: WireMessage[] } }>(server, THREAD, { object: ORDER_4714 }, token);
      const stored = thread.items.find((m) => m.id === messageId);
      assert.ok(stored, 'the message is in the thread');
      assert.equal(stored.kind, 'SYSTEM');
      assert.equal(stored.text, event.text);
      assert.deepEqual(stored.author, { id: 'system:ERP', name: 'ERP' });
      assert.deepEqual(stored.share, { intent: 'ALERT', severity: 'CRITICAL', feeds: [{ id: 'sales-floor' }], people: [] });

      const { feed } = await data<{ feed: { items: { id: string }[] } }>(server, FEED, { feedId: 'sales-floor', intent: 'ALERT' }, token);
      assert.equal(feed.items[0]?.id, messageId, 'newest alert of the feed');

      const { objects } = await data<{ objects: unknown[] }>(server, CARDS, { objects: [ORDER_4714] }, token);
      assert.deepEqual(objects[0], { title: 'Sales order 4714 — Saturn Hamburg (blocked)', url: '#/orders/4714', fields: [{ label: 'Status', value: 'Blocked' }] });
    } finally {
      stream.close();
    }
  });

  test('an event without alert is a system message in the thread only, and may create the object', async () => {
    const object = { system: 'ERP', type: 'Invoice', id: `INV-${randomUUID()}` };
    const accepted = await deliverSigned(server, anEvent({ object: { ...object, title: 'Invoice' }, text: 'Invoice posted.' }));
    assert.equal(accepted.status, 201);
    const { thread } = await data<{ thread: { items: WireMessage[] } }>(server, THREAD, { object }, token);
    assert.deepEqual(
      thread.items.map((m) => [m.kind, m.share]),
      [['SYSTEM', null]],
    );
    const { feed } = await data<{ feed: { items: { id: string }[] } }>(server, FEED, { feedId: 'sales-floor' }, token);
    assert.ok(!feed.items.some((m) => m.id === accepted.body.messageId), 'not in any feed');
  });

  test('a replay of the same event id is refused with 409, naming the stored message, and stores nothing', async () => {
    const event = anEvent();
    const first = await deliverSigned(server, event);
    assert.equal(first.status, 201);
    const before = await total();
    // A later, validly signed delivery of the same id: what an ERP retry or an attacker's replay looks like.
    const replay = await deliverSigned(server, event, DEV_ERP_SECRET, Math.floor(Date.now() / 1000) + 5);
    assert.equal(replay.status, 409);
    assert.deepEqual(replay.body, { error: 'duplicate event', messageId: first.body.messageId });
    assert.equal(await total(), before);
  });

  test('a bad signature is refused with 401 and stores nothing', async () => {
    const before = await total();
    const body = JSON.stringify(anEvent());
    const wrongSecret = signErpEvent('not the shared secret', body);
    const cases: Record<string, string>[] = [
      wrongSecret,
      // Signed, then tampered with: the body no longer matches.
      { ...signErpEvent(DEV_ERP_SECRET, body.replace('blocked', 'cleared')) },
      { 'X-RSE-Timestamp': String(Math.floor(Date.now() / 1000)), 'X-RSE-Signature': 'sha256=abc' },
      { 'X-RSE-Timestamp': 'yesterday', 'X-RSE-Signature': signErpEvent(DEV_ERP_SECRET, body)['X-RSE-Signature'] },
      {},
    ];
    for (const headers of cases) {
      const refused = await deliver(server, body, { 'content-type': 'application/json', ...headers });
      assert.equal(refused.status, 401, JSON.stringify(headers));
      assert.match(refused.body.error ?? '', /sign|X-RSE-/i);
    }
    assert.equal(await total(), before);
  });

  test('a stale or future timestamp is refused with 401 saying it is outside the window, and stores nothing', async () => {
    const before = await total();
    const now = Math.floor(Date.now() / 1000);
    for (const timestamp of [now - 301, now + 400]) {
      const refused = await deliverSigned(server, anEvent(), DEV_ERP_SECRET, timestamp);
      assert.equal(refused.status, 401);
      assert.match(refused.body.error ?? '', /timestamp is outside the accepted window/);
    }
    assert.equal(await total(), before);
  });

  test('malformed requests get a clear 4xx and store nothing', async () => {
    const before = await total();
    const signedRaw = (body: string, contentType = 'application/json'): Promise<Delivery> =>
      deliver(server, body, { 'content-type': contentType, ...signErpEvent(DEV_ERP_SECRET, body) });

    const cases: [string, Promise<Delivery>, number][] = [
      ['GET', deliver(server, '', {}, 'GET'), 405],
      ['form body', signedRaw('id=1', 'application/x-www-form-urlencoded'), 415],
      ['65 KiB body', signedRaw(JSON.stringify(anEvent({ text: 'x'.repeat(65 * 1024) }))), 413],
      ['not JSON', signedRaw('{"id": '), 400],
      ['an array', signedRaw('[]'), 422],
      ['no id', deliverSigned(server, anEvent({ id: '' })), 422],
      ['id too long', deliverSigned(server, anEvent({ id: 'x'.repeat(201) })), 422],
      ['blank text', deliverSigned(server, anEvent({ text: '  ' })), 422],
      ['no object type', deliverSigned(server, anEvent({ object: { system: 'ERP', id: '4714' } })), 422],
      ['unsafe url', deliverSigned(server, anEvent({ object: { ...ORDER_4714, url: 'javascript:alert(1)' } })), 422],
      ['bad severity', deliverSigned(server, anEvent({ alert: { severity: 'panic', feeds: ['sales-floor'] } })), 422],
      ['unknown feed', deliverSigned(server, anEvent({ alert: { severity: 'info', feeds: ['sales-floor', 'no-such-feed'] } })), 422],
    ];
    for (const [what, pending, status] of cases) {
      const answer = await pending;
      assert.equal(answer.status, status, `${what}: ${JSON.stringify(answer.body)}`);
      assert.ok(typeof answer.body.error === 'string' && answer.body.error.length > 10, `${what} explains itself`);
    }
    assert.equal(await total(), before);
  });

  test('an event refused for an unknown feed did not create or change its object', async () => {
    const object = { system: 'ERP', type: 'SalesOrder', id: `never-${randomUUID()}` };
    const refused = await deliverSigned(server, anEvent({ object, alert: { severity: 'info', feeds: ['nope'] } }));
    assert.equal(refused.status, 422);
    assert.match(refused.body.error ?? '', /Unknown feed "nope"/);
    const { objects } = await data<{ objects: unknown[] }>(server, CARDS, { objects: [object] }, token);
    assert.deepEqual(objects, [null]);
  });
});

describe('POST /erp/events outside dev mode', () => {
  test('does not exist without a secret', async () => {
    const saved = process.env.RSE_ERP_SECRET;
    delete process.env.RSE_ERP_SECRET;
    const server = await startRseServer({ db: ':memory:', port: 0, jwtSecret: 'x'.repeat(32), openAccess: true, logger: recordingLogger() });
    try {
      const body = JSON.stringify(anEvent());
      const response = await fetch(`${server.url}/erp/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...signErpEvent(DEV_ERP_SECRET, body) },
        body,
      });
      assert.equal(response.status, 404);
    } finally {
      await server.close();
      if (saved !== undefined) process.env.RSE_ERP_SECRET = saved;
    }
  });

  test('takes events signed with the configured secret, and not with the dev one', async () => {
    const secret = 'a production ERP secret, 32 bytes or more';
    const server = await startRseServer({ db: ':memory:', port: 0, jwtSecret: 'x'.repeat(32), erpSecret: secret, openAccess: true, logger: recordingLogger() });
    try {
      server.app.registerObject(ORDER_4714);
      assert.equal((await deliverSigned(server, anEvent(), DEV_ERP_SECRET)).status, 401);
      assert.equal((await deliverSigned(server, anEvent(), secret)).status, 201);
    } finally {
      await server.close();
    }
  });
});
