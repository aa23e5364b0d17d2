/**
 * When a request leaves: a token at hand (a fixed string, or a provider that answers synchronously)
 * sends it in the same tick as the call, so a page's one counts request is not queued behind the
 * microtasks of the 1,000 badges that asked for it; a provider that answers later is awaited first.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createGraphQLAdapter, type GraphQLAdapterOptions } from '@rse/adapter-graphql';
import { RseError } from '@rse/core';

const ORDER = { system: 'ERP', type: 'SalesOrder', id: '4711' };

/** An adapter whose fetch answers one count, and the authorization header of every call it received. */
function adapterWith(token: GraphQLAdapterOptions['token']) {
  const sent: (string | null)[] = [];
  const adapter = createGraphQLAdapter({
    url: 'http://rse.invalid/graphql',
    token,
    fetch: (_input, init) => {
      sent.push(new Headers(init?.headers).get('authorization'));
      return Promise.resolve(Response.json({ data: { counts: [{ total: 3, unread: 1 }] } }));
    },
  });
  return { adapter, sent };
}

test('a fixed token sends the request in the same tick, with its bearer header', async () => {
  const { adapter, sent } = adapterWith('fixed-token');
  const counts = adapter.getCounts([ORDER]);
  assert.deepEqual(sent, ['Bearer fixed-token']);
  assert.deepEqual((await counts).map(({ total, unread }) => ({ total, unread })), [{ total: 3, unread: 1 }]);
});

test('a provider that answers synchronously sends the request in the same tick too', async () => {
  const { adapter, sent } = adapterWith(() => 'from-sso');
  const counts = adapter.getCounts([ORDER]);
  assert.deepEqual(sent, ['Bearer from-sso']);
  await counts;
});

test('a provider that answers later is awaited before the request leaves', async () => {
  let answer: (token: string) => void = () => undefined;
  const { adapter, sent } = adapterWith(() => new Promise<string>((resolve) => (answer = resolve)));
  const counts = adapter.getCounts([ORDER]);
  await Promise.resolve();
  assert.deepEqual(sent, []);
  answer('late-token');
  await counts;
  assert.deepEqual(sent, ['Bearer late-token']);
});

test('a provider that throws at once fails the call as UNAUTHENTICATED, and nothing is sent', async () => {
  const { adapter, sent } = adapterWith(() => {
    throw new Error('SSO session expired');
  });
  await assert.rejects(adapter.getCounts([ORDER]), (error: unknown) => error instanceof RseError && error.code === 'UNAUTHENTICATED');
  assert.deepEqual(sent, []);
});

test('a fixed token that is not a string (a page without types) is sent as text, at once', async () => {
  const { adapter, sent } = adapterWith(4711 as unknown as string);
  const counts = adapter.getCounts([ORDER]);
  assert.deepEqual(sent, ['Bearer 4711']);
  await counts;
});
