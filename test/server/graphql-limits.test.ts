/**
 * The document limits in dev mode, where they must not get in a developer's way: depth, alias and token
 * limits hold as in production, while introspection and "Did you mean" hints stay available. The
 * production side is in `test/abuse/`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { MAX_QUERY_ALIASES, MAX_QUERY_DEPTH, startRseServer, type RseServer } from '@rse/server';
import { devToken, graphql, recordingLogger } from './server-client.js';

describe('GraphQL limits in dev mode', () => {
  let server: RseServer;
  let token: string;
  before(async () => {
    server = await startRseServer({ db: ':memory:', dev: true, port: 0, logger: recordingLogger() });
    token = await devToken(server, 'camille');
  });
  after(() => server.close());

  test('introspection answers, however deep its type chains go', async () => {
    let ofType = 'name';
    for (let level = 0; level < 12; level += 1) ofType = `ofType { ${ofType} }`;
    const { status, body } = await graphql(server, `{ __schema { types { name fields { type { ${ofType} } } } } }`, {}, token);
    assert.equal(status, 200, JSON.stringify(body.errors));
    assert.ok(Array.isArray((body.data?.__schema as { types: unknown[] }).types));
  });

  test('misspelled names get their "Did you mean" hint', async () => {
    const { status, body } = await graphql(server, '{ me { nam } }', {}, token);
    assert.equal(status, 400);
    assert.match(body.errors?.[0]?.message ?? '', /Did you mean "name"\?/);
  });

  test('depth and aliases are limited as in production, fragments counted where spread', async () => {
    let selection = 'id';
    for (let level = 0; level < MAX_QUERY_DEPTH; level += 1) selection = `replies { ${selection} }`;
    const object = { system: 'ERP', type: 'SalesOrder', id: '4711' };
    const deep = await graphql(server, `query($o: ObjectInput!) { thread(object: $o) { items { ${selection} } } }`, { o: object }, token);
    assert.equal(deep.status, 400);
    assert.equal(deep.body.errors?.[0]?.extensions?.code, 'INVALID_INPUT');
    // thread items id: 3 levels, well within.
    const shallow = await graphql(server, 'query($o: ObjectInput!) { thread(object: $o) { items { id } } }', { o: object }, token);
    assert.equal(shallow.status, 200, JSON.stringify(shallow.body.errors));

    const half = Math.ceil((MAX_QUERY_ALIASES + 1) / 2);
    const fields = Array.from({ length: half }, (_, i) => `a${String(i)}: id`).join(' ');
    const twice = await graphql(server, `{ me { ...F ...G } } fragment F on Person { ${fields} } fragment G on Person { ...F }`, {}, token);
    assert.equal(twice.status, 400, JSON.stringify(twice.body));
    assert.match(twice.body.errors?.[0]?.message ?? '', new RegExp(`uses ${String(half * 2)} aliases`));
    const once = await graphql(server, `{ me { ...F } } fragment F on Person { ${fields} }`, {}, token);
    assert.equal(once.status, 200, JSON.stringify(once.body.errors));
  });

  test('fragment cycles are refused, not followed', async () => {
    const { status, body } = await graphql(server, '{ me { ...A } } fragment A on Person { id ...B } fragment B on Person { ...A }', {}, token);
    assert.equal(status, 400);
    assert.match(body.errors?.[0]?.message ?? '', /within itself/);
  });
});
