/**
 * End to end over HTTP only (no browser): the signed ERP event endpoint of the demo's server, as an ERP
 * back end would call it. A correctly signed event is stored once (201) and shows up as an alert; a
 * replay of its id (409), a wrong signature, a tampered body or a stale timestamp (401) store nothing —
 * checked through GraphQL (`counts`, the thread, the feed) before and after each attempt, as a person
 * of the network sees it. The demo's own `POST /demo/erp/stock-out` is checked to go through the same
 * endpoint, and `POST /demo/reset` to start over.
 *
 *   node --conditions=source --import tsx --test test/e2e/erp-events.test.ts
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ERP_EVENTS_PATH, ERP_TIMESTAMP_TOLERANCE_SECONDS, signErpEvent } from '@rse/server';
import { startDemo, type DemoServer } from '../../demo/serve.js';

const PRODUCT = { system: 'ERP', type: 'Product', id: 'WASH-8KG' } as const;

/** What a reader of the network sees about {@link PRODUCT}. */
interface Seen {
  /** Messages on the product, every kind (`counts.total`). */
  readonly total: number;
  /** Texts of the product's thread. */
  readonly thread: readonly string[];
  /** Ids of the alerts in the Sales floor feed. */
  readonly alerts: readonly string[];
}

interface Answer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

describe('POST /erp/events: signed events from the ERP', { timeout: 60_000 }, () => {
  let demo!: DemoServer;
  let token = '';
  const cleanups: (() => Promise<void> | void)[] = [];

  before(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'rse-e2e-erp-'));
    cleanups.push(() => {
      rmSync(dataDir, { recursive: true, force: true });
    });
    demo = await startDemo({ port: 0, db: join(dataDir, 'demo.sqlite') });
    cleanups.push(() => demo.close());
    token = await tokenFor('amira');
  });

  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  async function tokenFor(person: string): Promise<string> {
    const response = await fetch(new URL(`/dev/token?person=${person}`, demo.url));
    assert.equal(response.status, 200);
    const { token: value } = (await response.json()) as { token: string };
    return value;
  }

  async function graphql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const response = await fetch(new URL('/graphql', demo.url), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const result = (await response.json()) as { data?: T; errors?: unknown[] };
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    assert.ok(result.data);
    return result.data;
  }

  async function seen(): Promise<Seen> {
    const data = await graphql<{
      counts: { total: number }[];
      thread: { items: { text: string }[] };
      feed: { items: { id: string }[] };
    }>(
      `query Seen($object: ObjectInput!) {
        counts(objects: [$object]) { total }
        thread(object: $object, limit: 100) { items { text } }
        feed(feedId: "sales-floor", intent: ALERT, limit: 100) { items { id } }
      }`,
      { object: PRODUCT },
    );
    return {
      total: data.counts[0]?.total ?? -1,
      thread: data.thread.items.map((m) => m.text),
      alerts: data.feed.items.map((m) => m.id),
    };
  }

  /** Posts `body` (sent byte for byte) with the given headers, as an ERP back end would. */
  async function post(body: string, headers: Record<string, string>): Promise<Answer> {
    const response = await fetch(new URL(ERP_EVENTS_PATH, demo.url), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body,
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  function event(text: string): string {
    return JSON.stringify({
      id: `e2e-${randomUUID()}`,
      object: { ...PRODUCT, title: 'Washing machine 8 kg', url: '#/inventory/WASH-8KG', fields: [{ label: 'Stock', value: '0 units' }] },
      text,
      alert: { severity: 'critical', feeds: ['sales-floor'] },
    });
  }

  const nowSeconds = (): number => Math.floor(Date.now() / 1000);

  it('stores a correctly signed event once (201), as an alert on the Sales floor', async () => {
    const before = await seen();
    const text = `Out of stock e2e ${randomUUID()}`;
    const body = event(text);

    const answer = await post(body, signErpEvent(demo.erpSecret, body));
    assert.equal(answer.status, 201, JSON.stringify(answer.body));
    assert.equal(typeof answer.body.messageId, 'string');

    const now = await seen();
    assert.equal(now.total, before.total + 1);
    assert.deepEqual(now.thread, [...before.thread, text]);
    assert.deepEqual(now.alerts, [answer.body.messageId, ...before.alerts]);

    // The same delivery again, freshly signed (a retrying ERP): a duplicate, nothing stored.
    const replay = await post(body, signErpEvent(demo.erpSecret, body));
    assert.equal(replay.status, 409, JSON.stringify(replay.body));
    assert.equal(replay.body.messageId, answer.body.messageId);
    assert.deepEqual(await seen(), now);
  });

  it('refuses a wrong signature or a tampered body (401) and stores nothing', async () => {
    const before = await seen();
    const body = event(`Forged e2e ${randomUUID()}`);

    const wrongSecret = await post(body, signErpEvent(`${demo.erpSecret}-not`, body));
    assert.equal(wrongSecret.status, 401, JSON.stringify(wrongSecret.body));

    const signed = signErpEvent(demo.erpSecret, body);
    const tampered = body.replace('"critical"', '"info"');
    assert.notEqual(tampered, body);
    const tamperedAnswer = await post(tampered, signed);
    assert.equal(tamperedAnswer.status, 401, JSON.stringify(tamperedAnswer.body));

    const unsigned = await post(body, {});
    assert.equal(unsigned.status, 401, JSON.stringify(unsigned.body));
    assert.deepEqual(await seen(), before);

    // Refused deliveries burn nothing: the genuine event with that id is still accepted afterwards.
    const genuine = await post(body, signed);
    assert.equal(genuine.status, 201, JSON.stringify(genuine.body));
    assert.equal((await seen()).total, before.total + 1);
  });

  it('refuses a timestamp outside the window (401) and stores nothing', async () => {
    const before = await seen();
    const body = event(`Stale e2e ${randomUUID()}`);
    const margin = ERP_TIMESTAMP_TOLERANCE_SECONDS + 60;

    const stale = await post(body, signErpEvent(demo.erpSecret, body, nowSeconds() - margin));
    assert.equal(stale.status, 401, JSON.stringify(stale.body));
    const future = await post(body, signErpEvent(demo.erpSecret, body, nowSeconds() + margin));
    assert.equal(future.status, 401, JSON.stringify(future.body));
    assert.deepEqual(await seen(), before);
  });

  it('publishes the demo ERP’s stock-out alert through the signed endpoint', async () => {
    const before = await seen();
    const response = await fetch(new URL('/demo/erp/stock-out', demo.url), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ product: 'TV-LCD-55' }),
    });
    const outcome = (await response.json()) as { status: number; event: { id: string; text: string }; product: { stock: number } };
    assert.equal(response.status, 201, JSON.stringify(outcome));
    assert.equal(outcome.status, 201);
    assert.match(outcome.event.id, /^stock-out-TV-LCD-55-\d+$/u);
    assert.match(outcome.event.text, /^Out of stock: 55" LCD TV \(Lyon warehouse\)/u);
    assert.equal(outcome.product.stock, 0);

    const alerts = await graphql<{ feed: { items: { text: string; kind: string; share: { severity: string } | null }[] } }>(
      `{ feed(feedId: "sales-floor", intent: ALERT, limit: 5) { items { text kind share { severity } } } }`,
    );
    const [latest] = alerts.feed.items;
    assert.ok(latest, 'no alert on the Sales floor');
    assert.equal(latest.text, outcome.event.text);
    assert.equal(latest.kind, 'SYSTEM');
    assert.equal(latest.share?.severity, 'CRITICAL');
    // The alert is about another product: nothing changed on this one.
    const now = await seen();
    assert.equal(now.total, before.total);
    assert.deepEqual(now.thread, before.thread);
  });

  it('keeps the demo routes to the page’s own origin and to JSON', async () => {
    const crossSite = await fetch(new URL('/demo/reset', demo.url), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: 'https://evil.example' },
      body: '{}',
    });
    assert.equal(crossSite.status, 403);
    const form = await fetch(new URL('/demo/erp/stock-out', demo.url), {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'product=TV-LCD-55',
    });
    assert.equal(form.status, 415);
    const get = await fetch(new URL('/demo/reset', demo.url));
    assert.equal(get.status, 405);
  });

  it('starts over on POST /demo/reset', async () => {
    assert.ok((await seen()).total > 0);
    const response = await fetch(new URL('/demo/reset', demo.url), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: demo.url.slice(0, -1) },
      body: '{}',
    });
    assert.equal(response.status, 200);
    // A new database has a new dev token secret: the old token is refused, a new one works.
    const stale = await fetch(new URL('/graphql', demo.url), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ me { id } }' }),
    });
    assert.equal(stale.status, 401);
    await stale.arrayBuffer();
    token = await tokenFor('amira');
    const fresh = await seen();
    // Back to the seed: the product's one seeded alert (to the Lyon store), nothing posted by this test.
    assert.ok(fresh.thread.every((text) => !text.includes(' e2e ')), JSON.stringify(fresh.thread));
    const products = (await (await fetch(new URL('/demo/erp/products', demo.url))).json()) as { products: { id: string; stock: number }[] };
    assert.equal(products.products.find((p) => p.id === 'TV-LCD-55')?.stock, 1);
  });
});
